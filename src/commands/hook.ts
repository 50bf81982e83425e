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
// Each choice's line names the paths it acts on. `u` and `a` only append to ignore files and
// change the index; no file in the work tree is touched (see commands/fix.ts).
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import pc from 'picocolors';
import { CruftError } from '../errors.js';
import { gitignorePattern, inexpressiblePath, printable, safeText, shellQuote } from '../report/text.js';
import type { Repo } from '../git/read.js';
import type { Finding, Report } from '../model.js';
import { renderHuman, unstageCommand, untrackedNote } from '../report/human.js';

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
}

/** The header above paths the prompt's `a` adds to .cruftignore. */
export const ALLOW_HEADER = '# allowed at the cruft-check prompt (say why they belong in the repository)';

/** How to get past a blocked commit, for a person without a prompt. */
export function instructions(blocking: Finding[], hasHead: boolean): string {
  const unstage = [...new Set(blocking.flatMap((f) => f.fix.unstage))];
  // A line holding a line break would be two lines in the file: never suggested (src/report/text.ts).
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

type Choice = 'n' | 'y' | 'u' | 'a';

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

async function allow(repo: Repo, paths: string[], fd: number): Promise<number> {
  const { appendIgnoreLines } = await import('../facts/ignorefile.js');
  // Only exact lines (src/report/text.ts): a name no line can hold is refused before anything is written.
  const odd = paths.find((p) => inexpressiblePath(p) !== undefined);
  if (odd !== undefined) {
    throw new CruftError(`cannot allow ${printable(odd)}: ${inexpressiblePath(odd)}. Nothing was changed.`, 'Rename it, or answer y to commit it this once.');
  }
  const edit = appendIgnoreLines(join(repo.root, '.cruftignore'), paths.map(gitignorePattern), { root: repo.root, header: ALLOW_HEADER });
  const added = edit.added.length ? `added ${edit.added.map(safeText).join('  ')} to .cruftignore` : '.cruftignore already lists them';
  writeSync(fd, `Allowed: ${added}. Committing. (Commit .cruftignore too, so everyone's cruft-check agrees.)\n`);
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
    const color = opts.color || (opts.env.NO_COLOR === undefined && opts.env.FORCE_COLOR !== '0');
    const tty = { ...opts, color };
    const c = pc.createColors(color);
    const ttyNotes = untracked.map((f) => `${untrackedNote(c, f)}\n`).join('');
    // What `u` and `a` act on: everything the report shows for this commit (errors and warnings).
    const flagged = staged.filter((f) => f.severity !== 'info');
    const paths = [...new Set(flagged.flatMap((f) => f.paths))];
    const canFix = opts.repo !== undefined && flagged.some((f) => f.fix.unstage.length > 0 || f.fix.gitignore.length > 0);
    const canAllow = opts.repo !== undefined && paths.length > 0;
    const these = names(paths, (p) => c.cyan(printable(p)));
    const keys = `[y/${c.bold('N')}${canFix ? '/u' : ''}${canAllow ? '/a' : ''}]`;
    const menu = [
      `${c.bold('What now?')}`,
      `  ${c.bold('n')}  stop here, change nothing (the default: just press Enter)`,
      `  ${c.bold('y')}  commit anyway${paths.length ? `, with ${these}` : ''}`,
      ...(canFix ? [`  ${c.bold('u')}  take ${these || 'them'} out of this commit and add ${paths.length === 1 ? 'it' : 'them'} to .gitignore, then stop`] : []),
      ...(canAllow ? [`  ${c.bold('a')}  allow ${these} for good (list ${paths.length === 1 ? 'it' : 'them'} in .cruftignore) and commit`] : []),
    ];
    const answers: Record<string, Choice> = { '': 'n', n: 'n', no: 'n', y: 'y', yes: 'y' };
    if (canFix) Object.assign(answers, { u: 'u', unstage: 'u' });
    if (canAllow) Object.assign(answers, { a: 'a', allow: 'a' });
    const letters = Object.values(answers).filter((v, i, all) => all.indexOf(v) === i);
    const retry = `Please type ${letters.join(', ')} (or press Enter for n): `;
    writeSync(fd, `${renderHuman(commitReport, tty)}${ttyNotes}\n${menu.join('\n')}\n`);
    const choice = ask(fd, `Your choice ${keys}: `, answers, 'n', retry);
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
