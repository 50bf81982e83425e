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
  /** Size in bytes of the content the commit would hold. */
  size: number;
  renamedFrom?: string;
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
}

export interface TreeNode {
  path: string;
  files: number;
  bytes: number;
  children?: TreeNode[];
}

export interface RuleContext {
  config: Config;
  /** Paths already covered by an earlier rule's finding: file rules skip them. */
  claimed: Set<string>;
  /** Names at the top level of HEAD's tree (for "new top-level folder"). Undefined: unknown. */
  headTopLevel?: Set<string>;
  /** Does this path exist in the work tree (repository-relative)? */
  exists(path: string): boolean;
}

export interface RuleExamples {
  /** Each example is a set of file paths; the rule must report at least one finding. */
  flagged: string[][];
  /** The rule must report nothing for these. */
  clean: string[][];
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
}

export interface Thresholds {
  bulkFiles: number;
  bulkTopLevelDirs: number;
  bulkBytes: number;
  largeFileBytes: number;
}

export interface Config {
  /** Per-rule severity override, or `off`. */
  rules: Record<string, Severity | 'off'>;
  thresholds: Thresholds;
  /** The file the configuration came from, for messages. */
  source?: string;
}

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
