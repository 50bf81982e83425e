// Through a real installed hook: `git commit -a` and `git commit <paths>` run the hook with
// GIT_INDEX_FILE pointing at a temporary index. The hook must judge that index — the commit
// being made — not .git/index.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { template } from '../helpers/copy.js';
import { makeRepo, type TestRepo } from '../helpers/repo.js';

let repo: TestRepo;
/** app.py committed and the hook installed: built once, copied for each test. */
const hooked = template(() => {
  const r = makeRepo();
  r.write('app.py', 'print(1)\n');
  r.git('add', 'app.py');
  r.commit('app');
  const init = r.cli(['init']);
  expect(init.code).toBe(0);
  return r;
});
afterAll(() => hooked.dispose());
beforeEach(() => {
  repo = hooked.copy();
});
afterEach(() => repo.cleanup());

const commit = (...args: string[]) => repo.gitResult(['commit', ...args], { env: { ...repo.env, CRUFT_CHECK_CLI: undefined } as NodeJS.ProcessEnv });
const headCount = () => Number(repo.git('rev-list', '--count', 'HEAD').trim());
const pgdata = () =>
  repo.tree({ pgdata: { PG_VERSION: '15\n', global: { pg_control: Buffer.alloc(8192) }, base: { '1': { '1259': Buffer.alloc(8192) } } } });

describe('the hook judges the index git is committing', () => {
  it('plain `git commit` with a staged data directory is blocked', () => {
    pgdata();
    repo.git('add', '.');
    const r = commit('-m', 'data');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('PostgreSQL');
    expect(headCount()).toBe(2);
  });

  it('`git commit -a` sees the temporary index that includes modified tracked files', () => {
    pgdata();
    repo.git('add', 'pgdata');
    repo.commit('data committed without the hook'); // already in history: not this commit's doing
    // The server ran again: it rewrote its files. Only `-a` stages these changes (.git/index has
    // none of them), so only a hook that reads the temporary index can see them.
    repo.write('pgdata/PG_VERSION', '16\n');
    repo.write('pgdata/global/pg_control', Buffer.alloc(8192, 1));
    repo.write('pgdata/base/1/1259', Buffer.alloc(16384, 1));
    repo.write('app.py', 'print(2)\n');
    expect(repo.cli(['--staged', '--format', 'json']).code).toBe(0);
    const r = commit('-a', '-m', 'tweak');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('pgdata/');
    expect(headCount()).toBe(3);
  });

  it('`git commit <path>` commits only that path: a data directory staged elsewhere does not block it', () => {
    pgdata();
    repo.git('add', 'pgdata');
    repo.write('app.py', 'print(3)\n');
    const r = commit('-m', 'only app.py', '--', 'app.py');
    expect(r.stderr).not.toContain('PostgreSQL');
    expect(r.status).toBe(0);
    expect(repo.git('show', '--name-only', '--format=', 'HEAD').trim()).toBe('app.py');
    // …and the data directory is still staged for a later (blocked) commit.
    expect(commit('-m', 'data').status).toBe(1);
  });

  it('`git commit <path>` naming the data directory is blocked', () => {
    pgdata();
    repo.git('add', 'pgdata');
    const r = commit('-m', 'data', '--', 'pgdata');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('pgdata/');
  });

  it('CRUFT_CHECK=off skips the hook', () => {
    pgdata();
    repo.git('add', '.');
    const r = repo.gitResult(['commit', '-m', 'data'], { env: { ...repo.env, CRUFT_CHECK: 'off' } });
    expect(r.status).toBe(0);
  });
});
