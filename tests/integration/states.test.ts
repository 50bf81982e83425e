// Repository states beyond the ordinary commit, each against a real repository and, where git runs
// the pre-commit hook in that state, through the real hook: rebase, --amend, a linked worktree,
// submodules, sparse checkout, detached HEAD, a path with spaces and Unicode, and an index.lock
// held by someone else. (Initial commit, merge, cherry-pick, revert, commit -a / <paths>, bare
// repositories, no repository and git missing have files of their own.)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { copyRepo } from '../helpers/copy.js';
import { CLI, cleanEnv, makeRepo, type TestRepo } from '../helpers/repo.js';

const repos: TestRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});
function newRepo(opts: Parameters<typeof makeRepo>[0] = {}): TestRepo {
  const r = makeRepo(opts);
  repos.push(r);
  return r;
}

/**
 * States several tests start from, each built once (on first use) with real git and the CLI and
 * then copied with node:fs for every test (tests/helpers/copy.ts).
 */
const templates = new Map<string, TestRepo>();
afterAll(() => {
  for (const t of templates.values()) t.cleanup();
});
function fromTemplate(name: string, build: () => TestRepo): TestRepo {
  let t = templates.get(name);
  if (!t) {
    t = build();
    templates.set(name, t);
  }
  const r = copyRepo(t);
  repos.push(r);
  return r;
}
/** A fresh repository with `cruft-check init` done. */
const inited = (): TestRepo =>
  fromTemplate('inited', () => {
    const repo = makeRepo();
    expect(repo.cli(['init']).code).toBe(0);
    return repo;
  });

interface Json {
  summary: { files: number; bytes: number; blocking: boolean };
  findings: Array<{ rule: string; paths: string[]; files: number; origin: string }>;
}
function json(repo: TestRepo, args: string[] = ['--staged'], cwd?: string): Json {
  const r = repo.cli([...args, '--format', 'json'], cwd ? { cwd } : {});
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as Json;
}
const rules = (j: Json): Array<[string, string[]]> => j.findings.map((f) => [f.rule, f.paths]);

/** `git …` as a person without a terminal runs it (the hook cannot prompt, so it blocks or passes). */
function gitNoTty(repo: TestRepo, args: string[], cwd = repo.dir, env: NodeJS.ProcessEnv = repo.env) {
  return spawnSync('setsid', ['-w', 'git', ...args], { cwd, env, encoding: 'utf8' });
}
const head = (repo: TestRepo, cwd = repo.dir): string => spawnSync('git', ['rev-parse', 'HEAD'], { cwd, env: repo.env, encoding: 'utf8' }).stdout.trim();

const pgdata = (repo: TestRepo, dir: string): void =>
  repo.tree({ [dir]: { PG_VERSION: '16\n', global: { pg_control: Buffer.alloc(8192, 1) }, base: { '1': { '1259': Buffer.alloc(8192, 2) } } } });

describe('rebase', () => {
  /** feature adds node_modules and edits shared.txt (committed without the hook); main edits shared.txt too. */
  const conflictedRebase = (): TestRepo => fromTemplate('rebase', buildConflictedRebase);
  function buildConflictedRebase(): TestRepo {
    const repo = makeRepo();
    repo.write('shared.txt', 'base\n');
    repo.git('add', '.');
    repo.commit('base');
    repo.git('checkout', '-q', '-b', 'feature');
    repo.tree({ node_modules: { lodash: { 'index.js': 'module.exports = {}\n', 'package.json': '{}\n' } } });
    repo.write('shared.txt', 'feature\n');
    repo.git('add', '.');
    repo.commit('feature: vendored lodash');
    repo.git('checkout', '-q', 'main');
    repo.write('shared.txt', 'main\n');
    repo.git('commit', '-q', '-am', 'main');
    expect(repo.cli(['init']).code).toBe(0);
    repo.git('checkout', '-q', 'feature');
    expect(repo.gitResult(['rebase', 'main']).status).not.toBe(0);
    expect(existsSync(join(repo.dir, '.git', 'REBASE_HEAD'))).toBe(true);
    repo.write('shared.txt', 'resolved\n');
    repo.git('add', 'shared.txt');
    return repo;
  }

  it('`git commit` during a conflicted rebase does not flag what the replayed commit already held', () => {
    const repo = conflictedRebase();
    // Relative to HEAD (main) the replayed commit's node_modules is staged…
    expect(repo.git('diff', '--cached', '--name-only')).toContain('node_modules/lodash/index.js');
    // …but it arrives unchanged from the commit being replayed.
    expect(rules(json(repo))).toEqual([]);
    const r = gitNoTty(repo, ['commit', '--no-edit']);
    expect(r.stderr).not.toContain('cruft-check found');
    expect(r.status).toBe(0);
    expect(repo.gitResult(['rebase', '--continue'], { env: { ...repo.env, GIT_EDITOR: 'true' } }).status).toBe(0);
  });

  it('cruft added while resolving the rebase is still blocked', () => {
    const repo = conflictedRebase();
    pgdata(repo, 'pgdata');
    repo.git('add', 'pgdata');
    expect(rules(json(repo))).toEqual([['database-directory', ['pgdata/']]]);
    const before = head(repo);
    const r = gitNoTty(repo, ['commit', '--no-edit']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('pgdata/');
    expect(head(repo)).toBe(before);
  });
});

describe('git commit --amend', () => {
  it('amending only the message of a commit that holds cruft is not blocked again', () => {
    const repo = inited();
    repo.tree({ node_modules: { a: { 'index.js': '1\n' } } });
    repo.git('add', '.');
    repo.commit('let through on purpose'); // --no-verify: the person already decided
    const r = gitNoTty(repo, ['commit', '--amend', '-m', 'better message']);
    expect(r.status).toBe(0);
    expect(repo.git('log', '-1', '--format=%s').trim()).toBe('better message');
  });

  it('cruft staged into an amend is blocked and HEAD stays the same commit', () => {
    const repo = inited();
    repo.write('app.py', 'print(1)\n');
    repo.git('add', '.');
    repo.commit('app');
    const before = head(repo);
    pgdata(repo, 'db');
    repo.git('add', 'db');
    const r = gitNoTty(repo, ['commit', '--amend', '--no-edit']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('db/');
    expect(head(repo)).toBe(before);
  });

  it('`--amend -a` judges the temporary index, with the tracked changes -a adds', () => {
    const repo = inited();
    pgdata(repo, 'pgdata');
    repo.git('add', '.');
    repo.commit('data, let through');
    repo.write('pgdata/PG_VERSION', '17\n');
    repo.write('pgdata/global/pg_control', Buffer.alloc(8192, 3));
    repo.write('pgdata/base/1/1259', Buffer.alloc(16384, 3));
    const before = head(repo);
    const r = gitNoTty(repo, ['commit', '--amend', '-a', '--no-edit']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('pgdata/');
    expect(head(repo)).toBe(before);
  });
});

describe('linked worktree', () => {
  function withWorktree(): { repo: TestRepo; wt: string } {
    const repo = fromTemplate('worktree', () => {
      const t = makeRepo();
      t.write('app.py', 'print(1)\n');
      t.git('add', '.');
      t.commit('app');
      expect(t.cli(['init']).code).toBe(0); // the hooks folder is shared by every worktree
      t.git('worktree', 'add', '-q', '-b', 'side', join(t.scratch, 'linked wt'));
      return t;
    });
    const wt = join(repo.scratch, 'linked wt');
    expect(readFileSync(join(wt, '.git'), 'utf8')).toMatch(/^gitdir: /); // `.git` is a file here
    return { repo, wt };
  }

  it('the CLI reads the worktree’s own index, not the main checkout’s', () => {
    const { repo, wt } = withWorktree();
    pgdata(repo, '../scratch/linked wt/pgdata');
    spawnSync('git', ['add', 'pgdata'], { cwd: wt, env: repo.env });
    expect(rules(json(repo, ['--staged'], wt))).toEqual([['database-directory', ['pgdata/']]]);
    expect(rules(json(repo, ['--staged']))).toEqual([]); // the main checkout has nothing staged
    // From a subdirectory of the worktree too.
    mkdirSync(join(wt, 'sub'));
    expect(rules(json(repo, ['--staged'], join(wt, 'sub')))).toEqual([['database-directory', ['pgdata/']]]);
  });

  it('the hook blocks in the worktree for plain `git commit`, `-a` and `<paths>` (absolute GIT_INDEX_FILE under .git/worktrees/)', () => {
    const { repo, wt } = withWorktree();
    pgdata(repo, '../scratch/linked wt/pgdata');
    spawnSync('git', ['add', 'pgdata'], { cwd: wt, env: repo.env });
    const before = head(repo, wt);
    expect(gitNoTty(repo, ['commit', '-m', 'data'], wt).status).toBe(1);
    expect(gitNoTty(repo, ['commit', '-m', 'data', '--', 'pgdata'], wt).status).toBe(1);
    expect(head(repo, wt)).toBe(before);
    // Let it in, then change it: only `-a` stages the change, in a temporary index.
    expect(gitNoTty(repo, ['commit', '-m', 'data'], wt, { ...repo.env, CRUFT_CHECK: 'off' }).status).toBe(0);
    // The server ran again and rewrote its files.
    writeFileSync(join(wt, 'pgdata', 'PG_VERSION'), '17\n');
    writeFileSync(join(wt, 'pgdata', 'global', 'pg_control'), Buffer.alloc(8192, 9));
    writeFileSync(join(wt, 'pgdata', 'base', '1', '1259'), Buffer.alloc(8192, 9));
    writeFileSync(join(wt, 'app.py'), 'print(2)\n');
    const r = gitNoTty(repo, ['commit', '-a', '-m', 'tweak'], wt);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('pgdata/');
    // A clean partial commit in the worktree goes through, and the main checkout's index is untouched.
    expect(gitNoTty(repo, ['commit', '-m', 'app only', '--', 'app.py'], wt).status).toBe(0);
    expect(repo.git('status', '--porcelain')).toBe('');
  });
});

describe('submodules', () => {
  function library(repo: TestRepo): string {
    // A separate repository whose own history holds node_modules and a database directory.
    const lib = join(repo.scratch, 'lib');
    const git = (...args: string[]) => spawnSync('git', args, { cwd: lib, env: repo.env, encoding: 'utf8' });
    spawnSync('git', ['init', '-q', '-b', 'main', lib], { env: repo.env });
    git('config', 'user.name', 'Lib');
    git('config', 'user.email', 'lib@example.com');
    const files: Array<[string, string]> = [['index.js', '1\n'], ['node_modules/x/index.js', '2\n'], ['data/PG_VERSION', '16\n'], ['data/global/pg_control', 'x']];
    for (const [p, c] of files) {
      mkdirSync(join(lib, p, '..'), { recursive: true });
      writeFileSync(join(lib, p), c);
    }
    git('add', '.');
    git('commit', '-q', '--no-verify', '-m', 'lib');
    return lib;
  }

  /** A repository with the library beside it, in scratch. */
  const withLibrary = (): { repo: TestRepo; lib: string } => {
    const repo = fromTemplate('library', () => {
      const t = makeRepo();
      library(t);
      return t;
    });
    return { repo, lib: join(repo.scratch, 'lib') };
  };

  it('a submodule registered with `git submodule add` is not an embedded repository, and its content is not judged', () => {
    const { repo, lib } = withLibrary();
    expect(repo.cli(['init']).code).toBe(0);
    repo.git('-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', lib, 'vendor/lib');
    expect(repo.git('ls-files', '--stage', 'vendor/lib')).toMatch(/^160000 /);
    const j = json(repo, []);
    expect(rules(j)).toEqual([]);
    const r = gitNoTty(repo, ['commit', '-m', 'add lib as a submodule']);
    expect(r.stderr).not.toContain('cruft-check found');
    expect(r.status).toBe(0);
  });

  it('a clone dropped into the tree and staged without .gitmodules is flagged as an embedded repository', () => {
    const { repo, lib } = withLibrary();
    repo.git('clone', '-q', lib, 'vendor/lib');
    expect(rules(json(repo, []))).toEqual([['embedded-repository', ['vendor/lib']]]);
    repo.gitResult(['add', 'vendor/lib']); // git warns "adding embedded git repository"
    const j = json(repo);
    expect(rules(j)).toEqual([['embedded-repository', ['vendor/lib']]]);
    expect(j.summary.blocking).toBe(true);
  });
});

describe('sparse checkout', () => {
  const sparse = (sparseIndex: boolean): TestRepo => fromTemplate(`sparse ${sparseIndex}`, () => buildSparse(sparseIndex));
  function buildSparse(sparseIndex: boolean): TestRepo {
    const repo = makeRepo();
    for (let i = 0; i < 20; i++) repo.write(`docs/page${i}.md`, `# ${i}\n`);
    repo.write('big/assets/blob.bin', Buffer.alloc(4096, 7));
    repo.write('app/main.py', 'print(1)\n');
    repo.git('add', '.');
    repo.commit('tree');
    repo.git('sparse-checkout', 'init', '--cone', ...(sparseIndex ? ['--sparse-index'] : ['--no-sparse-index']));
    repo.git('sparse-checkout', 'set', 'app');
    expect(existsSync(join(repo.dir, 'docs'))).toBe(false); // skip-worktree entries: in the index, not on disk
    expect(repo.git('ls-files', '-t', 'docs/page0.md').startsWith('S ')).toBe(true);
    expect(repo.cli(['init']).code).toBe(0);
    return repo;
  }

  for (const sparseIndex of [false, true]) {
    it(`files outside the cone raise nothing; cruft inside it is flagged (${sparseIndex ? 'sparse index' : 'full index'})`, () => {
      const repo = sparse(sparseIndex);
      const clean = repo.cli([]);
      expect(clean.stderr).toBe('');
      expect(clean.code).toBe(0);
      repo.write('app/main.py', 'print(2)\n');
      repo.git('add', 'app');
      expect(gitNoTty(repo, ['commit', '-m', 'edit in cone']).status).toBe(0);
      pgdata(repo, 'app/pgdata');
      repo.git('add', 'app');
      expect(rules(json(repo))).toEqual([['database-directory', ['app/pgdata/']]]);
      expect(gitNoTty(repo, ['commit', '-m', 'data']).status).toBe(1);
    });
  }

  it('a bulk add in a sparse index is counted from the index (sizes of thousands of entries)', () => {
    const repo = sparse(true);
    for (let i = 0; i < 2100; i++) repo.write(`app/gen/f${i}.txt`, `${'x'.repeat(i % 10)}\n`);
    repo.addMany('app');
    const j = json(repo);
    expect(rules(j)).toEqual([['bulk-add', []]]);
    expect(j.summary.files).toBe(2100);
    const expectedBytes = Array.from({ length: 2100 }, (_, i) => (i % 10) + 1).reduce((a, b) => a + b, 0);
    expect(j.summary.bytes).toBe(expectedBytes);
  });
});

describe('detached HEAD', () => {
  it('the CLI and the hook work on a detached HEAD', () => {
    const repo = newRepo();
    repo.write('a.txt', '1\n');
    repo.git('add', '.');
    repo.commit('a');
    repo.git('checkout', '-q', '--detach', 'HEAD~1');
    expect(repo.cli(['init']).code).toBe(0);
    pgdata(repo, 'pgdata');
    repo.git('add', '.');
    expect(rules(json(repo))).toEqual([['database-directory', ['pgdata/']]]);
    expect(gitNoTty(repo, ['commit', '-m', 'data']).status).toBe(1);
    repo.git('rm', '-r', '-q', '--cached', 'pgdata');
    repo.write('b.txt', '2\n');
    repo.git('add', 'b.txt');
    expect(gitNoTty(repo, ['commit', '-m', 'b']).status).toBe(0);
    expect(repo.gitResult(['symbolic-ref', '-q', 'HEAD']).status).toBe(1); // still detached
  });
});

describe('a repository whose path holds spaces and Unicode', () => {
  it('CLI, hook, `commit -a` and `commit <paths>` all work', () => {
    const repo = newRepo({ name: 'my projects/déjà vu 日本語 ﬁle' });
    expect(repo.cli(['init']).code).toBe(0);
    pgdata(repo, 'pgdata');
    repo.git('add', '.');
    expect(rules(json(repo))).toEqual([['database-directory', ['pgdata/']]]);
    expect(rules(json(repo, ['--staged'], join(repo.dir, 'pgdata', 'global')))).toEqual([['database-directory', ['pgdata/']]]);
    expect(gitNoTty(repo, ['commit', '-m', 'data']).status).toBe(1); // GIT_INDEX_FILE relative
    expect(gitNoTty(repo, ['commit', '-m', 'data', '--', 'pgdata']).status).toBe(1); // absolute, next-index-*.lock
    repo.git('rm', '-r', '-q', '--cached', 'pgdata');
    repo.write('README.md', '# changed\n');
    expect(gitNoTty(repo, ['commit', '-a', '-m', 'readme']).status).toBe(0); // absolute, index.lock
  });
});

describe('a repository whose path holds a newline', () => {
  it('is found and checked (rev-parse prints paths one per line)', () => {
    const repo = newRepo({ name: 'line\nbreak/repo' });
    expect(repo.cli(['init']).code).toBe(0);
    pgdata(repo, 'pgdata');
    repo.git('add', '.');
    expect(rules(json(repo))).toEqual([['database-directory', ['pgdata/']]]);
    expect(rules(json(repo, ['--staged'], join(repo.dir, 'pgdata')))).toEqual([['database-directory', ['pgdata/']]]);
    expect(gitNoTty(repo, ['commit', '-m', 'data']).status).toBe(1);
  });
});

describe('index.lock held by another process', () => {
  it('reading needs no lock: the check runs and reports as usual; `fix` refuses with exit 2 and changes nothing', () => {
    const repo = newRepo();
    pgdata(repo, 'pgdata');
    repo.git('add', '.');
    const lock = join(repo.dir, '.git', 'index.lock');
    writeFileSync(lock, ''); // what a crashed or still running git leaves behind
    const indexBefore = readFileSync(join(repo.dir, '.git', 'index'));
    const r = repo.cli(['--staged', '--format', 'json']);
    expect(r.code).toBe(1);
    expect(rules(JSON.parse(r.stdout) as Json)).toEqual([['database-directory', ['pgdata/']]]);
    expect(repo.cli([]).code).toBe(1);
    const fix = repo.cli(['fix']);
    expect(fix.code).toBe(2);
    expect(fix.stderr).toMatch(/index\.lock/);
    expect(fix.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(lock)).toBe(true);
    expect(readFileSync(join(repo.dir, '.git', 'index')).equals(indexBefore)).toBe(true);
    expect(existsSync(join(repo.dir, '.gitignore'))).toBe(false);
  });
});

describe('failure policy: one line, exit 2, and the hook blocks', () => {
  const oneLine = (r: { code: number; stderr: string }, pattern: RegExp): void => {
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  };

  it('a corrupt index: a clear one-line error', () => {
    const repo = newRepo();
    writeFileSync(join(repo.dir, '.git', 'index'), 'garbage\n');
    oneLine(repo.cli(['--staged']), /git \S+ failed: .*index/);
    oneLine(repo.cli(['--hook', '--no-input']), /index/);
  });

  it('an error nobody anticipated (MERGE_HEAD is a directory) is an internal error with a bug-report hint; the stack only on request', () => {
    const repo = newRepo();
    mkdirSync(join(repo.dir, '.git', 'MERGE_HEAD'));
    const r = repo.cli(['--staged']);
    oneLine(r, /^cruft-check: internal error: .*This is a bug; please report it/);
    const debug = repo.cli(['--staged'], { env: { CRUFT_CHECK_DEBUG: '1' } });
    expect(debug.code).toBe(2);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });

  it('a failing check blocks the commit; CRUFT_CHECK=off and HUSKY=0 let it through', () => {
    const repo = inited();
    repo.write('a.txt', '1\n');
    repo.git('add', 'a.txt');
    repo.write('.cruftcheck.json', '{ "rules": ');
    const before = head(repo);
    const r = gitNoTty(repo, ['commit', '-m', 'a']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/cruft-check: .*\.cruftcheck\.json: is not valid JSON/);
    expect(head(repo)).toBe(before);
    expect(gitNoTty(repo, ['commit', '-m', 'a'], repo.dir, { ...repo.env, CRUFT_CHECK: 'off' }).status).toBe(0);
    repo.write('b.txt', '1\n');
    repo.git('add', 'b.txt');
    expect(gitNoTty(repo, ['commit', '-m', 'b'], repo.dir, { ...repo.env, HUSKY: '0' }).status).toBe(0);
    expect(Number(repo.git('rev-list', '--count', 'HEAD').trim())).toBe(3);
  });

  it('a reader that stops early (`cruft-check | head -1`) gets no stack trace, and the exit code still tells', async () => {
    const repo = newRepo();
    // Over 64 KiB of report, so the pipe fills and the write fails with EPIPE.
    for (let i = 0; i < 400; i++) repo.write(`p${i}/node_modules/a/index.js`, '1\n');
    for (const format of ['human', 'json']) {
      const child = spawn(process.execPath, [CLI, '--format', format], { cwd: repo.dir, env: cleanEnv({}, repo.scratch), stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
      child.stdout.once('data', () => child.stdout.destroy());
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect({ format, code, stderr }).toEqual({ format, code: 1, stderr: '' });
    }
  });
});
