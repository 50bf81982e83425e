// git's first questions, asked before the rest of cruft-check is loaded.
//
// On an ordinary commit the hook's whole cost is Node's start-up, loading cruft-check, and
// waiting for git. One after the other they add up; here the git processes are started first
// (src/cli.ts calls startEarly() before the rest of the code is set up), so git answers on the
// other core while this one sets up the rules and the pipeline.
//
// The repository is found without asking git when the case is plain (plainRepo() below): on
// this 2-core machine every git process costs 10–20 ms of wall time even when it runs beside
// another, and `git rev-parse` would be one more on every commit.
import { existsSync, lstatSync, readFileSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FileFact } from '../model.js';
import { type FoldSlot, listUntrackedFirst, type UntrackedFirst } from './listing.js';
import { askAheadForBulk, gitEnv, type IndexFileAhead, inheritedCommits, type Repo, speculateIndexFile, startStagedDiff } from './read.js';

export interface EarlyStart {
  cwd: string;
  /** The staged listing against HEAD (undefined when it could not be used: no HEAD yet, an error). */
  staged: Promise<FileFact[] | undefined>;
  /**
   * The repository, found by reading files in the plain case (see plainRepo). To be trusted only
   * once `staged` has resolved to a listing: git itself then confirmed a work tree with a HEAD.
   */
  repo?: Repo;
  /** The index file's bytes, when the staged listing ran long (after a bulk add) and the repository was found. */
  indexFile?: IndexFileAhead;
  /** The first untracked listing from `repo.root`, when the repository was found and untracked files are wanted. */
  untracked?: { mode: 'normal' | 'all'; first: Promise<UntrackedFirst> };
  /**
   * Where the caller, once it knows which folders' new files are folded into one fact, says so
   * while the staged listing is still read (FoldSlot in src/git/listing.ts); when the repository was found.
   */
  fold?: FoldSlot;
}

/** Start the staged listing, and the untracked one unless `untracked` is undefined (`--staged`). */
export function startEarly(cwd: string, untracked: 'normal' | 'all' | undefined, base: NodeJS.ProcessEnv = process.env): EarlyStart {
  const env = gitEnv(base); // (one copy of the environment for both)
  // (The listing calls back only after its first chunks have arrived: `repo` is known by then.)
  const fold: FoldSlot = {};
  const staged = startStagedDiff(
    cwd,
    env,
    () => {
      if (repo) askAheadForBulk(repo);
    },
    fold,
  );
  const repo = plainRepo(cwd, env);
  if (!repo) return { cwd, staged };
  const indexFile = speculateIndexFile(repo, staged);
  if (untracked === undefined) return { cwd, staged, repo, indexFile, fold };
  const first = listUntrackedFirst(repo.root, untracked, repo.env);
  first.catch(() => {}); // used only once the repository is confirmed; asked again otherwise
  return { cwd, staged, repo, indexFile, untracked: { mode: untracked, first }, fold };
}

/** Configuration that moves the work tree or changes how refs are kept: git is asked instead. */
const UNPLAIN_CONFIG = /^\s*(worktree\s*=|bare\s*=\s*(true|yes|on|1)\b|refstorage\s*=|worktreeconfig\s*=|\[\s*include)/im;

/**
 * The repository whose work tree's top level is `cwd`, found by reading files, in the plain case
 * only: `cwd` holds `.git` (as when git runs a hook), GIT_WORK_TREE and GIT_COMMON_DIR are unset,
 * GIT_DIR is unset or names that same git directory (git sets it for a hook in a linked
 * worktree), and the configuration moves nothing (core.worktree, core.bare, includes, reftable).
 * Anything else, or anything unreadable: undefined, and `git rev-parse` answers.
 *
 * HEAD is named, not resolved: the staged diff against `HEAD` succeeding is what confirms it.
 */
export function plainRepo(cwd: string, env: NodeJS.ProcessEnv): Repo | undefined {
  if (env.GIT_WORK_TREE !== undefined || env.GIT_COMMON_DIR !== undefined) return undefined;
  try {
    const dotGit = join(cwd, '.git');
    const st = lstatSync(dotGit);
    let gitDir: string;
    if (st.isDirectory()) gitDir = dotGit;
    else if (st.isFile()) {
      // A linked worktree or a submodule: `.git` is a file naming the git directory.
      const m = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, 'utf8'));
      if (!m?.[1]) return undefined;
      gitDir = resolve(cwd, m[1].trim());
    } else return undefined;
    gitDir = realpathSync(gitDir);
    if (env.GIT_DIR !== undefined && realpathSync(resolve(cwd, env.GIT_DIR)) !== gitDir) return undefined;
    const commonFile = join(gitDir, 'commondir');
    const common = existsSync(commonFile) ? resolve(gitDir, readFileSync(commonFile, 'utf8').trim()) : gitDir;
    if (UNPLAIN_CONFIG.test(readFileSync(join(common, 'config'), 'utf8'))) return undefined;
    return { root: realpathSync(cwd), gitDir, head: 'HEAD', inherited: inheritedCommits(gitDir), env };
  } catch {
    return undefined;
  }
}
