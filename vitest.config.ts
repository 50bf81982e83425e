import { defineConfig } from 'vitest/config';

// Three layers (docs/architecture.md, "Tests"):
//   unit         no git, no process: the rules' examples, renderers, parsers, schemas. The inner loop
//                (`npm run test:unit`, a few seconds).
//   integration  real git in temp repositories, the built CLI (tests/accuracy: the labelled layouts).
//   e2e          the real hook through `git commit`, a pseudo-terminal, real hook managers, npm pack.
// `npm test` runs all three.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: { NO_COLOR: '1' },
    // Each integration file spawns git and the CLI many times; two cores, two workers.
    maxWorkers: 2,
    // The JSON report is what .ci/run counts for its "N passed, N failed" line.
    reporters: ['default', ['json', { outputFile: 'test-results.json' }]],
    projects: [
      // isolate: false — a worker runs file after file in one process and module registry instead
      // of a fresh process per file (vitest's start-up, imports and transforms each time; and
      // tests/helpers/repo.ts makes its template repository once per process). Measured on 16
      // small integration files, alternating, under the same load: 42.9 and 39.7 s CPU against
      // 52.2 and 51.2 s isolated (pool 'threads': 52.0 s). These files leave no state behind
      // (process.env is restored where a test changes it). e2e keeps the default: a few long files.
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], isolate: false } },
      { extends: true, test: { name: 'integration', include: ['tests/integration/**/*.test.ts', 'tests/accuracy/**/*.test.ts'], isolate: false } },
      { extends: true, test: { name: 'e2e', include: ['tests/e2e/**/*.test.ts'] } },
    ],
  },
});
