// How every property test (fast-check, files named *.property.test.ts) chooses its cases, so that
// each can be replayed: `npm test` runs a fixed seed (FC_SEED, default 7); `npm run fuzz` sets
// FC_RANDOM=1 for ten times as many cases and random seeds, and fast-check prints the seed of a
// failure; `FC_SEED=<seed> npm run fuzz` replays it.
import type fc from 'fast-check';

export const FUZZ = process.env.FC_RANDOM === '1';

/** A test's time limit: fuzzing runs ten times as many cases, each of them may start git. */
export const PROPERTY_TIMEOUT = FUZZ ? 900_000 : 60_000;

/** fast-check's parameters for a property checked on `runs` cases (ten times as many when fuzzing). */
export function propertyParams(runs: number): fc.Parameters<unknown> {
  return {
    numRuns: FUZZ ? runs * 10 : runs,
    // A given FC_SEED replays that run (also when fuzzing); otherwise `npm test`'s is fixed, fuzzing's random.
    ...(process.env.FC_SEED !== undefined || !FUZZ ? { seed: Number(process.env.FC_SEED ?? 7) } : {}),
  };
}
