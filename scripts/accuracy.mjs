// `npm run accuracy`: recall per category and flagged legit files on the labelled scenarios
// (tests/accuracy/). The runner is TypeScript: esbuild bundles it into a temporary module first.
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = mkdtempSync(join(tmpdir(), 'cruft-check-accuracy-build-'));
try {
  const out = join(dir, 'run.mjs');
  await build({ entryPoints: [new URL('../tests/accuracy/run.ts', import.meta.url).pathname], outfile: out, bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'warning', packages: 'external' });
  const { runAccuracy, formatTable } = await import(pathToFileURL(out).href);
  const started = Date.now();
  // `--cli PATH` judges with another build (say, a copy of dist/ that no rebuild can touch
  // meanwhile): its CLI, and the library (index.mjs) beside it.
  const at = process.argv.indexOf('--cli');
  const cli = at > 0 && process.argv[at + 1] ? process.argv[at + 1] : new URL('../dist/cli.js', import.meta.url).pathname;
  const result = await runAccuracy({ cli });
  process.stdout.write(formatTable(result));
  process.stdout.write(`(${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  const low = [...result.perCategory, ...result.perFamily].filter(([, c]) => c.caught / c.labelled < 0.98);
  if (result.stores.whole < result.stores.scenarios) low.push(['stores', result.stores]);
  process.exitCode = low.length || result.falsePositives.length || result.cli.differing.length ? 1 : 0;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
