// How `cruft-check add` reads git's answers and rewrites the user's pathspecs (src/commands/add.ts).
// The rewritten pathspecs are checked against git itself in tests/integration/add.test.ts.
import { describe, expect, it } from 'vitest';
import { fromTop, parseAddVerbose, stagedTree } from '../../src/commands/add.js';

describe('fromTop', () => {
  it('rewrites plain and magic pathspecs typed in a subfolder to mean the same from the top', () => {
    expect(fromTop('.', 'src')).toBe('src');
    expect(fromTop('../docs', 'src')).toBe('docs');
    expect(fromTop('..', 'src')).toBe(':/');
    expect(fromTop('lib/*.js', 'src/app')).toBe('src/app/lib/*.js');
    expect(fromTop(':(glob)**/*.js', 'src')).toBe(':(glob,top)src/**/*.js');
    expect(fromTop(':!index.js', 'src')).toBe(':(exclude,top)src/index.js');
    expect(fromTop(':/README.md', 'src')).toBe(':/README.md');
    expect(fromTop(':(top)a', 'src')).toBe(':(top)a');
  });
  it('leaves everything as typed at the top level', () => {
    for (const p of ['.', ':!x', ':(glob)*.md', 'a b']) expect(fromTop(p, '')).toBe(p);
  });
});

describe('parseAddVerbose and stagedTree', () => {
  it('reads git add -v lines (raw paths, quotes inside kept) and counts by folder', () => {
    const s = parseAddVerbose(Buffer.from("add 'a/x.js'\nadd 'a/b/y.js'\nadd \"it's\"\nadd 'it's.txt'\nremove 'old.txt'\n"));
    expect(s).toEqual({ added: ['a/x.js', 'a/b/y.js', "it's.txt"], removed: ['old.txt'] });
    // Most first; a tie in name order.
    expect(stagedTree(s, 1)).toEqual(['    (top level)                        1 file, 1 deleted', '    a/                                 2 files']);
  });
});
