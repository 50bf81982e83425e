// What rules may know beyond names, modes and sizes: the first bytes of a file, its `filter`
// attribute (Git LFS), the paths `.gitmodules` registers, and index paths that differ only in
// case. Rules say what they need in `needs()` (candidates only, chosen by name, extension or
// size); gatherProbe() answers every rule at once, then the rules run synchronously on the answers.
// Doing the I/O in one pass before the rules, rather than letting each rule read, is what keeps
// it bounded: each file is read at most once, one `git cat-file --batch` serves every small
// staged blob, and an ordinary commit (no candidates) spawns nothing and opens nothing.
//
// Where the first bytes come from:
// - untracked files: the work tree, opened O_NOFOLLOW|O_NONBLOCK and checked with fstat, so a
//   symlink is never followed and a FIFO or device is never read; at most HEAD_BYTES are read.
// - staged blobs up to SMALL_BLOB: one `git cat-file --batch` fed their object names (it prints
//   whole objects, so only small ones go there; the parser keeps HEAD_BYTES of each).
// - larger staged blobs: the work-tree file when its stat data matches the index entry (what git
//   itself trusts; not when "racily clean"), else `git cat-file blob`, whose output git streams,
//   stopped after HEAD_BYTES.
// An archive's entry names (Needs.archives) come the same ways from its two ends, ARCHIVE_WINDOW
// each (src/facts/archive.ts): a zip's central directory is at its end, a tarball's headers at its start.
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ARCHIVE_WINDOW, type Ends, listArchive } from './archive.js';
import { fsPromises } from '../builtins.js';
import { lowerCase } from '../text.js';
import { indexFileOf, readIndexPaths } from '../git/index-file.js';
import { FoldedIndexPaths } from '../git/listing.js';
import { readIgnoredBy, readInHead } from './ignored.js';
import { gitProcess, gitZ } from '../git/run.js';
import { CAT_FILE_BATCH, CHECK_ATTR_FILTER } from '../git/read.js';
import type { ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { encodePath, type IndexStat, parseIndexStats, SMALL_BLOB, splitNul } from '../git/parse.js';
import type { FileFact, IgnoreLine, Needs, Probe } from '../model.js';

export const HEAD_BYTES = 4096;
/**
 * Whole text files read for a rule that must see all of a file (conflict markers can sit
 * anywhere): each up to 1 MiB — source files are far smaller; a larger text is generated data or
 * a bundle, not something a person resolved a conflict in — and TEXT_BUDGET in all, so a commit
 * of many big files costs a bounded read, not one of everything staged.
 */
export const TEXT_BYTES = 1024 * 1024;
export const TEXT_BUDGET = 32 * 1024 * 1024;
/** Files opened at once, and `git cat-file blob` processes at once. */
const FILE_CONCURRENCY = 8;
const PROCESS_CONCURRENCY = 2;
/** Up to this many paths are named as pathspecs (`:(literal)`, `:(icase)`); beyond, the whole index is listed. */
const PATHSPEC_LIMIT = 64;

/** The part of Repo this module uses. */
export interface ProbeRepo {
  root: string;
  gitDir: string;
  env: NodeJS.ProcessEnv;
  /** The commit the change is compared with (HEAD, or a range's base), for `inHead`. */
  head?: string | undefined;
}

interface ProbeData {
  heads: Map<string, Buffer>;
  lfs: Set<string>;
  submodules: Set<string>;
  twins: Spellings;
  entries: Map<string, string[]>;
  texts?: Map<string, Buffer>;
  ignored?: Map<string, IgnoreLine>;
  inHead?: Set<string>;
}

/** Paths by their lower-case form: one spelling (nearly always), or several. */
type Spellings = Map<string, string | string[]>;

function addSpelling(spellings: Spellings, key: string, path: string): void {
  const had = spellings.get(key);
  if (had === undefined) spellings.set(key, path);
  else if (typeof had === 'string') {
    if (had !== path) spellings.set(key, [had, path]);
  } else if (!had.includes(path)) had.push(path);
}

function probeOf(data: ProbeData): Probe {
  return {
    head: (path) => data.heads.get(path),
    lfs: (path) => data.lfs.has(path),
    submodules: () => data.submodules,
    caseTwins: (path) => {
      const had = data.twins.get(lowerCase(path));
      // Usually the index holds the path itself and nothing else.
      if (had === undefined) return [];
      if (typeof had === 'string') return had === path ? [] : [had];
      return had.filter((p) => p !== path);
    },
    entries: (path) => data.entries.get(path),
    text: (path) => data.texts?.get(path),
    ignoredBy: (path) => data.ignored?.get(path),
    inHead: (path) => data.inHead?.has(path) ?? false,
  };
}

/** A probe that knows nothing: no file was read. */
export function emptyProbe(): Probe {
  return probeOf({ heads: new Map(), lfs: new Set(), submodules: new Set(), twins: new Map(), entries: new Map() });
}

/** A probe over given answers (tests and the catalogue examples, which have no repository). */
export function probeFrom(answers: {
  heads?: Map<string, Buffer>;
  lfs?: Iterable<string>;
  submodules?: Iterable<string>;
  index?: Iterable<string>;
  entries?: Map<string, string[]>;
  texts?: Map<string, Buffer>;
  ignored?: Map<string, IgnoreLine>;
  inHead?: Iterable<string>;
}): Probe {
  const twins: Spellings = new Map();
  for (const p of answers.index ?? []) addSpelling(twins, p.toLowerCase(), p);
  return probeOf({
    heads: answers.heads ?? new Map(),
    lfs: new Set(answers.lfs ?? []),
    submodules: new Set(answers.submodules ?? []),
    twins,
    entries: answers.entries ?? new Map(),
    texts: answers.texts ?? new Map(),
    ignored: answers.ignored ?? new Map(),
    inHead: new Set(answers.inHead ?? []),
  });
}

/**
 * What the caller has already read for the staged files' sizes: after a bulk add, listing the
 * index's sizes, every index path and the stat data of the entries larger than SMALL_BLOB; on an
 * ordinary commit, the index file itself.
 */
export interface KnownAnswers {
  indexPaths?: Iterable<string>;
  /** The index file's bytes, when they were read for an ordinary commit's sizes. */
  indexFile?: Buffer;
  largeStats?: ReadonlyMap<string, IndexStat>;
}

/** Answer every rule's needs in one pass. */
export async function gatherProbe(repo: ProbeRepo, needs: Needs[], known: KnownAnswers = {}): Promise<Probe> {
  const heads = new Map<string, FileFact>();
  const lfs = new Map<string, FileFact>();
  const twins = new Map<string, FileFact>();
  const archives = new Map<string, FileFact>();
  const texts = new Map<string, FileFact>();
  const ignored = new Map<string, FileFact>();
  const inHead = new Set<string>();
  let gitmodules = false;
  const files = new Set<string>();
  // (forEach, not for…of: see src/facts/inventory.ts. After a bulk add these are tens of thousands of files.)
  for (const n of needs) {
    n.heads?.forEach((f) => heads.set(f.path, f));
    n.files?.forEach((p) => files.add(p));
    n.lfs?.forEach((f) => lfs.set(f.path, f));
    n.caseTwins?.forEach((f) => twins.set(f.path, f));
    n.archives?.forEach((f) => archives.set(f.path, f));
    n.texts?.forEach((f) => texts.set(f.path, f));
    n.ignored?.forEach((f) => ignored.set(f.path, f));
    n.inHead?.forEach((p) => inHead.add(p));
    gitmodules ||= Boolean(n.gitmodules);
  }
  heads.forEach((_, p) => files.delete(p));
  if (heads.size === 0 && files.size === 0 && lfs.size === 0 && twins.size === 0 && archives.size === 0 && !gitmodules && texts.size === 0 && ignored.size === 0 && inHead.size === 0) return emptyProbe();
  const [h, l, s, t, e, x, ig, ih] = await Promise.all([
    readHeads(repo, [...heads.values()], [...files], known.largeStats),
    lfs.size ? readLfs(repo, [...lfs.keys()]) : new Set<string>(),
    gitmodules ? readSubmodulePaths(repo) : new Set<string>(),
    twins.size ? caseTwinsOf(repo, [...twins.values()], known) : new Map<string, string>(),
    archives.size ? readListings(repo, [...archives.values()], known.largeStats) : new Map<string, string[]>(),
    texts.size ? readTexts(repo, [...texts.values()]) : new Map<string, Buffer>(),
    ignored.size ? readIgnoredBy(repo, [...ignored.keys()]) : new Map<string, IgnoreLine>(),
    inHead.size ? readInHead(repo, repo.head, [...inHead]) : new Set<string>(),
  ]);
  return probeOf({ heads: h, lfs: l, submodules: s, twins: t, entries: e, texts: x, ignored: ig, inHead: ih });
}

/**
 * Whole text files (up to TEXT_BYTES each, TEXT_BUDGET in all). A staged file is read from the
 * work tree when the copy there has the staged size: that is, but for a same-length edit made
 * after `git add`, the staged content — and no same-length edit adds or removes a conflict block,
 * whose three marker lines change a file's length. So an ordinary commit reads a few small files
 * and starts no process. The others (partly staged files, a range's blobs) come from one
 * `git cat-file --batch`. Binary files (a NUL byte) are dropped.
 */
async function readTexts(repo: ProbeRepo, facts: FileFact[]): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  let budget = TEXT_BUDGET;
  const wanted = facts.filter((f) => {
    if (f.mode === '120000' || f.mode === '160000' || f.size > TEXT_BYTES || f.size > budget) return false;
    budget -= f.size;
    return true;
  });
  const fromBlob: FileFact[] = [];
  for (const f of wanted) {
    if (f.origin === 'range') {
      fromBlob.push(f);
      continue;
    }
    const text = readWholeFileSync(encodePath(join(repo.root, f.path)), TEXT_BYTES);
    if (text && (!f.oid || text.length === f.size)) out.set(f.path, text);
    else if (f.oid) fromBlob.push(f);
  }
  if (fromBlob.length) await batchHeads(repo, fromBlob, out, TEXT_BYTES);
  for (const [p, b] of out) if (isBinary(b)) out.delete(p);
  return out;
}

/** Run `fn` over items, at most `limit` at a time. */
async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * A small work-tree file read synchronously (the few files an ordinary commit changes: no
 * fs/promises to load, no event-loop round trips), with readFileHead's care: no symlink
 * followed, no FIFO waited on, only a regular file, at most `limit` bytes.
 */
function readWholeFileSync(path: Buffer, limit: number): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return undefined;
    const buf = Buffer.alloc(Math.min(limit, st.size));
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, got);
      if (n === 0) break;
      got += n;
    }
    return buf.subarray(0, got);
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** First bytes of a work-tree file; undefined unless it is a regular file that can be opened. */
export async function readFileHead(path: string | Buffer, bytes = HEAD_BYTES): Promise<Buffer | undefined> {
  let fh;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses it.
    // fs/promises (and the readline it loads) only when a file is read: not on an ordinary commit.
    const { open } = fsPromises();
    fh = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) return undefined;
    const buf = Buffer.alloc(Math.min(bytes, st.size));
    let got = 0;
    while (got < buf.length) {
      const { bytesRead } = await fh.read(buf, got, buf.length - got, got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return buf.subarray(0, got);
  } catch {
    return undefined;
  } finally {
    await fh.close();
  }
}

async function readHeads(repo: ProbeRepo, facts: FileFact[], files: string[], largeStats?: ReadonlyMap<string, IndexStat>): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  if (facts.length === 0 && files.length === 0) return out;
  const untracked: FileFact[] = [];
  const small: FileFact[] = [];
  const large: FileFact[] = [];
  facts.forEach((f) => {
    if (f.mode === '120000' || f.mode === '160000') return;
    if (!f.oid) untracked.push(f);
    else if (f.size <= SMALL_BLOB) small.push(f);
    else large.push(f);
  });
  const fromWorkTree = async (f: FileFact): Promise<void> => {
    const head = await readFileHead(encodePath(join(repo.root, f.path)));
    if (head) out.set(f.path, head);
  };
  const largeFromBlob: FileFact[] = [];
  const largeFromTree = large.length ? await matchingWorkTreeFiles(repo, large, largeStats) : new Set<string>();
  for (const f of large) if (!largeFromTree.has(f.path)) largeFromBlob.push(f);
  const plain = files.map((path) => ({ path }) as FileFact);
  await Promise.all([
    pool([...untracked, ...plain, ...large.filter((f) => largeFromTree.has(f.path))], FILE_CONCURRENCY, fromWorkTree),
    small.length ? batchHeads(repo, small, out) : Promise.resolve(),
    pool(largeFromBlob, PROCESS_CONCURRENCY, async (f) => {
      const head = await streamBlobHead(repo, f.oid);
      if (head) out.set(f.path, head);
    }),
  ]);
  return out;
}

/**
 * `git cat-file --batch`, fed object names, prints for each `<oid> <type> <size>\n<content>\n`
 * (or `<oid> missing\n`). Parsed as it streams, keeping `keepBytes` of each object (HEAD_BYTES; a
 * whole small archive when its entries are listed).
 */
async function batchHeads(repo: ProbeRepo, facts: FileFact[], out: Map<string, Buffer>, keepBytes = HEAD_BYTES): Promise<void> {
  const byOid = new Map<string, string[]>();
  facts.forEach((f) => {
    const paths = byOid.get(f.oid);
    if (paths) paths.push(f.path);
    else byOid.set(f.oid, [f.path]);
  });
  await new Promise<void>((resolve, reject) => {
    const child = gitProcess(repo.root, CAT_FILE_BATCH, { env: repo.env, stdin: true }) as ChildProcessByStdio<Writable, Readable, null>;
    let pending = Buffer.alloc(0);
    let current: { oid: string; size: number; seen: number; parts: Buffer[] } | undefined;
    const finish = (c: NonNullable<typeof current>): void => {
      const head = Buffer.concat(c.parts).subarray(0, keepBytes);
      for (const p of byOid.get(c.oid) ?? []) out.set(p, head);
    };
    child.stdout.on('data', (chunk: Buffer) => {
      let buf = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      pending = Buffer.alloc(0);
      while (buf.length > 0) {
        if (current) {
          // Content, then the newline that ends it.
          const want = current.size + 1 - current.seen;
          const take = buf.subarray(0, Math.min(want, buf.length));
          const keep = Math.max(0, Math.min(take.length, Math.min(keepBytes, current.size) - current.seen));
          if (keep > 0) current.parts.push(Buffer.from(take.subarray(0, keep)));
          current.seen += take.length;
          buf = buf.subarray(take.length);
          if (current.seen === current.size + 1) {
            finish(current);
            current = undefined;
          }
          continue;
        }
        const nl = buf.indexOf(10);
        if (nl < 0) {
          pending = Buffer.from(buf);
          break;
        }
        const [oid = '', type = '', size = ''] = buf.subarray(0, nl).toString('latin1').split(' ');
        buf = buf.subarray(nl + 1);
        if (type !== 'missing' && size !== '') current = { oid, size: Number(size), seen: 0, parts: [] };
      }
    });
    child.on('error', reject);
    child.stdin.on('error', () => {});
    child.on('close', () => resolve());
    child.stdin.end(`${[...byOid.keys()].join('\n')}\n`);
  });
}

/** The first bytes of one blob: `git cat-file blob` streams it; stop it once we have enough. */
function streamBlobHead(repo: ProbeRepo, oid: string): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const child = gitProcess(repo.root, ['cat-file', 'blob', oid], { env: repo.env }) as ChildProcessByStdio<null, Readable, null>;
    const parts: Buffer[] = [];
    let got = 0;
    let done = false;
    const end = (): void => {
      if (done) return;
      done = true;
      resolve(got > 0 ? Buffer.concat(parts).subarray(0, HEAD_BYTES) : undefined);
    };
    child.stdout.on('data', (b: Buffer) => {
      parts.push(b);
      got += b.length;
      if (got >= HEAD_BYTES) {
        end();
        child.kill();
      }
    });
    child.on('error', end);
    child.on('close', end);
  });
}

/** A staged blob larger than this is not streamed through for its tail: only its first bytes are listed. */
const STREAM_TAIL_LIMIT = 32 * 1024 * 1024;

/**
 * The entry names of archives (src/facts/archive.ts), each read at its two ends only: small staged blobs
 * whole from `git cat-file --batch` (they fit in one window), the rest from the work tree when it
 * holds the staged content, else streamed from git (up to STREAM_TAIL_LIMIT, beyond it the head).
 */
async function readListings(repo: ProbeRepo, facts: FileFact[], largeStats?: ReadonlyMap<string, IndexStat>): Promise<Map<string, string[]>> {
  const ends = new Map<string, Ends>();
  const fromTree: FileFact[] = [];
  const small: FileFact[] = [];
  const large: FileFact[] = [];
  facts.forEach((f) => {
    if (f.mode === '120000' || f.mode === '160000') return;
    if (!f.oid) fromTree.push(f);
    else if (f.size <= SMALL_BLOB) small.push(f);
    else large.push(f);
  });
  const matching = large.length ? await matchingWorkTreeFiles(repo, large, largeStats) : new Set<string>();
  const fromBlob = large.filter((f) => !matching.has(f.path));
  fromTree.push(...large.filter((f) => matching.has(f.path)));
  const whole = new Map<string, Buffer>();
  await Promise.all([
    pool(fromTree, FILE_CONCURRENCY, async (f) => {
      const e = await readFileEnds(encodePath(join(repo.root, f.path)));
      if (e) ends.set(f.path, e);
    }),
    small.length ? batchHeads(repo, small, whole, SMALL_BLOB) : Promise.resolve(),
    pool(fromBlob, PROCESS_CONCURRENCY, async (f) => {
      const e = await streamBlobEnds(repo, f.oid, f.size <= STREAM_TAIL_LIMIT);
      if (e) ends.set(f.path, e);
    }),
  ]);
  whole.forEach((b, p) => ends.set(p, { head: b, tail: b, size: b.length }));
  const out = new Map<string, string[]>();
  ends.forEach((e, p) => {
    const listing = listArchive(e);
    if (listing) out.set(p, listing.names);
  });
  return out;
}

/** The first and last ARCHIVE_WINDOW bytes of a regular work-tree file (opened as readFileHead does). */
async function readFileEnds(path: Buffer): Promise<Ends | undefined> {
  let fh;
  try {
    fh = await fsPromises().open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) return undefined;
    const readAt = async (position: number, length: number): Promise<Buffer> => {
      const buf = Buffer.alloc(length);
      let got = 0;
      while (got < length) {
        const { bytesRead } = await fh.read(buf, got, length - got, position + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      return buf.subarray(0, got);
    };
    const head = await readAt(0, Math.min(ARCHIVE_WINDOW, st.size));
    const tail = st.size <= ARCHIVE_WINDOW ? head : await readAt(st.size - ARCHIVE_WINDOW, ARCHIVE_WINDOW);
    return { head, tail, size: st.size };
  } catch {
    return undefined;
  } finally {
    await fh.close();
  }
}

/** A blob's two ends from `git cat-file blob`: the first window, and (when `wholly`) the last, kept as it streams past. */
function streamBlobEnds(repo: ProbeRepo, oid: string, wholly: boolean): Promise<Ends | undefined> {
  return new Promise((resolve) => {
    const child = gitProcess(repo.root, ['cat-file', 'blob', oid], { env: repo.env }) as ChildProcessByStdio<null, Readable, null>;
    const headParts: Buffer[] = [];
    let headBytes = 0;
    let tail = Buffer.alloc(0);
    let size = 0;
    let done = false;
    const end = (): void => {
      if (done) return;
      done = true;
      const head = Buffer.concat(headParts);
      resolve(size > 0 ? { head, tail: wholly ? tail : Buffer.alloc(0), size } : undefined);
    };
    child.stdout.on('data', (b: Buffer) => {
      size += b.length;
      if (headBytes < ARCHIVE_WINDOW) {
        const part = b.subarray(0, ARCHIVE_WINDOW - headBytes);
        headParts.push(Buffer.from(part));
        headBytes += part.length;
      }
      if (!wholly) {
        if (headBytes >= ARCHIVE_WINDOW) {
          end();
          child.kill();
        }
        return;
      }
      tail = Buffer.concat([tail, b]);
      if (tail.length > ARCHIVE_WINDOW) tail = Buffer.from(tail.subarray(tail.length - ARCHIVE_WINDOW));
    });
    child.on('error', end);
    child.on('close', end);
  });
}

/**
 * Staged files whose work-tree copy is, by git's own test, the staged content: the index entry's
 * stat data (mtime, inode, size) matches and the file is not "racily clean" (modified in the same
 * instant the index was written, when equal stat data proves nothing).
 */
async function matchingWorkTreeFiles(repo: ProbeRepo, facts: FileFact[], known?: ReadonlyMap<string, IndexStat>): Promise<Set<string>> {
  const staged = facts.filter((f) => f.origin === 'staged');
  const matching = new Set<string>();
  if (staged.length === 0) return matching;
  const indexFile = indexFileOf(repo);
  let indexMtimeNs: bigint;
  try {
    indexMtimeNs = statSync(indexFile, { bigint: true }).mtimeNs;
  } catch {
    return matching;
  }
  // After a bulk add the index's listing kept the stat data of its large entries: no second listing.
  let stats = known && staged.every((f) => known.has(f.path)) ? known : undefined;
  if (!stats) {
    const args = ['ls-files', '-z', '--debug'];
    if (staged.length <= PATHSPEC_LIMIT) args.push('--', ...staged.map((f) => `:(literal)${f.path}`));
    const r = await gitZ(repo.root, args, { env: repo.env, allowFail: true });
    if (r.code !== 0) return matching;
    stats = parseIndexStats(r.stdout);
  }
  for (const f of staged) {
    const s = stats.get(f.path);
    if (!s) continue;
    try {
      const st = lstatSync(encodePath(join(repo.root, f.path)), { bigint: true });
      const mtimeNs = s.mtimeSec * 1_000_000_000n + s.mtimeNsec;
      if (st.isFile() && st.size === s.size && st.ino === s.ino && st.mtimeNs === mtimeNs && st.mtimeNs < indexMtimeNs) matching.add(f.path);
    } catch {
      // gone from the work tree: read the blob instead
    }
  }
  return matching;
}

/** `git check-attr -z --stdin filter` prints `path NUL filter NUL value NUL` for each path. */
async function readLfs(repo: ProbeRepo, paths: string[]): Promise<Set<string>> {
  const r = await gitZ(repo.root, CHECK_ATTR_FILTER, { env: repo.env, stdin: Buffer.concat(paths.map((p) => Buffer.concat([encodePath(p), Buffer.of(0)]))), allowFail: true });
  const fields = splitNul(r.stdout);
  const lfs = new Set<string>();
  for (let i = 0; i + 2 < fields.length; i += 3) if (fields[i + 2] === 'lfs') lfs.add(fields[i] ?? '');
  return lfs;
}

/** `git config -z --get-regexp` prints `key\nvalue NUL`; submodule paths from the index's and the work tree's `.gitmodules`. */
async function readSubmodulePaths(repo: ProbeRepo): Promise<Set<string>> {
  const query = ['--get-regexp', '^submodule\\..*\\.path$'];
  const [staged, tree] = await Promise.all([
    gitZ(repo.root, ['config', '-z', '--blob', ':.gitmodules', ...query], { env: repo.env, allowFail: true }),
    gitZ(repo.root, ['config', '-z', '--file', join(repo.root, '.gitmodules'), ...query], { env: repo.env, allowFail: true }),
  ]);
  const paths = new Set<string>();
  for (const r of [staged, tree]) {
    if (r.code !== 0) continue;
    for (const record of splitNul(r.stdout)) {
      const nl = record.indexOf('\n');
      if (nl >= 0) paths.add(record.slice(nl + 1).replace(/\/+$/, ''));
    }
  }
  return paths;
}

/**
 * Case twins of `paths` (new staged paths, whose object names tell the hash's length): from the
 * index paths the caller listed already (after a bulk add), else from the index file itself,
 * else from git.
 */
async function caseTwinsOf(repo: ProbeRepo, facts: FileFact[], known: KnownAnswers): Promise<Spellings> {
  const paths = facts.map((f) => f.path);
  const hashBytes = facts.some((f) => f.oid.length === 64) ? 32 : 20;
  const index = known.indexPaths ?? readIndexPaths(known.indexFile ?? indexFileOf(repo), hashBytes, new Set(paths.map(lowerCase)));
  return readCaseTwins(repo, paths, index);
}

/**
 * Index paths other than `paths` themselves that equal one of them ignoring case, keyed by lower
 * case; from `git ls-files` with `:(icase)` pathspecs, or from the whole index.
 */
export async function readCaseTwins(repo: ProbeRepo, paths: string[], indexPaths?: Iterable<string>): Promise<Spellings> {
  const keys = paths.map(lowerCase);
  // The lower cases that differ from the path asked about.
  const changedKeys = new Set<string>();
  for (let i = 0; i < paths.length; i++) if (keys[i] !== paths[i]) changedKeys.add(keys[i] as string);
  // The index paths that may be twins, in index order. A path lower-casing leaves alone is its
  // own key: no path asked about has that key unless it is that path, or lower-casing changes
  // it (the key is in changedKeys). After a bulk add that leaves a few of 100,000 paths, and
  // only their keys are looked up below.
  const candidates: string[] = [];
  const keep = (p: string): void => {
    const key = lowerCase(p);
    if (key !== p || changedKeys.has(key)) candidates.push(p);
  };
  if (indexPaths) {
    // The index's paths, when the caller has listed them already (after a bulk add it has).
    // (An array is stepped by index: see src/facts/inventory.ts.)
    if (Array.isArray(indexPaths)) for (let i = 0; i < indexPaths.length; i++) keep(indexPaths[i] as string);
    else if (indexPaths instanceof FoldedIndexPaths) {
      // The folded files' names are looked at as bytes: only those keep() would not pass over
      // become strings (FoldedFiles.eachCasePath).
      const { staged, folded, others } = indexPaths;
      for (let i = 0; i < staged.length; i++) keep(staged[i] as string);
      folded.eachCasePath(changedKeys, keep);
      for (let i = 0; i < others.length; i++) keep(others[i] as string);
    } else for (const p of indexPaths) keep(p);
  } else {
    const args = ['ls-files', '-z'];
    if (paths.length <= PATHSPEC_LIMIT) args.push('--', ...paths.map((p) => `:(icase,literal)${p}`));
    const r = await gitZ(repo.root, args, { env: repo.env, allowFail: true });
    if (r.code === 0) splitNul(r.stdout).forEach(keep);
  }
  const twins: Spellings = new Map();
  if (candidates.length === 0) return twins;
  // Each lower case of a candidate that a path asked about has, with the path (or paths, when
  // they are twins of each other) that has it: a path asked about is in the index itself (a
  // staged one) and is no twin of its own; twins among the paths asked about are the rule's to
  // see, it has them all.
  const candidateKeys = new Set(candidates.map(lowerCase));
  const wanted = new Map<string, string | Set<string>>();
  for (let i = 0; i < paths.length; i++) {
    const key = keys[i] as string;
    if (!candidateKeys.has(key)) continue;
    const p = paths[i] as string;
    const had = wanted.get(key);
    if (had === undefined) wanted.set(key, p);
    else if (typeof had === 'string') {
      if (had !== p) wanted.set(key, new Set([had, p]));
    } else had.add(p);
  }
  for (const p of candidates) {
    const key = lowerCase(p);
    const asked = wanted.get(key);
    if (asked === undefined || asked === p || (typeof asked !== 'string' && asked.has(p))) continue;
    addSpelling(twins, key, p);
  }
  return twins;
}

// ---------------------------------------------------------------------------------------------
// Recognising a file by its first bytes. Magic numbers from each format's specification (and
// file(1)'s magic database where formats share one: CAFEBABE is both a Java class and a Mach-O
// universal binary).

export type Kind =
  | 'sqlite'
  | 'sqlite-wal'
  | 'duckdb'
  | 'redis-rdb'
  | 'berkeley-db'
  | 'access'
  | 'ole'
  | 'elf-object'
  | 'elf-executable'
  | 'elf-shared'
  | 'elf-core'
  | 'pe'
  | 'mach-o'
  | 'java-class'
  | 'zip'
  | 'gzip'
  | 'bzip2'
  | 'xz'
  | 'zstd'
  | '7z'
  | 'rar'
  | 'tar'
  | 'minidump'
  | 'hprof'
  | 'v8-heap-snapshot'
  | 'private-key'
  | 'ar'
  | 'pkcs12'
  | 'java-keystore';

const startsWith = (b: Buffer, bytes: number[] | string, at = 0): boolean => {
  const want = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes);
  return b.length >= at + want.length && b.subarray(at, at + want.length).equals(want);
};

const PRIVATE_KEY = /-----BEGIN ((RSA|DSA|EC|OPENSSH|ENCRYPTED|ANY|PGP|SSH2) )?PRIVATE KEY( BLOCK)?-----|^---- BEGIN SSH2 (ENCRYPTED )?PRIVATE KEY ----|^PuTTY-User-Key-File-\d+:/m;

/** The offset just past a DER tag and its length at `at` (definite or indefinite), or -1. */
function derBody(b: Buffer, at: number, tag: number): number {
  if (b[at] !== tag || at + 2 > b.length) return -1;
  const len = b[at + 1] as number;
  if (len < 0x80) return at + 2;
  if (len === 0x80) return at + 2; // BER's indefinite length (some PKCS#12 writers)
  const n = len & 0x7f;
  return n <= 4 ? at + 2 + n : -1;
}

const startsAt = (b: Buffer, at: number, hex: string): boolean => at >= 0 && b.length >= at + hex.length / 2 && b.subarray(at, at + hex.length / 2).toString('hex') === hex;

/**
 * Binary (DER) key containers, by their ASN.1 structure (RFC 7292, RFC 5208/5958, RFC 8017, RFC 5915):
 * - PKCS#12: SEQUENCE { INTEGER 3, SEQUENCE { OID pkcs7-data/signedData … } }
 * - PKCS#8:  SEQUENCE { INTEGER 0|1, SEQUENCE { OID of the key algorithm } , OCTET STRING }
 * - encrypted PKCS#8: SEQUENCE { SEQUENCE { OID pkcs5 PBES2 / pkcs12 PBE } }
 * - PKCS#1 RSA: SEQUENCE { INTEGER 0, INTEGER (the modulus, hundreds of bytes) }
 * - SEC1 EC: SEQUENCE { INTEGER 1, OCTET STRING of 20–66 bytes }
 * A DER certificate (SEQUENCE { SEQUENCE { [0] version … } }) matches none of them.
 */
function derKind(b: Buffer): 'pkcs12' | 'private-key' | undefined {
  const outer = derBody(b, 0, 0x30);
  if (outer < 0) return undefined;
  if (startsAt(b, outer, '020103')) {
    const inner = derBody(b, outer + 3, 0x30);
    return startsAt(b, inner, '06092a864886f70d0107') ? 'pkcs12' : undefined;
  }
  if (startsAt(b, outer, '020100') || startsAt(b, outer, '020101')) {
    const next = outer + 3;
    const alg = derBody(b, next, 0x30);
    // PKCS#8: an AlgorithmIdentifier whose OID is RSA, EC, DSA, X25519/Ed25519 or Ed448.
    if (alg > 0 && (startsAt(b, alg, '06092a864886f70d0101') || startsAt(b, alg, '06072a8648ce3d0201') || startsAt(b, alg, '06072a8648ce380401') || startsAt(b, alg, '06032b65'))) return 'private-key';
    if (startsAt(b, outer, '020100') && b[next] === 0x02 && (b[next + 1] === 0x81 || b[next + 1] === 0x82)) return 'private-key';
    if (startsAt(b, outer, '020101') && b[next] === 0x04 && (b[next + 1] as number) >= 0x14 && (b[next + 1] as number) <= 0x42) return 'private-key';
    return undefined;
  }
  const alg = derBody(b, outer, 0x30);
  if (startsAt(b, alg, '06092a864886f70d01050d') || startsAt(b, alg, '060a2a864886f70d010c01')) return 'private-key';
  return undefined;
}

/** What the first bytes say the file is, when they say anything. */
export function sniffKind(b: Buffer): Kind | undefined {
  if (b.length < 4) return undefined;
  if (startsWith(b, 'SQLite format 3\0')) return 'sqlite';
  if (startsWith(b, [0x37, 0x7f, 0x06, 0x82]) || startsWith(b, [0x37, 0x7f, 0x06, 0x83])) return 'sqlite-wal';
  if (startsWith(b, 'DUCK', 8)) return 'duckdb';
  if (/^REDIS\d{4}/.test(b.subarray(0, 9).toString('latin1'))) return 'redis-rdb';
  if (startsWith(b, 'Standard Jet DB', 4) || startsWith(b, 'Standard ACE DB', 4)) return 'access';
  if (startsWith(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'ole';
  if (startsWith(b, [0x7f, 0x45, 0x4c, 0x46]) && b.length >= 18) {
    const type = b[5] === 2 ? b.readUInt16BE(16) : b.readUInt16LE(16);
    return type === 1 ? 'elf-object' : type === 2 ? 'elf-executable' : type === 3 ? 'elf-shared' : type === 4 ? 'elf-core' : undefined;
  }
  if (startsWith(b, 'MZ') && b.length >= 0x40) {
    const pe = b.readUInt32LE(0x3c);
    if (pe + 4 > b.length ? pe < 0x100000 : startsWith(b, 'PE\0\0', pe)) return 'pe';
  }
  const be = b.readUInt32BE(0);
  if ([0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe].includes(be)) return 'mach-o';
  if ((be === 0xcafebabe || be === 0xcafebabf) && b.length >= 8) {
    // Universal binaries count their architectures here (a handful); class files hold their version (45+).
    return b.readUInt32BE(4) < 20 ? 'mach-o' : 'java-class';
  }
  if (b.length >= 16) {
    const m12le = b.readUInt32LE(12);
    const m12be = b.readUInt32BE(12);
    if ([0x061561, 0x053162, 0x042253].some((m) => m === m12le || m === m12be)) return 'berkeley-db';
  }
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04]) || startsWith(b, [0x50, 0x4b, 0x05, 0x06])) return 'zip';
  if (startsWith(b, [0x1f, 0x8b])) return 'gzip';
  if (startsWith(b, 'BZh') && b.length > 3 && b[3]! >= 0x31 && b[3]! <= 0x39) return 'bzip2';
  if (startsWith(b, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])) return 'xz';
  if (startsWith(b, [0x28, 0xb5, 0x2f, 0xfd])) return 'zstd';
  if (startsWith(b, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return '7z';
  if (startsWith(b, 'Rar!\x1a\x07')) return 'rar';
  if (startsWith(b, 'ustar', 257)) return 'tar';
  if (startsWith(b, '!<arch>\n')) return 'ar';
  if (startsWith(b, 'MDMP')) return 'minidump';
  if (startsWith(b, 'JAVA PROFILE 1.0.')) return 'hprof';
  if (startsWith(b, '{"snapshot":{"meta"')) return 'v8-heap-snapshot';
  if (startsWith(b, [0xfe, 0xed, 0xfe, 0xed]) || startsWith(b, [0xce, 0xce, 0xce, 0xce])) return 'java-keystore';
  if (b[0] === 0x30) {
    const der = derKind(b);
    if (der) return der;
  }
  if (!isBinary(b) && PRIVATE_KEY.test(b.toString('latin1'))) return 'private-key';
  return undefined;
}

/** Binary, as git decides it: a NUL byte in the first bytes. */
export function isBinary(b: Buffer): boolean {
  return b.subarray(0, 8000).includes(0);
}
