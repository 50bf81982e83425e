// dist/cli.js (src/launch.ts) runs the bundle with the V8 code cache the build wrote for it. The
// cache must be one this Node accepts (or it only costs a read), and a cache V8 refuses — another
// Node version, a bundle rebuilt without it, a damaged file — or no cache at all must leave the
// command working exactly as before. A file of the installation gone (the core, or a command's
// bundle) is one line and exit code 2.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { Module } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { afterEach, expect, it } from 'vitest';
import { CLI, cleanEnv, makeRepo, PROJECT, type TestRepo } from '../helpers/repo.js';

const DIST = dirname(CLI);
let repo: TestRepo | undefined;
let copy: string | undefined;
afterEach(() => {
  repo?.cleanup();
  if (copy) rmSync(copy, { recursive: true, force: true });
});

it('the build wrote a code cache this Node accepts for the bundle', () => {
  const bundle = join(DIST, 'bundle.js');
  // The file is written already wrapped as Node's CommonJS loader wraps a module: compiled as it is.
  const source = readFileSync(bundle, 'utf8');
  expect(source.startsWith(Module.wrap('').split('\n')[0] ?? '')).toBe(true);
  const script = new Script(source, { filename: bundle, cachedData: readFileSync(join(DIST, 'bundle.cache')) });
  expect(script.cachedDataRejected).toBe(false);
});

it('a damaged, a foreign or a missing cache leaves the command working as before; a missing bundle is one line', () => {
  repo = makeRepo();
  repo.write('src/app.js', 'export const x = 1;\n');
  repo.tree({ node_modules: { left: { 'index.js': '1\n' } } });
  repo.git('add', '-A');
  const run = (cli: string): { status: number | null; stdout: string; stderr: string } =>
    spawnSync(process.execPath, [cli, '--staged', '--format', 'json'], { cwd: repo!.dir, env: cleanEnv({}, repo!.scratch), encoding: 'utf8' });
  const expected = run(CLI);
  expect(expected.status).toBe(1); // node_modules/ blocks: the report below is a real one
  expect(JSON.parse(expected.stdout).findings[0].rule).toBe('dependency-directory');

  // A copy of the installed package whose cache can be spoiled.
  copy = mkdtempSync(join(tmpdir(), 'cruft-check-pkg-'));
  cpSync(DIST, join(copy, 'dist'), { recursive: true });
  cpSync(join(PROJECT, 'package.json'), join(copy, 'package.json'));
  symlinkSync(join(PROJECT, 'node_modules'), join(copy, 'node_modules'));
  const cache = join(copy, 'dist', 'bundle.cache');
  const spoilers = [
    () => writeFileSync(cache, new Script('"another script"').createCachedData()), // another source: V8 refuses it
    () => writeFileSync(cache, readFileSync(cache).subarray(0, 1000)), // cut short
    () => writeFileSync(cache, 'not a code cache'),
    () => rmSync(cache),
  ];
  for (const spoil of spoilers) {
    spoil();
    const r = run(join(copy, 'dist', 'cli.js'));
    expect(r.stderr).toBe('');
    expect({ status: r.status, stdout: r.stdout }).toEqual({ status: expected.status, stdout: expected.stdout });
  }
  // A broken installation (a command's bundle gone, then the core itself): one line and exit code 2, no stack trace.
  rmSync(join(copy, 'dist', 'commands-rules.js'));
  const noCommand = spawnSync(process.execPath, [join(copy, 'dist', 'cli.js'), 'rules'], { cwd: repo.dir, env: cleanEnv({}, repo.scratch), encoding: 'utf8' });
  expect(noCommand.status).toBe(2);
  expect(noCommand.stdout).toBe('');
  expect(noCommand.stderr).toMatch(/^cruft-check: cannot read \S+commands-rules\.js \(ENOENT\): reinstall cruft-check, or run `npm run build` in its folder\n$/);
  rmSync(join(copy, 'dist', 'bundle.js'));
  const broken = run(join(copy, 'dist', 'cli.js'));
  expect(broken.status).toBe(2);
  expect(broken.stderr).toMatch(/^cruft-check: cannot read \S+bundle\.js \(ENOENT\): reinstall cruft-check, or run `npm run build` in its folder\n$/);
});
