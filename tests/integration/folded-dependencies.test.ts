// A staged dependency tree recognised by its name is folded into one fact before the rules run
// (foldFolders in src/facts/inventory.ts): tens of thousands of files fewer to walk after a bulk add.
// What the user sees must not change: the files are still counted and sized, the finding still
// says how to unstage the folder, the bulk-add summary still adds them up.
import { chmodSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { Report } from '../../src/model.js';
import { makeRepo, type TestRepo } from '../helpers/repo.js';

let repo: TestRepo;
afterEach(() => repo.cleanup());

function report(r: TestRepo): Report {
  const res = r.cli(['--staged', '--format', 'json']);
  expect(res.stderr).toBe('');
  return JSON.parse(res.stdout) as Report;
}

/** `count` files of `bytes` bytes each under `dir`, spread over a few packages. */
function packages(r: TestRepo, dir: string, count: number, bytes: number): void {
  for (let i = 0; i < count; i++) r.write(`${dir}/pkg-${i % 7}/lib/f${i}.js`, 'x'.repeat(bytes));
}

it('counts, sizes and unstages a folded node_modules tree as the files it holds', () => {
  repo = makeRepo();
  packages(repo, 'node_modules', 300, 10);
  packages(repo, 'packages/app/node_modules', 20, 5);
  repo.write('src/index.js', 'console.log(1);\n');
  repo.git('add', '-A');
  const r = report(repo);
  expect(r.summary.files).toBe(321);
  expect(r.summary.bytes).toBe(300 * 10 + 20 * 5 + 'console.log(1);\n'.length);
  const deps = r.findings.filter((f) => f.rule === 'dependency-directory');
  expect(deps.map((f) => [f.paths, f.files, f.bytes, f.fix.unstage])).toEqual([
    [['node_modules/'], 300, 3000, ['node_modules/']],
    [['packages/app/node_modules/'], 20, 100, ['packages/app/node_modules/']],
  ]);
  const bulk = r.findings.find((f) => f.rule === 'bulk-add');
  expect(bulk?.data?.newFiles).toBe(321);
  expect(bulk?.tree?.find((n) => n.path === 'node_modules/')).toEqual({ path: 'node_modules/', files: 300, bytes: 3000 });
  // Nothing inside the folded folders is reported again by a later rule.
  expect(r.findings.filter((f) => f.paths.some((p) => p.includes('node_modules/') && p.split('node_modules/')[1] !== ''))).toEqual([]);
});

it('keeps changed files of a committed node_modules beside the new ones, and what .cruftignore allows out', () => {
  repo = makeRepo();
  repo.write('node_modules/old/index.js', 'old\n');
  repo.git('add', '-A');
  repo.commit('a committed node_modules');
  repo.write('node_modules/old/index.js', 'changed\n');
  packages(repo, 'node_modules', 10, 3);
  repo.write('node_modules/patched/index.js', 'patched on purpose\n');
  repo.git('add', '-A');
  const deps = (): [number, number, string[]][] =>
    report(repo)
      .findings.filter((f) => f.rule === 'dependency-directory')
      .map((f) => [f.files, f.bytes, f.fix.unstage]);
  // The 11 new files folded into the folder, and the changed one beside them.
  expect(deps()).toEqual([[12, 30 + 'changed\n'.length + 'patched on purpose\n'.length, ['node_modules/']]]);
  // A .cruftignore naming a folder inside keeps the tree unfolded: what it allows is left out.
  repo.write('.cruftignore', 'node_modules/patched/\n');
  expect(deps()).toEqual([[11, 30 + 'changed\n'.length, ['node_modules/']]]);
});

it('after a bulk add of more than 10,000 files, folds the tree as the staged listing is read, with the same report as folding afterwards', () => {
  repo = makeRepo();
  // A committed file changed inside the tree (it stays a fact, between folded ones), and new files
  // of every kind: executable, symlink, empty, over 64 KiB, a name that is not UTF-8.
  repo.write('node_modules/old/index.js', 'old\n');
  repo.git('add', '-A');
  repo.commit('a committed node_modules');
  repo.write('node_modules/old/index.js', 'changed\n');
  packages(repo, 'node_modules', 9_000, 3);
  packages(repo, 'web/node_modules', 500, 2);
  repo.write('node_modules/.bin/tool', '#!/bin/sh\n');
  chmodSync(join(repo.dir, 'node_modules/.bin/tool'), 0o755);
  symlinkSync('../pkg-1/lib/f1.js', join(repo.dir, 'node_modules/.bin/f1'));
  repo.write('node_modules/empty/index.js', '');
  repo.write('node_modules/big/blob.bin', Buffer.alloc(70_000, 1));
  writeFileSync(Buffer.concat([Buffer.from(`${repo.dir}/node_modules/caf`), Buffer.of(0xe9), Buffer.from('.js')]), 'latin1 name\n');
  for (let i = 0; i < 1_000; i++) repo.write(`src/m${i % 10}/f${i}.ts`, `export const x = ${i};\n`);
  repo.addMany('-A');
  const folded = repo.cli(['--staged', '--format', 'json']);
  expect(folded.stderr).toBe('');
  const r = JSON.parse(folded.stdout) as Report;
  expect(r.summary.files).toBe(1 + 9_000 + 500 + 5 + 1_000);
  expect(r.findings.filter((f) => f.rule === 'dependency-directory').map((f) => [f.paths, f.files])).toEqual([
    [['node_modules/'], 9_006],
    [['web/node_modules/'], 500],
  ]);
  // A .cruftignore (not staged) that allows nothing: the tree is folded after the listing, as before.
  repo.write('.cruftignore', '/no-such-file\n');
  for (const version of ['2', '4']) {
    repo.git('update-index', '--index-version', version);
    expect(repo.cli(['--staged', '--format', 'json']).stdout, `index version ${version}`).toBe(folded.stdout);
  }
  rmSync(join(repo.dir, '.cruftignore'));
  expect(repo.cli(['--staged', '--format', 'json']).stdout).toBe(folded.stdout);
}, 180_000);
