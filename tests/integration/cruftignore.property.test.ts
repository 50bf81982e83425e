// `.cruftignore` must mean what the same lines mean in a `.gitignore`: for generated patterns and
// generated file trees, compileCruftignore() agrees with `git check-ignore` path by path. And a
// pattern built to make a backtracking matcher explode gives correct answers (its time is measured
// by scripts/bench-patterns.mjs, not here).
//
// Seeds: fixed in CI (FC_SEED, default 7); `npm run fuzz` sets FC_RANDOM=1 and more runs.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileCruftignore } from '../../src/facts/config.js';
import { compileGlobList } from '../../src/facts/glob.js';
import { cleanEnv } from '../helpers/repo.js';
import { PROPERTY_TIMEOUT, propertyParams } from '../helpers/property.js';


let dir: string;
const env = cleanEnv({ XDG_CONFIG_HOME: '/nonexistent', GIT_CONFIG_GLOBAL: '/dev/null' });
beforeAll(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'cruft-check-ignore-')));
  spawnSync('git', ['init', '-q', dir], { env });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What git says: each path given is reported when the last matching line ignores it (or its directory). */
function gitIgnored(patterns: string, paths: Buffer[]): Set<string> {
  writeFileSync(join(dir, '.gitignore'), patterns);
  const r = spawnSync('git', ['-c', 'core.ignorecase=false', 'check-ignore', '--no-index', '-z', '--stdin'], {
    cwd: dir,
    env,
    input: Buffer.concat(paths.flatMap((p) => [p, Buffer.of(0)])),
  });
  expect(r.status === 0 || r.status === 1, r.stderr?.toString()).toBe(true);
  return new Set(r.stdout.toString('latin1').split('\0').filter(Boolean));
}

/** Lay the files out for real: git asks the file system whether a name is a directory (for `dir/` patterns). */
function layOut(paths: Buffer[]): void {
  rmSync(join(dir, 't'), { recursive: true, force: true });
  for (const p of paths) {
    const full = Buffer.concat([Buffer.from(`${dir}/`), p]);
    mkdirSync(Buffer.concat([full.subarray(0, full.lastIndexOf(0x2f))]), { recursive: true });
    writeFileSync(full, '');
  }
}

// Names mix the characters patterns care about: wildcard and class syntax, escapes, spaces, `!`,
// `#`, a two-byte character (git's `?` is one byte) and upper case (git is case-sensitive here).
const NAME_CHARS = ['a', 'b', 'B', 'c', '.', '-', '*', '?', '[', ']', '\\', ' ', '!', '#', 'é', 'x'];
const name = fc.array(fc.constantFrom(...NAME_CHARS), { minLength: 1, maxLength: 4 }).map((cs) => cs.join('')).filter((n) => n !== '.' && n !== '..' && n !== '.git');
const filePath = fc.array(name, { minLength: 1, maxLength: 3 }).map((segs) => `t/${segs.join('/')}`);

/** A set of files where no file is also the directory of another. */
const fileSet = fc.uniqueArray(filePath, { minLength: 1, maxLength: 12 }).map((paths) => {
  const sorted = [...paths].sort();
  return sorted.filter((p) => !sorted.some((q) => q.startsWith(`${p}/`)));
});

const TOKENS = ['a', 'b', 'B', 'c', '.', 'é', 'x', '*', '*', '**', '?', '/', '/', '[ab]', '[!a]', '[^b]', '[a-c]', '[]a]', '[[:alpha:]]', '[[:digit:]x]', '\\*', '\\?', '\\[', '\\ ', '\\!', '\\#', ' ', '-', '['];
const patternLine = fc
  .tuple(
    fc.constantFrom('', '', '', '!', '/', '!/', '#', '\\#', '\\!'),
    fc.array(fc.constantFrom(...TOKENS), { minLength: 1, maxLength: 6 }),
    fc.constantFrom('', '', '', '/', ' ', '  ', '\\ ', '\r'),
  )
  .map(([pre, body, post]) => `${pre}${body.join('')}${post}`);
const patternFile = fc.array(patternLine, { minLength: 1, maxLength: 5 }).map((lines) => `${lines.join('\n')}\n`);

describe('.cruftignore agrees with git check-ignore', () => {
  it('for generated patterns and file trees', () => {
    fc.assert(
      fc.property(patternFile, fileSet, (patterns, paths) => {
        const bytes = paths.map((p) => Buffer.from(p));
        layOut(bytes);
        const git = gitIgnored(patterns, bytes);
        const ours = compileCruftignore(patterns);
        const disagree = paths.filter((p) => ours(p) !== git.has(Buffer.from(p).toString('latin1')));
        expect(disagree).toEqual([]);
      }),
      propertyParams(60),
    );
  }, PROPERTY_TIMEOUT);

  it('for patterns written against the files (literal names, their directories, wildcards over them)', () => {
    const derived = fileSet.chain((paths) =>
      fc
        .array(
          fc.tuple(fc.constantFrom(...paths), fc.nat(3), fc.constantFrom('', '!', '/'), fc.constantFrom('', '/', '*', '/**', '?')),
          { minLength: 1, maxLength: 4 },
        )
        .map((picks) => ({
          paths,
          patterns: `${picks
            .map(([p, cut, pre, post]) => {
              const segs = p.split('/');
              const prefix = segs.slice(0, Math.max(1, segs.length - cut)).join('/');
              return `${pre}${prefix.replace(/[\\*?[!#]/g, '\\$&')}${post}`;
            })
            .join('\n')}\n`,
        })),
    );
    fc.assert(
      fc.property(derived, ({ paths, patterns }) => {
        const bytes = paths.map((p) => Buffer.from(p));
        layOut(bytes);
        const git = gitIgnored(patterns, bytes);
        const ours = compileCruftignore(patterns);
        expect(paths.filter((p) => ours(p) !== git.has(Buffer.from(p).toString('latin1')))).toEqual([]);
      }),
      propertyParams(40),
    );
  }, PROPERTY_TIMEOUT);

  it('for names that are not UTF-8 (matched as bytes, like git)', () => {
    const raw = Buffer.from([0x74, 0x2f, 0x62, 0xff, 0x2e, 0x64, 0x62]); // t/b\xff.db
    const path = 't/b\udcff.db';
    layOut([raw]);
    for (const patterns of ['*.db\n', 'b?.db\n', 'b??.db\n', 't/b*\n', '/t/\n', 'b[!a].db\n', 'b\\xff.db\n']) {
      const git = gitIgnored(patterns, [raw]);
      expect({ patterns, ours: compileCruftignore(patterns)(path) }).toEqual({ patterns, ours: git.size === 1 });
    }
  });
});

describe('patterns built to make a backtracking matcher explode still give the right answers', () => {
  const deep = `${'a/'.repeat(60)}c`;
  const long = `${'x/'.repeat(5)}${'a'.repeat(200)}`;
  const cases: Array<[string, string, boolean]> = [
    ['**/**/**/**/**/a*a*a*a*a*a*a*b', long, false],
    ['**/**/**/**/**/a*a*a*a*a*a*a*b', `${long}b`, true],
    ['**/a/**/a/**/a/**/a/**/a/**/b', deep, false],
    ['**/a/**/a/**/a/**/a/**/a/**/c', deep, true],
    ['a/**/a/**/a/**/a/**/a/**/a/**/a/**/b', deep, false],
    ['*a*a*a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(300), false],
  ];
  for (const [pattern, path, want] of cases) {
    it(`${pattern} on a ${path.length}-character path: ${want}`, () => {
      expect(compileCruftignore(`${pattern}\n`)(path)).toBe(want);
      expect(compileGlobList([pattern])(path)).toBe(want);
    });
  }
});
