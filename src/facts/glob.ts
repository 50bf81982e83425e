// Gitignore matching in linear time, for `.cruftignore` and the globs of `extraRules`.
//
// Why not a regular expression (the `ignore` package, micromatch): both turn `*` and `**` into
// nested regex quantifiers, and V8 backtracks. Measured here: `**/a/**/a/**/a/**/a/**/a/**/b`
// took 4 s on one 121-character path with `ignore`, and micromatch spent 1.2 s on
// `a*a*a*a*a*a*a*b` against one 70-character name — per path, and a commit can hold 100,000.
// This matcher runs each pattern as a small automaton over the path's bytes: time grows with
// pattern length × path length, never with the number of ways a pattern could match.
//
// Semantics are git's own (dir.c add_pattern/last_matching_pattern, wildmatch.c with
// WM_PATHNAME), checked against `git check-ignore` by tests/unit/cruftignore.property.test.ts:
// matching is on bytes (so `?` is one byte, as in git), case-sensitive (git's default where
// core.ignorecase is false), `#` starts a comment, trailing unescaped spaces are dropped, `!`
// negates, a trailing `/` matches only directories, a pattern without a `/` matches a name at
// any depth, and a path inside an ignored directory is ignored whatever later lines say.
import { encodePath } from '../git/parse.js';

const SLASH = 0x2f;

type Step =
  | { k: 'byte'; ok: Uint8Array } // one byte the table accepts (a literal, `?`, a class)
  | { k: 'star' } // `*`: any bytes but `/`
  | { k: 'all' } // `**` at the end: any bytes
  | { k: 'dirs' } // `**/`: nothing, or any bytes ending with `/`
  | { k: 'fail' }; // an unterminated or unknown `[` class: git's wildmatch then matches nothing

const POSIX_CLASSES: Record<string, (b: number) => boolean> = {
  alnum: (b) => (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a),
  alpha: (b) => (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a),
  blank: (b) => b === 0x20 || b === 0x09,
  cntrl: (b) => b < 0x20 || b === 0x7f,
  digit: (b) => b >= 0x30 && b <= 0x39,
  graph: (b) => b > 0x20 && b < 0x7f,
  lower: (b) => b >= 0x61 && b <= 0x7a,
  print: (b) => b >= 0x20 && b < 0x7f,
  punct: (b) => b > 0x20 && b < 0x7f && !POSIX_CLASSES.alnum!(b),
  space: (b) => b === 0x20 || (b >= 0x09 && b <= 0x0d),
  upper: (b) => b >= 0x41 && b <= 0x5a,
  xdigit: (b) => (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66),
};

/** One shared table per byte: a pattern's literal bytes allocate nothing (100,000 lines once took 1.4 GB). */
const SINGLES: (Uint8Array | undefined)[] = [];
function single(b: number): Uint8Array {
  let t = SINGLES[b];
  if (!t) {
    t = new Uint8Array(256);
    t[b] = 1;
    SINGLES[b] = t;
  }
  return t;
}

/** `[...]` starting at p[i] === '['; returns the table and the index after `]`, or undefined if malformed. */
function parseClass(p: Uint8Array, i: number): { ok: Uint8Array; next: number } | undefined {
  const t = new Uint8Array(256);
  let j = i + 1;
  let negated = false;
  if (p[j] === 0x21 || p[j] === 0x5e) {
    negated = true;
    j++;
  }
  let prev = -1;
  let first = true;
  for (;;) {
    if (j >= p.length) return undefined;
    let c = p[j] ?? 0;
    if (c === 0x5d && !first) break; // `]`
    first = false;
    if (c === 0x5c) {
      j++;
      if (j >= p.length) return undefined;
      c = p[j] ?? 0;
      t[c] = 1;
      prev = c;
      j++;
    } else if (c === 0x2d && prev >= 0 && j + 1 < p.length && p[j + 1] !== 0x5d) {
      j++;
      let hi = p[j] ?? 0;
      if (hi === 0x5c) {
        j++;
        if (j >= p.length) return undefined;
        hi = p[j] ?? 0;
      }
      for (let b = prev; b <= hi; b++) t[b] = 1;
      prev = -1;
      j++;
    } else if (c === 0x5b && p[j + 1] === 0x3a) {
      // `[:name:]`, or a plain `[` when no `:]` closes it
      let k = j + 2;
      while (k < p.length && p[k] !== 0x5d) k++;
      if (k >= p.length) return undefined;
      if (k - (j + 2) - 1 < 0 || p[k - 1] !== 0x3a) {
        t[0x5b] = 1;
        prev = 0x5b;
        j++;
        continue;
      }
      const test = POSIX_CLASSES[Buffer.from(p.subarray(j + 2, k - 1)).toString('latin1')];
      if (!test) return undefined;
      for (let b = 0; b < 256; b++) if (test(b)) t[b] = 1;
      prev = -1;
      j = k + 1;
    } else {
      t[c] = 1;
      prev = c;
      j++;
    }
  }
  if (negated) for (let b = 0; b < 256; b++) t[b] = t[b] ? 0 : 1;
  t[SLASH] = 0; // WM_PATHNAME: a class never matches `/`
  return { ok: t, next: j + 1 };
}

const ANY_BUT_SLASH = (() => {
  const t = new Uint8Array(256).fill(1);
  t[SLASH] = 0;
  return t;
})();

/** Compile a wildmatch pattern (WM_PATHNAME) into steps. */
function compileSteps(p: Uint8Array): Step[] {
  const steps: Step[] = [];
  for (let i = 0; i < p.length; ) {
    const c = p[i] ?? 0;
    if (c === 0x5c) {
      // A backslash escapes the next byte; a trailing one matches nothing (git compares it with the end of the text).
      if (i + 1 >= p.length) return [{ k: 'fail' }];
      steps.push({ k: 'byte', ok: single(p[i + 1] ?? 0) });
      i += 2;
    } else if (c === 0x3f) {
      steps.push({ k: 'byte', ok: ANY_BUT_SLASH });
      i++;
    } else if (c === 0x5b) {
      const cls = parseClass(p, i);
      if (!cls) return [{ k: 'fail' }];
      steps.push({ k: 'byte', ok: cls.ok });
      i = cls.next;
    } else if (c === 0x2a) {
      let j = i;
      while (p[j] === 0x2a) j++;
      const double = j - i >= 2;
      const atStart = i === 0 || p[i - 1] === SLASH;
      const slashNext = p[j] === SLASH || (p[j] === 0x5c && p[j + 1] === SLASH);
      if (double && atStart && j >= p.length) steps.push({ k: 'all' });
      else if (double && atStart && slashNext) {
        steps.push({ k: 'dirs' });
        j += p[j] === SLASH ? 1 : 2;
      } else steps.push({ k: 'star' });
      i = j;
    } else {
      steps.push({ k: 'byte', ok: single(c) });
      i++;
    }
  }
  return steps;
}

/** The byte a step accepts when it accepts exactly one, else -1. */
function literalByte(step: Step): number {
  if (step.k !== 'byte') return -1;
  let found = -1;
  for (let b = 0; b < 256; b++) {
    if (!step.ok[b]) continue;
    if (found >= 0) return -1;
    found = b;
  }
  return found;
}

/**
 * A matcher for one wildmatch pattern over a whole text: a Pike-style automaton that keeps the
 * set of steps reachable so far (each at most once), so the work per byte is bounded by the
 * pattern's length. `dirs` has a second state, "inside the directories", at n + 1 + its index.
 * Literal bytes at the start and the end of the pattern are checked first: most names fail there.
 */
function wildmatcher(steps: Step[]): (text: string, from: number, to: number) => boolean {
  const n = steps.length;
  if (steps.some((s) => s.k === 'fail')) return () => false;
  const kinds = steps.map((s) => s.k);
  const head: number[] = [];
  for (const st of steps) {
    const b = literalByte(st);
    if (b < 0) break;
    head.push(b);
  }
  const tail: number[] = [];
  if (head.length < n) {
    for (let i = n - 1; i >= head.length; i--) {
      const b = literalByte(steps[i]!);
      if (b < 0) break;
      tail.unshift(b);
    }
  }
  const minLength = steps.filter((s) => s.k === 'byte').length;
  const mark = new Uint32Array(2 * n + 2);
  let gen = 0;
  let cur = new Int32Array(2 * n + 2);
  let next = new Int32Array(2 * n + 2);
  let curLen = 0;
  let nextLen = 0;
  /** Add a state to `next`, with the states its ε-moves reach (they only go forward). */
  const add = (s: number): void => {
    for (;;) {
      if (mark[s] === gen) return;
      mark[s] = gen;
      next[nextLen++] = s;
      if (s >= n) return;
      const k = kinds[s];
      if (k !== 'star' && k !== 'all' && k !== 'dirs') return;
      s++;
    }
  };
  return (text, from, to) => {
    if (to - from < minLength) return false;
    for (let i = 0; i < head.length; i++) if (text.charCodeAt(from + i) !== head[i]) return false;
    for (let i = 0; i < tail.length; i++) if (text.charCodeAt(to - tail.length + i) !== tail[i]) return false;
    gen++;
    nextLen = 0;
    add(0);
    [cur, next] = [next, cur];
    curLen = nextLen;
    for (let i = from; i < to; i++) {
      const b = text.charCodeAt(i);
      gen++;
      nextLen = 0;
      for (let j = 0; j < curLen; j++) {
        const s = cur[j]!;
        if (s === n) continue;
        if (s > n) {
          add(s); // inside `**/`: any byte; a `/` may also end it
          if (b === SLASH) add(s - n);
          continue;
        }
        const step = steps[s]!;
        switch (step.k) {
          case 'byte':
            if (step.ok[b]) add(s + 1);
            break;
          case 'star':
            if (b !== SLASH) add(s);
            break;
          case 'all':
            add(s);
            break;
          case 'dirs':
            add(n + 1 + s);
            if (b === SLASH) add(s + 1);
            break;
          default:
            break;
        }
      }
      if (nextLen === 0) return false;
      [cur, next] = [next, cur];
      curLen = nextLen;
    }
    for (let j = 0; j < curLen; j++) if (cur[j] === n) return true;
    return false;
  };
}

interface Pattern {
  negative: boolean;
  dirOnly: boolean;
  /** No `/` in the pattern: matched against the last name only, at any depth. */
  basename: boolean;
  /** The bytes the pattern stands for when it has no wildcard (escapes resolved), as a byte string. */
  literal: string | undefined;
  /** Literal bytes every match starts and ends with: most names fail here, before any automaton is built. */
  head: string;
  tail: string;
  /** The pattern's bytes (a byte string), compiled into `compiled` on first use. */
  source: string;
  compiled: ((text: string, from: number, to: number) => boolean) | undefined;
}

const WILD = /[*?[]/;

/** The bytes of a pattern whose only specials are backslash escapes, or undefined when it has a wildcard (or a trailing `\`, which matches nothing). */
function literalOf(p: string): string | undefined {
  if (WILD.test(p.replace(/\\[\s\S]/g, ''))) return undefined;
  if (!p.includes('\\')) return p;
  let out = '';
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '\\') {
      i++;
      if (i >= p.length) return undefined;
    }
    out += p[i];
  }
  return out;
}

const SPECIAL_CHAR = /[*?[\]\\]/;

/** `*` `?` `[` `]` `\`: where a pattern's literal head ends and its literal tail begins. */
function isSpecial(c: number): boolean {
  return c === 0x2a || c === 0x3f || c === 0x5b || c === 0x5d || c === 0x5c;
}

/** One line of a gitignore file, parsed as git's add_pattern does; undefined for blanks and comments. Nothing is compiled yet. */
function parseLine(raw: string): Pattern | undefined {
  let line = raw.charCodeAt(raw.length - 1) === 0x0d ? raw.slice(0, -1) : raw;
  if (line === '' || line.charCodeAt(0) === 0x23) return undefined;
  // Trailing spaces go, unless escaped with a backslash (git's trim_trailing_spaces).
  if (line.charCodeAt(line.length - 1) === 0x20) {
    let lastSpace = -1;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (c === ' ') {
        if (lastSpace < 0) lastSpace = i;
      } else if (c === '\\') {
        i++;
        if (i >= line.length) {
          lastSpace = -1;
          break;
        }
        lastSpace = -1;
      } else lastSpace = -1;
    }
    if (lastSpace >= 0) line = line.slice(0, lastSpace);
    if (line === '') return undefined;
  }
  let negative = false;
  if (line.charCodeAt(0) === 0x21) {
    negative = true;
    line = line.slice(1);
  }
  let dirOnly = false;
  if (line.charCodeAt(line.length - 1) === 0x2f) {
    dirOnly = true;
    line = line.slice(0, -1);
  }
  const basename = !line.includes('/');
  if (!basename && line.charCodeAt(0) === 0x2f) line = line.slice(1);
  const source = byteString(line);
  const special = SPECIAL_CHAR.exec(source);
  // Nearly every line of a long list: plain bytes, compared, never compiled.
  if (!special) return { negative, dirOnly, basename, literal: source, head: '', tail: '', source, compiled: undefined };
  const h = special.index;
  let t = source.length;
  while (t > h && !isSpecial(source.charCodeAt(t - 1))) t--;
  const literal = source.includes('\\') ? literalOf(source) : undefined;
  return { negative, dirOnly, basename, literal, head: source.slice(0, h), tail: source.slice(t), source, compiled: undefined };
}

/** The pattern run as an automaton, compiled the first time a name gets past its literal head and tail. */
function wild(p: Pattern, text: string, from: number, to: number): boolean {
  if (to - from < p.head.length + p.tail.length) return false;
  if (!text.startsWith(p.head, from) || !text.endsWith(p.tail, to)) return false;
  p.compiled ??= wildmatcher(compileSteps(Buffer.from(p.source, 'latin1')));
  return p.compiled(text, from, to);
}

function matches(p: Pattern, text: string, end: number, nameStart: number): boolean {
  const from = p.basename ? nameStart : 0;
  if (p.literal === undefined) return wild(p, text, from, end);
  return end - from === p.literal.length && text.startsWith(p.literal, from);
}

const NON_ASCII = /[^\u0000-\u007f]/;

/**
 * The path as a byte string: one character per byte of its UTF-8 (or raw, see decodePath) form,
 * so `?` and classes see bytes as git does. ASCII paths, nearly all of them, are used as they are.
 */
function byteString(path: string): string {
  return NON_ASCII.test(path) ? encodePath(path).toString('latin1') : path;
}

/**
 * Indexes of patterns by their literal bytes: the last of them that applies is found by lookup,
 * not by a scan. A key's value is the index itself, or (rarely: the same line twice, or negated)
 * the ascending list of them, so a list of 100,000 paths costs no array per line.
 */
function indexLiterals(patterns: Pattern[], basename: boolean): Map<string, number | number[]> {
  const index = new Map<string, number | number[]>();
  for (let i = 0; i < patterns.length; i++) {
    const p = patterns[i] as Pattern;
    if (p.literal === undefined || p.basename !== basename) continue;
    const had = index.get(p.literal);
    if (had === undefined) index.set(p.literal, i);
    else if (typeof had === 'number') index.set(p.literal, [had, i]);
    else had.push(i);
  }
  return index;
}

/** The highest index among `found` (ascending) whose pattern applies to a file or folder, or -1. */
function lastApplying(patterns: Pattern[], found: number | number[] | undefined, isDir: boolean): number {
  if (found === undefined) return -1;
  if (typeof found === 'number') return isDir || !(patterns[found] as Pattern).dirOnly ? found : -1;
  for (let k = found.length - 1; k >= 0; k--) {
    const i = found[k] as number;
    if (isDir || !(patterns[i] as Pattern).dirOnly) return i;
  }
  return -1;
}

/**
 * Compile the text of a gitignore-syntax file. The result says whether a repository-relative file
 * path is matched (ignored, or for `.cruftignore`, allowed): by the last pattern that matches it,
 * unless one of its directories is matched first. Directory answers are cached: a commit of
 * 100,000 files holds far fewer directories.
 *
 * Large files (a generated list of 100,000 paths) stay cheap: lines are parsed, not compiled;
 * literal lines (no wildcard, nearly all of such a list) are found through two maps, whole path
 * and last name; only the wildcard lines after the last literal match are tried, each first by
 * its literal head and tail, and compiled into an automaton only when a name gets past those.
 * `reference` turns all of that off (every line compiled and tried, last to first): the tests
 * compare the two.
 */
export function compileGitignore(text: string, opts: { reference?: boolean } = {}): (path: string) => boolean {
  const body = text.startsWith('\ufeff') ? text.slice(1) : text;
  const patterns = body.split('\n').map(parseLine).filter((p): p is Pattern => p !== undefined);
  if (patterns.length === 0) return () => false;
  let decide: (path: string, isDir: boolean) => boolean;
  if (opts.reference) {
    decide = (path, isDir) => {
      const bytes = byteString(path);
      const nameStart = bytes.lastIndexOf('/') + 1;
      for (let i = patterns.length - 1; i >= 0; i--) {
        const p = patterns[i]!;
        if (p.dirOnly && !isDir) continue;
        if (wild(p, bytes, p.basename ? nameStart : 0, bytes.length)) return !p.negative;
      }
      return false;
    };
  } else {
    const byPath = indexLiterals(patterns, false);
    const byName = indexLiterals(patterns, true);
    /** Wildcard lines, in file order: scanned from the end down to the best literal match. */
    const wildcards: number[] = [];
    for (let i = 0; i < patterns.length; i++) if ((patterns[i] as Pattern).literal === undefined) wildcards.push(i);
    /** The last matching pattern decides: true ignored, false re-included or unmatched. */
    decide = (path, isDir) => {
      const bytes = byteString(path);
      const end = bytes.length;
      const nameStart = bytes.lastIndexOf('/') + 1;
      const best = Math.max(
        lastApplying(patterns, byPath.get(bytes), isDir),
        lastApplying(patterns, byName.get(nameStart === 0 ? bytes : bytes.slice(nameStart)), isDir),
      );
      for (let k = wildcards.length - 1; k >= 0; k--) {
        const i = wildcards[k] as number;
        if (i < best) break;
        const p = patterns[i]!;
        if (p.dirOnly && !isDir) continue;
        if (matches(p, bytes, end, nameStart)) return !p.negative;
      }
      return best >= 0 && !patterns[best]!.negative;
    };
  }
  // Whether a directory is ignored, itself or through one of its parents: an ignored directory
  // ignores everything below it. Cached: the files of a commit share few directories.
  const dirs = new Map<string, boolean>();
  const dirIgnored = (dir: string): boolean => {
    let ignored = dirs.get(dir);
    if (ignored === undefined) {
      const slash = dir.lastIndexOf('/');
      ignored = (slash > 0 && dirIgnored(dir.slice(0, slash))) || decide(dir, true);
      dirs.set(dir, ignored);
    }
    return ignored;
  };
  // git lists paths sorted, so a file's directory is usually the previous file's.
  let lastDir = '';
  let lastIgnored = false;
  return (path: string): boolean => {
    const slash = path.lastIndexOf('/');
    if (slash > 0) {
      const dir = path.slice(0, slash);
      if (dir !== lastDir) {
        lastDir = dir;
        lastIgnored = dirIgnored(dir);
      }
      if (lastIgnored) return true;
    }
    return decide(path, false);
  };
}

/**
 * One glob of the configuration's `extraRules`, read as a gitignore line that can only add: a
 * glob without `/` matches a name at any depth, a trailing `/` everything inside such directories,
 * a leading `/` anchors at the root.
 */
export function compileGlobList(globs: readonly string[]): (path: string) => boolean {
  // Leading `!` and `#` would mean "negate" and "comment" in a gitignore line: here they are names.
  return compileGitignore(globs.map((g) => g.trim().replace(/^([!#])/, '\\$1')).join('\n'));
}
