// A pull request played for real: a bare "origin", a main branch that moves on, a feature branch
// whose commits add ordinary code, a MongoDB dbpath (`mongo_files/`), an installed node_modules
// under an awkward folder name, a file added and deleted again, and a rename. It is checked the
// way CI checks it — the CLI with `--range origin/main...HEAD`, and action.yml's own step on a
// clone made the way actions/checkout makes one (shallow, the PR's merge commit) — in a full and in
// shallow clones over file:// (so --depth is honoured).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error — a plain .mjs script without type declarations
import { mongoDbPathFiles, writeMongoDbPath } from '../../scripts/layouts/mongodb.mjs';
import { parseRange, readRange } from '../../src/git/range.js';
import { openRepo } from '../../src/git/read.js';
import { loadAction, runStep } from '../helpers/action.js';
import { onPty } from '../helpers/e2e-pty.js';
import { copyRepo } from '../helpers/copy.js';
import { workflowCommands } from '../helpers/github.js';
import { CLI, PROJECT, makeRepo, runCli, type CliResult, type TestRepo } from '../helpers/repo.js';
import { sarifErrors } from '../helpers/sarif.js';

const ODD_DIR = 'tools, v2: 50%';
let seed: TestRepo;
let origin: string;
let env: NodeJS.ProcessEnv;

const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const clone = (name: string, ...args: string[]): string => {
  const dir = join(seed.scratch, name);
  git(seed.scratch, 'clone', '-q', ...args, `file://${origin}`, dir);
  return dir;
};
/** The CLI exactly as action.yml's check step runs it. */
const asTheActionRunsIt = (cwd: string, sarif: string, extraEnv: Record<string, string> = {}): CliResult =>
  runCli(['--range', 'origin/main...HEAD', '--format', 'github', '--format', 'sarif', '--output', sarif], {
    cwd,
    env: { ...env, CI: 'true', GITHUB_ACTIONS: 'true', ...extraEnv },
  });
/** Run the command a hint names (`… then run again: git fetch …`), split on spaces as a person would type it. */
const runHint = (cwd: string, stderr: string, pattern: RegExp): string => {
  const command = pattern.exec(stderr)?.[0];
  expect(command, `hint matching ${pattern} in: ${stderr}`).toBeDefined();
  const [, ...args] = (command ?? '').split(/\s+/);
  git(cwd, ...args);
  return command ?? '';
};

/**
 * One commit for `git fast-import`: `files` written (text or bytes) and `deleted` paths (folders
 * too) against its first parent, as `git add -A` and `git commit` would have recorded them.
 */
function commitBlock(ref: string, mark: number, message: string, opts: { from?: number; merge?: number; files?: Record<string, string | Buffer>; deleted?: string[] }): Buffer {
  const when = `${Math.floor(Date.now() / 1000)} +0000`;
  const parts: Buffer[] = [Buffer.from(`commit ${ref}\nmark :${mark}\ncommitter Test <test@example.com> ${when}\ndata ${Buffer.byteLength(message)}\n${message}\n`)];
  if (opts.from) parts.push(Buffer.from(`from :${opts.from}\n`));
  if (opts.merge) parts.push(Buffer.from(`merge :${opts.merge}\n`));
  for (const path of opts.deleted ?? []) parts.push(Buffer.from(`D ${path}\n`));
  for (const [path, content] of Object.entries(opts.files ?? {})) {
    const bytes = Buffer.from(content);
    parts.push(Buffer.from(`M 100644 inline ${path}\ndata ${bytes.length}\n`), bytes, Buffer.from('\n'));
  }
  return Buffer.concat(parts);
}

beforeAll(() => {
  seed = makeRepo();
  env = seed.env;
  // The history is written by one git process (`git fast-import`) straight into the bare "origin"
  // the clones come from: git is the setup here (two dozen add, commit, checkout and merge runs in
  // a work tree before), what the CLI and the Action make of the history is the subject.
  const app = { 'package.json': '{ "name": "shop", "version": "1.0.0" }\n', 'src/app.js': 'export const app = 1;\n', 'src/db.js': 'export const url = "mongodb://localhost";\n' };
  const routes = { 'src/routes.js': 'export const routes = [];\n' };
  // `mongod --dbpath mongo_files` ran in the project and `git add .` took all of it.
  const mongo = Object.fromEntries(Object.entries(mongoDbPathFiles({ scale: 0.05 }) as Record<string, string | Buffer>).map(([p, c]) => [`mongo_files/${p}`, c]));
  const tools = { [`${ODD_DIR}/node_modules/left-pad/package.json`]: '{ "name": "left-pad" }\n', [`${ODD_DIR}/node_modules/left-pad/index.js`]: 'module.exports = 1;\n' };
  const database = { 'src/database.js': app['src/db.js'] };
  const stream = Buffer.concat([
    // What makeRepo() starts from: README.md committed as "initial".
    commitBlock('refs/heads/main', 1, 'initial', { files: { 'README.md': '# test\n' } }),
    commitBlock('refs/heads/main', 2, 'main: the app', { from: 1, files: app }),
    commitBlock('refs/heads/feature', 3, 'feature: routes', { from: 2, files: routes }),
    commitBlock('refs/heads/feature', 4, 'feature: database and tools', { from: 3, files: { ...mongo, ...tools } }),
    // Added, then deleted again within the branch: not in what the branch's tree adds, but still in
    // its commits (a cruft-in-commits warning, issue 14 item 9).
    commitBlock('refs/heads/feature', 5, 'feature: oops', { from: 4, files: { 'node_modules/lodash/index.js': 'module.exports = {};\n', 'node_modules/lodash/package.json': '{ "name": "lodash" }\n' } }),
    commitBlock('refs/heads/feature', 6, 'feature: remove node_modules, rename db.js', { from: 5, deleted: ['node_modules', 'src/db.js'], files: database }),
    // main moves on after the branch point (files the branch must not be blamed for).
    commitBlock('refs/heads/main', 7, 'main: docs (and a mistake of its own)', { from: 2, files: { 'README.md': '# shop\n\nNow with docs.\n', 'main-only/node_modules/x/index.js': '1;\n' } }),
    // GitHub tests a pull request on its merge commit, refs/pull/1/merge (first parent: main): main's
    // tree with what the branch changed.
    commitBlock('refs/pull/1/merge', 8, "Merge branch 'feature' into HEAD", { from: 7, merge: 6, deleted: ['src/db.js'], files: { ...routes, ...mongo, ...tools, ...database } }),
    Buffer.from('done\n'),
  ]);
  origin = join(seed.scratch, 'origin.git');
  git(seed.scratch, 'init', '-q', '--bare', '-b', 'main', origin);
  execFileSync('git', ['-c', 'fastimport.unpackLimit=0', 'fast-import', '--quiet', '--done'], { cwd: origin, env, input: stream, stdio: ['pipe', 'ignore', 'pipe'] });
}, 120_000);

afterAll(() => seed?.cleanup());

describe('a full clone, the CLI run as the Action runs it', () => {
  let dir: string;
  // One run as the Action's step makes it (a step summary file set, as GitHub always sets it)
  // serves the first three tests: its annotations, its SARIF file, its summary.
  let run: CliResult;
  const sarif = (): string => join(seed.scratch, 'full.sarif');
  const summary = (): string => join(seed.scratch, 'summary.md');
  beforeAll(() => {
    dir = clone('full');
    git(dir, 'checkout', '-q', 'feature');
    writeFileSync(summary(), '# earlier step\n');
    run = asTheActionRunsIt(dir, sarif(), { GITHUB_STEP_SUMMARY: summary() });
  });

  it('exits 1 and annotates exactly what the branch adds', () => {
    const r = run;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const commands = workflowCommands(r.stdout);
    expect(commands.filter((c) => c.command === 'error').map((c) => [c.command, c.properties.file, c.properties.title])).toEqual([
      ['error', 'mongo_files/', 'Database working files (database-directory)'],
      ['error', `${ODD_DIR}/node_modules/`, 'Installed dependencies (dependency-directory)'],
    ]);
    // The node_modules/ added in "feature: oops" and deleted in the next commit: a warning, not an error.
    expect(commands.filter((c) => c.command !== 'error').map((c) => [c.command, c.properties.file, c.properties.title])).toEqual([
      ['warning', 'node_modules/', "Cruft in the branch's commits (cruft-in-commits)"],
    ]);
    expect(commands[2]?.data).toMatch(/added in [0-9a-f]{12} "feature: oops" and deleted in [0-9a-f]{12} "feature: remove node_modules, rename db.js"/);
    // The escaping GitHub requires, byte for byte: `,` `:` `%` in a property, `%` and newlines in the message.
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('::error'));
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^::error file=tools%2C v2%3A 50%25\/node_modules\/,title=Installed dependencies \(dependency-directory\)::/);
    expect(lines[1]).toContain('node_modules/ (2 files, 43 B)%0AWhy: ');
    // What main did after the branch point is not reported; what the branch added then deleted is
    // not reported as an error.
    expect(r.stdout).not.toContain('main-only');
    expect(lines.join('\n')).not.toMatch(/(^|[ /=])node_modules\/lodash|file=node_modules/);
  });

  it('writes SARIF that validates against the SARIF 2.1.0 schema, one result per finding', () => {
    expect(run.code).toBe(1);
    const doc = JSON.parse(readFileSync(sarif(), 'utf8'));
    expect(sarifErrors(doc)).toEqual([]);
    const results = doc.runs[0].results as Array<{ ruleId: string; level: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } }; properties?: { directory?: string } }> }>;
    // Each location names its folder; code scanning places it on a file in that folder (the marker
    // that identified the database, the dependency tree's first file).
    expect(results.map((r) => [r.ruleId, r.level, r.locations.map((l) => l.properties?.directory)])).toEqual([
      ['database-directory', 'error', ['mongo_files/']],
      ['dependency-directory', 'error', [`${ODD_DIR}/node_modules/`]],
      ['cruft-in-commits', 'warning', ['node_modules/']],
    ]);
    expect(results.map((r) => r.locations.map((l) => decodeURIComponent(l.physicalLocation.artifactLocation.uri)))).toEqual([
      ['mongo_files/WiredTiger.turtle'],
      [`${ODD_DIR}/node_modules/left-pad/index.js`],
      // The branch's deleted tree: the first file it held, as its commits stored it.
      ['node_modules/lodash/index.js'],
    ]);
    expect(doc.runs[0].tool.driver.rules.length).toBeGreaterThanOrEqual(3);
  });

  it('appends a Markdown summary to $GITHUB_STEP_SUMMARY', () => {
    expect(run.code).toBe(1);
    const md = readFileSync(summary(), 'utf8');
    expect(md.startsWith('# earlier step\n### ❌ cruft-check: 3 problems in what this branch adds (2 errors, 1 warning)')).toBe(true);
    expect(md.split('\n').filter((l) => l.startsWith('| '))).toHaveLength(5);
  });

  it('the report file never changes the exit code, and --fail-on never reports without failing', () => {
    const json = join(seed.scratch, 'out', 'report.json');
    const r = runCli(['--range', 'origin/main...HEAD', '--format', 'json', '--output', json], { cwd: dir, env });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(json, 'utf8')).summary.blocking).toBe(true);
    expect(runCli(['--range', 'origin/main...HEAD', '--format', 'github', '--fail-on', 'never'], { cwd: dir, env }).code).toBe(0);
  });

  it('reads the range from git: merge base, renames followed, sizes from the object store', async () => {
    const repo = await openRepo(dir);
    const three = await readRange(repo, parseRange('origin/main...HEAD'));
    expect(three.from).toBe(git(dir, 'merge-base', 'origin/main', 'HEAD').trim());
    const byPath = new Map(three.facts.map((f) => [f.path, f]));
    expect(byPath.get('src/database.js')).toMatchObject({ status: 'R', renamedFrom: 'src/db.js', origin: 'range' });
    expect(byPath.get('src/routes.js')?.status).toBe('A');
    expect([...byPath.keys()].filter((p) => p.startsWith('node_modules/') || p.startsWith('main-only/') || p === 'README.md')).toEqual([]);
    for (const f of three.facts) expect(f.size).toBe(Number(git(dir, 'cat-file', '-s', f.oid).trim()));
    // Two dots compare with main's tip itself: main's later README edit now shows as a change.
    const two = await readRange(repo, parseRange('origin/main..HEAD'));
    expect(two.from).toBe(git(dir, 'rev-parse', 'origin/main').trim());
    expect(two.facts.find((f) => f.path === 'README.md')?.status).toBe('M');
  });

  it('a clean branch passes with no output at all', () => {
    git(dir, 'checkout', '-q', '-b', 'clean', 'origin/main');
    writeFileSync(join(dir, 'CHANGELOG.md'), '- docs\n');
    git(dir, 'add', 'CHANGELOG.md');
    git(dir, '-c', 'user.name=Test', '-c', 'user.email=test@example.com', 'commit', '-q', '--no-verify', '-m', 'changelog');
    const r = asTheActionRunsIt(dir, join(seed.scratch, 'clean.sarif'));
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(sarifErrors(JSON.parse(readFileSync(join(seed.scratch, 'clean.sarif'), 'utf8')))).toEqual([]);
    git(dir, 'checkout', '-q', 'feature');
  });

  it('bad ranges are usage errors (exit 2), not empty reports', () => {
    for (const range of ['...HEAD', '--output=x..HEAD']) {
      const r = runCli(['--range', range], { cwd: dir, env });
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(runCli(['--range', 'origin/main...HEAD', '--hook'], { cwd: dir, env }).code).toBe(2);
    const unrelated = runCli(['--range', 'nope...HEAD'], { cwd: dir, env });
    expect(unrelated.code).toBe(2);
    expect(unrelated.stderr).toMatch(/unknown revision "nope"/);
  });
});

describe('shallow clones', () => {
  it('--depth 1 with every branch: exit 2 naming the fetch that fixes it; after `git fetch --deepen` it works', () => {
    const dir = clone('shallow-all', '--depth', '1', '--no-single-branch', '--branch', 'feature');
    expect(git(dir, 'rev-parse', '--is-shallow-repository').trim()).toBe('true');
    const r = asTheActionRunsIt(dir, join(seed.scratch, 'shallow-all.sarif'));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/shallow clone does not reach the merge base of origin\/main and HEAD/);
    expect(r.stderr).toContain('git fetch --unshallow origin');
    runHint(dir, r.stderr, /git fetch --deepen=\d+ origin/);
    const after = asTheActionRunsIt(dir, join(seed.scratch, 'shallow-all.sarif'));
    expect(after.code).toBe(1);
    expect(workflowCommands(after.stdout).map((c) => c.properties.file)).toEqual(['mongo_files/', `${ODD_DIR}/node_modules/`, 'node_modules/']);
  });

  it('--depth 1, one branch (like actions/checkout): each hint in turn leads to a working check', () => {
    const dir = clone('shallow-one', '--depth', '1', '--branch', 'feature');
    const first = asTheActionRunsIt(dir, join(seed.scratch, 'shallow-one.sarif'));
    expect(first.code).toBe(2);
    expect(first.stderr).toMatch(/unknown revision "origin\/main"/);
    runHint(dir, first.stderr, /git fetch origin main:refs\/remotes\/origin\/main/);
    const second = asTheActionRunsIt(dir, join(seed.scratch, 'shallow-one.sarif'));
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/shallow clone does not reach the merge base/);
    runHint(dir, second.stderr, /git fetch --unshallow origin/);
    expect(git(dir, 'rev-parse', '--is-shallow-repository').trim()).toBe('false');
    const third = asTheActionRunsIt(dir, join(seed.scratch, 'shallow-one.sarif'));
    expect(third.code).toBe(1);
    expect(sarifErrors(JSON.parse(readFileSync(join(seed.scratch, 'shallow-one.sarif'), 'utf8')))).toEqual([]);
  });
});

describe("action.yml's own steps on a checkout like actions/checkout's", () => {
  it('fetches the base, deepens the shallow clone, annotates, writes SARIF and fails the job', () => {
    // actions/checkout on pull_request: a fresh repository, the merge commit fetched at depth 1, detached.
    const workspace = join(seed.scratch, 'workspace');
    mkdirSync(workspace);
    git(workspace, 'init', '-q');
    git(workspace, 'remote', 'add', 'origin', `file://${origin}`);
    git(workspace, 'fetch', '-q', '--no-tags', '--depth=1', 'origin', '+refs/pull/1/merge:refs/remotes/pull/1/merge');
    git(workspace, 'checkout', '-q', '--detach', 'refs/remotes/pull/1/merge');
    expect(git(workspace, 'rev-parse', '--is-shallow-repository').trim()).toBe('true');

    const action = loadAction();
    const summary = join(seed.scratch, 'action-summary.md');
    writeFileSync(summary, '');
    const github = { action_path: PROJECT, base_ref: 'main', event: { before: '' }, workspace };
    const check = runStep(action, 'check', {
      inputs: { 'sarif-file': 'reports/cruft.sarif' },
      github,
      env: { ...env, GITHUB_STEP_SUMMARY: summary },
      workspace,
      scratch: seed.scratch,
    });
    expect(check.code).toBe(0); // the step records the result; the last step fails the job
    expect(check.outputs['exit-code']).toBe('1');
    expect(check.stdout).toMatch(/fetching 50 more commits/);
    expect(workflowCommands(check.stdout).map((c) => [c.command, c.properties.file])).toEqual([
      ['error', 'mongo_files/'],
      ['error', `${ODD_DIR}/node_modules/`],
      ['warning', 'node_modules/'],
    ]);
    const sarifFile = check.outputs['sarif-file'] ?? '';
    expect(sarifFile).toBe(join(workspace, 'reports', 'cruft.sarif'));
    expect(sarifErrors(JSON.parse(readFileSync(sarifFile, 'utf8')))).toEqual([]);
    expect(readFileSync(summary, 'utf8')).toMatch(/^### ❌ cruft-check: 3 problems/);

    const result = runStep(action, 'result', { inputs: {}, github, steps: { check: { outputs: check.outputs } }, env, workspace, scratch: seed.scratch });
    expect(result.code).toBe(1);
  });

  it('fail-on: never reports without failing the job', () => {
    const workspace = clone('never', '--branch', 'feature');
    const action = loadAction();
    const github = { action_path: PROJECT, base_ref: 'main', event: { before: '' }, workspace };
    const check = runStep(action, 'check', { inputs: { 'fail-on': 'never' }, github, env, workspace, scratch: seed.scratch });
    expect(check.outputs['exit-code']).toBe('0');
    expect(workflowCommands(check.stdout)).toHaveLength(3);
    expect(existsSync(join(workspace, 'cruft-check.sarif'))).toBe(false);
  });
});

describe('never a prompt where nobody can answer', () => {
  // One repository with mongo_files/ staged, made once; each test takes a copy.
  let blocked: TestRepo | undefined;
  afterAll(() => blocked?.cleanup());
  const blockedRepo = (): TestRepo => {
    if (!blocked) {
      blocked = makeRepo();
      writeMongoDbPath(join(blocked.dir, 'mongo_files'), { scale: 0.02 });
      blocked.git('add', '-A');
    }
    return copyRepo(blocked);
  };
  // A real pseudo-terminal: the prompt could be shown and answered, so only the rules keep it away.
  const inPty = async (repo: TestRepo, args: string[], extra: Record<string, string>): Promise<{ code: number; out: string }> => {
    const cmd = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    const r = await onPty(cmd, { cwd: repo.dir, env: { ...repo.env, ...extra }, input: 'y\n', timeout: 30_000 });
    return { code: r.code, out: r.screen };
  };

  it.each([
    ['CI=true', ['--hook'], { CI: 'true' }],
    ['GITHUB_ACTIONS', ['--hook'], { GITHUB_ACTIONS: 'true' }],
    ['--no-input', ['--hook', '--no-input'], {}],
    ['--format github', ['--hook', '--format', 'github'], {}],
  ] as const)('%s: the commit is blocked (exit 1) without asking', async (_name, args, extra) => {
    const repo = blockedRepo();
    try {
      const r = await inPty(repo, [...args], { ...extra });
      expect(r.out).not.toMatch(/Commit anyway\?|\[y\/N/);
      expect(r.code).toBe(1);
    } finally {
      repo.cleanup();
    }
  });

  it('--yes reports but lets the commit through (exit 0)', async () => {
    const repo = blockedRepo();
    try {
      const r = await inPty(repo, ['--hook', '--yes'], {});
      expect(r.out).toContain('database-directory');
      expect(r.code).toBe(0);
    } finally {
      repo.cleanup();
    }
  });
});
