// GitLab Code Quality: the JSON array of Code Climate issues a job hands over with
// `artifacts: reports: codequality:`, which GitLab shows in the merge request and beside the lines
// of its diff. GitLab reads a subset of Code Climate's format, and only that subset is written:
// `description`, `check_name`, `fingerprint`, `severity` (info, minor, major, critical,
// blocker), `location.path` and `location.lines.begin` (docs.gitlab.com, "Code Quality report
// format").
//
// Choices:
// - One issue per path of a finding (a location names one file): each flagged path shows where
//   it is. bulk-add names no path and calls no file cruft: one issue, placed on its largest new
//   folder and listing the others.
// - A folder has no lines, so its issue points at a real file in it (Finding.anchors: the marker
//   that identified a database, else the folder's first file), line 1, and its description names
//   the folder. An untracked folder no one could list keeps the folder's path.
// - The fingerprint is what GitLab compares between the base branch's report and the merge
//   request's to say "new" or "fixed", and GitLab shows only one issue per fingerprint: a hash of
//   the rule and the flagged path (the folder, not the file standing in for it; bulk-add's, the
//   rule alone), never of sizes, counts or order, which change from run to run for the same
//   finding. 32 hex digits, the length of GitLab's documented example.
// - Severity: an error stops the commit and fails the job (critical); a warning never blocks
//   (minor); info is info. major sits between the two levels that block and do not; blocker is
//   left for nothing cruft-check says, since `--fail-on never` lets even an error through.
import { createHash } from 'node:crypto';
import { codeSpan, formatBytes, plural, shellQuote } from '../text.js';
import type { Finding, Report, Severity } from '../model.js';

export interface CodeQualityOptions {
  /** The repository has a HEAD (`git restore --staged` works). Only used outside `--range`. */
  hasHead?: boolean;
}

/** One Code Climate issue, as GitLab reads it. */
export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: 'info' | 'minor' | 'major' | 'critical' | 'blocker';
  location: { path: string; lines: { begin: number } };
}

const SEVERITY: Record<Severity, CodeQualityIssue['severity']> = { error: 'critical', warning: 'minor', info: 'info' };

/** GitLab shows no more than this many issues of one finding usefully; the rest are counted in the last one's description. */
const MAX_PATHS = 100;

/**
 * bulk-add's one issue, on its largest new folder (the tree comes largest first). Its
 * fingerprint is the rule's alone: which folders the summary shows depends on their sizes, and a
 * change is one bulk add however it grows.
 */
function bulkIssue(f: Finding, n: number): CodeQualityIssue {
  const tops = (f.tree ?? []).map((n) => n.path).filter((p) => !p.startsWith('…'));
  const first = tops[0] ?? './';
  const shown = tops.slice(0, 5).join(', ') + (tops.length > 5 ? ', …' : '');
  return {
    description: `${f.title}: ${f.message} (${plural(f.files, 'file')}, ${formatBytes(f.bytes)}${shown ? `; in ${shown}` : ''}). Check that every new file belongs in the repository.`,
    check_name: f.rule,
    fingerprint: fingerprint(f.rule, '', n),
    severity: SEVERITY[f.severity],
    location: { path: (first.endsWith('/') ? f.anchors?.[first] : first) ?? first, lines: { begin: 1 } },
  };
}

/** What to do, as one sentence with the command for this one path. */
function fixFor(f: Finding, path: string, scope: Report['scope'], hasHead: boolean): string {
  // Commands as code spans fenced past any backtick a name holds: copied whole, they name exactly this path.
  const quoted = shellQuote(path);
  if (scope === 'range') return `Remove it from the branch with ${codeSpan(`git rm -r --cached -- ${quoted}`)}, then commit.`;
  if (f.fix.unstage.includes(path)) return `Take it out of the commit with ${codeSpan(hasHead ? `git restore --staged -- ${quoted}` : `git rm -r --cached -q -- ${quoted}`)}.`;
  if (f.fix.gitignore.length) return `Add ${f.fix.gitignore.map(codeSpan).join(' ')} to .gitignore.`;
  return 'Check that every new file belongs in the repository.';
}

function fingerprint(rule: string, path: string, n: number): string {
  return createHash('sha256')
    .update([rule, path, ...(n ? [String(n)] : [])].join('\0'))
    .digest('hex')
    .slice(0, 32);
}

export function renderCodeQuality(report: Report, opts: CodeQualityOptions = {}): string {
  const issues: CodeQualityIssue[] = [];
  const seen = new Map<string, number>();
  for (const f of report.findings) {
    if (f.paths.length === 0) {
      const n = seen.get(f.rule) ?? 0;
      seen.set(f.rule, n + 1);
      issues.push(bulkIssue(f, n));
      continue;
    }
    const paths = f.paths;
    const more = paths.length > MAX_PATHS ? ` (and ${paths.length - MAX_PATHS} more paths of this finding)` : '';
    const size = f.uncounted?.length && f.files === 0 ? '' : ` (${plural(f.files, 'file')}, ${formatBytes(f.bytes)} in all)`;
    paths.slice(0, MAX_PATHS).forEach((path, i) => {
      const folder = path.endsWith('/');
      const file = folder ? f.anchors?.[path] : path;
      // (The same rule and path twice in one report would be one issue to GitLab: told apart by a count.)
      const key = `${f.rule}\0${path}`;
      const n = seen.get(key) ?? 0;
      seen.set(key, n + 1);
      const where = folder ? `folder ${path}` : path;
      const last = i === Math.min(paths.length, MAX_PATHS) - 1 ? more : '';
      issues.push({
        description: `${f.title} — ${where}: ${f.message}${size}${last}. ${fixFor(f, path, report.scope, opts.hasHead ?? true)}`,
        check_name: f.rule,
        fingerprint: fingerprint(f.rule, path, n),
        severity: SEVERITY[f.severity],
        location: { path: file ?? path, lines: { begin: 1 } },
      });
    });
  }
  return `${JSON.stringify(issues, null, 2)}\n`;
}
