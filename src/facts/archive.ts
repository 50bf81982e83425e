// The names an archive holds, read from a bounded window of it, never the whole file: a zip's
// central directory sits at its end (the last ARCHIVE_WINDOW bytes hold the end record and, for
// all but huge archives, the whole directory); a tar's headers are spread through it, so the
// first ARCHIVE_WINDOW bytes give the first entries (for a .tar.gz, what those bytes inflate to,
// itself bounded). Enough to tell `node_modules.zip` or `venv.tar.gz` from a zip of documents;
// formats with no directory readable this way (7z, rar, xz, bzip2) are not listed.
//
// Formats: PKWARE APPNOTE.TXT 4.3.12 (central directory header, signature 0x02014b50) and 4.3.16
// (end of central directory, 0x06054b50); POSIX ustar (pax) headers and GNU long names (`L`).
import { zlib } from '../builtins.js';

/** How much of each end of an archive is read to list it. */
export const ARCHIVE_WINDOW = 64 * 1024;
/** A .tar.gz's first window inflates to at most this much (a tarball of zeros compresses 1000:1). */
const INFLATED_LIMIT = 1024 * 1024;
/** Names kept from one listing: enough to recognise what it holds. */
const MAX_NAMES = 4000;

export interface Listing {
  format: 'zip' | 'tar';
  /** Entry names as the archive spells them (`/`-separated; folders end with `/`). */
  names: string[];
}

/** What was read of a file: its first and last bytes (the same bytes when it is small) and its size. */
export interface Ends {
  head: Buffer;
  tail: Buffer;
  size: number;
}

const ZIP_LOCAL = 0x04034b50;
const ZIP_CENTRAL = 0x02014b50;
const ZIP_END = 0x06054b50;

/** Names from every central directory header found in the tail (a partial directory still names entries). */
export function zipNames(tail: Buffer): string[] {
  const names: string[] = [];
  let end = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === ZIP_END) {
      end = i;
      break;
    }
  }
  if (end < 0) return names;
  // Walk headers from the first signature the window holds; each header says its own length.
  let at = tail.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  while (at >= 0 && at + 46 <= end && names.length < MAX_NAMES) {
    if (tail.readUInt32LE(at) !== ZIP_CENTRAL) {
      at = tail.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 1);
      continue;
    }
    const nameLength = tail.readUInt16LE(at + 28);
    const extraLength = tail.readUInt16LE(at + 30);
    const commentLength = tail.readUInt16LE(at + 32);
    if (at + 46 + nameLength > end) break;
    names.push(tail.subarray(at + 46, at + 46 + nameLength).toString('utf8').replace(/\\/g, '/'));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

const octal = (b: Buffer): number => Number.parseInt(b.toString('latin1').replace(/[\0 ]+$/g, '').trim() || '0', 8);
const cString = (b: Buffer): string => {
  const nul = b.indexOf(0);
  return (nul < 0 ? b : b.subarray(0, nul)).toString('utf8');
};

/** Names from the tar headers the buffer holds, in order, until it ends or a header is not one. */
export function tarNames(buf: Buffer): string[] {
  const names: string[] = [];
  let at = 0;
  let longName: string | undefined;
  while (at + 512 <= buf.length && names.length < MAX_NAMES) {
    const header = buf.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    if (!validTarChecksum(header)) break;
    const type = String.fromCharCode(header[156] ?? 0);
    const size = octal(header.subarray(124, 136));
    const body = buf.subarray(at + 512, at + 512 + size);
    if (type === 'L') longName = cString(body);
    else if (type === 'x') {
      const path = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString('utf8'))?.[1];
      if (path) longName = path;
    } else if (type !== 'g') {
      const prefix = header.subarray(257, 262).toString('latin1') === 'ustar' ? cString(header.subarray(345, 500)) : '';
      const name = cString(header.subarray(0, 100));
      names.push(longName ?? (prefix ? `${prefix}/${name}` : name));
      longName = undefined;
    }
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return names;
}

/** A tar header's checksum: the sum of its bytes with the checksum field read as spaces. */
function validTarChecksum(header: Buffer): boolean {
  const stored = octal(header.subarray(148, 156));
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : (header[i] ?? 0);
  return sum === stored;
}

/** Inflate what a gzip stream's first bytes hold, stopping at INFLATED_LIMIT. */
function gunzipStart(head: Buffer): Buffer | undefined {
  const z = zlib();
  // Z_SYNC_FLUSH: a cut-off stream gives what it has instead of an error. An input that would
  // inflate past the limit is retried shorter rather than inflated whole.
  for (let input = head; ; input = input.subarray(0, input.length >> 2)) {
    try {
      return z.gunzipSync(input, { finishFlush: z.constants.Z_SYNC_FLUSH, maxOutputLength: INFLATED_LIMIT });
    } catch {
      // over the limit, or not gzip after all
    }
    if (input.length < 2048) return undefined;
  }
}

/** The entries of a zip, tar or tar.gz from its ends; undefined for anything else. */
export function listArchive(ends: Ends): Listing | undefined {
  const { head, tail } = ends;
  if (head.length >= 4 && head.readUInt32LE(0) === ZIP_LOCAL) return { format: 'zip', names: zipNames(tail) };
  // An empty zip is its end record alone.
  if (head.length >= 4 && head.readUInt32LE(0) === ZIP_END) return { format: 'zip', names: [] };
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    const tar = gunzipStart(head);
    return tar && tar.length >= 512 && tar.subarray(257, 262).toString('latin1') === 'ustar' ? { format: 'tar', names: tarNames(tar) } : undefined;
  }
  if (head.length >= 512 && head.subarray(257, 262).toString('latin1') === 'ustar') return { format: 'tar', names: tarNames(head) };
  return undefined;
}
