// git's index, read from the index file itself: its paths, and for each what git recorded when
// it staged the file (object name, stage, size).
//
// Every commit needs two answers from it. The rules need the staged files' sizes, and the
// case-collision rule asks whether a new path has a twin differing only in case among the paths
// already staged. Asking git means one more process after the staged listing has arrived,
// 15–25 ms on a 2-core machine, on every commit. The index file answers in about a millisecond:
// readIndexBeside() steps through it once, comparing each entry in place with the next staged
// blob (the listing comes in index order) and making strings only of the others, and only of
// those that may matter (every path after a bulk add, when the case twins are looked for among
// them all; otherwise none but a name asked about). After a bulk add that costs less than `git
// ls-files --debug` printing the index and this process parsing it.
//
// The format is git's documented one (Documentation/gitformat-index.txt), stable since 2005:
//   header   "DIRC", version (2, 3 or 4), number of entries (32-bit big-endian each)
//   entry    40 bytes of stat data (the last 4: the file's size, in 32 bits), the object name
//            (20 bytes, 32 in a SHA-256 repository), 16-bit flags (bit 14: extended flags
//            follow, bits 12–13: the stage, low 12 bits: name length), in version 3+ 16 more bits
//            of flags when extended; then the path, NUL-terminated and padded with NULs to a
//            multiple of 8 bytes (versions 2, 3), or, in version 4, a varint saying how many bytes
//            to drop from the end of the previous path, then the rest of the path,
//            NUL-terminated, no padding
//   extensions after the entries (4-byte signature, 32-bit size)
// Anything this reader is not sure about gives undefined, and git is asked instead: a split
// index (`link`: most entries live in another file), a sparse index (`sdir`: folders stand for
// the files under them), any other extension git requires its readers to understand, another
// version, entries that do not end where the extensions begin (a wrong entry count), extensions
// that do not end at the checksum, a truncated or oversized file. git then answers, or refuses
// the index as corrupt: this reader never answers for an index git would not read.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { fsPromises } from '../builtins.js';
import { decodePath, encodePath, type IndexStat, SMALL_BLOB } from './parse.js';
import type { FoldedFiles } from './listing.js';

/** One entry of the index. */
export interface IndexEntry {
  path: string;
  /** 0, or 1–3 for the sides of a conflict. */
  stage: number;
  oid: string;
  /** The file's size when git staged it, in 32 bits (0 when git wrote the entry without looking at a file). */
  size: number;
}

/** The index file the next commit is made from: GIT_INDEX_FILE (a hook's temporary one under `commit -a`), else the git directory's. */
export function indexFileOf(repo: { root: string; gitDir: string; env: NodeJS.ProcessEnv }): string {
  const file = repo.env.GIT_INDEX_FILE;
  if (!file) return join(repo.gitDir, 'index');
  return isAbsolute(file) ? file : join(repo.root, file);
}

/** A path's bytes as a string: ASCII directly (nearly every path), anything else as decodePath() decodes it. */
function pathOf(buf: Buffer, start: number, end: number): string {
  for (let i = start; i < end; i++) if ((buf[i] as number) >= 0x80) return decodePath(buf.subarray(start, end));
  return buf.toString('latin1', start, end);
}

/** An ordinary commit's index is read up to this size (about 50,000 entries): beyond, reading and stepping through it costs about as much as a git process. */
const MAX_INDEX_BYTES = 4 * 1024 * 1024;

/**
 * Every path in the index file (each once, whatever its stage), or undefined when git should be
 * asked instead. `hashBytes`: 20 for SHA-1 repositories, 32 for SHA-256.
 *
 * With `keys` (lower-case paths), only paths that may equal one of them ignoring case (the
 * caller compares): the case-twin question. Names are then stepped over as bytes where they
 * are, and nearly only twins become strings.
 */
export function readIndexPaths(file: string | Buffer, hashBytes: 20 | 32, keys?: ReadonlySet<string>): string[] | undefined {
  const buf = typeof file === 'string' ? readIndexFile(file) : file;
  const entries = buf && parseIndex(buf, hashBytes, keys && twinsOf(keys, buf));
  if (!entries) return undefined;
  // Stages 1–3 of a conflict repeat the same path one after the other.
  return entries.filter((e, i) => e.path !== entries[i - 1]?.path).map((e) => e.path);
}

/** Which names become entries: the bytes holding a name, where it starts, and its length. */
type Accept = (buf: Buffer, at: number, length: number) => boolean;

/** A name a few wanted names of its length compare with byte by byte; beyond, it is decoded and the caller compares. */
const COMPARE_UP_TO = 8;
/** Beyond this many wanted names (a pre-flight of 100,000 untracked files), only their lengths are compared. */
const MANY = 256;

/** Names of these byte lengths. */
function ofLengths(lengths: Iterable<number>): Accept {
  const set = new Set(lengths);
  return (_buf, _at, length) => set.has(length);
}

/**
 * Names that may equal one of `wants` (see equalAt): those of a wanted length, and of those, when
 * a few names have that length, only one equal to one of them. Plain loops: this runs once per
 * index entry.
 */
function equalToAny(wants: Buffer[], fold: boolean): Accept {
  const byLength = new Map<number, Buffer[]>();
  for (const w of wants) {
    const list = byLength.get(w.length);
    if (list) list.push(w);
    else byLength.set(w.length, [w]);
  }
  return (buf, at, length) => {
    const list = byLength.get(length);
    if (!list) return false;
    if (list.length > COMPARE_UP_TO) return true;
    for (let i = 0; i < list.length; i++) if (equalAt(buf, at, list[i] as Buffer, fold)) return true;
    return false;
  };
}

/** Is `buf` at `at` the bytes of `want` (ASCII letters of `buf` lower-cased first when `fold`)? */
function equalAt(buf: Buffer, at: number, want: Buffer, fold: boolean): boolean {
  for (let i = 0; i < want.length; i++) {
    let c = buf[at + i] as number;
    if (fold && c >= 0x41 && c <= 0x5a) c |= 0x20;
    if (c !== want[i]) return false;
  }
  return true;
}

/** U+212A KELVIN SIGN in UTF-8: the one non-ASCII character whose lower case is ASCII ("k"). */
const KELVIN = Buffer.from('\u212a');
const NON_ASCII = /[^\0-\x7f]/;

/**
 * The names whose lower case is one of `keys`, compared byte by byte: lower-casing an ASCII name
 * lower-cases its ASCII letters and nothing else, and no other name lower-cases to ASCII except
 * one holding a KELVIN SIGN. Undefined (every name becomes a string, the caller compares) when a
 * key is not ASCII or the index holds that sign anywhere.
 */
function twinsOf(keys: ReadonlySet<string>, buf: Buffer): Accept | undefined {
  for (const k of keys) if (NON_ASCII.test(k)) return undefined;
  if (buf.includes(KELVIN)) return undefined;
  // (An ASCII key's length in bytes is its length.)
  return keys.size > MANY ? ofLengths([...keys].map((k) => k.length)) : equalToAny([...keys].map((k) => Buffer.from(k, 'latin1')), true);
}

/**
 * The index file's bytes (undefined: missing, unreadable or too big). Both readers above take
 * them instead of a file name, so that one run reads the index once.
 */
export function readIndexFile(file: string, maxBytes = MAX_INDEX_BYTES): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const size = fstatSync(fd).size;
    if (size > maxBytes) return undefined;
    const buf = Buffer.allocUnsafe(size);
    let got = 0;
    while (got < size) {
      const n = readSync(fd, buf, got, size - got, got);
      if (n === 0) return undefined;
      got += n;
    }
    return buf;
  } catch {
    return undefined; // no index yet, or unreadable: git answers
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * readIndexFile(), read by Node's thread pool (this thread stays free meanwhile), and stopped
 * when `signal` aborts: for a read that may turn out unneeded (an ordinary commit in a repository
 * of a million files, whose staged diff takes long too), which then delays nothing, not even the
 * process's exit. Undefined when stopped.
 */
export async function readIndexFileAside(file: string, maxBytes: number, signal?: AbortSignal): Promise<Buffer | undefined> {
  try {
    const { readFile, stat } = fsPromises();
    if ((await stat(file)).size > maxBytes) return undefined;
    // (readFile reads in pieces and looks at the signal between them.)
    return await readFile(file, signal ? { signal } : {});
  } catch {
    return undefined; // no index yet, unreadable, or stopped: git answers
  }
}

/** What the index file says of the staged blobs (readIndexBeside). */
export interface IndexBeside {
  /** Each blob's recorded size, in the order asked; -1 when the index holds no such entry at stage 0 with that object name. */
  sizes: Float64Array;
  /** The index's other paths, each once (the case twins are looked for among them too); empty unless asked for. */
  others: string[];
  /** The stat data of the staged blobs recorded larger than SMALL_BLOB (src/facts/sniff.ts reads their first bytes from the work tree). */
  largeStats: Map<string, IndexStat>;
}

/**
 * The recorded sizes of `blobs` (the staged blobs, as the staged listing gave them), from the
 * index file's bytes; undefined when git should be asked instead. With `others` (after a bulk
 * add), every other path of the index too.
 *
 * Built for 100,000 names: the staged listing comes in index order, so each entry is compared
 * in place with the next blob asked about, and only the entries that are not (the files already
 * tracked) become strings — without `others`, only those whose name may be one asked about. A
 * blob out of that order is looked up among those afterwards.
 */
export function readIndexBeside(
  buf: Buffer,
  hashBytes: 20 | 32,
  blobs: readonly { path: string; oid: string }[],
  { others: wantOthers = true, folded }: { others?: boolean; folded?: FoldedFiles } = {},
): IndexBeside | undefined {
  const sizes = new Float64Array(blobs.length).fill(-1);
  const others = new Map<string, number>(); // path → where its stage-0 entry starts (-1: conflict stages only)
  const largeStats = new Map<string, IndexStat>();
  // Without `others`, a name not met in place becomes a string only when it may be one asked about.
  const names = wantOthers ? [] : blobs.map((b) => encodePath(b.path));
  const mayBeAsked: Accept | undefined = wantOthers ? undefined : names.length > MANY ? ofLengths(names.map((n) => n.length)) : equalToAny(names, false);
  let next = 0;
  // The folded files (after a bulk add, most of the listing), compared as bytes where git's
  // output holds them: the next one, and how many were met in place.
  let member = 0;
  const memberCount = folded?.count ?? 0;
  const complete = stepIndex(buf, hashBytes, (name, at, length, entry, flags) => {
    const stage = (flags >> 12) & 3;
    const blob = blobs[next];
    if (stage === 0 && blob && sameName(name, at, length, blob.path)) {
      const recorded = sameObject(buf, entry + 40, hashBytes, blob.oid) ? sizeAt(buf, entry) : -1;
      sizes[next++] = recorded;
      if (recorded > SMALL_BLOB) largeStats.set(blob.path, statAt(buf, entry));
    } else if (stage === 0 && member < memberCount && (folded as FoldedFiles).isNamed(member, name, at, length)) {
      // A folded file adds its recorded size to its folder (none when the index holds another object there).
      (folded as FoldedFiles).addSizeIfObject(member++, buf, entry + 40, hashBytes, sizeAt(buf, entry));
    } else if (!mayBeAsked || mayBeAsked(name, at, length)) {
      const path = pathOf(name, at, at + length);
      if (stage === 0 || !others.has(path)) others.set(path, stage === 0 ? entry : -1);
    }
  });
  if (!complete) return undefined;
  // Out of order (not expected of git): looked up among the entries that were not compared in place.
  for (let i = next; i < blobs.length; i++) {
    const blob = blobs[i] as { path: string; oid: string };
    const entry = others.get(blob.path);
    if (entry === undefined) continue;
    others.delete(blob.path);
    if (entry < 0 || !sameObject(buf, entry + 40, hashBytes, blob.oid)) continue;
    sizes[i] = sizeAt(buf, entry);
    if (sizeAt(buf, entry) > SMALL_BLOB) largeStats.set(blob.path, statAt(buf, entry));
  }
  // Folded files out of order (not expected of git either): looked up among the others by name.
  for (let i = member; folded && i < folded.count; i++) {
    const path = folded.path(i);
    const entry = others.get(path);
    if (entry === undefined) continue;
    others.delete(path);
    if (entry >= 0) folded.addSizeIfObject(i, buf, entry + 40, hashBytes, sizeAt(buf, entry));
  }
  return { sizes, others: wantOthers ? [...others.keys()] : [], largeStats };
}

/** Are the name's bytes those of `path`? ASCII compared in place; anything else decoded as pathOf() decodes it. */
function sameName(name: Buffer, at: number, length: number, path: string): boolean {
  // (decodePath() gives one UTF-16 unit or more per byte: never more units than bytes.)
  if (path.length > length) return false;
  for (let i = 0; i < path.length; i++) {
    const c = path.charCodeAt(i);
    if (c >= 0x80) return pathOf(name, at, at + length) === path;
    if (name[at + i] !== c) return false;
  }
  return path.length === length;
}

const HEX_DIGITS = '0123456789abcdef';

/** Are the object name's bytes at `at` those `oid` spells in hex? */
function sameObject(buf: Buffer, at: number, hashBytes: number, oid: string): boolean {
  if (oid.length !== hashBytes * 2) return false;
  for (let i = 0; i < hashBytes; i++) {
    const b = buf[at + i] as number;
    if (oid.charCodeAt(2 * i) !== HEX_DIGITS.charCodeAt(b >> 4) || oid.charCodeAt(2 * i + 1) !== HEX_DIGITS.charCodeAt(b & 15)) return false;
  }
  return true;
}

/** An entry's recorded size (its stat data's last 32 bits). */
function sizeAt(buf: Buffer, entry: number): number {
  return buf.readUInt32BE(entry + 36);
}

/** An entry's stat data as git stored it (32 bits each, as `git ls-files --debug` prints them). */
function statAt(buf: Buffer, entry: number): IndexStat {
  const at = (offset: number): bigint => BigInt(buf.readUInt32BE(entry + offset));
  return { mtimeSec: at(8), mtimeNsec: at(12), ino: at(20), size: at(36) };
}

/**
 * The entries of an index file's bytes (see the format above), or undefined when unsure; with
 * `accept`, only the entries whose names it accepts (the others are stepped over as bytes: an
 * ordinary commit asks about a handful among thousands).
 */
export function parseIndex(buf: Buffer, hashBytes: 20 | 32, accept?: Accept): IndexEntry[] | undefined {
  const entries: IndexEntry[] = [];
  const complete = stepIndex(buf, hashBytes, (name, at, length, entry, flags) => {
    if (accept && !accept(name, at, length)) return; // not asked for
    const oid = buf.toString('hex', entry + 40, entry + 40 + hashBytes);
    entries.push({ path: pathOf(name, at, at + length), stage: (flags >> 12) & 3, oid, size: buf.readUInt32BE(entry + 36) });
  });
  return complete ? entries : undefined;
}

/**
 * Where each entry's name lies: `name` holds it from `at` for `length` bytes (the index file's
 * bytes, or in version 4 a buffer the name is rebuilt in, reused for the next one); `entry` is
 * where the entry starts in the index file (its stat data, then the object name); `flags` its
 * 16-bit flags.
 */
type Visit = (name: Buffer, at: number, length: number, entry: number, flags: number) => void;

/**
 * Step over every entry of an index file's bytes (see the format above), in index order: true
 * when the whole file was understood, false when git should be asked instead (`visit` may have
 * seen some entries by then).
 */
function stepIndex(buf: Buffer, hashBytes: 20 | 32, visit: Visit): boolean {
  if (buf.length < 12 || buf.toString('latin1', 0, 4) !== 'DIRC') return false;
  const version = buf.readUInt32BE(4);
  if (version < 2 || version > 4) return false;
  const count = buf.readUInt32BE(8);
  const flagsAt = 40 + hashBytes; // stat data, then the object name
  let pos = 12;
  let previous = version === 4 ? Buffer.allocUnsafe(4096) : buf; // version 4: the previous path, rebuilt here
  let kept = 0; // its length
  for (let i = 0; i < count; i++) {
    if (pos + flagsAt + 2 > buf.length) return false;
    // (Bytes read one by one: Buffer's readUInt*() calls cost more than the rest of the loop.)
    if ((buf[pos + 26] as number) >> 4 === 4) return false; // mode 040000: a sparse index's folder entry
    const flags = ((buf[pos + flagsAt] as number) << 8) | (buf[pos + flagsAt + 1] as number);
    const extended = (flags & 0x4000) !== 0;
    if (extended && version < 3) return false;
    let at = pos + flagsAt + 2 + (extended ? 2 : 0);
    const entry = pos;
    if (version === 4) {
      // How many bytes of the previous path to drop: git's offset varint (encode_varint()).
      let c = buf[at++] ?? 0;
      let drop = c & 0x7f;
      while (c & 0x80) {
        c = buf[at++] ?? 0;
        drop = ((drop + 1) << 7) | (c & 0x7f);
      }
      const end = buf.indexOf(0, at);
      if (end < 0 || drop > kept) return false;
      const length = kept - drop + (end - at);
      if (length === 0) return false;
      if (length > previous.length) previous = Buffer.concat([previous.subarray(0, kept - drop), Buffer.alloc(length)]);
      buf.copy(previous, kept - drop, at, end);
      kept = length;
      visit(previous, 0, length, entry, flags);
      pos = end + 1;
    } else {
      // The name's length is in the flags (0xfff: that long or longer); a NUL ends it.
      const length = flags & 0xfff;
      const end = length < 0xfff ? at + length : buf.indexOf(0, at + length);
      if (length === 0 || end < 0 || end >= buf.length || buf[end] !== 0) return false;
      visit(buf, at, end - at, entry, flags);
      // The entry, NUL included, padded to a multiple of 8 bytes from its start.
      pos += (end + 1 - pos + 7) & ~7;
    }
  }
  // Extensions, from where the entries end up to the checksum. git reads them from there too, so
  // a wrong entry count shows here: what is left of the entries does not read as extensions.
  const end = buf.length - hashBytes;
  while (pos + 8 <= end) {
    // A signature not starting with A–Z names an extension the reader must understand ("index
    // uses … extension, which we do not understand", read-cache.c read_index_extension()); git
    // skips the others. The required ones git has are a split index's `link` (most entries live
    // in another file) and a sparse index's `sdir` (folders stand for the files under them):
    // neither is followed here.
    const first = buf[pos] as number;
    if (first < 0x41 || first > 0x5a) return false;
    pos += 8 + buf.readUInt32BE(pos + 4);
  }
  // The last extension ends exactly at the checksum: anything else is a file git did not write.
  return pos === end;
}
