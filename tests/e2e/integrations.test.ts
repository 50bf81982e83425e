// The integration files and the README's snippets, validated and, where they are commands, run:
// action.yml (structure, every input declared, every referenced file present), .pre-commit-hooks.yaml,
// and each snippet of "Pull requests and CI" / "Hook managers" — the hook commands through a real
// `git commit`, the CI command lines in a real clone. cruft-check is "installed" in the test
// repositories as node_modules/cruft-check → this project, with npm kept offline.
import { execFileSync, type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
// @ts-expect-error — a plain .mjs script without type declarations
import { writeMongoDbPath } from '../../scripts/layouts/mongodb.mjs';
import { expressions, loadAction } from '../helpers/action.js';
import { workflowCommands } from '../helpers/github.js';
import { copyRepo } from '../helpers/copy.js';
import { PROJECT, type TestRepo, makeNodeProject } from '../helpers/repo.js';
import { sarifErrors } from '../helpers/sarif.js';

const README = readFileSync(join(PROJECT, 'README.md'), 'utf8');
const pkg = JSON.parse(readFileSync(join(PROJECT, 'package.json'), 'utf8')) as {
  bin: Record<string, string>;
  files: string[];
  scripts: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** The code blocks of one `## ` section of the README, with their info string. */
function snippets(heading: string): Array<{ lang: string; code: string }> {
  const start = README.indexOf(`\n## ${heading}\n`);
  expect(start, `README section "## ${heading}"`).toBeGreaterThanOrEqual(0);
  const end = README.indexOf('\n## ', start + 1);
  const section = README.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1] ?? '', code: m[2] ?? '' }));
}
const ci = snippets('Pull requests and CI');
const hooks = snippets('Hook managers');
const find = (list: typeof ci, lang: string, needle: string): string => {
  const s = list.find((b) => b.lang === lang && b.code.includes(needle));
  expect(s, `a \`\`\`${lang} snippet containing ${needle}`).toBeDefined();
  return s?.code ?? '';
};

describe('action.yml', () => {
  const action = loadAction();
  const text = readFileSync(join(PROJECT, 'action.yml'), 'utf8');

  it('is a composite action with a name, a description and documented inputs and outputs', () => {
    expect(action.name).toBe('cruft-check');
    expect(action.description.length).toBeGreaterThan(20);
    expect(action.runs.using).toBe('composite');
    for (const [name, input] of Object.entries(action.inputs)) {
      expect(input.description, name).toBeTruthy();
      expect(typeof (input.default ?? ''), name).toBe('string'); // inputs are strings: 'true', not true
    }
    for (const output of Object.values(action.outputs)) expect(output.value).toMatch(/^\$\{\{ steps\.[\w-]+\.outputs\.[\w-]+ \}\}$/);
  });

  it('every step either runs a shell (with `shell:` set) or uses a pinned action', () => {
    for (const step of action.runs.steps) {
      if (step.run !== undefined) expect(step.shell, JSON.stringify(step)).toBe('bash');
      else expect(step.uses).toMatch(/^[\w-]+\/[\w/-]+@v\d+$/);
    }
  });

  it('every expression refers to a declared input, an earlier step, or a known github property', () => {
    const ids = action.runs.steps.map((s) => s.id).filter(Boolean);
    for (const expr of expressions(text)) {
      for (const ref of expr.match(/\b(inputs|steps|github)\.[\w.-]+/g) ?? []) {
        const [ctx, name, ...rest] = ref.split('.');
        if (ctx === 'inputs') expect(Object.keys(action.inputs), ref).toContain(name);
        if (ctx === 'steps') {
          expect(ids, ref).toContain(name);
          expect(rest[0], ref).toBe('outputs');
        }
        if (ctx === 'github') expect(['action_path', 'base_ref', 'event.before', 'event.repository.default_branch'], ref).toContain([name, ...rest].join('.'));
      }
    }
  });

  it('inputs reach the scripts only through env (no expression inside a run script)', () => {
    for (const step of action.runs.steps) if (step.run) expect(expressions(step.run), step.id).toEqual([]);
  });

  it('the files its steps run exist in the action checkout, and the step outputs they promise are written', () => {
    const referenced = [...text.matchAll(/(?:\$GITHUB_ACTION_PATH|\$\{\{ github\.action_path \}\})\/([\w./-]+)/g)].map((m) => m[1] ?? '');
    const install = action.runs.steps.find((s) => s.id === 'install')?.run ?? '';
    referenced.push(...[...install.matchAll(/node (scripts\/[\w./-]+)/g)].map((m) => m[1] ?? ''));
    expect(referenced).toContain('scripts/action-check.sh');
    expect(referenced).toContain('scripts/build.mjs');
    for (const file of referenced) if (file !== 'dist/cli.js') expect(existsSync(join(PROJECT, file)), file).toBe(true);
    expect(spawnSync('bash', ['-n', join(PROJECT, 'scripts/action-check.sh')]).status).toBe(0);
    const script = readFileSync(join(PROJECT, 'scripts/action-check.sh'), 'utf8');
    for (const [, value] of Object.entries(action.outputs)) {
      const [, , name] = value.value.match(/steps\.([\w-]+)\.outputs\.([\w-]+)/) ?? [];
      expect(script, `writes ${name}`).toContain(`echo "${name}=`);
    }
    // The install step builds what the check step runs.
    expect(pkg.scripts.build).toContain('scripts/build.mjs');
  });
});

describe('.pre-commit-hooks.yaml', () => {
  const hooksFile = parse(readFileSync(join(PROJECT, '.pre-commit-hooks.yaml'), 'utf8')) as Array<Record<string, unknown>>;

  it('declares a node hook that sees the whole staged set', () => {
    expect(hooksFile).toHaveLength(1);
    expect(hooksFile[0]).toMatchObject({
      id: 'cruft-check',
      language: 'node',
      entry: 'cruft-check --hook',
      pass_filenames: false,
      always_run: true,
      require_serial: true,
    });
  });

  it('its entry is a bin of this package, shipped in the package, built on install from a git checkout (prepare) and on pack (prepack)', () => {
    const bin = String(hooksFile[0]?.entry).split(' ')[0] ?? '';
    expect(pkg.bin[bin]).toBeDefined();
    expect(pkg.files.some((f) => (pkg.bin[bin] ?? '').replace(/^\.\//, '').startsWith(`${f}/`))).toBe(true);
    // Issue 16 moved the build: prepare runs scripts/prepare.mjs, which builds in a git checkout.
    expect(pkg.scripts.prepare).toBe('node scripts/prepare.mjs');
    expect(readFileSync(join(PROJECT, 'scripts', 'prepare.mjs'), 'utf8')).toContain('scripts/build.mjs');
    expect(pkg.scripts.prepack).toContain('scripts/build.mjs');
    expect(pkg.devDependencies.esbuild).toBeDefined();
  });
});

describe("the README's snippets", () => {
  let repos: TestRepo[] = [];
  afterEach(() => {
    for (const r of repos) r.cleanup();
    repos = [];
  });

  /** A repository with cruft-check "installed" as a devDependency (a link to this project). */
  const makeProject = (): TestRepo => makeNodeProject({ name: 'app', version: '1.0.0', devDependencies: { 'cruft-check': '*' } });
  // Every test starts from the same project: made once, copied for each.
  let template: TestRepo | undefined;
  afterAll(() => template?.cleanup());
  const project = (): TestRepo => {
    template ??= makeProject();
    const repo = copyRepo(template);
    repos.push(repo);
    return repo;
  };
  // npm must never reach the registry here: the local install has to be what runs.
  const offline = { npm_config_offline: 'true', npm_config_update_notifier: 'false' };
  const sh = (repo: TestRepo, command: string, env: Record<string, string> = {}) =>
    spawnSync('sh', ['-c', command], { cwd: repo.dir, env: { ...repo.env, ...offline, ...env }, encoding: 'utf8', input: '' });
  const stageMongo = (repo: TestRepo): void => {
    writeMongoDbPath(join(repo.dir, 'mongo_files'), { scale: 0.02 });
    repo.git('add', 'mongo_files');
  };

  describe('hook managers: the command each runs blocks a bulk add of mongo_files/ and passes a clean commit', () => {
    const commands: Array<[string, () => string]> = [
      ['husky', () => /echo "(.+)" > \.husky\/pre-commit/.exec(find(hooks, 'sh', '.husky/pre-commit'))?.[1] ?? ''],
      ['lefthook', () => (parse(find(hooks, 'yaml', 'pre-commit:')) as { 'pre-commit': { commands: Record<string, { run: string; interactive?: boolean }> } })['pre-commit'].commands['cruft-check']?.run ?? ''],
      ['simple-git-hooks', () => (JSON.parse(find(hooks, 'json', 'simple-git-hooks')) as Record<string, Record<string, string>>)['simple-git-hooks']?.['pre-commit'] ?? ''],
    ];
    // The snippets may name the same command (today all three say `npx cruft-check --hook`): a
    // command is run once, on a fresh copy, and what it did is checked in each test that names it.
    // Each npx run starts npm and then the CLI, about 0.9 s of CPU here.
    const outcomes = new Map<string, { clean: SpawnSyncReturns<string>; blocked: SpawnSyncReturns<string> }>();
    const outcome = (run: string): { clean: SpawnSyncReturns<string>; blocked: SpawnSyncReturns<string> } => {
      let o = outcomes.get(run);
      if (!o) {
        const repo = project();
        repo.write('app.js', 'console.log(1);\n');
        repo.git('add', 'app.js');
        const clean = sh(repo, run);
        stageMongo(repo);
        o = { clean, blocked: sh(repo, run, { CI: 'true' }) };
        outcomes.set(run, o);
      }
      return o;
    };
    it.each(commands)('%s', (_name, command) => {
      const run = command();
      expect(run).toMatch(/cruft-check --hook$/);
      const { clean, blocked } = outcome(run);
      expect(clean.status).toBe(0);
      expect(blocked.status).toBe(1);
      expect(blocked.stderr).toContain('database-directory');
    });

    it('lefthook gets the terminal for the question', () => {
      const config = parse(find(hooks, 'yaml', 'pre-commit:')) as { 'pre-commit': { commands: Record<string, { interactive?: boolean }> } };
      expect(config['pre-commit'].commands['cruft-check']?.interactive).toBe(true);
    });

    it('plain git hook: installed as written, through a real `git commit`', () => {
      const repo = project();
      const hook = find(hooks, 'sh', '#!/bin/sh');
      const hooksDir = repo.git('rev-parse', '--git-path', 'hooks').trim();
      mkdirSync(join(repo.dir, hooksDir), { recursive: true });
      writeFileSync(join(repo.dir, hooksDir, 'pre-commit'), hook);
      chmodSync(join(repo.dir, hooksDir, 'pre-commit'), 0o755);
      const head = repo.git('rev-parse', 'HEAD');
      stageMongo(repo);
      const blocked = repo.gitResult(['commit', '-m', 'homework'], { env: { ...repo.env, CI: 'true' } });
      expect(blocked.status).not.toBe(0);
      expect(blocked.stderr).toContain('mongo_files/');
      expect(repo.git('rev-parse', 'HEAD')).toBe(head);
      repo.git('rm', '-r', '-q', '--cached', 'mongo_files');
      repo.write('app.js', 'console.log(1);\n');
      repo.git('add', 'app.js');
      expect(repo.gitResult(['commit', '-q', '-m', 'app'], { env: { ...repo.env, CI: 'true' } }).status).toBe(0);
    });

    it('pre-commit framework: the config names a hook this repository declares', () => {
      const config = parse(find(hooks, 'yaml', 'repos:')) as { repos: Array<{ repo: string; rev: string; hooks: Array<{ id: string }> }> };
      const declared = (parse(readFileSync(join(PROJECT, '.pre-commit-hooks.yaml'), 'utf8')) as Array<{ id: string }>).map((h) => h.id);
      expect(config.repos[0]?.repo).toBe('https://github.com/OWNER/cruft-check');
      for (const h of config.repos[0]?.hooks ?? []) expect(declared).toContain(h.id);
    });
  });

  describe('CI', () => {
    /** A clone of a repository whose feature branch adds mongo_files/, with origin/main present. */
    const pullRequest = (): { repo: TestRepo; clone: string } => {
      const repo = project();
      repo.git('checkout', '-q', '-b', 'feature');
      stageMongo(repo);
      repo.commit('feature');
      repo.git('checkout', '-q', 'main');
      const clone = join(repo.scratch, 'clone');
      execFileSync('git', ['clone', '-q', '--branch', 'feature', `file://${repo.dir}`, clone], { env: repo.env });
      mkdirSync(join(clone, 'node_modules', '.bin'), { recursive: true });
      symlinkSync(PROJECT, join(clone, 'node_modules', 'cruft-check'));
      symlinkSync('../cruft-check/dist/cli.js', join(clone, 'node_modules', '.bin', 'cruft-check'));
      return { repo, clone };
    };

    it('GitHub Actions workflows: valid, use this action with declared inputs only', () => {
      const action = loadAction();
      const workflows = ci.filter((b) => b.lang === 'yaml' && b.code.includes('cruft-check@v1'));
      expect(workflows.length).toBeGreaterThanOrEqual(2);
      for (const { code } of workflows) {
        const wf = parse(code) as { on: Record<string, unknown>; permissions?: Record<string, string>; jobs: Record<string, { 'runs-on': string; permissions?: Record<string, string>; steps: Array<{ uses?: string; with?: Record<string, string> }> }> };
        expect(Object.keys(wf.on)).toContain('pull_request');
        for (const job of Object.values(wf.jobs)) {
          expect(job['runs-on']).toBe('ubuntu-latest');
          const uses = job.steps.map((s) => s.uses);
          expect(uses[0]).toBe('actions/checkout@v4');
          const ours = job.steps.find((s) => s.uses === 'OWNER/cruft-check@v1');
          expect(ours).toBeDefined();
          for (const [k, v] of Object.entries(ours?.with ?? {})) {
            expect(Object.keys(action.inputs)).toContain(k);
            expect(typeof v).toBe('string');
          }
          if (ours?.with?.['upload-sarif'] === 'true') expect({ ...wf.permissions, ...job.permissions }['security-events']).toBe('write');
        }
      }
    });

    it('the one-line GitHub command, run in a clone with GITHUB_BASE_REF set', () => {
      const { repo, clone } = pullRequest();
      const line = find(ci, 'sh', '--format github').trim();
      const r = spawnSync('sh', ['-c', line], { cwd: clone, env: { ...repo.env, ...offline, GITHUB_BASE_REF: 'main', CI: 'true' }, encoding: 'utf8', input: '' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(1);
      expect(workflowCommands(r.stdout).map((c) => c.properties.file)).toEqual(['mongo_files/']);
      expect(sarifErrors(JSON.parse(readFileSync(join(clone, 'cruft-check.sarif'), 'utf8')))).toEqual([]);
    });

    it("the GitLab job's script, run line by line in a merge request's clone", () => {
      const { repo, clone } = pullRequest();
      const job = (parse(find(ci, 'yaml', 'CI_MERGE_REQUEST_TARGET_BRANCH_NAME')) as Record<string, { script: string[]; artifacts: { paths: string[] }; variables: Record<string, string> }>)['cruft-check'];
      expect(job?.variables.GIT_DEPTH).toBe('0');
      const env = { ...repo.env, ...offline, CI: 'true', GITLAB_CI: 'true', CI_PIPELINE_SOURCE: 'merge_request_event', CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main' };
      const [fetch, check] = job?.script ?? [];
      expect(spawnSync('sh', ['-c', fetch ?? 'false'], { cwd: clone, env, encoding: 'utf8' }).status).toBe(0);
      const r = spawnSync('sh', ['-c', check ?? 'false'], { cwd: clone, env, encoding: 'utf8', input: '' });
      expect(r.status).toBe(1);
      expect(r.stdout).toContain('database-directory');
      for (const artifact of job?.artifacts.paths ?? []) expect(existsSync(join(clone, artifact)), artifact).toBe(true);
      expect(JSON.parse(readFileSync(join(clone, 'cruft-check.json'), 'utf8')).findings[0].rule).toBe('database-directory');
    });
  });
});
