// After a bulk add the folded files' names (FoldedFiles, src/git/listing.ts) are looked at as bytes
// for the case twins: a name lower-casing cannot change is passed over unless a path asked about
// lower-cases to it (FoldedFiles.eachCasePath, readCaseTwins in src/facts/sniff.ts). That shortcut
// must never miss a twin: for any names, the answer equals the definition written out here.
import fc from 'fast-check';
import { expect, it, vi } from 'vitest';
import { readCaseTwins } from '../../src/facts/sniff.js';
import { FoldedFiles, FoldedIndexPaths } from '../../src/git/listing.js';
import { decodePath } from '../../src/git/parse.js';
import { propertyParams } from '../helpers/property.js';

const repo = { root: '/nonexistent', gitDir: '/nonexistent/.git', env: {} };

/** The folded files of `names` (as bytes), all in one chunk of git's output, one folder. */
function foldedOf(names: Buffer[]): FoldedFiles {
  const folded = new FoldedFiles();
  folded.units.push({ path: 'node_modules', origin: 'staged', status: 'A', mode: '040000', oid: '', size: 0, files: names.length });
  const oid = Buffer.from('0'.repeat(40));
  const chunk = Buffer.concat([oid, ...names.flatMap((n) => [n, Buffer.from([0])])]);
  const oidChunk = folded.chunk(chunk);
  let at = oid.length;
  for (const n of names) {
    folded.add(0, 0, oidChunk, 0, 40, oidChunk, at, at + n.length, 1);
    at += n.length + 1;
  }
  return folded;
}

/** The definition: index paths, in order, not asked about, whose lower case a path asked about has. */
function twinsByDefinition(asked: string[], index: string[]): Map<string, string[]> {
  const keys = new Set(asked.map((p) => p.toLowerCase()));
  const askedSet = new Set(asked);
  const out = new Map<string, string[]>();
  for (const p of index) {
    const key = p.toLowerCase();
    if (askedSet.has(p) || !keys.has(key)) continue;
    const list = out.get(key) ?? [];
    if (!list.includes(p)) list.push(p);
    out.set(key, list);
  }
  return out;
}

const asLists = (twins: Map<string, string | string[]>): Map<string, string[]> => new Map([...twins].map(([k, v]) => [k, typeof v === 'string' ? [v] : v]));

// Pieces of names: lower and upper case ASCII, a KELVIN SIGN (lower case "k"), non-ASCII letters
// with and without a case, a byte that is not UTF-8.
const PIECES = ['a', 'A', 'k', 'K', '\u212a', 'é', 'É', 'ß', '1', '.', '/', '_', '\u00ff'].map((s) => Buffer.from(s));
const INVALID = Buffer.from([0xff]);
const nameBytes = fc.array(fc.constantFrom(...PIECES, INVALID), { minLength: 1, maxLength: 5 }).map((p) => Buffer.concat([Buffer.from('node_modules/'), ...p]));

it('finds the twins among folded names that the definition finds, in the same order', async () => {
  await fc.assert(
    fc.asyncProperty(fc.uniqueArray(nameBytes, { maxLength: 12, selector: (b) => b.toString('hex') }), fc.array(nameBytes, { maxLength: 6 }), fc.array(nameBytes, { maxLength: 4 }), async (foldedNames, askedNames, otherNames) => {
      const folded = foldedOf(foldedNames);
      const foldedPaths = foldedNames.map((n) => decodePath(n));
      // The paths asked about are staged facts, never folded files; the other index entries are neither.
      const asked = [...new Set(askedNames.map((n) => decodePath(n)))].filter((p) => !foldedPaths.includes(p));
      const others = [...new Set(otherNames.map((n) => decodePath(n)))].filter((p) => !foldedPaths.includes(p) && !asked.includes(p));
      const twins = await readCaseTwins(repo, asked, new FoldedIndexPaths(asked, folded, others));
      expect(asLists(twins)).toEqual(twinsByDefinition(asked, [...asked, ...foldedPaths, ...others]));
    }),
    propertyParams(400),
  );
});

it('makes strings only of the folded names lower-casing changes, or that a path asked about lower-cases to', async () => {
  const names = ['node_modules/a/index.js', 'node_modules/b/readme.md', 'node_modules/B/README.md', 'node_modules/é.js', 'node_modules/key.js', 'node_modules/kelvin.js', 'node_modules/c.js'];
  const folded = foldedOf(names.map((n) => Buffer.from(n)));
  const decode = vi.spyOn(folded, 'path');
  // KELVIN SIGN + "ey.js" lower-cases to the folded "key.js"; "C.js" to "c.js"; "É.js" to "é.js".
  const asked = ['src/x.ts', 'node_modules/\u212aey.js', 'node_modules/C.js', 'node_modules/É.js', 'node_modules/b/readme.MD'];
  const twins = await readCaseTwins(repo, asked, new FoldedIndexPaths(asked, folded, []));
  expect(asLists(twins)).toEqual(
    new Map([
      ['node_modules/key.js', ['node_modules/key.js']],
      ['node_modules/c.js', ['node_modules/c.js']],
      ['node_modules/é.js', ['node_modules/é.js']],
      ['node_modules/b/readme.md', ['node_modules/b/readme.md', 'node_modules/B/README.md']],
    ]),
  );
  // Not made strings: a/index.js and kelvin.js (lower case, ASCII, no path asked about lower-cases to them).
  const decoded = decode.mock.results.map((r) => r.value as string);
  expect(decoded.sort()).toEqual(['node_modules/B/README.md', 'node_modules/b/readme.md', 'node_modules/c.js', 'node_modules/key.js', 'node_modules/é.js'].sort());
});
