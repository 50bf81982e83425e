// What the history holds, as `cruft-check audit` reads it: the tree at a commit (`ls-tree -r -l`),
// every object reachable from some revisions with its size (`rev-list --objects` piped into
// `cat-file --batch-check`), and narrow `log --raw` passes (which commits added a path, every
// version a path held, what each commit changed). Each is one git process (through src/git/run.ts),
// its output parsed as it streams; nothing is checked out and no process is started per commit or
// per file.
import type { ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { CruftError, errors } from '../errors.js';
import type { FileFact } from '../model.js';
import { nulRecords, separatedRecords } from './listing.js';
import { decodePath } from './parse.js';
import type { Repo } from './read.js';
import { gitProcess, gitStream, gitZ } from './run.js';

/** Like openRepo(), but a bare repository (a `git clone --mirror`) is fine: nothing is read from a work tree. */
export async function openCommitted(cwd: string, env: NodeJS.ProcessEnv): Promise<Repo & { bare: boolean }> {
  // --show-toplevel comes last: in a bare repository it fails after the other answers are printed.
  const r = await gitZ(cwd, ['rev-parse', '--is-bare-repository', '--absolute-git-dir', '--show-toplevel'], { env, allowFail: true });
  if (/not a git repository/i.test(r.stderr)) throw errors.notARepo(cwd);
  const lines = decodePath(r.stdout).split('\n');
  const gitDir = lines[1] ?? '';
  if (!gitDir) throw errors.gitFailed(['rev-parse'], r.stderr);
  const bare = lines[0] === 'true' || !lines[2];
  return { root: bare ? gitDir : (lines[2] ?? gitDir), gitDir, head: undefined, inherited: [], env, bare };
}

/** The commit `rev` names, or undefined. */
export async function resolveCommit(repo: Repo, rev: string): Promise<string | undefined> {
  const r = await gitZ(repo.root, ['rev-parse', '--verify', '-q', '--end-of-options', `${rev}^{commit}`], { env: repo.env, allowFail: true });
  return r.code === 0 ? r.stdout.toString('latin1').trim() : undefined;
}


/** `git ls-tree -r -z -l <commit>`: `<mode> <type> <oid> <size>` TAB `<path>` NUL; size `-` for gitlinks (padded with spaces). */
export async function readTree(repo: Repo, commit: string): Promise<FileFact[]> {
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

export interface Commit {
  oid: string;
  time: number;
  subject: string;
}

const LOG_FORMAT = '--format=%x02%H %at %s';
// Git settings that would change what `log` prints: signatures, colour, paths relative to a subdirectory.
const LOG_OPTIONS = ['--no-show-signature', '--no-color', '--no-relative', '--raw', '-z', '--no-abbrev', '--no-renames', '--root', LOG_FORMAT];

/** The mode at `buf[start, end)`, as one shared string for the usual ones. */
function modeAt(buf: Buffer, start: number, end: number): string {
  if (end - start === 6 && buf[start] === 0x31 && buf[start + 1] === 0x30 && buf[start + 2] === 0x30 && buf[start + 3] === 0x36 && buf[start + 4] === 0x34) {
    if (buf[start + 5] === 0x34) return '100644';
    if (buf[start + 5] === 0x35) return '100755';
  }
  if (end - start === 6 && buf[start] === 0x30 && buf[start + 1] === 0x30) return '000000';
  return buf.toString('latin1', start, end);
}

/**
 * Stream `git log --raw -z` output: commit lines (`\x02<oid> <time> <subject>`), then each entry
 * as a header (`:<modes> <oids> <status>`, with one colon per parent for a merge's combined diff)
 * and its path. `onEntry` gets the result side: the path's mode and object after the commit
 * (mode `000000` when the commit deleted it).
 */
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


export interface HistoryRead {
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
export function readHistory(repo: Repo, revs: string[], onProgress: (commits: number, objects: number) => void = () => {}): Promise<HistoryRead> {
  const paths = new Map<string, string[]>();
  const sizes = new Map<string, number>();
  let commits = 0;
  let objects = 0;
  const line = (buf: Buffer, start: number, end: number, utf8: boolean): void => {
    objects++;
    const t = buf[start];
    if (t === 0x63 /* commit */) {
      commits++;
      onProgress(commits, objects);
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
export async function introductions(repo: Repo, revs: string[], paths: string[]): Promise<Map<string, Commit[]>> {
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

export interface PathLog {
  /** Each path that a commit added or changed, with the objects it held (newest first). */
  versions: Map<string, string[]>;
  /** The commits that added each path, newest first. */
  added: Map<string, Commit[]>;
  /** Each commit (merges excepted: the log shows them no changes) with the paths it changed. */
  changes: Array<{ commit: Commit; paths: string[] }>;
}

/** What a `git log --raw` pass is limited to (nothing: the whole history, every path). */
export interface LogLimit {
  /** `--find-object` for each: only the changes that add or remove one of these objects. */
  objects?: string[];
  /** Literal pathspecs (`dir/` a folder). */
  paths?: string[];
  /** Exactly these commits (`--no-walk --stdin`), instead of the history of `revs`. */
  commits?: string[];
}

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
export async function readPathLog(repo: Repo, revs: string[], limit: LogLimit = {}): Promise<PathLog> {
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
export function removedBy(listed: string[]): (path: string) => boolean {
  const set = new Set(listed);
  return (path) => {
    if (set.has(path)) return true;
    for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) if (set.has(path.slice(0, i + 1))) return true;
    return false;
  };
}

/** Branches (at most this many) whose tree is checked for being emptied by the rewrite under --all. */
const BRANCHES_CHECKED = 50;

/** The branches under refs/heads with their tips, for --all (the first BRANCHES_CHECKED). */
export async function branchTips(repo: Repo): Promise<Array<[string, string]>> {
  const r = await gitZ(repo.root, ['for-each-ref', `--count=${BRANCHES_CHECKED}`, '--format=%(objectname) %(refname:short)', 'refs/heads'], { env: repo.env, allowFail: true });
  return decodePath(r.stdout)
    .split('\n')
    .filter(Boolean)
    .map((l) => [l.slice(l.indexOf(' ') + 1), l.slice(0, l.indexOf(' '))]);
}

/** A file as committed in `commit` (`cat-file blob commit:name`), or undefined when there is none. */
export async function readCommittedFile(repo: Repo, commit: string, name: string): Promise<string | undefined> {
  const r = await gitZ(repo.root, ['cat-file', 'blob', `${commit}:${name}`], { env: repo.env, allowFail: true });
  return r.code === 0 ? r.stdout.toString('utf8') : undefined;
}
