// Everything cruft-check asks git while checking a commit: the repository, the staged and
// untracked listings, the sizes. Every git process is started by src/git/run.ts (the one door,
// and where the reasons for child_process over simple-git on this path are written down): one
// process per question, -z output, never one process per file and never an argument list that
// grows with the staged set.
import { existsSync, lstatSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { errors } from '../errors.js';
import type { FileFact } from '../model.js';
import { indexFileOf, readIndexBeside, readIndexEntries, readIndexFile, readIndexFileAside } from './index-file.js';
import { decodePath, encodePath, type IndexStat, parseBatchCheck, parseDiffRaw, parseLsFilesStage, SMALL_BLOB, splitNul } from './parse.js';
import { indexSizes, listUntracked, streamDiffRaw, type UntrackedOptions, workTreeSizes } from './listing.js';
import { gitEnv, gitZ } from './run.js';

export { gitEnv, gitZ };

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

/** Find the repository around `cwd`, its HEAD and any operation in progress, in one git call. */
export async function openRepo(cwd: string): Promise<Repo> {
  let isDir = false;
  try {
    isDir = statSync(cwd).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw errors.noSuchDir(cwd);
  const env = gitEnv();
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
export function startStagedDiff(cwd: string, env: NodeJS.ProcessEnv = gitEnv()): Promise<FileFact[] | undefined> {
  return streamDiffRaw(cwd, stagedDiffArgs('HEAD'), { env, quiet: true }).catch(() => undefined);
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
   * After a bulk add the sizes come from the index and are checked against the work tree in the
   * background; this resolves once they are, true when a size had to be corrected (the caller
   * judges again: a 10 GiB file the index records as 2 GiB). Resolves false at once otherwise.
   */
  settled: Promise<boolean>;
  /** Every path in the index, when it was listed (after a bulk add). */
  indexPaths?: Iterable<string>;
  /** The stat data of the index's large entries, when it was listed (after a bulk add). */
  largeStats?: ReadonlyMap<string, IndexStat>;
  /** The index file's bytes, when they were read (an ordinary commit's sizes): the case twins come from them too. */
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
 * which files' sizes from the index are checked against the work tree after a bulk add (default
 * all); the others keep the index's (see fillStagedSizes).
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
  for (const commit of repo.inherited) {
    if (facts.length === 0) break;
    const out = await gitZ(repo.root, [...DIFF_ARGS, '--no-renames', '--diff-filter=ACMRT', commit], { env: repo.env });
    const differs = new Set(parseDiffRaw(out.stdout).map((e) => e.path));
    facts = facts.filter((f) => differs.has(f.path));
  }
  return { facts, ...(await fillStagedSizes(repo, facts, index, measure)) };
}

/** A staged listing still running after this long has the index file read beside it. */
const SPECULATE_AFTER_MS = 120;

/** An index file up to this size is read by this process after a bulk add (about 1,000,000 entries); a bigger one is listed by git. */
const MAX_BULK_INDEX_BYTES = 128 * 1024 * 1024;

/** Above this many staged blobs, sizes come from the index instead of the object store. */
const INDEX_SIZES_FROM = 2000;

/**
 * Sizes of the staged content. The index records each file's size when git stages it: an
 * ordinary commit's come from the index file (sizesFromIndexFile); after a bulk add, when the new
 * blobs are loose objects and asking the object store for 100,000 of them takes seconds, from the
 * index file too (`indexFile`: its bytes, if read already), or from `git ls-files --debug` when
 * this reader cannot follow it (a split or sparse index). The object store
 * (`cat-file --batch-check`) answers for the rest: entries whose recorded size is zero (written
 * by merges or read-tree, which record no stat) among those `measure` names, and, on an ordinary
 * commit, anything the index cannot vouch for.
 */
async function fillStagedSizes(
  repo: Repo,
  facts: FileFact[],
  indexFile?: IndexFileAhead,
  measure: (path: string) => boolean = () => true,
): Promise<Omit<StagedRead, 'facts'>> {
  const blobs = facts.filter((f) => f.mode !== '160000');
  if (blobs.length <= INDEX_SIZES_FROM) {
    indexFile?.(false);
    const bytes = blobs.length > 0 ? readIndexFile(indexFileOf(repo)) : undefined;
    await sizesFromObjects(repo, sizesFromIndexFile(repo, bytes, blobs));
    return { settled: Promise.resolve(false), ...(bytes ? { indexFile: bytes } : {}) };
  }
  // The index keeps a file's size in 32 bits: a 10 GiB file is recorded as 2 GiB, a 4 GiB + 1 B
  // one as 1 B. Trusted only when the work-tree file has exactly that size; otherwise (larger
  // than 4 GiB, changed since staging, gone) the object store answers. Measuring 100,000 files
  // costs most of a second: a worker thread does it while this one goes on with the index's
  // sizes, and the few that disagree are asked of the object store afterwards. Only the files
  // `measure` names: inside a node_modules/ reported whole, a size only adds to the folder's total.
  const measured = blobs.filter((f) => measure(f.path));
  const measuring = workTreeSizes(repo.root, measured.map((f) => f.path));
  // The whole index is read (not only the staged paths): the case-collision rule needs its paths too.
  const { indexPaths, largeStats } = (await sizesFromWholeIndex(repo, blobs, indexFile?.(true))) ?? (await sizesFromIndexListing(repo, blobs));
  // (An empty file's blob has a well-known name: its size of zero needs no asking.)
  await sizesFromObjects(repo, measured.filter((f) => f.size === 0 && !EMPTY_BLOBS.has(f.oid)));
  // (Wrapped: a promise returned from an async function would be waited for.)
  return {
    indexPaths,
    largeStats,
    settled: measuring.then(async (sizesNow) => {
      const disagree = measured.filter((f, i) => sizesNow[i] !== f.size);
      if (disagree.length === 0) return false;
      const before = disagree.map((f) => f.size);
      await sizesFromObjects(repo, disagree);
      return disagree.some((f, i) => f.size !== before[i]);
    }),
  };
}

type WholeIndex = Required<Pick<StagedRead, 'indexPaths' | 'largeStats'>>;

/**
 * A bulk add's sizes from the index file (readIndexBeside), or undefined when git should list it.
 * A blob the index does not vouch for (not there, another object) gets size 0: its size is asked
 * of the object store if it is measured.
 */
async function sizesFromWholeIndex(repo: Repo, blobs: FileFact[], indexFile?: Promise<Buffer | undefined>): Promise<WholeIndex | undefined> {
  const bytes = (await indexFile) ?? readIndexFile(indexFileOf(repo), MAX_BULK_INDEX_BYTES);
  const hashBytes = blobs.some((f) => f.oid.length === 64) ? 32 : 20;
  const read = bytes && readIndexBeside(bytes, hashBytes, blobs);
  if (!read) return undefined;
  const paths = new Array<string>(blobs.length);
  blobs.forEach((f, i) => {
    f.size = Math.max(read.sizes[i] as number, 0);
    paths[i] = f.path;
  });
  return { indexPaths: paths.concat(read.others), largeStats: read.largeStats };
}

/** A bulk add's sizes from `git ls-files --debug` (an index this process does not read). */
async function sizesFromIndexListing(repo: Repo, blobs: FileFact[]): Promise<WholeIndex> {
  const { sizes, largeStats } = await indexSizes(repo.root, { env: repo.env });
  for (const f of blobs) f.size = sizes.get(f.path) ?? 0;
  return { indexPaths: { [Symbol.iterator]: () => sizes.keys() }, largeStats };
}

/**
 * Sizes of an ordinary commit's staged blobs, as the index file records them; returns the facts
 * it cannot vouch for, for the object store to answer. A recorded size is the file's when git
 * staged it, which is the blob's size unless a filter changed the content on the way in: then
 * it is trusted only up to SMALL_BLOB, where the difference is a few bytes of line endings and
 * no default threshold is near; a larger file's size comes from the object store (an LFS-tracked
 * file's blob is a pointer of about 130 bytes). The index keeps 32 bits of a size, so it is also
 * trusted only while the work-tree file still has exactly that size (a 4 GiB + 1 B file is
 * recorded as 1 B).
 */
function sizesFromIndexFile(repo: Repo, indexFile: Buffer | undefined, facts: FileFact[]): FileFact[] {
  const hashBytes = facts.some((f) => f.oid.length === 64) ? 32 : 20;
  const entries = indexFile && readIndexEntries(indexFile, hashBytes, facts.map((f) => f.path));
  if (!entries) return facts;
  const recorded = new Map(entries.filter((e) => e.stage === 0).map((e) => [e.path, e]));
  return facts.filter((f) => {
    const e = recorded.get(f.path);
    if (!e || e.oid !== f.oid || e.size > SMALL_BLOB) return true;
    if (e.size === 0) {
      if (!EMPTY_BLOBS.has(f.oid)) return true; // written without a stat (a merge, read-tree)
      f.size = 0;
      return false;
    }
    try {
      if (lstatSync(encodePath(join(repo.root, f.path))).size !== e.size) return true;
    } catch {
      return true; // gone from the work tree
    }
    f.size = e.size;
    return false;
  });
}

/** The object names of the empty blob (SHA-1, SHA-256). */
const EMPTY_BLOBS = new Set(['e69de29bb2d1d6434b8b29ae775ad8c2e48c5391', '473a0f4c3be8a93681a267e3b1e9a7dcda1185436fe141f7749120a303721813']);

/** Sizes from the object store: `cat-file --batch-check`, fed the object names. */
async function sizesFromObjects(repo: Repo, facts: FileFact[]): Promise<void> {
  if (facts.length === 0) return;
  const out = await gitZ(repo.root, ['cat-file', '--batch-check=%(objectname) %(objectsize)'], {
    env: repo.env,
    stdin: facts.map((f) => f.oid).join('\n') + '\n',
  });
  const sizes = parseBatchCheck(out.stdout.toString('latin1'));
  for (const f of facts) f.size = sizes.get(f.oid) ?? 0;
}


/**
 * Untracked, not ignored files: what the next `git add .` would sweep in. A folder git lists as
 * one untracked entry is looked inside unless `opts.wholeByName` takes it whole (see listing.ts).
 */
export async function readUntracked(repo: Repo, opts: Omit<UntrackedOptions, 'env'> = {}): Promise<FileFact[]> {
  return listUntracked(repo.root, { ...opts, env: repo.env });
}

/** Names at the top level of HEAD's tree. */
export async function readHeadTopLevel(repo: Repo): Promise<Set<string>> {
  if (!repo.head) return new Set();
  const out = await gitZ(repo.root, ['ls-tree', '-z', '--name-only', repo.head], { env: repo.env });
  return new Set(splitNul(out.stdout));
}
