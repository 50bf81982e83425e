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
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'integration', include: ['tests/integration/**/*.test.ts', 'tests/accuracy/**/*.test.ts'] } },
      { extends: true, test: { name: 'e2e', include: ['tests/e2e/**/*.test.ts'] } },
    ],
  },
});
