// `cruft-check init` / `uninstall` in real repositories: plain hooks, core.hooksPath (the
// repository's and a global one), husky, a linked worktree, an existing hook (chained, still
// run, given back byte for byte), hooks it must not edit — and init's offers, with consent only.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error — plain JavaScript module shared with the demo
import { writeMongoDbPath } from '../../scripts/layouts/mongodb.mjs';
import { CLI, makeRepo, PROJECT, type TestRepo, makeNodeProject } from '../helpers/repo.js';
import { stagedNames, statusLines } from '../helpers/snapshot.js';

let repo: TestRepo;
afterEach(() => repo.cleanup());

/** `git commit` without a terminal (as a GUI client would run it): the hook can only block or pass. */
function commit(dir: string, ...args: string[]): { code: number; stderr: string } {
  const r = spawnSync('setsid', ['-w', 'git', 'commit', '-q', ...args], { cwd: dir, env: repo.env, encoding: 'utf8' });
  return { code: r.status ?? -1, stderr: r.stderr };
}
const stageDbPath = (dir = repo.dir): void => {
  writeMongoDbPath(join(dir, 'mongo_files'));
  spawnSync('git', ['add', 'mongo_files'], { cwd: dir, env: repo.env });
};
const gitHook = (): string => join(repo.dir, '.git', 'hooks', 'pre-commit');

describe('plain git hooks', () => {
  it('installs an executable hook that blocks, is idempotent, and uninstall removes what it created', () => {
    repo = makeRepo();
    const r = repo.cli(['init']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(`cruft-check: installed the pre-commit hook in ${gitHook()}`);
    expect(statSync(gitHook()).mode & 0o111).toBe(0o111);
    const installed = readFileSync(gitHook());
    expect(installed.toString()).toMatch(/^#!\/bin\/sh\n/);
    stageDbPath();
    expect(commit(repo.dir, '-m', 'db').code).toBe(1);

    const again = repo.cli(['init']);
    expect(again.stdout.split('\n')[0]).toBe(`cruft-check: already installed in ${gitHook()}`);
    expect(readFileSync(gitHook()).equals(installed)).toBe(true);

    expect(repo.cli(['uninstall']).stdout).toBe(`cruft-check: removed the hook ${gitHook()}\n`);
    expect(existsSync(gitHook())).toBe(false);
    expect(repo.cli(['uninstall']).stdout).toBe(`cruft-check: no cruft-check hook in ${gitHook()}\n`);
    expect(commit(repo.dir, '-m', 'db').code).toBe(0);
  });

  it('from a subfolder it installs at the top level (a relative core.hooksPath too); a bare repository, the .git folder and a plain folder get one line and exit 2', () => {
    repo = makeRepo();
    mkdirSync(join(repo.dir, 'src', 'deep'), { recursive: true });
    const sub = join(repo.dir, 'src', 'deep');
    expect(repo.cli(['init'], { cwd: sub }).stdout.split('\n')[0]).toBe(`cruft-check: installed the pre-commit hook in ${gitHook()}`);
    repo.git('config', 'core.hooksPath', 'tools/hooks');
    expect(repo.cli(['init'], { cwd: sub }).stdout.split('\n')[0]).toBe(`cruft-check: installed the pre-commit hook in ${join(repo.dir, 'tools', 'hooks', 'pre-commit')}`);
    const bare = join(repo.scratch, 'bare.git');
    repo.git('init', '-q', '--bare', bare);
    const plain = join(repo.scratch, 'plain');
    mkdirSync(plain);
    for (const [cwd, said] of [[bare, 'is a bare repository'], [join(repo.dir, '.git'), 'not a git repository'], [plain, 'not a git repository']] as const) {
      const r = repo.cli(['init'], { cwd });
      expect([r.code, r.stderr.split('\n')[0]], cwd).toEqual([2, expect.stringContaining(said)]);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('chains an existing hook, which still runs, and uninstall gives it back byte for byte', () => {
    repo = makeRepo();
    const original = '#!/bin/sh\n# the team hook\necho ran >> "$(git rev-parse --git-dir)/team-hook-ran"\n';
    mkdirSync(join(repo.dir, '.git', 'hooks'), { recursive: true });
    writeFileSync(gitHook(), original);
    chmodSync(gitHook(), 0o750);
    const r = repo.cli(['init']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(`cruft-check: added cruft-check to the existing hook ${gitHook()}`);
    expect(statSync(gitHook()).mode & 0o777).toBe(0o750);

    repo.write('app.py', 'print(1)\n');
    repo.git('add', 'app.py');
    expect(commit(repo.dir, '-m', 'app').code).toBe(0);
    expect(readFileSync(join(repo.dir, '.git', 'team-hook-ran'), 'utf8')).toBe('ran\n');
    stageDbPath();
    expect(commit(repo.dir, '-m', 'db').code).toBe(1);

    expect(repo.cli(['uninstall']).stdout).toBe(`cruft-check: removed cruft-check from ${gitHook()}\n`);
    expect(readFileSync(gitHook(), 'utf8')).toBe(original);
    expect(statSync(gitHook()).mode & 0o777).toBe(0o750);
  });

  it('chains a hook without a #! line too, and gives it back', () => {
    repo = makeRepo();
    const original = 'echo legacy >/dev/null\n';
    mkdirSync(join(repo.dir, '.git', 'hooks'), { recursive: true });
    writeFileSync(gitHook(), original, { mode: 0o755 });
    expect(repo.cli(['init']).code).toBe(0);
    expect(readFileSync(gitHook(), 'utf8').endsWith(original)).toBe(true);
    expect(repo.cli(['uninstall']).code).toBe(0);
    expect(readFileSync(gitHook(), 'utf8')).toBe(original);
  });

  it.each([
    ['a hook in another language', '#!/usr/bin/env python3\nprint("hi")\n', 0o755, /is not a shell script \(#!\/usr\/bin\/env python3\)/],
    ['a switched-off (not executable) hook', '#!/bin/sh\nexit 1\n', 0o644, /exists but is not executable/],
  ])('refuses to edit %s (exit 2, file unchanged)', (_name, text, mode, message) => {
    repo = makeRepo();
    mkdirSync(join(repo.dir, '.git', 'hooks'), { recursive: true });
    writeFileSync(gitHook(), text);
    chmodSync(gitHook(), mode);
    const r = repo.cli(['init']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(readFileSync(gitHook(), 'utf8')).toBe(text);
    expect(statSync(gitHook()).mode & 0o777).toBe(mode);
  });

  it('refuses to edit a hook that is a symbolic link into the work tree', () => {
    repo = makeRepo();
    repo.write('scripts/pre-commit', '#!/bin/sh\nexit 0\n');
    mkdirSync(join(repo.dir, '.git', 'hooks'), { recursive: true });
    symlinkSync('../../scripts/pre-commit', gitHook());
    const r = repo.cli(['init']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is a symbolic link');
    expect(readFileSync(join(repo.dir, 'scripts/pre-commit'), 'utf8')).toBe('#!/bin/sh\nexit 0\n');
  });
});

describe('where git looks for hooks', () => {
  it('core.hooksPath of the repository', () => {
    repo = makeRepo();
    repo.git('config', 'core.hooksPath', '.githooks');
    const r = repo.cli(['init']);
    expect(r.stdout).toBe(`cruft-check: installed the pre-commit hook in ${join(repo.dir, '.githooks', 'pre-commit')}\n` + r.stdout.split('\n').slice(1).join('\n'));
    expect(existsSync(join(repo.dir, '.githooks', 'pre-commit'))).toBe(true);
    expect(existsSync(gitHook())).toBe(false);
    stageDbPath();
    expect(commit(repo.dir, '-m', 'db').code).toBe(1);
  });

  it('core.hooksPath from the global configuration: installs where git looks, and says it is shared', () => {
    repo = makeRepo();
    const globalHooks = join(repo.scratch, 'global-hooks');
    writeFileSync(join(repo.scratch, '.gitconfig'), `[init]\n\tdefaultBranch = main\n[core]\n\thooksPath = ${globalHooks}\n`);
    const r = repo.cli(['init']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`installed the pre-commit hook in ${join(globalHooks, 'pre-commit')}`);
    expect(r.stdout).toContain('comes from your global git configuration');
    stageDbPath();
    expect(commit(repo.dir, '-m', 'db').code).toBe(1);
  });

  it('a linked worktree: the hook goes to the shared hooks folder and guards both work trees', () => {
    repo = makeRepo();
    const wt = join(repo.dir, '..', 'feature-wt');
    repo.git('worktree', 'add', '-q', '-b', 'feature', wt);
    const r = repo.cli(['init'], { cwd: wt });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(`cruft-check: installed the pre-commit hook in ${gitHook()}`);
    stageDbPath(wt);
    expect(commit(wt, '-m', 'db').code).toBe(1);
    stageDbPath();
    expect(commit(repo.dir, '-m', 'db').code).toBe(1);
    // uninstall from the main work tree removes the one shared hook
    expect(repo.cli(['uninstall']).code).toBe(0);
    expect(existsSync(gitHook())).toBe(false);
  });
});

describe('husky', () => {
  function huskyRepo(setUp: boolean): void {
    // What `npm install` would leave: cruft-check on node_modules/.bin (husky puts it on PATH).
    repo = makeNodeProject({ name: 'app', devDependencies: { husky: '^9.1.7' } });
    if (setUp) {
      const h = spawnSync(process.execPath, [join(PROJECT, 'node_modules', 'husky', 'bin.js')], { cwd: repo.dir, env: repo.env, encoding: 'utf8' });
      expect(h.status, h.stderr).toBe(0);
    }
  }

  it('writes .husky/pre-commit with no machine-specific path, and husky runs it', () => {
    huskyRepo(true);
    expect(repo.git('config', 'core.hooksPath').trim()).toBe('.husky/_');
    const r = repo.cli(['init']);
    expect(r.code).toBe(0);
    const file = join(repo.dir, '.husky', 'pre-commit');
    expect(r.stdout).toBe(`cruft-check: installed the pre-commit hook in ${file}\n` + r.stdout.split('\n').slice(1).join('\n'));
    expect(r.stdout).not.toContain('husky is not set up');
    expect(readFileSync(file, 'utf8')).not.toContain('CRUFT_CHECK_CLI=');
    stageDbPath();
    const blocked = commit(repo.dir, '-m', 'db');
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toContain('mongo_files/');
    repo.git('rm', '-r', '-q', '--cached', 'mongo_files');
    repo.write('app.js', 'console.log(1)\n');
    repo.git('add', 'app.js');
    expect(commit(repo.dir, '-m', 'app').code).toBe(0);
  });

  it('says so when husky is not set up in this clone', () => {
    huskyRepo(false);
    const r = repo.cli(['init']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('husky is not set up in this clone');
  });
});

describe("init's offers", () => {
  const untrackedCruft = (): void => {
    writeMongoDbPath(join(repo.dir, 'mongo_files'));
    repo.tree({ node_modules: { leftpad: { 'index.js': 'module.exports = 1\n' } } });
  };

  it('without a flag or a terminal it writes nothing and says how', () => {
    repo = makeRepo();
    untrackedCruft();
    const r = repo.cli(['init']);
    expect(r.code).toBe(0);
    expect(existsSync(join(repo.dir, '.cruftignore'))).toBe(false);
    expect(existsSync(join(repo.dir, '.gitignore'))).toBe(false);
    expect(r.stdout).toContain('cruft-check init --with-cruftignore');
    expect(r.stdout).toContain('cruft-check init --ignore-untracked');
  });

  it('--with-cruftignore writes .cruftignore from the example with every pattern commented out', () => {
    repo = makeRepo();
    const r = repo.cli(['init', '--with-cruftignore']);
    expect(r.code).toBe(0);
    const text = readFileSync(join(repo.dir, '.cruftignore'), 'utf8');
    const example = readFileSync(join(PROJECT, '.cruftignore.example'), 'utf8');
    expect(text.split('\n')).toHaveLength(example.split('\n').length);
    expect(text.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'))).toEqual([]);
    expect(text).toContain('# /dist/');
  });

  it('--with-cruftignore never overwrites an existing .cruftignore', () => {
    repo = makeRepo();
    repo.write('.cruftignore', '/fixtures/\n');
    expect(repo.cli(['init', '--with-cruftignore']).code).toBe(0);
    expect(readFileSync(join(repo.dir, '.cruftignore'), 'utf8')).toBe('/fixtures/\n');
  });

  it('--ignore-untracked adds .gitignore lines for untracked cruft, and stages nothing', () => {
    repo = makeRepo();
    untrackedCruft();
    const r = repo.cli(['init', '--ignore-untracked']);
    expect(r.code).toBe(0);
    expect(readFileSync(join(repo.dir, '.gitignore'), 'utf8')).toBe('# added by cruft-check\n/mongo_files/\nnode_modules/\n');
    expect(statusLines(repo)).toEqual(expect.arrayContaining(['!! mongo_files/', '!! node_modules/']));
    expect(stagedNames(repo)).toEqual([]);
    // Twice: nothing more.
    expect(repo.cli(['init', '--ignore-untracked']).code).toBe(0);
    expect(readFileSync(join(repo.dir, '.gitignore'), 'utf8')).toBe('# added by cruft-check\n/mongo_files/\nnode_modules/\n');
  });

  it('on a terminal it asks, and does only what was agreed to', () => {
    repo = makeRepo();
    untrackedCruft();
    const run = (input: string) =>
      spawnSync('script', ['-qec', `node '${CLI}' init`, '/dev/null'], { cwd: repo.dir, env: { ...repo.env, SHELL: '/bin/sh' }, input, encoding: 'utf8' });
    const declined = run('\nn\n');
    expect(declined.status).toBe(0);
    expect(declined.stdout).toContain('Create .cruftignore');
    expect(declined.stdout).toContain('Add /mongo_files/  node_modules/ to .gitignore? [y/N]');
    expect(existsSync(join(repo.dir, '.cruftignore'))).toBe(false);
    expect(existsSync(join(repo.dir, '.gitignore'))).toBe(false);
    const agreed = run('y\ny\n');
    expect(agreed.status).toBe(0);
    expect(existsSync(join(repo.dir, '.cruftignore'))).toBe(true);
    expect(readFileSync(join(repo.dir, '.gitignore'), 'utf8')).toBe('# added by cruft-check\n/mongo_files/\nnode_modules/\n');
  });
});
