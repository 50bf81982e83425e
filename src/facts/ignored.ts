// What git already knows about a few paths, asked only when a rule needs it (src/facts/sniff.ts):
// which repository `.gitignore` line ignores a new file (a force-added one, `git add -f`), and
// whether HEAD's tree holds a path (a dist/ the project already commits).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IgnoreLine } from '../model.js';
import { nameHints } from './hints.js';
import { encodePath, splitNul } from '../git/parse.js';
import { gitZ } from '../git/read.js';

interface AskRepo {
  root: string;
  env: NodeJS.ProcessEnv;
}

/** Beyond this many new files the question is not asked: a bulk add's files were added by `git add -A`, which never takes an ignored file. */
export const IGNORED_QUESTION_LIMIT = 2000;
/** Paths given to one `ls-tree` as arguments. */
const PATH_ARGS_LIMIT = 64;

/** Folders of `path` from the root down (`''`, `a`, `a/b` for `a/b/c`). */
function foldersOf(path: string): string[] {
  const out = [''];
  for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) out.push(path.slice(0, i));
  return out;
}

/**
 * Could any line of the `.gitignore` files on the way to these paths ignore one of them? A
 * necessary condition only (src/facts/hints.ts): a pattern ignores a path only if its last
 * segment matches one of the path's segments (the file's name or a folder's). It keeps the
 * ordinary commit that adds `src/feature/new.ts` beside `node_modules/` and `*.log` lines from
 * starting a git process at all. Case is ignored, as git does with core.ignoreCase.
 */
function couldBeIgnored(root: string, paths: string[]): boolean {
  const sources: string[] = [];
  const seen = new Set<string>();
  for (const p of paths) {
    for (const d of foldersOf(p)) {
      if (seen.has(d)) continue;
      seen.add(d);
      const file = join(root, d, '.gitignore');
      try {
        if (existsSync(encodePath(file))) sources.push(readFileSync(encodePath(file), 'latin1'));
      } catch {
        // unreadable: git cannot read it either
      }
    }
  }
  const globs: { name: string; nocase: boolean }[] = [];
  for (const text of sources) {
    for (const raw of text.split('\n')) {
      const line = raw.replace(/\r$/, '').replace(/(?<!\\)\s+$/, '');
      if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
      const trimmed = line.replace(/\/+$/, '');
      const last = trimmed.slice(trimmed.lastIndexOf('/') + 1);
      // `**` or a bare `/`: anything may match.
      globs.push({ name: last === '' ? '*' : last, nocase: true });
    }
  }
  if (globs.length === 0) return false;
  const could = nameHints(globs);
  return paths.some((p) => p.split('/').some((segment) => could(segment)));
}

/**
 * The repository `.gitignore` line that ignores each path, from one
 * `git check-ignore -v -z --no-index --stdin` (paths NUL-separated on stdin; --no-index: the
 * paths are in the index, and only the patterns should decide). It prints, for each path that
 * matches a pattern, `<source> NUL <line> NUL <pattern> NUL <path> NUL`, exit 1 when none does.
 * A `!pattern` match means "not ignored"; lines from `.git/info/exclude` or the user's global
 * excludes file are personal, not the repository's: both are left out.
 * https://git-scm.com/docs/git-check-ignore
 */
export async function readIgnoredBy(repo: AskRepo, paths: string[]): Promise<Map<string, IgnoreLine>> {
  const out = new Map<string, IgnoreLine>();
  if (paths.length === 0 || paths.length > IGNORED_QUESTION_LIMIT || !couldBeIgnored(repo.root, paths)) return out;
  const stdin = Buffer.concat(paths.flatMap((p) => [encodePath(p), Buffer.of(0)]));
  const r = await gitZ(repo.root, ['check-ignore', '-v', '-z', '--no-index', '--stdin'], { env: repo.env, stdin, allowFail: true });
  if (r.code > 1) return out;
  const fields = splitNul(r.stdout);
  for (let i = 0; i + 3 < fields.length; i += 4) {
    const [source = '', line = '', pattern = '', path = ''] = fields.slice(i, i + 4);
    if (pattern.startsWith('!') || !/(^|\/)\.gitignore$/.test(source) || source.startsWith('/') || source.startsWith('../')) continue;
    out.set(path, { source, line: Number(line), pattern });
  }
  return out;
}

/**
 * Which of `paths` the tree of `head` holds, from one `git ls-tree -z --name-only` (without -r
 * a folder is printed as itself: `dist`). Paths are taken literally. At most PATH_ARGS_LIMIT
 * paths are asked about; the others count as absent.
 */
export async function readInHead(repo: AskRepo, head: string | undefined, paths: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  if (!head || paths.length === 0) return out;
  const asked = paths.slice(0, PATH_ARGS_LIMIT);
  const r = await gitZ(repo.root, ['--literal-pathspecs', 'ls-tree', '-z', '--name-only', '--full-tree', head, '--', ...asked], { env: repo.env, allowFail: true });
  if (r.code !== 0) return out;
  for (const p of splitNul(r.stdout)) out.add(p);
  return out;
}
