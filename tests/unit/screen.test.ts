// The hook's screen renderer is pure: width, height and colour come in, lines go out. Whatever the
// terminal's size and however many findings or long paths, no line is wider than the width, the
// findings never take more lines than given, and every finding is either listed or counted in
// the "… and N more" line.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/model.js';
import { renderScreen, screenGroups, textWidth, wrapWords } from '../../src/report/human.js';

function finding(i: number, path: string, origin: 'staged' | 'untracked' = 'staged'): Finding {
  return {
    rule: i % 3 === 0 ? 'database-directory' : i % 3 === 1 ? 'env-file' : 'bulk-add',
    category: 'database',
    severity: i % 3 === 2 ? 'warning' : 'error',
    title: 'Database working files',
    message: 'm',
    why: 'w',
    paths: [path],
    files: i * 7,
    bytes: i * 123456,
    origin,
    fix: i % 3 === 2 ? { gitignore: [], unstage: [] } : { gitignore: [`/${path}`], unstage: [path] },
    ...(i % 3 === 0 ? { data: { engine: 'postgresql', engineName: 'PostgreSQL' } } : {}),
  } as Finding;
}

describe('renderScreen', () => {
  it('fits any width and height, and accounts for every finding', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ minLength: 1, maxLength: 120 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 20, max: 200 }),
        fc.integer({ min: 2, max: 60 }),
        fc.boolean(),
        (paths, width, height, ascii) => {
          const all = paths.map((p, i) => finding(i, p.replace(/[\u0000-\u001f\u007f-\u009f]/g, '_'), i % 5 === 4 ? 'untracked' : 'staged'));
          const lines = renderScreen(
            screenGroups(
              all.filter((f) => f.origin === 'staged'),
              all.filter((f) => f.origin === 'untracked'),
            ),
            { color: false, ascii, width, height },
          );
          expect(lines.length).toBeLessThanOrEqual(height);
          for (const l of lines) expect(textWidth(l)).toBeLessThanOrEqual(width);
          const listed = lines.filter((l) => /^ {2}(✖|⚠|ℹ|x|!|i) /.test(l)).length;
          const more = lines.join(' ').match(/and (\d+) more/);
          expect(listed + Number(more?.[1] ?? 0)).toBe(all.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('colour only when asked; no white or black text', () => {
    const groups = screenGroups([finding(0, 'pgdata/'), finding(2, 'x')], []);
    expect(renderScreen(groups, { color: false, ascii: false, width: 80, height: 10 }).join('\n')).not.toContain('\u001b[');
    const colored = renderScreen(groups, { color: true, ascii: false, width: 80, height: 10 }).join('\n');
    expect(colored).toContain('\u001b[1m');
    expect(colored).not.toMatch(/\u001b\[(30|37|97|40|47|107)m/);
  });
});

describe('wrapWords', () => {
  it('breaks only at spaces, keeps the text, never passes the width (words longer than a line excepted: cut with …)', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z]{1,12}$/), { minLength: 1, maxLength: 40 }), fc.integer({ min: 12, max: 120 }), (words, width) => {
        const text = `  n  ${words.join(' ')}`;
        const lines = wrapWords(text, width, '     ');
        for (const l of lines) expect(textWidth(l)).toBeLessThanOrEqual(width);
        // Same words in the same order (a break takes the spaces it falls on).
        expect(lines.join(' ').trim().split(/ +/)).toEqual(text.trim().split(/ +/));
      }),
    );
  });
});
