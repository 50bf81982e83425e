// Merges, cherry-picks and reverts stage many files the person did not just add. What arrives
// unchanged from an already-committed parent is not this commit's cruft.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { template } from '../helpers/copy.js';
import { makeRepo, type TestRepo } from '../helpers/repo.js';

let repo: TestRepo;
afterEach(() => repo.cleanup());

/** The starting point (shared.txt committed, the hook installed), built once and copied per test. */
const base = template(() => {
  const r = makeRepo();
  r.write('shared.txt', 'base\n');
  r.git('add', '.');
  r.commit('base');
  expect(r.cli(['init']).code).toBe(0);
  return r;
});
/** The same after featureBranchWithCruft(), built once and copied per test. */
const featured = template(() => {
  repo = base.copy();
  featureBranchWithCruft();
  return repo;
});
afterAll(() => {
  base.dispose();
  featured.dispose();
});

const commit = (...args: string[]) => repo.gitResult(['commit', ...args]);

/** A feature branch that committed 500 files, a node_modules tree and a MongoDB dbpath (without the hook). */
function featureBranchWithCruft(): void {
  repo.git('checkout', '-q', '-b', 'feature');
  for (let i = 0; i < 500; i++) repo.write(`generated/part${Math.floor(i / 50)}/file${i}.txt`, `${i}\n`);
  repo.tree({
    node_modules: { lodash: { 'index.js': 'module.exports = {}\n' } },
    mongo_files: { 'WiredTiger.turtle': 'WiredTiger version string\n', 'WiredTiger.wt': Buffer.alloc(4096), 'sizeStorer.wt': Buffer.alloc(4096) },
  });
  repo.write('shared.txt', 'feature\n');
  repo.git('add', '.');
  repo.commit('feature work');
  repo.git('checkout', '-q', 'main');
  repo.write('shared.txt', 'main\n');
  repo.git('add', '.');
  repo.commit('main work');
}

describe('a conflicted merge concluded with git commit', () => {
  it('raises no alarm about the 500 files, node_modules and dbpath the branch brought', () => {
    repo = featured.copy();
    const merge = repo.gitResult(['merge', 'feature']);
    expect(merge.status).not.toBe(0); // conflict on shared.txt
    repo.write('shared.txt', 'resolved\n');
    repo.git('add', 'shared.txt');
    // Staged relative to HEAD: everything the branch brought.
    expect(repo.git('diff', '--cached', '--name-only').split('\n').filter(Boolean).length).toBeGreaterThan(500);
    const json = repo.cli(['--staged', '--format', 'json']);
    expect(JSON.parse(json.stdout).findings).toEqual([]);
    const r = commit('--no-edit');
    expect(r.stderr).not.toContain('cruft-check found');
    expect(r.status).toBe(0);
    expect(repo.git('rev-list', '--parents', '-n1', 'HEAD').trim().split(' ')).toHaveLength(3);
  });

  it('still flags cruft added while resolving the merge', () => {
    repo = featured.copy();
    repo.gitResult(['merge', 'feature']);
    repo.write('shared.txt', 'resolved\n');
    repo.tree({ 'redis-data': { 'dump.rdb': 'REDIS0011\u00fa\tredis-ver', 'appendonly.aof': '*2\r\n$6\r\nSELECT\r\n' } });
    repo.git('add', '.');
    const r = repo.cli(['--staged', '--format', 'json']);
    expect(r.code).toBe(1);
    const findings = JSON.parse(r.stdout).findings as Array<{ rule: string; paths: string[] }>;
    expect(findings.map((f) => [f.rule, f.paths])).toEqual([['database-directory', ['redis-data/']]]);
  });
});

describe('cherry-pick and revert', () => {
  it('a conflicted cherry-pick of a commit that added node_modules raises no alarm', () => {
    repo = featured.copy();
    const pick = repo.gitResult(['cherry-pick', 'feature']);
    expect(pick.status).not.toBe(0);
    repo.write('shared.txt', 'resolved\n');
    repo.git('add', 'shared.txt');
    const r = repo.cli(['--staged', '--format', 'json']);
    expect(JSON.parse(r.stdout).findings).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('a conflicted revert that restores a deleted node_modules raises no alarm', () => {
    repo = base.copy();
    repo.tree({ node_modules: { x: { 'index.js': '1\n' } } });
    repo.git('add', '.');
    repo.commit('oops: node_modules');
    repo.git('rm', '-r', '-q', 'node_modules');
    repo.write('shared.txt', 'changed in the cleanup\n');
    repo.git('add', '.');
    repo.commit('remove node_modules');
    repo.write('shared.txt', 'changed again\n');
    repo.git('add', '.');
    repo.commit('later');
    const revert = repo.gitResult(['revert', '--no-edit', 'HEAD~1']);
    expect(revert.status).not.toBe(0);
    repo.write('shared.txt', 'resolved\n');
    repo.git('add', 'shared.txt');
    const r = repo.cli(['--staged', '--format', 'json']);
    expect(JSON.parse(r.stdout).findings).toEqual([]);
  });
});
