// What the pre-commit hook does with a report. A hook's standard input is /dev/null and under
// some hook managers its standard output is captured, so the question is asked on /dev/tty
// itself — and only when that can be opened and this is not CI; otherwise the commit is blocked
// with instructions, never left waiting for an answer nobody can give.
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import pc from 'picocolors';
import { shellQuote } from './format.js';
import type { Finding, Report } from './model.js';
import { renderHuman, unstageCommand, untrackedNote } from './report/human.js';

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
}

/** How to get past a blocked commit, for a person without a prompt. */
export function instructions(blocking: Finding[], hasHead: boolean): string {
  const unstage = [...new Set(blocking.flatMap((f) => f.fix.unstage))];
  const ignore = [...new Set(blocking.flatMap((f) => f.fix.gitignore))];
  const allow = [...new Set(blocking.flatMap((f) => f.paths.map((p) => `/${p}`)))];
  const lines = ['The commit was stopped. To go on, either:'];
  if (unstage.length) lines.push(`  • take them out of this commit:   ${unstageCommand(unstage, hasHead)}`);
  if (ignore.length) lines.push(`    and keep them out for good:     printf '%s\\n' ${ignore.map(shellQuote).join(' ')} >> .gitignore`);
  if (allow.length) lines.push(`  • or, if they belong in the repository, list them in .cruftignore:  ${allow.join('  ')}`);
  lines.push('  • last resort, skipping every pre-commit check:  git commit --no-verify');
  return `${lines.join('\n')}\n`;
}

function openTerminal(): number | undefined {
  try {
    return openSync('/dev/tty', 'r+');
  } catch {
    return undefined; // no controlling terminal: a GUI client, CI, an IDE, a detached session
  }
}

function readLine(fd: number): string {
  const buf = Buffer.alloc(256);
  let line = '';
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, buf, 0, buf.length, null);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') continue;
      return line;
    }
    if (n === 0) return line;
    line += buf.subarray(0, n).toString('utf8');
    const nl = line.indexOf('\n');
    if (nl >= 0) return line.slice(0, nl);
  }
}

/** Decide the commit's fate; returns the exit code (0 go on, 1 blocked). */
export function runHook(report: Report, opts: HookOptions): number {
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
    const ttyColor = pc.createColors(color);
    const ttyNotes = untracked.map((f) => `${untrackedNote(ttyColor, f)}\n`).join('');
    writeSync(fd, renderHuman(commitReport, tty) + ttyNotes + `${ttyColor.bold('Commit anyway?')} [y/N] `);
    const answer = readLine(fd).trim().toLowerCase();
    if (answer === 'y' || answer === 'yes') {
      writeSync(fd, 'Committing anyway.\n');
      return 0;
    }
    writeSync(fd, `\n${instructions(blocking, opts.hasHead)}`);
    return 1;
  } finally {
    closeSync(fd);
  }
}
