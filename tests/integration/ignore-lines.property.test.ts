// Every ignore line cruft-check writes names exactly the path it is for (issue 14, item 2). Git
// matches bytes, so for generated hostile names (control characters, bytes that are not UTF-8,
// C1 and bidi characters, glob specials, a leading `#` or `!`, trailing blanks, a final CR) the
// line that appendIgnoreLines() writes, read back by `git check-ignore --no-index`, ignores that
// name and none of its generated look-alikes; a name no line can hold (a line break) gets no
// line. Each run lays out many names, each in its own folder with its own .gitignore, and asks git
// about all of them at once (`--stdin -z`). The same lines read as a .cruftignore agree.
//
// Seeds: fixed in CI (FC_SEED, default 7); FC_RANDOM=1 for random seeds and more runs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileCruftignore } from '../../src/facts/config.js';
import { gitignorePattern, inexpressiblePath } from '../../src/text.js';
import { decodePath } from '../../src/git/parse.js';
import { appendIgnoreLines } from '../../src/facts/ignorefile.js';
import { cleanEnv } from '../helpers/repo.js';
import { propertyParams } from '../helpers/property.js';


let dir: string;
const env = cleanEnv({ XDG_CONFIG_HOME: '/nonexistent', GIT_CONFIG_GLOBAL: '/dev/null' });
beforeAll(() => {
  // Hundreds of small files per run: in memory where the machine has /dev/shm.
  const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  dir = realpathSync(mkdtempSync(join(base, 'cruft-check-lines-')));
  spawnSync('git', ['init', '-q', dir], { env });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const b = (...bytes: number[]): number[] => bytes;
/** Pieces of hostile names, as bytes. */
const PIECES: number[][] = [
  ...'ab.-X'.split('').map((c) => b(c.charCodeAt(0))),
  ...'*?[]\\!# '.split('').map((c) => b(c.charCodeAt(0))),
  b(0x09), // tab (git keeps a trailing tab)
  b(0x0d), // CR (git drops one before the line end)
  b(0x0a), // line break: no line can hold it
  b(0x1b), // ESC
  b(0x07),
  b(0x7f),
  b(0xff), // not UTF-8
  b(0x80),
  b(0xc3), // a truncated é
  b(0xc3, 0xa9), // é
  b(0xc2, 0x9b), // C1 CSI
  b(0xe2, 0x80, 0xae), // RLO, a bidi override
  b(0xef, 0xbb, 0xbf), // a BOM inside a name
];
const nameBytes = fc
  .array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 6 })
  .chain((pieces) => fc.constantFrom('', '#', '!', ' ').map((lead) => [...Buffer.from(lead), ...pieces.flat()]))
  .map((bytes) => Buffer.from(bytes))
  .filter((n) => !n.includes(0x2f) && !n.includes(0) && n.toString('latin1') !== '.' && n.toString('latin1') !== '..' && n.toString('latin1') !== '.gitignore');

/** Names one byte away, and the same name one folder down: none of them may be ignored by the line. */
function lookAlikes(n: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < n.length; i++) {
    for (const x of [n[i] === 0x58 ? 0x3f : 0x58, (n[i]! + 1) & 0xff, n[i]! ^ 0x80]) {
      const c = Buffer.from(n);
      c[i] = x;
      out.push(c);
    }
    out.push(Buffer.concat([n.subarray(0, i), n.subarray(i + 1)]));
  }
  out.push(Buffer.concat([n, Buffer.from('x')]), Buffer.concat([Buffer.from('x'), n]), Buffer.concat([n, Buffer.from(' ')]), Buffer.concat([n, Buffer.of(0x0d)]));
  const valid = (c: Buffer): boolean =>
    c.length > 0 && !c.includes(0x2f) && !c.includes(0) && !c.equals(n) && !['.', '..', '.gitignore'].includes(c.toString('latin1'));
  const seen = new Set<string>();
  return out.filter((c) => valid(c) && !seen.has(c.toString('hex')) && seen.add(c.toString('hex')) !== undefined);
}

interface Case {
  name: Buffer;
  asDir: boolean;
}

/** Lay out each case in `t<i>/`, write its line with appendIgnoreLines, and ask git about every path at once. */
function check(cases: Case[]): void {
  rmSync(join(dir, 't'), { recursive: true, force: true });
  const asked: { path: Buffer; want: boolean; label: string }[] = [];
  const lines: string[] = [];
  cases.forEach(({ name, asDir }, i) => {
    const base = join(dir, 't', String(i));
    mkdirSync(base, { recursive: true });
    const path = decodePath(name);
    const line = gitignorePattern(asDir ? `${path}/` : path);
    lines.push(line);
    // The bytes appendIgnoreLines() would write (its dry run), written here without its fsync: a
    // few hundred fsyncs would make the test slow, and the atomic write is tested in fix.test.ts.
    const edit = appendIgnoreLines(join(base, '.gitignore'), [line], { root: dir, dryRun: true });
    writeFileSync(join(base, '.gitignore'), edit.after);
    const label = `${name.toString('hex')}${asDir ? '/' : ''}`;
    if (inexpressiblePath(path) !== undefined) {
      // No line at all rather than a broader one.
      if (edit.added.length !== 0 || edit.unwritable[0] !== line) expect({ label, added: edit.added }).toEqual({ label, added: [] });
      return;
    }
    if (edit.added[0] !== line) expect({ label, added: edit.added }).toEqual({ label, added: [line] });
    const make = (n: Buffer): Buffer => {
      const full = Buffer.concat([Buffer.from(`${base}/`), n]);
      if (asDir) {
        mkdirSync(full, { recursive: true });
        writeFileSync(Buffer.concat([full, Buffer.from('/f')]), '');
        return Buffer.concat([Buffer.from(`t/${i}/`), n, Buffer.from('/f')]);
      }
      writeFileSync(full, '');
      return Buffer.concat([Buffer.from(`t/${i}/`), n]);
    };
    asked.push({ path: make(name), want: true, label });
    for (const l of lookAlikes(name)) {
      try {
        asked.push({ path: make(l), want: false, label: `${label} vs ${l.toString('hex')}` });
      } catch {
        // a look-alike that is a prefix folder of another, or the like: skip it
      }
    }
    // One folder down: an anchored line names the top level only.
    mkdirSync(join(base, 'sub'), { recursive: true });
    asked.push({ path: Buffer.concat([Buffer.from(`t/${i}/sub/`), make2(join(base, 'sub'), name, asDir)]), want: false, label: `${label} one folder down` });
  });
  if (asked.length === 0) return;
  const r = spawnSync('git', ['-c', 'core.ignorecase=false', 'check-ignore', '--no-index', '-z', '--stdin'], {
    cwd: dir,
    env,
    input: Buffer.concat(asked.flatMap((a) => [a.path, Buffer.of(0)])),
  });
  expect(r.status === 0 || r.status === 1, r.stderr?.toString()).toBe(true);
  const ignored = new Set(r.stdout.toString('latin1').split('\0').filter(Boolean));
  const wrong = asked.filter((a) => ignored.has(a.path.toString('latin1')) !== a.want).map((a) => `${a.want ? 'not ignored' : 'ignored'}: ${a.label}`);
  expect(wrong).toEqual([]);
  // The same line in a .cruftignore (src/facts/glob.ts) allows exactly the same paths.
  const matchers = lines.map((l) => compileCruftignore(`${l}\n`));
  const disagree = asked.filter((a) => {
    const rel = a.path.subarray(a.path.indexOf(0x2f, 2) + 1); // below t/<i>/
    const i = Number(a.path.subarray(2, a.path.indexOf(0x2f, 2)).toString('latin1'));
    return matchers[i]!(decodePath(rel)) !== a.want;
  });
  expect(disagree.map((a) => `.cruftignore ${a.want ? 'does not allow' : 'allows'}: ${a.label}`)).toEqual([]);
}

function make2(base: string, n: Buffer, asDir: boolean): Buffer {
  const full = Buffer.concat([Buffer.from(`${base}/`), n]);
  if (asDir) {
    mkdirSync(full, { recursive: true });
    writeFileSync(Buffer.concat([full, Buffer.from('/f')]), '');
    return Buffer.concat([n, Buffer.from('/f')]);
  }
  writeFileSync(full, '');
  return n;
}

describe('each ignore line names exactly its path', () => {
  it('for generated hostile names, as files and as folders', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.record({ name: nameBytes, asDir: fc.boolean() }), { minLength: 1, maxLength: 20, selector: (c) => c.name.toString('hex') }), (cases) => {
        check(cases);
      }),
      propertyParams(20),
    );
  }, 120_000);

  it('the names that once became `?` or `*`, and the edge cases git trims', () => {
    const fixed = ['e\u001bq.txt', 'c1\u009bx', 'rtl\u202egnp.exe', 'tab\t', 'cr\r', 'sp ', 'sp  ', '#hash', '!bang', '\\', 'a*b', '[ab]', 'q?', ' lead']
      .map((s) => Buffer.from(s))
      .concat([Buffer.from([0x62, 0x61, 0x64, 0xff, 0xfe]), Buffer.from('new\nline')]);
    check(fixed.flatMap((name) => [{ name, asDir: false }, { name, asDir: true }]));
  }, 60_000);
});
