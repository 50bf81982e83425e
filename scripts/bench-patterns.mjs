#!/usr/bin/env node
// Pathological patterns cannot make cruft-check take exponential time (issue 7). Runs the matcher
// the CLI uses for `.cruftignore` and for `extraRules` globs (src/facts/glob.ts, bundled from source
// here) over 100,000 paths — ordinary ones and ones shaped to make a backtracking matcher explode
// — with patterns such as `**/**/**/**/**/a*a*a*a*a*a*a*b`, and fails when it exceeds the budget.
// For contrast it runs the regex-based matchers this replaced (`ignore`, micromatch) on a few of
// the same paths in a child process, stopped after a few seconds.
//
//   node scripts/bench-patterns.mjs            # exit 1 when over budget
//   node scripts/bench-patterns.mjs --json     # one JSON line, for scripts/bench.mjs to collect
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PATHS = 100_000;
/**
 * Budget: each pathological set may cost at most this many times an ordinary `.cruftignore` over
 * the same paths (linear time: the pattern's length, not its shape, sets the cost), and all of them
 * together at most BUDGET_MS. Relative, so a busy machine does not fail it; absolute, so nothing
 * slow hides behind a slow baseline.
 */
const RELATIVE_BUDGET = 5;
const BUDGET_MS = 10_000;
const CONTRAST_TIMEOUT_MS = 5000;
const json = process.argv.includes('--json');

const PATTERN_SETS = {
  ordinary: ['/fixtures/pg/', 'node_modules', '*.log', '!keep.log', 'docs/**/*.png', '/build/'],
  'stars in a name': ['**/**/**/**/**/a*a*a*a*a*a*a*b'],
  'many stars': ['*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b'],
  'nested **': ['**/a/**/a/**/a/**/a/**/a/**/b'],
  'anchored nested **': ['a/**/a/**/a/**/a/**/a/**/a/**/a/**/b'],
  'classes and stars': ['**/[a-z]*[a-z]*[a-z]*[a-z]*[a-z]*[a-z]*Z', '**/?*?*?*?*?*?*?*/**/x'],
};

/** 100,000 paths: most look like a project, a fifth are built against backtracking. */
function makePaths() {
  const paths = [];
  for (let i = 0; paths.length < PATHS; i++) {
    switch (i % 5) {
      case 0:
        paths.push(`${'a/'.repeat(20 + (i % 40))}c${i}`); // deep runs of `a/`
        break;
      case 1:
        paths.push(`src/module${i % 300}/component${i}/index.ts`);
        break;
      case 2:
        paths.push(`node_modules/pkg${i % 500}/node_modules/dep${i % 70}/lib/file${i}.js`);
        break;
      case 3:
        paths.push(`docs/${'x/'.repeat(i % 6)}${'a'.repeat(60 + (i % 140))}`); // long names of `a`
        break;
      default:
        paths.push(`data/run-${i}/part-${i % 13}.csv`);
    }
  }
  return paths.sort(); // git lists paths sorted
}

async function loadMatcher() {
  const dir = mkdtempSync(join(tmpdir(), 'cruft-bench-patterns-'));
  const out = join(dir, 'glob.mjs');
  await build({ entryPoints: [join(ROOT, 'src/facts/glob.ts')], bundle: true, platform: 'node', format: 'esm', outfile: out, logLevel: 'warning' });
  const mod = await import(pathToFileURL(out).href);
  rmSync(dir, { recursive: true, force: true });
  return mod;
}

/** The regex-based matchers, on `sample` paths, in a child process that is killed after the timeout. */
function contrast(name, patterns, sample) {
  const code = `
    const [lib, patterns, paths] = JSON.parse(process.argv[1]);
    const t = performance.now();
    if (lib === 'ignore') {
      const ig = (await import('ignore')).default().add(patterns.join('\\n'));
      for (const p of paths) ig.ignores(p);
    } else {
      const mm = (await import('micromatch')).default;
      const res = patterns.map((g) => mm.makeRe(g.includes('/') ? g : '**/' + g, { dot: true }));
      for (const p of paths) res.some((r) => r.test(p));
    }
    console.log(Math.round(performance.now() - t));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code, JSON.stringify([name, patterns, sample])], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: CONTRAST_TIMEOUT_MS,
    killSignal: 'SIGKILL',
  });
  return r.status === 0 ? `${r.stdout.trim()} ms` : `stopped after ${CONTRAST_TIMEOUT_MS / 1000} s`;
}

const { compileGitignore, compileGlobList } = await loadMatcher();
const paths = makePaths();
const results = [];
let total = 0;
for (const [name, patterns] of Object.entries(PATTERN_SETS)) {
  const t0 = performance.now();
  const ignoreFile = compileGitignore(`${patterns.join('\n')}\n`);
  let matched = 0;
  for (const p of paths) if (ignoreFile(p)) matched++;
  const t1 = performance.now();
  const globs = compileGlobList(patterns.filter((p) => !p.startsWith('!')));
  for (const p of paths) globs(p);
  const t2 = performance.now();
  const ms = { cruftignore: Math.round(t1 - t0), extraRules: Math.round(t2 - t1) };
  if (name !== 'ordinary') total += ms.cruftignore + ms.extraRules;
  results.push({ set: name, patterns, paths: paths.length, matched, ms });
}

const sample = [paths[0 + 5 * 39], paths[3 + 5 * 139], `${'a/'.repeat(60)}c`, 'a'.repeat(70)];
const contrasts = json
  ? []
  : ['stars in a name', 'nested **'].map((set) => ({
      set,
      ignore: contrast('ignore', PATTERN_SETS[set], sample),
      micromatch: contrast('micromatch', PATTERN_SETS[set], sample),
    }));

const baseline = Math.max(1, ...Object.values(results[0].ms));
const relative = Math.max(...results.slice(1).flatMap((r) => Object.values(r.ms))) / baseline;
const ok = total <= BUDGET_MS && relative <= RELATIVE_BUDGET;
if (json) {
  console.log(JSON.stringify({ bench: 'patterns', paths: PATHS, budgetMs: BUDGET_MS, relativeBudget: RELATIVE_BUDGET, pathologicalMs: total, relative, ok, results }));
} else {
  console.log(`.cruftignore and extraRules globs over ${PATHS.toLocaleString('en')} paths (src/facts/glob.ts)\n`);
  for (const r of results) {
    console.log(`  ${r.set.padEnd(20)} .cruftignore ${String(r.ms.cruftignore).padStart(5)} ms   extraRules ${String(r.ms.extraRules).padStart(5)} ms   matched ${r.matched}`);
  }
  console.log(`\n  all pathological sets: ${total} ms (budget ${BUDGET_MS} ms); slowest set ${relative.toFixed(1)}× the ordinary one (budget ${RELATIVE_BUDGET}×) — ${ok ? 'ok' : 'OVER BUDGET'}`);
  console.log(`\nThe regex matchers this replaced, on just ${sample.length} of those paths:`);
  for (const c of contrasts) console.log(`  ${c.set.padEnd(20)} ignore: ${c.ignore.padEnd(22)} micromatch: ${c.micromatch}`);
}
process.exitCode = ok ? 0 : 1;
