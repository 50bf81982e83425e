// Pure parsers of git's machine-readable output. No I/O, so they can be tested with any input.
// Every listing is requested with -z: paths arrive as raw bytes, unquoted, NUL-terminated,
// whatever they contain (spaces, quotes, newlines, leading dashes, non-ASCII).

const decoder = new TextDecoder('utf-8');

/** Split NUL-terminated records. A trailing NUL does not make an empty last record. */
export function splitNul(out: Buffer | Uint8Array): string[] {
  const records: string[] = [];
  let start = 0;
  for (let i = 0; i < out.length; i++) {
    if (out[i] === 0) {
      records.push(decoder.decode(out.subarray(start, i)));
      start = i + 1;
    }
  }
  if (start < out.length) records.push(decoder.decode(out.subarray(start)));
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
    const path = decoder.decode(buf.subarray(pos, nul));
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
