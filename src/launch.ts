#!/usr/bin/env node
// The `cruft-check` executable (dist/cli.js): runs the command line's core (dist/bundle.js, built
// from src/cli.ts) with V8's code cache for it (dist/bundle.cache), and loads each command or
// report format an ordinary commit never runs (dist/commands-audit.js, dist/report-html.js …) the
// first time it is used (scripts/build.mjs says how they are cut).
//
// Why: the hook runs on every commit, and compiling each function of the bundle the first time
// it runs is a good share of an ordinary commit's cost: about 10 ms of the 85 cruft-check added
// to Node's own start-up on the 2-core machine (docs/performance.md). `npm run build` writes the
// cache by running the bundle over a small repository (scripts/build.mjs), so it holds the
// functions an ordinary commit runs. V8 checks the cache against the source and its own version
// and flags: a cache it does not accept (another Node version, a bundle rebuilt without it) is
// ignored, and the bundle is compiled as it would be without one. (Node 22's
// module.enableCompileCache() does this for every module; Node 20 has no such thing.) The
// commands' bundles have no cache: they are compiled when used, as any module is.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Script } from 'node:vm';

type Require = (id: string) => unknown;
/** What a bundle's text evaluates to: the function Node's CommonJS loader would wrap a file in. */
type Wrapped = (exports: object, require: Require, module: object, filename: string, dirname: string) => void;

const cacheFile = join(__dirname, 'bundle.cache');
// This file's own require resolves from dist/, as the bundles beside it need.
const requireFromDist: Require = require;

/** Run dist/`name` as Node's loader runs a CommonJS file (each is written already wrapped) and return its exports. */
function run(name: string, require: Require, cachedData?: Buffer): { exports: object; script: Script } {
  const file = join(__dirname, name);
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (e) {
    // A broken installation: one line and exit code 2, as for any other problem.
    process.stderr.write(`cruft-check: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'}): reinstall cruft-check, or run \`npm run build\` in its folder\n`);
    process.exit(2);
  }
  const script = new Script(source, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {}, filename: file, id: name === 'bundle.js' ? '.' : file };
  (script.runInThisContext() as Wrapped).call(module.exports, module.exports, require, module, file, __dirname);
  return { exports: module.exports, script };
}

const loaded = new Map<string, unknown>();
/**
 * dist/`name`.js, run the first time the command line uses it (the build turns that module's
 * `import()` into this call). `core` holds the core's modules by source path, as getters: the
 * bundle's imports of them (`cruft-check:core/src/errors.ts`) get the very modules the core runs,
 * so a CruftError thrown in a command is the core's CruftError.
 */
function load(name: string, core: Record<string, unknown>): unknown {
  if (!loaded.has(name)) {
    const require = (id: string): unknown => {
      if (id === 'cruft-check:load') return load;
      if (id === 'cruft-check:core') return core;
      if (!id.startsWith('cruft-check:core/')) return requireFromDist(id);
      const module = core[id.slice('cruft-check:core/'.length)];
      if (module === undefined) throw new Error(`dist/${name}.js needs ${id.slice('cruft-check:core/'.length)}, which dist/bundle.js does not offer: rebuild (npm run build)`);
      return module;
    };
    loaded.set(name, run(`${name}.js`, require).exports);
  }
  return loaded.get(name);
}

let cachedData: Buffer | undefined;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  // no cache: compiled as usual
}
let script: Script | undefined;
if (process.env.CRUFT_CHECK_WRITE_CODE_CACHE === '1') {
  // At build time only: after the run, the cache holds every function the run compiled.
  // (Written aside and renamed: a run starting meanwhile reads the old cache or the new one.)
  process.on('exit', () => {
    if (!script) return;
    writeFileSync(`${cacheFile}.${process.pid}`, script.createCachedData());
    renameSync(`${cacheFile}.${process.pid}`, cacheFile);
  });
}
script = run('bundle.js', (id) => (id === 'cruft-check:load' ? load : requireFromDist(id)), cachedData).script;
