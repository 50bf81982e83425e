// `--range BASE...HEAD`: what a branch adds, for CI on a pull request. The facts come from one
// `git diff --raw` between two commits (the files the branch adds or changes, at their content in
// HEAD, renames followed) and one `cat-file --batch-check` for their sizes. A file added and
// deleted again inside the range is in neither end's tree, yet in the commits a merge brings
// along: one `git log --raw` of the range lists those (rules/history.ts judges them).
//
// Shallow clones (CI's default) often lack the merge base; that is an environment problem with a
// known fix, so it ends the run with exit 2 and the `git fetch` command, never with an empty report.
import { CruftError, errors } from '../errors.js';
import type { Carrier, FileFact } from '../model.js';
import { parseBatchCheck, parseDiffRaw, splitNul } from './parse.js';
import { gitZ, type Repo } from './read.js';

export interface RangeSpec {
  /** As written by the user, for messages. */
  text: string;
  base: string;
  head: string;
  /** `BASE...HEAD` (and a lone `BASE`): compare with the merge base. `BASE..HEAD`: with BASE itself. */
  mergeBase: boolean;
}

export interface RangeFacts {
  facts: FileFact[];
  /** The commit the branch is compared with (the merge base, or BASE for two dots). */
  from: string;
  /** HEAD of the range, resolved. */
  to: string;
  /** Commits in `from..to`: 0 when HEAD is the base itself (CI that checked out the wrong ref). */
  commits: number;
  /**
   * Files the range's commits added (or changed) and deleted again: in neither end's tree, yet in
   * the commits a merge would bring along. Each with `carriedBy`.
   */
  transient: FileFact[];
}

/**
 * Parse `BASE...HEAD`, `BASE..HEAD`, `BASE...` / `BASE..` (HEAD implied) or a lone `BASE` (short
 * for `BASE...HEAD`, what a pull request means), the way git's own revision syntax reads them.
 */
export function parseRange(text: string): RangeSpec {
  const three = text.indexOf('...');
  const two = text.indexOf('..');
  let base: string;
  let head: string;
  let mergeBase = true;
  if (three >= 0) {
    base = text.slice(0, three);
    head = text.slice(three + 3);
  } else if (two >= 0) {
    base = text.slice(0, two);
    head = text.slice(two + 2);
    mergeBase = false;
  } else {
    base = text;
    head = '';
  }
  if (base === '') throw errors.usage(`--range needs a base revision, for example --range origin/main...HEAD (got "${text}")`);
  head ||= 'HEAD';
  for (const rev of [base, head]) {
    // Never let a revision be read as an option by git (or by a person reading the message).
    if (rev.startsWith('-') || /[\s\0]/.test(rev)) throw errors.usage(`--range: "${rev}" is not a revision`);
  }
  return { text, base, head, mergeBase };
}

/** The name of the remote a remote-tracking branch belongs to (`origin/main` → `origin`), if any. */
async function remoteOf(repo: Repo, rev: string): Promise<{ remote: string; branch: string } | undefined> {
  const remotes = (await gitZ(repo.root, ['remote'], { env: repo.env, allowFail: true })).stdout.toString('utf8').split('\n').filter(Boolean);
  // Longest name first: a remote may itself contain a slash (`team/origin`).
  for (const remote of remotes.sort((a, b) => b.length - a.length)) {
    for (const prefix of [`${remote}/`, `remotes/${remote}/`, `refs/remotes/${remote}/`]) {
      if (rev.startsWith(prefix) && rev.length > prefix.length) return { remote, branch: rev.slice(prefix.length) };
    }
  }
  return undefined;
}

async function isShallow(repo: Repo): Promise<boolean> {
  const r = await gitZ(repo.root, ['rev-parse', '--is-shallow-repository'], { env: repo.env, allowFail: true });
  return r.stdout.toString('utf8').trim() === 'true';
}

/** `git rev-parse --verify -q <rev>^{commit}` → the full object name, or a CruftError that says how to get it. */
async function resolveCommit(repo: Repo, rev: string): Promise<string> {
  const r = await gitZ(repo.root, ['rev-parse', '--verify', '-q', '--end-of-options', `${rev}^{commit}`], { env: repo.env, allowFail: true });
  const oid = r.stdout.toString('utf8').trim();
  if (r.code === 0 && oid) return oid;
  const tracking = await remoteOf(repo, rev);
  const hint = tracking
    ? `Fetch it first: git fetch ${tracking.remote} ${tracking.branch}:refs/remotes/${tracking.remote}/${tracking.branch}`
    : (await isShallow(repo))
      ? 'This is a shallow clone; fetch the branch or more history first (git fetch --unshallow).'
      : 'Check the name with `git rev-parse` (in CI, fetch the base branch first).';
  throw new CruftError(`--range: unknown revision "${rev}".`, hint);
}

/**
 * The files `spec` adds or changes.
 *
 *   git merge-base <base> <head>                     → 3f2a…   (three dots only)
 *   git diff --raw -z --no-abbrev -M <from> <head>   → `:000000 100644 0000… 9ae1… A` NUL `path` NUL …
 *   git cat-file --batch-check='%(objectname) %(objectsize)'  (every blob's oid on stdin, one process)
 *
 * See git-diff(1) "Raw output format" and git-merge-base(1).
 */
export async function readRange(repo: Repo, spec: RangeSpec): Promise<RangeFacts> {
  const [base, to] = await Promise.all([resolveCommit(repo, spec.base), resolveCommit(repo, spec.head)]);
  let from = base;
  if (spec.mergeBase) {
    const r = await gitZ(repo.root, ['merge-base', base, to], { env: repo.env, allowFail: true });
    const found = r.stdout.toString('utf8').trim();
    if (r.code !== 0 || !found) {
      if (r.code > 1) throw errors.gitFailed(['merge-base'], r.stderr);
      throw await noMergeBase(repo, spec);
    }
    from = found;
  }
  const out = await gitZ(
    repo.root,
    ['diff', '--raw', '-z', '--no-abbrev', '-M', '--no-ext-diff', '--no-textconv', '--diff-filter=ACMRT', from, to],
    { env: repo.env },
  );
  const facts: FileFact[] = parseDiffRaw(out.stdout).map((e) => ({
    path: e.path,
    origin: 'range' as const,
    status: e.status,
    mode: e.dstMode,
    oid: e.dstOid,
    size: 0,
    ...(e.from !== undefined ? { renamedFrom: e.from } : {}),
  }));
  // An empty range compares a commit with itself: "nothing to flag" would be true and useless.
  const count = from === to ? undefined : await gitZ(repo.root, ['rev-list', '--count', `${from}..${to}`], { env: repo.env });
  const commits = count ? Number(count.stdout.toString('latin1').trim()) || 0 : 0;
  const transient = commits > 0 ? await readTransient(repo, from, to, new Set(facts.map((f) => f.path))) : [];
  const blobs = [...facts, ...transient].filter((f) => f.mode !== '160000');
  if (blobs.length > 0) {
    const sizes = await gitZ(repo.root, ['cat-file', '--batch-check=%(objectname) %(objectsize)'], {
      env: repo.env,
      stdin: `${[...new Set(blobs.map((f) => f.oid))].join('\n')}\n`,
    });
    const byOid = parseBatchCheck(sizes.stdout.toString('latin1'));
    for (const f of blobs) f.size = byOid.get(f.oid) ?? 0;
  }
  return { facts, from, to, commits, transient };
}

/**
 * The files `from..to` added or changed that are not in the diff between its ends (deleted again
 * before `to`), with the commits that carried and deleted them:
 *
 *   git log --raw -z --no-renames --no-abbrev --diff-filter=AMD --format=%x02%H %s <from>..<to>
 *   → `\x02<oid> <subject>` NUL `\n:100644 000000 <old> 0000… D` NUL `path` NUL …
 *
 * Newest commit first, so a path's first object listed is its last version. (Merges show no
 * changes here; their own content is in their parents' commits.)
 */
async function readTransient(repo: Repo, from: string, to: string, inDiff: Set<string>): Promise<FileFact[]> {
  const out = await gitZ(
    repo.root,
    ['log', '--no-show-signature', '--no-color', '--no-relative', '--raw', '-z', '--no-renames', '--no-abbrev', '--diff-filter=AMD', '--format=%x02%H %s', `${from}..${to}`, '--'],
    { env: repo.env },
  );
  const seen = new Map<string, { mode: string; oid: string; gone: boolean; carrier: Carrier }>();
  let commit = { commit: '', subject: '' };
  const fields = splitNul(out.stdout);
  for (let i = 0; i < fields.length; i++) {
    const field = (fields[i] ?? '').replace(/^\n/, '');
    if (field.startsWith('\x02')) {
      const sp = field.indexOf(' ');
      commit = { commit: field.slice(1, sp < 0 ? undefined : sp), subject: sp < 0 ? '' : field.slice(sp + 1) };
      continue;
    }
    if (!field.startsWith(':')) continue;
    const [, dstMode = '', , dstOid = '', status = ''] = field.slice(1).split(' ');
    const path = fields[++i] ?? '';
    if (inDiff.has(path)) continue;
    let entry = seen.get(path);
    if (!entry) {
      // The newest change comes first: unless it deleted the path, the path is in `to`'s tree.
      entry = { mode: '', oid: '', gone: status.startsWith('D'), carrier: { added: [], deleted: [] } };
      seen.set(path, entry);
    }
    if (status.startsWith('D')) entry.carrier.deleted.push(commit);
    else {
      entry.carrier.added.push(commit);
      if (!entry.oid) [entry.mode, entry.oid] = [dstMode, dstOid];
    }
  }
  const facts: FileFact[] = [];
  for (const [path, e] of seen) {
    // Deleted only (it was in the base): nothing of it was added by the branch.
    if (!e.oid || !e.gone) continue;
    facts.push({ path, origin: 'range', status: 'A', mode: e.mode, oid: e.oid, size: 0, carriedBy: { added: e.carrier.added.reverse(), deleted: e.carrier.deleted.reverse() } });
  }
  return facts.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** No merge base: in a shallow clone, say exactly which fetch gets one; otherwise the histories are unrelated. */
async function noMergeBase(repo: Repo, spec: RangeSpec): Promise<CruftError> {
  if (await isShallow(repo)) {
    const tracking = await remoteOf(repo, spec.base);
    const remote = tracking ? ` ${tracking.remote}` : '';
    return new CruftError(
      `--range ${spec.text}: this shallow clone does not reach the merge base of ${spec.base} and ${spec.head}.`,
      `Fetch the missing history, then run again: git fetch --unshallow${remote}  (or, step by step: git fetch --deepen=100${remote})`,
    );
  }
  return new CruftError(
    `--range ${spec.text}: ${spec.base} and ${spec.head} have no common history (no merge base).`,
    `Compare the two trees directly instead: --range ${spec.base}..${spec.head}`,
  );
}
