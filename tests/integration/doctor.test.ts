// `cruft-check doctor` in real repositories: each way a repository can be protected (or not), read
// from what git would really run, and the exit code that says "protected".
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { template } from '../helpers/copy.js';
import { makeRepo, runCli, type TestRepo } from '../helpers/repo.js';

let repo: TestRepo;
afterEach(() => repo.cleanup());

const env = (): NodeJS.ProcessEnv => {
  const e = { ...repo.env };
  delete e.XDG_CONFIG_HOME;
  return e;
};
const cli = (args: string[]) => runCli(args, { cwd: repo.dir, env: env() });
const doctor = () => cli(['doctor']);

function nodeProject(): void {
  repo.write('package.json', '{"name":"app"}\n');
  repo.git('add', 'package.json');
  repo.commit('package');
}

/** The node project, and the node project after `init`: each built once, copied per test. */
const node = template(() => {
  repo = makeRepo();
  nodeProject();
  return repo;
});
const nodeInited = template(() => {
  repo = node.copy();
  expect(cli(['init']).code).toBe(0);
  return repo;
});
afterAll(() => {
  node.dispose();
  nodeInited.dispose();
});

describe('cruft-check doctor', () => {
  it('an unprotected node project: no hook, nothing ignored; exit 1 with the commands that fix it', () => {
    repo = node.copy();
    const r = doctor();
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✖ pre-commit via repository hook: does not run cruft-check/);
    expect(r.stdout).toMatch(/a Node\.js project/);
    expect(r.stdout).toMatch(/✖ node_modules\/ {2}not ignored/);
    expect(r.stdout).toMatch(/npx cruft-check init --global/);
    expect(r.stdout).toContain("printf '%s\\n' '.env' '.DS_Store' 'node_modules/' >> .gitignore");
  });

  it('after init and the .gitignore lines it prints: protected, exit 0', () => {
    repo = nodeInited.copy();
    writeFileSync(join(repo.dir, '.gitignore'), '.env\n.DS_Store\nnode_modules/\n');
    const r = doctor();
    expect(r.stdout).toMatch(/✔ pre-commit via repository hook: runs cruft-check/);
    expect(r.stdout).toMatch(/✔ node_modules\/ {2}ignored/);
    expect(r.stdout).toMatch(/Protected\./);
    expect(r.code).toBe(0);
  });

  it('ignored only by .git/info/exclude does not count: it does not travel with the repository', () => {
    repo = nodeInited.copy();
    writeFileSync(join(repo.dir, '.gitignore'), '.env\n.DS_Store\n');
    writeFileSync(join(repo.dir, '.git', 'info', 'exclude'), 'node_modules/\n');
    const r = doctor();
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/node_modules\/ {2}ignored only by .*exclude/);
  });

  it('sees the global hooks folder, and husky in a repository with its own hooks path', () => {
    repo = node.copy();
    writeFileSync(join(repo.dir, '.gitignore'), '.env\n.DS_Store\nnode_modules/\n');
    expect(cli(['init', '--global']).code).toBe(0);
    const g = doctor();
    expect(g.stdout).toMatch(/✔ pre-commit via global hooks folder: runs cruft-check/);
    expect(g.code).toBe(0);

    repo.git('config', 'core.hooksPath', '.husky/_');
    mkdirSync(join(repo.dir, '.husky'), { recursive: true });
    writeFileSync(join(repo.dir, '.husky', 'pre-commit'), 'npm test\n');
    const h = doctor();
    expect(h.code).toBe(1);
    expect(h.stdout).toMatch(/✖ pre-commit via husky: does not run cruft-check/);
    writeFileSync(join(repo.dir, '.husky', 'pre-commit'), 'npm test\nnpx cruft-check --hook\n');
    expect(doctor().code).toBe(0);
  });

  it('a hook that is not executable does not count', () => {
    // The project after `init` (the copy keeps the hook's mode), with every line doctor wants ignored.
    repo = nodeInited.copy();
    writeFileSync(join(repo.dir, '.gitignore'), '.env\n.DS_Store\nnode_modules/\n');
    expect(doctor().code).toBe(0);
    chmodSync(join(repo.dir, '.git', 'hooks', 'pre-commit'), 0o644);
    const r = doctor();
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/\(not executable\)/);
  });

  it('cruft already in HEAD: audit in one line, and exit 1', () => {
    repo = nodeInited.copy();
    repo.write('node_modules/left/index.js', 'module.exports = 1\n');
    repo.git('add', 'node_modules');
    repo.commit('oops');
    writeFileSync(join(repo.dir, '.gitignore'), '.env\n.DS_Store\nnode_modules/\n');
    const r = doctor();
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✖ HEAD holds 1 problem \(1 error\): node_modules\//);
    expect(r.stdout).toMatch(/npx cruft-check audit/);
  });

  it('outside a repository: one line, exit 2', () => {
    repo = makeRepo();
    const d = runCli(['doctor'], { cwd: repo.scratch, env: env() });
    expect(d.code).toBe(2);
    expect(d.stderr.trim().split('\n')).toHaveLength(1);
  });
});
