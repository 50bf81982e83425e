// Bundle src/ into dist/ with esbuild. Node 20 cannot run the TypeScript sources directly.
//
//   dist/bundle.js     the command line's core: what an ordinary commit runs (src/cli.ts and what it
//                      imports), one CommonJS file
//   dist/<dir>-<name>.js  each command and report format an ordinary commit never runs
//                      (src/commands/audit.ts → dist/commands-audit.js, src/report/html.ts →
//                      dist/report-html.js …), a CommonJS file of its own, read only when used
//   dist/bundles.json  which src/ modules each of those files holds (for tests and for people)
//   dist/cli.js        the executable (src/launch.ts): runs dist/bundle.js with V8's code cache,
//                      dist/bundle.cache, written here by running the bundle over a small
//                      repository (writeCodeCache below); without it the command works, slower
//   dist/index.mjs     the library (`import { check } from 'cruft-check'`): one ES module
//
// Why CommonJS for the command line: the hook runs on every commit, and measured on a 2-core
// machine Node's ES module loader costs 10–30 ms more than require() for the same code (its
// start-up, and compiling each module) — half of an ordinary commit's budget. simple-git,
// micromatch and yaml are dependencies and are required from node_modules when used, not bundled
// (yaml is used only by `init`/`uninstall`, to edit lefthook.yml: bundled, its 200 KB would be read
// on every commit).
//
// Why the commands are files of their own: every commit reads dist/bundle.js, decodes it and
// deserialises its code cache, and Node keeps the source twice in the young generation while it
// compiles it: all of it costs by the byte, whether the code runs or not (docs/performance.md,
// "Start-up"). A module the command line imports with `import()` from src/commands/ or
// src/report/ (except report/output.ts and report/json.ts, which `--format json` needs) is built
// as a bundle of its own; the `import()` becomes a call to src/launch.ts's loader. The modules of
// the core such a bundle imports (errors.ts and its CruftError, the git readers, the rules…) are
// not copied into it: the loader hands it the core's own instances, so `instanceof CruftError`
// and every module's state are the same in both. A module that is not in the core and that two
// command bundles import (report/human.ts, git/pushed.ts) is copied into each: none of them holds
// a class or state that crosses between bundles.
//
// The bundles run as vm.Scripts (src/launch.ts), where import() has no loader: every import() is
// turned into a require() the launcher answers, and the build refuses a bundle that still calls
// import(). Each file is written already wrapped as Node's CommonJS loader would wrap it (a
// function of exports, require, module, __filename, __dirname), so the launcher compiles the
// string it read instead of a copy with the wrapper added.
//
// The bundle is written to a fresh folder and swapped in with two renames, so a test or hook that
// is running the CLI while someone rebuilds never finds dist/ half-deleted.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

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

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const dist = new URL('../dist/', import.meta.url);
const fresh = new URL(`../dist.build-${process.pid}/`, import.meta.url);
const old = new URL(`../dist.old-${process.pid}/`, import.meta.url);
const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: false, logLevel: 'warning', external: ['simple-git', 'micromatch', 'yaml'] };

/** A module the command line loads with import() that is built as a bundle of its own (see the top of this file). */
const ownBundle = (path) => /^src\/(commands|report)\//.test(path) && !/^src\/report\/(output|json)\.ts$/.test(path);
/** Its file in dist/, without `.js`: src/commands/audit.ts → commands-audit. */
const bundleName = (path) => path.slice('src/'.length, -'.ts'.length).replaceAll('/', '-');
/** The source files a build used, relative to the project (a package as node_modules/…): dist/bundles.json. */
const inputsOf = (result) =>
  Object.keys(result.metafile.inputs)
    .filter((p) => p.startsWith('src/') || p.includes('node_modules/'))
    .map((p) => p.slice(p.indexOf('node_modules/') >= 0 ? p.indexOf('node_modules/') : 0))
    .sort();

/**
 * How one bundle of the command line is cut from the rest:
 * - `import()` of a module that gets a bundle of its own becomes a module of one line that asks
 *   src/launch.ts to load that bundle (`require('cruft-check:load')`), handing it the core's
 *   modules (`require('cruft-check:core')`); the name goes into `lazy`;
 * - in a command's bundle (`core` given: the core's source files), an import of a core module
 *   becomes `require('cruft-check:core/src/…')`, answered by the launcher with the core's own
 *   module; the path goes into `needs`;
 * - in the core itself, `cruft-check:core` is `registry`: a getter per module some command needs,
 *   so a module is set up only when a command first asks for it.
 */
function splitter({ core, lazy, needs, registry }) {
  return {
    name: 'cruft-check-bundles',
    setup(b) {
      b.onResolve({ filter: /^cruft-check:/ }, (a) => (a.path === 'cruft-check:core' && !core ? { path: 'core', namespace: 'cruft-core' } : { path: a.path, external: true }));
      b.onResolve({ filter: /^\./ }, async (a) => {
        if (a.pluginData === 'resolving') return undefined;
        const r = await b.resolve(a.path, { kind: a.kind, importer: a.importer, resolveDir: a.resolveDir, pluginData: 'resolving' });
        if (r.errors.length > 0) return undefined; // esbuild reports it
        const path = relative(ROOT, r.path);
        if (a.kind === 'dynamic-import' && ownBundle(path)) {
          lazy.add(path);
          return { path, namespace: 'cruft-lazy' };
        }
        if (core?.has(path)) {
          needs.add(path);
          return { path: `cruft-check:core/${path}`, external: true };
        }
        return { path: r.path };
      });
      b.onLoad({ filter: /.*/, namespace: 'cruft-lazy' }, (a) => ({
        contents: `module.exports = require('cruft-check:load')(${JSON.stringify(bundleName(a.path))}, require('cruft-check:core'));\n`,
        loader: 'js',
      }));
      b.onLoad({ filter: /.*/, namespace: 'cruft-core' }, () => ({ contents: registry, resolveDir: ROOT, loader: 'js' }));
    },
  };
}

// Each bundle's text is a function, as Node's CommonJS loader wraps a file (Module.wrap), so
// src/launch.ts compiles the string it read; `import.meta.url` (src/package.ts,
// src/rules/micromatch.ts) as CommonJS knows it. Strict mode first, as the ES modules the code was
// written as are: a directive after the banner's statement would be none.
const WRAP_START = '(function (exports, require, module, __filename, __dirname) { ';
const WRAP_END = '\n});';
function cliBundle(entry, file, plugin) {
  return {
    ...common,
    absWorkingDir: ROOT,
    entryPoints: [entry],
    outfile: new URL(file, fresh).pathname,
    format: 'cjs',
    // Whitespace and syntax only (names are kept, for stack traces under CRUFT_CHECK_DEBUG=1):
    // measured here, reading and compiling a quarter fewer bytes starts the hook 6–10 ms sooner.
    // Each file's .map maps a position in such a stack back to src/ (Node 20 applies source maps
    // only to files its own loader runs, not to the launcher's vm.Scripts).
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: true,
    // import() of a module left outside the bundle (a core module, from a command's bundle)
    // becomes require(): a vm.Script has no loader for import().
    supported: { 'dynamic-import': false },
    banner: { js: `${WRAP_START}'use strict';\nconst __import_meta_url = require('node:url').pathToFileURL(__filename).href;` },
    footer: { js: WRAP_END },
    define: { 'import.meta.url': '__import_meta_url' },
    metafile: true,
    plugins: [plugin],
  };
}

try {
  mkdirSync(fresh, { recursive: true });
  // 1. The core as it would be without the commands' bundles: which source files it holds, and
  //    which modules it loads with import() that get a bundle of their own.
  const lazy = new Set();
  const probe = await build({ ...cliBundle('src/cli.ts', 'bundle.js', splitter({ lazy, registry: 'module.exports = {};' })), write: false });
  const core = new Set(inputsOf(probe).filter((p) => p.startsWith('src/')));
  // 2. Those bundles, and the ones they load in turn; which core modules they need.
  const needs = new Set();
  const manifest = {};
  const queue = [...lazy];
  while (queue.length > 0) {
    const path = queue.shift();
    const file = `${bundleName(path)}.js`;
    if (file in manifest) continue;
    if (core.has(path)) throw new Error(`${path} is imported both statically by the command line's core and with import(): import it one way`);
    const found = new Set();
    manifest[file] = inputsOf(await build(cliBundle(path, file, splitter({ core, lazy: found, needs }))));
    queue.push(...found);
  }
  // 3. The core, offering each module a command needs.
  const registry = `module.exports = {\n${[...needs]
    .sort()
    .map((p) => `  get ${JSON.stringify(p)}() { return require(${JSON.stringify(`./${p}`)}); },`)
    .join('\n')}\n};\n`;
  manifest['bundle.js'] = inputsOf(await build(cliBundle('src/cli.ts', 'bundle.js', splitter({ lazy: new Set(), registry }))));
  writeFileSync(new URL('bundles.json', fresh), `${JSON.stringify(manifest, null, 2)}\n`);
  // src/launch.ts runs the bundles as vm.Scripts, where import() has no loader (Node 20 offers one
  // only as an experimental feature, with a warning): packages are required, modules bundled.
  for (const file of Object.keys(manifest)) {
    const dynamicImport = /\bimport\(/.exec(readFileSync(new URL(file, fresh), 'utf8'));
    if (dynamicImport) throw new Error(`dist/${file} calls import() at ${dynamicImport.index}: import that module statically, or bundle it`);
  }
  // The thread that measures many untracked files (src/git/lstat-worker.ts): a module of its own.
  await build({ ...common, entryPoints: ['src/git/lstat-worker.ts'], outfile: new URL('lstat-worker.js', fresh).pathname, format: 'cjs', minifySyntax: true });
  await build({ ...common, entryPoints: ['src/launch.ts'], outfile: new URL('cli.js', fresh).pathname, format: 'cjs', minifySyntax: true });
  await build({ ...common, entryPoints: ['src/index.ts'], outfile: new URL('index.mjs', fresh).pathname, format: 'esm' });
  // `--types` (npm run build, and so packing): the library's declarations, dist/index.d.ts.
  if (process.argv.includes('--types')) {
    const { emitTypes } = await import('./types.mjs');
    emitTypes(fresh.pathname);
  }
  // The package is "type": "module"; dist/cli.js and the command line's bundles are CommonJS.
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
