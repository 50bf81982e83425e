// The library entry: read git → apply .cruftignore → build the inventory → run the rules →
// report. It prints nothing; the CLI and the hook decide what to show.
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { IGNORE_FILE, loadConfig, loadCruftignore, type PathFilter } from '../facts/config.js';
import { decodePath, encodePath } from '../git/parse.js';
import { type EarlyStart, startEarly } from '../git/early.js';
import { openRepo, readHeadTopLevel, readStagedSettling, readUntracked, releaseAhead, type Repo } from '../git/read.js';
import type { UntrackedOptions } from '../git/listing.js';
import { buildInventory, filesOf, foldFolders, isUnexpandedDir, shownPath, wholeFolderFinder } from '../facts/inventory.js';
import type { Config, FileFact, Finding, Report, Scope } from '../model.js';
import { newTopLevelDirs } from '../rules/bulk.js';
import { dependencyDirectory, takenWholeByName } from '../rules/directories.js';
import { effectiveSeverity, runRulesGathering } from './run.js';
import { RULES } from '../rules/index.js';
import { gatherProbe, type KnownAnswers } from '../facts/sniff.js';

export interface CheckOptions {
  cwd: string;
  /**
   * `preflight`: staged and untracked files, as the next `git add .` + commit would see them.
   * `staged`: only what the next commit holds. `hook`: staged, plus untracked cruft reported
   * separately (it never blocks). `range`: what the commits of `range` add (CI on a pull request).
   */
  scope: Scope;
  /** For scope `range`: `BASE...HEAD` (from the merge base), `BASE..HEAD`, or `BASE` alone (= `BASE...HEAD`). */
  range?: string;
  /**
   * `normal` (default): an untracked folder git lists as one entry is looked inside unless a rule
   * takes it whole by its name (an untracked `node_modules/` is reported without counting its
   * files). `all`: every untracked file is listed, counted and sized.
   */
  untracked?: 'normal' | 'all';
  /** git's first questions, when the caller already asked them (src/cli.ts, before loading the rest). */
  early?: EarlyStart;
  /**
   * For scope `range`: facts already read (the commits a push sends, src/commands/prepush.ts),
   * judged instead of reading `range`; `from` is the commit they are new relative to, if any.
   */
  rangeFacts?: { facts: FileFact[]; from: string | undefined };
  /**
   * The environment git runs in (default: this process's). A program that checks several
   * repositories at once gives each its own (a home, a global configuration) without changing
   * process.env under the others.
   */
  env?: NodeJS.ProcessEnv;
}

export interface CheckResult {
  report: Report;
  repo: Repo;
  config: Config;
}

interface JudgeOptions {
  /** Run the whole-commit rules (bulk-add)? Not for untracked files the hook only reminds of. */
  wholeCommit?: boolean;
  known?: KnownAnswers;
  /** The folder whose new files are folded into one fact, for a path (see wholeByNameOf). */
  wholeFolder: (path: string) => string | null;
}

async function judge(repo: Repo, config: Config, listed: FileFact[], opts: JudgeOptions): Promise<Finding[]> {
  if (listed.length === 0) return [];
  const withWholeCommitRules = opts.wholeCommit ?? true;
  const facts = foldFolders(listed, opts.wholeFolder);
  const added = facts.filter((f) => f.status === 'A' || f.status === '?');
  // Which top-level folders are new needs HEAD's tree: only asked when it could matter.
  // (git lists it while the inventory is being built.)
  const asked = !repo.head
    ? undefined
    : withWholeCommitRules && newTopLevelDirs(added, undefined).length >= config.thresholds.bulkTopLevelDirs
      ? readHeadTopLevel(repo)
      : Promise.resolve(new Set<string>());
  const effective: Config = withWholeCommitRules
    ? config
    : { ...config, rules: { ...config.rules, ...Object.fromEntries(RULES.filter((r) => r.wholeCommit).map((r) => [r.id, 'off' as const])) } };
  const inv = buildInventory(facts);
  const headTopLevel = await asked;
  // Content, LFS attributes, .gitmodules: read once, for the candidates the rules ask about
  // (src/facts/sniff.ts), once the directory rules have claimed what no later rule looks at.
  return runRulesGathering(
    inv,
    { config: effective, ...(headTopLevel ? { headTopLevel } : {}), exists: (p) => existsSync(encodePath(join(repo.root, p))) },
    (needs) => gatherProbe(repo, needs, opts.known),
  );
}

/** Staged files checked for having become a folder in the work tree (one lstat each). */
const REPLACED_CHECK_LIMIT = 2000;

function isDirectory(root: string, path: string): boolean {
  try {
    return lstatSync(encodePath(`${root}/${path}`)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The folders a rule reports whole by their name alone (dependency trees): an untracked one git
 * lists as one entry stays unopened, a staged one's files are folded into one fact. Unless the
 * rule is off, or `.cruftignore` names the folder (it could allow part of one).
 */
function wholeByNameOf(repo: Repo, config: Config): (dir: string) => boolean {
  if (effectiveSeverity(dependencyDirectory, config) === 'off') return () => false;
  let ignoreText: string | undefined;
  const mentioned = (dir: string): boolean => {
    ignoreText ??= (() => {
      try {
        return readFileSync(join(repo.root, IGNORE_FILE), 'utf8');
      } catch {
        return '';
      }
    })();
    return ignoreText.includes(dir.slice(dir.lastIndexOf('/') + 1));
  };
  return (dir) => takenWholeByName(dir, (p) => existsSync(encodePath(join(repo.root, p)))) && !mentioned(dir);
}

/**
 * The same work tree, git directory and index file. (Both repositories' environments come from the
 * one given to check(), so the index file is the one variable gitEnv() may have changed.)
 */
function sameRepository(a: Repo, b: Repo): boolean {
  if (a.root !== b.root || a.env.GIT_INDEX_FILE !== b.env.GIT_INDEX_FILE) return false;
  try {
    return realpathSync(a.gitDir) === realpathSync(b.gitDir);
  } catch {
    return false;
  }
}

/** `early`: the entry's early start, when it started from this check's repository. */
function untrackedOptions(opts: CheckOptions, wholeByName: (dir: string) => boolean, early?: EarlyStart): Omit<UntrackedOptions, 'env'> {
  const mode = opts.untracked ?? 'normal';
  // The first listing, when the entry started it from this same work tree in this same mode.
  const first = early?.untracked?.mode === mode ? { first: early.untracked.first } : {};
  return { mode, wholeByName, ...first };
}

export function summarise(scope: Scope, facts: FileFact[], findings: Finding[]): Report {
  const count = { error: 0, warning: 0, info: 0 };
  for (const f of findings) count[f.severity]++;
  const blocking = findings.some((f) => f.severity === 'error' && (scope === 'preflight' || f.origin !== 'untracked'));
  return {
    version: 1,
    scope,
    summary: { files: facts.reduce((n, f) => n + filesOf(f), 0), bytes: facts.reduce((n, f) => n + f.size, 0), findings: count, blocking },
    findings,
  };
}

export async function check(opts: CheckOptions): Promise<CheckResult> {
  // The staged (and untracked) listings run while the repository is being opened and the
  // configuration read: git answers on the other core meanwhile.
  const early = opts.scope === 'range' ? undefined : (opts.early?.cwd === opts.cwd ? opts.early : startEarly(opts.cwd, opts.scope === 'staged' ? undefined : (opts.untracked ?? 'normal'), opts.env));
  try {
    return await runCheck(opts, early);
  } finally {
    // What this check's early start asked ahead for a bulk add and nobody asked (src/git/run.ts).
    if (early?.repo) releaseAhead(early.repo.env);
  }
}

interface SetUp {
  config: Config;
  allowed: PathFilter | undefined;
  takeWhole: (dir: string) => boolean;
  wholeFolder: (path: string) => string | null;
}

/** A repository's configuration, `.cruftignore`, and the folders whose new files are folded. */
function setUp(repo: Repo): SetUp {
  const config = loadConfig(repo.root, RULES.map((r) => r.id));
  const allowed = loadCruftignore(repo.root);
  const takeWhole = wholeByNameOf(repo, config);
  return { config, allowed, takeWhole, wholeFolder: wholeFolderFinder(takeWhole) };
}

async function runCheck(opts: CheckOptions, early: EarlyStart | undefined): Promise<CheckResult> {
  // The configuration of the repository found by reading files, read while git still computes
  // the staged diff, so that a dependency tree's new files are folded as the listing is parsed
  // (FoldSlot in src/git/listing.ts). Not when a `.cruftignore` could allow some of them one by
  // one, or an operation in progress filters the listing by path. (A configuration that cannot
  // be read is read again below, once the repository is confirmed, and fails there as before.)
  let setUpEarly: SetUp | undefined;
  if (early?.repo && early.fold) {
    try {
      setUpEarly = setUp(early.repo);
    } catch {
      setUpEarly = undefined;
    }
    if (setUpEarly && !setUpEarly.allowed && early.repo.inherited.length === 0) early.fold.wholeFolder = setUpEarly.wholeFolder;
  }
  // Found by reading `.git` in the plain case, confirmed by the staged diff succeeding; else git is asked.
  const repo = early?.repo && (await early.staged) !== undefined ? early.repo : await openRepo(opts.cwd, opts.env);
  // Before the first commit the diff against HEAD fails and git is asked: when it names the work
  // tree and git directory found by reading `.git`, what was read and listed from there is its answer.
  const fromEarly = early?.repo !== undefined && (repo === early.repo || sameRepository(repo, early.repo));
  const { config, allowed, takeWhole, wholeFolder } = setUpEarly && fromEarly ? setUpEarly : setUp(repo);
  // A folder listed as one entry is allowed when `.cruftignore` allows it as a folder.
  // (Without a .cruftignore, 100,000 facts are not copied into a new list of the same 100,000.)
  const kept = (facts: FileFact[]): FileFact[] => (allowed ? facts.filter((f) => !allowed(shownPath(f))) : facts);
  if (opts.scope === 'range') {
    if (opts.rangeFacts) {
      return { report: await judgeCommitted(repo, config, opts.rangeFacts.facts, { allowed, from: opts.rangeFacts.from }), repo, config };
    }
    const { parseRange, readRange } = await import('../git/range.js');
    const range = await readRange(repo, parseRange(opts.range ?? ''));
    // Files added and deleted again inside the range: only the cruft-in-commits rule sees them.
    const report = await judgeCommitted(repo, config, range.facts, { allowed, from: range.from, transient: range.transient });
    report.range = { text: opts.range ?? '', from: range.from, to: range.to, commits: range.commits };
    return { report, repo, config };
  }
  let settled: Promise<boolean> = Promise.resolve(false);
  const known: KnownAnswers = {};
  const [staged, untracked] = await Promise.all([
    // (The index sizes the entry may have asked for are those of its repository: used only if it is this one.)
    // Files inside a dependency tree that is reported whole only add to its total: their sizes are not checked one by one.
    readStagedSettling(repo, early && (early.repo === repo ? early : { staged: early.staged }), (path) => wholeFolder(path) === null).then((read) => {
      settled = read.settled;
      if (read.indexPaths) known.indexPaths = read.indexPaths;
      if (read.largeStats) known.largeStats = read.largeStats;
      if (read.indexFile) known.indexFile = read.indexFile;
      settled.catch(() => {}); // awaited after the first judgement; a failure surfaces there
      return kept(read.facts);
    }),
    opts.scope === 'staged' ? Promise.resolve([]) : readUntracked(repo, untrackedOptions(opts, takeWhole, fromEarly ? early : undefined)).then(kept),
  ]);
  // Git never lists a folder as untracked when the index holds a file of that name (git status
  // does not show it either), yet `git add .` would take what is in it: look inside such folders.
  // (Counted in files: a folded folder's fact stands for thousands, and is a folder on purpose.)
  if (opts.scope !== 'staged' && (opts.untracked ?? 'normal') === 'normal' && staged.length <= REPLACED_CHECK_LIMIT && staged.reduce((n, f) => n + filesOf(f), 0) <= REPLACED_CHECK_LIMIT) {
    const replaced = staged.filter((f) => !isUnexpandedDir(f) && isDirectory(repo.root, f.path)).map((f) => f.path);
    if (replaced.length > 0) {
      untracked.push(...kept(await readUntracked(repo, { within: replaced })));
      untracked.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    }
  }
  const judgeAll = async (): Promise<{ findings: Finding[]; considered: FileFact[] }> =>
    opts.scope === 'hook'
      ? // The commit is judged on its own; untracked cruft only earns a reminder.
        {
          findings: [...(await judge(repo, config, staged, { known, wholeFolder })), ...(await judge(repo, config, untracked, { wholeCommit: false, known, wholeFolder }))],
          considered: staged,
        }
      : { findings: await judge(repo, config, [...staged, ...untracked], { known, wholeFolder }), considered: [...staged, ...untracked] };
  let { findings, considered } = await judgeAll();
  // After a bulk add, sizes checked in the background: judged again only if one was wrong.
  if (await settled) ({ findings, considered } = await judgeAll());
  return { report: summarise(opts.scope, considered, findings), repo, config };
}

/**
 * Judge files that come from commits (a pull request's range, a push the server receives): the
 * `.cruftignore` filter, then the rules. `from` is the commit the change starts from ("new
 * top-level folder" means new relative to it); none for a branch new to the repository.
 */
export async function judgeCommitted(
  repo: Repo,
  config: Config,
  listed: FileFact[],
  opts: { allowed?: PathFilter | undefined; from?: string | undefined; transient?: FileFact[] },
): Promise<Report> {
  const kept = (fs: FileFact[]): FileFact[] => (opts.allowed ? fs.filter((f) => !opts.allowed?.(shownPath(f))) : fs);
  const facts = kept(listed);
  const transient = kept(opts.transient ?? []);
  const findings = await judge({ ...repo, head: opts.from }, config, transient.length ? [...facts, ...transient] : facts, {
    wholeFolder: wholeFolderFinder(wholeByNameOf(repo, config)),
  });
  // Nothing is staged in a range: the way out is a new commit, not `git restore --staged`.
  for (const f of findings) f.fix.unstage = [];
  return summarise('range', facts, findings);
}

/** At most this many folders are read looking for a file: an unlisted folder of empty folders ends the search. */
const MAX_FOLDERS_READ = 64;

/**
 * The first file (in name order, depth first) of a work-tree folder, or undefined: for an
 * untracked folder git listed as one entry, which nobody looked inside. Only the folders on the
 * way are read.
 */
function firstFileIn(root: string, dir: string): string | undefined {
  let read = 0;
  const walk = (rel: string): string | undefined => {
    if (++read > MAX_FOLDERS_READ) return undefined;
    let entries;
    try {
      entries = readdirSync(encodePath(join(root, rel)), { withFileTypes: true, encoding: 'buffer' });
    } catch {
      return undefined;
    }
    entries.sort((a, b) => Buffer.compare(a.name, b.name));
    for (const e of entries) {
      const path = `${rel}${decodePath(e.name)}`;
      if (e.isFile()) return path;
      if (e.isDirectory()) {
        const found = walk(`${path}/`);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  };
  return walk(dir);
}

/**
 * Finding.anchors for the untracked folders git listed as one entry (`uncounted`), from the work
 * tree. Asked only by the formats that must point at a file (SARIF, Code Quality): a commit that
 * prints none reads no folder.
 */
export function anchorUnlisted(report: Report, root: string): void {
  for (const f of report.findings) {
    for (const dir of f.uncounted ?? []) {
      if (f.anchors?.[dir] !== undefined || !(f.paths.includes(dir) || f.tree?.some((n) => n.path === dir))) continue;
      const file = firstFileIn(root, dir);
      if (file !== undefined) f.anchors = { ...f.anchors, [dir]: file };
    }
  }
}
