// The accuracy targets of issue 3, asserted on a share of the labelled set: recall ≥ 0.98 in every
// category and every family, not one legit file flagged, every store covered whole, and the CLI's
// JSON report the same as check()'s on the scenarios it judges too (run.ts).
//
// vitest runs a test file on one worker from start to end: the set is split across the
// accuracy-N.test.ts files (scenario i in share i % SHARDS), which the workers share, instead of
// one file of a minute. Each share meets the targets, so the whole set does (a ratio over the whole
// is a weighted mean of the shares' ratios); `npm run accuracy` prints the whole set's table.
import { expect, it } from 'vitest';
import { formatTable, runAccuracy } from './run.js';

export const SHARDS = 4;

export function accuracyShard(index: number): void {
  it(`meets the accuracy targets on share ${index + 1} of ${SHARDS} of the labelled scenarios`, { timeout: 240_000 }, async () => {
    const r = await runAccuracy({ shard: { index, count: SHARDS } });
    const table = formatTable(r);
    expect(r.scenarios).toBeGreaterThan(0);
    expect(r.falsePositives, table).toEqual([]);
    for (const [category, { labelled, caught }] of r.perCategory) expect(caught / labelled, `${category}\n${table}`).toBeGreaterThanOrEqual(0.98);
    for (const [family, { labelled, caught }] of r.perFamily) expect(caught / labelled, `${family}\n${table}`).toBeGreaterThanOrEqual(0.98);
    expect(r.stores.whole, table).toBe(r.stores.scenarios);
    expect(r.cli.runs).toBeGreaterThan(0);
    expect(r.cli.differing, table).toEqual([]);
  });
}
