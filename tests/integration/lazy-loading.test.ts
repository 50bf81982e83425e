// The hook runs on every commit: an ordinary commit must run only what it needs to decide, and
// ask git only what it must.
// The built CLI's core is one file (dist/bundle.js, run by dist/cli.js) in which esbuild wraps
// each module the core loads on use in a function named after its source
// (`"src/report/json.ts"() {…}`) that runs the first time the module is imported. Each command and
// report format an ordinary commit never runs is a file of its own (dist/commands-hook.js …),
// read only when used; dist/bundles.json says which modules each holds. The CLI runs with V8's
// coverage on (NODE_V8_COVERAGE): a wrapper that was called, or a file of dist/ that was run, is a
// module that was loaded. Packages required from node_modules (simple-git, micromatch) show up
// as files.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { CLI, cleanEnv, makeRepo, type TestRepo } from '../helpers/repo.js';

const DIST = dirname(CLI);
const BUNDLE = join(DIST, 'bundle.js');
/** The modules each file of dist/ holds, as the build wrote them down. */
const BUNDLES = JSON.parse(readFileSync(join(DIST, 'bundles.json'), 'utf8')) as Record<string, string[]>;

let repo: TestRepo;
beforeEach(() => {
  repo = makeRepo();
});
afterEach(() => repo.cleanup());

interface Coverage {
  result: { url: string; functions: { functionName: string; ranges: { count: number }[] }[] }[];
}

/**
 * Run the CLI and return the modules that were loaded (`src/judge/check.ts`, `node_modules/picocolors/…`),
 * the core's functions that ran, the files of dist/ that were run, and what it wrote on stderr.
 */
function loadedModules(args: string[]): { code: number; modules: string[]; ran: Set<string>; files: string[]; stderr: string } {
  const dir = join(repo.scratch, `coverage-${Math.random().toString(36).slice(2)}`);
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: repo.dir,
    env: cleanEnv({ NODE_V8_COVERAGE: dir }, repo.scratch),
    encoding: 'utf8',
  });
  const modules = new Set<string>();
  const ran = new Set<string>();
  const files = new Set<string>();
  for (const file of readdirSync(dir)) {
    for (const script of (JSON.parse(readFileSync(join(dir, file), 'utf8')) as Coverage).result) {
      if (!script.url.startsWith('file:')) continue;
      const path = fileURLToPath(script.url);
      if (dirname(path) === DIST) files.add(basename(path));
      if (path === BUNDLE) {
        for (const fn of script.functions) {
          if ((fn.ranges[0]?.count ?? 0) === 0) continue;
          ran.add(fn.functionName);
          if (/^(src|node_modules)\/\S+$/.test(fn.functionName)) modules.add(fn.functionName);
        }
      } else if (dirname(path) === DIST && BUNDLES[basename(path)]) {
        for (const m of BUNDLES[basename(path)] ?? []) modules.add(m);
      } else if (path.includes(`${sep}node_modules${sep}`)) {
        modules.add(path.slice(path.lastIndexOf(`${sep}node_modules${sep}`) + 1).split(sep).join('/'));
      }
    }
  }
  return { code: r.status ?? -1, modules: [...modules].sort(), ran, files: [...files].sort(), stderr: r.stderr };
}

// (src/report/output.ts picks the format and the exit code: every run needs it.)
const NOT_ON_A_CLEAN_COMMIT = [/^src\/report\/(?!output\.ts$)/, /^src\/commands\//, /^node_modules\/simple-git\//, /^node_modules\/picocolors\//, /^node_modules\/yaml\//];

it('an ordinary commit loads neither the prompt, nor a reporter, nor the installer', () => {
  repo.write('src/app.js', 'export const x = 1;\n');
  repo.git('add', 'src/app.js');
  const { code, modules, files } = loadedModules(['--hook']);
  expect(code).toBe(0);
  expect(modules).toContain('src/judge/check.ts'); // the hook did run and was observed
  expect(modules.filter((m) => NOT_ON_A_CLEAN_COMMIT.some((re) => re.test(m)))).toEqual([]);
  // Of dist/, only the launcher and the core are read: no command's file.
  expect(files).toEqual(['bundle.js', 'cli.js']);
});

it('the commands and formats an ordinary commit never runs are files of their own, outside the core', () => {
  expect(BUNDLES['bundle.js']).toContain('src/judge/check.ts');
  expect(BUNDLES['bundle.js']).toContain('src/report/json.ts'); // --staged --format json reads nothing more
  // (report/json.ts is in the core, set up only when --format json asks for it.)
  expect(BUNDLES['bundle.js']?.filter((m) => /^src\/commands\/|^src\/report\/(?!output\.ts$|json\.ts$)/.test(m))).toEqual([]);
  for (const command of ['audit', 'add', 'doctor', 'fix', 'global', 'hook', 'init', 'prepush', 'pre-receive']) {
    expect(BUNDLES[`commands-${command}.js`]).toContain(`src/commands/${command}.ts`);
  }
  for (const format of ['human', 'sarif', 'github', 'codequality', 'html']) expect(BUNDLES[`report-${format}.js`]).toContain(`src/report/${format}.ts`);
});

it('an error thrown in a command loaded from its own file is the one line and exit code 2 of any usage error', () => {
  // `explain` runs in dist/commands-rules.js; its CruftError must be the core's CruftError, or
  // main would call it an internal error.
  const r = loadedModules(['explain', 'no-such-rule']);
  expect(r.files).toContain('commands-rules.js');
  expect(r.code).toBe(2);
  expect(r.stderr).toBe('cruft-check: unknown rule "no-such-rule" (see `cruft-check rules`) (see cruft-check --help)\n');
});

it('changes no V8 flag while running (Node documents that as a way to crash or lose data)', () => {
  expect(readFileSync(BUNDLE, 'utf8')).not.toMatch(/setFlagsFromString/);
  expect(readFileSync(CLI, 'utf8')).not.toMatch(/setFlagsFromString/);
  for (const file of Object.keys(BUNDLES)) expect(readFileSync(join(DIST, file), 'utf8')).not.toMatch(/setFlagsFromString/);
});

it('a blocked commit loads the prompt and the human reporter; --format json loads only the JSON one', () => {
  repo.tree({ node_modules: { a: { 'index.js': '1\n' } } });
  repo.git('add', '.');
  const hook = loadedModules(['--hook', '--no-input']).modules;
  expect(hook).toContain('src/commands/hook.ts');
  expect(hook).toContain('src/report/human.ts');
  const json = loadedModules(['--format', 'json']).modules;
  expect(json).toContain('src/report/json.ts');
  expect(json.filter((m) => /^src\/report\/(human|sarif|github)\.ts$/.test(m) || m === 'src/commands/hook.ts')).toEqual([]);
});

/**
 * The commands (first argument) each run of the CLI gives git, through a git in front of the real
 * one that writes them down; `asked.stdout` is the last run's standard output.
 */
function gitQuestions(): ((args: string[]) => string[]) & { stdout: string } {
  const real = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  const bin = join(repo.scratch, 'bin');
  const log = join(repo.scratch, 'git-commands.log');
  mkdirSync(bin);
  writeFileSync(join(bin, 'git'), `#!/bin/sh\nprintf '%s\\n' "$1" >> '${log}'\nexec '${real}' "$@"\n`);
  chmodSync(join(bin, 'git'), 0o755);
  const asked = Object.assign(
    (args: string[]): string[] => {
      rmSync(log, { force: true });
      const r = repo.cli(args, { env: { PATH: `${bin}:${process.env.PATH ?? ''}` } });
      expect(r.code, r.stderr).toBeLessThanOrEqual(1);
      asked.stdout = r.stdout;
      return readFileSync(log, 'utf8').trim().split('\n').sort();
    },
    { stdout: '' },
  );
  return asked;
}

it('an ordinary commit asks git one question for --staged and two for the hook, and nothing per file', () => {
  const asked = gitQuestions();
  // New and changed files of every size an ordinary commit has, a case-twin question included.
  repo.tree({ src: { 'app.js': 'export const x = 1;\n', 'util.js': 'u\n' }, 'README.md': '# x\n', docs: { 'guide.md': 'g\n'.repeat(3000) } });
  repo.git('add', '-A');
  repo.commit('base');
  repo.write('src/app.js', 'export const x = 2;\n');
  repo.write('src/new.js', 'n\n');
  repo.write('docs/Guide-2.md', 'g\n'.repeat(2000));
  repo.git('add', '-A');
  expect(asked(['--staged', '--format', 'json'])).toEqual(['diff']);
  expect(asked(['--hook'])).toEqual(['diff', 'ls-files']);
});

it('a bulk add is sized from the index file: the staged diff is the one question', () => {
  const asked = gitQuestions();
  for (let i = 0; i < 2100; i++) repo.write(`gen/f${i}.txt`, `${i}\n`);
  repo.write('gen/Big.dat', Buffer.alloc(100_000, 1));
  repo.addMany('-A');
  expect(asked(['--staged', '--format', 'json'])).toEqual(['diff']);
  // The report of that same run (the git in front changes nothing git answers).
  const j = JSON.parse(asked.stdout) as { summary: { files: number; bytes: number } };
  expect(j.summary).toMatchObject({ files: 2101, bytes: Array.from({ length: 2100 }, (_, i) => `${i}\n`.length).reduce((a, b) => a + b, 100_000) });
});

it("a bulk add of 10,000 files starts the rules' later git processes while the staged diff runs, each once", () => {
  const asked = gitQuestions();
  for (let i = 0; i < 10_000; i++) repo.write(`gen/d${i % 50}/f${i}.txt`, `${i}\n`);
  // Candidates for the first bytes (cat-file --batch), the LFS attribute (check-attr) and a folder committed on purpose (ls-tree).
  repo.write('tools/bin/run', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0]));
  repo.write('assets/intro.mp4', Buffer.alloc(300_000, 7));
  repo.addMany('-A');
  // Started ahead (src/git/run.ts startAhead) and taken when asked: no question twice, and none
  // more than the rules ask (the last, `--literal-pathspecs ls-tree … tools/bin`, names paths the
  // rules choose and is not started ahead).
  expect(asked(['--staged', '--format', 'json'])).toEqual(['--literal-pathspecs', 'cat-file', 'check-attr', 'diff', 'ls-tree']);
}, 180_000);
