// The quick test the pattern rules run before any glob (src/facts/hints.ts) must never turn
// away a name the glob itself matches. Checked against micromatch, which does the real test, on
// generated globs (literals, `*`, `?`, classes, braces, extglobs, case) and generated names.
import fc from 'fast-check';
import micromatch from 'micromatch';
import { describe, expect, it } from 'vitest';
import { expandBraces, nameHints } from '../../src/facts/hints.js';
import { propertyParams } from '../helpers/property.js';

const PIECES = ['a', 'b', 'B', '.', '-', '_', '~', '#', '*', '?', '[ab]', '[!a]', '{a,b.c}', '{,x}', '+(a|b)', '@(a|.b)', '*(ab)', '?(c)', '!(a).b'];

const glob = fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 6 }).map((p) => p.join(''));
const name = fc.array(fc.constantFrom('a', 'b', 'B', 'c', 'x', '.', '-', '_', '~', '#', 'A'), { minLength: 0, maxLength: 8 }).map((p) => p.join(''));

describe('name hints', () => {
  it('let through every name micromatch matches (with and without case)', () => {
    fc.assert(
      fc.property(fc.array(glob, { minLength: 1, maxLength: 4 }), fc.boolean(), fc.array(name, { minLength: 1, maxLength: 20 }), (globs, nocase, names) => {
        const hint = nameHints(globs.map((g) => ({ name: g, nocase })));
        for (const n of names) {
          if (globs.some((g) => micromatch.isMatch(n, g, { dot: true, nocase }))) expect([globs, n, hint(n)]).toEqual([globs, n, true]);
        }
      }),
      propertyParams(3000),
    );
  });

  it('turn away names without the literal text a glob needs', () => {
    const hint = nameHints([{ name: '*.pyc' }, { name: '.DS_Store' }, { name: 'npm-debug.log*' }, { name: 'DEBUG.LOG', nocase: true }, { name: '.idea/workspace.xml' }]);
    expect(['a.pyc', '.DS_Store', 'npm-debug.log.1', 'debug.log', 'workspace.xml'].map(hint)).toEqual([true, true, true, true, true]);
    expect(['index.ts', 'a.py', 'DS_Store', 'npm-debug', 'README.md', 'workspace.xm'].map(hint)).toEqual([false, false, false, false, false, false]);
  });

  it('expand braces like micromatch', () => {
    for (const g of ['{a,b}', 'x{a,{b,c}}y', '*.{dmp,mdmp}', '{,**/}foo', 'no-braces', '{single}']) {
      const ours = expandBraces(g).sort();
      expect(ours).toEqual(micromatch.braces(g, { expand: true }).sort());
    }
  });
});
