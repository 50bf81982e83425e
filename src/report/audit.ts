// The report of `cruft-check audit`: what it holds (the finding's weight in the history, the commit
// that brought it, the command that would remove it) and its human rendering. Pure: a report and
// options in, text out; where the text goes is src/report/output.ts's business. Every other format
// (JSON, SARIF, GitHub, Code Quality) renders it as a check's report.
import pc from 'picocolors';
import type { Finding, Report } from '../model.js';
import { formatBytes, plural, printable, safeText, shellQuote } from '../text.js';
import { symbols, wrapWords } from './human.js';

export interface Introduction {
  commit: string;
  /** ISO 8601, from the author date. */
  date: string;
  subject: string;
}

export interface AuditFinding extends Finding {
  audit: {
    /** The oldest commit that added one of the finding's files (for a tree audit: of the files now in the tree). */
    introducedIn?: Introduction;
    /** Commits that added one of its files. */
    commits: number;
    /** Bytes of every distinct version of its files stored in the history (tree audit: at REV). */
    historyBytes: number;
    /** Distinct contents (blobs) of its files: a file and its unchanged copy are two files, one content. */
    contents: number;
    /** Is any of its files in the tree at REV (for --all: at HEAD)? */
    present: boolean;
    /**
     * History only: other paths that held the same contents (a folder renamed or copied on some
     * branch), folded into folders where everything ever under a folder is the finding's.
     */
    otherPaths?: string[];
    /** `git filter-repo` command that would remove its paths (and otherPaths) from every commit. */
    removeFromHistory: string;
  };
}

export interface RewriteEffect {
  /** History audits: commits whose every change the rewrite removes (filter-repo drops them). */
  emptiedCommits?: number;
  /** The first few of them. */
  emptiedSample?: string[];
  /** Branches (or the audited revision) whose whole tree the rewrite removes: left empty. */
  emptiedBranches: string[];
}

export interface AuditReport extends Report {
  audit: {
    mode: 'tree' | 'history';
    /** What was audited: the revision as given, `--all`, or HEAD. */
    rev: string;
    commit?: string;
    commits: number;
    /** Distinct file versions (blobs) looked at. */
    blobs: number;
    warning: string;
    /** When something is flagged: what the combined removal command would leave empty. */
    rewrite?: RewriteEffect;
  };
  findings: AuditFinding[];
}

export const REWRITE_WARNING =
  'Removing files from history rewrites every commit after the first one that holds them. Rotate any ' +
  'leaked password or key first (a rewrite does not un-leak it). Agree on it with everyone who uses the ' +
  'repository, run it in a fresh clone (git clone --mirror), force-push every branch and tag, and have ' +
  'everyone re-clone: an old clone pushed again brings the files back.';

/** The command that removes `paths` (files, or folders as `dir/`) from every commit. */
export function filterRepoCommand(paths: string[]): string {
  // `--path dir` matches the folder and everything in it.
  return `git filter-repo --invert-paths ${paths.map((p) => `--path ${shellQuote(p.replace(/\/$/, ''))}`).join(' ')}`;
}

/** What the terminal's progress line says while the history streams. */
export function historyProgress(commits: number, objects: number): string {
  return `cruft-check audit: ${commits.toLocaleString('en-US')} commits, ${objects.toLocaleString('en-US')} objects…`;
}

export interface AuditHumanOptions {
  color: boolean;
  /** Columns to wrap prose at (a terminal's); commands and paths are never wrapped. Unwrapped when absent. */
  width?: number;
  /** Plain ASCII marks (TERM=dumb). */
  ascii?: boolean;
}

/** Paths shown under a finding before `… and N more`. */
const MAX_PATHS = 5;

/** The audit's report for people (see AuditHumanOptions). */
export function renderAuditHuman(r: AuditReport, opts: AuditHumanOptions): string {
  const c = pc.createColors(opts.color);
  const sym = symbols(opts.ascii);
  // Prose wraps at the width, continuing under its own indent; `paint` colours each line (an
  // escape sequence must not count as columns, nor span a line break). `lead` starts the first
  // line in bold.
  const prose = (text: string, indent: string, paint: (s: string) => string = (s) => s, lead = ''): string[] => {
    const lines = opts.width ? wrapWords(`${indent}${lead}${text}`, opts.width, indent) : [`${indent}${lead}${text}`];
    return lines.map((line, i) => (i === 0 && lead ? paint(`${indent}${c.bold(lead.trimEnd())} ${line.slice(indent.length + lead.length)}`) : paint(line)));
  };
  const where = r.audit.mode === 'history' ? `in the history of ${printable(r.audit.rev)} (${plural(r.audit.commits, 'commit')})` : `in the tree of ${printable(r.audit.rev)}`;
  if (r.findings.length === 0) {
    // The history is read as its distinct contents (each stored once), not as paths.
    const what = r.audit.mode === 'history' ? plural(r.audit.blobs, 'distinct file content') : plural(r.summary.files, 'file');
    return `${c.green(sym.ok)} cruft-check audit: nothing to flag ${where}, ${what} (${formatBytes(r.summary.bytes)}).\n`;
  }
  const lines = [...prose(`found ${plural(r.findings.length, 'problem')} ${where}:`, '', (x) => x, 'cruft-check audit '), ''];
  const mark = { error: c.red(c.bold(`${sym.error} error  `)), warning: c.yellow(c.bold(`${sym.warning} warning`)), info: c.blue(`${sym.info} info   `) };
  const paths = (list: string[]): void => {
    for (const p of list.slice(0, MAX_PATHS)) lines.push(`    ${c.cyan(printable(p))}`);
    if (list.length > MAX_PATHS) lines.push(c.dim(`    ${sym.more} and ${list.length - MAX_PATHS} more`));
  };
  for (const f of r.findings) {
    lines.push(`${mark[f.severity]}  ${c.bold(f.title)}  ${c.dim(f.rule)}`);
    lines.push(...prose(printable(f.message), '    '));
    paths(f.paths);
    const other = f.audit.otherPaths ?? [];
    if (other.length) {
      lines.push(`    ${c.dim('the same contents also under (renamed or copied):')}`);
      paths(other);
    }
    // Files are paths; a file and its unchanged copy are one content, stored once.
    const weight =
      r.audit.mode === 'history'
        ? `${plural(f.files, 'file')} over the history (${plural(f.audit.contents, 'distinct content')}), ${formatBytes(f.audit.historyBytes)} in the history`
        : `${plural(f.files, 'file')}, ${formatBytes(f.bytes)}`;
    const state = r.audit.mode === 'history' ? (f.audit.present ? `; still in ${printable(r.audit.rev === '--all' ? 'HEAD' : r.audit.rev)}` : '; deleted since, but every clone still holds it') : '';
    lines.push(...prose(`${weight}${state}`, '    ', c.dim));
    const intro = f.audit.introducedIn;
    if (intro) lines.push(`    ${c.dim('introduced in')} ${intro.commit.slice(0, 12)} ${c.dim(`(${intro.date.slice(0, 10)})`)} ${safeText(intro.subject)}`);
    // Commands are never wrapped: they are copied whole.
    if (r.audit.mode === 'tree' || f.audit.present) {
      lines.push(`    ${c.dim('stop tracking:')} ${safeText(`git rm -r --cached -q -- ${f.paths.map(shellQuote).join(' ')}`)}`);
      if (f.fix.gitignore.length) lines.push(`    ${c.dim('.gitignore:')}    ${safeText(f.fix.gitignore.join('  '))}`);
    }
    lines.push(`    ${c.dim('remove from history:')} ${safeText(f.audit.removeFromHistory)}`);
    lines.push('');
  }
  const all = [...new Set(r.findings.flatMap((f) => [...f.paths, ...(f.audit.otherPaths ?? [])]))];
  if (r.findings.length > 1) lines.push(`To remove all of it from history at once:`, `    ${safeText(filterRepoCommand(all))}`, '');
  const effect = r.audit.rewrite;
  if (effect?.emptiedBranches.length) {
    const names = effect.emptiedBranches.map(printable).join(', ');
    const their = effect.emptiedBranches.length === 1 ? 'its' : 'their';
    lines.push(...prose(`${names}: every file in ${their} tree is removed and nothing is left. Move what you want to keep out of the removed paths first.`, '', c.red, 'This rewrite empties '));
  }
  if (effect?.emptiedCommits) {
    const sample = (effect.emptiedSample ?? []).map((o) => o.slice(0, 12)).join(', ');
    const more = effect.emptiedCommits > (effect.emptiedSample?.length ?? 0) ? ', …' : '';
    lines.push(...prose(`${plural(effect.emptiedCommits, 'commit')} with no change at all (${sample}${more}): git filter-repo drops them, their messages go with them.`, '', c.yellow, 'It leaves '));
  }
  if (effect?.emptiedBranches.length || effect?.emptiedCommits) lines.push('');
  lines.push(...prose(r.audit.warning, '', c.yellow, 'Careful: '));
  lines.push(...prose('git filter-repo is a separate tool (https://github.com/newren/git-filter-repo); cruft-check never rewrites anything itself.', '', c.dim));
  return `${lines.join('\n')}\n`;
}
