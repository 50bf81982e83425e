// The paths in git's index, read from the index file itself.
//
// Only one rule needs them on an ordinary commit: case-collision asks whether a new path has a
// twin differing only in case among the paths already staged. Asking `git ls-files` means one
// more process after the staged listing has arrived, 15–25 ms on a 2-core machine, on every
// commit with a new file. The index file answers in about a millisecond.
//
// The format is git's documented one (Documentation/gitformat-index.txt), stable since 2005:
//   header   "DIRC", version (2, 3 or 4), number of entries (32-bit big-endian each)
//   entry    40 bytes of stat data, the object name (20 bytes, 32 in a SHA-256 repository),
//            16-bit flags (bit 14: extended flags follow, low 12 bits: name length), in version
//            3+ 16 more bits of flags when extended; then the path, NUL-terminated and padded
//            with NULs to a multiple of 8 bytes (versions 2, 3), or, in version 4, a varint
//            saying how many bytes to drop from the end of the previous path, then the rest of
//            the path, NUL-terminated, no padding
//   extensions after the entries (4-byte signature, 32-bit size)
// Anything this reader is not sure about gives undefined, and git is asked instead: a split
// index (`link`: most entries live in another file), a sparse index (`sdir`: folders stand for
// the files under them), another version, a truncated or oversized file.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { decodePath } from './parse.js';

/** A path's bytes as a string: ASCII directly (nearly every path), anything else as decodePath() decodes it. */
function pathOf(buf: Buffer, start: number, end: number): string {
  for (let i = start; i < end; i++) if ((buf[i] as number) >= 0x80) return decodePath(buf.subarray(start, end));
  return buf.toString('latin1', start, end);
}

/** Bigger index files (about 50,000 entries) are left to git: decoding every path in JS would cost more than the process. */
const MAX_INDEX_BYTES = 4 * 1024 * 1024;

/**
 * Every path in the index file (each once, whatever its stage), or undefined when git should be
 * asked instead. `hashBytes`: 20 for SHA-1 repositories, 32 for SHA-256.
 */
export function readIndexPaths(file: string, hashBytes: 20 | 32): string[] | undefined {
  const buf = readWhole(file);
  return buf ? parseIndexPaths(buf, hashBytes) : undefined;
}

function readWhole(file: string): Buffer | undefined {
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

/** The paths of an index file's bytes (see the format above), or undefined when unsure. */
export function parseIndexPaths(buf: Buffer, hashBytes: 20 | 32): string[] | undefined {
  if (buf.length < 12 || buf.toString('latin1', 0, 4) !== 'DIRC') return undefined;
  const version = buf.readUInt32BE(4);
  if (version < 2 || version > 4) return undefined;
  const count = buf.readUInt32BE(8);
  const paths: string[] = [];
  const flagsAt = 40 + hashBytes; // stat data, then the object name
  let pos = 12;
  let last = '';
  let previous: Buffer | undefined; // version 4: the previous path's bytes
  for (let i = 0; i < count; i++) {
    if (pos + flagsAt + 2 > buf.length) return undefined;
    const mode = buf.readUInt32BE(pos + 24);
    if ((mode & 0o170000) === 0o040000) return undefined; // a sparse index's folder entry
    const flags = buf.readUInt16BE(pos + flagsAt);
    const extended = (flags & 0x4000) !== 0;
    if (extended && version < 3) return undefined;
    let at = pos + flagsAt + 2 + (extended ? 2 : 0);
    let path: string;
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
      path = pathOf(previous, 0, previous.length);
      pos = end + 1;
    } else {
      const end = buf.indexOf(0, at);
      if (end < 0) return undefined;
      path = pathOf(buf, at, end);
      // The entry, NUL included, padded to a multiple of 8 bytes from its start.
      pos += (end + 1 - pos + 7) & ~7;
    }
    if (path === '') return undefined;
    // Stages 1–3 of a conflict repeat the same path one after the other.
    if (path !== last) paths.push(path);
    last = path;
  }
  // Extensions: a split index keeps most entries in another file; a sparse index stands folders for files.
  while (pos + 8 <= buf.length - hashBytes) {
    const signature = buf.toString('latin1', pos, pos + 4);
    if (signature === 'link' || signature === 'sdir') return undefined;
    pos += 8 + buf.readUInt32BE(pos + 4);
  }
  return paths;
}
