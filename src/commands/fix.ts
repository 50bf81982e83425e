// `cruft-check fix` and the prompt's `u`: take flagged paths out of the index and add the
// .gitignore lines that keep them out — without losing anything.
//
// What "losing nothing" means here:
// - the work tree is never touched, except for appending to .gitignore;
// - a new file leaves the index only while its file is still on disk (the index may hold the
//   only copy of a file deleted since `git add`);
// - a file committed before (status M/T) is unstaged with `git restore --staged` only when the
//   staged content is also what is on disk; a partly staged file (`git add -p`) keeps its staged
//   changes, and we say so;
// - all checks run before anything is written; .gitignore is appended atomically first, the
//   index is changed last in one git command, and if that command fails .gitignore is put back.
import { existsSync, lstatSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CruftError } from '../errors.js';
import { gitignorePattern, inexpressiblePath, plural, printable, safeText, shellQuote } from '../text.js';
import { gitZ, type Repo } from '../git/read.js';
import { simpleGitAt } from '../git/run.js';
import { decodePath, encodePath, parseDiffRaw, splitNul } from '../git/parse.js';
import { compileGitignore } from '../facts/glob.js';
import { appendIgnoreLines, assertWritable, checkIgnoreFile, revertIgnoreEdit, type IgnoreEdit } from '../facts/ignorefile.js';
import type { Finding } from '../model.js';

/** One flagged path and what unstaging it covers. */
export interface UnstageGroup {
  /** As shown to the user: a folder once, with a trailing `/`. */
  path: string;
  files: number;
  /** How many of them were committed before (their staged changes are undone, the file on disk stays). */
  tracked: number;
}

export interface KeptFile {
  path: string;
  /** `partly-staged`: staged content differs from the file on disk. `missing`: the index holds the only copy. */
  reason: 'partly-staged' | 'missing';
}

export interface FixPlan {
  repo: Repo;
  unstage: UnstageGroup[];
  /** Literal pathspecs for the one git command that unstages (folders where all of it goes). */
  pathspecs: string[];
  kept: KeptFile[];
  /** Flagged paths holding files committed before: .gitignore alone does not untrack them. */
  tracked: string[];
  /** New files unstaged although their file changed on disk since `git add` (the disk copy stays). */
  changedSinceAdd: number;
  /** Unstaging was not possible: git holds the index (`git commit -a`, `git commit <paths>`). */
  indexBusy: boolean;
  /** The .gitignore lines asked for (the edit says which of them are missing). */
  lines: string[];
  ignore: IgnoreEdit;
  /** Flagged paths a .gitignore already ignores: no line is added for them. */
  alreadyIgnored: string[];
  /** Every flagged path that must end up ignored (checked with git after the write). */
  targets: string[];
  /** Flagged paths no .gitignore line can name exactly (a line break in the name): no line is written for them. */
  inexpressible: string[];
  /** Rules whose findings have no automatic fix (for example bulk-add). */
  noFix: string[];
}

const GITIGNORE = '.gitignore';

function unique<T>(items: Iterable<T>): T[] {
  return [...new Set(items)];
}

/** `git diff --name-status -z`: `M` NUL `path` NUL … (renames are off, so one path each). */
function parseNameStatus(out: Buffer): { status: string; path: string }[] {
  const fields = splitNul(out);
  const entries: { status: string; path: string }[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) entries.push({ status: (fields[i] ?? '').charAt(0), path: fields[i + 1] ?? '' });
  return entries;
}

/**
 * Does git commit from a temporary index right now? During `git commit -a` / `git commit <paths>`
 * the hook sees GIT_INDEX_FILE=.git/index.lock or next-index-*.lock: git holds the real index
 * and throws the temporary one away when the hook fails, so unstaging there would change nothing.
 */
export function usesTemporaryIndex(repo: Repo): boolean {
  const index = repo.env.GIT_INDEX_FILE;
  if (!index) return false;
  const real = (p: string): string => {
    try {
      return realpathSync(p);
    } catch {
      return resolve(p);
    }
  };
  return real(resolve(repo.root, index)) !== real(join(repo.gitDir, 'index'));
}

/**
 * Which of the given paths a `.gitignore` already ignores (as if untracked): for those no line
 * is added. `check-ignore -v -n -z` prints `source NUL line NUL pattern NUL path NUL` for every
 * path; a negated pattern (`!…`) or an empty source means "not ignored". Patterns from
 * .git/info/exclude or a global excludes file do not count: they do not travel with the repository.
 */
async function ignoredByGitignore(repo: Repo, paths: string[]): Promise<Set<string>> {
  const ignored = new Set<string>();
  const asked = paths.filter((p) => !/[\r\n]/.test(p));
  if (asked.length === 0) return ignored;
  const out = await gitZ(repo.root, ['check-ignore', '--no-index', '-v', '-n', '-z', '--stdin'], {
    env: repo.env,
    stdin: Buffer.concat(asked.map((p) => Buffer.concat([encodePath(p), Buffer.of(0)]))),
    allowFail: true,
  });
  const f = splitNul(out.stdout);
  for (let i = 0; i + 3 < f.length; i += 4) {
    const source = f[i] ?? '';
    const pattern = f[i + 2] ?? '';
    if (source !== '' && /(^|\/)\.gitignore$/.test(source) && !pattern.startsWith('!')) ignored.add(f[i + 3] ?? '');
  }
  return ignored;
}

/**
 * Index entries whose file on disk differs from the staged content, or is gone. `diff-files`
 * reads without writing (unlike `git diff`, which refreshes the index); it trusts stat data, so
 * each candidate is hashed (`hash-object --stdin-paths`, with the path's filters, as `git add`
 * would) and compared with the staged object before it counts as changed.
 */
async function changedSinceStaged(repo: Repo): Promise<Set<string>> {
  const out = await gitZ(repo.root, ['diff-files', '--raw', '-z', '--no-abbrev', '--no-renames', '--ignore-submodules=all'], { env: repo.env });
  const changed = new Set<string>();
  const suspects: { path: string; oid: string }[] = [];
  for (const e of parseDiffRaw(out.stdout)) {
    // A name with a line break cannot be passed one per line: count it as changed (the careful side).
    if (e.status !== 'M' || /[\r\n]/.test(e.path)) changed.add(e.path);
    else suspects.push({ path: e.path, oid: e.srcOid });
  }
  if (suspects.length > 0) {
    const stdin = Buffer.concat(suspects.map((s) => Buffer.concat([encodePath(s.path), Buffer.of(10)])));
    const hashed = await gitZ(repo.root, ['hash-object', '--stdin-paths'], { env: repo.env, stdin });
    const oids = hashed.stdout.toString('latin1').split('\n');
    suspects.forEach((s, i) => {
      if (oids[i] !== s.oid) changed.add(s.path);
    });
  }
  return changed;
}

/** Is there something at this path in the work tree (lstat: a link counts, it is not followed)? By bytes, for names that are not UTF-8. */
function onDisk(root: string, path: string): boolean {
  try {
    lstatSync(Buffer.concat([Buffer.from(`${root}/`), encodePath(path)]));
    return true;
  } catch {
    return false;
  }
}

/** Work out what fixing `findings` takes. Reads only; nothing is changed. */
export async function planFix(repo: Repo, findings: Finding[]): Promise<FixPlan> {
  const acting = findings.filter((f) => f.severity !== 'info');
  const indexBusy = usesTemporaryIndex(repo);
  const flagged = unique(acting.flatMap((f) => f.fix.unstage));
  const plan: Omit<FixPlan, 'ignore'> = {
    repo,
    unstage: [],
    pathspecs: [],
    kept: [],
    tracked: [],
    changedSinceAdd: 0,
    indexBusy: indexBusy && flagged.length > 0,
    lines: [],
    alreadyIgnored: [],
    targets: [],
    inexpressible: [],
    noFix: unique(acting.filter((f) => f.fix.unstage.length === 0 && f.fix.gitignore.length === 0).map((f) => f.rule)),
  };

  if (flagged.length > 0 && !indexBusy) {
    // `git diff --cached` only reads; comparing with the work tree is done by plumbing (see below).
    const [staged, changedOnDisk] = await Promise.all([
      gitZ(repo.root, ['diff', '--cached', '--name-status', '-z', '--no-renames', '--no-ext-diff'], { env: repo.env }),
      changedSinceStaged(repo),
    ]);
    // Give each staged entry to the outermost flagged path that holds it.
    const wanted = new Set(flagged);
    const byFlag = new Map<string, { status: string; path: string }[]>();
    for (const e of parseNameStatus(staged.stdout)) {
      const parts = e.path.split('/');
      let owner: string | undefined;
      for (let i = 1; i < parts.length && !owner; i++) {
        const dir = `${parts.slice(0, i).join('/')}/`;
        if (wanted.has(dir)) owner = dir;
      }
      if (!owner && wanted.has(e.path)) owner = e.path;
      if (!owner) continue;
      const list = byFlag.get(owner) ?? [];
      list.push(e);
      byFlag.set(owner, list);
    }
    for (const path of flagged) {
      const entries = byFlag.get(path);
      if (!entries) continue; // nothing of it is staged (any more)
      const ok: string[] = [];
      let tracked = 0;
      let untouched = 0;
      for (const e of entries) {
        if (e.status === 'A') {
          if (!onDisk(repo.root, e.path)) {
            plan.kept.push({ path: e.path, reason: 'missing' });
            continue;
          }
          if (changedOnDisk.has(e.path)) plan.changedSinceAdd++;
          ok.push(e.path);
        } else if (e.status === 'M' || e.status === 'T') {
          if (changedOnDisk.has(e.path)) {
            plan.kept.push({ path: e.path, reason: 'partly-staged' });
            continue;
          }
          tracked++;
          ok.push(e.path);
        } else {
          untouched++; // a staged deletion or a conflict: not ours to undo
        }
      }
      if (ok.length === 0) continue;
      plan.unstage.push({ path, files: ok.length, tracked });
      if (tracked > 0) plan.tracked.push(path);
      // One pathspec for the folder when all of its staged entries go; otherwise file by file.
      if (ok.length === entries.length && untouched === 0) plan.pathspecs.push(path);
      else plan.pathspecs.push(...ok);
    }
  }

  // Findings whose remedy is .gitignore: those with lines, and those that would have had one but
  // for a name no line can hold (their paths must be reported, not silently left unignored).
  const withLines = acting.filter((f) => f.fix.gitignore.length > 0 || f.paths.some((p) => inexpressiblePath(p) !== undefined));
  const targets = unique(withLines.flatMap((f) => f.paths));
  const ignored = await ignoredByGitignore(repo, targets);
  plan.alreadyIgnored = [...ignored];
  plan.targets = targets;
  const generic = unique(withLines.filter((f) => !(f.paths.length > 0 && f.paths.every((p) => ignored.has(p)))).flatMap((f) => f.fix.gitignore));
  const gitignore = join(repo.root, GITIGNORE);
  const first = appendIgnoreLines(gitignore, generic, { root: repo.root, dryRun: true });
  // A rule's lines are generic (`.env`, `.env.*`): they need not cover every path it flagged
  // (`prod.env`). Whatever the root .gitignore would still miss gets its own exact line. The
  // matcher is git's semantics (tests/unit/cruftignore.property.test.ts); git itself checks the
  // result after the write (verifyIgnored).
  const wouldIgnore = compileGitignore(decodePath(first.after));
  const specific: string[] = [];
  for (const t of targets) {
    if (ignored.has(t)) continue;
    if (inexpressiblePath(t) !== undefined) {
      plan.inexpressible.push(t);
      continue;
    }
    // A folder (`dir/`) is ignored when everything in it is: ask about a file inside it.
    const probe = t.endsWith('/') ? `${t}\u0000` : t;
    if (!wouldIgnore(probe)) specific.push(gitignorePattern(t));
  }
  plan.lines = unique([...generic, ...specific]);
  const ignore = appendIgnoreLines(gitignore, plan.lines, { root: repo.root, dryRun: true });
  return { ...plan, ignore };
}

/**
 * Ask git which of the plan's flagged paths are still not ignored by a .gitignore (after the
 * write), with the reason: the line that re-includes it, or that no line can name it.
 */
export async function verifyIgnored(plan: FixPlan): Promise<{ path: string; why: string }[]> {
  const { repo } = plan;
  const asked = plan.targets;
  if (asked.length === 0) return [];
  const out = await gitZ(repo.root, ['check-ignore', '--no-index', '-v', '-n', '-z', '--stdin'], {
    env: repo.env,
    stdin: Buffer.concat(asked.map((p) => Buffer.concat([encodePath(p), Buffer.of(0)]))),
    allowFail: true,
  });
  const f = splitNul(out.stdout);
  const verdict = new Map<string, string>();
  for (let i = 0; i + 3 < f.length; i += 4) {
    const source = f[i] ?? '';
    const line = f[i + 1] ?? '';
    const pattern = f[i + 2] ?? '';
    const path = f[i + 3] ?? '';
    if (source !== '' && /(^|\/)\.gitignore$/.test(source) && !pattern.startsWith('!')) verdict.set(path, '');
    else if (source !== '' && pattern.startsWith('!')) verdict.set(path, `re-included by ${source}:${line} (${pattern})`);
    else verdict.set(path, source === '' ? 'no .gitignore line matches it' : `ignored only by ${source}, which does not travel with the repository`);
  }
  const left: { path: string; why: string }[] = [];
  for (const p of asked) {
    const why = inexpressiblePath(p) ?? verdict.get(p) ?? 'git did not answer for it';
    if (why !== '') left.push({ path: p, why });
  }
  return left;
}

/** One git command, through simple-git (its wait after silent commands does not matter here). */
async function unstagePaths(repo: Repo, pathspecs: string[]): Promise<void> {
  // Paths go to git on standard input, NUL-separated and literal: no shell, no argument-list
  // limit, no glob or `:(magic)` read into a file name.
  const input = Buffer.concat(pathspecs.map((p) => Buffer.concat([Buffer.from(':(literal)'), encodePath(p), Buffer.of(0)])));
  // simple-git drops inherited GIT_* variables, so git finds the repository from its folder:
  // make sure that is the repository we planned for before changing its index.
  const git = simpleGitAt({ baseDir: repo.root, input: () => input });
  const gitDir = (await simpleGitAt({ baseDir: repo.root }).raw(['rev-parse', '--absolute-git-dir'])).trim();
  if (resolve(gitDir) !== resolve(repo.gitDir)) {
    throw new CruftError(`git found ${gitDir} from ${repo.root}, not ${repo.gitDir} (GIT_DIR is set?)`);
  }
  const from = ['--pathspec-from-file=-', '--pathspec-file-nul'];
  // `restore --staged` puts back HEAD's version in the index (a new file leaves it); before the
  // first commit there is no HEAD, and `rm --cached` is the way (-f: the file on disk may have
  // changed since `git add`; --cached never touches it).
  await git.raw(repo.head ? ['restore', '--staged', ...from] : ['rm', '-r', '--cached', '-q', '-f', ...from]);
}

export interface FixResult {
  ignore: IgnoreEdit;
  unstaged: boolean;
  /** Flagged paths git still does not ignore after the fix, and why (checked, not assumed). */
  notIgnored: { path: string; why: string }[];
}

/**
 * Carry out a plan. Everything that can be checked is checked first (the index lock, whether
 * .gitignore can be written); then .gitignore is appended (atomically), then the index changes
 * in one git command. If that fails, .gitignore is put back: a failure leaves both as they were.
 */
export async function applyFix(plan: FixPlan): Promise<FixResult> {
  const { repo } = plan;
  const gitignore = join(repo.root, GITIGNORE);
  if (plan.pathspecs.length > 0) {
    const lock = join(repo.gitDir, 'index.lock');
    if (existsSync(lock)) {
      throw new CruftError(
        `git's index is locked (${lock} exists): another git command is running, or one stopped half-way. Nothing was changed.`,
        'Wait for it to finish; if no git command is running, delete that file and try again.',
      );
    }
  }
  if (plan.ignore.added.length > 0) {
    checkIgnoreFile(gitignore, repo.root);
    assertWritable(gitignore);
  }
  const ignore = appendIgnoreLines(gitignore, plan.lines, { root: repo.root });
  if (plan.pathspecs.length === 0) return { ignore, unstaged: false, notIgnored: await verifyIgnored(plan) };
  try {
    await unstagePaths(repo, plan.pathspecs);
  } catch (e) {
    const why = e instanceof CruftError ? e.message : ((e as Error).message ?? String(e)).split('\n')[0];
    let undone = ignore.written ? ' .gitignore was put back as it was.' : '';
    try {
      revertIgnoreEdit(ignore);
    } catch (r) {
      undone = ` .gitignore keeps the ${plural(ignore.added.length, 'added line')} (${(r as Error).message}).`;
    }
    throw new CruftError(`could not unstage the flagged paths: ${why}. Nothing was unstaged.${undone}`);
  }
  return { ignore, unstaged: true, notIgnored: await verifyIgnored(plan) };
}

function gitRmCommand(path: string): string {
  return `git rm -r --cached -- ${shellQuote(path)}`;
}

/**
 * What fix did or (dry run) would do, one line per thing, paths escaped for the terminal.
 * `done` is undefined for a dry run.
 */
export function renderFix(plan: FixPlan, done: FixResult | undefined, opts: { hook?: boolean } = {}): string {
  const dry = done === undefined;
  const lines: string[] = [];
  const ignore = done?.ignore ?? plan.ignore;
  const unstaged = dry || done.unstaged ? plan.unstage : [];
  for (const g of unstaged) {
    const committed = g.tracked > 0 ? `, ${g.tracked} of them committed before` : '';
    const stay = g.files === 1 ? 'it stays on disk' : 'they stay on disk';
    lines.push(`  ${dry ? 'would unstage' : 'unstaged'}  ${printable(g.path)}  (${plural(g.files, 'file')}${committed}; ${stay})`);
  }
  if (ignore.added.length > 0) {
    lines.push(`  ${dry ? 'would add to' : 'added to'} .gitignore  ${ignore.added.map(safeText).join('  ')}`);
  }
  if (ignore.present.length > 0) lines.push(`  already in .gitignore  ${ignore.present.map(safeText).join('  ')}`);
  if (plan.alreadyIgnored.length > 0 && ignore.added.length === 0 && ignore.present.length === 0) {
    lines.push(`  already ignored by .gitignore  ${plan.alreadyIgnored.map(printable).join('  ')}`);
  }
  for (const u of ignore.unwritable) lines.push(`  cannot be listed in .gitignore (a line break in the name): ${printable(u)}`);
  // Checked with git after the write; a dry run can only name the paths no line can hold.
  const notIgnored = done ? done.notIgnored : plan.inexpressible.map((p) => ({ path: p, why: inexpressiblePath(p) ?? '' }));
  for (const n of notIgnored) {
    lines.push(`  ${dry ? 'would stay' : 'still'} not ignored  ${printable(n.path)}: ${safeText(n.why)}; \`git add -A\` would stage it again (rename, move or delete it, or ignore it yourself)`);
  }
  if (plan.indexBusy) {
    lines.push('  not unstaged: git holds the index during `git commit -a` / `git commit <paths>`; run `npx cruft-check fix` next');
  }
  for (const k of plan.kept) {
    const why =
      k.reason === 'missing'
        ? 'deleted from disk since `git add`: the staged copy is the only one'
        : 'its staged changes differ from the file on disk (partly staged)';
    lines.push(`  left staged  ${printable(k.path)}: ${why}; to unstage it anyway: git restore --staged -- ${safeText(shellQuote(k.path))}`);
  }
  for (const t of plan.tracked) {
    lines.push(
      `  note: ${printable(t)} was committed before, and .gitignore does not untrack it. To stop tracking it (the files stay on disk): ${safeText(gitRmCommand(t))}`,
    );
  }
  if (plan.changedSinceAdd > 0 && (dry || done.unstaged)) {
    lines.push(`  note: ${plural(plan.changedSinceAdd, 'file')} changed on disk since \`git add\`; the files on disk are kept as they are now`);
  }
  if (plan.noFix.length > 0) {
    // Under the hook the report was printed just above; `fix` prints none of its own.
    const where = opts.hook ? 'see the report above' : 'run `cruft-check` to see why they were flagged';
    lines.push(`  no automatic fix for: ${plan.noFix.join(', ')} (${where})`);
  }

  const changed = ignore.added.length > 0 || unstaged.length > 0;
  const title = opts.hook ? '' : dry ? 'cruft-check fix --dry-run (nothing was changed):\n' : 'cruft-check fix:\n';
  if (!changed && lines.length === 0 && !opts.hook) return 'cruft-check fix: nothing to fix.\n';
  const created = !dry && done.ignore.written && done.ignore.before === undefined;
  let footer = '';
  if (opts.hook) {
    footer = `The commit was stopped so you can look: run \`git status\`, then commit again.${ignore.written ? `\nCommit .gitignore with it (cruft-check ${created ? 'created it' : 'added to it'}): \`git add .gitignore\`.` : ''}`;
  } else if (!dry && changed) {
    const gitignoreDone = !done.ignore.written ? '' : created ? 'created .gitignore' : 'appended to .gitignore';
    footer =
      (gitignoreDone ? `cruft-check ${gitignoreDone}; no other file in the work tree was changed.\n` : 'No file in the work tree was changed, only the index.\n') +
      `Look at \`git status\`, then commit.${done.ignore.written ? ' Commit .gitignore with it: `git add .gitignore`.' : ''}`;
  } else if (dry && changed) {
    footer = 'Run `cruft-check fix` to do this.';
  }
  return `${title}${lines.join('\n')}\n${footer ? `${footer}\n` : ''}`;
}

/** The `fix` command: returns the exit code. */
export async function runFix(cwd: string, opts: { dryRun: boolean }): Promise<number> {
  const { check } = await import('../judge/check.js');
  const { report, repo } = await check({ cwd, scope: 'preflight' });
  const plan = await planFix(repo, report.findings);
  if (opts.dryRun) {
    process.stdout.write(renderFix(plan, undefined));
    return 0;
  }
  if (plan.indexBusy) {
    throw new CruftError('GIT_INDEX_FILE points at a temporary index (inside `git commit -a`?): run `cruft-check fix` on its own. Nothing was changed.');
  }
  const done = await applyFix(plan);
  process.stdout.write(renderFix(plan, done));
  // A flagged path git still does not ignore is a fix left unfinished: say so in the exit code too.
  return done.notIgnored.length > 0 ? 1 : 0;
}
