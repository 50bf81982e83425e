// GitHub Actions output: one workflow command per finding (`::error file=…,title=…::message`),
// which GitHub turns into an annotation on the run and, where it can, on the pull request's files;
// and a Markdown summary for $GITHUB_STEP_SUMMARY (the CLI appends it; this module only renders).
//
// Escaping is the toolkit's (actions/toolkit packages/core/src/command.ts): in the message `%`,
// CR and LF become %25, %0D, %0A; in a property also `:` and `,` (%3A, %2C), since those delimit
// properties. The runner decodes them again, so a path reaches GitHub exactly. Every other control
// character is shown escaped, as in the terminal report: a file name cannot colour or rewrite the log.
import { codeSpan, formatBytes, plural, printable, safeText, shellQuote } from '../text.js';
import type { Finding, Report, Rule, Scope, Severity } from '../model.js';
import { emptyRangeNotice, unstageCommand } from './human.js';

export interface GithubOptions {
  rules: readonly Rule[];
  /** The README; a rule's documentation is `${docsUrl}#${rule.id}`. */
  docsUrl: string;
  /** The repository has a HEAD (`git restore --staged` works). Only used outside `--range`. */
  hasHead?: boolean;
}

/** Message text of a workflow command. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value (`file=`, `title=`) of a workflow command. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

// Control characters other than CR/LF (which the escaping above carries exactly) and Unicode's
// direction overrides: printable() shows them as `\x1b`, `\u202e`.
// A byte that is not UTF-8 (a lone surrogate, see decodePath) would reach the log as U+FFFD: it is escaped too.
const UNSAFE = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\udc80-\udcff]/u;

/** A path for the `file=` property: exact when it is safe to print (so GitHub can match the file). */
function annotationPath(path: string): string {
  return UNSAFE.test(path) ? printable(path) : path;
}

/** Free text for a log line: control characters shown as escapes, CR/LF kept for escapeData. */
function logText(s: string): string {
  return s.replace(new RegExp(UNSAFE.source, 'gu'), (c) => printable(c));
}

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** Text and commands (`{ code }`) of the advice for a finding, so each format can mark commands up its own way. */
export function fixParts(f: Finding, scope: Scope, hasHead = true): Array<string | { code: string }> {
  const them = f.paths.length === 1 ? 'it' : 'them';
  const ignore = (lead: string): Array<string | { code: string }> =>
    // .gitignore lines are file content, not shell words: shown as they are, one after the other.
    f.fix.gitignore.length ? [lead, ...f.fix.gitignore.flatMap((l, i) => [...(i ? [' '] : []), { code: l }]), ' to .gitignore'] : [];
  if (scope === 'range') {
    if (f.paths.length === 0) return ['Check that every new file belongs in the repository.'];
    return [
      `Remove ${them} from the branch with `,
      { code: `git rm -r --cached -- ${f.paths.map(shellQuote).join(' ')}` },
      ...ignore(' and add '),
      ', then commit; the files stay in the branch history until it is squashed or rewritten.',
    ];
  }
  if (f.fix.unstage.length) return [`Take ${them} out of the commit with `, { code: unstageCommand(f.fix.unstage, hasHead) }, ...ignore(' and add '), '.'];
  if (f.fix.gitignore.length) return [...ignore('Add '), '.'];
  return ['Check that every new file belongs in the repository.'];
}

/** What to do about a finding, in one sentence with the exact commands as code spans (see codeSpan). */
export function fixAdvice(f: Finding, scope: Scope, hasHead = true): string {
  return fixParts(f, scope, hasHead)
    .map((p) => (typeof p === 'string' ? p : codeSpan(p.code)))
    .join('');
}

/** The finding in one line: what, where, how much. `show` renders a path (exact for SARIF, escaped for logs). */
export function findingSummary(f: Finding, show: (path: string) => string = (p) => p, maxPaths = 5): string {
  // A finding without paths (bulk-add) judges the change as a whole; its message already holds the counts.
  if (f.paths.length === 0) return f.message;
  const more = f.paths.length > maxPaths ? ` and ${f.paths.length - maxPaths} more` : '';
  return `${f.message}: ${f.paths.slice(0, maxPaths).map(show).join(', ')}${more} (${plural(f.files, 'file')}, ${formatBytes(f.bytes)})`;
}

/** One workflow command per finding. Without findings: nothing (an empty log is the good news). */
export function renderGithub(report: Report, opts: GithubOptions): string {
  const empty = emptyRangeNotice(report.range);
  if (empty) return `::warning title=${escapeProperty('cruft-check: empty range')}::${escapeData(logText(empty))}\n`;
  return report.findings
    .map((f) => {
      const props = [
        ...(f.paths[0] !== undefined ? [`file=${escapeProperty(annotationPath(f.paths[0]))}`] : []),
        `title=${escapeProperty(logText(`${f.title} (${f.rule})`))}`,
      ];
      // Paths in the text are shown the way the terminal report shows them: a name's newline is
      // `\n`, not a line break. Commands are not escaped again: shellQuote() already wrote every
      // such character as a `$'\xHH'` escape, and printable()'s second escaping (`\\x0a`) would
      // name another path; safeText() changes nothing there and is only the last guard.
      const fix = fixParts(f, report.scope, opts.hasHead)
        .map((p) => (typeof p === 'string' ? p : codeSpan(safeText(p.code))))
        .join('');
      const lines = [findingSummary(f, printable), `Why: ${f.why}`, `Fix: ${fix}`, `Docs: ${opts.docsUrl}#${f.rule}`];
      return `::${COMMAND[f.severity]} ${props.join(',')}::${escapeData(lines.map(logText).join('\n'))}\n`;
    })
    .join('');
}

/** A path as Markdown inline code in a table cell: printable, a fence longer than any backtick run, `|` escaped (GFM reads `\\|` as a bar, in code too). */
function code(s: string): string {
  return codeSpan(printable(s).replace(/\|/g, '\\|'));
}

/**
 * A shell command as inline code in a table cell: as shellQuote() wrote it (its `$'\xHH'`
 * escapes are the path's exact bytes; printable() would double their backslashes), safeText()
 * only as the last guard, `|` escaped for the table.
 */
function commandCode(command: string): string {
  return codeSpan(safeText(command).replace(/\|/g, '\\|'));
}

/** Plain text in Markdown: no markup, no HTML, no table breaks. */
function md(s: string): string {
  return printable(s).replace(/[\\`*_{}[\]<>()#+!|~]/g, (c) => `\\${c}`);
}

const ICON: Record<Severity, string> = { error: '❌ error', warning: '⚠️ warning', info: 'ℹ️ info' };
const MAX_ROWS = 50;

/** The job summary: a headline, then one table row per finding. */
export function renderGithubSummary(report: Report, opts: GithubOptions): string {
  const { summary, findings } = report;
  const where = report.scope === 'range' ? 'what this branch adds' : report.scope === 'preflight' ? 'staged and untracked files' : 'what this commit adds';
  const scanned = `${plural(summary.files, 'file')}, ${formatBytes(summary.bytes)}`;
  const empty = emptyRangeNotice(report.range);
  if (empty) return `### ⚠️ cruft-check: ${md(empty)}\n\n`;
  if (findings.length === 0) return `### ✅ cruft-check: nothing to flag in ${where} (${scanned})\n\n`;
  const n = summary.findings;
  const counts = [n.error && plural(n.error, 'error'), n.warning && plural(n.warning, 'warning'), n.info && `${n.info} info`].filter(Boolean).join(', ');
  const lines = [
    `### ${summary.blocking ? '❌' : '⚠️'} cruft-check: ${plural(findings.length, 'problem')} in ${where} (${counts})`,
    '',
    `Checked ${scanned}.${summary.blocking ? ' An error blocks the merge: see the fix for each finding.' : ''}`,
    '',
    '| severity | rule | paths | files | size | fix |',
    '| --- | --- | --- | ---: | ---: | --- |',
  ];
  for (const f of findings.slice(0, MAX_ROWS)) {
    const paths = f.paths.length ? f.paths.slice(0, 5).map(code).join('<br>') + (f.paths.length > 5 ? `<br>… ${f.paths.length - 5} more` : '') : '—';
    const fix = fixParts(f, report.scope, opts.hasHead)
      .map((p) => (typeof p === 'string' ? md(p) : commandCode(p.code)))
      .join('');
    lines.push(`| ${ICON[f.severity]} | [${md(f.rule)}](${opts.docsUrl}#${f.rule}) | ${paths} | ${f.files} | ${formatBytes(f.bytes)} | ${fix} |`);
  }
  if (findings.length > MAX_ROWS) lines.push('', `… and ${findings.length - MAX_ROWS} more findings (see the annotations or the SARIF report).`);
  return `${lines.join('\n')}\n\n`;
}
