// Bundle src/ into dist/ with esbuild. Node 20 cannot run the TypeScript sources directly.
//
//   dist/bundle.js     the command line: one CommonJS file (dist/package.json says so)
//   dist/cli.js        the executable (src/launch.ts): runs dist/bundle.js with V8's code cache,
//                      dist/bundle.cache, written here by running the bundle over a small
//                      repository (writeCodeCache below); without it the command works, slower
//   dist/index.mjs     the library (`import { check } from 'cruft-check'`): one ES module
//
// Why CommonJS for the command line: the hook runs on every commit, and measured on a 2-core
// machine Node's ES module loader costs 10–30 ms more than require() for the same code (its
// start-up, and compiling each module) — half of an ordinary commit's budget. Modules the
// command imports with `import()` (reporters, the prompt, init, fix, audit) stay lazy in the
// bundle: esbuild wraps each in a function run on first use. simple-git, micromatch and yaml are
// dependencies and are required from node_modules when used, not bundled (yaml is used only by
// `init`/`uninstall`, to edit lefthook.yml: bundled, its 200 KB would be read on every commit).
//
// The bundle is written to a fresh folder and swapped in with two renames, so a test or hook that
// is running the CLI while someone rebuilds never finds dist/ half-deleted.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Run the fresh bundle the way an ordinary commit does (the hook, `--staged`, a pre-flight) in a
 * throwaway repository, each run adding the functions it compiled to dist/bundle.cache. No git
 * variable of the caller reaches it: a build run from inside a git hook must not touch that repository.
 */
function writeCodeCache(dir) {
  const repo = mkdtempSync(join(tmpdir(), 'cruft-check-cache-'));
  try {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GIT_') && !k.startsWith('CRUFT_CHECK') && k !== 'HUSKY'));
    Object.assign(env, { GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', HOME: repo, NO_COLOR: '1', CRUFT_CHECK_WRITE_CODE_CACHE: '1' });
    const git = (...args) => execFileSync('git', ['-c', 'user.name=cruft-check', '-c', 'user.email=build@cruft-check.invalid', ...args], { cwd: repo, env, stdio: 'ignore' });
    const write = (path, text) => {
      mkdirSync(join(repo, path, '..'), { recursive: true });
      writeFileSync(join(repo, path), text);
    };
    git('init', '-q');
    for (let i = 0; i < 40; i++) write(`src/part-${i % 4}/module-${i}.ts`, `export const n${i} = ${i};\n`);
    write('package.json', '{ "name": "demo" }\n');
    write('README.md', '# demo\n');
    git('add', '-A');
    git('commit', '-q', '-m', 'start');
    write('src/part-0/module-0.ts', 'export const n0 = 100;\n');
    write('src/part-1/new.ts', 'export const fresh = true;\n');
    write('notes.txt', 'untracked\n');
    git('add', 'src');
    for (const args of [['--hook'], ['--staged', '--format', 'json'], ['--format', 'json']]) {
      execFileSync(process.execPath, [join(dir, 'cli.js'), ...args], { cwd: repo, env, stdio: 'ignore' });
    }
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
}

const dist = new URL('../dist/', import.meta.url);
const fresh = new URL(`../dist.build-${process.pid}/`, import.meta.url);
const old = new URL(`../dist.old-${process.pid}/`, import.meta.url);
const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: false, logLevel: 'warning', external: ['simple-git', 'micromatch', 'yaml'] };
try {
  await build({
    ...common,
    entryPoints: ['src/cli.ts'],
    outfile: new URL('bundle.js', fresh).pathname,
    format: 'cjs',
    // Whitespace and syntax only (names are kept, for stack traces under CRUFT_CHECK_DEBUG=1):
    // measured here, reading and compiling a quarter fewer bytes starts the hook 6–10 ms sooner.
    // `node --enable-source-maps dist/bundle.js` maps a stack back to src/.
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: true,
    // import.meta.url (src/package.ts, src/rules/micromatch.ts) as CommonJS knows it. Strict mode
    // first, as the ES modules the code was written as are: a directive after the banner's
    // statement would be none.
    banner: { js: "'use strict';\nconst __import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
    define: { 'import.meta.url': '__import_meta_url' },
  });
  // src/launch.ts runs the bundle as a vm.Script, where import() has no loader (Node 20 offers one
  // only as an experimental feature, with a warning): packages are required, modules bundled.
  const dynamicImport = /\bimport\(/.exec(readFileSync(new URL('bundle.js', fresh), 'utf8'));
  if (dynamicImport) throw new Error(`dist/bundle.js calls import() at ${dynamicImport.index}: import that module statically, or bundle it`);
  // The thread that measures many untracked files (src/git/lstat-worker.ts): a module of its own.
  await build({ ...common, entryPoints: ['src/git/lstat-worker.ts'], outfile: new URL('lstat-worker.js', fresh).pathname, format: 'cjs', minifySyntax: true });
  await build({ ...common, entryPoints: ['src/launch.ts'], outfile: new URL('cli.js', fresh).pathname, format: 'cjs', minifySyntax: true });
  await build({ ...common, entryPoints: ['src/index.ts'], outfile: new URL('index.mjs', fresh).pathname, format: 'esm' });
  // `--types` (npm run build, and so packing): the library's declarations, dist/index.d.ts.
  if (process.argv.includes('--types')) {
    const { emitTypes } = await import('./types.mjs');
    emitTypes(fresh.pathname);
  }
  // The package is "type": "module"; dist/cli.js and dist/bundle.js are CommonJS.
  writeFileSync(new URL('package.json', fresh), '{ "type": "commonjs" }\n');
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(fresh, dist);
  // In place: V8 keeps the name of the file a cache was made from (stack traces, coverage).
  try {
    writeCodeCache(dist.pathname);
  } catch (e) {
    console.warn(`build: no code cache written (${e.message.split('\n')[0]}); the command line works without it, slower`);
  }
} finally {
  rmSync(fresh, { recursive: true, force: true });
  rmSync(old, { recursive: true, force: true });
}
