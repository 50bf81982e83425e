// The pre-push door against a real bare remote with real `git push`: commits made with
// --no-verify, a new branch, a deleted branch, a tag, a force push, cruft added and deleted again
// before the push; the removal commands it prints are run as printed and the push then goes through.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { copyRepo } from '../helpers/copy.js';
import { makeRepo, PROJECT, type TestRepo, makeNodeProject } from '../helpers/repo.js';

let repo: TestRepo;
let bare: string;
afterEach(() => repo.cleanup());

/**
 * The clone-like setup, built once and copied per test: main pushed to a bare `origin` in
 * scratch, without (`plain`) and with (`installed`) the pre-push hook.
 */
let plain: TestRepo;
let installed: TestRepo;
beforeAll(() => {
  plain = makeRepo();
  const origin = join(plain.scratch, 'origin.git');
  expect(spawnSync('git', ['init', '-q', '--bare', origin], { env: plain.env }).status).toBe(0);
  plain.git('remote', 'add', 'origin', origin);
  plain.git('push', '-q', '-u', 'origin', 'main');
  installed = copyRepo(plain);
  expect(installed.cli(['init', '--pre-push', '--no-input']).code).toBe(0);
});
afterAll(() => {
  plain?.cleanup();
  installed?.cleanup();
});

/** A clone-like setup: main pushed to a bare `origin`, and the pre-push hook installed. */
function setUp(opts: { install?: boolean } = {}): void {
  repo = copyRepo(opts.install !== false ? installed : plain);
  bare = join(repo.scratch, 'origin.git');
}

/** `git push` as a GUI client runs it: no terminal, so the hook can only stop or pass. */
function push(...args: string[]): { code: number; stderr: string } {
  const r = spawnSync('setsid', ['-w', 'git', 'push', '-q', ...args], { cwd: repo.dir, env: repo.env, encoding: 'utf8' });
  return { code: r.status ?? -1, stderr: r.stderr };
}
const remoteRef = (ref: string): string => spawnSync('git', ['rev-parse', '-q', '--verify', ref], { cwd: bare, env: repo.env, encoding: 'utf8' }).stdout.trim();
const head = (): string => repo.git('rev-parse', 'HEAD').trim();

/** A commit the pre-commit hook never saw. */
function commitCruft(message = 'deps'): void {
  repo.write('node_modules/left/index.js', 'module.exports = 1\n');
  repo.write('app.js', `console.log(${JSON.stringify(message)})\n`);
  repo.git('add', 'node_modules', 'app.js');
  repo.git('commit', '-q', '--no-verify', '-m', message);
}
function commitClean(name: string): void {
  repo.write(`${name}.txt`, `${name}\n`);
  repo.git('add', `${name}.txt`);
  repo.git('commit', '-q', '--no-verify', '-m', name);
}

/** Run the printed recipe's command lines, as a person would paste them. */
function runRecipe(stderr: string): void {
  const start = stderr.indexOf('To take it out of the commits you are pushing');
  expect(start).toBeGreaterThanOrEqual(0);
  const cmds = stderr
    .slice(start)
    .split('\n')
    .slice(1)
    .filter((l) => l.startsWith('    git ') || l.startsWith('    printf '))
    .map((l) => l.trim().replace(/\s+#.*$/, ''))
    .filter((l) => !l.startsWith('git push'));
  expect(cmds.length).toBeGreaterThan(0);
  for (const c of cmds) {
    const r = spawnSync('sh', ['-c', c.replace('git commit -c ORIG_HEAD', 'git commit -q -C ORIG_HEAD')], { cwd: repo.dir, env: repo.env, encoding: 'utf8' });
    expect(r.status, `${c}\n${r.stderr}`).toBe(0);
  }
}

describe('cruft-check pre-push', () => {
  it('stops a commit made with --no-verify; the printed amend recipe fixes it and the push then goes through', () => {
    setUp();
    const before = remoteRef('main');
    commitCruft();
    const r = push('origin', 'main');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/1 commit about to be pushed to origin holds cruft/);
    expect(r.stderr).toMatch(/dependency-directory/);
    expect(r.stderr).toContain('git rm -r --cached -q -- node_modules/');
    expect(r.stderr).toContain('git commit --amend --no-edit');
    expect(remoteRef('main')).toBe(before);
    runRecipe(r.stderr);
    expect(repo.git('ls-tree', '-r', '--name-only', 'HEAD')).not.toContain('node_modules');
    expect(push('origin', 'main').code).toBe(0);
    expect(remoteRef('main')).toBe(head());
  });

  it('judges every pushed commit: cruft added and deleted again before the push is still stopped, and the reset recipe fixes it', () => {
    setUp();
    commitCruft('one');
    repo.git('rm', '-r', '-q', '--cached', 'node_modules');
    repo.git('commit', '-q', '--no-verify', '-m', 'two');
    commitClean('three');
    const r = push('origin', 'main');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/3 commits about to be pushed/);
    expect(r.stderr).toMatch(/git reset --soft [0-9a-f]{12}/);
    runRecipe(r.stderr);
    expect(repo.git('log', '--format=%H', 'origin/main..HEAD').trim().split('\n')).toHaveLength(1);
    expect(push('origin', 'main').code).toBe(0);
    // Nothing of node_modules reached the remote, in any commit.
    const all = spawnSync('git', ['log', '--all', '--name-only', '--format='], { cwd: bare, env: repo.env, encoding: 'utf8' }).stdout;
    expect(all).not.toContain('node_modules');
  });

  it('a new branch is judged on the commits no remote-tracking ref has; what origin already has is not judged again', () => {
    setUp();
    commitCruft();
    expect(push('--no-verify', 'origin', 'main').code).toBe(0); // cruft already public, by choice
    repo.git('switch', '-q', '-c', 'topic');
    commitClean('feature');
    expect(push('origin', 'topic').code).toBe(0);
    repo.git('switch', '-q', '-c', 'topic2');
    commitCruft('again');
    repo.write('node_modules/right/index.js', '1\n');
    repo.git('add', 'node_modules');
    repo.git('commit', '-q', '--no-verify', '-m', 'more');
    const r = push('origin', 'topic2');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/2 commits about to be pushed/);
    expect(remoteRef('topic2')).toBe('');
  });

  it('deleting a branch sends nothing and passes', () => {
    setUp();
    repo.git('switch', '-q', '-c', 'doomed');
    commitCruft();
    expect(push('--no-verify', 'origin', 'doomed').code).toBe(0);
    repo.git('switch', '-q', 'main');
    expect(push('origin', '--delete', 'doomed').code).toBe(0);
    expect(remoteRef('doomed')).toBe('');
  });

  it('a tag is judged by its commit: stopped when the commit is new, passes when origin has it', () => {
    setUp();
    repo.git('tag', '-a', '-m', 'release', 'v1', 'HEAD');
    expect(push('origin', 'v1').code).toBe(0);
    repo.git('switch', '-q', '-c', 'side');
    commitCruft();
    repo.git('tag', 'v2');
    repo.git('tag', '-a', '-m', 'annotated', 'v3');
    expect(push('origin', 'v2').code).not.toBe(0);
    const annotated = push('origin', 'v3');
    expect(annotated.code).not.toBe(0);
    expect(annotated.stderr).toMatch(/dependency-directory/);
    expect(remoteRef('refs/tags/v3')).toBe('');
  });

  it('a force push is judged on the new commits only', () => {
    setUp();
    commitCruft();
    expect(push('--no-verify', 'origin', 'main').code).toBe(0);
    // Rewrite: drop the cruft commit, make a clean one instead; the old commit is not judged.
    repo.git('reset', '-q', '--hard', 'HEAD~1');
    commitClean('clean');
    expect(push('--force', 'origin', 'main').code).toBe(0);
    expect(remoteRef('main')).toBe(head());
    // A rewrite that brings new cruft is stopped.
    repo.git('reset', '-q', '--hard', 'HEAD~1');
    commitCruft('new cruft');
    expect(push('--force', 'origin', 'main').code).not.toBe(0);
  });

  it('an existing pre-push hook is kept, runs after the check and still reads every line git wrote', () => {
    repo = makeRepo();
    bare = join(repo.scratch, 'origin.git');
    spawnSync('git', ['init', '-q', '--bare', bare], { env: repo.env });
    repo.git('remote', 'add', 'origin', bare);
    const hook = join(repo.dir, '.git', 'hooks', 'pre-push');
    mkdirSync(join(repo.dir, '.git', 'hooks'), { recursive: true });
    writeFileSync(hook, '#!/bin/sh\necho "team $1" >> "$(git rev-parse --git-dir)/team"\ncat >> "$(git rev-parse --git-dir)/team"\n');
    chmodSync(hook, 0o755);
    expect(repo.cli(['init', '--pre-push', '--no-input']).code).toBe(0);
    expect(push('origin', 'main').code).toBe(0);
    expect(readFileSync(join(repo.dir, '.git', 'team'), 'utf8')).toBe(`team origin\nrefs/heads/main ${head()} refs/heads/main ${'0'.repeat(40)}\n`);
    // Stopped pushes never reach the team hook; uninstall gives the hook back byte for byte.
    expect(repo.cli(['uninstall', '--pre-push']).code).toBe(0);
    expect(readFileSync(hook, 'utf8')).toBe('#!/bin/sh\necho "team $1" >> "$(git rev-parse --git-dir)/team"\ncat >> "$(git rev-parse --git-dir)/team"\n');
  });

  it('husky: writes .husky/pre-push with no machine path, and husky runs it', () => {
    repo = makeNodeProject({ name: 'app', devDependencies: { husky: '^9.1.7' } });
    const h = spawnSync(process.execPath, [join(PROJECT, 'node_modules', 'husky', 'bin.js')], { cwd: repo.dir, env: repo.env, encoding: 'utf8' });
    expect(h.status, h.stderr).toBe(0);
    bare = join(repo.scratch, 'origin.git');
    spawnSync('git', ['init', '-q', '--bare', bare], { env: repo.env });
    repo.git('remote', 'add', 'origin', bare);
    expect(repo.cli(['init', '--pre-push', '--no-input']).code).toBe(0);
    const file = join(repo.dir, '.husky', 'pre-push');
    expect(readFileSync(file, 'utf8')).toContain('cruft-check pre-push "$@"');
    expect(readFileSync(file, 'utf8')).not.toContain('CRUFT_CHECK_CLI=');
    repo.write('.env', 'PASSWORD=hunter2\n');
    repo.git('add', '-f', '.env');
    repo.git('commit', '-q', '--no-verify', '-m', 'env');
    const r = push('origin', 'main');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/env-file/);
  });

  it('asks on a terminal: Enter stops the push, y sends it', () => {
    setUp();
    commitCruft();
    const onTerminal = (input: string) =>
      spawnSync('script', ['-qec', 'git push -q origin main', '/dev/null'], { cwd: repo.dir, env: { ...repo.env, SHELL: '/bin/sh', TERM: 'dumb' }, input, encoding: 'utf8' });
    const before = remoteRef('main');
    const no = onTerminal('\n');
    expect(no.stdout).toContain('Push anyway? [y/N] ');
    expect(no.status).not.toBe(0);
    expect(remoteRef('main')).toBe(before);
    const yes = onTerminal('y\n');
    expect(yes.stdout).toContain('Pushing anyway.');
    expect(yes.status).toBe(0);
    expect(remoteRef('main')).toBe(head());
  });

  it('under init --global, init --pre-push writes the repository\'s own pre-push, which the global folder forwards to', () => {
    setUp({ install: false });
    const env = { XDG_CONFIG_HOME: undefined };
    expect(repo.cli(['init', '--global'], { env }).code).toBe(0);
    const r = repo.cli(['init', '--pre-push', '--no-input'], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`pre-push hook in ${join(repo.dir, '.git', 'hooks', 'pre-push')}`);
    const globalEnv = { ...repo.env };
    delete globalEnv.XDG_CONFIG_HOME;
    commitCruft();
    const p = spawnSync('setsid', ['-w', 'git', 'push', '-q', 'origin', 'main'], { cwd: repo.dir, env: globalEnv, encoding: 'utf8' });
    expect(p.status).not.toBe(0);
    expect(p.stderr).toMatch(/holds cruft/);
    const doctor = repo.cli(['doctor'], { env });
    expect(doctor.stdout).toMatch(/✔ pre-commit via global hooks folder/);
    expect(doctor.stdout).toMatch(/✔ pre-push via repository hook: runs cruft-check/);
  });

  it('bad input: a line git would never write, or no remote argument, is one line and exit 2', () => {
    repo = makeRepo();
    const r = repo.cli(['pre-push', 'origin', 'url'], { input: 'refs/heads/main not-a-sha\n' });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(repo.cli(['pre-push'], { input: '' }).code).toBe(2);
  });
});
