// Types shared by every part of cruft-check. Facts come from git, never from guessing;
// rules turn facts into findings; a report is what every renderer prints.

export type Severity = 'error' | 'warning' | 'info';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export type Category =
  | 'database'
  | 'dependencies'
  | 'build-output'
  | 'os-editor'
  | 'logs-dumps'
  | 'secrets'
  | 'large-files'
  | 'binaries'
  | 'embedded-repository'
  | 'merge-leftovers'
  | 'portability'
  | 'bulk-add'
  | 'history'
  | 'ignored'
  | 'custom';

/** Where a file comes from: the index (what the commit will hold), the work tree, or a commit range. */
export type Origin = 'staged' | 'untracked' | 'range';

/** One path that the commit (or the next `git add .`) would add or change. */
export interface FileFact {
  /** Repository-relative, `/`-separated, exactly as git gave it. */
  path: string;
  origin: Origin;
  /** git's status letter (A M R C T) or `?` for untracked. */
  status: string;
  /** `100644`, `100755`, `120000` (symlink) or `160000` (gitlink). Untracked files: from lstat. */
  mode: string;
  /** Full object name of the staged content; empty for untracked files. */
  oid: string;
  /** Size in bytes of the content the commit would hold (a folded folder: of all its files). */
  size: number;
  renamedFrom?: string;
  /**
   * For a fact that stands for a whole folder (mode 040000): how many files it holds, when they
   * were counted — a staged dependency tree folded into one fact (foldFolders in src/facts/inventory.ts).
   * Absent for an untracked folder git listed as one entry, whose files nobody counted.
   */
  files?: number;
  /** For a folded folder: its first file in path order (a report that must point at a file points there). */
  first?: string;
  /**
   * Range only: a file the range's commits added and deleted again, so it is in neither end's
   * tree. Only the cruft-in-commits rule sees such facts (the inventory keeps them apart).
   */
  carriedBy?: Carrier;
}

export interface CommitRef {
  commit: string;
  subject: string;
}

/** The commits of a range that added (or changed) a file, and those that deleted it. */
export interface Carrier {
  added: CommitRef[];
  deleted: CommitRef[];
}

/** A directory of the inventory: what directory rules need without walking the facts again. */
export interface DirSummary {
  /** `''` for the repository root, otherwise `a/b` (no trailing slash). */
  path: string;
  /** Files anywhere below this directory. */
  files: number;
  bytes: number;
  /** Names of direct child directories. */
  children: Set<string>;
  /** Names of direct child files. */
  names: Set<string>;
}

export interface Inventory {
  facts: FileFact[];
  /** Facts with `carriedBy`: files a range added and deleted again, kept out of facts and dirs. */
  transient?: FileFact[];
  byPath: Map<string, FileFact>;
  dirs: Map<string, DirSummary>;
}

/** What a rule reports; the runner adds the rule's metadata, counts, bytes and fix. */
export interface Hit {
  /** Paths shown to the user: a directory once, with a trailing `/`. */
  paths: string[];
  /** Every file this hit covers (used for counts, bytes, unstage commands and claiming). */
  covers: FileFact[];
  message: string;
  /** `.gitignore` lines that keep these paths out; defaults to `paths` anchored at the root. */
  gitignore?: string[];
  data?: Record<string, unknown>;
  tree?: TreeNode[];
  /**
   * Files that identified the hit (a database engine's marker files): where a report that must
   * point at a file (SARIF, Code Quality) points for a folder holding one, before its first file.
   */
  markers?: string[];
}

export interface TreeNode {
  path: string;
  files: number;
  bytes: number;
  children?: TreeNode[];
}

/**
 * What a rule needs to know beyond names, modes and sizes, asked for before any rule runs (see
 * src/facts/sniff.ts). Rules ask only for candidates (by name, extension or size), so an ordinary
 * commit asks for nothing and reads nothing.
 */
export interface Needs {
  /** Files whose first bytes (at most 4 KiB) the rule inspects. */
  heads?: FileFact[];
  /** Work-tree files (repository-relative) whose first bytes the rule reads: context such as an action.yml beside dist/. */
  files?: string[];
  /** Files whose `filter` attribute the rule needs (`filter=lfs`: stored through Git LFS). */
  lfs?: FileFact[];
  /** The paths registered in `.gitmodules` (index and work tree). */
  gitmodules?: boolean;
  /** Paths to compare case-insensitively with what the index already holds. */
  caseTwins?: FileFact[];
  /**
   * Archives whose entry names the rule inspects: read at both ends only (src/facts/archive.ts), so a
   * zip's central directory and a tarball's first headers are seen without reading the whole file.
   */
  archives?: FileFact[];
  /**
   * Staged text files whose whole content (up to TEXT_BYTES, src/facts/sniff.ts) the rule reads: a
   * conflict block can sit anywhere in a file, not only in its first 4 KiB.
   */
  texts?: FileFact[];
  /** New staged files to ask `git check-ignore` about (src/facts/ignored.ts): which ignore line, if any, names them. */
  ignored?: FileFact[];
  /** Paths (files or folders) to look up in the tree of HEAD (or of the range's base). */
  inHead?: string[];
}

/** Answers to the rules' Needs, gathered in one pass; detect() reads them synchronously. */
export interface Probe {
  /** First bytes (≤ 4 KiB) of a file some rule asked for; undefined when not asked, unreadable or not a regular file. */
  head(path: string): Buffer | undefined;
  /** Does the path carry `filter=lfs`? False when nobody asked. */
  lfs(path: string): boolean;
  /** Paths registered in `.gitmodules`; empty when nobody asked or there is none. */
  submodules(): ReadonlySet<string>;
  /** Index paths equal to this path ignoring case (the path itself excluded). */
  caseTwins(path: string): string[];
  /** Entry names of an archive some rule asked about; undefined when not asked, unreadable or not a zip/tar. */
  entries(path: string): string[] | undefined;
  /** Whole content (up to TEXT_BYTES) of a text file some rule asked for; undefined when not asked, unread or over the budget. */
  text(path: string): Buffer | undefined;
  /** The repository `.gitignore` line that ignores this new file (`source:line:pattern`), if any; undefined when nobody asked. */
  ignoredBy(path: string): IgnoreLine | undefined;
  /** Does HEAD (or the range's base) hold this path? False when nobody asked. */
  inHead(path: string): boolean;
}

/** Where an ignore pattern comes from, as `git check-ignore -v` gives it. */
export interface IgnoreLine {
  source: string;
  line: number;
  pattern: string;
}

export interface RuleContext {
  config: Config;
  /** Content, attributes and index facts asked for in the rules' `needs`. */
  probe: Probe;
  /** Paths already covered by an earlier rule's finding: file rules skip them. */
  claimed: Set<string>;
  /** Names at the top level of HEAD's tree (for "new top-level folder"). Undefined: unknown. */
  headTopLevel?: Set<string>;
  /** Does this path exist in the work tree (repository-relative)? */
  exists(path: string): boolean;
}

/**
 * An example file: a path, or a path with the first bytes the rule sees (text, or bytes for
 * binary headers), optionally a size, and for an archive the entry names its directory lists.
 */
export type ExampleFile = string | { path: string; head?: string | number[]; size?: number; mode?: string; status?: string; entries?: string[]; carriedBy?: Carrier };

export interface RuleExamples {
  /** Each example is a set of files; the rule must report at least one finding. */
  flagged: ExampleFile[][];
  /** The rule must report nothing for these. */
  clean: ExampleFile[][];
}

export interface Rule {
  id: string;
  category: Category;
  severity: Severity;
  title: string;
  why: string;
  fix: string;
  /** Sees every fact, even those claimed by earlier rules (bulk-add judges the commit as a whole). */
  wholeCommit?: boolean;
  examples: RuleExamples;
  /** What detect() will read beyond names and sizes; keep it to candidates. */
  needs?(inv: Inventory, config: Config): Needs;
  detect(inv: Inventory, ctx: RuleContext): Hit[];
}

export interface Finding {
  rule: string;
  category: Category;
  severity: Severity;
  title: string;
  message: string;
  /** Why it matters, in words a beginner understands (the rule's `why`). */
  why: string;
  paths: string[];
  files: number;
  bytes: number;
  /** `staged` when any covered file is in the index (or the range), else `untracked`. */
  origin: Origin;
  fix: { gitignore: string[]; unstage: string[] };
  data?: Record<string, unknown>;
  tree?: TreeNode[];
  /**
   * Untracked folders (`dir/`) the finding covers that git listed as one entry and cruft-check
   * did not look inside (a dependency tree known by its name): `files` and `bytes` leave them out.
   */
  uncounted?: string[];
  /**
   * For each folder the finding names (`dir/`, among `paths`, or bulk-add's top-level folders in
   * `tree`): one real file in it, the marker that identified it or else its first file in path
   * order. Code scanning and Code Quality place a finding on a file and a line, never on a folder.
   * A folder without an entry here is one whose files nobody listed (see `uncounted`).
   */
  anchors?: Record<string, string>;
}

export type Scope = 'staged' | 'preflight' | 'hook' | 'range';

export interface Report {
  version: 1;
  scope: Scope;
  summary: {
    files: number;
    bytes: number;
    findings: Record<Severity, number>;
    /** True when an error finding concerns what this commit (or range) adds. */
    blocking: boolean;
  };
  findings: Finding[];
  /** Scope `range` only: what was compared, and how many commits the range holds. */
  range?: RangeSummary;
}

export interface RangeSummary {
  /** As the user wrote it (`origin/main...HEAD`). */
  text: string;
  /** The commit compared with (the merge base, or BASE for two dots) and the range's HEAD. */
  from: string;
  to: string;
  /** Commits in `from..to`. 0: HEAD is the base (or behind it), nothing was there to check. */
  commits: number;
}

export interface Thresholds {
  bulkFiles: number;
  bulkTopLevelDirs: number;
  bulkBytes: number;
  largeFileBytes: number;
}

/** A rule written in the configuration: globs and a message, never code. */
export interface ExtraRule {
  id: string;
  globs: string[];
  message: string;
  severity: Severity;
}

export interface Config {
  /** Per-rule severity override, or `off`. */
  rules: Record<string, Severity | 'off'>;
  thresholds: Thresholds;
  /** Rules from the configuration's `extraRules` (category `custom`). */
  extraRules?: ExtraRule[];
  /** The file the configuration came from, for messages. */
  source?: string;
}

/**
 * The mode of a fact that stands for a whole folder, a dependency tree recognised by its name: an
 * untracked one git listed as one entry (`git ls-files --others --directory`) and cruft-check did
 * not look inside (its `size` is 0, its files not counted), or a staged one whose files were
 * folded into it (foldFolders in src/facts/inventory.ts). Git's own mode for a tree.
 */
export const UNEXPANDED_DIR_MODE = '040000';

export const MiB = 1024 * 1024;

export const DEFAULT_CONFIG: Config = {
  rules: {},
  thresholds: {
    bulkFiles: 200,
    bulkTopLevelDirs: 5,
    bulkBytes: 20 * MiB,
    largeFileBytes: 5 * MiB,
  },
};
