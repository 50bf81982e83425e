// Bundle src/ into dist/ with esbuild: one entry file plus lazily loaded chunks. A bundle loads
// faster than a graph of modules, and Node 20 cannot run the TypeScript sources directly.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

rmSync(new URL('../dist/', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli.ts', index: 'src/index.ts' },
  outdir: 'dist',
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
