// Pure parsers of git's machine-readable output. No I/O, so they can be tested with any input.
// Every listing is requested with -z: paths arrive as raw bytes, unquoted, NUL-terminated,
// whatever they contain (spaces, quotes, newlines, leading dashes, non-ASCII).

import { isUtf8 } from 'node:buffer';

// ignoreBOM keeps a leading U+FEFF: in a path it is part of the name, not a byte-order mark.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Decode a path git printed as raw bytes. Git stores names as bytes, and not all are UTF-8: a byte
 * that is not part of a valid UTF-8 sequence becomes the lone surrogate U+DC80–U+DCFF (Python's
 * "surrogateescape", PEP 383) instead of U+FFFD, so no information is lost and encodePath() gives
 * git and the file system the exact bytes back. Valid UTF-8 never decodes to a lone surrogate.
 */
export function decodePath(bytes: Uint8Array): string {
  if (isUtf8(bytes)) return decoder.decode(bytes);
  let s = '';
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] ?? 0;
    const n = b >= 0xf0 && b <= 0xf4 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 ? 2 : 1;
    if (b < 0x80) {
      s += String.fromCharCode(b);
      i++;
    } else if (n > 1 && i + n <= bytes.length && isUtf8(bytes.subarray(i, i + n))) {
      s += decoder.decode(bytes.subarray(i, i + n));
      i += n;
    } else {
      s += String.fromCharCode(0xdc00 + b);
      i++;
    }
  }
  return s;
}

const ESCAPED_BYTE = /[\udc80-\udcff]/u;

/** The bytes of a path decoded by decodePath(): what to give the file system or git's stdin. */
export function encodePath(path: string): Buffer {
  if (!ESCAPED_BYTE.test(path)) return Buffer.from(path, 'utf8');
  const parts: Buffer[] = [];
  for (const ch of path) {
    const cp = ch.codePointAt(0) ?? 0;
    parts.push(cp >= 0xdc80 && cp <= 0xdcff ? Buffer.of(cp - 0xdc00) : Buffer.from(ch, 'utf8'));
  }
  return Buffer.concat(parts);
}

/** Split NUL-terminated records. A trailing NUL does not make an empty last record. */
export function splitNul(out: Buffer | Uint8Array): string[] {
  const records: string[] = [];
  // Checked once for the whole output: the usual all-UTF-8 case decodes each record directly.
  const decode = isUtf8(out) ? (b: Uint8Array) => decoder.decode(b) : decodePath;
  let start = 0;
  for (let i = 0; i < out.length; i++) {
    if (out[i] === 0) {
      records.push(decode(out.subarray(start, i)));
      start = i + 1;
    }
  }
  if (start < out.length) records.push(decode(out.subarray(start)));
  return records;
}

export interface RawDiffEntry {
  srcMode: string;
  dstMode: string;
  srcOid: string;
  dstOid: string;
  /** A, M, D, R, C, T, U, X — without the similarity score. */
  status: string;
  path: string;
  /** For renames and copies: the source path. */
  from?: string;
}

/**
 * `git diff --raw -z --no-abbrev`. Each entry is
 *   `:100644 100644 <src-oid> <dst-oid> M` NUL `path` NUL
 * and renames/copies carry two paths:
 *   `:100644 100644 <src-oid> <dst-oid> R086` NUL `old` NUL `new` NUL
 */
export function parseDiffRaw(out: Buffer | Uint8Array): RawDiffEntry[] {
  const fields = splitNul(out);
  const entries: RawDiffEntry[] = [];
  for (let i = 0; i < fields.length; ) {
    const header = fields[i++] ?? '';
    if (!header.startsWith(':')) continue;
    const [srcMode = '', dstMode = '', srcOid = '', dstOid = '', statusField = ''] = header.slice(1).split(' ');
    const status = statusField.charAt(0);
    if (status === 'R' || status === 'C') {
      const from = fields[i++] ?? '';
      const path = fields[i++] ?? '';
      entries.push({ srcMode, dstMode, srcOid, dstOid, status, path, from });
    } else {
      const path = fields[i++] ?? '';
      entries.push({ srcMode, dstMode, srcOid, dstOid, status, path });
    }
  }
  return entries;
}

export interface StageEntry {
  mode: string;
  oid: string;
  stage: number;
  path: string;
}

/** `git ls-files --stage -z`: `<mode> <oid> <stage>` TAB `path` NUL. */
export function parseLsFilesStage(out: Buffer | Uint8Array): StageEntry[] {
  return splitNul(out).flatMap((record) => {
    const tab = record.indexOf('\t');
    if (tab < 0) return [];
    const [mode = '', oid = '', stage = '0'] = record.slice(0, tab).split(' ');
    return [{ mode, oid, stage: Number(stage), path: record.slice(tab + 1) }];
  });
}

/**
 * `git ls-files -z --debug`: each path is NUL-terminated and followed by newline-terminated
 * debug lines, the last of which is `  size: <n>\tflags: <hex>`. The size is the one recorded
 * in the index when the file was staged: no object has to be read to know it.
 */
export function parseLsFilesDebug(out: Buffer | Uint8Array): Map<string, number> {
  const sizes = new Map<string, number>();
  const buf = Buffer.from(out.buffer, out.byteOffset, out.byteLength);
  let pos = 0;
  while (pos < buf.length) {
    const nul = buf.indexOf(0, pos);
    if (nul < 0) break;
    const path = decodePath(buf.subarray(pos, nul));
    const flagsAt = buf.indexOf('\tflags: ', nul);
    if (flagsAt < 0) break;
    const lineEnd = buf.indexOf(10, flagsAt);
    const sizeAt = buf.lastIndexOf('size: ', flagsAt);
    sizes.set(path, Number(buf.subarray(sizeAt + 6, flagsAt).toString('latin1')));
    pos = lineEnd < 0 ? buf.length : lineEnd + 1;
  }
  return sizes;
}

/** `git cat-file --batch-check='%(objectname) %(objectsize)'`: one line per object. */
export function parseBatchCheck(out: string): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const line of out.split('\n')) {
    const [oid, size] = line.split(' ');
    if (oid && size && size !== 'missing') sizes.set(oid, Number(size));
  }
  return sizes;
}

/**
 * Staged files up to this size have their first bytes read from the object store; a larger one
 * from the work tree when its stat data shows it is the staged content (src/facts/sniff.ts), which needs the
 * index's stat data of the large entries (kept when a bulk add's index is read whole: index-file.ts).
 */
export const SMALL_BLOB = 64 * 1024;

/** An index entry's stat data, as `git ls-files --debug` prints it. */
export interface IndexStat {
  mtimeSec: bigint;
  mtimeNsec: bigint;
  ino: bigint;
  size: bigint;
}

/**
 * `git ls-files -z --debug` prints each path, a NUL, then stat lines:
 *   `  ctime: 1795606575:958348534\n  mtime: 1795606575:958348534\n  dev: 65024\tino: 2705787\n
 *    uid: 0\tgid: 0\n  size: 2\tflags: 0\n`
 */
export function parseIndexStats(out: Buffer): Map<string, IndexStat> {
  const stats = new Map<string, IndexStat>();
  const text = out.toString('latin1');
  let pos = 0;
  while (pos < text.length) {
    const nul = text.indexOf('\0', pos);
    if (nul < 0) break;
    const path = decodePath(Buffer.from(text.slice(pos, nul), 'latin1'));
    const end = text.indexOf('flags: ', nul);
    const lineEnd = end < 0 ? -1 : text.indexOf('\n', end);
    const block = text.slice(nul + 1, lineEnd < 0 ? text.length : lineEnd);
    const m = /mtime: (\d+):(\d+)[\s\S]*?ino: (\d+)[\s\S]*?size: (\d+)/.exec(block);
    if (m) stats.set(path, { mtimeSec: BigInt(m[1] ?? 0), mtimeNsec: BigInt(m[2] ?? 0), ino: BigInt(m[3] ?? 0), size: BigInt(m[4] ?? 0) });
    pos = lineEnd < 0 ? text.length : lineEnd + 1;
  }
  return stats;
}
