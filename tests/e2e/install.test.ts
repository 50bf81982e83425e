// The npm install routes of cruft-check, run for real with npm:
// - `npm install <git URL>` (a project depending on cruft-check straight from git);
// - `npm pack` of a checkout, then `npm install` of the tarball (what the registry would serve).
// The pre-commit framework's route is in install-pre-commit.test.ts. The repository under test is
// a snapshot of this working tree (tests/helpers/e2e-install.ts). npm is asked to prefer its
// cache; dependencies are the project's own.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERSION, makeInstallBase, stagedRepos, type InstallBase } from '../helpers/e2e-install.js';
import { PROJECT } from '../helpers/repo.js';

let b: InstallBase;
const run = (cmd: string, args: string[], cwd: string): string => b.run(cmd, args, cwd);

beforeAll(() => {
  b = makeInstallBase();
}, 60_000);

afterAll(() => b?.cleanup());

describe('npm install from a git URL', () => {
  it('builds the package on install; node_modules/.bin/cruft-check works', () => {
    const app = join(b.base, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), '{ "name": "app", "version": "1.0.0", "private": true }\n');
    run('npm', ['install', '--save-dev', '--no-progress', `git+file://${b.source}#v9.9.9`], app);
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
    const clone = join(b.base, 'pack-clone');
    run('git', ['clone', '-q', '--branch', 'v9.9.9', b.source, clone], b.base);
    symlinkSync(join(PROJECT, 'node_modules'), join(clone, 'node_modules'));
    const manifest = readFileSync(join(clone, 'package.json'), 'utf8');
    const packed = run('npm', ['pack', '--pack-destination', b.base], clone).trim().split('\n').pop() ?? '';
    expect(packed).toBe(`cruft-check-${VERSION}.tgz`);
    // The clone's package.json is given back as it was (postpack), prepare included.
    expect(readFileSync(join(clone, 'package.json'), 'utf8')).toBe(manifest);
    const shipped = JSON.parse(run('tar', ['xzf', join(b.base, packed), '-O', 'package/package.json'], b.base)) as { scripts: Record<string, string> };
    expect(Object.keys(shipped.scripts)).not.toContain('prepare');
    expect(Object.keys(shipped.scripts).filter((k) => /^(pre|post)?install$/.test(k))).toEqual([]);
    const listed = run('tar', ['tzf', join(b.base, packed)], b.base).split('\n');
    expect(listed).toContain('package/dist/cli.js');
    // The typed library ships its declarations (package.json "types" and "exports" name them).
    expect(listed).toContain('package/dist/index.d.ts');

    const app = join(b.base, 'quiet-app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), '{ "name": "quiet-app", "version": "1.0.0", "private": true }\n');
    const r = spawnSync('npm', ['install', '--save-dev', '--prefer-offline', join(b.base, packed)], { cwd: app, env: b.env, encoding: 'utf8', input: '' });
    expect(r.status, r.stderr).toBe(0);
    const said = `${r.stdout}\n${r.stderr}`;
    expect(said.split('\n').filter((l) => /warn|error/i.test(l) && /cruft-check/i.test(l))).toEqual([]);
    const version = spawnSync('npx', ['cruft-check', '--version'], { cwd: app, env: b.env, encoding: 'utf8', input: '' });
    expect(version.stdout.trim()).toBe(VERSION);
  }, 600_000);
});
