// `cruft-check add [--dry-run] [--ignore] [--strict] [pathspec…]`: the `git add .` a learner
// can type without looking first. It stages what `git add --all [pathspec…]` would (new,
// modified and deleted files) except what the rules flag, and says what it left out and why.
//
// How:
// - the check pipeline judges staged + untracked files (scope `preflight`, so `.cruftignore` and
//   the configuration apply exactly as for a pre-flight);
// - what a flagged finding names is passed to git as `:(top,exclude,literal)PATH` pathspecs, and
//   everything is staged by ONE `git add --all --pathspec-from-file=- --pathspec-file-nul`
//   (deletions included): 100,000 files are one git process, and no path goes through a shell or
//   an argument list;
// - `-v` (or `--dry-run -v`) makes git say what it staged, so the counts are git's, not a guess.
//
// It never unstages: a flagged path that is already staged stays staged (it is named, with
// `cruft-check fix` as the way out), and a staged file deleted from disk since is excluded too —
// `git add --all` would drop it from the index, and the index may hold its only copy.
import { realpathSync } from 'node:fs';
import { posix, relative, sep } from 'node:path';
import pc from 'picocolors';
import { CruftError, firstLine } from '../errors.js';
import { formatBytes, plural, printable, safeText } from '../text.js';
import { encodePath, splitNul } from '../git/parse.js';
import { gitZ, type Repo } from '../git/read.js';
import type { Finding } from '../model.js';
import { RULES } from '../rules/index.js';

export interface AddOptions {
  dryRun: boolean;
  /** Append the .gitignore lines for what was left out (fix's write rules). */
  ignore: boolean;
  /** Exit 1 when something was left out. */
  strict: boolean;
  color: boolean;
  pathspecs: string[];
}

/** Rules that judge the add as a whole (bulk-add): shown, never a reason to leave a file out. */
const WHOLE = new Set(RULES.filter((r) => r.wholeCommit).map((r) => r.id));

export interface Staged {
  added: string[];
  removed: string[];
}

/**
 * `git add -v` / `--dry-run -v` print one line per path: `add 'PATH'` or `remove 'PATH'`, the
 * path raw (not C-quoted; checked with git 2.39). A name holding a line break would split into
 * two lines; it is counted under the folder its first line names, which only the counts see.
 */
export function parseAddVerbose(out: Buffer): Staged {
  const added: string[] = [];
  const removed: string[] = [];
  for (const line of out.toString('utf8').split('\n')) {
    const m = /^(add|remove) '(.*)'$/.exec(line);
    if (!m) continue;
    (m[1] === 'add' ? added : removed).push(m[2] ?? '');
  }
  return { added, removed };
}

const nul = (parts: string[]): Buffer => Buffer.concat(parts.map((p) => Buffer.concat([encodePath(p), Buffer.of(0)])));

/** A flagged path as an exclusion: from the top, literal (no glob or magic read into a name). */
function excludeSpec(path: string): string {
  return `:(top,exclude,literal)${path.replace(/\/$/, '')}`;
}

/**
 * Index entries staged as new or changed whose file is gone from disk: `git add --all` would
 * stage their removal and the staged content would be lost.
 *
 *   git diff-files --name-only -z --diff-filter=D        → paths the index has and the disk lacks
 *   git diff --cached --name-only -z --diff-filter=AMT   → paths staged as new or changed
 */
async function stagedButDeleted(repo: Repo): Promise<string[]> {
  const gone = await gitZ(repo.root, ['diff-files', '--name-only', '-z', '--diff-filter=D', '--ignore-submodules=all'], { env: repo.env });
  const missing = splitNul(gone.stdout);
  if (missing.length === 0) return [];
  const against = repo.head ? [repo.head] : ['--root'];
  const staged = repo.head
    ? await gitZ(repo.root, ['diff', '--cached', '--name-only', '-z', '--no-renames', '--diff-filter=AMT', ...against], { env: repo.env })
    : await gitZ(repo.root, ['ls-files', '-z'], { env: repo.env });
  const set = new Set(splitNul(staged.stdout));
  return missing.filter((p) => set.has(p));
}

/**
 * A pathspec the user wrote relative to `prefix` (the current folder, from the top), rewritten
 * to mean the same from the top level. Why not run git from the current folder: git 2.39 with
 * a `:(top,exclude)` pathspec from a subfolder drops every file (checked), so the one staging
 * call runs at the top level. Magic is kept; `top` (`:/`) pathspecs are already from the top.
 */
export function fromTop(spec: string, prefix: string): string {
  if (prefix === '') return spec;
  const join = (rest: string): string => {
    const joined = posix.normalize(`${prefix}/${rest === '' ? '.' : rest}`);
    return joined === '.' ? '' : joined;
  };
  if (!spec.startsWith(':')) return join(spec) || ':/';
  if (spec.startsWith(':(')) {
    const end = spec.indexOf(')');
    if (end < 0) return spec; // git rejects it, with its own message
    const magic = spec.slice(2, end);
    if (magic.split(',').includes('top')) return spec;
    return `:(${magic ? `${magic},` : ''}top)${join(spec.slice(end + 1))}`;
  }
  // short magic: `:/…` is from the top; `:!…`, `:^…` exclude
  let i = 1;
  while (i < spec.length && '!^'.includes(spec[i] ?? '')) i++;
  if (spec[i] === '/' || spec.slice(1).startsWith('/')) return spec;
  const rest = spec.slice(i).replace(/^:/, '');
  return `:(${spec.slice(1, i) ? 'exclude,' : ''}top)${join(rest)}`;
}

/** Does a finding's path (a folder ends with `/`) cover any of these repository-relative paths? */
function covers(findingPath: string, paths: Set<string>, sorted: string[]): boolean {
  if (!findingPath.endsWith('/')) return paths.has(findingPath);
  // sorted: the first path ≥ the prefix starts with it if any does
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] ?? '') < findingPath) lo = mid + 1;
    else hi = mid;
  }
  return (sorted[lo] ?? '').startsWith(findingPath);
}

interface FolderCount {
  add: number;
  remove: number;
  children: Map<string, FolderCount>;
}

/**
 * What git staged, counted by folder from git's own list: the top folders, and with `depth` 2 the
 * folders inside each (the tree a bulk add is shown as — of what was staged, not of the cruft
 * left out). Files at the top level count under "(top level)".
 */
export function stagedTree(s: Staged, depth: 1 | 2): string[] {
  const root = new Map<string, FolderCount>();
  const bump = (map: Map<string, FolderCount>, name: string, key: 'add' | 'remove'): FolderCount => {
    const c = map.get(name) ?? { add: 0, remove: 0, children: new Map() };
    c[key]++;
    map.set(name, c);
    return c;
  };
  for (const [list, key] of [
    [s.added, 'add'],
    [s.removed, 'remove'],
  ] as const) {
    for (const p of list) {
      const parts = p.split('/');
      const top = bump(root, parts.length > 1 ? `${parts[0]}/` : '(top level)', key);
      if (depth === 2 && parts.length > 2) bump(top.children, `${parts[0]}/${parts[1]}/`, key);
    }
  }
  const rows = (map: Map<string, FolderCount>, indent: string, limit: number): string[] => {
    const sorted = [...map.entries()].sort((a, b) => b[1].add + b[1].remove - (a[1].add + a[1].remove) || (a[0] < b[0] ? -1 : 1));
    const out: string[] = [];
    for (const [name, c] of sorted.slice(0, limit)) {
      const what = [c.add && plural(c.add, 'file'), c.remove && `${c.remove} deleted`].filter(Boolean).join(', ');
      out.push(`${indent}${printable(name).padEnd(Math.max(8, 38 - indent.length))} ${what}`);
      if (c.children.size > 1) out.push(...rows(c.children, `${indent}  `, 4));
    }
    if (sorted.length > limit) {
      const rest = sorted.slice(limit).reduce((n, [, c]) => n + c.add + c.remove, 0);
      out.push(`${indent}… ${sorted.length - limit} more ${sorted.length - limit === 1 ? 'folder' : 'folders'} (${plural(rest, 'file')})`);
    }
    return out;
  };
  return rows(root, '    ', 12);
}

/** The `add` command; returns the exit code. */
export async function runAdd(cwd: string, opts: AddOptions): Promise<number> {
  for (const p of opts.pathspecs) {
    if (p === '' || p.includes('\0')) throw new CruftError(`add: "${safeText(p)}" is not a pathspec`);
  }
  const { check } = await import('../judge/check.js');
  const { report, repo } = await check({ cwd, scope: 'preflight' });
  const c = pc.createColors(opts.color);
  const user = opts.pathspecs.length > 0 ? opts.pathspecs : [':/'];

  // With pathspecs, only findings inside them concern this add: ask git what it would take,
  // which also rejects a pathspec that matches nothing (bad input, exit 2), as `git add` would.
  let inScope: (f: Finding) => boolean = () => true;
  if (opts.pathspecs.length > 0) {
    const r = await gitZ(cwd, ['add', '--all', '--dry-run', '-v', '--pathspec-from-file=-', '--pathspec-file-nul'], { env: repo.env, stdin: nul(user), allowFail: true });
    if (r.code !== 0) throw new CruftError(`add: ${firstLine(r.stderr).replace(/^fatal: /, '') || 'git add failed'}`);
    const would = parseAddVerbose(r.stdout);
    // git prints paths relative to the repository's top level (checked: also from a subfolder).
    const paths = new Set([...would.added, ...would.removed]);
    const sorted = [...paths].sort();
    // A finding with no paths (bulk-add) concerns whatever is added.
    inScope = (f) => f.paths.length === 0 || f.paths.some((p) => covers(p, paths, sorted));
  }

  const relevant = report.findings.filter(inScope);
  const acting = relevant.filter((f) => f.severity !== 'info');
  const leftOut = acting.filter((f) => !WHOLE.has(f.rule));
  const bulk = acting.filter((f) => WHOLE.has(f.rule));
  const excluded = [...new Set(leftOut.flatMap((f) => f.paths))];
  const keptStaged = await stagedButDeleted(repo);

  const prefix = relative(repo.root, realpathSync(cwd)).split(sep).join('/');
  const specs = [...user.map((s) => fromTop(s, prefix)), ...excluded.map(excludeSpec), ...keptStaged.map(excludeSpec)];
  const args = ['add', '--all', ...(opts.dryRun ? ['--dry-run'] : []), '-v', '--pathspec-from-file=-', '--pathspec-file-nul'];
  const r = await gitZ(repo.root, args, { env: repo.env, stdin: nul(specs), allowFail: true });
  let staged: Staged = { added: [], removed: [] };
  if (r.code === 0) staged = parseAddVerbose(r.stdout);
  else if (!/did not match any files/.test(r.stderr)) {
    // Nothing was staged: git add checks everything before it writes the index.
    throw new CruftError(`add: git add failed: ${firstLine(r.stderr) || 'no message'}. Nothing was staged.`);
  }
  // (every file the pathspecs named was left out: git finds nothing left to match)

  // The .gitignore lines, through fix's own plan and write (the same checks: a symlinked or
  // out-of-tree .gitignore is refused, lines already present or already ignoring are skipped).
  // Only the ignore part is used: nothing is unstaged.
  const { planFix, applyFix } = await import('./fix.js');
  const forIgnore = leftOut.map((f) => ({ ...f, fix: { ...f.fix, unstage: [] } }));
  const plan = await planFix(repo, forIgnore);
  const ignorePlan = { ...plan, unstage: [], pathspecs: [], kept: [], tracked: [] };
  const ignoreDone = opts.ignore && !opts.dryRun && plan.ignore.added.length > 0 ? (await applyFix(ignorePlan)).ignore : undefined;

  const lines: string[] = [];
  const verb = opts.dryRun ? 'would stage' : 'staged';
  const total = staged.added.length + staged.removed.length;
  lines.push(c.bold(`cruft-check add${opts.dryRun ? ' --dry-run (nothing was staged)' : ''}:`));
  // A bulk add is what the person asked for: shown as a folder tree, then staged all the same.
  for (const f of bulk) lines.push(`  ${c.yellow('note:')} \`git add --all\` here: ${printable(f.message)} Look at the tree below.`);
  if (total === 0) lines.push(`  ${opts.dryRun ? 'would stage' : 'staged'} nothing${leftOut.length > 0 ? ' (everything else was left out)' : ' (nothing new, changed or deleted)'}`);
  else {
    lines.push(`  ${verb} ${plural(staged.added.length, 'file')}${staged.removed.length ? ` and ${staged.removed.length} deletion${staged.removed.length === 1 ? '' : 's'}` : ''}:`);
    lines.push(...stagedTree(staged, bulk.length > 0 ? 2 : 1));
  }
  const notStaged = leftOut.filter((f) => f.origin === 'untracked');
  const wasStaged = leftOut.filter((f) => f.origin !== 'untracked');
  if (notStaged.length > 0) {
    lines.push(`  ${c.red('left out')} (still on disk, not staged):`);
    for (const f of notStaged) {
      const size = f.uncounted?.length && f.files === 0 ? 'not counted' : `${plural(f.files, 'file')}, ${formatBytes(f.bytes)}`;
      const where = f.paths.slice(0, 3).map((p) => c.cyan(printable(p))).join(', ') + (f.paths.length > 3 ? `, … (${f.paths.length} paths)` : '');
      lines.push(`    ${where}  ${c.dim(`${f.title.toLowerCase()} · ${f.rule} · ${size}`)}`);
    }
  }
  if (wasStaged.length > 0) {
    const paths = [...new Set(wasStaged.flatMap((f) => f.fix.unstage.length ? f.fix.unstage : f.paths))];
    lines.push(`  ${c.yellow('already staged before')} (left as it was): ${paths.slice(0, 5).map(printable).join('  ')}${paths.length > 5 ? '  …' : ''}`);
    lines.push('    `npx cruft-check fix` takes them out of the index and keeps them on disk');
  }
  for (const p of keptStaged) {
    lines.push(`  kept staged: ${printable(p)} (deleted from disk since it was staged: the index holds the only copy)`);
  }
  const ignore = ignoreDone ?? plan.ignore;
  if (ignore.added.length > 0) {
    if (ignoreDone) lines.push(`  added to .gitignore: ${ignore.added.map(safeText).join('  ')}  (stage it: git add .gitignore)`);
    else lines.push(`  .gitignore lines that keep them out for good: ${ignore.added.map(safeText).join('  ')}  (--ignore writes them)`);
  }
  for (const u of ignore.unwritable) lines.push(`  cannot be listed in .gitignore (a line break in the name): ${printable(u)}`);
  if (total > 0 && !opts.dryRun) lines.push('  Look at `git status` (or `git diff --cached --stat`), then commit.');
  process.stdout.write(`${lines.join('\n')}\n`);
  return opts.strict && leftOut.length > 0 ? 1 : 0;
}
