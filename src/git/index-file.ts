// git's index, read from the index file itself: its paths, and for each what git recorded when
// it staged the file (object name, stage, size).
//
// An ordinary commit needs two answers from it. The case-collision rule asks whether a new path
// has a twin differing only in case among the paths already staged, and the rules need the
// staged files' sizes. Asking git means one more process after the staged listing has arrived,
// 15–25 ms on a 2-core machine, on every commit. The index file answers in about a millisecond,
// reading only the names of the lengths asked about.
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
// the files under them), another version, a truncated or oversized file.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { decodePath, encodePath } from './parse.js';

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

/** Bigger index files (about 50,000 entries) are left to git: reading and stepping through one costs about as much as a git process. */
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

/** The index entries of `paths` (at any stage), or undefined when git should be asked instead. */
export function readIndexEntries(file: string | Buffer, hashBytes: 20 | 32, paths: readonly string[]): IndexEntry[] | undefined {
  const buf = typeof file === 'string' ? readIndexFile(file) : file;
  const wanted = new Set(paths);
  const names = paths.map(encodePath);
  const accept = names.length > MANY ? ofLengths(names.map((n) => n.length)) : equalToAny(names, false);
  return buf && parseIndex(buf, hashBytes, accept)?.filter((e) => wanted.has(e.path));
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
export function readIndexFile(file: string): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const size = fstatSync(fd).size;
    if (size > MAX_INDEX_BYTES) return undefined;
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
 * The entries of an index file's bytes (see the format above), or undefined when unsure; with
 * `accept`, only the entries whose names it accepts (the others are stepped over as bytes: an
 * ordinary commit asks about a handful among thousands).
 */
export function parseIndex(buf: Buffer, hashBytes: 20 | 32, accept?: Accept): IndexEntry[] | undefined {
  if (buf.length < 12 || buf.toString('latin1', 0, 4) !== 'DIRC') return undefined;
  const version = buf.readUInt32BE(4);
  if (version < 2 || version > 4) return undefined;
  const count = buf.readUInt32BE(8);
  const entries: IndexEntry[] = [];
  const flagsAt = 40 + hashBytes; // stat data, then the object name
  let pos = 12;
  let previous: Buffer | undefined; // version 4: the previous path's bytes
  for (let i = 0; i < count; i++) {
    if (pos + flagsAt + 2 > buf.length) return undefined;
    // (Bytes read one by one: Buffer's readUInt*() calls cost more than the rest of the loop.)
    if ((buf[pos + 26] as number) >> 4 === 4) return undefined; // mode 040000: a sparse index's folder entry
    const flags = ((buf[pos + flagsAt] as number) << 8) | (buf[pos + flagsAt + 1] as number);
    const extended = (flags & 0x4000) !== 0;
    if (extended && version < 3) return undefined;
    let at = pos + flagsAt + 2 + (extended ? 2 : 0);
    const start = pos;
    let path: string | undefined;
    if (version === 4) {
      // How many bytes of the previous path to drop: git's offset varint (encode_varint()).
      let c = buf[at++] ?? 0;
      let drop = c & 0x7f;
      while (c & 0x80) {
        c = buf[at++] ?? 0;
        drop = ((drop + 1) << 7) | (c & 0x7f);
      }
      const end = buf.indexOf(0, at);
      const kept = previous?.length ?? 0;
      if (end < 0 || drop > kept) return undefined;
      previous = Buffer.concat([previous?.subarray(0, kept - drop) ?? Buffer.alloc(0), buf.subarray(at, end)]);
      if (previous.length === 0) return undefined;
      if (!accept || accept(previous, 0, previous.length)) path = pathOf(previous, 0, previous.length);
      pos = end + 1;
    } else {
      // The name's length is in the flags (0xfff: that long or longer); a NUL ends it.
      const length = flags & 0xfff;
      const end = length < 0xfff ? at + length : buf.indexOf(0, at + length);
      if (length === 0 || end < 0 || end >= buf.length || buf[end] !== 0) return undefined;
      if (!accept || accept(buf, at, end - at)) path = pathOf(buf, at, end);
      // The entry, NUL included, padded to a multiple of 8 bytes from its start.
      pos += (end + 1 - pos + 7) & ~7;
    }
    if (path === undefined) continue; // not asked for
    const oid = buf.toString('hex', start + 40, start + flagsAt);
    entries.push({ path, stage: (flags >> 12) & 3, oid, size: buf.readUInt32BE(start + 36) });
  }
  // Extensions: a split index keeps most entries in another file; a sparse index stands folders for files.
  while (pos + 8 <= buf.length - hashBytes) {
    const signature = buf.toString('latin1', pos, pos + 4);
    if (signature === 'link' || signature === 'sdir') return undefined;
    pos += 8 + buf.readUInt32BE(pos + 4);
  }
  return entries;
}
