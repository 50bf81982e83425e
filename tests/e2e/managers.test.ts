// Issue 16, item 3: hook managers that rewrite the hook file from their own configuration, each
// run for real — lefthook (its npm package's binary) and simple-git-hooks, installed apart from
// the project in tests/tools (their install scripts would set up hooks in this repository;
// `npm test` installs them on first use: scripts/test-tools.mjs). `cruft-check init` must put
// cruft-check where the manager reads it, so the manager's next run keeps it; `uninstall` takes
// it out again. The pre-commit framework is tested in install-pre-commit.test.ts (it needs a
// snapshot of this repository).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { copyRepo } from '../helpers/copy.js';
import { PROJECT, type TestRepo, makeNodeProject } from '../helpers/repo.js';
import { startPane, type Pane } from '../helpers/tmux.js';

const BIN = join(PROJECT, 'tests', 'tools', 'node_modules', '.bin');
function manager(name: string): string {
  const bin = join(BIN, name);
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run \`node scripts/test-tools.mjs\` (\`npm test\` does)`);
  return bin;
}

let repo: TestRepo | undefined;
let pane: Pane | undefined;
afterEach(() => {
  pane?.kill();
  pane = undefined;
  repo?.cleanup();
  repo = undefined;
});

/** A JavaScript project with cruft-check installed as npm would (node_modules/.bin), this checkout's build. */
function makeProject(packageJson: Record<string, unknown>): TestRepo {
  return makeNodeProject({ name: 'homework', version: '1.0.0', private: true, ...packageJson });
}
// The plain project (no manager in package.json) that most tests start from: made once, copied.
let plain: TestRepo | undefined;
afterAll(() => plain?.cleanup());
function project(packageJson: Record<string, unknown>): TestRepo {
  if (Object.keys(packageJson).length > 0) return makeProject(packageJson);
  plain ??= makeProject({});
  return copyRepo(plain);
}

// npx must never reach the registry: the local install is what runs.
const OFFLINE = { npm_config_offline: 'true', npm_config_update_notifier: 'false' };
function env(r: TestRepo, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...r.env, ...OFFLINE, PATH: `${BIN}:${r.env.PATH ?? ''}`, ...extra };
}
function run(r: TestRepo, cmd: string, args: string[], extra: Record<string, string> = {}) {
  return spawnSync(cmd, args, { cwd: r.dir, env: env(r, extra), encoding: 'utf8', input: '' });
}
/** `git commit` as a GUI client or CI makes it: no terminal. */
function commitWithoutTerminal(r: TestRepo, message: string) {
  return run(r, 'git', ['commit', '-q', '-m', message], { CI: 'true' });
}

describe('lefthook (the real binary from the npm package)', () => {
  const LEFTHOOK_YML = [
    '# Our hooks. Keep the linter first.',
    'pre-commit:',
    '  parallel: true # speed',
    '  commands:',
    '    lint:',
    '      run: echo "lint ok" # stands in for eslint',
    '',
    '# commit messages',
    'commit-msg:',
    '  commands:',
    '    subject:',
    "      run: 'true'",
    '',
  ].join('\n');

  it('works here', () => {
    const r = spawnSync(manager('lefthook'), ['version'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('init adds the command to lefthook.yml, comments and all kept; `lefthook install` keeps it; a real commit is judged; uninstall gives the file back', () => {
    repo = project({});
    repo.write('lefthook.yml', LEFTHOOK_YML);
    repo.git('add', 'lefthook.yml');
    repo.commit('lefthook');

    const init = repo.cli(['init', '--no-input']);
    expect(init.code).toBe(0);
    expect(init.stdout).toContain("added cruft-check to lefthook's configuration");
    const edited = readFileSync(join(repo.dir, 'lefthook.yml'), 'utf8');
    // Every line of the person's file is still there, in order; ours is added under pre-commit.
    const kept = LEFTHOOK_YML.split('\n').filter((l) => l !== '');
    const lines = edited.split('\n');
    let at = -1;
    for (const l of kept) {
      const i = lines.indexOf(l, at + 1);
      expect(i, `kept: ${l}`).toBeGreaterThan(at);
      at = i;
    }
    expect(edited).toContain('    cruft-check:\n      run: npx cruft-check --hook\n      interactive: true\n');
    // Running init again changes nothing.
    expect(repo.cli(['init', '--no-input']).code).toBe(0);
    expect(readFileSync(join(repo.dir, 'lefthook.yml'), 'utf8')).toBe(edited);

    // The manager installs its own hook, which runs what lefthook.yml says.
    const install = run(repo, manager('lefthook'), ['install']);
    expect(install.status, install.stderr + install.stdout).toBe(0);
    const hook = readFileSync(join(repo.dir, '.git', 'hooks', 'pre-commit'), 'utf8');
    expect(hook).toContain('lefthook');
    expect(hook).not.toContain('# >>> cruft-check >>>'); // not twice: only through lefthook

    const head = repo.git('rev-parse', 'HEAD');
    repo.write('.env', 'PASSWORD=hunter2\n');
    repo.git('add', '.env');
    const blocked = commitWithoutTerminal(repo, 'homework');
    expect(blocked.status).not.toBe(0);
    expect(`${blocked.stdout}${blocked.stderr}`).toContain('env-file');
    expect(repo.git('rev-parse', 'HEAD')).toBe(head);

    // On a terminal: lefthook hands it over (interactive: true), and the question is asked there.
    pane = startPane('git commit -q -m homework', { cwd: repo.dir, env: env(repo), columns: 80, rows: 24 });
    pane.waitFor(/Your choice \[/);
    expect(pane.history().join('\n')).toContain('cruft-check stopped this commit: 1 problem.');
    pane.keys('n', 'Enter');
    expect(pane.exitCode()).not.toBe(0);
    pane.kill();
    pane = undefined;

    repo.git('rm', '-q', '--cached', '.env');
    repo.write('app.js', 'console.log(1);\n');
    repo.git('add', 'app.js');
    expect(commitWithoutTerminal(repo, 'app').status).toBe(0);

    const uninstall = repo.cli(['uninstall']);
    expect(uninstall.code).toBe(0);
    expect(readFileSync(join(repo.dir, 'lefthook.yml'), 'utf8')).toBe(LEFTHOOK_YML);
  });

  it('a lefthook.yml that lists jobs gets a job', () => {
    repo = project({});
    const text = 'pre-commit:\n  jobs:\n    - name: lint\n      run: echo lint\n';
    repo.write('lefthook.yml', text);
    expect(repo.cli(['init', '--no-input']).code).toBe(0);
    const edited = readFileSync(join(repo.dir, 'lefthook.yml'), 'utf8');
    expect(edited).toContain('- name: cruft-check\n      run: npx cruft-check --hook\n      interactive: true');
    expect(run(repo, manager('lefthook'), ['validate']).status).toBe(0);
    expect(repo.cli(['uninstall']).code).toBe(0);
    expect(readFileSync(join(repo.dir, 'lefthook.yml'), 'utf8')).toBe(text);
  });
});

describe('simple-git-hooks (the real package)', () => {
  it('without init, its next run drops a block in .git/hooks/pre-commit (why init writes its configuration)', () => {
    repo = project({ 'simple-git-hooks': { 'pre-commit': 'echo lint' } });
    const hooks = join(repo.dir, '.git', 'hooks', 'pre-commit');
    writeFileSync(hooks, '#!/bin/sh\n# >>> cruft-check >>>\nnode_modules/.bin/cruft-check --hook || exit $?\n# <<< cruft-check <<<\n', { mode: 0o755 });
    expect(run(repo, 'node', [join(PROJECT, 'tests', 'tools', 'node_modules', 'simple-git-hooks', 'cli.js')]).status).toBe(0);
    expect(readFileSync(hooks, 'utf8')).not.toContain('cruft-check');
  });

  it('init puts cruft-check in package.json\'s simple-git-hooks key, so `npx simple-git-hooks` keeps it; uninstall takes it out', () => {
    repo = project({ devDependencies: { 'simple-git-hooks': '2.14.0' }, 'simple-git-hooks': { 'pre-commit': 'echo lint', 'pre-push': 'echo push' } });
    const before = readFileSync(join(repo.dir, 'package.json'), 'utf8');
    const init = repo.cli(['init', '--no-input']);
    expect(init.code).toBe(0);
    const pkg = JSON.parse(readFileSync(join(repo.dir, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
    expect(pkg['simple-git-hooks']).toEqual({ 'pre-commit': 'npx cruft-check --hook && echo lint', 'pre-push': 'echo push' });

    const sgh = run(repo, 'node', [join(PROJECT, 'tests', 'tools', 'node_modules', 'simple-git-hooks', 'cli.js')]);
    expect(sgh.status, sgh.stdout + sgh.stderr).toBe(0);
    const hook = readFileSync(join(repo.dir, '.git', 'hooks', 'pre-commit'), 'utf8');
    expect(hook).toContain('npx cruft-check --hook && echo lint');
    expect(hook).not.toContain('# >>> cruft-check >>>');

    const head = repo.git('rev-parse', 'HEAD');
    repo.write('.env', 'PASSWORD=hunter2\n');
    repo.git('add', '.env');
    const blocked = commitWithoutTerminal(repo, 'homework');
    expect(blocked.status).not.toBe(0);
    expect(blocked.stderr).toContain('env-file');
    expect(repo.git('rev-parse', 'HEAD')).toBe(head);
    repo.git('rm', '-q', '--cached', '.env');
    repo.write('app.js', 'console.log(1);\n');
    repo.git('add', 'app.js');
    const ok = commitWithoutTerminal(repo, 'app');
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout + ok.stderr).toContain('lint');

    expect(repo.cli(['uninstall']).code).toBe(0);
    expect(readFileSync(join(repo.dir, 'package.json'), 'utf8')).toBe(before);
    expect(run(repo, 'node', [join(PROJECT, 'tests', 'tools', 'node_modules', 'simple-git-hooks', 'cli.js')]).status).toBe(0);
    expect(readFileSync(join(repo.dir, '.git', 'hooks', 'pre-commit'), 'utf8')).not.toContain('cruft-check');
  });

  it('.simple-git-hooks.json is edited in place; a JavaScript configuration is left to the person, with what to add', () => {
    repo = project({});
    repo.write('.simple-git-hooks.json', '{\n    "pre-commit": "echo lint"\n}\n');
    expect(repo.cli(['init', '--no-input']).code).toBe(0);
    expect(readFileSync(join(repo.dir, '.simple-git-hooks.json'), 'utf8')).toBe('{\n    "pre-commit": "npx cruft-check --hook && echo lint"\n}\n');
    expect(repo.cli(['uninstall']).code).toBe(0);
    expect(readFileSync(join(repo.dir, '.simple-git-hooks.json'), 'utf8')).toBe('{\n    "pre-commit": "echo lint"\n}\n');

    repo.write('.simple-git-hooks.cjs', "module.exports = { 'pre-commit': 'echo lint' };\n");
    const js = repo.cli(['init', '--no-input']);
    expect(js.code).toBe(0);
    expect(js.stdout).toContain('is JavaScript, which cruft-check does not rewrite: add "npx cruft-check --hook" to its pre-commit entry by hand');
    expect(readFileSync(join(repo.dir, '.simple-git-hooks.cjs'), 'utf8')).toBe("module.exports = { 'pre-commit': 'echo lint' };\n");
  });
});
