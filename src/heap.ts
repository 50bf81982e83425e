// A run that turns out big — a bulk add's 100,000 file facts, 100,000 untracked files, a history
// audit — keeps V8's young generation (where new objects are made) at its first size, 1 MiB for
// each of its two halves, instead of letting it double up to 16 MiB as the facts pile up.
//
// Why: on the 2-core VM every page the process touches for the first time costs about 18 µs, and
// a grown young generation is thousands of fresh pages. Measured there (README → Performance):
// bulk-100k 5% faster, untracked-100k 6%, the history audit 3%. An ordinary commit never grows
// it, and never loads node:v8 for this (about 5 ms).
//
// The flag is read each time V8 would grow the young generation, so setting it mid-run works.
// Only on the V8 versions known to have it (Node 20, 22): an unknown flag prints an error line.
// (V8 checks a code cache against its flags; this one is not among them, and the build writes
// dist/bundle.cache from small runs that never set it anyway.)
import { v8 } from './builtins.js';

const V8_WITH_GROWTH_FACTOR = /^1[12]\./;

let kept = false;

/** Called when a run turns out big (src/git/listing.ts: a git answer of over 256 KiB; an audit of history). */
export function keepYoungGenerationSmall(): void {
  if (kept || !V8_WITH_GROWTH_FACTOR.test(process.versions.v8)) return;
  kept = true;
  v8().setFlagsFromString('--semi-space-growth-factor=1');
}
