// The big listings, read as git writes them. After a `git add .` of a node_modules tree git
// prints tens of megabytes (`diff --raw`, `ls-files --debug`): collecting that output whole and
// then splitting it costs more than git itself (one large allocation, a copy, a string per
// record), so these readers parse each chunk as it arrives and keep only what is asked for.
//
// Untracked files are listed the way `git status` shows them: a directory git has never seen
// is one entry (`--directory`), and cruft-check looks inside it only when a rule needs to see
// its contents. A dependency tree recognised by its name (an untracked `node_modules/`) is
// reported as a whole without listing or sizing its files — that walk is where hooks on big
// repositories lose seconds.
import { isUtf8 } from 'node:buffer';
import { existsSync, lstatSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { workerThreads } from '../builtins.js';
import { type FileFact, UNEXPANDED_DIR_MODE } from '../model.js';
import { gitStream, type StreamOptions } from './run.js';
import { decodePath, encodePath, type IndexStat, parseIndexStats, SMALL_BLOB } from './parse.js';

/** Decode a path from `buf[start, end)`; `utf8` says the whole buffer is known to be valid UTF-8. */
function pathAt(buf: Buffer, start: number, end: number, utf8: boolean): string {
  return utf8 ? buf.toString('utf8', start, end) : decodePath(buf.subarray(start, end));
}

/**
 * A consumer of records spread over chunks, each ended by `separator` (NUL for -z listings, a
 * newline for `cat-file --batch-check`): `onRecord(buf, start, end, utf8)` sees each record's
 * bytes in place. Only a record cut by a chunk boundary is copied (the chunks themselves never
 * are: tens of megabytes of output would otherwise be copied once more).
 */
export function separatedRecords(
  separator: number,
  onRecord: (buf: Buffer, start: number, end: number, utf8: boolean) => void,
): { push(chunk: Buffer): void; end(): void } {
  let carry: Buffer | undefined;
  const records = (buf: Buffer, from: number): void => {
    const utf8 = isUtf8(buf);
    let pos = from;
    for (let at = buf.indexOf(separator, pos); at >= 0; at = buf.indexOf(separator, pos)) {
      onRecord(buf, pos, at, utf8);
      pos = at + 1;
    }
    carry = pos < buf.length ? Buffer.from(buf.subarray(pos)) : undefined;
  };
  return {
    push(chunk) {
      if (!carry) return records(chunk, 0);
      const at = chunk.indexOf(separator);
      if (at < 0) {
        carry = Buffer.concat([carry, chunk]);
        return;
      }
      const first = Buffer.concat([carry, chunk.subarray(0, at)]);
      carry = undefined;
      onRecord(first, 0, first.length, isUtf8(first));
      records(chunk, at + 1);
    },
    end() {
      if (carry && carry.length > 0) onRecord(carry, 0, carry.length, isUtf8(carry));
      carry = undefined;
    },
  };
}

/** NUL-terminated records (`-z` output). */
export function nulRecords(onRecord: (buf: Buffer, start: number, end: number, utf8: boolean) => void): { push(chunk: Buffer): void; end(): void } {
  return separatedRecords(0, onRecord);
}

// Modes as shared strings rather than 100,000 copies of `100644`.
const MODES = new Map(['100644', '100755', '120000', '160000', '040000', '000000'].map((m) => [m, m]));
const mode = (s: string): string => MODES.get(s) ?? s;

/**
 * Where the caller says which folder a new file's fact would be folded into (wholeFolderFinder in
 * src/facts/inventory.ts), once it knows, while the staged listing is still being read: from
 * then on those files are folded as they are parsed (FoldedFiles).
 */
export interface FoldSlot {
  wholeFolder?: (path: string) => string | null;
}

/**
 * The new files of a staged listing that were folded as they were parsed, before any of them
 * became a fact. After a `git add .` of a node_modules tree that is 74,000 files: as facts (an
 * object, a path and an object name each) they outlived every young-generation collection of the
 * run and were folded afterwards anyway (foldFolders). Here each is where its object name and
 * path lie in git's output, whose chunks are kept (outside V8's heap; nothing is copied), and
 * counts towards its folder's fact (`units`), in the listing's order, which is the index's. The
 * index walk (readIndexBeside) adds their sizes to their folders; a name becomes a string only
 * when asked for (the case twins, an index this process does not read).
 */
export class FoldedFiles {
  /** The folders' facts (mode UNEXPANDED_DIR_MODE, `files` counted, `size` 0 until the index walk). */
  readonly units: FileFact[] = [];
  count = 0;
  /** git's output, each chunk that holds a folded file's name or object name. */
  readonly chunks: Buffer[] = [];
  /**
   * Per member, FIELDS numbers: its folder's place in `units`, its mode (a place in FOLDED_MODES),
   * the chunk and offset of its object name (in hex) and its length, the chunk and offsets of
   * its path, and how many facts the listing had made before it (to unfold them in order).
   */
  refs = new Uint32Array(FIELDS << 14);

  /** The place of `buf` in `chunks` (mostly the last one). */
  chunk(buf: Buffer): number {
    const last = this.chunks.length - 1;
    if (last >= 0 && this.chunks[last] === buf) return last;
    return this.chunks.push(buf) - 1;
  }

  add(unit: number, mode: number, oidChunk: number, oidAt: number, oidLength: number, pathChunk: number, pathAt: number, pathEnd: number, factsBefore: number): void {
    let r = this.refs;
    if ((this.count + 1) * FIELDS > r.length) {
      const grown = new Uint32Array(r.length * 2);
      grown.set(r);
      this.refs = r = grown;
    }
    const at = this.count++ * FIELDS;
    r[at] = unit;
    r[at + 1] = mode;
    r[at + 2] = oidChunk;
    r[at + 3] = oidAt;
    r[at + 4] = oidLength;
    r[at + 5] = pathChunk;
    r[at + 6] = pathAt;
    r[at + 7] = pathEnd;
    r[at + 8] = factsBefore;
  }

  /** A member's path, decoded as the listing decodes it. */
  path(i: number): string {
    const r = this.refs;
    const at = i * FIELDS;
    return decodePath((this.chunks[r[at + 5] as number] as Buffer).subarray(r[at + 6], r[at + 7]));
  }

  /** A member's object name. */
  oid(i: number): string {
    const r = this.refs;
    const at = i * FIELDS;
    return (this.chunks[r[at + 2] as number] as Buffer).toString('latin1', r[at + 3], (r[at + 3] as number) + (r[at + 4] as number));
  }

  /** Add `size` to the fact of member `i`'s folder. */
  addSize(i: number, size: number): void {
    (this.units[this.refs[i * FIELDS] as number] as FileFact).size += size;
  }

  /**
   * Add `size` to member `i`'s folder if the object name at `buf[at]` (`hashBytes` bytes, as the
   * index holds it) is the member's (spelled in hex in git's output): compared in place, no string.
   */
  addSizeIfObject(i: number, buf: Buffer, at: number, hashBytes: number, size: number): void {
    const r = this.refs;
    const m = i * FIELDS;
    const text = this.chunks[r[m + 2] as number] as Buffer;
    const hex = r[m + 3] as number;
    if ((r[m + 4] as number) !== hashBytes * 2) return;
    for (let j = 0; j < hashBytes; j++) {
      const b = buf[at + j] as number;
      if (text[hex + 2 * j] !== HEX_DIGITS.charCodeAt(b >> 4) || text[hex + 2 * j + 1] !== HEX_DIGITS.charCodeAt(b & 15)) return;
    }
    this.addSize(i, size);
  }

  /** Is member `i`'s path the bytes `name[at, at + length)`? */
  isNamed(i: number, name: Buffer, at: number, length: number): boolean {
    const r = this.refs;
    const m = i * FIELDS;
    const pathAt = r[m + 6] as number;
    if ((r[m + 7] as number) - pathAt !== length) return false;
    const chunk = this.chunks[r[m + 5] as number] as Buffer;
    for (let j = 0; j < length; j++) if (chunk[pathAt + j] !== name[at + j]) return false;
    return true;
  }

  /** Every member's path, in order, each made a string as the caller comes to it. */
  *paths(): Generator<string> {
    for (let i = 0; i < this.count; i++) yield this.path(i);
  }

  /**
   * For the case twins: `each` is called, in order, with the path of every member whose name
   * lower-casing could change (an upper-case ASCII letter, or any byte of 0x80 or more) and of
   * every member whose name is one of `lower` (names lower-cased already); the other members are
   * passed over as bytes, never made strings. Such a name is pure ASCII with no upper-case
   * letter: it is its own lower case, and it is a twin of a path asked about only if that path
   * lower-cases to it — a key in `lower`, and then pure ASCII too (a non-ASCII lower case such as
   * a KELVIN SIGN's "k" is ASCII already, so compared here). After a bulk add of a node_modules
   * tree that leaves a few thousand of 74,000 names to decode (see docs/performance.md).
   */
  eachCasePath(lower: Iterable<string>, each: (path: string) => void): void {
    // The keys that could equal a pure-ASCII name, by length in bytes (they are few: the paths
    // asked about that lower-casing changes).
    const byLength = new Map<number, Buffer[]>();
    for (const k of lower) {
      if (!ASCII_ONLY.test(k)) continue;
      const list = byLength.get(k.length);
      if (list) list.push(Buffer.from(k, 'latin1'));
      else byLength.set(k.length, [Buffer.from(k, 'latin1')]);
    }
    const r = this.refs;
    const chunks = this.chunks;
    for (let i = 0, at = 0; i < this.count; i++, at += FIELDS) {
      const buf = chunks[r[at + 5] as number] as Buffer;
      const start = r[at + 6] as number;
      const end = r[at + 7] as number;
      let j = start;
      for (; j < end; j++) {
        const c = buf[j] as number;
        if (c >= 0x80 || (c >= 0x41 && c <= 0x5a)) break;
      }
      if (j < end) each(this.path(i));
      else if (byLength.size > 0) {
        const keys = byLength.get(end - start);
        if (keys && keys.some((k) => isBytes(buf, start, end, k))) each(this.path(i));
      }
    }
  }

  /** The facts as the listing would have made them without folding, in its order. */
  unfold(facts: FileFact[]): FileFact[] {
    const out: FileFact[] = [];
    const units = new Set(this.units);
    let next = 0; // facts[next] is the next fact to place
    for (let i = 0; i < this.count; i++) {
      for (const upTo = this.refs[i * FIELDS + 8] as number; next < upTo; next++) if (!units.has(facts[next] as FileFact)) out.push(facts[next] as FileFact);
      out.push({ path: this.path(i), origin: 'staged', status: 'A', mode: FOLDED_MODES[this.refs[i * FIELDS + 1] as number] as string, oid: this.oid(i), size: 0 });
    }
    for (; next < facts.length; next++) if (!units.has(facts[next] as FileFact)) out.push(facts[next] as FileFact);
    return out;
  }
}

/** A string of ASCII characters only (see FoldedFiles.eachCasePath). */
const ASCII_ONLY = /^[\x00-\x7f]*$/;

/**
 * Every index path after a bulk add that folded files: the staged facts' paths, the folded
 * files' (strings only as iterated, or as eachCasePath finds them worth it), then the other
 * index entries'.
 */
export class FoldedIndexPaths implements Iterable<string> {
  readonly staged: string[];
  readonly folded: FoldedFiles;
  readonly others: string[];

  constructor(staged: string[], folded: FoldedFiles, others: string[]) {
    this.staged = staged;
    this.folded = folded;
    this.others = others;
  }

  *[Symbol.iterator](): Generator<string> {
    yield* this.staged;
    yield* this.folded.paths();
    yield* this.others;
  }
}

/** Numbers kept per folded file (FoldedFiles.refs). */
const FIELDS = 9;

const HEX_DIGITS = '0123456789abcdef';

/** The modes a folded file may have (a blob, executable or not, or a symlink): anything else stays a fact. */
const FOLDED_MODES = ['100644', '100755', '120000'];

/** The folded files of a staged listing (streamDiffRaw with a FoldSlot), if any were folded. */
export function foldedOf(facts: FileFact[]): FoldedFiles | undefined {
  return folds.get(facts);
}

const folds = new WeakMap<FileFact[], FoldedFiles>();

/** A listing with fewer entries than this is not kept folded (see streamDiffRaw). */
export const FOLD_FROM = 10_000;

/**
 * Run `git diff --raw -z` (with the caller's other options) and return the entries as file facts
 * with size 0. Entries are `:<src mode> <dst mode> <src oid> <dst oid> <status>` NUL `path` NUL,
 * renames and copies with two paths (`from` NUL `to` NUL).
 *
 * With `fold`, once its `wholeFolder` is set, new files (status A, a blob or a symlink) inside a
 * folder it names are folded as they are parsed (FoldedFiles, foldedOf()): the listing holds
 * their folder's fact instead, where its first file was. A listing of fewer than FOLD_FROM
 * entries is given back unfolded (an ordinary commit's path stays the one it always was).
 */
export async function streamDiffRaw(
  cwd: string,
  args: readonly string[],
  opts: StreamOptions & { many?: { from: number; then: () => void }; fold?: FoldSlot },
): Promise<FileFact[]> {
  const facts: FileFact[] = [];
  const many = opts.many;
  const fold = opts.fold;
  let folded: FoldedFiles | undefined;
  let entries = 0;
  // The folder the last folded file went to: the next files of the listing are mostly in it too,
  // known by their first bytes alone (the listing is sorted), without a string.
  let lastUnit = -1;
  let lastPrefix: Buffer | undefined;
  const unitOf = new Map<string, number>();
  // The header is parsed where it lies in the buffer: only the destination mode (a shared
  // string), object name and status letter become strings (100,000 entries after a bulk add);
  // the object name only once the path shows the file is not folded.
  let header: Buffer | undefined; // where the current entry's object name lies
  let oidAt = 0;
  let oidEnd = 0;
  let pending = 0; // paths still to come for the current entry
  let dstMode = '';
  let status = '';
  let from: string | undefined;
  const records = nulRecords((buf, start, end, utf8) => {
    if (pending === 0) {
      if (buf[start] !== 0x3a) return; // `:`
      const s1 = buf.indexOf(32, start);
      const s2 = buf.indexOf(32, s1 + 1);
      const s3 = buf.indexOf(32, s2 + 1);
      const s4 = buf.indexOf(32, s3 + 1);
      if (s4 < 0 || s4 >= end) return;
      dstMode = modeOf(buf, s1 + 1, s2);
      header = buf;
      oidAt = s3 + 1;
      oidEnd = s4;
      status = String.fromCharCode(buf[s4 + 1] ?? 0x3f);
      pending = status === 'R' || status === 'C' ? 2 : 1;
      from = undefined;
      return;
    }
    if (pending === 2) {
      from = pathAt(buf, start, end, utf8);
      pending = 1;
      return;
    }
    pending = 0;
    if (++entries === many?.from) many.then();
    const wholeFolder = fold?.wholeFolder;
    const modeCode = wholeFolder && status === 'A' ? FOLDED_MODES.indexOf(dstMode) : -1;
    if (modeCode >= 0 && lastPrefix && startsWith(buf, start, end, lastPrefix)) {
      const f = folded as FoldedFiles;
      f.add(lastUnit, modeCode, f.chunk(header as Buffer), oidAt, oidEnd - oidAt, f.chunk(buf), start, end, facts.length);
      (f.units[lastUnit] as FileFact).files! += 1;
      return;
    }
    const path = pathAt(buf, start, end, utf8);
    const dir = modeCode >= 0 && wholeFolder ? wholeFolder(path) : null;
    if (dir !== null) {
      folded ??= new FoldedFiles();
      let unit = unitOf.get(dir);
      if (unit === undefined) {
        unit = folded.units.length;
        unitOf.set(dir, unit);
        // (The listing is sorted: the first file folded is the folder's first file.)
        const fact: FileFact = { path: dir, origin: 'staged', status: 'A', mode: UNEXPANDED_DIR_MODE, oid: '', size: 0, files: 0, first: path };
        folded.units.push(fact);
        facts.push(fact);
      }
      lastUnit = unit;
      lastPrefix = encodePath(`${dir}/`);
      folded.add(unit, modeCode, folded.chunk(header as Buffer), oidAt, oidEnd - oidAt, folded.chunk(buf), start, end, facts.length);
      (folded.units[unit] as FileFact).files! += 1;
      return;
    }
    const fact: FileFact = { path, origin: 'staged', status, mode: dstMode, oid: (header as Buffer).toString('latin1', oidAt, oidEnd), size: 0 };
    if (from !== undefined) fact.renamedFrom = from;
    facts.push(fact);
  });
  await gitStream(cwd, args, opts, (chunk) => records.push(chunk));
  records.end();
  if (!folded) return facts;
  if (entries < FOLD_FROM) return folded.unfold(facts);
  folds.set(facts, folded);
  return facts;
}

/** Does `buf[start, end)` start with `prefix`, and go on after it? */
function startsWith(buf: Buffer, start: number, end: number, prefix: Buffer): boolean {
  if (end - start <= prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (buf[start + i] !== prefix[i]) return false;
  return true;
}

/** Is `buf[start, end)` exactly `bytes`? */
function isBytes(buf: Buffer, start: number, end: number, bytes: Buffer): boolean {
  if (end - start !== bytes.length) return false;
  for (let i = 0; i < bytes.length; i++) if (buf[start + i] !== bytes[i]) return false;
  return true;
}

/** A six-digit mode as one of the shared strings. */
function modeOf(buf: Buffer, start: number, end: number): string {
  if (end - start === 6 && buf[start] === 0x31) {
    const tail = buf.readUIntBE(start + 3, 3); // the last three digits, as bytes
    if (tail === 0x363434) return '100644';
    if (tail === 0x373535) return '100755';
    if (tail === 0x303030) return buf[start + 1] === 0x32 ? '120000' : buf[start + 1] === 0x36 ? '160000' : buf.toString('latin1', start, end);
  }
  return mode(buf.toString('latin1', start, end));
}

const FLAGS = Buffer.from('\tflags: ');
const SIZE = Buffer.from('size: ');

export interface IndexSizes {
  /** Every index entry's recorded size, by path. */
  sizes: Map<string, number>;
  /** The stat data of the entries larger than SMALL_BLOB (src/facts/sniff.ts reads their first bytes from the work tree). */
  largeStats: Map<string, IndexStat>;
}

/**
 * Every index entry's path and recorded size, from `git ls-files --debug`, for an index this
 * process does not read itself (a split or sparse one, see src/git/index-file.ts); only the
 * entries of `paths` when given (literal pathspecs).
 */
export async function indexSizes(cwd: string, opts: StreamOptions, paths?: readonly string[]): Promise<IndexSizes> {
  const sizes = new Map<string, number>();
  const large: Buffer[] = [];
  await readIndexSizes(
    cwd,
    paths ? ['--', ...paths.map((p) => `:(literal)${p}`)] : [],
    opts,
    (path, size) => sizes.set(path, size),
    (entry) => large.push(Buffer.from(entry)),
  );
  return { sizes, largeStats: parseIndexStats(Buffer.concat(large)) };
}

/** `git ls-files -z --debug`, streamed: `onEntry(path, size)` for each entry. */
async function readIndexSizes(cwd: string, pathspecs: string[], opts: StreamOptions, onEntry: (path: string, size: number) => void, onLarge: (entry: Buffer) => void): Promise<void> {
  /** Parse the complete entries of `buf` from `from`; returns where the first incomplete one starts. */
  const parse = (buf: Buffer, from: number): number => {
    const utf8 = isUtf8(buf);
    let pos = from;
    for (;;) {
      const nul = buf.indexOf(0, pos);
      if (nul < 0) break;
      const flagsAt = buf.indexOf(FLAGS, nul);
      if (flagsAt < 0) break;
      const lineEnd = buf.indexOf(10, flagsAt);
      if (lineEnd < 0) break;
      const sizeAt = buf.lastIndexOf(SIZE, flagsAt);
      let size = 0;
      if (sizeAt > nul) for (let i = sizeAt + SIZE.length; i < flagsAt; i++) size = size * 10 + ((buf[i] ?? 48) - 48);
      onEntry(pathAt(buf, pos, nul, utf8), size);
      if (size > SMALL_BLOB) onLarge(buf.subarray(pos, lineEnd + 1));
      pos = lineEnd + 1;
    }
    return pos;
  };
  let carry: Buffer | undefined;
  const push = (chunk: Buffer): void => {
    let buf = chunk;
    let from = 0;
    if (carry) {
      // The entry cut by the last boundary, completed from the start of this chunk (an entry is
      // a path of at most a few KiB and five short lines); the chunk itself is not copied.
      const window = Buffer.concat([carry, chunk.subarray(0, 8192)]);
      const done = parse(window, 0);
      if (done > carry.length) from = done - carry.length;
      else buf = Buffer.concat([carry, chunk]); // an entry longer than the window: rare
      carry = undefined;
    }
    const pos = parse(buf, from);
    carry = pos < buf.length ? Buffer.from(buf.subarray(pos)) : undefined;
  };
  await gitStream(cwd, ['ls-files', '-z', '--debug', ...pathspecs], opts, push);
}

/** The worker that measures (src/git/lstat-worker.ts), built beside the bundle; absent when run from src/. */
function lstatWorkerFile(): string | undefined {
  const file = fileURLToPath(new URL('./lstat-worker.js', import.meta.url));
  return existsSync(file) ? file : undefined;
}

/** From this many paths on, a worker thread is worth starting to measure them (it costs about as much as 2,000 lstat calls). */
export const WORKER_FROM = 2000;

/** The work tree's sizes of these files (-1: not a regular file, or gone), measured on this thread. */
export function workTreeSizesHere(root: string, paths: string[]): Float64Array {
  const sizes = new Float64Array(paths.length);
  paths.forEach((p, i) => {
    try {
      const full = `${root}/${p}`;
      const st = lstatSync(ESCAPED.test(full) ? encodePath(full) : full);
      sizes[i] = st.isFile() ? st.size : -1;
    } catch {
      sizes[i] = -1;
    }
  });
  return sizes;
}

/**
 * workTreeSizesHere(), measured by a worker thread: 100,000 lstat calls cost about half a second,
 * spent on the other core while this one parses git's listings. The paths go over as one buffer
 * of their exact bytes (no string per path on the other side). Falls back to this thread when no
 * worker can be started.
 */
export function workTreeSizes(root: string, paths: string[]): Promise<Float64Array> {
  const local = (): Float64Array => workTreeSizesHere(root, paths);
  // Every path written once into one transferable buffer, NUL-terminated.
  const prefix = `${root}/`;
  if (ESCAPED.test(prefix)) return Promise.resolve(local()); // a work tree whose own path is not UTF-8: rare
  // (Indexed loops over 100,000 paths: see src/facts/inventory.ts.)
  const prefixBytes = Buffer.byteLength(prefix);
  let bytes = 0;
  for (let i = 0; i < paths.length; i++) {
    const p = paths[i] as string;
    bytes += prefixBytes + (ESCAPED.test(p) ? encodePath(p).length : Buffer.byteLength(p)) + 1;
  }
  const all = new Uint8Array(bytes);
  const out = Buffer.from(all.buffer, all.byteOffset, all.byteLength);
  let at = 0;
  for (let i = 0; i < paths.length; i++) {
    const p = paths[i] as string;
    at += out.write(prefix, at);
    if (ESCAPED.test(p)) at += encodePath(p).copy(out, at);
    else at += out.write(p, at);
    out[at++] = 0;
  }
  return new Promise((resolve) => {
    let done = false;
    const finish = (measured: Float64Array | undefined): void => {
      if (done) return;
      done = true;
      resolve(measured && measured.length === paths.length ? measured : local());
    };
    try {
      const file = lstatWorkerFile();
      if (!file) return finish(undefined);
      const { Worker } = workerThreads();
      const worker = new Worker(file, { workerData: { paths: all, count: paths.length }, transferList: [all.buffer] });
      worker.once('message', (m: Float64Array) => finish(m));
      worker.once('error', () => finish(undefined));
      worker.once('exit', () => finish(undefined));
    } catch {
      finish(undefined);
    }
  });
}

export interface UntrackedOptions {
  env?: NodeJS.ProcessEnv;
  /**
   * `normal` (default): directories git lists as one untracked entry are looked inside unless
   * `wholeByName` says a rule takes them whole by their name. `all`: every untracked file is
   * listed and sized (as `git status --untracked-files=all` shows them).
   */
  mode?: 'normal' | 'all';
  /** Is this untracked directory (repository-relative, no trailing slash) one a rule reports whole by its name alone? */
  wholeByName?: (dirPath: string) => boolean;
  /** List only inside these folders (every file, as `all` does). */
  within?: string[];
  /** The first listing, already started (listUntrackedFirst() with the same mode). */
  first?: Promise<UntrackedFirst>;
}

const OTHERS = ['ls-files', '--others', '--exclude-standard', '-z'];
/** Above this many directories to look inside, list everything instead of naming each as a pathspec. */
const PATHSPEC_LIMIT = 200;

/**
 * What `git ls-files --others` lists at first: files, nested repositories, and (in mode `normal`)
 * folders git did not descend into, still to be looked inside or taken whole (`units`).
 */
export interface UntrackedFirst {
  facts: FileFact[];
  units: string[];
}

/**
 * The first untracked listing, which depends on nothing but the mode: started by the entry before
 * the rest of cruft-check is loaded (src/git/early.ts), or by listUntracked().
 */
export async function listUntrackedFirst(root: string, mode: 'normal' | 'all', env?: NodeJS.ProcessEnv): Promise<UntrackedFirst> {
  const first: UntrackedFirst = { facts: [], units: [] };
  const records = nulRecords((buf, start, end, utf8) => {
    if (end > start) onUntrackedEntry(root, pathAt(buf, start, end, utf8), first);
  });
  const args = mode === 'all' ? OTHERS : [...OTHERS, '--directory', '--no-empty-directory'];
  await gitStream(root, args, { env }, (chunk) => records.push(chunk));
  records.end();
  return first;
}

// A path ending in `/` is a directory git did not descend into: a nested repository (which
// `git add .` stages as a gitlink) or, with --directory, a folder of untracked files.
function onUntrackedEntry(root: string, path: string, into: UntrackedFirst): void {
  if (!path.endsWith('/')) return addFile(root, path, into.facts);
  const dir = path.slice(0, -1);
  if (isRepository(root, dir)) into.facts.push({ path: dir, origin: 'untracked', status: '?', mode: '160000', oid: '', size: 0 });
  else into.units.push(dir);
}

/** Untracked, not ignored files: what the next `git add .` would sweep in. */
export async function listUntracked(root: string, opts: UntrackedOptions = {}): Promise<FileFact[]> {
  if (opts.within !== undefined) return listUntrackedWithin(root, opts.within, opts.env);
  const { facts, units } = await (opts.first ?? listUntrackedFirst(root, opts.mode ?? 'normal', opts.env));
  if (units.length === 0) return facts;

  const whole = units.filter((d) => !ESCAPED.test(d) && opts.wholeByName?.(d));
  const expand = units.filter((d) => !whole.includes(d));
  for (const d of whole) facts.push({ path: d, origin: 'untracked', status: '?', mode: UNEXPANDED_DIR_MODE, oid: '', size: 0 });
  if (expand.length > 0) {
    // Inside an untracked folder git lists files, and nested repositories as `dir/`.
    const inside: UntrackedFirst = { facts, units: [] };
    const second = nulRecords((buf, start, end, utf8) => {
      if (end > start) onUntrackedEntry(root, pathAt(buf, start, end, utf8), inside);
    });
    const named = expand.length <= PATHSPEC_LIMIT && !expand.some((d) => ESCAPED.test(d));
    const args2 = named
      ? ['--literal-pathspecs', ...OTHERS, '--', ...expand.map((d) => `${d}/`)]
      : [...OTHERS, ...whole.map((d) => `--exclude=/${d.replace(/([\\*?[\]!#])/g, '\\$1')}/`)];
    await gitStream(root, args2, { env: opts.env }, (chunk) => second.push(chunk));
    second.end();
    // Listing everything again repeats what the first listing gave: keep one of each.
    if (!named) return dedupe(facts);
  }
  return facts.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Every untracked file inside these folders. */
async function listUntrackedWithin(root: string, within: string[], env?: NodeJS.ProcessEnv): Promise<FileFact[]> {
  const listed: UntrackedFirst = { facts: [], units: [] };
  const records = nulRecords((buf, start, end, utf8) => {
    if (end > start) onUntrackedEntry(root, pathAt(buf, start, end, utf8), listed);
  });
  // A name that is not UTF-8 cannot be given to git as an argument (arguments are strings): such
  // folders are found by listing everything and keeping what is inside them.
  const named = !within.some((d) => ESCAPED.test(d));
  const args = named ? ['--literal-pathspecs', ...OTHERS, '--', ...within.map((d) => `${d}/`)] : OTHERS;
  await gitStream(root, args, { env }, (chunk) => records.push(chunk));
  records.end();
  if (named) return listed.facts;
  const inside = within.map((d) => `${d}/`);
  return listed.facts.filter((f) => inside.some((d) => f.path.startsWith(d)));
}

function dedupe(facts: FileFact[]): FileFact[] {
  const out = new Map<string, FileFact>();
  facts.forEach((f) => {
    if (!out.has(f.path)) out.set(f.path, f);
  });
  return [...out.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** A byte that is not UTF-8, kept as a lone surrogate by decodePath(): such a path goes to the file system as bytes. */
const ESCAPED = /[\udc80-\udcff]/u;

function isRepository(root: string, dir: string): boolean {
  try {
    lstatSync(encodePath(join(root, dir, '.git')));
    return true;
  } catch {
    return false;
  }
}

function addFile(root: string, path: string, facts: FileFact[]): void {
  let size = 0;
  let m = '100644';
  try {
    // lstat, never stat or open: a symlink is not followed, a FIFO is never opened.
    const full = `${root}/${path}`;
    const st = lstatSync(ESCAPED.test(path) ? encodePath(full) : full);
    if (st.isSymbolicLink()) m = '120000';
    else if (st.mode & 0o111) m = '100755';
    size = st.isFile() ? st.size : 0;
  } catch {
    return; // deleted since git listed it: nothing to add any more
  }
  facts.push({ path, origin: 'untracked', status: '?', mode: m, oid: '', size });
}
