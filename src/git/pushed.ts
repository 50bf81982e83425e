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
// Each new commit is judged by its own diff against its first parent, so a file added in one
// commit and deleted in the next is still seen: its blob would stay in the server's history. A
// merge commit lists nothing of its own (diff-tree prints nothing for merges without -m): what it
// brings from its other parents is judged in those parents' own commits, when they are new.
import type { FileFact } from '../model.js';
import { parseBatchCheck, parseDiffRaw } from './parse.js';
import { gitZ, type Repo } from './read.js';

export const ZERO_OID = /^0+$/;

export interface PushedFacts {
  /** The new commits, newest first. */
  commits: string[];
  facts: FileFact[];
}

/**
 * The commits reachable from `tips` and from none of the repository's refs nor of `alsoExclude`
 * (tips already judged for an earlier ref of the same push), and the files they add or change.
 */
export async function readPushed(repo: Repo, tips: string[], alsoExclude: string[] = []): Promise<PushedFacts> {
  if (tips.length === 0) return { commits: [], facts: [] };
  // (Object names only on the command line: git before 2.42 takes no options in --stdin mode.)
  const list = await gitZ(repo.root, ['rev-list', ...tips, '--not', '--all', ...alsoExclude, '--'], { env: repo.env });
  const commits = list.stdout.toString('latin1').split('\n').filter(Boolean);
  if (commits.length === 0) return { commits, facts: [] };
  const out = await gitZ(
    repo.root,
    ['diff-tree', '--stdin', '-r', '-z', '--raw', '--no-abbrev', '--root', '--no-commit-id', '--no-renames', '--no-ext-diff', '--no-textconv', '--diff-filter=ACMT'],
    { env: repo.env, stdin: `${commits.join('\n')}\n` },
  );
  // Newest first: a path changed by several new commits is judged by its latest content, but one
  // that a later commit deleted is still judged by the content that came in.
  const byPath = new Map<string, FileFact>();
  for (const e of parseDiffRaw(out.stdout)) {
    if (byPath.has(e.path)) continue;
    byPath.set(e.path, { path: e.path, origin: 'range', status: e.status, mode: e.dstMode, oid: e.dstOid, size: 0 });
  }
  const facts = [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const blobs = facts.filter((f) => f.mode !== '160000');
  if (blobs.length > 0) {
    const sizes = await gitZ(repo.root, ['cat-file', '--batch-check=%(objectname) %(objectsize)'], {
      env: repo.env,
      stdin: `${[...new Set(blobs.map((f) => f.oid))].join('\n')}\n`,
    });
    const byOid = parseBatchCheck(sizes.stdout.toString('latin1'));
    for (const f of blobs) f.size = byOid.get(f.oid) ?? 0;
  }
  return { commits, facts };
}

/** The commit a pushed object names (a tag is judged by its commit); undefined for a tag of a tree or blob. */
export async function peelToCommit(repo: Repo, oid: string): Promise<string | undefined> {
  const r = await gitZ(repo.root, ['rev-parse', '--verify', '-q', '--end-of-options', `${oid}^{commit}`], { env: repo.env, allowFail: true });
  const out = r.stdout.toString('latin1').trim();
  return r.code === 0 && out ? out : undefined;
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
