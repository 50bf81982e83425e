// `cruft-check init --global`: one user's every repository, through real `git init`, `git clone`,
// `git commit` and `git push`. Each test has its own HOME and GIT_CONFIG_GLOBAL (the helper's
// scratch folder), never the machine's.
import { spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { template } from '../helpers/copy.js';
import { makeRepo, PROJECT, runCli, cleanEnv, type TestRepo } from '../helpers/repo.js';

let repo: TestRepo;
afterEach(() => repo.cleanup());

/**
 * A repository and a HOME where `init --global` has run, built once and copied for the tests that
 * start there (the copy's paths to its HOME are rewritten; see tests/helpers/copy.ts).
 */
const installed = template(() => {
  repo = makeRepo();
  expect(cli(['init', '--global']).code).toBe(0);
  return repo;
});
afterAll(() => installed.dispose());

const NAMES = [
  'applypatch-msg', 'pre-applypatch', 'post-applypatch', 'pre-commit', 'pre-merge-commit', 'prepare-commit-msg', 'commit-msg',
  'post-commit', 'pre-rebase', 'post-checkout', 'post-merge', 'pre-push', 'pre-receive', 'update', 'proc-receive', 'post-receive',
  'post-update', 'reference-transaction', 'push-to-checkout', 'pre-auto-gc', 'post-rewrite', 'sendemail-validate',
  'fsmonitor-watchman', 'p4-changelist', 'p4-prepare-changelist', 'p4-post-changelist', 'p4-pre-submit', 'post-index-change',
];

/** The test's environment without XDG_CONFIG_HOME (so the hooks go to $HOME/.config). */
const env = (): NodeJS.ProcessEnv => {
  const e = { ...repo.env };
  delete e.XDG_CONFIG_HOME;
  return e;
};
const hooksDir = (): string => join(repo.scratch, '.config', 'cruft-check', 'hooks');
const cli = (args: string[], cwd = repo.dir) => runCli(args, { cwd, env: env() });
const git = (cwd: string, ...args: string[]) => spawnSync('git', args, { cwd, env: env(), encoding: 'utf8' });
/** `git commit` without a terminal, as a GUI client runs it. */
const commit = (cwd: string, ...args: string[]) => spawnSync('setsid', ['-w', 'git', 'commit', '-q', ...args], { cwd, env: env(), encoding: 'utf8' });
const globalConfig = (): string => readFileSync(join(repo.scratch, '.gitconfig'), 'utf8');

/**
 * The identity a test commits with, appended to a repository's own .git/config as
 * `git config user.name …` and `git config user.email …` would write it: two git processes per
 * repository where git is the setup, not the subject.
 */
function setIdentity(dir: string): void {
  appendFileSync(join(dir, '.git', 'config'), '[user]\n\tname = Test\n\temail = test@example.com\n');
}

function newRepo(name: string): string {
  const dir = join(repo.scratch, name);
  const r = git(repo.scratch, 'init', '-q', name);
  expect(r.status).toBe(0);
  setIdentity(dir);
  return dir;
}

function stageNodeModules(dir: string): void {
  mkdirSync(join(dir, 'node_modules', 'left'), { recursive: true });
  writeFileSync(join(dir, 'node_modules', 'left', 'index.js'), 'module.exports = 1\n');
  writeFileSync(join(dir, 'app.js'), 'console.log(1)\n');
  git(dir, 'add', '.');
}

function ownHook(dir: string, name: string, body: string): void {
  mkdirSync(join(dir, '.git', 'hooks'), { recursive: true });
  writeFileSync(join(dir, '.git', 'hooks', name), `#!/bin/sh\n${body}\n`);
  chmodSync(join(dir, '.git', 'hooks', name), 0o755);
}

describe('init --global', () => {
  it('guards a repository made afterwards with git init, with no file written in it', () => {
    // `init --global` in a fresh repository and HOME is what the template runs (and checks exits
    // 0); its copy is that state, with the paths to its HOME rewritten to the copy's.
    repo = installed.copy();
    expect(git(repo.scratch, 'config', '--global', 'core.hooksPath').stdout.trim()).toBe(hooksDir());
    expect(readdirSync(hooksDir()).sort()).toEqual([...NAMES].sort());
    for (const n of NAMES) expect(statSync(join(hooksDir(), n)).mode & 0o111).toBe(0o111);

    const fresh = newRepo('fresh');
    stageNodeModules(fresh);
    const blocked = commit(fresh, '-m', 'everything');
    expect(blocked.status).toBe(1);
    expect(blocked.stderr).toMatch(/dependency-directory/);
    expect(git(fresh, 'rev-parse', '-q', '--verify', 'HEAD').status).not.toBe(0);
    // Nothing was written into the repository: its .git/hooks holds git's samples only.
    expect(readdirSync(join(fresh, '.git', 'hooks')).every((f) => f.endsWith('.sample'))).toBe(true);
    git(fresh, 'rm', '-r', '-q', '--cached', 'node_modules');
    expect(commit(fresh, '-m', 'app').status).toBe(0);
  });

  it("runs the repository's own hooks after cruft-check, with the same arguments and standard input", () => {
    repo = installed.copy();
    const dir = newRepo('own');
    ownHook(dir, 'pre-commit', 'echo pre-commit-ran >> "$(git rev-parse --git-dir)/ran"; exit 0');
    ownHook(dir, 'commit-msg', 'grep -q "needs ticket" "$1" && { echo "no ticket" >&2; exit 1; }; echo "commit-msg $1" >> "$(git rev-parse --git-dir)/ran"');
    ownHook(dir, 'pre-push', 'echo "pre-push $1 $2" >> "$(git rev-parse --git-dir)/ran"; cat >> "$(git rev-parse --git-dir)/ran"');
    ownHook(dir, 'post-checkout', 'echo "post-checkout $# $3" >> "$(git rev-parse --git-dir)/ran"');
    writeFileSync(join(dir, 'a.txt'), 'a\n');
    git(dir, 'add', 'a.txt');
    expect(commit(dir, '-m', 'needs ticket').status).toBe(1); // the repository's own commit-msg still decides
    expect(commit(dir, '-m', 'first').status).toBe(0);
    git(dir, 'checkout', '-q', '-b', 'topic');
    const bare = join(repo.scratch, 'remote.git');
    expect(git(repo.scratch, 'init', '-q', '--bare', bare).status).toBe(0);
    expect(git(dir, 'push', '-q', bare, 'topic').status).toBe(0);
    const ran = readFileSync(join(dir, '.git', 'ran'), 'utf8');
    const sha = git(dir, 'rev-parse', 'HEAD').stdout.trim();
    expect(ran).toContain('pre-commit-ran\n');
    expect(ran).toContain('commit-msg .git/COMMIT_EDITMSG\n');
    expect(ran).toContain('post-checkout 3 1\n');
    expect(ran).toContain(`pre-push ${bare} ${bare}\nrefs/heads/topic ${sha} refs/heads/topic ${'0'.repeat(40)}\n`);
  });

  it('a hook the repository switched off (not executable) stays off; cruft-check runs once where init already chained it', () => {
    repo = installed.copy();
    const dir = newRepo('off');
    ownHook(dir, 'pre-commit', 'exit 1');
    chmodSync(join(dir, '.git', 'hooks', 'pre-commit'), 0o644);
    writeFileSync(join(dir, 'a.txt'), 'a\n');
    git(dir, 'add', 'a.txt');
    expect(commit(dir, '-m', 'a').status).toBe(0);

    const both = newRepo('both');
    const globalHook = readFileSync(join(hooksDir(), 'pre-commit'), 'utf8');
    const init = cli(['init'], both);
    expect(init.code).toBe(0);
    // init writes the repository's own hook (which the global folder runs), never the shared one.
    expect(init.stdout).toContain(join(both, '.git', 'hooks', 'pre-commit'));
    expect(readFileSync(join(hooksDir(), 'pre-commit'), 'utf8')).toBe(globalHook);
    stageNodeModules(both);
    const r = commit(both, '-m', 'x');
    expect(r.status).toBe(1);
    expect(r.stderr.match(/The commit was stopped/g)).toHaveLength(1);
  });

  it('in a linked worktree, forwards to the main repository\'s hooks (git keeps them in the common directory)', () => {
    repo = installed.copy();
    ownHook(repo.dir, 'commit-msg', 'echo "commit-msg ran" >> "$(git rev-parse --git-common-dir)/ran"');
    const wt = join(repo.scratch, 'wt');
    expect(git(repo.dir, 'worktree', 'add', '-q', '-b', 'side', wt).status).toBe(0);
    writeFileSync(join(wt, 'b.txt'), 'b\n');
    git(wt, 'add', 'b.txt');
    expect(commit(wt, '-m', 'b').status).toBe(0);
    expect(readFileSync(join(repo.dir, '.git', 'ran'), 'utf8')).toBe('commit-msg ran\n');
    stageNodeModules(wt);
    expect(commit(wt, '-m', 'x').status).toBe(1);
  });

  it('guards a repository cloned afterwards', () => {
    repo = installed.copy();
    const bare = join(repo.scratch, 'origin.git');
    git(repo.scratch, 'clone', '-q', '--bare', repo.dir, bare);
    const r = git(repo.scratch, 'clone', '-q', bare, 'clone');
    expect(r.status).toBe(0);
    const dir = join(repo.scratch, 'clone');
    setIdentity(dir);
    stageNodeModules(dir);
    expect(commit(dir, '-m', 'x').status).toBe(1);
  });

  it('--status: a repository with its own core.hooksPath (husky) keeps it and is reported, with the fix', () => {
    repo = makeRepo();
    const before = cli(['init', '--global', '--status']);
    expect(before.code).toBe(1);
    expect(before.stdout).toMatch(/global hooks: not installed/);
    expect(cli(['init', '--global']).code).toBe(0);
    const covered = cli(['init', '--global', '--status']);
    expect(covered.code).toBe(0);
    expect(covered.stdout).toContain(`${repo.dir}: covered`);

    const husky = newRepo('husky');
    git(husky, 'config', 'core.hooksPath', '.husky/_');
    const r = cli(['init', '--global', '--status', husky, repo.dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${husky}: not covered: uses its own hooks path (.husky/_, local configuration)`);
    expect(r.stdout).toMatch(/fix: cd .*husky && npx cruft-check init/);
    expect(r.stdout).toContain(`${repo.dir}: covered`);
    // And indeed: git runs the repository's hooks path there, not ours.
    stageNodeModules(husky);
    expect(commit(husky, '-m', 'x').status).toBe(0);
  });

  it('uninstall --global restores an absent setting as absent and a previous value exactly', () => {
    repo = makeRepo();
    const original = globalConfig();
    expect(cli(['init', '--global']).code).toBe(0);
    expect(cli(['init', '--global']).code).toBe(0); // twice: the first record stays
    expect(cli(['uninstall', '--global']).code).toBe(0);
    expect(git(repo.scratch, 'config', '--global', '--get', 'core.hooksPath').status).toBe(1);
    expect(existsSync(hooksDir())).toBe(false);

    const previous = join(repo.scratch, 'my hooks');
    mkdirSync(previous);
    writeFileSync(join(previous, 'pre-commit'), '#!/bin/sh\necho mine >> "$(git rev-parse --git-dir)/mine"\n');
    chmodSync(join(previous, 'pre-commit'), 0o755);
    git(repo.scratch, 'config', '--global', 'core.hooksPath', previous);
    expect(cli(['init', '--global']).code).toBe(0);
    expect(cli(['init', '--global']).code).toBe(0);
    // While installed, the previous global folder's hooks still run (they ran in every repository before).
    const dir = newRepo('prev');
    writeFileSync(join(dir, 'a.txt'), 'a\n');
    git(dir, 'add', 'a.txt');
    expect(commit(dir, '-m', 'a').status).toBe(0);
    expect(readFileSync(join(dir, '.git', 'mine'), 'utf8')).toBe('mine\n');
    expect(cli(['uninstall', '--global']).code).toBe(0);
    expect(git(repo.scratch, 'config', '--global', '--get', 'core.hooksPath').stdout).toBe(`${previous}\n`);
    expect(original).not.toContain('hooksPath');
  });

  it('uses $XDG_CONFIG_HOME when set', () => {
    repo = makeRepo();
    const xdg = join(repo.scratch, 'xdg');
    const r = runCli(['init', '--global'], { cwd: repo.dir, env: { ...env(), XDG_CONFIG_HOME: xdg } });
    expect(r.code).toBe(0);
    expect(git(repo.scratch, 'config', '--global', 'core.hooksPath').stdout.trim()).toBe(join(xdg, 'cruft-check', 'hooks'));
  });

  it('lets the commit through with one line when cruft-check has vanished since install', () => {
    repo = makeRepo();
    // A copy of the package, as an npx cache holds it; removed after install (the cache was cleared).
    const pkg = join(repo.scratch, 'npx-cache', 'cruft-check');
    mkdirSync(pkg, { recursive: true });
    for (const f of ['dist', 'hooks', 'package.json', '.cruftignore.example']) cpSync(join(PROJECT, f), join(pkg, f), { recursive: true });
    const r = spawnSync(process.execPath, [join(pkg, 'dist', 'cli.js'), 'init', '--global'], { cwd: repo.dir, env: env(), encoding: 'utf8' });
    expect(r.status).toBe(0);
    rmSync(pkg, { recursive: true });
    const dir = newRepo('vanished');
    stageNodeModules(dir);
    const c = commit(dir, '-m', 'x');
    expect(c.status).toBe(0);
    expect(c.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^cruft-check: not found .* not checked/)]);
  });

  it('bad input is one line and exit 2', () => {
    repo = makeRepo();
    const r = cli(['uninstall', '--global', 'extra']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    const s = runCli(['init', '--status'], { cwd: repo.dir, env: cleanEnv({}, repo.scratch) });
    expect(s.code).toBe(2);
  });
});
