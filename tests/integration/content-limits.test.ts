// Large and unreadable content, and configuration that is data, not code. Sizes come from git (or
// lstat), never from reading a file; a file is read only up to the sniffing limit, a FIFO is never
// opened and a symlink never followed — the CLI's own read count (/proc/self/io `rchar`, every
// byte it read from files and pipes) proves it.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync, ftruncateSync } from 'node:fs';
import { join } from 'node:path';
import { constants, createDeflateRaw, type DeflateRaw } from 'node:zlib';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { template } from '../helpers/copy.js';
import { CLI, cleanEnv, makeRepo, type TestRepo } from '../helpers/repo.js';

const GiB = 1024 ** 3;
const TEN_GIB = 10 * GiB;
/** git's name for a blob of 10 GiB of zero bytes (`truncate -s 10G f && git hash-object f`, 85 s here). */
const TEN_GIB_ZEROS = '1119181c4708377b56e8dedc83bba16a2ce4a254';
/** Far below what reading any of the big files would cost: the bundle, git's answers, a few 4 KiB heads. */
const READ_BUDGET = 16 * 1024 * 1024;

let repo: TestRepo;
/** A fresh repository for each test of the calling describe. */
function freshRepoEachTest(): void {
  beforeEach(() => {
    repo = makeRepo();
  });
  afterEach(() => repo.cleanup());
}

/** A sparse file of `size` bytes: no disk used, but reading it really returns that many zeros. */
function sparseFile(path: string, size: number): void {
  mkdirSync(join(path, '..'), { recursive: true });
  const fd = openSync(path, 'w');
  ftruncateSync(fd, size);
  closeSync(fd);
}

function flushed(d: DeflateRaw, data: Buffer | null, kind: number): Promise<Buffer> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    const on = (b: Buffer): void => void parts.push(b);
    d.on('data', on);
    if (data) d.write(data);
    d.flush(kind, () => {
      d.off('data', on);
      resolve(Buffer.concat(parts));
    });
  });
}

/**
 * Write the loose object of a 10 GiB all-zero blob in well under a second, the way git would have
 * stored it: zlib("blob 10737418240\0" + zeros). A segment of 1 MiB of zeros compressed after a
 * full flush does not refer back to anything before it, so 10,240 copies of it are that stream.
 */
async function writeTenGibBlob(gitDir: string): Promise<void> {
  const header = Buffer.from(`blob ${TEN_GIB}\0`);
  const d = createDeflateRaw({ level: 9 });
  const start = await flushed(d, header, constants.Z_FULL_FLUSH);
  const segment = await flushed(d, Buffer.alloc(1024 * 1024), constants.Z_FULL_FLUSH);
  const end = await flushed(d, null, constants.Z_FINISH);
  let a = 1;
  let b = 0;
  for (const x of header) {
    a = (a + x) % 65521;
    b = (b + a) % 65521;
  }
  b = Number((BigInt(b) + BigInt(TEN_GIB) * BigInt(a)) % 65521n); // zeros leave a alone and add a to b each
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE(((b << 16) | a) >>> 0);
  const body = Buffer.concat([Buffer.from([0x78, 0xda]), start, Buffer.concat(Array<Buffer>(TEN_GIB / (1024 * 1024)).fill(segment)), end, adler]);
  mkdirSync(join(gitDir, 'objects', TEN_GIB_ZEROS.slice(0, 2)), { recursive: true });
  writeFileSync(join(gitDir, 'objects', TEN_GIB_ZEROS.slice(0, 2), TEN_GIB_ZEROS.slice(2)), body);
}

/**
 * Set the size git's index records for `path` (index format v2: the 32-bit size sits 36 bytes into
 * the entry) and rewrite the trailing checksum. `git add` of a 10 GiB file records 10 GiB mod 2^32
 * = 2 GiB there (checked with `git ls-files --debug` after a real 85-second add): this writes that
 * without hashing 10 GiB.
 */
function setIndexSize(indexFile: string, path: string, size: number): void {
  const buf = readFileSync(indexFile);
  expect(buf.subarray(0, 4).toString('latin1')).toBe('DIRC');
  expect(buf.readUInt32BE(4)).toBe(2);
  let off = 12;
  let found = false;
  for (let i = 0, n = buf.readUInt32BE(8); i < n; i++) {
    const nameLen = buf.readUInt16BE(off + 60) & 0xfff;
    if (buf.subarray(off + 62, off + 62 + nameLen).toString('utf8') === path) {
      buf.writeUInt32BE(size >>> 0, off + 36);
      found = true;
    }
    off += (62 + nameLen + 8) & ~7;
  }
  expect(found).toBe(true);
  createHash('sha1').update(buf.subarray(0, buf.length - 20)).digest().copy(buf, buf.length - 20);
  writeFileSync(indexFile, buf);
}


interface Measured {
  code: number;
  stdout: string;
  stderr: string;
  /** Bytes the CLI process read from files and pipes. */
  rchar: number;
}

/**
 * Run the built CLI with a preloaded module that records /proc/self/io at exit; killed after 60 s.
 * The preload is CommonJS (`--require`), as the CLI is: an ES module there would start Node's ES
 * module loader in every one of this file's 22 runs, which the CLI itself never needs.
 */
function measure(args: string[], env: Record<string, string> = {}): Measured {
  const preload = join(repo.scratch, 'io-at-exit.cjs');
  const report = join(repo.scratch, 'io.txt');
  rmSync(report, { force: true });
  writeFileSync(
    preload,
    "const { readFileSync, writeFileSync } = require('node:fs');\n" +
      "process.on('exit', () => writeFileSync(process.env.IO_REPORT, readFileSync('/proc/self/io')));\n",
  );
  const r = spawnSync(process.execPath, ['--require', preload, CLI, ...args], {
    cwd: repo.dir,
    env: cleanEnv({ IO_REPORT: report, ...env }, repo.scratch),
    encoding: 'utf8',
    timeout: 60_000,
    killSignal: 'SIGKILL',
  });
  expect(r.signal).toBeNull(); // not killed: it did not hang
  const rchar = Number(/rchar: (\d+)/.exec(readFileSync(report, 'utf8'))?.[1]);
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, rchar };
}

interface Json {
  summary: { files: number; bytes: number };
  findings: Array<{ rule: string; paths: string[]; bytes: number; origin: string }>;
}
const parse = (m: Measured): Json => JSON.parse(m.stdout) as Json;
const finding = (j: Json, rule: string) => j.findings.find((f) => f.rule === rule);

describe('a 10 GiB file', () => {
  freshRepoEachTest();

  it('staged: sized from git, flagged as large, and read no further than the sniffing limit', async () => {
    await writeTenGibBlob(join(repo.dir, '.git'));
    expect(repo.git('cat-file', '-s', TEN_GIB_ZEROS).trim()).toBe(String(TEN_GIB));
    repo.git('update-index', '--add', '--cacheinfo', `100644,${TEN_GIB_ZEROS},huge.bin`);
    sparseFile(join(repo.dir, 'huge.bin'), TEN_GIB); // the work tree holds the same 10 GiB
    const m = measure(['--staged', '--format', 'json']);
    expect(m.stderr).toBe('');
    expect(m.code).toBe(1);
    const j = parse(m);
    expect(j.summary.bytes).toBe(TEN_GIB);
    expect(finding(j, 'large-file')).toMatchObject({ paths: ['huge.bin'], bytes: TEN_GIB });
    expect(m.rchar).toBeLessThan(READ_BUDGET);
    // The hook sees the same, within the same budget.
    const h = measure(['--hook', '--no-input']);
    expect(h.code).toBe(1);
    expect(h.stderr).toContain('huge.bin');
    expect(h.rchar).toBeLessThan(READ_BUDGET);
  });

  it('staged among thousands of files: the index records 2 GiB (32 bits), the report says 10 GiB', async () => {
    for (let i = 0; i < 2100; i++) repo.write(`gen/f${i}.txt`, `${i}\n`);
    expect(repo.addMany('gen')).toBe('');
    await writeTenGibBlob(join(repo.dir, '.git'));
    repo.git('update-index', '--add', '--cacheinfo', `100644,${TEN_GIB_ZEROS},huge.bin`);
    sparseFile(join(repo.dir, 'huge.bin'), TEN_GIB);
    setIndexSize(join(repo.dir, '.git', 'index'), 'huge.bin', TEN_GIB % 2 ** 32);
    expect(repo.git('ls-files', '--debug', 'huge.bin')).toContain(`size: ${2 * GiB}`);
    const m = measure(['--staged', '--format', 'json']);
    expect(m.stderr).toBe('');
    const j = parse(m);
    expect(finding(j, 'large-file')).toMatchObject({ paths: ['huge.bin'], bytes: TEN_GIB });
    const small = Array.from({ length: 2100 }, (_, i) => `${i}\n`.length).reduce((a, b) => a + b, 0);
    expect(j.summary.bytes).toBe(TEN_GIB + small);
    expect(m.rchar).toBeLessThan(READ_BUDGET);
  });

  it('untracked (sparse): sized by lstat, never read', () => {
    sparseFile(join(repo.dir, 'dump', 'core.dat'), TEN_GIB);
    sparseFile(join(repo.dir, 'store.db'), TEN_GIB);
    const m = measure(['--format', 'json']);
    expect(m.stderr).toBe('');
    const j = parse(m);
    expect(j.summary.bytes).toBe(2 * TEN_GIB);
    expect(j.findings.flatMap((f) => f.paths).sort()).toEqual(['dump/core.dat', 'store.db']);
    expect(m.rchar).toBeLessThan(READ_BUDGET);
  });
});

describe("an ordinary commit's sizes, from the index file", () => {
  freshRepoEachTest();

  /** What git says the commit holds, in bytes. */
  const stagedBytes = (paths: string[]): number => paths.reduce((n, p) => n + Number(repo.git('cat-file', '-s', `:${p}`).trim()), 0);

  it('are the staged blobs\' sizes, whatever the work tree did since, and whatever the index could not vouch for', () => {
    repo.tree({ 'grown.txt': 'a\n', 'same-size.txt': 'aaaa\n', 'wrapped.bin': Buffer.alloc(3000, 7), 'gone.txt': 'gone\n', 'empty.txt': '' });
    repo.git('add', '-A');
    // Edited after staging: the commit still holds the staged content.
    repo.write('grown.txt', 'a much longer line than the one that was staged\n');
    repo.write('same-size.txt', 'bbbb\n');
    rmSync(join(repo.dir, 'gone.txt'));
    // A size that disagrees with the file (as the index's 32 bits do for a file of 4 GiB or more): not trusted.
    setIndexSize(join(repo.dir, '.git', 'index'), 'wrapped.bin', 1000);
    // An entry written without looking at a file (as a merge or read-tree writes them) records size 0.
    writeFileSync(join(repo.scratch, 'blob.txt'), 'from the object store\n');
    const blob = repo.git('hash-object', '-w', join(repo.scratch, 'blob.txt')).trim();
    repo.git('update-index', '--add', '--cacheinfo', `100644,${blob},no-stat.txt`);
    const paths = ['empty.txt', 'gone.txt', 'grown.txt', 'no-stat.txt', 'same-size.txt', 'wrapped.bin'];
    const j = parse(measure(['--staged', '--format', 'json']));
    expect(j.summary.files).toBe(paths.length);
    expect(j.summary.bytes).toBe(stagedBytes(paths));
    expect(j.summary.bytes).toBe(2 + 5 + 3000 + 5 + 22);
  });

  it("after a bulk add, read from the whole index file (versions 2, 3 and 4), they are git's own", () => {
    // Thousands of new files (names of every kind, one over 64 KiB), then the same awkward cases.
    for (let i = 0; i < 2100; i++) repo.write(`gen/${i % 7 === 0 ? 'ünï' : 'sub'}-${i % 13}/f${i}.txt`, 'x'.repeat(i % 50));
    repo.write('gen/big.dat', Buffer.alloc(100_000, 5));
    repo.write('gen/grown.txt', 'a\n');
    repo.write('gen/gone.txt', 'gone\n');
    repo.addMany('-A');
    repo.write('gen/grown.txt', 'a much longer line than the one that was staged\n');
    rmSync(join(repo.dir, 'gen', 'gone.txt'));
    writeFileSync(join(repo.scratch, 'blob.txt'), 'from the object store\n');
    const blob = repo.git('hash-object', '-w', join(repo.scratch, 'blob.txt')).trim();
    repo.git('update-index', '--add', '--cacheinfo', `100644,${blob},gen/no-stat.txt`);
    // git's answer: every staged blob's size in the object store.
    const oids = repo.git('ls-files', '-s').trim().split('\n').map((l) => l.split(' ')[1]);
    const sizes = spawnSync('git', ['cat-file', '--batch-check=%(objectsize)'], { cwd: repo.dir, env: repo.env, input: `${oids.join('\n')}\n`, encoding: 'utf8' }).stdout;
    const headBytes = Number(repo.git('cat-file', '-s', 'HEAD:README.md').trim());
    const expected = sizes.trim().split('\n').reduce((n, s) => n + Number(s), 0) - headBytes;
    for (const version of ['2', '3', '4']) {
      repo.git('update-index', '--index-version', version);
      const j = parse(measure(['--staged', '--format', 'json']));
      expect(j.summary.files, `version ${version}`).toBe(2104);
      expect(j.summary.bytes, `version ${version}`).toBe(expected);
    }
  });
});

describe('content that changed or vanished after staging', () => {
  const SQLITE = Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(100_000, 1)]);

  /**
   * A SQLite database under a neutral-looking name: only its staged content says what it is. Built
   * and checked once, then copied for each test.
   */
  const staged = template(() => {
    repo = makeRepo();
    repo.write('store.dat', SQLITE);
    repo.git('add', 'store.dat');
    expect(finding(parse(measure(['--staged', '--format', 'json'])), 'database-file')?.paths).toEqual(['store.dat']);
    return repo;
  });
  afterAll(() => staged.dispose());
  afterEach(() => repo.cleanup());
  function stagedDatabase(): void {
    repo = staged.copy();
  }

  it('deleted from the work tree: judged from the staged blob', () => {
    stagedDatabase();
    rmSync(join(repo.dir, 'store.dat'));
    const m = measure(['--staged', '--format', 'json']);
    expect(m.stderr).toBe('');
    expect(finding(parse(m), 'database-file')?.paths).toEqual(['store.dat']);
  });

  it('replaced by a FIFO: never opened, judged from the staged blob', () => {
    stagedDatabase();
    rmSync(join(repo.dir, 'store.dat'));
    expect(spawnSync('mkfifo', [join(repo.dir, 'store.dat')]).status).toBe(0);
    const m = measure(['--format', 'json']); // untracked listing too; a hang would be killed (signal set)
    expect(m.stderr).toBe('');
    expect(finding(parse(m), 'database-file')?.paths).toEqual(['store.dat']);
  });

  it('replaced by a directory: judged from the staged blob, and the new directory is listed as untracked', () => {
    stagedDatabase();
    rmSync(join(repo.dir, 'store.dat'));
    repo.write('store.dat/inner.txt', 'x\n');
    const m = measure(['--format', 'json']);
    expect(m.stderr).toBe('');
    expect(finding(parse(m), 'database-file')?.paths).toEqual(['store.dat']);
    expect(parse(m).summary.files).toBe(2);
  });
});

describe('special files in the work tree', () => {
  freshRepoEachTest();

  it('an untracked FIFO, even under a name sniffing would look at, is never opened', () => {
    for (const name of ['data.db', 'app.sqlite', 'dump.rdb', 'id_rsa', 'core']) {
      expect(spawnSync('mkfifo', [join(repo.dir, name)]).status).toBe(0);
    }
    for (const args of [['--format', 'json'], ['--hook', '--no-input']]) {
      const m = measure(args);
      expect(m.stderr.includes('internal error')).toBe(false);
      expect(m.code).toBeLessThan(2);
    }
  });

  it('symlinks out of the repository, to devices and to themselves are never followed', () => {
    symlinkSync('/etc/passwd', join(repo.dir, 'passwd.db'));
    symlinkSync('/dev/zero', join(repo.dir, 'zero.sqlite'));
    symlinkSync('/dev/urandom', join(repo.dir, 'core'));
    symlinkSync('loop.db', join(repo.dir, 'loop.db'));
    symlinkSync('../..', join(repo.dir, 'up'));
    sparseFile(join(repo.scratch, 'outside', 'big.bin'), TEN_GIB);
    symlinkSync(join(repo.scratch, 'outside', 'big.bin'), join(repo.dir, 'big.bin'));
    const untracked = measure(['--format', 'json']);
    expect(untracked.stderr).toBe('');
    expect(parse(untracked).summary.bytes).toBe(0); // a symlink's size is not its target's
    expect(untracked.rchar).toBeLessThan(READ_BUDGET);
    repo.git('add', '-A');
    expect(repo.git('ls-files', '-s', 'zero.sqlite')).toMatch(/^120000 /);
    const staged = measure(['--staged', '--format', 'json']);
    expect(staged.stderr).toBe('');
    // Names may still be judged (a link called *.sqlite is reported by name), but nothing is read through a link.
    expect(staged.rchar).toBeLessThan(READ_BUDGET);
  });
});

describe('configuration is data', () => {
  freshRepoEachTest();

  it('JavaScript configuration files are never loaded or run', () => {
    const marker = join(repo.scratch, 'executed');
    const code = `require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran'); module.exports = { rules: { 'dependency-directory': 'off' } };\n`;
    for (const name of ['.cruftcheck.js', '.cruftcheck.cjs', '.cruftcheck.mjs', 'cruft-check.config.js', 'cruft-check.config.cjs', 'cruft-check.config.mjs', '.cruftcheckrc.js']) {
      repo.write(name, name.endsWith('.mjs') ? code.replace("require('fs')", "(await import('node:fs'))") : code);
    }
    repo.tree({ node_modules: { a: { 'index.js': '1\n' } } });
    repo.git('add', 'node_modules');
    const r = repo.cli(['--staged', '--format', 'json']);
    expect(r.code).toBe(1); // the "rules: off" in the JavaScript files was not applied
    expect(existsSync(marker)).toBe(false);
    // A package.json key pointing at a module is refused, not required.
    repo.write('package.json', JSON.stringify({ name: 'x', 'cruft-check': './.cruftcheck.js' }));
    const p = repo.cli(['--staged']);
    expect(p.code).toBe(2);
    expect(p.stderr).toMatch(/must hold a JSON object/);
    expect(existsSync(marker)).toBe(false);
  });

  it('a .cruftignore or .cruftcheck.json that is a FIFO or a link to a device stops with exit 2, without hanging', () => {
    repo.write('a.txt', '1\n');
    repo.git('add', 'a.txt');
    const cases: Array<[string, () => void]> = [
      ['.cruftignore', () => symlinkSync('/dev/zero', join(repo.dir, '.cruftignore'))],
      ['.cruftignore', () => spawnSync('mkfifo', [join(repo.dir, '.cruftignore')])],
      ['.cruftcheck.json', () => symlinkSync('/dev/zero', join(repo.dir, '.cruftcheck.json'))],
      ['.cruftcheck.json', () => spawnSync('mkfifo', [join(repo.dir, '.cruftcheck.json')])],
      ['package.json', () => symlinkSync('/dev/tty', join(repo.dir, 'package.json'))],
    ];
    for (const [name, make] of cases) {
      make();
      const m = measure(['--staged']);
      expect({ name, code: m.code }).toEqual({ name, code: 2 });
      // /dev/tty cannot even be opened without a controlling terminal: "cannot be read".
      expect(m.stderr).toMatch(new RegExp(`${name.replace('.', '\\.')}: (is not a regular file|cannot be read)`));
      expect(m.stderr.trim().split('\n')).toHaveLength(1);
      expect(m.rchar).toBeLessThan(READ_BUDGET);
      rmSync(join(repo.dir, name));
    }
  });

  it('a rule message or glob holding escape sequences is refused: it would be printed in every report', () => {
    for (const rule of [
      { id: 'x', glob: '*.dump', message: 'dump\u001b]0;pwned\u0007' },
      { id: 'x', glob: '*.dump\u001b[2J', message: 'dump' },
      { id: 'x', glob: '*.dump', message: 'dump \u202eexe.txt' },
    ]) {
      repo.write('.cruftcheck.json', JSON.stringify({ extraRules: [rule] }));
      const r = repo.cli(['--staged']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/must not hold control characters/);
      expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u009b\u202e]/);
    }
  });

  it('a configuration file of absurd size is refused, not read', () => {
    sparseFile(join(repo.dir, '.cruftcheck.json'), GiB);
    const m = measure(['--staged']);
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/\.cruftcheck\.json: is larger than/);
    expect(m.rchar).toBeLessThan(READ_BUDGET);
  });
});
