// Before the first commit there is no HEAD: everything in the index is new.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { makeRepo, type TestRepo } from '../helpers/repo.js';

let repo: TestRepo;
beforeEach(() => {
  repo = makeRepo({ initialCommit: false });
});
afterEach(() => repo.cleanup());

it('flags a dbpath in the very first commit and offers `git rm --cached` (restore needs a HEAD)', () => {
  repo.tree({
    'index.js': 'console.log(1)\n',
    data: { db: { 'WiredTiger.turtle': 'WiredTiger version string\n', 'WiredTiger.wt': Buffer.alloc(4096), 'mongod.lock': '' } },
  });
  repo.git('add', '.');
  const r = repo.cli(['--staged', '--format', 'json']);
  expect(r.code).toBe(1);
  const report = JSON.parse(r.stdout);
  expect(report.findings).toHaveLength(1);
  expect(report.findings[0]).toMatchObject({ rule: 'database-directory', paths: ['data/db/'], files: 3, bytes: 4096 + 26 });
  const hook = repo.cli(['--hook'], { setsid: true });
  expect(hook.code).toBe(1);
  expect(hook.stderr).toContain('git rm -r --cached -q -- data/db/');
});

it('a first commit of a scaffolded project is not a bulk add for its folders alone', () => {
  for (const d of ['src', 'public', 'tests', 'docs', 'scripts', 'config']) repo.write(`${d}/index.txt`, `${d}\n`);
  repo.git('add', '.');
  const r = repo.cli(['--staged', '--format', 'json']);
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout).findings).toEqual([]);
});

it('the hook lets a clean first commit through', () => {
  repo.write('README.md', '# hi\n');
  repo.git('add', '.');
  expect(repo.cli(['init']).code).toBe(0);
  const r = repo.gitResult(['commit', '-m', 'first']);
  expect(r.status).toBe(0);
  expect(r.stderr).toBe('');
});

it('before the first commit, the untracked files git listed while the repository was being opened are used, not asked again', () => {
  repo.write('app.js', 'console.log(1)\n');
  repo.git('add', 'app.js');
  repo.write('dump.rdb', Buffer.concat([Buffer.from('REDIS0011'), Buffer.alloc(64)]));
  const trace = join(repo.scratch, 'trace');
  const r = repo.cli(['--format', 'json'], { env: { GIT_TRACE: trace } });
  // The untracked Redis dump is still judged…
  expect(JSON.parse(r.stdout).findings.map((f: { paths: string[] }) => f.paths)).toContainEqual(['dump.rdb']);
  // …from one `git ls-files --others`: the staged diff against HEAD failed (there is none), and
  // `git rev-parse` then confirmed the repository that reading .git had found.
  const listings = readFileSync(trace, 'utf8').split('\n').filter((l) => / built-in: git ls-files --others/.test(l));
  expect(listings).toHaveLength(1);
});
