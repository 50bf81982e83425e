// The hook runs on every commit: an ordinary commit must load only what it needs to decide.
// The built CLI runs with a module-loading hook that writes down every file Node loads; the
// bundle's chunks are then read for the `// src/…` and `// node_modules/…` markers esbuild puts
// before each module it bundles, which says which of our modules (and which packages) ran.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { CLI, cleanEnv, makeRepo, type TestRepo } from '../helpers/repo.js';

let repo: TestRepo;
beforeEach(() => {
  repo = makeRepo();
  writeFileSync(
    join(repo.scratch, 'hooks.mjs'),
    "import { appendFileSync } from 'node:fs';\n" +
      'export async function load(url, context, next) {\n' +
      "  if (url.startsWith('file:')) appendFileSync(process.env.LOAD_LOG, url + '\\n');\n" +
      '  return next(url, context);\n' +
      '}\n',
  );
  writeFileSync(join(repo.scratch, 'register.mjs'), "import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n");
});
afterEach(() => repo.cleanup());

/** Run the CLI and return the bundled modules that were loaded (`src/check.ts`, `node_modules/picocolors/…`). */
function loadedModules(args: string[]): { code: number; modules: string[] } {
  const log = join(repo.scratch, `loaded-${Math.random().toString(36).slice(2)}.log`);
  writeFileSync(log, '');
  const r = spawnSync(process.execPath, ['--import', join(repo.scratch, 'register.mjs'), CLI, ...args], {
    cwd: repo.dir,
    env: cleanEnv({ LOAD_LOG: log }, repo.scratch),
    encoding: 'utf8',
  });
  const files = readFileSync(log, 'utf8').split('\n').filter(Boolean).map((u) => fileURLToPath(u));
  const modules = new Set<string>();
  for (const f of files.filter((f) => f.startsWith(join(CLI, '..')))) {
    for (const m of readFileSync(f, 'utf8').matchAll(/^\/\/ ((?:src|node_modules)\/\S+)$/gm)) modules.add(m[1] as string);
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
