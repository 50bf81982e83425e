// The accuracy targets of issue 3 on the labelled set: recall ≥ 0.98 in every category and not
// one legit file flagged. `npm run accuracy` prints the same numbers as a table.
import { expect, it } from 'vitest';
import { formatTable, runAccuracy } from './run.js';
import { SCENARIOS } from './scenarios.js';

it('meets the accuracy targets on the labelled scenarios', { timeout: 240_000 }, async () => {
  expect(SCENARIOS.length).toBeGreaterThanOrEqual(40);
  const r = await runAccuracy();
  const table = formatTable(r);
  expect(r.falsePositives, table).toEqual([]);
  for (const [category, { labelled, caught }] of r.perCategory) expect(caught / labelled, `${category}\n${table}`).toBeGreaterThanOrEqual(0.98);
  for (const [family, { labelled, caught }] of r.perFamily) expect(caught / labelled, `${family}\n${table}`).toBeGreaterThanOrEqual(0.98);
  expect(r.stores.whole, table).toBe(r.stores.scenarios);
  // Every category of cruft is represented.
  expect([...r.perCategory.keys()].sort()).toEqual(
    ['binaries', 'build-output', 'database', 'dependencies', 'embedded-repository', 'large-files', 'logs-dumps', 'merge-leftovers', 'os-editor', 'portability', 'secrets'].sort(),
  );
});
