// Everything cruft-check asks git while checking a commit: the repository, the staged and
// untracked listings, the sizes. Every git process is started by src/git/run.ts (the one door,
// and where the reasons for child_process over simple-git on this path are written down): one
// process per question, -z output, never one process per file and never an argument list that
// grows with the staged set.
import { closeSync, existsSync, openSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { errors } from '../errors.js';
import type { FileFact } from '../model.js';
import { zlib } from '../builtins.js';
import { indexFileOf, readIndexBeside, readIndexFile, readIndexFileAside } from './index-file.js';
import { decodePath, type IndexStat, parseBatchCheck, parseDiffRaw, parseLsFilesStage, SMALL_BLOB, splitNul } from './parse.js';
import { type FoldedFiles, FoldedIndexPaths, foldedOf, type FoldSlot, indexSizes, listUntracked, streamDiffRaw, type UntrackedOptions, WORKER_FROM, workTreeSizes, workTreeSizesHere } from './listing.js';
import { gitEnv, gitZ, releaseAhead, startAhead } from './run.js';

export { gitEnv, gitZ, releaseAhead };

export interface Repo {
  /** Absolute path of the work tree's top level. */
  root: string;
  /** Absolute path of this work tree's git directory (differs from the common one in a linked worktree). */
  gitDir: string;
  /**
   * HEAD's commit, as a revision to give git: its object name, or `HEAD` itself when the
   * repository was found without asking git (src/git/early.ts). Undefined before the first commit.
   */
  head: string | undefined;
  /**
   * Commits whose content is already committed elsewhere and may appear staged without being
   * this commit's doing: the other side of a merge, the commit being cherry-picked or rebased,
   * the parent of a reverted commit.
   */
  inherited: string[];
  env: NodeJS.ProcessEnv;
}

/**
 * Find the repository around `cwd`, its HEAD and any operation in progress, in one git call.
 * `base`: the environment git is to run in (default: this process's).
 */
export async function openRepo(cwd: string, base: NodeJS.ProcessEnv = process.env): Promise<Repo> {
  let isDir = false;
  try {
    isDir = statSync(cwd).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw errors.noSuchDir(cwd);
  const env = gitEnv(base);
  // `--verify -q HEAD` prints nothing (exit 1) before the first commit; the other lines are
  // printed first either way. The output is line-based, and a directory name may hold a newline:
  // the top level comes from `--show-cdup` (only `../` steps, no name), the git directory is
  // whatever lies between it and HEAD's object name.
  const r = await gitZ(cwd, ['rev-parse', '--is-bare-repository', '--is-inside-work-tree', '--show-cdup', '--absolute-git-dir', '--verify', '-q', 'HEAD'], {
    env,
    allowFail: true,
  });
  const lines = decodePath(r.stdout).replace(/\n$/, '').split('\n');
  if (/not a git repository/i.test(r.stderr)) throw errors.notARepo(cwd);
  if (lines[0] === 'true' || lines[1] === 'false' || /must be run in a work tree/.test(r.stderr)) throw errors.bareRepo(cwd);
  if (r.code > 1 || lines.length < 4) throw errors.gitFailed(['rev-parse'], r.stderr);
  const rest = lines.slice(3);
  const head = r.code === 0 ? rest.pop() : undefined;
  const gitDir = rest.join('\n');
  // git computed the `../` steps from the physical directory: resolve them from there too.
  const root = resolve(realpathSync(cwd), lines[2] ?? '');
  return { root, gitDir, head, inherited: inheritedCommits(gitDir), env };
}

/** The commits an operation in progress brings content from (see Repo.inherited). */
export function inheritedCommits(gitDir: string): string[] {
  const read = (name: string): string[] => {
    const file = join(gitDir, name);
    if (!existsSync(file)) return [];
    return readFileSync(file, 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => /^[0-9a-f]{40,64}$/.test(l));
  };
  return [
    ...read('MERGE_HEAD'), // one line per merged head (octopus merges have several)
    ...read('CHERRY_PICK_HEAD'),
    ...read('REBASE_HEAD'),
    ...read('REVERT_HEAD').map((c) => `${c}~1`), // a revert restores the reverted commit's parent
  ];
}

const DIFF_ARGS = ['diff', '--cached', '--raw', '-z', '--no-abbrev', '--no-ext-diff', '--no-textconv', '--ignore-submodules=none'];

const stagedDiffArgs = (head: string): string[] => [...DIFF_ARGS, '--no-relative', '-M', '--diff-filter=ACMRT', head];

/**
 * The staged listing, started before openRepo() has answered: it only needs a directory inside
 * the work tree (`diff --raw` names paths from the top level either way), so git computes the
 * diff while the repository is being opened. Resolves to undefined when it cannot be used (no
 * HEAD yet, an older git): readStaged() then asks again the ordinary way.
 */
export function startStagedDiff(cwd: string, env: NodeJS.ProcessEnv = gitEnv(), onBulk?: () => void, fold?: FoldSlot): Promise<FileFact[] | undefined> {
  return streamDiffRaw(cwd, stagedDiffArgs('HEAD'), { env, quiet: true, ...(onBulk ? { many: { from: AHEAD_FROM, then: onBulk } } : {}), ...(fold ? { fold } : {}) }).catch(() => undefined);
}

/**
 * What the next commit adds or changes, from the index git will commit (GIT_INDEX_FILE). `early`
 * is what the entry started while the repository was being opened (the listing, the index sizes).
 * During a merge, cherry-pick, revert or rebase only what differs from every inherited commit
 * counts: files that arrive unchanged from the other branch are not this commit's doing.
 */
export async function readStaged(repo: Repo, early?: EarlyStaged): Promise<FileFact[]> {
  const read = await readStagedSettling(repo, early);
  await read.settled;
  return read.facts;
}

export interface StagedRead {
  facts: FileFact[];
  /**
   * After a bulk add the sizes from the index are checked against the work tree while the caller
   * judges (see fillStagedSizes); this resolves once they are, true when a size had to be
   * corrected (the caller judges again: a 10 GiB file the index records as 2 GiB). Resolves false
   * at once otherwise.
   */
  settled: Promise<boolean>;
  /** Every path in the index, when the whole of it was read or listed (after a bulk add). */
  indexPaths?: Iterable<string>;
  /** The stat data of the staged entries recorded larger than SMALL_BLOB. */
  largeStats?: ReadonlyMap<string, IndexStat>;
  /** The index file's bytes, when they were read and not every path was kept (an ordinary commit): the case twins come from them. */
  indexFile?: Buffer;
}

/** What was started before the repository was opened (src/git/early.ts). */
export interface EarlyStaged {
  /** The staged listing against HEAD (undefined: it could not be used, ask again). */
  staged: Promise<FileFact[] | undefined>;
  /** The index file's bytes, when the listing ran long enough for them to be read (speculateIndexFile). */
  indexFile?: IndexFileAhead;
}

/**
 * The index file's bytes, read ahead (speculateIndexFile): `take(true)` gives the read started,
 * if any; `take(false)` stops it, for a staged listing that turned out small after all.
 */
export type IndexFileAhead = (wanted: boolean) => Promise<Buffer | undefined> | undefined;

/**
 * A staged listing that takes long is a big one: the index's sizes will be needed, so its file is
 * read meanwhile, aside. An ordinary commit's listing is usually done long before the timer
 * fires, and nothing is read; in a huge repository it can take long too, and the read is stopped.
 */
export function speculateIndexFile(repo: Repo, listing: Promise<unknown>): IndexFileAhead {
  let bytes: Promise<Buffer | undefined> | undefined;
  const stop = new AbortController();
  const timer = setTimeout(() => {
    bytes = readIndexFileAside(indexFileOf(repo), MAX_BULK_INDEX_BYTES, stop.signal);
  }, SPECULATE_AFTER_MS);
  listing.then(
    () => clearTimeout(timer),
    () => clearTimeout(timer),
  );
  return (wanted) => {
    if (!wanted) stop.abort();
    return wanted ? bytes : undefined;
  };
}

/**
 * readStaged(), returning before the background size check is done (see StagedRead). `measure`:
 * which files' sizes from the index are checked (default all); the others keep the index's (see
 * fillStagedSizes).
 */
export async function readStagedSettling(repo: Repo, early?: EarlyStaged, measure?: (path: string) => boolean): Promise<StagedRead> {
  let facts: FileFact[];
  let index = early?.indexFile;
  if (repo.head) {
    const head = repo.head;
    const listing = (async () => (await early?.staged) ?? (await streamDiffRaw(repo.root, stagedDiffArgs(head), { env: repo.env })))();
    index ??= speculateIndexFile(repo, listing);
    facts = await listing;
  } else {
    // First commit: everything in the index is new. (No HEAD to compare with, and no need for
    // the empty tree's object name, which differs between SHA-1 and SHA-256 repositories.)
    const out = await gitZ(repo.root, ['ls-files', '--stage', '-z'], { env: repo.env });
    facts = parseLsFilesStage(out.stdout)
      .filter((e) => e.stage === 0)
      .map((e) => ({ path: e.path, origin: 'staged' as const, status: 'A', mode: e.mode, oid: e.oid, size: 0 }));
  }
  // Files folded as the listing was parsed (FoldedFiles): unfolded when each must be looked at
  // (what an operation in progress brings is filtered by path), or when they are few.
  let folded = foldedOf(facts);
  if (folded && (repo.inherited.length > 0 || folded.count <= BULK_FROM)) {
    facts = folded.unfold(facts);
    folded = undefined;
  }
  for (const commit of repo.inherited) {
    if (facts.length === 0) break;
    const out = await gitZ(repo.root, [...DIFF_ARGS, '--no-renames', '--diff-filter=ACMRT', commit], { env: repo.env });
    const differs = new Set(parseDiffRaw(out.stdout).map((e) => e.path));
    facts = facts.filter((f) => differs.has(f.path));
  }
  return { facts, ...(await fillStagedSizes(repo, facts, index, measure, folded)) };
}

/** A staged listing still running after this long has the index file read beside it. */
const SPECULATE_AFTER_MS = 120;

/** An index file up to this size is read by this process after a bulk add (about 1,000,000 entries); a bigger one is listed by git. */
const MAX_BULK_INDEX_BYTES = 128 * 1024 * 1024;

/**
 * Above this many staged blobs (a bulk add), the whole index is kept: every path, for the case
 * twins, and a bigger index file is worth reading. Below, its bytes are kept instead (the case
 * twins of a few paths are found in them without a string per path).
 */
const BULK_FROM = 2000;

/**
 * A staged listing this long has the rules' later git processes started ahead (askAheadForBulk).
 * Below, the heap is still small when they are started in the ordinary way, so forking then costs
 * about what it costs early, and a process the rules turn out not to need would be one more for
 * nothing (a bulk add of 2,000 generated text files asks git nothing but the staged diff).
 */
const AHEAD_FROM = 10_000;

/** Pathspecs given to `git ls-files --debug` as arguments, at most. */
const PATHSPEC_LIMIT = 200;

/**
 * Sizes of the staged content, one way for every commit. The index records each file's size when
 * git stages it: read from the index file by this process (readIndexBeside), or listed by `git
 * ls-files --debug` when this reader cannot follow the index (a split or sparse one, an
 * extension it does not know) or it is too big to be worth reading. The object store answers what
 * the index cannot vouch for:
 * - blobs it holds no size for: not in the index as that object, or recorded as zero for content
 *   that is not empty (merges and read-tree write entries without a stat);
 * - blobs recorded larger than SMALL_BLOB: a filter may have changed the content on the way in
 *   (an LFS-tracked file's blob is a pointer of about 130 bytes; up to SMALL_BLOB the difference
 *   is a few bytes of line endings and no default threshold is near);
 * - blobs whose work-tree file no longer has the recorded size (changed since staging, gone, or
 *   4 GiB and more: the index keeps 32 bits of a size, a 10 GiB file is recorded as 2 GiB).
 * All of it before judging, but the work-tree comparison of thousands of files: a worker thread
 * makes it while the rules run, and `settled` says whether a size then had to be corrected (the
 * caller judges again). Only the files `measure` names are checked: inside a node_modules/
 * reported whole, a size only adds to the folder's total, and the index's is kept.
 */
async function fillStagedSizes(
  repo: Repo,
  facts: FileFact[],
  ahead?: IndexFileAhead,
  measure: (path: string) => boolean = () => true,
  folded?: FoldedFiles,
): Promise<Omit<StagedRead, 'facts'>> {
  // (A folder's fact from the folded files is no blob: its files' sizes are added to it by the index walk.)
  const units = new Set(folded?.units);
  const blobs = facts.filter((f) => f.mode !== '160000' && !units.has(f));
  const bulk = blobs.length + (folded?.count ?? 0) > BULK_FROM;
  const index = await readIndexFacts(repo, blobs, bulk, ahead?.(bulk), folded);
  const doubted: FileFact[] = [];
  const recorded: FileFact[] = [];
  blobs.forEach((f, i) => {
    const size = index.sizes[i] as number;
    f.size = Math.max(size, 0);
    if (!measure(f.path)) return;
    if (size > SMALL_BLOB) doubted.push(f);
    else if (size > 0) recorded.push(f);
    else if (size < 0 || !EMPTY_BLOBS.has(f.oid)) doubted.push(f); // (the empty blob has a well-known name: its zero needs no asking)
  });
  const paths = recorded.map((f) => f.path);
  const disagree = (sizesNow: Float64Array): FileFact[] => recorded.filter((f, i) => sizesNow[i] !== f.size);
  const here = paths.length < WORKER_FROM ? workTreeSizesHere(repo.root, paths) : undefined;
  // 100,000 lstat calls cost most of a second: a worker thread makes them while this one goes on.
  const measuring = here ? undefined : workTreeSizes(repo.root, paths);
  await sizesFromObjects(repo, here ? doubted.concat(disagree(here)) : doubted);
  const { sizes: _, ...kept } = index;
  return {
    ...kept,
    // (Wrapped: a promise returned from an async function would be waited for.)
    settled: measuring
      ? measuring.then(async (sizesNow) => {
          const wrong = disagree(sizesNow);
          const before = wrong.map((f) => f.size);
          await sizesFromObjects(repo, wrong);
          return wrong.some((f, i) => f.size !== before[i]);
        })
      : Promise.resolve(false),
  };
}

/** What the index says of the staged blobs, and what is kept of it for the rules (see StagedRead). */
interface IndexFacts extends Omit<StagedRead, 'facts' | 'settled'> {
  /** Each blob's recorded size, in order; -1 when the index holds no such entry. */
  sizes: ArrayLike<number>;
}

/**
 * One pass over the index for the staged blobs: the index file read by this process (`bytes`:
 * read ahead already, after a bulk add), else `git ls-files --debug`, of only the staged paths
 * when they are few and can be named.
 */
async function readIndexFacts(repo: Repo, blobs: FileFact[], bulk: boolean, bytes?: Promise<Buffer | undefined>, folded?: FoldedFiles): Promise<IndexFacts> {
  if (blobs.length === 0 && !folded) return { sizes: [] };
  const indexFile = (await bytes) ?? readIndexFile(indexFileOf(repo), bulk ? MAX_BULK_INDEX_BYTES : undefined);
  const hashBytes = blobs.some((f) => f.oid.length === 64) || (folded && folded.oid(0).length === 64) ? 32 : 20;
  const read = indexFile && readIndexBeside(indexFile, hashBytes, blobs, { others: bulk, ...(folded ? { folded } : {}) });
  if (read) {
    // (The whole index's paths: the staged ones, then the others; the folded ones made strings only when asked for.)
    if (bulk) {
      const staged = blobs.map((f) => f.path);
      const indexPaths = folded ? new FoldedIndexPaths(staged, folded, read.others) : staged.concat(read.others);
      return { sizes: read.sizes, largeStats: read.largeStats, indexPaths };
    }
    return { sizes: read.sizes, largeStats: read.largeStats, indexFile };
  }
  const named = !bulk && blobs.length <= PATHSPEC_LIMIT && !blobs.some((f) => ESCAPED.test(f.path));
  const listed = await indexSizes(repo.root, { env: repo.env }, named ? blobs.map((f) => f.path) : undefined);
  const sizes = blobs.map((f) => listed.sizes.get(f.path) ?? -1);
  for (let i = 0; folded && i < folded.count; i++) folded.addSize(i, listed.sizes.get(folded.path(i)) ?? 0);
  return named ? { sizes, largeStats: listed.largeStats } : { sizes, largeStats: listed.largeStats, indexPaths: { [Symbol.iterator]: () => listed.sizes.keys() } };
}

/** A byte that is not UTF-8, kept as a lone surrogate by decodePath(): such a name cannot be an argument. */
const ESCAPED = /[\udc80-\udcff]/u;

/** The object names of the empty blob (SHA-1, SHA-256). */
const EMPTY_BLOBS = new Set(['e69de29bb2d1d6434b8b29ae775ad8c2e48c5391', '473a0f4c3be8a93681a267e3b1e9a7dcda1185436fe141f7749120a303721813']);

/**
 * Sizes from the object store. A loose object (what `git add` writes) names its size in its first
 * bytes (`blob <size>` NUL, deflated): read here, no process. The others (packed, or anything not
 * read here) from `cat-file --batch-check`, fed the object names.
 */
async function sizesFromObjects(repo: Repo, facts: FileFact[]): Promise<void> {
  if (facts.length === 0) return;
  const objects = objectsDir(repo.gitDir);
  const packed = facts.filter((f) => {
    const size = looseObjectSize(objects, f.oid);
    if (size === undefined) return true;
    f.size = size;
    return false;
  });
  if (packed.length === 0) return;
  const out = await gitZ(repo.root, ['cat-file', '--batch-check=%(objectname) %(objectsize)'], {
    env: repo.env,
    stdin: packed.map((f) => f.oid).join('\n') + '\n',
  });
  const sizes = parseBatchCheck(out.stdout.toString('latin1'));
  for (const f of packed) f.size = sizes.get(f.oid) ?? 0;
}

/** The objects folder (a linked worktree's git directory names the common one in `commondir`). */
function objectsDir(gitDir: string): string {
  try {
    return join(resolve(gitDir, readFileSync(join(gitDir, 'commondir'), 'utf8').trim()), 'objects');
  } catch {
    return join(gitDir, 'objects');
  }
}

/**
 * A loose blob's size, from its header; undefined when it is not there as a loose object (packed,
 * or in another object folder) or does not read as a blob. An object's file is named by the hash
 * of its content: whatever folder holds it, it is that object.
 */
function looseObjectSize(objects: string, oid: string): number | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(join(objects, oid.slice(0, 2), oid.slice(2)), 'r');
    const head = Buffer.alloc(128);
    const got = readSync(fd, head, 0, head.length, 0);
    // (Only the first bytes are inflated: Z_SYNC_FLUSH gives what they hold instead of failing.)
    const { inflateSync, constants } = zlib();
    const text = inflateSync(head.subarray(0, got), { finishFlush: constants.Z_SYNC_FLUSH }).toString('latin1', 0, 32);
    const m = /^blob (\d+)\0/.exec(text);
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Untracked, not ignored files: what the next `git add .` would sweep in. A folder git lists as
 * one untracked entry is looked inside unless `opts.wholeByName` takes it whole (see listing.ts).
 */
export async function readUntracked(repo: Repo, opts: Omit<UntrackedOptions, 'env'> = {}): Promise<FileFact[]> {
  return listUntracked(repo.root, { ...opts, env: repo.env });
}

const headTopLevelArgs = (head: string): string[] => ['ls-tree', '-z', '--name-only', head];

/** Names at the top level of HEAD's tree. */
export async function readHeadTopLevel(repo: Repo): Promise<Set<string>> {
  if (!repo.head) return new Set();
  const out = await gitZ(repo.root, headTopLevelArgs(repo.head), { env: repo.env });
  return new Set(splitNul(out.stdout));
}

/** `git cat-file --batch`: the first bytes of small staged blobs (src/facts/sniff.ts). */
export const CAT_FILE_BATCH: readonly string[] = ['cat-file', '--batch'];
/** `git check-attr -z --stdin filter`: which files Git LFS keeps (src/facts/sniff.ts). */
export const CHECK_ATTR_FILTER: readonly string[] = ['check-attr', '-z', '--stdin', 'filter'];

/**
 * After a bulk add (a staged listing of AHEAD_FROM entries and more, still arriving), the git
 * processes the rules will ask once the facts are judged are started now, while this process's
 * heap is small and its thread waits for the listing (see startAhead in src/git/run.ts): HEAD's
 * top-level names (the bulk-add rule's new folders), a `cat-file --batch` and a `check-attr`
 * waiting for their input. What goes unasked is ended by releaseAhead().
 */
export function askAheadForBulk(repo: Repo): void {
  if (repo.head) startAhead(repo.root, headTopLevelArgs(repo.head), { env: repo.env, input: false, stderr: true });
  startAhead(repo.root, CAT_FILE_BATCH, { env: repo.env, input: true, stderr: false });
  startAhead(repo.root, CHECK_ATTR_FILTER, { env: repo.env, input: true, stderr: true });
}
