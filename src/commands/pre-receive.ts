// `cruft-check pre-receive`: the git server's door. git runs it with one `<old> <new> <ref>` line
// per ref being pushed on standard input, before any ref moves; exit 0 accepts the whole push,
// anything else refuses it, and what is printed on standard error reaches the pusher as
// `remote:` lines (githooks(5), "pre-receive").
//
// What is judged: the commits no existing ref reaches (src/git/pushed.ts) — for a new branch the
// commits the repository does not have, for an update `old..new`, for a force push the new
// commits only; a tag by its commit; a deletion never. Policy comes from the server (the
// repository's `cruftcheck.*` settings, or a file named with --config), never from the pushed
// tree, except the pushed `.cruftignore` when the policy lets it count (the default, as in the hook).
//
// It writes nothing, never prompts, and never hangs a push: after `cruftcheck.timeout` seconds
// (default 60) the push is let through with a notice, or refused when `cruftcheck.onFailure` is
// `refuse`; the same policy decides what an unexpected failure does.
import { existsSync, lstatSync, readFileSync, realpathSync, renameSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { compileCruftignore, IGNORE_FILE, parseConfig, type PathFilter } from '../facts/config.js';
import { judgeCommitted } from '../judge/check.js';
import { writeAtomic } from '../facts/ignorefile.js';
import { CruftError, errors } from '../errors.js';
import { formatBytes, plural, printable, safeText, shellQuote } from '../text.js';
import { peelToCommit, readBlobAt, readPolicyConfig, readPushed, ZERO_OID } from '../git/pushed.js';
import { gitZ, type Repo } from '../git/read.js';
import { DEFAULT_CONFIG, type Config, type Finding, SEVERITIES, type Severity } from '../model.js';
import { RULES } from '../rules/index.js';
import { wrapWords } from '../report/human.js';

/** `remote: ` is 8 columns: what the pusher's 80-column terminal has left. */
const WIDTH = 72;
const DEFAULT_TIMEOUT_S = 60;
const BYPASS_OPTION = 'cruft-check=allow';

export interface Policy {
  config: Config;
  /** Does a pushed `.cruftignore` count? */
  useCruftignore: boolean;
  /** May `git push -o cruft-check=allow` let one push through? */
  allowBypass: boolean;
  timeoutMs: number;
  onFailure: 'allow' | 'refuse';
}

interface Update {
  old: string;
  new: string;
  ref: string;
}

function parseUpdates(input: string): Update[] {
  const updates: Update[] = [];
  for (const line of input.split('\n')) {
    if (line.trim() === '') continue;
    const [oldOid, newOid, ref] = line.split(' ');
    if (!oldOid || !newOid || !ref || !/^[0-9a-f]{40,64}$/.test(oldOid) || !/^[0-9a-f]{40,64}$/.test(newOid)) {
      throw new CruftError(`pre-receive: unexpected input line "${safeText(line)}"`, 'git gives "<old> <new> <ref>" lines; run this as a pre-receive hook.');
    }
    updates.push({ old: oldOid, new: newOid, ref });
  }
  return updates;
}

function bool(file: string, key: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (/^(true|yes|on|1)$/i.test(value)) return true;
  if (/^(false|no|off|0)$/i.test(value)) return false;
  throw errors.badConfig(file, key, `must be true or false (got ${JSON.stringify(value)})`);
}

/** The server's policy: `--config FILE` or `cruftcheck.config`, then `cruftcheck.*` settings over it. */
export async function readPolicy(repo: Repo, configFile: string | undefined): Promise<Policy> {
  const settings = await readPolicyConfig(repo);
  const where = 'git config cruftcheck';
  const known = RULES.map((r) => r.id);
  let config: Config = { ...DEFAULT_CONFIG, rules: {} };
  const file = configFile ?? settings.get('config');
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new CruftError(`cannot read the policy file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw errors.badConfig(file, '', `is not valid JSON: ${(e as Error).message}`);
    }
    config = parseConfig(file, raw, known);
  }
  for (const [key, value] of settings) {
    if (!key.startsWith('rule.')) continue;
    const id = key.slice('rule.'.length);
    if (!known.includes(id)) throw errors.badConfig(where, `rule.${id}`, 'is not a rule (see `cruft-check rules`)');
    if (value !== 'off' && !SEVERITIES.includes(value as Severity)) throw errors.badConfig(where, `rule.${id}`, `must be error, warning, info or off (got ${JSON.stringify(value)})`);
    config = { ...config, rules: { ...config.rules, [id]: value as Severity | 'off' } };
  }
  const timeout = settings.get('timeout');
  const seconds = timeout === undefined ? DEFAULT_TIMEOUT_S : Number(timeout);
  if (!Number.isFinite(seconds) || seconds <= 0) throw errors.badConfig(where, 'timeout', `must be a number of seconds (got ${JSON.stringify(timeout)})`);
  const onFailure = settings.get('onfailure') ?? 'allow';
  if (onFailure !== 'allow' && onFailure !== 'refuse') throw errors.badConfig(where, 'onFailure', `must be allow or refuse (got ${JSON.stringify(onFailure)})`);
  return {
    config,
    useCruftignore: bool(where, 'useCruftignore', settings.get('usecruftignore'), true),
    allowBypass: bool(where, 'allowBypass', settings.get('allowbypass'), false),
    timeoutMs: seconds * 1000,
    onFailure,
  };
}

/** The push options git passed (`git push -o …`, when the repository sets receive.advertisePushOptions). */
function pushOptions(env: NodeJS.ProcessEnv): string[] {
  const n = Number(env.GIT_PUSH_OPTION_COUNT ?? 0);
  return Array.from({ length: Number.isInteger(n) && n > 0 ? n : 0 }, (_, i) => env[`GIT_PUSH_OPTION_${i}`] ?? '');
}

interface Verdict {
  ref: string;
  commits: number;
  /** The newest pushed commit of this ref. */
  tip: string;
  findings: Finding[];
  blocking: boolean;
  /** The pushed paths, sorted, and the commits that brought each (to name them beside each finding). */
  touched: { paths: string[]; by: Map<string, string[]> };
}

/**
 * The pushed commits that brought anything under a finding's paths (`dir/` or a file), at most
 * `limit` of them, and whether there were more. A folder's files are found by binary search in
 * the sorted paths: a bulk push's 100,000 paths are not walked once per finding.
 */
function commitsOf(f: Finding, touched: { paths: string[]; by: Map<string, string[]> }, limit = 2): { shown: string[]; more: boolean } {
  const found = new Set<string>();
  const add = (commits: string[] | undefined): boolean => {
    for (const c of commits ?? []) {
      found.add(c);
      if (found.size > limit) return true;
    }
    return false;
  };
  for (const q of f.paths) {
    if (!q.endsWith('/')) {
      if (add(touched.by.get(q))) break;
      continue;
    }
    let lo = 0;
    let hi = touched.paths.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((touched.paths[mid] as string) < q) lo = mid + 1;
      else hi = mid;
    }
    let stop = false;
    for (let i = lo; i < touched.paths.length && (touched.paths[i] as string).startsWith(q) && !stop; i++) stop = add(touched.by.get(touched.paths[i] as string));
    if (stop) break;
  }
  const all = [...found];
  return { shown: all.slice(0, limit), more: all.length > limit };
}

/** Judge every update of the push; each commit once, under the first ref that brings it. */
async function judgePush(repo: Repo, policy: Policy, updates: Update[]): Promise<Verdict[]> {
  const verdicts: Verdict[] = [];
  const judged: string[] = [];
  for (const u of updates) {
    if (ZERO_OID.test(u.new)) continue; // a deletion adds nothing
    const tip = await peelToCommit(repo, u.new);
    if (!tip) continue; // a tag of a tree or a blob: no commits to judge
    const pushed = await readPushed(repo, [tip], judged);
    judged.push(tip);
    if (pushed.facts.length === 0) continue;
    let allowed: PathFilter | undefined;
    if (policy.useCruftignore) {
      const text = await readBlobAt(repo, tip, IGNORE_FILE);
      if (text !== undefined) allowed = compileCruftignore(text);
    }
    const from = ZERO_OID.test(u.old) ? undefined : u.old;
    const report = await judgeCommitted(repo, policy.config, pushed.facts, { allowed, from });
    verdicts.push({ ref: u.ref, commits: pushed.commits.length, tip: pushed.commits[0] ?? tip, findings: report.findings, blocking: report.summary.blocking, touched: { paths: pushed.facts.map((f) => f.path), by: pushed.touchedBy } });
  }
  return verdicts;
}

/** Prose wrapped at words to the width the pusher sees after `remote: ` (the hook's own wrapper). */
const wrap = (text: string, hang = ''): string[] => wrapWords(text, WIDTH, hang);

export function renderVerdicts(verdicts: Verdict[], refused: boolean): string {
  const out: string[] = [];
  for (const v of verdicts) {
    if (v.findings.length === 0) continue;
    out.push(...wrap(`cruft-check: ${printable(v.ref)} (${plural(v.commits, 'new commit')}):`));
    for (const f of v.findings) {
      const where = f.paths.slice(0, 3).map(printable).join(', ') + (f.paths.length > 3 ? `, and ${f.paths.length - 3} more` : '');
      const commits = commitsOf(f, v.touched);
      const from = commits.shown.length === 0 ? '' : `, from ${commits.shown.map((c) => c.slice(0, 10)).join(', ')}${commits.more ? ' and more' : ''}`;
      out.push(...wrap(`  ${f.severity === 'error' ? 'x' : '!'} ${f.title}: ${where} (${plural(f.files, 'file')}, ${formatBytes(f.bytes)}${from})`, '      '));
    }
  }
  if (refused) {
    const blocking = verdicts.flatMap((v) => v.findings.filter((f) => f.severity === 'error').map((f) => ({ f, v })));
    const paths = [...new Set(blocking.flatMap(({ f }) => f.paths))];
    // The amend recipe is right only when every blocking file came in the tip commit itself (and
    // is still there): a file added earlier, or added and deleted again, needs its commits rewritten.
    const lastOnly = blocking.every(({ f, v }) => {
      const c = commitsOf(f, v.touched, 1);
      return !c.more && c.shown[0] === v.tip;
    });
    out.push('', ...wrap('Push refused: the commits above add files that do not belong in this repository. Take them out of your commits, then push again.'));
    if (lastOnly) {
      out.push(
        ...wrap('They came in your last commit:'),
        // A command stays on one line, however long: wrapped, it could not be pasted.
        `  git rm -r --cached -- ${paths.slice(0, 5).map(shellQuote).join(' ')}`,
        '  git commit --amend --no-edit',
      );
    } else {
      out.push(...wrap('They came in earlier commits (named above): rewrite those with `git rebase -i`, or run `npx cruft-check audit --history` locally for the exact command.'));
    }
  }
  return out.length > 0 ? `${out.join('\n')}\n` : '';
}

async function serverRepo(cwd: string): Promise<Repo> {
  const env = { ...process.env };
  const r = await gitZ(cwd, ['rev-parse', '--absolute-git-dir'], { env, allowFail: true });
  if (r.code !== 0) throw errors.notARepo(cwd);
  const gitDir = r.stdout.toString('utf8').replace(/\n$/, '');
  // The hook's own environment, quarantine variables included: the pushed objects live there.
  return { root: realpathSync(cwd), gitDir, head: undefined, inherited: [], env };
}

export interface PreReceiveOptions {
  config?: string;
  input: string;
  env: NodeJS.ProcessEnv;
  write: (text: string) => void;
}

/** Exit code for git: 0 accepts the push, 1 refuses it. */
export async function runPreReceive(cwd: string, opts: PreReceiveOptions): Promise<number> {
  const repo = await serverRepo(cwd);
  const policy = await readPolicy(repo, opts.config);
  const updates = parseUpdates(opts.input);
  if (pushOptions(opts.env).includes(BYPASS_OPTION)) {
    if (policy.allowBypass) {
      opts.write(`cruft-check: not checked: this push asked to skip the check (-o ${BYPASS_OPTION}), which this server allows.\n`);
      return 0;
    }
    opts.write(`cruft-check: -o ${BYPASS_OPTION} was given, but this server does not allow skipping the check (git config cruftcheck.allowBypass).\n`);
  }
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), policy.timeoutMs);
    timer.unref();
  });
  const failure = (why: string): number => {
    const refuse = policy.onFailure === 'refuse';
    opts.write(`cruft-check: ${why}; the push was ${refuse ? 'refused' : 'let through unchecked'} (git config cruftcheck.onFailure is ${policy.onFailure}).\n`);
    return refuse ? 1 : 0;
  };
  let verdicts: Verdict[] | 'timeout';
  try {
    verdicts = await Promise.race([judgePush(repo, policy, updates), timedOut]);
  } catch (e) {
    return failure(`could not check this push (${safeText(e instanceof Error ? e.message : String(e))})`);
  } finally {
    clearTimeout(timer);
  }
  if (verdicts === 'timeout') return failure(`the check took longer than ${policy.timeoutMs / 1000} s (git config cruftcheck.timeout)`);
  const refused = verdicts.some((v) => v.blocking);
  opts.write(renderVerdicts(verdicts, refused));
  return refused ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// `cruft-check init --server [DIR]` / `uninstall --server [DIR]`: the hook in a bare repository.

const MARK = '# cruft-check pre-receive (added by `cruft-check init --server`)';
const BEFORE = '.before-cruft-check';

function hookScript(node: string, cli: string): string {
  return [
    '#!/bin/sh',
    MARK,
    '# git gives "<old> <new> <ref>" lines once: cruft-check reads them, then the hook that was',
    '# here before (kept beside this one) gets the same lines.',
    'input=$(cat)',
    `printf '%s\\n' "$input" | ${shellQuote(node)} ${shellQuote(cli)} pre-receive || exit $?`,
    `if [ -x "$0${BEFORE}" ]; then`,
    `  printf '%s\\n' "$input" | "$0${BEFORE}" "$@" || exit $?`,
    'fi',
    '',
  ].join('\n');
}

async function hooksDirOf(dir: string): Promise<string> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GIT_')));
  const r = await gitZ(dir, ['rev-parse', '--git-path', 'hooks'], { env, allowFail: true });
  if (r.code !== 0) throw errors.notARepo(dir);
  const path = r.stdout.toString('utf8').replace(/\n$/, '');
  return path.startsWith('/') ? path : join(dir, path);
}

export async function installServerHook(dir: string, cli: string, write: (t: string) => void): Promise<number> {
  const hook = join(await hooksDirOf(dir), 'pre-receive');
  if (existsSync(hook)) {
    if (lstatSync(hook).isSymbolicLink()) throw new CruftError(`${hook} is a symbolic link; cruft-check does not write through it.`, 'Replace it with a file, then run init --server again.');
    const text = readFileSync(hook, 'utf8');
    if (text.includes(MARK)) {
      write(`cruft-check: ${hook} already runs cruft-check.\n`);
      return 0;
    }
    if (existsSync(hook + BEFORE)) throw new CruftError(`${hook + BEFORE} already exists.`, 'Move it away, then run init --server again.');
    renameSync(hook, hook + BEFORE);
    write(`cruft-check: kept the existing pre-receive hook as ${hook + BEFORE}; it still runs after cruft-check.\n`);
  }
  // Written aside and renamed in, as init writes hooks: a push arriving meanwhile runs the old hook or the new.
  writeAtomic(hook, hookScript(process.execPath, cli), { mode: 0o755, noFollow: true });
  write(`cruft-check: installed ${hook}. Pushes that add cruft are now refused. Policy: git config cruftcheck.* (see the README, "For your server").\n`);
  return 0;
}

export async function uninstallServerHook(dir: string, write: (t: string) => void): Promise<number> {
  const hook = join(await hooksDirOf(dir), 'pre-receive');
  if (!existsSync(hook) || !readFileSync(hook, 'utf8').includes(MARK)) {
    write(`cruft-check: ${hook} does not run cruft-check; nothing to remove.\n`);
    return 0;
  }
  unlinkSync(hook);
  if (existsSync(hook + BEFORE)) renameSync(hook + BEFORE, hook);
  write(`cruft-check: removed cruft-check from ${hook}.\n`);
  return 0;
}
