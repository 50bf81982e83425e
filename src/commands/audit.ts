// `cruft-check audit [REV] [--history]`: the cruft already committed. A hook only stops what is
// about to be added; what got in before it was installed (or past `--no-verify`) is still in
// every clone. The same rules judge:
// - the tree at REV (default HEAD): `git ls-tree -r -l` gives every path with its object and size;
// - with --history, every commit reachable from REV (or every ref with --all): one `git log --raw`
//   pass names each version of each path with the commit that brought it, and one
//   `git cat-file --batch-check` fed while the log streams gives each version's size. Nothing is
//   checked out and no process is started per commit or per file.
// Each finding names the commit that introduced it, what it weighs in the history and the
// `git filter-repo` command that would remove it — with the warning that rewriting history needs.
import type { ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { writeFileSync } from 'node:fs';
import pc from 'picocolors';
import { compileCruftignore, loadConfig, loadCruftignore, parseConfig, type PathFilter, CONFIG_FILE, IGNORE_FILE } from '../facts/config.js';
import { CruftError, errors } from '../errors.js';
import { formatBytes, plural, printable, safeText, shellQuote } from '../text.js';
import { nulRecords, separatedRecords } from '../git/listing.js';
import { gitProcess, gitStream } from '../git/run.js';
import { decodePath } from '../git/parse.js';
import { gitEnv, gitZ, type Repo } from '../git/read.js';
import { buildInventory } from '../facts/inventory.js';
import type { Config, FileFact, Finding, Report, Severity } from '../model.js';
import { exitCodeFor, writeOutputs, type Output } from '../report/output.js';
import { runRulesGathering } from '../judge/run.js';
import { RULES } from '../rules/index.js';
import { gatherProbe } from '../facts/sniff.js';
import { summarise } from '../judge/check.js';

export interface AuditOptions {
  /** A commit (default HEAD). */
  rev?: string;
  /** Every commit reachable from REV, not only its tree. */
  history: boolean;
  /** With history: every ref (branches, tags, stashes…), as `git log --all`. */
  all: boolean;
  plan: Output[];
  color: boolean;
  failOn: Severity | 'never';
  yes: boolean;
  env?: NodeJS.ProcessEnv;
  /** Where progress goes (a terminal only); stderr by default. */
  progress?: NodeJS.WriteStream;
}

export interface Introduction {
  commit: string;
  /** ISO 8601, from the author date. */
  date: string;
  subject: string;
}

export interface AuditFinding extends Finding {
  audit: {
    /** The oldest commit that added one of the finding's files (for a tree audit: of the files now in the tree). */
    introducedIn?: Introduction;
    /** Commits that added one of its files. */
    commits: number;
    /** Bytes of every distinct version of its files stored in the history (tree audit: at REV). */
    historyBytes: number;
    /** Distinct contents (blobs) of its files: a file and its unchanged copy are two files, one content. */
    contents: number;
    /** Is any of its files in the tree at REV (for --all: at HEAD)? */
    present: boolean;
    /**
     * History only: other paths that held the same contents (a folder renamed or copied on some
     * branch), folded into folders where everything ever under a folder is the finding's.
     */
    otherPaths?: string[];
    /** `git filter-repo` command that would remove its paths (and otherPaths) from every commit. */
    removeFromHistory: string;
  };
}

export interface RewriteEffect {
  /** History audits: commits whose every change the rewrite removes (filter-repo drops them). */
  emptiedCommits?: number;
  /** The first few of them. */
  emptiedSample?: string[];
  /** Branches (or the audited revision) whose whole tree the rewrite removes: left empty. */
  emptiedBranches: string[];
}

export interface AuditReport extends Report {
  audit: {
    mode: 'tree' | 'history';
    /** What was audited: the revision as given, `--all`, or HEAD. */
    rev: string;
    commit?: string;
    commits: number;
    /** Distinct file versions (blobs) looked at. */
    blobs: number;
    warning: string;
    /** When something is flagged: what the combined removal command would leave empty. */
    rewrite?: RewriteEffect;
  };
  findings: AuditFinding[];
}

export const REWRITE_WARNING =
  'Removing files from history rewrites every commit after the first one that holds them. Rotate any ' +
  'leaked password or key first (a rewrite does not un-leak it). Agree on it with everyone who uses the ' +
  'repository, run it in a fresh clone (git clone --mirror), force-push every branch and tag, and have ' +
  'everyone re-clone: an old clone pushed again brings the files back.';

// ---------------------------------------------------------------------------------------------
// Repository

/** Like openRepo(), but a bare repository (a `git clone --mirror`) is fine: nothing is read from a work tree. */
async function openForAudit(cwd: string, env: NodeJS.ProcessEnv): Promise<Repo & { bare: boolean }> {
  // --show-toplevel comes last: in a bare repository it fails after the other answers are printed.
  const r = await gitZ(cwd, ['rev-parse', '--is-bare-repository', '--absolute-git-dir', '--show-toplevel'], { env, allowFail: true });
  if (/not a git repository/i.test(r.stderr)) throw errors.notARepo(cwd);
  const lines = decodePath(r.stdout).split('\n');
  const gitDir = lines[1] ?? '';
  if (!gitDir) throw errors.gitFailed(['rev-parse'], r.stderr);
  const bare = lines[0] === 'true' || !lines[2];
  return { root: bare ? gitDir : (lines[2] ?? gitDir), gitDir, head: undefined, inherited: [], env, bare };
}

async function resolveCommit(repo: Repo, rev: string): Promise<string | undefined> {
  const r = await gitZ(repo.root, ['rev-parse', '--verify', '-q', '--end-of-options', `${rev}^{commit}`], { env: repo.env, allowFail: true });
  return r.code === 0 ? r.stdout.toString('latin1').trim() : undefined;
}

/** Configuration and .cruftignore: from the work tree, or in a bare repository from the audited commit. */
async function settings(repo: Repo & { bare: boolean }, commit: string | undefined): Promise<{ config: Config; allowed: PathFilter | undefined }> {
  const ids = RULES.map((r) => r.id);
  if (!repo.bare || !commit) return { config: loadConfig(repo.root, ids), allowed: repo.bare ? undefined : loadCruftignore(repo.root) };
  const show = async (name: string): Promise<string | undefined> => {
    const r = await gitZ(repo.root, ['cat-file', 'blob', `${commit}:${name}`], { env: repo.env, allowFail: true });
    return r.code === 0 ? r.stdout.toString('utf8') : undefined;
  };
  const [configText, ignoreText] = await Promise.all([show(CONFIG_FILE), show(IGNORE_FILE)]);
  let config = loadConfig(repo.root, ids);
  if (configText !== undefined) {
    try {
      config = parseConfig(`${commit.slice(0, 12)}:${CONFIG_FILE}`, JSON.parse(configText), ids);
    } catch (e) {
      if (e instanceof CruftError) throw e;
      throw errors.badConfig(`${commit.slice(0, 12)}:${CONFIG_FILE}`, '', `is not valid JSON: ${(e as Error).message}`);
    }
  }
  return { config, allowed: ignoreText === undefined ? undefined : compileCruftignore(ignoreText) };
}

// ---------------------------------------------------------------------------------------------
// Reading what was committed

/** `git ls-tree -r -z -l <commit>`: `<mode> <type> <oid> <size>` TAB `<path>` NUL; size `-` for gitlinks (padded with spaces). */
async function readTree(repo: Repo, commit: string): Promise<FileFact[]> {
  const facts: FileFact[] = [];
  const records = nulRecords((buf, start, end, utf8) => {
    const tab = buf.indexOf(9, start);
    if (tab < 0 || tab >= end) return;
    const sp1 = buf.indexOf(32, start);
    const sp2 = buf.indexOf(32, sp1 + 1);
    const sp3 = buf.indexOf(32, sp2 + 1);
    const size = buf.toString('latin1', sp3 + 1, tab).trim();
    const path = utf8 ? buf.toString('utf8', tab + 1, end) : decodePath(buf.subarray(tab + 1, end));
    facts.push({ path, origin: 'range', status: 'A', mode: buf.toString('latin1', start, sp1), oid: buf.toString('latin1', sp2 + 1, sp3), size: size === '-' ? 0 : Number(size) });
  });
  await gitStream(repo.root, ['ls-tree', '-r', '-z', '-l', '--full-tree', commit], { env: repo.env }, (chunk) => records.push(chunk));
  records.end();
  return facts;
}

interface Commit {
  oid: string;
  time: number;
  subject: string;
}

const LOG_FORMAT = '--format=%x02%H %at %s';
// Git settings that would change what `log` prints: signatures, colour, paths relative to a subdirectory.
const LOG_OPTIONS = ['--no-show-signature', '--no-color', '--no-relative', '--raw', '-z', '--no-abbrev', '--no-renames', '--root', LOG_FORMAT];

/**
 * Stream `git log --raw -z` output: commit lines (`\x02<oid> <time> <subject>`), then each entry
 * as a header (`:<modes> <oids> <status>`, with one colon per parent for a merge's combined diff)
 * and its path. `onEntry` gets the result side: the path's mode and object after the commit
 * (mode `000000` when the commit deleted it).
 */
/** The mode at `buf[start, end)`, as one shared string for the usual ones. */
function modeAt(buf: Buffer, start: number, end: number): string {
  if (end - start === 6 && buf[start] === 0x31 && buf[start + 1] === 0x30 && buf[start + 2] === 0x30 && buf[start + 3] === 0x36 && buf[start + 4] === 0x34) {
    if (buf[start + 5] === 0x34) return '100644';
    if (buf[start + 5] === 0x35) return '100755';
  }
  if (end - start === 6 && buf[start] === 0x30 && buf[start + 1] === 0x30) return '000000';
  return buf.toString('latin1', start, end);
}

function logParser(onCommit: (c: Commit) => void, onEntry: (c: Commit, path: string, mode: string, oid: string, added: boolean) => void) {
  let commit: Commit | undefined;
  let mode = '';
  let oid = '';
  let added = false;
  let pending = false;
  return nulRecords((buf, start, end, utf8) => {
    if (pending) {
      pending = false;
      if (commit) onEntry(commit, utf8 ? buf.toString('utf8', start, end) : decodePath(buf.subarray(start, end)), mode, oid, added);
      return;
    }
    let s = start;
    if (buf[s] === 10) s++; // entries after a commit line start on a new line
    if (s >= end) return;
    if (buf[s] === 0x02) {
      const line = utf8 ? buf.toString('utf8', s + 1, end) : decodePath(buf.subarray(s + 1, end));
      const sp1 = line.indexOf(' ');
      const sp2 = line.indexOf(' ', sp1 + 1);
      commit = { oid: line.slice(0, sp1), time: Number(line.slice(sp1 + 1, sp2 < 0 ? undefined : sp2)), subject: sp2 < 0 ? '' : line.slice(sp2 + 1) };
      onCommit(commit);
      return;
    }
    if (buf[s] !== 0x3a) return; // `:`
    // n parents (n colons): n+1 modes, n+1 object names, then n status letters. The last mode and
    // object are the result's.
    let parents = 0;
    while (buf[s + parents] === 0x3a) parents++;
    let field = s + parents;
    for (let i = 0; i < parents; i++) field = buf.indexOf(32, field) + 1;
    const modeEnd = buf.indexOf(32, field);
    mode = modeAt(buf, field, modeEnd);
    field = modeEnd + 1;
    for (let i = 0; i < parents; i++) field = buf.indexOf(32, field) + 1;
    const oidEnd = buf.indexOf(32, field);
    oid = buf.toString('latin1', field, oidEnd);
    added = buf.indexOf(0x41, oidEnd) >= 0 && buf.indexOf(0x41, oidEnd) < end; // `A` among the status letters
    pending = true;
  });
}

/** A line on a terminal that says how far a long run has got; nothing when not a terminal. */
function progressLine(stream: NodeJS.WriteStream | undefined) {
  const tty = Boolean(stream?.isTTY);
  let last = 0;
  let shown = false;
  return {
    update(text: () => string): void {
      if (!tty || !stream) return;
      const now = Date.now();
      if (now - last < 150) return;
      last = now;
      shown = true;
      stream.write(`\r\x1b[K${text()}`);
    },
    clear(): void {
      if (shown && stream) stream.write('\r\x1b[K');
    },
  };
}

interface HistoryRead {
  /** Each path with the distinct versions (object names) git listed for it, newest first. */
  paths: Map<string, string[]>;
  sizes: Map<string, number>;
  commits: number;
}

/**
 * Every object reachable from `revs`, as `git rev-list --objects | git cat-file --batch-check`
 * prints them: `<type> <oid> <size> <path>`. The two git processes are joined by a pipe of their
 * own (the listing never passes through JavaScript on its way to cat-file); only cat-file's lines
 * are read here, as they stream. rev-list names each object once, by the first path it was seen
 * at: content stored under several paths is counted under one of them.
 */
function readHistory(repo: Repo, revs: string[], progress: ReturnType<typeof progressLine>): Promise<HistoryRead> {
  const paths = new Map<string, string[]>();
  const sizes = new Map<string, number>();
  let commits = 0;
  let objects = 0;
  const line = (buf: Buffer, start: number, end: number, utf8: boolean): void => {
    objects++;
    const t = buf[start];
    if (t === 0x63 /* commit */) {
      commits++;
      progress.update(() => `cruft-check audit: ${commits.toLocaleString('en-US')} commits, ${objects.toLocaleString('en-US')} objects…`);
      return;
    }
    if (t !== 0x62 /* blob */) return;
    const sp1 = start + 4;
    const sp2 = buf.indexOf(32, sp1 + 1);
    const sp3 = buf.indexOf(32, sp2 + 1);
    if (sp2 < 0 || sp3 < 0 || sp3 > end) return;
    const oid = buf.toString('latin1', sp1 + 1, sp2);
    let size = 0;
    for (let i = sp2 + 1; i < sp3; i++) size = size * 10 + ((buf[i] ?? 48) - 48);
    sizes.set(oid, size);
    const path = utf8 ? buf.toString('utf8', sp3 + 1, end) : decodePath(buf.subarray(sp3 + 1, end));
    const versions = paths.get(path);
    if (versions) versions.push(oid);
    else paths.set(path, [oid]);
  };
  return new Promise((resolve, reject) => {
    const fail = (e: NodeJS.ErrnoException): void => reject(e.code === 'ENOENT' ? errors.gitMissing() : new CruftError(`could not run git: ${e.message}`));
    const list = gitProcess(repo.root, ['rev-list', '--objects', ...revs, '--'], { env: repo.env, stderr: true }) as ChildProcessByStdio<null, Readable, Readable>;
    const check = gitProcess(repo.root, ['cat-file', '--buffer', '--batch-check=%(objecttype) %(objectname) %(objectsize) %(rest)'], {
      env: repo.env,
      stdin: list.stdout,
      stderr: true,
    }) as ChildProcessByStdio<null, Readable, Readable>;
    // cat-file has its own copy of the pipe; this process must neither read nor hold it.
    list.stdout.destroy();
    const lines = separatedRecords(10, line);
    let listErr = '';
    let checkErr = '';
    let listCode: number | null = null;
    list.stderr.on('data', (b: Buffer) => (listErr += b.toString('utf8')));
    check.stderr.on('data', (b: Buffer) => (checkErr += b.toString('utf8')));
    check.stdout.on('data', (chunk: Buffer) => lines.push(chunk));
    list.on('error', fail);
    check.on('error', fail);
    list.on('exit', (code) => (listCode = code));
    check.on('close', (code) => {
      lines.end();
      const done = (): void => {
        if (listCode !== 0) reject(errors.gitFailed(['rev-list'], listErr));
        else if (code !== 0) reject(errors.gitFailed(['cat-file'], checkErr));
        else resolve({ paths, sizes, commits });
      };
      if (listCode === null) list.once('exit', done);
      else done();
    });
  });
}


/** For each of `paths` (files or `dir/`), the commits that added a file there, newest first. */
async function introductions(repo: Repo, revs: string[], paths: string[]): Promise<Map<string, Commit[]>> {
  const added = new Map<string, Commit[]>();
  if (paths.length === 0) return added;
  const parser = logParser(
    () => {},
    (c, path, _mode, _oid, isAdd) => {
      if (!isAdd) return;
      const list = added.get(path) ?? [];
      list.push(c);
      added.set(path, list);
    },
  );
  // Named as literal pathspecs when there are few; otherwise the whole log, filtered here.
  // (A name that is not UTF-8 cannot be an argument: then too.)
  const spec = paths.length <= 200 && !paths.some((p) => /[\udc80-\udcff]/u.test(p)) ? ['--', ...paths] : ['--'];
  await gitStream(repo.root, ['--literal-pathspecs', 'log', ...LOG_OPTIONS, '--diff-filter=A', ...revs, ...spec], { env: repo.env }, (chunk) => parser.push(chunk));
  parser.end();
  return added;
}

interface PathLog {
  /** Each path that a commit added or changed, with the objects it held (newest first). */
  versions: Map<string, string[]>;
  /** The commits that added each path, newest first. */
  added: Map<string, Commit[]>;
  /** Each commit (merges excepted: the log shows them no changes) with the paths it changed. */
  changes: Array<{ commit: Commit; paths: string[] }>;
}

/** What a `git log --raw` pass is limited to (nothing: the whole history, every path). */
interface LogLimit {
  /** `--find-object` for each: only the changes that add or remove one of these objects. */
  objects?: string[];
  /** Literal pathspecs (`dir/` a folder). */
  paths?: string[];
  /** Exactly these commits (`--no-walk --stdin`), instead of the history of `revs`. */
  commits?: string[];
}

/** Contents this small (an empty file, a one-line stub) are not matched by object name alone. */
const WEAK_CONTENT_BYTES = 64;

/** Pathspecs given as arguments: a few hundred at most, and only names git can take as arguments. */
const PATHSPEC_LIMIT = 200;
/** `--find-object` arguments: beyond this many the whole log is read and filtered here. */
const FIND_OBJECT_LIMIT = 2000;

/**
 * Paths with the contents they held, from `git log --raw --no-renames` over `revs` (a rename shows
 * as an addition under the new name, with the same object), as `limit` narrows it; paths outside
 * a narrowing that git could not be given are filtered out here. Deletions are kept only as
 * changes (what a rewrite would leave of each commit).
 */
async function readPathLog(repo: Repo, revs: string[], limit: LogLimit = {}): Promise<PathLog> {
  const versions = new Map<string, string[]>();
  const added = new Map<string, Commit[]>();
  const changes: PathLog['changes'] = [];
  const parser = logParser(
    (c) => changes.push({ commit: c, paths: [] }),
    (c, path, mode, oid, isAdd) => {
      changes[changes.length - 1]?.paths.push(path);
      if (mode === '000000') return;
      const list = versions.get(path);
      if (!list) versions.set(path, [oid]);
      else if (!list.includes(oid)) list.push(oid);
      if (!isAdd) return;
      const adds = added.get(path);
      if (adds) adds.push(c);
      else added.set(path, [c]);
    },
  );
  const args = ['log', ...LOG_OPTIONS];
  let stdin: string | undefined;
  if (limit.commits) {
    args.push('--no-walk=unsorted', '--stdin');
    stdin = `${limit.commits.join('\n')}\n`;
  } else args.push(...revs);
  if (limit.objects && limit.objects.length <= FIND_OBJECT_LIMIT) args.push(...limit.objects.map((o) => `--find-object=${o}`));
  // (A name that is not UTF-8 cannot be an argument: then the whole log, filtered below.)
  const spec = limit.paths && limit.paths.length <= PATHSPEC_LIMIT && !limit.paths.some((p) => /[\udc80-\udcff]/u.test(p)) ? limit.paths : undefined;
  await gitStream(repo.root, ['--literal-pathspecs', ...args, '--', ...(spec ?? [])], { env: repo.env, ...(stdin ? { stdin } : {}) }, (chunk) => parser.push(chunk));
  parser.end();
  if (limit.paths && !spec) {
    const keep = removedBy(limit.paths);
    for (const p of [...versions.keys()]) if (!keep(p)) versions.delete(p);
    for (const p of [...added.keys()]) if (!keep(p)) added.delete(p);
    for (const c of changes) c.paths = c.paths.filter(keep);
  }
  if (limit.objects && limit.objects.length > FIND_OBJECT_LIMIT) {
    const wanted = new Set(limit.objects);
    for (const [p, oids] of [...versions]) if (!oids.some((o) => wanted.has(o))) versions.delete(p);
  }
  return { versions, added, changes };
}

/** Is `path` one the rewrite removes: listed itself, or under a listed folder (`dir/`)? */
function removedBy(listed: string[]): (path: string) => boolean {
  const set = new Set(listed);
  return (path) => {
    if (set.has(path)) return true;
    for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) if (set.has(path.slice(0, i + 1))) return true;
    return false;
  };
}

/** Branches (at most this many) whose tree is checked for being emptied by the rewrite under --all. */
const BRANCHES_CHECKED = 50;

/**
 * What the printed rewrite would leave: commits that change nothing else (filter-repo drops them)
 * and branches whose tree holds nothing else (left empty). `tips` maps a name to its tree's paths.
 */
async function rewriteEffect(removed: (path: string) => boolean, changes: PathLog['changes'] | undefined, tips: Array<[string, Promise<string[]>]>): Promise<RewriteEffect> {
  const emptied = (changes ?? []).filter((c) => c.paths.length > 0 && c.paths.every(removed)).map((c) => c.commit.oid);
  const emptiedBranches: string[] = [];
  for (const [name, paths] of tips) {
    const list = await paths;
    if (list.length > 0 && list.every(removed)) emptiedBranches.push(name);
  }
  return { ...(changes ? { emptiedCommits: emptied.length, emptiedSample: emptied.slice(0, 5) } : {}), emptiedBranches };
}

/** The branches under refs/heads with their tips, for --all (the first BRANCHES_CHECKED). */
async function branchTips(repo: Repo): Promise<Array<[string, string]>> {
  const r = await gitZ(repo.root, ['for-each-ref', `--count=${BRANCHES_CHECKED}`, '--format=%(objectname) %(refname:short)', 'refs/heads'], { env: repo.env, allowFail: true });
  return decodePath(r.stdout)
    .split('\n')
    .filter(Boolean)
    .map((l) => [l.slice(l.indexOf(' ') + 1), l.slice(0, l.indexOf(' '))]);
}

/**
 * `extra` paths as few entries as is safe: a folder (`dir/`) when every path ever stored under it
 * belongs to the finding (`junk`), the highest such folder; else the file itself. The rewrite
 * removes what is listed, so a folder that ever held anything else is never named.
 */
function foldPaths(extra: string[], junk: Set<string>, allPaths: string[]): string[] {
  const clean = new Map<string, boolean>();
  const onlyJunk = (dir: string): boolean => {
    let known = clean.get(dir);
    if (known === undefined) {
      known = coveredBy({ paths: [dir] } as Finding, allPaths).every((p) => junk.has(p));
      clean.set(dir, known);
    }
    return known;
  };
  const out = new Set<string>();
  for (const p of extra.sort()) {
    let shown = p;
    for (let i = p.indexOf('/'); i >= 0; i = p.indexOf('/', i + 1)) {
      const dir = p.slice(0, i + 1);
      if (onlyJunk(dir)) {
        shown = dir;
        break;
      }
    }
    out.add(shown);
  }
  return [...out].sort();
}

// ---------------------------------------------------------------------------------------------
// Judging

/** The facts a finding covers: its files, and everything below the folders it shows as `dir/`. */
function coveredBy(finding: Finding, sortedPaths: string[]): string[] {
  const out: string[] = [];
  for (const p of finding.paths) {
    if (!p.endsWith('/')) {
      out.push(p);
      continue;
    }
    // Binary search for the first path under the folder, then take while the prefix holds.
    let lo = 0;
    let hi = sortedPaths.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((sortedPaths[mid] as string) < p) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < sortedPaths.length && (sortedPaths[i] as string).startsWith(p); i++) out.push(sortedPaths[i] as string);
  }
  return out;
}

function judge(repo: Repo, config: Config, facts: FileFact[]): Promise<Finding[]> {
  // The commit shape (bulk-add) is about one commit, not a whole tree or history.
  const effective: Config = { ...config, rules: { ...config.rules, ...Object.fromEntries(RULES.filter((r) => r.wholeCommit).map((r) => [r.id, 'off' as const])) } };
  const inv = buildInventory(facts);
  // Case twins are looked for among the audited paths themselves (the rule's own grouping), not in
  // today's index: an empty index listing, and no git process for it.
  return runRulesGathering(inv, { config: effective, exists: (p) => inv.byPath.has(p) || inv.dirs.has(p) }, (needs) =>
    gatherProbe(repo, needs, { indexPaths: [] }),
  );
}

export function filterRepoCommand(paths: string[]): string {
  // `--path dir` matches the folder and everything in it.
  return `git filter-repo --invert-paths ${paths.map((p) => `--path ${shellQuote(p.replace(/\/$/, ''))}`).join(' ')}`;
}

const iso = (c: Commit): Introduction => ({ commit: c.oid, date: new Date(c.time * 1000).toISOString(), subject: c.subject });

export async function audit(cwd: string, opts: Omit<AuditOptions, 'plan' | 'color' | 'failOn' | 'yes'>): Promise<AuditReport> {
  const env = gitEnv(opts.env ?? process.env);
  const repo = await openForAudit(cwd, env);
  if (opts.all && !opts.history) throw errors.usage('--all goes with --history: it audits the history of every branch and tag');
  if (opts.all && opts.rev !== undefined) throw errors.usage('give either a revision or --all, not both');
  const label = opts.all ? '--all' : (opts.rev ?? 'HEAD');
  const commit = await resolveCommit(repo, opts.all ? 'HEAD' : (opts.rev ?? 'HEAD'));
  if (!commit && opts.rev !== undefined) throw new CruftError(`unknown revision: ${opts.rev}`, 'Give a branch, tag or commit, for example `cruft-check audit main`.');
  const { config, allowed } = await settings(repo, commit);
  const keep = (p: string): boolean => !allowed?.(p);
  const progress = progressLine(opts.progress ?? process.stderr);
  const report = (facts: FileFact[], findings: AuditFinding[], commits: number, blobs: number, bytes: number, rewrite?: RewriteEffect): AuditReport => {
    const base = summarise('range', facts, findings);
    return {
      ...base,
      summary: { ...base.summary, bytes },
      findings,
      audit: { mode: opts.history ? 'history' : 'tree', rev: label, ...(commit ? { commit } : {}), commits, blobs, warning: REWRITE_WARNING, ...(rewrite ? { rewrite } : {}) },
    };
  };
  /** Every path the combined removal command names. */
  const removedPaths = (result: AuditFinding[]): string[] => [...new Set(result.flatMap((f) => [...f.paths, ...(f.audit.otherPaths ?? [])]))];

  if (!opts.history) {
    // Nothing committed yet: nothing to audit.
    if (!commit) return report([], [], 0, 0, 0);
    const facts = (await readTree(repo, commit)).filter((f) => keep(f.path));
    const findings = await judge(repo, config, facts);
    const sorted = facts.map((f) => f.path).sort();
    const byPath = new Map(facts.map((f) => [f.path, f]));
    const added = await introductions(repo, [commit], [...new Set(findings.flatMap((f) => f.paths))]);
    const result = findings.map((f): AuditFinding => {
      const covered = coveredBy(f, sorted);
      // The file now in the tree came with its latest addition (the first one the log shows).
      const firsts = covered.flatMap((p) => (added.get(p) ?? []).slice(0, 1));
      const introducedIn = oldest(firsts);
      // Each distinct object once: two paths holding the same content store it once.
      const sizes = new Map(covered.flatMap((p) => (byPath.has(p) ? [[byPath.get(p)?.oid, byPath.get(p)?.size ?? 0] as const] : [])));
      return {
        ...f,
        audit: {
          ...(introducedIn ? { introducedIn: iso(introducedIn) } : {}),
          commits: new Set(firsts.map((c) => c.oid)).size,
          historyBytes: [...sizes.values()].reduce((n, size) => n + size, 0),
          contents: sizes.size,
          present: true,
          removeFromHistory: filterRepoCommand(f.paths),
        },
      };
    });
    const rewrite = result.length ? await rewriteEffect(removedBy(removedPaths(result)), undefined, [[label, Promise.resolve(facts.map((f) => f.path))]]) : undefined;
    return report(facts, result, 1, new Set(facts.map((f) => f.oid)).size, facts.reduce((n, f) => n + f.size, 0), rewrite);
  }

  const revs = opts.all ? ['--all'] : commit ? [commit] : [];
  if (revs.length === 0) return report([], [], 0, 0, 0);
  const history = await readHistory(repo, revs, progress);
  progress.clear();
  // What is still in the tree: listed while the rules run, not while the history streams (both
  // listings at once would share the two git processes' cores).
  const present = commit ? readTree(repo, commit).then((fs) => new Set(fs.map((f) => f.path))) : Promise.resolve(new Set<string>());
  present.catch(() => {}); // awaited below
  // One fact per path: its newest version's object, and its largest version's size (what a
  // large-file rule should judge). rev-list gives no modes: every path counts as a plain file.
  const facts: FileFact[] = [];
  for (const [path, versions] of history.paths) {
    if (!keep(path)) continue;
    let size = 0;
    for (const oid of versions) size = Math.max(size, history.sizes.get(oid) ?? 0);
    facts.push({ path, origin: 'range', status: 'A', mode: '100644', oid: versions[0] ?? '', size });
  }
  facts.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const findings = await judge(repo, config, facts);
  const sorted = facts.map((f) => f.path);
  let total = 0;
  for (const size of history.sizes.values()) total += size;
  // rev-list above names each content once, by one of its paths: a copy under a folder renamed
  // on some branch would be missed, and left behind by the rewrite. Three narrow log passes:
  // 1. `--find-object` with every flagged content: each other path it was stored under;
  // 2. limited to the flagged paths and those others' top folders: every version, addition and
  //    change there (what the finding holds, when it came, which commits the rewrite touches);
  // 3. the commits of 2, in full: whether the rewrite would leave them with no change.
  const empty: PathLog = { versions: new Map(), added: new Map(), changes: [] };
  const flagged = findings.map((f) => {
    const oids = new Set<string>();
    for (const p of coveredBy(f, sorted)) for (const oid of history.paths.get(p) ?? []) oids.add(oid);
    return oids;
  });
  // Only contents distinctive enough to say "this is the same file": an empty or tiny file
  // (`mongod.lock`, a one-line index.js) has innocent twins all over a repository. The tiny files
  // of a renamed folder are found by their place in it instead (below).
  const distinctive = (oid: string): boolean => (history.sizes.get(oid) ?? 0) > WEAK_CONTENT_BYTES;
  const allFlagged = [...new Set(flagged.flatMap((o) => [...o]))].filter(distinctive);
  const copies = allFlagged.length ? await readPathLog(repo, revs, { objects: allFlagged }) : empty;
  const inside = (f: Finding): ((p: string) => boolean) => removedBy(f.paths);
  const elsewhere = findings.map(() => new Set<string>());
  findings.forEach((f, i) => {
    const isOwn = inside(f);
    for (const [path, versions] of copies.versions) if (!isOwn(path) && versions.some((o) => distinctive(o) && flagged[i]?.has(o))) elsewhere[i]?.add(path);
  });
  // The top folder of each other path: everything ever stored there is read, so a folder is named
  // in the rewrite only when all of it is the finding's.
  const tops = [...new Set(elsewhere.flatMap((e) => [...e].map((p) => (p.includes('/') ? p.slice(0, p.indexOf('/') + 1) : p))))];
  const scope = [...new Set([...findings.flatMap((f) => f.paths), ...tops])];
  const log = findings.length ? await readPathLog(repo, revs, { paths: scope }) : empty;
  const allPaths = [...new Set([...sorted, ...log.versions.keys()])].sort();
  const inTree = await present;
  const owned = findings.map((f) => new Set(coveredBy(f, allPaths)));
  // A copy's folder maps onto the finding's (`newdb/` ← `olddb/`): its other files, tiny ones
  // included, belong to the finding when the same name is the finding's there.
  findings.forEach((_, i) => {
    const own = owned[i] ?? new Set<string>();
    const byOid = new Map<string, string>();
    for (const p of own) for (const oid of [...(history.paths.get(p) ?? []), ...(log.versions.get(p) ?? [])]) if (!byOid.has(oid)) byOid.set(oid, p);
    const pairs = new Map<string, string>();
    for (const p of elsewhere[i] ?? []) {
      const twin = [...(log.versions.get(p) ?? copies.versions.get(p) ?? [])].map((o) => byOid.get(o)).find((q) => q !== undefined);
      if (!twin) continue;
      // The longest common ending of the two paths is the same file inside two folders.
      const a = p.split('/');
      const b = twin.split('/');
      // (The copy keeps at least one folder of its own; the original may be at the root.)
      let k = 0;
      while (k < a.length - 1 && k < b.length && a[a.length - 1 - k] === b[b.length - 1 - k]) k++;
      if (k === 0) continue;
      const prefix = (parts: string[]): string => parts.map((x) => `${x}/`).join('');
      pairs.set(prefix(a.slice(0, a.length - k)), prefix(b.slice(0, b.length - k)));
    }
    for (const [copy, orig] of pairs) {
      for (const p of coveredBy({ paths: [copy] } as Finding, allPaths)) if (own.has(orig + p.slice(copy.length))) elsewhere[i]?.add(p);
    }
  });
  const contents = owned.map((paths, i) => {
    const oids = new Set<string>(flagged[i]);
    for (const p of paths) for (const oid of [...(history.paths.get(p) ?? []), ...(log.versions.get(p) ?? [])]) oids.add(oid);
    return oids;
  });
  const result = findings.map((f, i): AuditFinding => {
    const paths = new Set([...(owned[i] ?? []), ...(elsewhere[i] ?? [])]);
    const oids = contents[i] ?? new Set<string>();
    // A path that held flagged content once is junk in every version (a later edit of the copy).
    for (const p of elsewhere[i] ?? []) for (const oid of [...(history.paths.get(p) ?? []), ...(log.versions.get(p) ?? [])]) oids.add(oid);
    const adds: Commit[] = [];
    const addedIn = new Set<string>();
    for (const p of paths) {
      const list = log.added.get(p);
      // The log is newest first: a path's last addition in the list is its first ever.
      const first = list?.[list.length - 1];
      if (first) adds.push(first);
      for (const c of list ?? []) addedIn.add(c.oid);
    }
    const introducedIn = oldest(adds);
    const historyBytes = [...oids].reduce((n, oid) => n + (history.sizes.get(oid) ?? 0), 0);
    const otherPaths = foldPaths([...(elsewhere[i] ?? [])], paths, allPaths);
    return {
      ...f,
      // Every path that ever held its files, not the distinct contents rev-list names (a file
      // and its unchanged copy are two files, one content).
      files: paths.size,
      // What it weighs in the history: every distinct version, each stored once.
      bytes: historyBytes,
      audit: {
        ...(introducedIn ? { introducedIn: iso(introducedIn) } : {}),
        commits: addedIn.size,
        historyBytes,
        contents: oids.size,
        present: [...paths].some((p) => inTree.has(p)),
        ...(otherPaths.length ? { otherPaths } : {}),
        removeFromHistory: filterRepoCommand([...f.paths, ...otherPaths]),
      },
    };
  });
  // Heaviest in the history first within each severity, as the check orders by bytes.
  const order: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
  result.sort((a, b) => order[a.severity] - order[b.severity] || b.audit.historyBytes - a.audit.historyBytes);
  let rewrite: RewriteEffect | undefined;
  if (result.length) {
    // Under --all every branch is a tip the rewrite could empty; else the audited revision.
    const tips: Array<[string, Promise<string[]>]> = opts.all
      ? (await branchTips(repo)).map(([name, oid]) => [name, readTree(repo, oid).then((fs) => fs.map((f) => f.path))])
      : [[label, Promise.resolve([...inTree])]];
    const removed = removedBy(removedPaths(result));
    const touched = log.changes.filter((c) => c.paths.some(removed)).map((c) => c.commit.oid);
    const full = touched.length ? await readPathLog(repo, revs, { commits: touched }) : empty;
    rewrite = await rewriteEffect(removed, full.changes, tips);
  }
  return report(facts, result, history.commits, history.sizes.size, total, rewrite);
}

function oldest(commits: Commit[]): Commit | undefined {
  let best: Commit | undefined;
  for (const c of commits) if (!best || c.time < best.time) best = c;
  return best;
}

// ---------------------------------------------------------------------------------------------
// Output

export function renderAuditHuman(r: AuditReport, color: boolean): string {
  const c = pc.createColors(color);
  const where = r.audit.mode === 'history' ? `in the history of ${printable(r.audit.rev)} (${plural(r.audit.commits, 'commit')})` : `in the tree of ${printable(r.audit.rev)}`;
  if (r.findings.length === 0) {
    // The history is read as its distinct contents (each stored once), not as paths.
    const what = r.audit.mode === 'history' ? plural(r.audit.blobs, 'distinct file content') : plural(r.summary.files, 'file');
    return `${c.green('✔')} cruft-check audit: nothing to flag ${where}, ${what} (${formatBytes(r.summary.bytes)}).\n`;
  }
  const lines = [`${c.bold('cruft-check audit')} found ${plural(r.findings.length, 'problem')} ${where}:`, ''];
  const mark = { error: c.red(c.bold('✖ error  ')), warning: c.yellow(c.bold('⚠ warning')), info: c.blue('ℹ info   ') };
  for (const f of r.findings) {
    lines.push(`${mark[f.severity]}  ${c.bold(f.title)}  ${c.dim(f.rule)}`);
    lines.push(`    ${printable(f.message)}`);
    for (const p of f.paths.slice(0, 5)) lines.push(`    ${c.cyan(printable(p))}`);
    if (f.paths.length > 5) lines.push(c.dim(`    … and ${f.paths.length - 5} more`));
    const other = f.audit.otherPaths ?? [];
    if (other.length) {
      lines.push(`    ${c.dim('the same contents also under (renamed or copied):')}`);
      for (const p of other.slice(0, 5)) lines.push(`    ${c.cyan(printable(p))}`);
      if (other.length > 5) lines.push(c.dim(`    … and ${other.length - 5} more`));
    }
    // Files are paths; a file and its unchanged copy are one content, stored once.
    const weight =
      r.audit.mode === 'history'
        ? `${plural(f.files, 'file')} over the history (${plural(f.audit.contents, 'distinct content')}), ${formatBytes(f.audit.historyBytes)} in the history`
        : `${plural(f.files, 'file')}, ${formatBytes(f.bytes)}`;
    const state = r.audit.mode === 'history' ? (f.audit.present ? `; still in ${printable(r.audit.rev === '--all' ? 'HEAD' : r.audit.rev)}` : '; deleted since, but every clone still holds it') : '';
    lines.push(c.dim(`    ${weight}${state}`));
    const intro = f.audit.introducedIn;
    if (intro) lines.push(`    ${c.dim('introduced in')} ${intro.commit.slice(0, 12)} ${c.dim(`(${intro.date.slice(0, 10)})`)} ${safeText(intro.subject)}`);
    if (r.audit.mode === 'tree' || f.audit.present) {
      lines.push(`    ${c.dim('stop tracking:')} ${safeText(`git rm -r --cached -q -- ${f.paths.map(shellQuote).join(' ')}`)}`);
      if (f.fix.gitignore.length) lines.push(`    ${c.dim('.gitignore:')}    ${safeText(f.fix.gitignore.join('  '))}`);
    }
    lines.push(`    ${c.dim('remove from history:')} ${safeText(f.audit.removeFromHistory)}`);
    lines.push('');
  }
  const all = [...new Set(r.findings.flatMap((f) => [...f.paths, ...(f.audit.otherPaths ?? [])]))];
  if (r.findings.length > 1) lines.push(`To remove all of it from history at once:`, `    ${safeText(filterRepoCommand(all))}`, '');
  const effect = r.audit.rewrite;
  if (effect?.emptiedBranches.length) {
    const names = effect.emptiedBranches.map(printable).join(', ');
    lines.push(c.red(`${c.bold('This rewrite empties')} ${names}: every file in ${effect.emptiedBranches.length === 1 ? 'its' : 'their'} tree is removed and nothing is left. Move what you want to keep out of the removed paths first.`));
  }
  if (effect?.emptiedCommits) {
    const sample = (effect.emptiedSample ?? []).map((o) => o.slice(0, 12)).join(', ');
    lines.push(c.yellow(`${c.bold('It leaves')} ${plural(effect.emptiedCommits, 'commit')} with no change at all (${sample}${effect.emptiedCommits > (effect.emptiedSample?.length ?? 0) ? ', …' : ''}): git filter-repo drops them, their messages go with them.`));
  }
  if (effect?.emptiedBranches.length || effect?.emptiedCommits) lines.push('');
  lines.push(c.yellow(`${c.bold('Careful:')} ${r.audit.warning}`));
  lines.push(c.dim('git filter-repo is a separate tool (https://github.com/newren/git-filter-repo); cruft-check never rewrites anything itself.'));
  return `${lines.join('\n')}\n`;
}

/** The `audit` command: report on standard output (or files) and return the exit code. */
export async function runAudit(cwd: string, opts: AuditOptions): Promise<number> {
  const r = await audit(cwd, opts);
  for (const o of opts.plan) {
    // The audit's own human report (commits, history weight, removal); the other formats as a check's.
    if (o.format !== 'human') await writeOutputs(r, [o], { rules: RULES, hasHead: true, color: false, env: process.env });
    else if (o.file === undefined) process.stdout.write(renderAuditHuman(r, opts.color));
    else writeReport(o.file, renderAuditHuman(r, false));
  }
  return opts.yes ? 0 : exitCodeFor(r, opts.failOn);
}

function writeReport(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (e) {
    throw new CruftError(`cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
