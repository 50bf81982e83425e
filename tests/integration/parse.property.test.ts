// Every parser of git's -z output gives back exactly what git wrote, for any path (any bytes but
// NUL and `/` in a name: spaces, newlines, tabs, quotes, backslashes, leading dashes, NFD, RTL
// marks, control characters, bytes that are not UTF-8). First against output serialised the way
// git does (documented formats, see src/git/parse.ts), then against real git: generated names
// become files in a temporary repository and come back through src/git/read.ts.
//
// Seeds: fixed in CI (FC_SEED, default 7); `npm run fuzz` sets FC_RANDOM=1 and more runs.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePath, encodePath, parseBatchCheck, parseDiffRaw, parseIndexStats, parseLsFilesDebug, parseLsFilesStage, splitNul } from '../../src/git/parse.js';
import { openRepo, readStaged, readUntracked } from '../../src/git/read.js';
import { cleanEnv } from '../helpers/repo.js';
import { PROPERTY_TIMEOUT, propertyParams } from '../helpers/property.js';


// ---------------------------------------------------------------------------------------------
// Generators. A name is bytes: mostly characters that break naive parsers, sometimes raw bytes.

const NASTY = [' ', '\n', '\t', '\r', '"', "'", '\\', '-', ':', '\u001b', '\u0007', '\u007f', '\u009b', '\u202e', '\u200f', 'e\u0301', '\u00e9', '日', '😀', '*', '?', '[', '!', '#', '%', '$(x)', '`', ';'];
const nameBytes = fc
  .array(
    fc.oneof(
      fc.constantFrom(...NASTY).map((s) => Buffer.from(s)),
      fc.string({ minLength: 1, maxLength: 3, unit: 'grapheme-ascii' }).map((s) => Buffer.from(s)),
      fc.integer({ min: 0x80, max: 0xff }).map((b) => Buffer.of(b)), // not UTF-8 on its own
      fc.string({ minLength: 1, maxLength: 2, unit: 'binary' }).map((s) => Buffer.from(s)),
    ),
    { minLength: 1, maxLength: 5 },
  )
  .map((parts) => Buffer.concat(parts))
  .map((b) => Buffer.from(b.filter((x) => x !== 0 && x !== 0x2f)))
  .filter((b) => b.length > 0 && b.length <= 200 && !['.', '..', '.git'].includes(b.toString('latin1')));
const pathBytes = fc.array(nameBytes, { minLength: 1, maxLength: 3 }).map((names) => Buffer.concat(names.flatMap((n, i) => (i ? [Buffer.from('/'), n] : [n]))));
const paths = fc.uniqueArray(pathBytes, { minLength: 0, maxLength: 20, selector: (b) => b.toString('hex') });
const oid = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => Buffer.from(b).toString('hex'));
const mode = fc.constantFrom('100644', '100755', '120000', '160000');

const NUL = Buffer.of(0);
const hex = (b: Buffer | string): string => (typeof b === 'string' ? encodePath(b) : b).toString('hex');

describe('path decoding', () => {
  it('decodePath/encodePath give back every byte sequence exactly', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (raw) => {
        const bytes = Buffer.from(raw);
        expect(encodePath(decodePath(bytes)).equals(bytes)).toBe(true);
      }),
      propertyParams(2000),
    );
  });

  it('valid UTF-8 decodes as UTF-8, so paths compare and print as their characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        expect(decodePath(Buffer.from(s, 'utf8'))).toBe(s);
      }),
      propertyParams(1000),
    );
  });
});

describe('parsers of -z output, against output serialised as git writes it', () => {
  it('splitNul: NUL-terminated records', () => {
    fc.assert(
      fc.property(paths, (ps) => {
        const out = Buffer.concat(ps.flatMap((p) => [p, NUL]));
        expect(splitNul(out).map(hex)).toEqual(ps.map(hex));
      }),
      propertyParams(300),
    );
  });

  it('parseDiffRaw: `:m m oid oid S` NUL path NUL, two paths for renames and copies', () => {
    const entry = fc.record({ path: pathBytes, from: pathBytes, src: mode, dst: mode, a: oid, b: oid, status: fc.constantFrom('A', 'M', 'D', 'T', 'U', 'R086', 'C100', 'R100') });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 15 }), (entries) => {
        const out = Buffer.concat(
          entries.flatMap((e) => {
            const head = Buffer.from(`:${e.src} ${e.dst} ${e.a} ${e.b} ${e.status}`);
            return /^[RC]/.test(e.status) ? [head, NUL, e.from, NUL, e.path, NUL] : [head, NUL, e.path, NUL];
          }),
        );
        const parsed = parseDiffRaw(out);
        expect(parsed.map((p) => [p.srcMode, p.dstMode, p.srcOid, p.dstOid, p.status, hex(p.path), p.from === undefined ? null : hex(p.from)])).toEqual(
          entries.map((e) => [e.src, e.dst, e.a, e.b, e.status[0], hex(e.path), /^[RC]/.test(e.status) ? hex(e.from) : null]),
        );
      }),
      propertyParams(300),
    );
  });

  it('parseLsFilesStage: `mode oid stage` TAB path NUL', () => {
    const entry = fc.record({ path: pathBytes, mode, oid, stage: fc.integer({ min: 0, max: 3 }) });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 15 }), (entries) => {
        const out = Buffer.concat(entries.flatMap((e) => [Buffer.from(`${e.mode} ${e.oid} ${e.stage}\t`), e.path, NUL]));
        expect(parseLsFilesStage(out).map((p) => [p.mode, p.oid, p.stage, hex(p.path)])).toEqual(entries.map((e) => [e.mode, e.oid, e.stage, hex(e.path)]));
      }),
      propertyParams(300),
    );
  });

  it('parseLsFilesDebug and parseIndexStats: path NUL, then stat lines ending `size: N\\tflags: X`', () => {
    const entry = fc.record({
      path: pathBytes,
      size: fc.nat(),
      mtime: fc.nat(),
      ns: fc.nat(999_999_999),
      ino: fc.nat(),
      flags: fc.constantFrom('0', '4000', '20004000'),
    });
    fc.assert(
      fc.property(fc.uniqueArray(entry, { maxLength: 15, selector: (e) => e.path.toString('hex') }), (entries) => {
        const out = Buffer.concat(
          entries.flatMap((e) => [
            e.path,
            NUL,
            Buffer.from(`  ctime: ${e.mtime}:${e.ns}\n  mtime: ${e.mtime}:${e.ns}\n  dev: 65024\tino: ${e.ino}\n  uid: 0\tgid: 0\n  size: ${e.size}\tflags: ${e.flags}\n`),
          ]),
        );
        const sizes = parseLsFilesDebug(out);
        expect([...sizes].map(([p, s]) => [hex(p), s])).toEqual(entries.map((e) => [hex(e.path), e.size]));
        const stats = parseIndexStats(out);
        expect([...stats].map(([p, s]) => [hex(p), Number(s.size), Number(s.ino), Number(s.mtimeSec)])).toEqual(entries.map((e) => [hex(e.path), e.size, e.ino, e.mtime]));
      }),
      propertyParams(300),
    );
  });

  it('parseBatchCheck: `oid size` lines, `oid missing` skipped', () => {
    const entry = fc.record({ oid, size: fc.option(fc.nat(), { nil: undefined }) });
    fc.assert(
      fc.property(fc.uniqueArray(entry, { maxLength: 20, selector: (e) => e.oid }), (entries) => {
        const out = entries.map((e) => (e.size === undefined ? `${e.oid} missing` : `${e.oid} ${e.size}`)).join('\n') + '\n';
        const want = entries.filter((e) => e.size !== undefined).map((e) => [e.oid, e.size]);
        expect([...parseBatchCheck(out)]).toEqual(want);
      }),
      propertyParams(300),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Real git: what cruft-check reads back equals what git wrote.

describe('real git: generated names through src/git/read.ts', () => {
  let base: string;
  const env = cleanEnv({ GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' });
  const saved = { ...process.env };
  beforeAll(() => {
    base = realpathSync(mkdtempSync(join(tmpdir(), 'cruft-check-parse-')));
    // read.ts runs git with this process's environment: make it the isolated one.
    for (const k of Object.keys(process.env)) if (!(k in env)) delete process.env[k];
    Object.assign(process.env, env);
  });
  afterAll(() => {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
    rmSync(base, { recursive: true, force: true });
  });

  let n = 0;
  /** A fresh repository holding these files (directories created as needed), with one commit. */
  function repoWith(files: Buffer[]): string {
    const dir = join(base, `r${n++}`);
    mkdirSync(dir);
    const git = (...args: string[]) => spawnSync('git', args, { cwd: dir, env, encoding: 'buffer' });
    git('init', '-q');
    git('commit', '-q', '--allow-empty', '-m', 'first');
    for (const f of files) {
      const full = Buffer.concat([Buffer.from(`${dir}/`), f]);
      mkdirSync(full.subarray(0, full.lastIndexOf(0x2f)), { recursive: true });
      writeFileSync(full, f); // content: the name itself, so sizes differ
    }
    return dir;
  }

  /** A file may not also be another file's directory. */
  const fileTree = paths.map((ps) => ps.filter((p) => !ps.some((q) => q.length > p.length && q.subarray(0, p.length + 1).equals(Buffer.concat([p, Buffer.from('/')])))));

  it('untracked, then staged: the same paths, byte for byte, with their sizes', async () => {
    await fc.assert(
      fc.asyncProperty(fileTree, async (files) => {
        const dir = repoWith(files);
        const repo = await openRepo(dir);
        const want = files.map((f) => [f.toString('hex'), f.length]).sort();
        const untracked = await readUntracked(repo);
        expect(untracked.map((f) => [hex(f.path), f.size]).sort()).toEqual(want);
        spawnSync('git', ['add', '-A'], { cwd: dir, env });
        const staged = await readStaged(repo);
        expect(staged.map((f) => [hex(f.path), f.size, f.status]).sort()).toEqual(want.map(([h, s]) => [h, s, 'A']));
        rmSync(dir, { recursive: true, force: true });
      }),
      // Shrinking a failure runs git again for each candidate: stop in time to report what was found.
      { ...propertyParams(15), interruptAfterTimeLimit: PROPERTY_TIMEOUT - 20_000 },
    );
  }, PROPERTY_TIMEOUT);
});
