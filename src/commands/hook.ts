// What the pre-commit hook does with a report. A hook's standard input is /dev/null and under
// some hook managers its standard output is captured, so the question is asked on /dev/tty
// itself — and only when that can be opened and this is not CI; otherwise the commit is blocked
// with instructions, never left waiting for an answer nobody can give.
//
// The question offers the ways out, one key each, the default (stop, change nothing) first:
//   n  stop the commit; change nothing
//   y  commit anyway
//   u  unstage the flagged paths and add them to .gitignore, then stop so the person can look
//   a  allow the flagged paths for good (.cruftignore) and commit
//   ?  the details (why each matters, the commands to do it by hand), then the question again
// Each choice's line names the paths it acts on. `u` and `a` only append to ignore files and
// change the index; no file in the work tree is touched (see commands/fix.ts); `a` stages the
// .cruftignore it wrote, so the allowance goes with the commit.
//
// Above the question is one screen (report/human.ts renderScreen): sized to the terminal, which
// is measured here, on /dev/tty. Without a terminal the full report is printed instead: a log
// has no screen to fit.
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import pc from 'picocolors';
import { CruftError } from '../errors.js';
import { gitignorePattern, inexpressiblePath, plural, printable, safeText, shellQuote } from '../text.js';
import { gitZ, type Repo } from '../git/read.js';
import type { Finding, Report } from '../model.js';
import { type Colors, countBySeverity, renderHuman, renderScreen, screenGroups, textWidth, unstageCommand, untrackedNote, wrapWords } from '../report/human.js';

const CI_VARIABLES = [
  'GITHUB_ACTIONS',
  'GITLAB_CI',
  'BUILDKITE',
  'CIRCLECI',
  'TRAVIS',
  'TF_BUILD',
  'JENKINS_URL',
  'TEAMCITY_VERSION',
  'BITBUCKET_BUILD_NUMBER',
  'DRONE',
  'CODEBUILD_BUILD_ID',
  'APPVEYOR',
  'WOODPECKER',
];

export function isCI(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI;
  if (ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0') return true;
  return CI_VARIABLES.some((v) => env[v] !== undefined && env[v] !== '');
}

export interface HookOptions {
  color: boolean;
  /** `--no-input` / `--yes` given: never ask. */
  noInput: boolean;
  /** `--yes`: report, but let the commit through. */
  yes: boolean;
  hasHead: boolean;
  env: NodeJS.ProcessEnv;
  /** The repository being committed to (for the `u` and `a` answers). */
  repo?: Repo;
  /** `--verbose`: the full report (why, commands) above the question instead of the one screen. */
  verbose?: boolean;
  /** `--color` (true) or `--no-color` (false) given. */
  colorFlag?: boolean;
  /** TERM=dumb: ASCII marks in the report. */
  ascii?: boolean;
}

/**
 * Colour and marks for the terminal the question is asked on. --color/--no-color win; then
 * NO_COLOR (https://no-color.org, when not empty) turns colour off and FORCE_COLOR (not 0) on;
 * TERM=dumb turns it off and asks for ASCII marks (such a terminal may not draw ✖ or ⚠).
 */
export function terminalStyle(env: NodeJS.ProcessEnv, flags: { colorFlag?: boolean | undefined }): { color: boolean; ascii: boolean } {
  const ascii = env.TERM === 'dumb';
  if (flags.colorFlag !== undefined) return { color: flags.colorFlag, ascii };
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return { color: false, ascii };
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return { color: true, ascii };
  return { color: !ascii, ascii };
}

/**
 * The terminal's size, asked of the terminal itself (`stty size` on /dev/tty: a hook's standard
 * streams are /dev/null or a hook manager's pipe). COLUMNS/LINES, then 80×24, when it cannot say.
 */
export function terminalSize(fd: number, env: NodeJS.ProcessEnv): { columns: number; rows: number } {
  let columns = 0;
  let rows = 0;
  try {
    const r = spawnSync('stty', ['size'], { stdio: [fd, 'pipe', 'ignore'], encoding: 'utf8', timeout: 2000 });
    const m = /^(\d+)\s+(\d+)/.exec(r.stdout ?? '');
    if (m) {
      rows = Number(m[1]);
      columns = Number(m[2]);
    }
  } catch {
    // no stty: the fallbacks below
  }
  if (!columns) columns = Number(env.COLUMNS) || 80;
  if (!rows) rows = Number(env.LINES) || 24;
  return { columns, rows };
}

/** The first line: what was found, counting exactly what the screen lists (issue 14, item 14). */
function headerLine(staged: Finding[], untracked: Finding[]): string {
  const n = countBySeverity(staged);
  const parts = [n.error && plural(n.error, 'problem'), n.warning && `${n.warning} to look at`, n.info && `${n.info} info`].filter(Boolean);
  const notes = untracked.length ? `, ${untracked.length} untracked` : '';
  return `cruft-check stopped this commit: ${parts.join(', ')}${notes}.`;
}

/**
 * The choices, each naming what it does and to which paths. The paths are named when every line
 * then fits the terminal, otherwise counted ("the 8 paths above"); lines wrap at words.
 */
function menuLines(c: Colors, width: number, paths: string[], canFix: boolean, canAllow: boolean): string[] {
  const build = (these: string, them: string): string[] => [
    'What now?',
    '  n  stop here, change nothing (the default: just press Enter)',
    `  y  commit anyway${paths.length ? `, with ${these}` : ''}`,
    ...(canFix ? [`  u  take ${these || 'them'} out, add ${them} to .gitignore, stop`] : []),
    ...(canAllow ? [`  a  allow ${these} for good (.cruftignore) and commit`] : []),
    '  ?  why, and how to do it by hand',
  ];
  let lines = build(names(paths, printable), paths.length === 1 ? 'it' : 'them');
  if (paths.length > 1 && lines.some((l) => textWidth(l) > width)) lines = build(`the ${paths.length} paths above`, 'them');
  return lines.flatMap((l, i) =>
    wrapWords(l, width, '     ').map((w, j) => (i === 0 ? c.bold(w) : j === 0 ? w.replace(/^ {2}(\S)/, (_m, k: string) => `  ${c.bold(k)}`) : w)),
  );
}

/** The header above paths the prompt's `a` adds to .cruftignore. */
export const ALLOW_HEADER = '# allowed at the cruft-check prompt (say why they belong in the repository)';

/** How to get past a blocked commit, for a person without a prompt. */
export function instructions(blocking: Finding[], hasHead: boolean): string {
  const unstage = [...new Set(blocking.flatMap((f) => f.fix.unstage))];
  // A line holding a line break would be two lines in the file: never suggested (src/text.ts).
  const ignore = [...new Set(blocking.flatMap((f) => f.fix.gitignore))].filter((l) => !l.includes('\n'));
  const allow = [...new Set(blocking.flatMap((f) => f.paths.filter((p) => inexpressiblePath(p) === undefined).map(gitignorePattern)))];
  const lines = ['', 'The commit was stopped. To go on, either:'];
  if (unstage.length || ignore.length) {
    lines.push('  • let cruft-check take them out of this commit and add them to .gitignore:  npx cruft-check fix');
    const byHand = [
      ...(unstage.length ? [safeText(unstageCommand(unstage, hasHead))] : []),
      ...(ignore.length ? [`printf '%s\\n' ${safeText(ignore.map(shellQuote).join(' '))} >> .gitignore`] : []),
    ];
    lines.push(`    (or by hand: ${byHand.join('\n     and ')})`);
  }
  if (allow.length) lines.push(`  • or, if they belong in the repository, list them in .cruftignore:  ${safeText(allow.join('  '))}`);
  lines.push('  • last resort, skipping every pre-commit check:  git commit --no-verify');
  return `${lines.join('\n')}\n`;
}

export function openTerminal(): number | undefined {
  try {
    return openSync('/dev/tty', 'r+');
  } catch {
    return undefined; // no controlling terminal: a GUI client, CI, an IDE, a detached session
  }
}

/** One line from the terminal (canonical mode: the terminal hands over a whole line). Undefined at end of input. */
export function readLine(fd: number): string | undefined {
  const buf = Buffer.alloc(256);
  let line = '';
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, buf, 0, buf.length, null);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') continue;
      return line === '' ? undefined : line;
    }
    if (n === 0) return line === '' ? undefined : line;
    line += buf.subarray(0, n).toString('utf8');
    const nl = line.indexOf('\n');
    if (nl >= 0) return line.slice(0, nl);
  }
}

/**
 * Ask until one of `answers` (lower-case; `''` is Enter) is typed, at most `attempts` times.
 * End of input or too many wrong answers give `fallback` — the safe choice.
 */
export function ask<T>(fd: number, question: string, answers: Record<string, T>, fallback: T, retry: string, attempts = 3): T {
  writeSync(fd, question);
  for (let i = 1; ; i++) {
    const line = readLine(fd);
    if (line === undefined) {
      writeSync(fd, '\n');
      return fallback;
    }
    const answer = line.trim().toLowerCase();
    if (Object.hasOwn(answers, answer)) return answers[answer] as T;
    if (i >= attempts) {
      writeSync(fd, 'No valid answer.\n');
      return fallback;
    }
    writeSync(fd, retry);
  }
}

type Choice = 'n' | 'y' | 'u' | 'a' | '?';

/** "a/, b/ and c" — at most three names, then a count. */
function names(paths: string[], show: (s: string) => string): string {
  const shown = paths.slice(0, 3).map(show);
  const more = paths.length - shown.length;
  if (more > 0) return `${shown.join(', ')} and ${more} more`;
  return shown.length > 1 ? `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}` : (shown[0] ?? '');
}

async function unstageAndIgnore(repo: Repo, flagged: Finding[], fd: number): Promise<number> {
  const { planFix, applyFix, renderFix } = await import('./fix.js');
  const plan = await planFix(repo, flagged);
  const done = await applyFix(plan);
  writeSync(fd, `\n${renderFix(plan, done, { hook: true })}`);
  return 1;
}

/**
 * Stage the .cruftignore the `a` answer just wrote, so the allowance travels with the commit
 * (git reads the index again after the pre-commit hook). Returns the line to show: staged, or
 * why not. `before` is whether the file held changes of the person's own that were not staged
 * (then staging would commit them too, so we leave the file for them to stage).
 */
async function stageCruftignore(repo: Repo, unstagedBefore: boolean): Promise<string> {
  const { usesTemporaryIndex } = await import('./fix.js');
  if (usesTemporaryIndex(repo)) {
    return '.cruftignore is not staged: git holds the index during `git commit -a` / `git commit <paths>`, so it cannot join this commit. Commit it next: git add .cruftignore';
  }
  if (unstagedBefore) return '.cruftignore is not staged: it holds changes of yours that were not staged. Look, then: git add .cruftignore';
  const ignored = await gitZ(repo.root, ['check-ignore', '-q', '--no-index', '--', '.cruftignore'], { env: repo.env, allowFail: true });
  if (ignored.code === 0) return '.cruftignore is not staged: a .gitignore ignores it, so the others\' cruft-check will not see it.';
  const added = await gitZ(repo.root, ['add', '--', '.cruftignore'], { env: repo.env, allowFail: true });
  if (added.code !== 0) return `.cruftignore is not staged: git add failed (${added.stderr.trim().split('\n')[0] ?? ''}). Commit it next: git add .cruftignore`;
  return '.cruftignore is staged: it goes with this commit.';
}

/** Does .cruftignore differ from its staged copy (changes not staged)? An untracked or absent file does not. */
async function hasUnstagedChanges(repo: Repo): Promise<boolean> {
  const r = await gitZ(repo.root, ['diff-files', '--quiet', '--', '.cruftignore'], { env: repo.env, allowFail: true });
  return r.code !== 0;
}

async function allow(repo: Repo, paths: string[], fd: number): Promise<number> {
  const { appendIgnoreLines } = await import('../facts/ignorefile.js');
  // Only exact lines (src/text.ts): a name no line can hold is refused before anything is written.
  const odd = paths.find((p) => inexpressiblePath(p) !== undefined);
  if (odd !== undefined) {
    throw new CruftError(`cannot allow ${printable(odd)}: ${inexpressiblePath(odd)}. Nothing was changed.`, 'Rename it, or answer y to commit it this once.');
  }
  const unstagedBefore = await hasUnstagedChanges(repo);
  const edit = appendIgnoreLines(join(repo.root, '.cruftignore'), paths.map(gitignorePattern), { root: repo.root, header: ALLOW_HEADER });
  const added = edit.added.length ? `added ${edit.added.map(safeText).join('  ')} to .cruftignore` : '.cruftignore already lists them';
  const staged = await stageCruftignore(repo, unstagedBefore);
  writeSync(fd, `Allowed: ${added}. Committing.\n${staged}\n`);
  return 0;
}

/** Decide the commit's fate; resolves to the exit code (0 go on, 1 blocked, 2 could not do what was asked). */
export async function runHook(report: Report, opts: HookOptions): Promise<number> {
  const staged = report.findings.filter((f) => f.origin !== 'untracked');
  const untracked = report.findings.filter((f) => f.origin === 'untracked');
  const stderrColor = pc.createColors(opts.color);
  const notes = untracked.map((f) => `${untrackedNote(stderrColor, f)}\n`).join('');
  if (staged.length === 0) {
    // Zero noise on an ordinary commit: print nothing at all unless there is something to say.
    if (notes) process.stderr.write(notes);
    return 0;
  }
  const commitReport: Report = { ...report, findings: staged };
  const blocking = staged.filter((f) => f.severity === 'error');
  if (blocking.length === 0 || opts.yes) {
    process.stderr.write(renderHuman(commitReport, opts) + notes);
    return 0;
  }
  const fd = opts.noInput || isCI(opts.env) ? undefined : openTerminal();
  if (fd === undefined) {
    process.stderr.write(renderHuman(commitReport, opts) + notes + instructions(blocking, opts.hasHead));
    return 1;
  }
  try {
    const style = terminalStyle(opts.env, opts);
    const c = pc.createColors(style.color);
    const size = terminalSize(fd, opts.env);
    // What `u` and `a` act on: everything the report shows for this commit (errors and warnings).
    const flagged = staged.filter((f) => f.severity !== 'info');
    const paths = [...new Set(flagged.flatMap((f) => f.paths))];
    const canFix = opts.repo !== undefined && flagged.some((f) => f.fix.unstage.length > 0 || f.fix.gitignore.length > 0);
    const canAllow = opts.repo !== undefined && paths.length > 0;
    const menu = menuLines(c, size.columns, paths, canFix, canAllow);
    const keys = `[y/${c.bold('N')}${canFix ? '/u' : ''}${canAllow ? '/a' : ''}/?]`;
    const answers: Record<string, Choice> = { '': 'n', n: 'n', no: 'n', y: 'y', yes: 'y' };
    if (canFix) Object.assign(answers, { u: 'u', unstage: 'u' });
    if (canAllow) Object.assign(answers, { a: 'a', allow: 'a' });
    Object.assign(answers, { '?': '?', h: '?', help: '?' });
    const letters = [...new Set(Object.values(answers))];
    const retry = `Please type ${letters.join(', ')} (or press Enter for n): `;
    // Behind `?` (and above the question with --verbose): the full report, why and commands.
    const details = (): string =>
      renderHuman(commitReport, { ...opts, ...style, width: size.columns }) +
      untracked.map((f) => `${untrackedNote(c, f)}\n`).join('') +
      instructions(blocking, opts.hasHead).replace('The commit was stopped. To go on, either:', 'To go on, either:') +
      `More about a rule: cruft-check explain ${staged[0]?.rule ?? 'RULE'}\n\n`;
    if (opts.verbose) writeSync(fd, details());
    else {
      // The one screen: header, findings, a blank line, the menu and the question, within the terminal
      // (one line spare, so the command the person typed stays in sight).
      const header = wrapWords(headerLine(staged, untracked), size.columns);
      const room = size.rows - 1 - header.length - 1 - menu.length - 1;
      const body = renderScreen(screenGroups(staged, untracked), { ...style, width: size.columns, height: room });
      header[0] = (header[0] ?? '').replace(/^cruft-check/, c.bold('cruft-check'));
      writeSync(fd, `${[...header, ...body, ''].join('\n')}\n`);
    }
    let choice: Choice;
    for (;;) {
      writeSync(fd, `${menu.join('\n')}\n`);
      choice = ask(fd, `Your choice ${keys}: `, answers, 'n', retry);
      if (choice !== '?') break;
      writeSync(fd, `\n${details()}`);
    }
    try {
      switch (choice) {
        case 'y':
          writeSync(fd, 'Committing anyway.\n');
          return 0;
        case 'u':
          return await unstageAndIgnore(opts.repo as Repo, flagged, fd);
        case 'a':
          return await allow(opts.repo as Repo, paths, fd);
        case 'n':
          writeSync(fd, instructions(blocking, opts.hasHead));
          return 1;
        default: {
          const never: never = choice;
          return never;
        }
      }
    } catch (e) {
      if (!(e instanceof CruftError)) throw e;
      // Nothing was half-done (see commands/fix.ts); say why and keep the commit stopped.
      writeSync(fd, `cruft-check: ${e.message}${e.hint ? ` ${e.hint}` : ''}\nThe commit was stopped.\n`);
      return 2;
    }
  } finally {
    closeSync(fd);
  }
}
