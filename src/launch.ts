#!/usr/bin/env node
// The `cruft-check` executable (dist/cli.js): runs the command line's bundle (dist/bundle.js,
// built from src/cli.ts) with V8's code cache for it (dist/bundle.cache).
//
// Why: the hook runs on every commit, and compiling each function of the bundle the first time
// it runs is a good share of an ordinary commit's cost: about 10 ms of the 85 cruft-check added
// to Node's own start-up on the 2-core machine (docs/performance.md). `npm run build` writes the
// cache by running the bundle over a small repository (scripts/build.mjs), so it holds the
// functions an ordinary commit runs. V8 checks the cache against the source and its own version
// and flags: a cache it does not accept (another Node version, a bundle rebuilt without it) is
// ignored, and the bundle is compiled as it would be without one. (Node 22's
// module.enableCompileCache() does this for every module; Node 20 has no such thing.)
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { join } from 'node:path';
import { Script } from 'node:vm';

const bundle = join(__dirname, 'bundle.js');
const cacheFile = join(__dirname, 'bundle.cache');

let cachedData: Buffer | undefined;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  // no cache: compiled as usual
}
let source: string;
try {
  source = readFileSync(bundle, 'utf8');
} catch (e) {
  // A broken installation: one line and exit code 2, as for any other problem.
  process.stderr.write(`cruft-check: cannot read ${bundle} (${(e as NodeJS.ErrnoException).code ?? 'error'}): reinstall cruft-check, or run \`npm run build\` in its folder\n`);
  process.exit(2);
}
// As Node's CommonJS loader would run the file: the same wrapper, so the same variables.
const script = new Script(Module.wrap(source), { filename: bundle, ...(cachedData ? { cachedData } : {}) });
if (process.env.CRUFT_CHECK_WRITE_CODE_CACHE === '1') {
  // At build time only: after the run, the cache holds every function the run compiled.
  // (Written aside and renamed: a run starting meanwhile reads the old cache or the new one.)
  process.on('exit', () => {
    writeFileSync(`${cacheFile}.${process.pid}`, script.createCachedData());
    renameSync(`${cacheFile}.${process.pid}`, cacheFile);
  });
}
const main = { exports: {}, filename: bundle, id: '.' };
const run = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: object, filename: string, dirname: string) => void;
run.call(main.exports, main.exports, createRequire(bundle), main, bundle, __dirname);
