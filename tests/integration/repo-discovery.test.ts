// The entry finds the repository by reading `.git` in the plain case, before git is asked
// (src/git/early.ts). In every other layout git's own answer must be used, and the result must
// be the same: the staged node_modules file is found, with its path from the top level.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { makeRepo, type TestRepo } from '../helpers/repo.js';

let repo: TestRepo;
afterEach(() => repo.cleanup());

function stageCruft(r: TestRepo): void {
  r.tree({ src: { 'app.js': '1\n' }, node_modules: { left: { 'index.js': 'x\n' } } });
  r.git('add', '-A');
}

/** The paths of the findings of a `--staged --format json` run. */
function flagged(r: TestRepo, opts: { cwd?: string; env?: Record<string, string | undefined> } = {}): { code: number; paths: string[] } {
  const res = r.cli(['--staged', '--format', 'json'], opts);
  if (res.code === 2) throw new Error(res.stderr);
  const report = JSON.parse(res.stdout) as { findings: { paths: string[] }[] };
  return { code: res.code, paths: report.findings.flatMap((f) => f.paths) };
}

it('at the top level, in a subdirectory and through --cwd', () => {
  repo = makeRepo();
  stageCruft(repo);
  expect(flagged(repo)).toEqual({ code: 1, paths: ['node_modules/'] });
  expect(flagged(repo, { cwd: join(repo.dir, 'src') })).toEqual({ code: 1, paths: ['node_modules/'] });
});

it('with the work tree moved by core.worktree, or named by GIT_DIR and GIT_WORK_TREE', () => {
  repo = makeRepo();
  const tree = join(repo.scratch, 'elsewhere');
  mkdirSync(tree);
  repo.git('config', 'core.worktree', tree);
  writeFileSync(join(tree, 'app.js'), '1\n');
  mkdirSync(join(tree, 'node_modules', 'a'), { recursive: true });
  writeFileSync(join(tree, 'node_modules', 'a', 'index.js'), 'x\n');
  repo.git('add', '-A');
  // From the repository's own folder `.git` is right there, but the work tree is elsewhere and
  // this folder is outside it: git refuses, and so must cruft-check (not check this folder).
  const outside = repo.cli(['--staged', '--format', 'json']);
  expect(outside.code).toBe(2);
  expect(outside.stdout).toBe('');
  // Named by GIT_DIR (as `git --git-dir … --work-tree …` would), the moved work tree is checked.
  expect(flagged(repo, { cwd: tree, env: { GIT_DIR: join(repo.dir, '.git') } })).toEqual({ code: 1, paths: ['node_modules/'] });
  repo.git('config', '--unset', 'core.worktree');
  expect(flagged(repo, { cwd: tree, env: { GIT_DIR: join(repo.dir, '.git'), GIT_WORK_TREE: tree } })).toEqual({ code: 1, paths: ['node_modules/'] });
});

it('in a linked worktree, with and without GIT_DIR set as git sets it for a hook', () => {
  repo = makeRepo();
  const wt = join(repo.scratch, 'wt');
  repo.git('worktree', 'add', '-q', wt);
  repo.tree({ node_modules: { a: { 'index.js': 'x\n' } } }, '../scratch/wt');
  repo.git('-C', wt, 'add', '-A');
  expect(flagged(repo, { cwd: wt })).toEqual({ code: 1, paths: ['node_modules/'] });
  expect(flagged(repo, { cwd: wt, env: { GIT_DIR: join(repo.dir, '.git', 'worktrees', 'wt') } })).toEqual({ code: 1, paths: ['node_modules/'] });
  // GIT_DIR naming another repository's git directory: git's answer, not `.git` here, decides.
  expect(flagged(repo, { cwd: wt, env: { GIT_DIR: join(repo.dir, '.git') } }).paths).toEqual([]);
});
