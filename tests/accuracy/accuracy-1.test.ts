// Share 1 of the labelled scenarios (shard.ts says why the set is split), and what is checked of the
// whole set once: its size, and every category of cruft represented (a labelled file of each).
import { expect, it } from 'vitest';
import { SCENARIOS } from './scenarios.js';
import { accuracyShard } from './shard.js';

accuracyShard(0);

it('labels at least 40 scenarios, and files of every category of cruft', () => {
  expect(SCENARIOS.length).toBeGreaterThanOrEqual(40);
  const labels = new Set(SCENARIOS.flatMap((s) => Object.values(s.files).map((e) => e.label)));
  labels.delete('legit');
  expect([...labels].sort()).toEqual(
    ['binaries', 'build-output', 'database', 'dependencies', 'embedded-repository', 'large-files', 'logs-dumps', 'merge-leftovers', 'os-editor', 'portability', 'secrets'].sort(),
  );
});
