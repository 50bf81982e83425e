// Bundle src/ into dist/ with esbuild: one entry file plus lazily loaded chunks. A bundle loads
// faster than a graph of modules, and Node 20 cannot run the TypeScript sources directly.
//
// The bundle is written to a fresh folder and swapped in with two renames, so a test or hook that
// is running the CLI while someone rebuilds never finds dist/ half-deleted.
import { build } from 'esbuild';
import { existsSync, renameSync, rmSync } from 'node:fs';

const dist = new URL('../dist/', import.meta.url);
const fresh = new URL(`../dist.build-${process.pid}/`, import.meta.url);
const old = new URL(`../dist.old-${process.pid}/`, import.meta.url);
try {
  await build({
    entryPoints: { cli: 'src/cli.ts', index: 'src/index.ts' },
    outdir: fresh.pathname,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: false,
    logLevel: 'warning',
    // Bundled CommonJS dependencies (simple-git's `debug`) expect `require`.
    banner: { js: "import { createRequire as __cruftRequire } from 'node:module'; const require = __cruftRequire(import.meta.url);" },
    chunkNames: 'chunks/[name]-[hash]',
  });
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(fresh, dist);
} finally {
  rmSync(fresh, { recursive: true, force: true });
  rmSync(old, { recursive: true, force: true });
}
