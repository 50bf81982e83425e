// What a push brings that the repository did not have: for the server's pre-receive door.
//
//   git rev-list <new tips> --not --all                  → the commits no existing ref reaches
//   git diff-tree --stdin -r -z --raw --no-abbrev --root → what each of those commits adds or changes
//   git cat-file --batch-check                            → the size of each blob
//
// Run inside git's quarantine (pre-receive): the pushed objects are readable only through the
// environment git set (GIT_QUARANTINE_PATH, GIT_ALTERNATE_OBJECT_DIRECTORIES, GIT_OBJECT_DIRECTORY),
// so `repo.env` must be the hook's own environment, untouched. Nothing here writes.
//
// Each new commit is judged by its own diff against its first parent (readCommitsAdded, shared
// with the pre-push hook), so a file added in one commit and deleted in the next is still seen:
// its blob would stay in the server's history. A merge commit lists nothing of its own: what it
// brings from its other parents is judged in those parents' own commits, when they are new.
import type { FileFact } from '../model.js';
import { parseBatchCheck, splitNul } from './parse.js';
import { gitZ, type Repo } from './read.js';

export const ZERO_OID = /^0+$/;

export interface PushedFacts {
  /** The new commits, newest first. */
  commits: string[];
  facts: FileFact[];
  /** Path → the new commits that added or changed it, newest first. */
  touchedBy: Map<string, string[]>;
}

/**
 * The commits reachable from `tips` and from none of the repository's refs nor of `alsoExclude`
 * (tips already judged for an earlier ref of the same push), and the files they add or change.
 */
export async function readPushed(repo: Repo, tips: string[], alsoExclude: string[] = []): Promise<PushedFacts> {
  if (tips.length === 0) return { commits: [], facts: [], touchedBy: new Map() };
  // (Object names only on the command line: git before 2.42 takes no options in --stdin mode.)
  const list = await gitZ(repo.root, ['rev-list', ...tips, '--not', '--all', ...alsoExclude, '--'], { env: repo.env });
  const commits = list.stdout.toString('latin1').split('\n').filter(Boolean);
  if (commits.length === 0) return { commits, facts: [], touchedBy: new Map() };
  return { commits, ...(await readCommitsAdded(repo, commits)) };
}

/** `git rev-parse --verify` of a revision: its full object name, or undefined when it names nothing. */
export async function resolveRev(repo: Repo, rev: string): Promise<string | undefined> {
  const r = await gitZ(repo.root, ['rev-parse', '--verify', '-q', '--end-of-options', rev], { env: repo.env, allowFail: true });
  const out = r.stdout.toString('latin1').trim();
  return r.code === 0 && out ? out : undefined;
}

/** The commit a pushed object names (a tag is judged by its commit); undefined for a tag of a tree or blob. */
export function peelToCommit(repo: Repo, oid: string): Promise<string | undefined> {
  return resolveRev(repo, `${oid}^{commit}`);
}

/** The text of `path` in `commit`'s tree, or undefined when it has none. */
export async function readBlobAt(repo: Repo, commit: string, path: string): Promise<string | undefined> {
  const r = await gitZ(repo.root, ['cat-file', 'blob', `${commit}:${path}`], { env: repo.env, allowFail: true });
  return r.code === 0 ? r.stdout.toString('utf8') : undefined;
}

/** The server's `cruftcheck.*` settings, lower-cased keys without the section (`timeout`, `rules.env-file`). */
export async function readPolicyConfig(repo: Repo): Promise<Map<string, string>> {
  const r = await gitZ(repo.root, ['config', '-z', '--get-regexp', '^cruftcheck\\.'], { env: repo.env, allowFail: true });
  const out = new Map<string, string>();
  for (const item of r.stdout.toString('utf8').split('\0')) {
    if (!item) continue;
    const nl = item.indexOf('\n');
    const key = (nl < 0 ? item : item.slice(0, nl)).slice('cruftcheck.'.length).toLowerCase();
    out.set(key, nl < 0 ? 'true' : item.slice(nl + 1));
  }
  return out;
}

export interface Added {
  facts: FileFact[];
  /** Path → the pushed commits that added or changed it, newest first. */
  touchedBy: Map<string, string[]>;
}

/**
 * What the commits add, each judged on its own diff from its first parent (a root commit: from
 * the empty tree). One process for every commit:
 *
 *   git diff-tree --stdin -r -z --raw --no-abbrev --root --no-renames --diff-filter=ACMT
 *   → `<commit>` NUL `:000000 100644 0000… 9ae1… A` NUL `path` NUL … `<next commit>` NUL …
 *
 * A merge commit shows nothing (no `-m`): what it brings came in commits judged on their own.
 */
export async function readCommitsAdded(repo: Repo, commits: string[]): Promise<Added> {
  const out = await gitZ(repo.root, ['diff-tree', '--stdin', '-r', '-z', '--raw', '--no-abbrev', '--root', '--no-renames', '--diff-filter=ACMT'], {
    env: repo.env,
    stdin: `${commits.join('\n')}\n`,
  });
  const fields = splitNul(out.stdout);
  const byPath = new Map<string, FileFact>();
  const touchedBy = new Map<string, string[]>();
  let commit = '';
  // (Indexed, with offsets rather than split(): a bulk push is 100,000 records.)
  for (let i = 0; i < fields.length; ) {
    const field = fields[i++] as string;
    if (field.charCodeAt(0) !== 58 /* ':' */) {
      commit = field.trim();
      continue;
    }
    // `:<src mode> <dst mode> <src oid> <dst oid> <status>`
    const s1 = field.indexOf(' ');
    const s2 = field.indexOf(' ', s1 + 1);
    const s3 = field.indexOf(' ', s2 + 1);
    const s4 = field.indexOf(' ', s3 + 1);
    const modified = field.charCodeAt(s4 + 1) === 77; /* 'M' */
    const path = fields[i++] ?? '';
    // Commits come newest first: the first version seen of a path is the newest pushed.
    const known = byPath.get(path);
    if (!known) byPath.set(path, { path, origin: 'range', status: modified ? 'M' : 'A', mode: field.slice(s1 + 1, s2), oid: field.slice(s3 + 1, s4), size: 0 });
    else if (!modified) known.status = 'A';
    const list = touchedBy.get(path);
    if (list) list.push(commit);
    else touchedBy.set(path, [commit]);
  }
  const facts = [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const blobs = facts.filter((f) => f.mode !== '160000');
  if (blobs.length > 0) {
    const sizes = await gitZ(repo.root, ['cat-file', '--batch-check=%(objectname) %(objectsize)'], { env: repo.env, stdin: `${[...new Set(blobs.map((f) => f.oid))].join('\n')}\n` });
    const byOid = parseBatchCheck(sizes.stdout.toString('latin1'));
    for (const f of blobs) f.size = byOid.get(f.oid) ?? 0;
  }
  return { facts, touchedBy };
}
