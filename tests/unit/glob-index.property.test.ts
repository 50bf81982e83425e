// The fast path of src/facts/glob.ts (literal lines found through maps, wildcard lines compiled on first
// use, tried only after the last literal match) gives the same answer as trying every line as an
// automaton, last to first (compileGitignore's `reference` mode, the matcher as it was before).
// Git itself is the judge of the automaton: tests/unit/cruftignore.property.test.ts. No git here,
// so many files and paths per run.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileGitignore } from '../../src/facts/glob.js';
import { propertyParams } from '../helpers/property.js';


const SEG = ['a', 'b', 'B', 'ab', '.env', 'x.log', 'é', 'a b', '#c', '!d', 'e\\', 'f*', 'g?', '[h]', '\u001b'];
const path = fc.array(fc.constantFrom(...SEG), { minLength: 1, maxLength: 4 }).map((s) => s.join('/'));

/** A line naming a path literally (escaped as cruft-check writes them) or a wildcard line, with the usual prefixes and suffixes. */
const escape = (p: string): string => p.replace(/[\\*?[\]!#]/g, '\\$&').replace(/ $/, '\\ ');
const line = (paths: string[]) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.tuple(fc.constantFrom(...paths), fc.nat(3), fc.constantFrom('', '/', '!', '!/', '\\!'), fc.constantFrom('', '/', ' ', '\r')).map(([p, cut, pre, post]) => {
      const segs = p.split('/');
      const kept = segs.slice(Math.min(cut, segs.length - 1)).join('/'); // a trailing part of the path: a basename line when one segment
      return `${pre}${escape(cut % 2 ? kept : p)}${post}`;
    }) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom('', '!', '/', '**/'), fc.constantFrom('*', '*.log', 'a*', '?', 'a/**', '**/b', '[ab]', 'x.*', '*/x.log', 'a/*/b'), fc.constantFrom('', '/')).map(([a, b, c]) => `${a}${b}${c}`) },
    { weight: 1, arbitrary: fc.constantFrom('', '# comment', '   ', '\\', 'a\\') },
  );

describe('the indexed matcher agrees with trying every line', () => {
  it('for generated files of literal and wildcard lines', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(path, { minLength: 1, maxLength: 30 }).chain((paths) => fc.tuple(fc.constant(paths), fc.array(line(paths), { minLength: 1, maxLength: 60 }), fc.array(path, { maxLength: 20 }))),
        ([paths, lines, others]) => {
          const text = `${lines.join('\n')}\n`;
          const fast = compileGitignore(text);
          const reference = compileGitignore(text, { reference: true });
          const all = [...paths, ...others, ...paths.map((p) => `${p}/z`)];
          expect(all.filter((p) => fast(p) !== reference(p))).toEqual([]);
        },
      ),
      propertyParams(400),
    );
  });

  it('the last of many matching lines decides, literal or wildcard', () => {
    const text = ['/a/b', '!/a/b', '*.log', '!x.log', 'x.log', '/a/', '!/a/b'].join('\n');
    for (const p of ['a/b', 'x.log', 'a/x.log', 'a/c', 'b', 'q/x.log']) expect({ p, v: compileGitignore(text)(p) }).toEqual({ p, v: compileGitignore(text, { reference: true })(p) });
  });
});
