// windowsProblem() first tests the whole path with one regular expression and looks at each
// segment only when it matches. That shortcut must never hide a problem: for any path, the
// answer equals the segment-by-segment check alone (written out here as the specification).
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { windowsProblem } from '../../src/rules/portability.js';
import { propertyParams } from '../helpers/property.js';

const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
const FORBIDDEN_CHARS = /[<>:"|?*\\\u0000-\u001f]/;

function bySegment(path: string): string | undefined {
  for (const segment of path.split('/')) {
    const trimmed = segment.replace(/[ .]+$/, '');
    if (RESERVED.test(trimmed) || RESERVED.test(segment)) return `"${segment}" is a reserved device name on Windows`;
    if (FORBIDDEN_CHARS.test(segment)) return `"${segment}" holds a character Windows forbids in names (< > : " | ? * \\ or a control character)`;
    if (/[ .]$/.test(segment) && segment !== '.' && segment !== '..') return `"${segment}" ends in a ${segment.endsWith('.') ? 'dot' : 'space'}, which Windows strips`;
  }
  return undefined;
}

// Pieces that make up reserved names and near misses, separators, forbidden characters.
const PIECES = ['con', 'CON', 'Prn', 'aux', 'nul', 'com1', 'COM¹', 'lpt9', 'lpt', 'com', 'x', 'ole', '.', ' ', '/', '..', 'txt', ':', '?', '\u0001', '\\', 'é', 'a b', '-'];
const paths = fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 8 }).map((p) => p.join(''));

it('gives the same answer as checking every segment', () => {
  fc.assert(
    fc.property(paths, (path) => {
      expect(windowsProblem(path)).toBe(bySegment(path));
    }),
    propertyParams(5000),
  );
});
