// The install paths that build cruft-check from a git checkout, run for real with npm:
// - the pre-commit framework's `language: node` install (pre_commit/languages/node.py): in its clone
//   of the repository `npm install --dev --prod --ignore-prepublish --no-progress --no-save`, then
//   `npm pack`, then `npm install -g <tarball>` with NPM_CONFIG_PREFIX pointing at its own env, then
//   the clone's node_modules is deleted; the hook's `entry` is then run from the env's bin/;
// - `npm install <git URL>` (a project depending on cruft-check straight from git).
// The repository under test is a snapshot of this working tree (tracked and new files, as the
// next commit would hold them). npm is asked to prefer its cache; dependencies are the project's own.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
// @ts-expect-error — a plain .mjs script without type declarations
import { writeMongoDbPath } from '../../scripts/layouts/mongodb.mjs';
import { PROJECT, cleanEnv, makeRepo } from '../helpers/repo.js';

const VERSION = (JSON.parse(readFileSync(join(PROJECT, 'package.json'), 'utf8')) as { version: string }).version;
let base: string;
let source: string;
let env: NodeJS.ProcessEnv;

/** The test's environment for npm: no npm_* variables of the `npm test` that may have started us. */
function npmEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const e = cleanEnv({}, join(base, 'home'));
  for (const k of Object.keys(e)) if (/^npm_/i.test(k)) delete e[k];
  // The real user's npm cache (filled by `npm ci`), so the install needs no network when it is warm.
  e.npm_config_cache = join(process.env.HOME ?? '/root', '.npm');
  e.npm_config_prefer_offline = 'true';
  e.npm_config_audit = 'false';
  e.npm_config_fund = 'false';
  e.npm_config_update_notifier = 'false';
  return { ...e, ...extra };
}

const run = (cmd: string, args: string[], cwd: string, e: NodeJS.ProcessEnv = env): string => {
  const r = spawnSync(cmd, args, { cwd, env: e, encoding: 'utf8', input: '' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
};

beforeAll(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'cruft-check-install-')));
  mkdirSync(join(base, 'home'));
  writeFileSync(join(base, 'home', '.gitconfig'), '[user]\n\tname = Test\n\temail = test@example.com\n[init]\n\tdefaultBranch = main\n');
  env = npmEnv();
  // Snapshot the working tree into a fresh repository (what pre-commit would clone at a tag).
  source = join(base, 'cruft-check');
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: PROJECT, env: cleanEnv(), encoding: 'utf8' })
    .split('\0')
    .filter((f) => f && existsSync(join(PROJECT, f)));
  for (const f of files) {
    mkdirSync(dirname(join(source, f)), { recursive: true });
    copyFileSync(join(PROJECT, f), join(source, f));
  }
  run('git', ['init', '-q', '-b', 'main'], source);
  run('git', ['add', '-A'], source);
  run('git', ['commit', '-q', '--no-verify', '-m', 'snapshot'], source);
  run('git', ['tag', 'v9.9.9'], source);
}, 60_000);

afterAll(() => {
  if (base) rmSync(base, { recursive: true, force: true });
});

/** A repository with mongo_files/ staged, and one with an ordinary file staged. */
function stagedRepos() {
  const blocked = makeRepo();
  writeMongoDbPath(join(blocked.dir, 'mongo_files'), { scale: 0.02 });
  blocked.git('add', 'mongo_files');
  const clean = makeRepo();
  clean.write('app.js', 'console.log(1);\n');
  clean.git('add', 'app.js');
  return { blocked, clean };
}

describe('the pre-commit framework installs the hook from a git checkout', () => {
  it('npm install (builds dist/ in prepare) → npm pack → npm install -g; the entry runs from the env', () => {
    const clone = join(base, 'pre-commit-clone');
    run('git', ['clone', '-q', '--branch', 'v9.9.9', source, clone], base);
    expect(existsSync(join(clone, 'dist'))).toBe(false); // dist/ is not in git: the install must build it
    const prefix = join(base, 'node_env');
    const hookEnv = npmEnv({ NPM_CONFIG_PREFIX: prefix, npm_config_prefix: prefix, PATH: `${join(prefix, 'bin')}:${env.PATH ?? ''}` });
    run('npm', ['install', '--dev', '--prod', '--ignore-prepublish', '--no-progress', '--no-save'], clone, hookEnv);
    expect(existsSync(join(clone, 'dist', 'cli.js'))).toBe(true);
    const tarball = run('npm', ['pack'], clone, hookEnv).trim().split('\n').pop() ?? '';
    expect(tarball).toBe(`cruft-check-${VERSION}.tgz`);
    run('npm', ['install', '-g', join(clone, tarball)], clone, hookEnv);
    // pre-commit then deletes the clone's node_modules and the tarball: the installed copy must stand alone.
    rmSync(join(clone, 'node_modules'), { recursive: true, force: true });
    rmSync(join(clone, tarball));

    const hook = (parse(readFileSync(join(clone, '.pre-commit-hooks.yaml'), 'utf8')) as Array<{ entry: string }>)[0];
    const [bin = '', ...args] = (hook?.entry ?? '').split(' ');
    const installed = join(prefix, 'bin', bin);
    expect(existsSync(installed)).toBe(true);
    expect(run(installed, ['--version'], base, hookEnv).trim()).toBe(VERSION);

    const { blocked, clean } = stagedRepos();
    try {
      // As the framework runs it: no file names, no terminal for stdin, output captured.
      const no = spawnSync(installed, args, { cwd: blocked.dir, env: { ...blocked.env, PATH: hookEnv.PATH }, encoding: 'utf8', input: '' });
      expect(no.status).toBe(1);
      expect(no.stderr).toContain('database-directory');
      const yes = spawnSync(installed, args, { cwd: clean.dir, env: { ...clean.env, PATH: hookEnv.PATH }, encoding: 'utf8', input: '' });
      expect(yes.status).toBe(0);
      const sarif = spawnSync(installed, ['--staged', '--format', 'sarif'], { cwd: blocked.dir, env: blocked.env, encoding: 'utf8' });
      expect(sarif.status).toBe(1);
      expect(JSON.parse(sarif.stdout).runs[0].results[0].ruleId).toBe('database-directory');
    } finally {
      blocked.cleanup();
      clean.cleanup();
    }
  }, 600_000);
});

describe('npm install from a git URL', () => {
  it('builds the package on install; node_modules/.bin/cruft-check works', () => {
    const app = join(base, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), '{ "name": "app", "version": "1.0.0", "private": true }\n');
    run('npm', ['install', '--save-dev', '--no-progress', `git+file://${source}#v9.9.9`], app);
    const bin = join(app, 'node_modules', '.bin', 'cruft-check');
    expect(run(bin, ['--version'], app).trim()).toBe(VERSION);
    expect(existsSync(join(app, 'node_modules', 'cruft-check', 'dist', 'cli.js'))).toBe(true);
    // Only the runtime files are installed: no sources, no tests.
    expect(existsSync(join(app, 'node_modules', 'cruft-check', 'src'))).toBe(false);
    // The library entry loads too (`import { check } from 'cruft-check'`).
    expect(run(process.execPath, ['--input-type=module', '-e', "const m = await import('cruft-check'); console.log(typeof m.check, m.RULES.length > 0)"], app).trim()).toBe('function true');
    const { blocked, clean } = stagedRepos();
    try {
      expect(spawnSync(bin, ['--hook'], { cwd: blocked.dir, env: blocked.env, encoding: 'utf8', input: '' }).status).toBe(1);
      expect(spawnSync(bin, ['--hook'], { cwd: clean.dir, env: clean.env, encoding: 'utf8', input: '' }).status).toBe(0);
    } finally {
      blocked.cleanup();
      clean.cleanup();
    }
  }, 600_000);
});

describe('the packed tarball installs quietly (issue 16, item 4)', () => {
  it('npm pack ships dist/ and no prepare script; npm install --save-dev of it prints no warning about cruft-check; npx cruft-check works', () => {
    // A clone of the snapshot, with the project's dependencies (prepack builds dist/ with esbuild).
    const clone = join(base, 'pack-clone');
    run('git', ['clone', '-q', '--branch', 'v9.9.9', source, clone], base);
    symlinkSync(join(PROJECT, 'node_modules'), join(clone, 'node_modules'));
    const manifest = readFileSync(join(clone, 'package.json'), 'utf8');
    const packed = run('npm', ['pack', '--pack-destination', base], clone).trim().split('\n').pop() ?? '';
    expect(packed).toBe(`cruft-check-${VERSION}.tgz`);
    // The clone's package.json is given back as it was (postpack), prepare included.
    expect(readFileSync(join(clone, 'package.json'), 'utf8')).toBe(manifest);
    const shipped = JSON.parse(run('tar', ['xzf', join(base, packed), '-O', 'package/package.json'], base)) as { scripts: Record<string, string> };
    expect(Object.keys(shipped.scripts)).not.toContain('prepare');
    expect(Object.keys(shipped.scripts).filter((k) => /^(pre|post)?install$/.test(k))).toEqual([]);
    const listed = run('tar', ['tzf', join(base, packed)], base).split('\n');
    expect(listed).toContain('package/dist/cli.js');
    // The typed library ships its declarations (package.json "types" and "exports" name them).
    expect(listed).toContain('package/dist/index.d.ts');

    const app = join(base, 'quiet-app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), '{ "name": "quiet-app", "version": "1.0.0", "private": true }\n');
    const r = spawnSync('npm', ['install', '--save-dev', '--prefer-offline', join(base, packed)], { cwd: app, env, encoding: 'utf8', input: '' });
    expect(r.status, r.stderr).toBe(0);
    const said = `${r.stdout}\n${r.stderr}`;
    expect(said.split('\n').filter((l) => /warn|error/i.test(l) && /cruft-check/i.test(l))).toEqual([]);
    const version = spawnSync('npx', ['cruft-check', '--version'], { cwd: app, env, encoding: 'utf8', input: '' });
    expect(version.stdout.trim()).toBe(VERSION);
  }, 600_000);
});

describe('the real pre-commit framework, through the README\'s `repo:` route (issue 16, item 3)', () => {
  // Debian 12 ships pre-commit 3.0.4 (`apt-get install pre-commit`; .ci/run installs it). The
  // current 4.x comes only from PyPI, which cannot be reached from here: it is not tested.
  it('pre-commit install, then a real git commit: a bulk add of mongo_files/ is stopped, a clean commit goes through; pre-commit run agrees', () => {
    const version = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
    expect(version.status, 'pre-commit is not installed: apt-get install pre-commit (.ci/run does)').toBe(0);
    const { blocked, clean } = stagedRepos();
    try {
      const preEnv = (r: { env: NodeJS.ProcessEnv }): NodeJS.ProcessEnv => ({
        ...npmEnv(),
        ...r.env,
        PRE_COMMIT_HOME: join(base, 'pre-commit-home'),
        npm_config_cache: join(process.env.HOME ?? '/root', '.npm'),
        npm_config_prefer_offline: 'true',
        CI: 'true',
      });
      const config = `repos:\n  - repo: ${source}\n    rev: v9.9.9\n    hooks:\n      - id: cruft-check\n`;
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
