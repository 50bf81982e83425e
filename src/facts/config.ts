// Configuration and `.cruftignore`. Both are data: JSON is parsed and checked against the
// schema below, never executed; `.cruftignore` uses gitignore syntax.
//
// `.cruftignore` is matched with git's own gitignore semantics (a pattern without a slash matches
// at any depth, a leading slash anchors, a trailing slash means "directory", `!` re-includes, a
// file inside an ignored directory is ignored), by src/facts/glob.ts in linear time: neither the
// `ignore` package nor micromatch (regular expressions that backtrack) bounds the time a
// pattern can take, nor agrees with git on every line (case, bytes, classes).
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CruftError, errors } from '../errors.js';
import { decodePath } from '../git/parse.js';
import { compileGitignore } from './glob.js';
import { type Config, DEFAULT_CONFIG, type ExtraRule, SEVERITIES, type Severity } from '../model.js';

export const CONFIG_FILE = '.cruftcheck.json';
export const IGNORE_FILE = '.cruftignore';

/** Far above any real configuration; a bigger file is a mistake or an attack, not settings. */
const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

/**
 * Read a configuration file of the repository — which may be hostile: a FIFO, or a symlink to
 * /dev/zero or /dev/tty, would hang the hook or exhaust memory. Opened without blocking and
 * checked with fstat: only a regular file of sane size is read.
 */
function readText(path: string): string | undefined {
  return readBytes(path)?.toString('utf8');
}

function readBytes(path: string): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw errors.badConfig(path, '', `cannot be read: ${(e as Error).message}`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw errors.badConfig(path, '', 'is not a regular file');
    if (st.size > MAX_CONFIG_BYTES) throw errors.badConfig(path, '', `is larger than ${MAX_CONFIG_BYTES / 1024 / 1024} MiB`);
    return readFileSync(fd);
  } catch (e) {
    if (e instanceof CruftError) throw e;
    throw errors.badConfig(path, '', `cannot be read: ${(e as Error).message}`);
  } finally {
    closeSync(fd);
  }
}

const UNITS: Record<string, number> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };

function parseSize(file: string, key: string, value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  if (typeof value === 'string') {
    const m = /^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b|b)?\s*$/i.exec(value);
    if (m) return Math.round(Number(m[1]) * (UNITS[(m[2] ?? 'b').toLowerCase()] ?? 1));
  }
  throw errors.badConfig(file, key, `must be a number of bytes or a size such as "5 MiB" (got ${JSON.stringify(value)})`);
}

function parseCount(file: string, key: string, value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1) return value;
  throw errors.badConfig(file, key, `must be a whole number of at least 1 (got ${JSON.stringify(value)})`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkKeys(file: string, prefix: string, obj: Record<string, unknown>, allowed: string[]): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      throw errors.badConfig(file, prefix + key, `is not a known setting (expected one of: ${allowed.join(', ')})`);
    }
  }
}

const RULE_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** A rule's message and globs are printed in every report: nothing in them may drive a terminal (escape sequences, bidi controls). */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** `extraRules`: [{ id, glob | globs, message, severity? }] — data only, matched by src/rules/custom.ts. */
function parseExtraRules(file: string, value: unknown, knownRules: readonly string[]): ExtraRule[] {
  if (!Array.isArray(value)) throw errors.badConfig(file, 'extraRules', 'must be an array of rules ({ "id", "glob" or "globs", "message", "severity" })');
  const seen = new Set<string>();
  return value.map((item: unknown, i) => {
    const key = `extraRules[${i}]`;
    if (!isObject(item)) throw errors.badConfig(file, key, 'must be an object with "id", "glob" or "globs", and "message"');
    checkKeys(file, `${key}.`, item, ['id', 'glob', 'globs', 'message', 'severity']);
    const { id, glob, globs, message, severity } = item;
    if (typeof id !== 'string' || !RULE_ID.test(id)) throw errors.badConfig(file, `${key}.id`, `must be a kebab-case id such as "no-fixtures-dump" (got ${JSON.stringify(id)})`);
    if (knownRules.includes(id)) throw errors.badConfig(file, `${key}.id`, `"${id}" is a built-in rule; choose another id (use "rules" to change a built-in rule)`);
    if (seen.has(id)) throw errors.badConfig(file, `${key}.id`, `"${id}" is used twice`);
    seen.add(id);
    if ((glob === undefined) === (globs === undefined)) throw errors.badConfig(file, key, 'needs exactly one of "glob" (a string) or "globs" (an array of strings)');
    const list = glob !== undefined ? [glob] : globs;
    const where = glob !== undefined ? `${key}.glob` : `${key}.globs`;
    if (!Array.isArray(list) || list.length === 0) throw errors.badConfig(file, where, 'must be a non-empty array of glob strings');
    for (const g of list) {
      if (typeof g !== 'string' || g.trim() === '' || g.trim() === '/') throw errors.badConfig(file, where, `must hold non-empty glob strings (got ${JSON.stringify(g)})`);
      if (CONTROL.test(g)) throw errors.badConfig(file, where, `must not hold control characters (got ${JSON.stringify(g)}); use ? for such a byte`);
    }
    if (typeof message !== 'string' || message.trim() === '') throw errors.badConfig(file, `${key}.message`, 'must be a non-empty string');
    if (CONTROL.test(message)) throw errors.badConfig(file, `${key}.message`, `must not hold control characters (got ${JSON.stringify(message)})`);
    if (severity !== undefined && !SEVERITIES.includes(severity as Severity)) {
      throw errors.badConfig(file, `${key}.severity`, `must be "error", "warning" or "info" (got ${JSON.stringify(severity)})`);
    }
    return { id, globs: list as string[], message: message.trim(), severity: (severity as Severity | undefined) ?? 'error' };
  });
}

/** Validate a parsed configuration object; `knownRules` are the catalogue's ids. */
export function parseConfig(file: string, raw: unknown, knownRules: readonly string[]): Config {
  if (!isObject(raw)) throw errors.badConfig(file, '', 'must hold a JSON object');
  checkKeys(file, '', raw, ['$schema', 'rules', 'bulkAdd', 'largeFile', 'extraRules']);
  const config: Config = { rules: {}, thresholds: { ...DEFAULT_CONFIG.thresholds }, source: file };
  if (raw.extraRules !== undefined) {
    config.extraRules = parseExtraRules(file, raw.extraRules, knownRules);
    knownRules = [...knownRules, ...config.extraRules.map((r) => r.id)];
  }
  if (raw.rules !== undefined) {
    if (!isObject(raw.rules)) throw errors.badConfig(file, 'rules', 'must be an object of rule id → severity');
    for (const [id, value] of Object.entries(raw.rules)) {
      if (!knownRules.includes(id)) throw errors.badConfig(file, `rules.${id}`, 'is not a rule (see `cruft-check rules`)');
      if (value !== 'off' && !SEVERITIES.includes(value as Severity)) {
        throw errors.badConfig(file, `rules.${id}`, `must be "error", "warning", "info" or "off" (got ${JSON.stringify(value)})`);
      }
      config.rules[id] = value as Severity | 'off';
    }
  }
  if (raw.bulkAdd !== undefined) {
    if (!isObject(raw.bulkAdd)) throw errors.badConfig(file, 'bulkAdd', 'must be an object');
    checkKeys(file, 'bulkAdd.', raw.bulkAdd, ['files', 'topLevelDirs', 'bytes']);
    const b = raw.bulkAdd;
    if (b.files !== undefined) config.thresholds.bulkFiles = parseCount(file, 'bulkAdd.files', b.files);
    if (b.topLevelDirs !== undefined) config.thresholds.bulkTopLevelDirs = parseCount(file, 'bulkAdd.topLevelDirs', b.topLevelDirs);
    if (b.bytes !== undefined) config.thresholds.bulkBytes = parseSize(file, 'bulkAdd.bytes', b.bytes);
  }
  if (raw.largeFile !== undefined) {
    if (!isObject(raw.largeFile)) throw errors.badConfig(file, 'largeFile', 'must be an object');
    checkKeys(file, 'largeFile.', raw.largeFile, ['bytes']);
    if (raw.largeFile.bytes !== undefined) config.thresholds.largeFileBytes = parseSize(file, 'largeFile.bytes', raw.largeFile.bytes);
  }
  return config;
}

/**
 * Does text that failed to parse as JSON still show `key` as a key of its top-level object? A
 * scan of strings and brackets only, which holds up in a broken file: a dependency named
 * "cruft-check" sits one level deeper and does not count.
 */
export function hasTopLevelKey(text: string, key: string): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const raw = text.slice(i, j + 1);
      i = j;
      if (depth !== 1) continue;
      let name: unknown;
      try {
        name = JSON.parse(raw);
      } catch {
        continue;
      }
      let k = j + 1;
      while (k < text.length && /\s/.test(text[k] ?? '')) k++;
      if (name === key && text[k] === ':') return true;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
  }
  return false;
}

/** `.cruftcheck.json` at the root, else a `"cruft-check"` key in package.json, else defaults. */
export function loadConfig(root: string, knownRules: readonly string[]): Config {
  const file = join(root, CONFIG_FILE);
  const text = readText(file);
  if (text !== undefined) {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw errors.badConfig(file, '', `is not valid JSON: ${(e as Error).message}`);
    }
    return parseConfig(file, raw, knownRules);
  }
  const pkgFile = join(root, 'package.json');
  // npm accepts (and drops) a byte-order mark; JSON.parse does not.
  const pkgText = readText(pkgFile)?.replace(/^\ufeff/, '');
  if (pkgText !== undefined) {
    let pkg: unknown;
    try {
      pkg = JSON.parse(pkgText);
    } catch (e) {
      // Dropping settings the user wrote without a word would let commits through that they
      // meant to block: when the broken file holds our key, stop. Otherwise it is npm's business.
      if (hasTopLevelKey(pkgText, 'cruft-check')) {
        throw errors.badConfig(pkgFile, '', `is not valid JSON (${(e as Error).message}), and cruft-check reads its "cruft-check" settings from it`);
      }
      return DEFAULT_CONFIG;
    }
    if (isObject(pkg) && pkg['cruft-check'] !== undefined) return parseConfig(`${pkgFile} ("cruft-check")`, pkg['cruft-check'], knownRules);
  }
  return DEFAULT_CONFIG;
}

export type PathFilter = (path: string) => boolean;

/** Compile `.cruftignore` text: returns whether a repository-relative path is allowed (ignored). */
export function compileCruftignore(text: string): PathFilter {
  return compileGitignore(text);
}

/**
 * More lines than this in `.cruftignore` are refused (exit 2) rather than read: each line costs
 * memory (about 300 bytes), and 200,000 lines keep the hook under 200 MiB. 100,000 lines are read
 * in about half a second (docs/performance.md).
 */
export const MAX_CRUFTIGNORE_LINES = 200_000;

export function loadCruftignore(root: string): PathFilter | undefined {
  const file = join(root, IGNORE_FILE);
  const bytes = readBytes(file);
  if (bytes === undefined) return undefined;
  let lines = 0;
  for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) lines++;
  if (bytes.length > 0 && bytes[bytes.length - 1] !== 10) lines++;
  if (lines > MAX_CRUFTIGNORE_LINES) {
    throw errors.badConfig(file, '', `has ${lines.toLocaleString('en-US')} lines, more than the ${MAX_CRUFTIGNORE_LINES.toLocaleString('en-US')} cruft-check reads; list folders or patterns instead of single files`);
  }
  // Decoded byte for byte (decodePath): a line naming a byte that is not UTF-8 matches that byte, as in git.
  return compileCruftignore(decodePath(bytes));
}
