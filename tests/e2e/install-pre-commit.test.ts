// The pre-commit framework installs cruft-check from a git checkout, for real, through the
// README's `repo:` route. Its `language: node` install (pre_commit/languages/node.py) runs, in its
// clone of the repository, `npm install --dev --prod --ignore-prepublish --no-progress --no-save`
// (prepare builds dist/), then `npm pack`, then `npm install -g <tarball>` into its own env, then
// deletes the clone's node_modules and the tarball; the hook's `entry` is run from the env's bin/.
// This file checks that env (the installed copy must stand alone) and the hook through real
// `git commit`s. The repository under test is a snapshot of this working tree
// (tests/helpers/e2e-install.ts); npm's routes are in install.test.ts.
//
// Debian 12 ships pre-commit 3.0.4 (`apt-get install pre-commit`; .ci/run installs it). The
// current 4.x comes only from PyPI, which cannot be reached from here: it is not tested.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { VERSION, makeInstallBase, stagedRepos, type InstallBase } from '../helpers/e2e-install.js';

let b: InstallBase;

beforeAll(() => {
  b = makeInstallBase();
}, 60_000);

afterAll(() => b?.cleanup());

describe('the real pre-commit framework, through the README\'s `repo:` route (issue 16, item 3)', () => {
  it('pre-commit install, then a real git commit: a bulk add of mongo_files/ is stopped, a clean commit goes through; pre-commit run agrees; the env it built holds a working cruft-check', () => {
    const version = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
    expect(version.status, 'pre-commit is not installed: apt-get install pre-commit (.ci/run does)').toBe(0);
    // dist/ is not in git: the framework's install must build it.
    expect(b.run('git', ['ls-tree', '-r', '--name-only', 'v9.9.9'], b.source).split('\n').filter((f) => f.startsWith('dist/'))).toEqual([]);
    const home = join(b.base, 'pre-commit-home');
    const { blocked, clean } = stagedRepos();
    try {
      const preEnv = (r: { env: NodeJS.ProcessEnv }): NodeJS.ProcessEnv => ({
        ...b.npmEnv(),
        ...r.env,
        PRE_COMMIT_HOME: home,
        npm_config_cache: join(process.env.HOME ?? '/root', '.npm'),
        npm_config_prefer_offline: 'true',
        CI: 'true',
      });
      const config = `repos:\n  - repo: ${b.source}\n    rev: v9.9.9\n    hooks:\n      - id: cruft-check\n`;
      for (const r of [blocked, clean]) {
        writeFileSync(join(r.dir, '.pre-commit-config.yaml'), config);
        r.git('add', '.pre-commit-config.yaml');
        const install = spawnSync('pre-commit', ['install'], { cwd: r.dir, env: preEnv(r), encoding: 'utf8' });
        expect(install.status, install.stderr).toBe(0);
      }
      // The hook environment is built on first use (npm install in pre-commit's clone of the repository).
      const run = spawnSync('pre-commit', ['run'], { cwd: blocked.dir, env: preEnv(blocked), encoding: 'utf8' });
      expect(run.status, run.stdout + run.stderr).toBe(1);
      expect(run.stdout).toMatch(/cruft-check\.+Failed/);
      expect(run.stdout).toContain('database-directory');

      // What that install left: the clone (npm install built dist/ there; node_modules and the
      // tarball deleted) and the env with the package installed globally.
      const clones = readdirSync(home).map((d) => join(home, d)).filter((d) => existsSync(join(d, '.pre-commit-hooks.yaml')));
      expect(clones).toHaveLength(1);
      const clone = clones[0] ?? '';
      expect(existsSync(join(clone, 'dist', 'cli.js'))).toBe(true);
      expect(existsSync(join(clone, 'node_modules'))).toBe(false);
      expect(readdirSync(clone).filter((f) => f.endsWith('.tgz'))).toEqual([]);
      const envs = readdirSync(clone).filter((d) => d.startsWith('node_env-'));
      expect(envs).toHaveLength(1);
      const prefix = join(clone, envs[0] ?? '');
      const hookPath = `${join(prefix, 'bin')}:${b.env.PATH ?? ''}`;
      const hook = (parse(readFileSync(join(clone, '.pre-commit-hooks.yaml'), 'utf8')) as Array<{ entry: string }>)[0];
      const [bin = '', ...args] = (hook?.entry ?? '').split(' ');
      const installed = join(prefix, 'bin', bin);
      expect(existsSync(installed)).toBe(true);
      expect(b.run(installed, ['--version'], b.base, { ...b.env, PATH: hookPath }).trim()).toBe(VERSION);
      // As the framework runs it: no file names, no terminal for stdin, output captured.
      const no = spawnSync(installed, args, { cwd: blocked.dir, env: { ...blocked.env, PATH: hookPath }, encoding: 'utf8', input: '' });
      expect(no.status).toBe(1);
      expect(no.stderr).toContain('database-directory');
      const yes = spawnSync(installed, args, { cwd: clean.dir, env: { ...clean.env, PATH: hookPath }, encoding: 'utf8', input: '' });
      expect(yes.status).toBe(0);
      const sarif = spawnSync(installed, ['--staged', '--format', 'sarif'], { cwd: blocked.dir, env: blocked.env, encoding: 'utf8' });
      expect(sarif.status).toBe(1);
      expect(JSON.parse(sarif.stdout).runs[0].results[0].ruleId).toBe('database-directory');

      const head = blocked.git('rev-parse', 'HEAD');
      const commit = spawnSync('git', ['commit', '-m', 'homework'], { cwd: blocked.dir, env: preEnv(blocked), encoding: 'utf8' });
      expect(commit.status).not.toBe(0);
      expect(commit.stdout + commit.stderr).toContain('mongo_files/');
      expect(blocked.git('rev-parse', 'HEAD')).toBe(head);

      const ok = spawnSync('git', ['commit', '-m', 'app'], { cwd: clean.dir, env: preEnv(clean), encoding: 'utf8' });
      expect(ok.status, ok.stdout + ok.stderr).toBe(0);
      expect(ok.stdout + ok.stderr).toMatch(/cruft-check\.+Passed/);
    } finally {
      blocked.cleanup();
      clean.cleanup();
    }
  }, 600_000);
});
