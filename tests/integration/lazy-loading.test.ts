// The hook runs on every commit: an ordinary commit must run only what it needs to decide.
// The built CLI's code is one file (dist/bundle.js, run by dist/cli.js) in which esbuild wraps
// each bundled module in a function named after its source (`"src/hook.ts"() {…}`) that runs the
// first time the module is imported. The CLI
// runs with V8's coverage on (NODE_V8_COVERAGE): a wrapper that was called is a module that
// was loaded. Packages required from node_modules (simple-git, micromatch) show up as files.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
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

/** Run the CLI and return the modules that were loaded (`src/check.ts`, `node_modules/picocolors/…`). */
function loadedModules(args: string[]): { code: number; modules: string[] } {
  const dir = join(repo.scratch, `coverage-${Math.random().toString(36).slice(2)}`);
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: repo.dir,
    env: cleanEnv({ NODE_V8_COVERAGE: dir }, repo.scratch),
    encoding: 'utf8',
  });
  const modules = new Set<string>();
  for (const file of readdirSync(dir)) {
    for (const script of (JSON.parse(readFileSync(join(dir, file), 'utf8')) as Coverage).result) {
      if (!script.url.startsWith('file:')) continue;
      const path = fileURLToPath(script.url);
      if (path === BUNDLE) {
        for (const fn of script.functions) {
          if (/^(src|node_modules)\/\S+$/.test(fn.functionName) && (fn.ranges[0]?.count ?? 0) > 0) modules.add(fn.functionName);
        }
      } else if (path.includes(`${sep}node_modules${sep}`)) {
        modules.add(path.slice(path.lastIndexOf(`${sep}node_modules${sep}`) + 1).split(sep).join('/'));
      }
    }
  }
  return { code: r.status ?? -1, modules: [...modules].sort() };
}

const NOT_ON_A_CLEAN_COMMIT = [/^src\/report\//, /^src\/hook\.ts$/, /^src\/init\.ts$/, /^src\/commands\//, /^src\/catalogue\.ts$/, /^node_modules\/simple-git\//, /^node_modules\/picocolors\//];

it('an ordinary commit loads neither the prompt, nor a reporter, nor the installer', () => {
  repo.write('src/app.js', 'export const x = 1;\n');
  repo.git('add', 'src/app.js');
  const { code, modules } = loadedModules(['--hook']);
  expect(code).toBe(0);
  expect(modules).toContain('src/check.ts'); // the hook did run and was observed
  expect(modules.filter((m) => NOT_ON_A_CLEAN_COMMIT.some((re) => re.test(m)))).toEqual([]);
});

it('a blocked commit loads the prompt and the human reporter; --format json loads only the JSON one', () => {
  repo.tree({ node_modules: { a: { 'index.js': '1\n' } } });
  repo.git('add', '.');
  const hook = loadedModules(['--hook', '--no-input']).modules;
  expect(hook).toContain('src/hook.ts');
  expect(hook).toContain('src/report/human.ts');
  const json = loadedModules(['--format', 'json']).modules;
  expect(json).toContain('src/report/json.ts');
  expect(json.filter((m) => /^src\/report\/(human|sarif|github)\.ts$/.test(m) || m === 'src/hook.ts')).toEqual([]);
});
