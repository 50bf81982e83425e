// The hook runs on every commit: an ordinary commit must run only what it needs to decide, and
// ask git only what it must.
// The built CLI's code is one file (dist/bundle.js, run by dist/cli.js) in which esbuild wraps
// each bundled module in a function named after its source (`"src/commands/hook.ts"() {…}`) that runs the
// first time the module is imported. The CLI
// runs with V8's coverage on (NODE_V8_COVERAGE): a wrapper that was called is a module that
// was loaded. Packages required from node_modules (simple-git, micromatch) show up as files.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { CLI, cleanEnv, makeRepo, type TestRepo } from '../helpers/repo.js';

const BUNDLE = join(dirname(CLI), 'bundle.js');

let repo: TestRepo;
beforeEach(() => {
  repo = makeRepo();
});
afterEach(() => repo.cleanup());

interface Coverage {
  result: { url: string; functions: { functionName: string; ranges: { count: number }[] }[] }[];
}

/** Run the CLI and return the modules that were loaded (`src/judge/check.ts`, `node_modules/picocolors/…`) and the bundle's functions that ran. */
function loadedModules(args: string[]): { code: number; modules: string[]; ran: Set<string> } {
  const dir = join(repo.scratch, `coverage-${Math.random().toString(36).slice(2)}`);
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: repo.dir,
    env: cleanEnv({ NODE_V8_COVERAGE: dir }, repo.scratch),
    encoding: 'utf8',
  });
  const modules = new Set<string>();
  const ran = new Set<string>();
  for (const file of readdirSync(dir)) {
    for (const script of (JSON.parse(readFileSync(join(dir, file), 'utf8')) as Coverage).result) {
      if (!script.url.startsWith('file:')) continue;
      const path = fileURLToPath(script.url);
      if (path === BUNDLE) {
        for (const fn of script.functions) {
          if ((fn.ranges[0]?.count ?? 0) === 0) continue;
          ran.add(fn.functionName);
          if (/^(src|node_modules)\/\S+$/.test(fn.functionName)) modules.add(fn.functionName);
        }
      } else if (path.includes(`${sep}node_modules${sep}`)) {
        modules.add(path.slice(path.lastIndexOf(`${sep}node_modules${sep}`) + 1).split(sep).join('/'));
      }
    }
  }
  return { code: r.status ?? -1, modules: [...modules].sort(), ran };
}

// (src/report/output.ts picks the format and the exit code: every run needs it.)
const NOT_ON_A_CLEAN_COMMIT = [/^src\/report\/(?!output\.ts$)/, /^src\/commands\//, /^node_modules\/simple-git\//, /^node_modules\/picocolors\//, /^node_modules\/yaml\//];

it('an ordinary commit loads neither the prompt, nor a reporter, nor the installer', () => {
  repo.write('src/app.js', 'export const x = 1;\n');
  repo.git('add', 'src/app.js');
  const { code, modules } = loadedModules(['--hook']);
  expect(code).toBe(0);
  expect(modules).toContain('src/judge/check.ts'); // the hook did run and was observed
  expect(modules.filter((m) => NOT_ON_A_CLEAN_COMMIT.some((re) => re.test(m)))).toEqual([]);
});

it('changes no V8 flag while running (Node documents that as a way to crash or lose data)', () => {
  expect(readFileSync(BUNDLE, 'utf8')).not.toMatch(/setFlagsFromString/);
  expect(readFileSync(CLI, 'utf8')).not.toMatch(/setFlagsFromString/);
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

/** The commands (first argument) each run of the CLI gives git, through a git in front of the real one that writes them down. */
function gitQuestions(): (args: string[]) => string[] {
  const real = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  const bin = join(repo.scratch, 'bin');
  const log = join(repo.scratch, 'git-commands.log');
  mkdirSync(bin);
  writeFileSync(join(bin, 'git'), `#!/bin/sh\nprintf '%s\\n' "$1" >> '${log}'\nexec '${real}' "$@"\n`);
  chmodSync(join(bin, 'git'), 0o755);
  return (args) => {
    rmSync(log, { force: true });
    const r = repo.cli(args, { env: { PATH: `${bin}:${process.env.PATH ?? ''}` } });
    expect(r.code, r.stderr).toBeLessThanOrEqual(1);
    return readFileSync(log, 'utf8').trim().split('\n').sort();
  };
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
  repo.git('add', '-A');
  expect(asked(['--staged', '--format', 'json'])).toEqual(['diff']);
  const j = JSON.parse(repo.cli(['--staged', '--format', 'json']).stdout) as { summary: { files: number; bytes: number } };
  expect(j.summary).toMatchObject({ files: 2101, bytes: Array.from({ length: 2100 }, (_, i) => `${i}\n`.length).reduce((a, b) => a + b, 100_000) });
});
