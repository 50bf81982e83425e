// src/git/index-file.ts reads the paths of git's index file itself (for the case-collision rule on
// an ordinary commit). Every index git writes — versions 2, 3 and 4, SHA-1 and SHA-256, conflict
// stages, long and non-UTF-8 names — must give exactly `git ls-files`' paths; a split or sparse
// index, which this reader does not follow, must give undefined (git is then asked). After a bulk
// add the same file gives the staged blobs' sizes (readIndexBeside): exactly `git ls-files --debug`'s.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { encodePath, parseDiffRaw, parseIndexStats, parseLsFilesDebug, splitNul } from '../../src/git/parse.js';
import { readIndexBeside, readIndexFile, readIndexFileAside, readIndexPaths } from '../../src/git/index-file.js';
import { makeRepo, type TestRepo } from '../helpers/repo.js';

let repo: TestRepo | undefined;
afterEach(() => repo?.cleanup());

/** What git lists, each path once (conflict stages repeat a path). */
function gitPaths(r: TestRepo): string[] {
  return [...new Set(splitNul(execFileSync('git', ['ls-files', '-z'], { cwd: r.dir, env: r.env })))];
}

/** A repository whose index holds awkward entries of every kind. */
function awkwardRepo(): TestRepo {
  const r = makeRepo();
  r.tree({ 'README.md': '# x\n', src: { 'a.ts': 'a\n', 'b.ts': 'b\n', deep: { 'c.ts': 'c\n' } }, 'space name.txt': 'x\n', 'ünï.md': 'u\n', '日本.txt': 'j\n' });
  r.write(`${'d'.repeat(200)}/${'n'.repeat(250)}/${'f'.repeat(250)}.txt`, 'long\n');
  // A name that is not UTF-8 (Latin-1 é), written as raw bytes.
  writeFileSync(Buffer.concat([Buffer.from(`${r.dir}/caf`), Buffer.of(0xe9), Buffer.from('.txt')]), 'latin1\n');
  r.git('add', '-A');
  r.commit('base');
  return r;
}

it('reads index versions 2, 3 and 4 exactly as git lists them', () => {
  repo = awkwardRepo();
  for (const version of ['2', '3', '4']) {
    repo.git('update-index', '--index-version', version);
    if (version === '3') {
      // Extended flags (version 3): an intent-to-add entry and a skip-worktree one.
      repo.write('later.txt', 'later\n');
      repo.git('add', '-N', 'later.txt');
      repo.git('update-index', '--skip-worktree', 'src/a.ts');
    }
    const read = readIndexPaths(join(repo.dir, '.git', 'index'), 20);
    expect(read, `version ${version}`).toEqual(gitPaths(repo));
    expect(read?.some((p) => p.startsWith('caf'))).toBe(true);
  }
});

/** An empty repository whose objects are named by SHA-256. */
function sha256Repo(): TestRepo {
  const r = makeRepo({ initialCommit: false });
  rmSync(join(r.dir, '.git'), { recursive: true });
  r.git('init', '-q', '--object-format=sha256', '-b', 'main');
  r.git('config', 'user.name', 'Test');
  r.git('config', 'user.email', 'test@example.com');
  return r;
}

it('reads a SHA-256 repository and conflict stages', () => {
  repo = sha256Repo();
  repo.tree({ 'a.txt': 'base\n', 'b.txt': 'b\n' });
  repo.git('add', '-A');
  repo.commit('base');
  repo.git('checkout', '-q', '-b', 'side');
  repo.write('a.txt', 'side\n');
  repo.git('commit', '-q', '-am', 'side');
  repo.git('checkout', '-q', 'main');
  repo.write('a.txt', 'main\n');
  repo.git('commit', '-q', '-am', 'main');
  repo.gitResult(['merge', 'side']); // conflicts: a.txt at stages 1, 2 and 3
  expect(repo.git('ls-files', '-u')).toContain('a.txt');
  expect(readIndexPaths(join(repo.dir, '.git', 'index'), 32)).toEqual(['a.txt', 'b.txt']);
  // Read with the wrong hash length, the entries do not line up: undefined or wrong, never a throw.
  expect(() => readIndexPaths(join(repo!.dir, '.git', 'index'), 20)).not.toThrow();
});

it('gives undefined for a split index, a sparse index, a missing or foreign file', () => {
  repo = awkwardRepo();
  const index = join(repo.dir, '.git', 'index');
  repo.git('update-index', '--split-index');
  expect(readIndexPaths(index, 20)).toBeUndefined();
  repo.git('update-index', '--no-split-index');
  expect(readIndexPaths(index, 20)).toEqual(gitPaths(repo));

  repo.git('sparse-checkout', 'init', '--cone', '--sparse-index');
  repo.git('sparse-checkout', 'set', 'src');
  expect(repo.git('ls-files', '--sparse')).toContain('/\n'); // git did write folder entries
  expect(readIndexPaths(index, 20)).toBeUndefined();

  expect(readIndexPaths(join(repo.dir, 'no-such-index'), 20)).toBeUndefined();
  mkdirSync(join(repo.dir, 'x'), { recursive: true });
  writeFileSync(join(repo.dir, 'x', 'not-an-index'), 'DIRC but not really');
  expect(readIndexPaths(join(repo.dir, 'x', 'not-an-index'), 20)).toBeUndefined();
});

it('asked for case twins, decodes only the names that could be one, and misses none', () => {
  repo = awkwardRepo();
  // K (U+212A KELVIN SIGN) lower-cases to an ASCII "k": the one name longer than its twin in bytes.
  repo.tree({ 'Src/A.ts': 'twin\n', 'readme.MD': 'twin\n', 'SPACE NAME.TXT': 'twin\n', 'Kit.md': 'k\n', 'other.md': 'o\n' });
  repo.git('add', '-A');
  const keys = new Set(['src/a.ts', 'readme.md', 'space name.txt', 'kit.md']);
  /** git's own answer: every index path whose lower case is one of the keys. */
  const twins = (paths: string[]): string[] => paths.filter((p) => keys.has(p.toLowerCase())).sort();
  for (const version of ['2', '3', '4']) {
    repo.git('update-index', '--index-version', version);
    const index = join(repo.dir, '.git', 'index');
    const all = gitPaths(repo);
    const read = readIndexPaths(index, 20, keys);
    expect(twins(read ?? []), `version ${version}`).toEqual(twins(all));
    expect(twins(all)).toEqual(['Kit.md', 'README.md', 'Src/A.ts', 'readme.MD', 'space name.txt', 'SPACE NAME.TXT', 'src/a.ts'].sort());
    // Names of other lengths are never decoded.
    const lengths = new Set([...keys].map((k) => k.length));
    expect(read!.every((p) => lengths.has(encodePath(p).length)), `version ${version}`).toBe(true);
    expect(read!.length).toBeLessThan(all.length);
  }
  // A KELVIN SIGN anywhere: every name is decoded, and its twin is found.
  repo.write('\u212ait.md', 'kelvin\n');
  repo.git('add', '-A');
  const read = readIndexPaths(join(repo.dir, '.git', 'index'), 20, keys);
  expect(read).toContain('\u212ait.md');
  expect(read).toEqual(gitPaths(repo));
});

describe("a bulk add's sizes from the index file (readIndexBeside)", () => {
  /** The staged blobs as the staged listing gives them, in its order. */
  const stagedBlobs = (r: TestRepo): { path: string; oid: string }[] =>
    parseDiffRaw(execFileSync('git', ['diff', '--cached', '--raw', '-z', '--no-abbrev', '-M', 'HEAD'], { cwd: r.dir, env: r.env }))
      .filter((e) => e.status !== 'D' && e.dstMode !== '160000')
      .map((e) => ({ path: e.path, oid: e.dstOid }));
  const debug = (r: TestRepo): Buffer => execFileSync('git', ['ls-files', '-z', '--debug'], { cwd: r.dir, env: r.env });

  /** Staged: new files of every awkward kind, an edited one, and one over 64 KiB (its stat data is kept). */
  function stage(r: TestRepo): void {
    r.tree({ new: { 'a.txt': 'new a\n', 'ünï.txt': 'u\n', deep: { 'b.txt': 'b'.repeat(300) } }, 'big.bin': Buffer.alloc(70_000, 3), 'zz.txt': '' });
    writeFileSync(Buffer.concat([Buffer.from(`${r.dir}/new/caf`), Buffer.of(0xe9), Buffer.from('.bin')]), 'latin1 name\n');
    r.write('src/a.ts', 'edited, longer than before\n');
    r.git('add', '-A');
  }

  it('gives what git lists, for index versions 2, 3 and 4, in order or not', () => {
    repo = awkwardRepo();
    stage(repo);
    for (const version of ['2', '3', '4']) {
      repo.git('update-index', '--index-version', version);
      const blobs = stagedBlobs(repo);
      expect(blobs.length).toBeGreaterThan(6);
      const sizes = parseLsFilesDebug(debug(repo));
      const read = readIndexBeside(readIndexFile(join(repo.dir, '.git', 'index'))!, 20, blobs);
      expect(read, `version ${version}`).toBeDefined();
      expect([...read!.sizes], `version ${version}`).toEqual(blobs.map((b) => sizes.get(b.path)));
      // The others: every other index path, each once.
      const staged = new Set(blobs.map((b) => b.path));
      expect(read!.others.sort()).toEqual(gitPaths(repo).filter((p) => !staged.has(p)).sort());
      expect(read!.largeStats).toEqual(parseIndexStats(execFileSync('git', ['ls-files', '-z', '--debug', 'big.bin'], { cwd: repo.dir, env: repo.env })));
      expect(read!.largeStats.size).toBe(1);
      // Out of the listing's order (not expected of git): the same answer, found another way.
      const reversed = [...blobs].reverse();
      const again = readIndexBeside(readIndexFile(join(repo.dir, '.git', 'index'))!, 20, reversed);
      expect([...again!.sizes]).toEqual(reversed.map((b) => sizes.get(b.path)));
      expect(again!.others.sort()).toEqual(read!.others);
    }
  });

  it("an ordinary commit's few blobs: the same sizes and stat data, the other names stepped over as bytes", () => {
    repo = awkwardRepo();
    stage(repo);
    const blobs = stagedBlobs(repo);
    const bytes = readIndexFile(join(repo.dir, '.git', 'index'))!;
    const whole = readIndexBeside(bytes, 20, blobs)!;
    for (const asked of [blobs, [...blobs].reverse()]) {
      const few = readIndexBeside(bytes, 20, asked, { others: false })!;
      expect([...few.sizes]).toEqual(asked.map((b) => whole.sizes[blobs.indexOf(b)]));
      expect(few.others).toEqual([]);
      expect(few.largeStats).toEqual(whole.largeStats);
    }
  });

  it('a file a filter changed on the way in is sized from the object store, on an ordinary commit and after a bulk add', () => {
    repo = makeRepo();
    // A clean filter standing in for `git lfs clean`: the blob is a pointer of a few bytes.
    const clean = join(repo.scratch, 'pointer.sh');
    writeFileSync(clean, "n=$(wc -c | tr -d ' ')\nprintf 'pointer %s\\n' \"$n\"\n");
    repo.git('config', 'filter.ptr.clean', `sh ${clean}`);
    repo.write('.gitattributes', '*.bin filter=ptr\n');
    repo.write('big.bin', Buffer.alloc(200_000, 1));
    repo.git('add', '-A');
    const pointer = Number(repo.git('cat-file', '-s', ':big.bin').trim());
    expect(pointer).toBeLessThan(20);
    const bytes = (): number => (JSON.parse(repo!.cli(['--staged', '--format', 'json']).stdout) as { summary: { bytes: number } }).summary.bytes;
    const attributes = '*.bin filter=ptr\n'.length;
    expect(bytes()).toBe(attributes + pointer);
    for (let i = 0; i < 2100; i++) repo.write(`gen/f${i}.txt`, `${i}\n`);
    repo.addMany('-A');
    const small = Array.from({ length: 2100 }, (_, i) => `${i}\n`.length).reduce((a, b) => a + b, 0);
    expect(bytes()).toBe(attributes + pointer + small);
  });

  it("a split index: an ordinary commit's sizes from git's listing of its own paths", () => {
    repo = awkwardRepo();
    repo.git('update-index', '--split-index');
    repo.tree({ 'b.txt': 'bb\n', c: { 'd.txt': 'ddd\n' } });
    repo.git('add', '-A');
    expect(readIndexBeside(readIndexFile(join(repo.dir, '.git', 'index'))!, 20, stagedBlobs(repo))).toBeUndefined();
    const j = JSON.parse(repo.cli(['--staged', '--format', 'json']).stdout) as { summary: { files: number; bytes: number } };
    expect(j.summary).toEqual(expect.objectContaining({ files: 2, bytes: 7 }));
  });

  it('vouches for no blob the index holds as another object, or not at all', () => {
    repo = awkwardRepo();
    stage(repo);
    const blobs = stagedBlobs(repo);
    const other = blobs.find((b) => b.path === 'new/a.txt')!;
    const asked = blobs.map((b) => (b === other ? { ...b, oid: '0'.repeat(40) } : b));
    asked.splice(1, 0, { path: 'new/not-in-the-index.txt', oid: other.oid });
    const read = readIndexBeside(readIndexFile(join(repo.dir, '.git', 'index'))!, 20, asked)!;
    const sizes = parseLsFilesDebug(debug(repo));
    expect([...read.sizes]).toEqual(asked.map((b) => (b.path === 'new/a.txt' || b.path === 'new/not-in-the-index.txt' ? -1 : sizes.get(b.path))));
  });

  it('reads a SHA-256 repository; gives undefined for a split index', () => {
    repo = sha256Repo();
    repo.tree({ 'a.txt': 'base\n' });
    repo.git('add', '-A');
    repo.commit('base');
    repo.tree({ 'b.txt': 'bb\n', c: { 'd.txt': 'ddd\n' } });
    repo.git('add', '-A');
    const blobs = stagedBlobs(repo);
    const index = join(repo.dir, '.git', 'index');
    expect([...readIndexBeside(readIndexFile(index)!, 32, blobs)!.sizes]).toEqual([3, 4]);
    repo.git('update-index', '--split-index');
    expect(readIndexBeside(readIndexFile(index)!, 32, blobs)).toBeUndefined();
  });
});

it('reads the index file aside (a read ahead of need): its bytes, or undefined when too big, missing or stopped', async () => {
  repo = awkwardRepo();
  const index = join(repo.dir, '.git', 'index');
  const bytes = readFileSync(index);
  expect(await readIndexFileAside(index, 1024 * 1024)).toEqual(bytes);
  expect(await readIndexFileAside(index, bytes.length - 1)).toBeUndefined();
  expect(await readIndexFileAside(join(repo.dir, 'no-such-index'), 1024 * 1024)).toBeUndefined();
  // Stopped by the caller (a staged listing that turned out small): no bytes, no error.
  const stop = new AbortController();
  const read = readIndexFileAside(index, 1024 * 1024, stop.signal);
  stop.abort();
  expect(await read).toBeUndefined();
});

describe('an index git would refuse, or not understand, is handed over to git (never answered)', () => {
  /** A copy of a real index file changed by `edit` (its body, without the checksum), with the checksum git writes recomputed. */
  function crafted(r: TestRepo, name: string, edit: (body: Buffer) => Buffer): string {
    const bytes = readFileSync(join(r.dir, '.git', 'index'));
    const body = edit(Buffer.from(bytes.subarray(0, bytes.length - 20)));
    const file = join(r.scratch, name);
    writeFileSync(file, Buffer.concat([body, createHash('sha1').update(body).digest()]));
    return file;
  }
  /** An extension: 4-byte signature, 32-bit size, its bytes. */
  const extension = (signature: string, data: Buffer): Buffer => {
    const head = Buffer.alloc(8);
    head.write(signature, 0, 'latin1');
    head.writeUInt32BE(data.length, 4);
    return Buffer.concat([head, data]);
  };
  /** What git itself makes of an index file: its paths, or its refusal. */
  const gitOn = (r: TestRepo, file: string) => {
    const res = spawnSync('git', ['ls-files', '-z'], { cwd: r.dir, env: { ...r.env, GIT_INDEX_FILE: file } });
    return { code: res.status, paths: [...new Set(splitNul(res.stdout))], stderr: res.stderr.toString() };
  };
  /** Both readers of the index file: undefined when they hand over to git. */
  const read = (file: string) => ({
    paths: readIndexPaths(file, 20),
    beside: readIndexBeside(readIndexFile(file)!, 20, []),
  });

  it('refuses an unknown required extension (a signature not starting with A–Z), as git does', () => {
    repo = awkwardRepo();
    for (const signature of ['abcd', '1BCD', 'zzzz']) {
      const file = crafted(repo, `ext-${signature}`, (body) => Buffer.concat([body, extension(signature, Buffer.from('data'))]));
      const git = gitOn(repo, file);
      expect(git.code, signature).toBe(128);
      expect(git.stderr).toContain('which we do not understand');
      expect(read(file), signature).toEqual({ paths: undefined, beside: undefined });
    }
  });

  it('reads past an unknown optional extension (upper-case first letter), exactly as git lists', () => {
    repo = awkwardRepo();
    // Between the entries and git's own extensions, and after them.
    repo.git('update-index', '--untracked-cache');
    repo.git('status', '--porcelain');
    const plain = readFileSync(join(repo.dir, '.git', 'index'));
    expect(plain.includes('UNTR')).toBe(true);
    const file = crafted(repo, 'ext-upper', (body) => Buffer.concat([body, extension('ZZZZ', Buffer.from('optional'))]));
    const git = gitOn(repo, file);
    expect(git.code).toBe(0);
    expect(git.stderr).toContain('ignoring ZZZZ extension');
    expect(read(file).paths).toEqual(git.paths);
    expect(read(file).beside?.others.sort()).toEqual([...git.paths].sort());
  });

  it('refuses entries that do not end where the extensions begin (an entry count lowered or raised)', () => {
    repo = awkwardRepo();
    const count = gitOn(repo, join(repo.dir, '.git', 'index')).paths.length;
    for (const version of ['2', '4']) {
      repo.git('update-index', '--index-version', version);
      for (const n of [count - 1, count + 1]) {
        const file = crafted(repo, `count-${version}-${n}`, (body) => {
          body.writeUInt32BE(n, 8);
          return body;
        });
        // Lowered, git reads the dropped entry's stat data as an extension it does not understand
        // and refuses the index. (Raised, git reads the first extension as an entry: a version 2
        // index then lists a made-up path, a version 4 one is refused. Either way not a listing to give.)
        if (n < count) expect(gitOn(repo, file).code, `version ${version}, ${n} of ${count} entries`).toBe(128);
        expect(read(file), `version ${version}, ${n} of ${count} entries`).toEqual({ paths: undefined, beside: undefined });
      }
      // The last entry's stat data shaped like an optional extension: git skips it and lists one path less; this reader hands over.
      const file = crafted(repo, `count-${version}-disguised`, (body) => {
        body.writeUInt32BE(count - 1, 8);
        const last = lastEntryAt(body, version);
        body.write('ZZZZ', last, 'latin1'); // ctime seconds: a signature
        body.writeUInt32BE(body.length, last + 4); // ctime nanoseconds: a size running past the end
        return body;
      });
      const git = gitOn(repo, file);
      expect(git.code).toBe(0);
      expect(git.paths).toHaveLength(count - 1);
      expect(read(file), `version ${version}: the last entry disguised`).toEqual({ paths: undefined, beside: undefined });
    }
  });

  it('refuses extensions that do not end exactly at the checksum', () => {
    repo = awkwardRepo();
    // An extension longer than the file, and stray bytes too few to be an extension.
    const long = crafted(repo, 'ext-long', (body) => Buffer.concat([body, extension('ZZZZ', Buffer.from('data')).subarray(0, 10)]));
    const stray = crafted(repo, 'ext-stray', (body) => Buffer.concat([body, Buffer.from('ZZZ')]));
    for (const file of [long, stray]) expect(read(file)).toEqual({ paths: undefined, beside: undefined });
  });
});

/** Where the last entry of an index body starts (its path is the last the index lists: found by its bytes). */
function lastEntryAt(body: Buffer, version: string): number {
  // The awkward repository's last path in index order is the one of 日本.txt; its entry starts
  // 62 bytes (stat data, object name, flags) before the name in versions 2 and 3, and one byte
  // more (the varint) in version 4, where the name is stored whole because nothing precedes it in common.
  const name = body.lastIndexOf(Buffer.from('日本.txt'));
  return name - 62 - (version === '4' ? 1 : 0);
}
