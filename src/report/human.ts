// The one-screen report for people. Colour comes from an injected picocolors instance; every
// path goes through printable() so a file name cannot inject terminal escape sequences.
import pc from 'picocolors';
import { formatBytes, plural, printable, safeText, shellQuote } from './text.js';
import type { Finding, RangeSummary, Report, Severity, TreeNode } from '../model.js';

export type Colors = ReturnType<typeof pc.createColors>;

export interface HumanOptions {
  color: boolean;
  /** The repository has a HEAD (`git restore --staged` works); before the first commit use `git rm --cached`. */
  hasHead: boolean;
}

const MAX_PATHS = 5;

function mark(c: Colors, s: Severity): string {
  switch (s) {
    case 'error':
      return c.red(c.bold('✖ error  '));
    case 'warning':
      return c.yellow(c.bold('⚠ warning'));
    case 'info':
      return c.blue('ℹ info   ');
    default: {
      const never: never = s;
      return never;
    }
  }
}

export function unstageCommand(paths: string[], hasHead: boolean): string {
  const quoted = paths.map(shellQuote).join(' ');
  return hasHead ? `git restore --staged -- ${quoted}` : `git rm -r --cached -q -- ${quoted}`;
}

function treeLines(c: Colors, nodes: TreeNode[], indent: string): string[] {
  // One column width for every level, so counts and sizes line up under each other.
  const flat = (ns: TreeNode[], depth: number): Array<[TreeNode, number]> =>
    ns.flatMap((n) => [[n, depth] as [TreeNode, number], ...flat(n.children ?? [], depth + 1)]);
  const rows = flat(nodes, 0);
  const width = Math.min(48, Math.max(...rows.map(([n, d]) => printable(n.path).length + 2 * d)) + 2);
  return rows.map(([n, d]) => {
    const name = `${'  '.repeat(d)}${printable(n.path)}`;
    return `${indent}${name.padEnd(width)}${c.dim(`${plural(n.files, 'file').padStart(12)}  ${formatBytes(n.bytes).padStart(10)}`)}`;
  });
}

/** Wrap prose to the terminal's width (80 when unknown), indented. */
export function wrap(text: string, indent: string, width = 80): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines;
}

function findingLines(c: Colors, f: Finding, opts: HumanOptions): string[] {
  const where = f.origin === 'untracked' ? c.dim(' (untracked)') : '';
  const lines = [`${mark(c, f.severity)}  ${c.bold(f.title)}${where}  ${c.dim(f.rule)}`];
  lines.push(`    ${printable(f.message)}`);
  const counted = `${plural(f.files, 'file')}, ${formatBytes(f.bytes)}`;
  // An untracked folder git listed as one entry (a dependency tree) was not looked inside.
  const size = c.dim(f.uncounted?.length ? `${f.files ? `${counted}; ` : ''}files not counted: untracked folder (--untracked-files=all counts them)` : counted);
  if (f.paths.length === 1) lines.push(`    ${c.cyan(printable(f.paths[0] ?? ''))}  ${size}`);
  else if (f.paths.length > 1) {
    for (const p of f.paths.slice(0, MAX_PATHS)) lines.push(`    ${c.cyan(printable(p))}`);
    if (f.paths.length > MAX_PATHS) lines.push(c.dim(`    … and ${f.paths.length - MAX_PATHS} more`));
    lines.push(`    ${size}`);
  }
  if (f.tree) lines.push(...treeLines(c, f.tree, '      '));
  lines.push(...wrap(`why: ${f.why}`, '    ', Math.max(60, Math.min(100, process.stdout.columns || 80))).map((l) => c.dim(l)));
  if (f.fix.unstage.length > 0) lines.push(`    ${c.dim('unstage:')}    ${safeText(unstageCommand(f.fix.unstage, opts.hasHead))}`);
  if (f.fix.gitignore.length > 0) lines.push(`    ${c.dim('.gitignore:')} ${safeText(f.fix.gitignore.join('  '))}`);
  return lines;
}

/** One line for untracked cruft during a commit: it does not block, but the next `git add .` would take it. */
export function untrackedNote(c: Colors, f: Finding): string {
  const what = f.paths.slice(0, 3).map(printable).join(', ') + (f.paths.length > 3 ? ', …' : '');
  const ignore = f.fix.gitignore.length ? `; add ${safeText(f.fix.gitignore.slice(0, 3).join(' '))} to .gitignore` : '';
  const size = f.uncounted?.length && f.files === 0 ? '' : `, ${formatBytes(f.bytes)}`;
  return `${c.yellow('note:')} untracked ${what} (${f.title.toLowerCase()}${size}) would be swept in by the next \`git add .\`${ignore}`;
}

/**
 * What to say about a range without commits, or undefined. A workflow that checked out the wrong
 * ref compares a commit with itself: "nothing to flag" would be true and would hide the mistake.
 */
export function emptyRangeNotice(range: RangeSummary | undefined): string | undefined {
  if (!range || range.commits > 0) return undefined;
  const where = range.from === range.to ? 'HEAD is the base itself' : 'HEAD is behind the base';
  return (
    `the range ${range.text} holds no commits (${where}, ${range.to.slice(0, 12)}), so nothing was checked. ` +
    'In CI this usually means the wrong ref was checked out; --fail-on-empty makes it fail the job.'
  );
}

export function renderHuman(report: Report, opts: HumanOptions): string {
  const c = pc.createColors(opts.color);
  const { findings } = report;
  const empty = emptyRangeNotice(report.range);
  if (empty) return `${c.yellow(c.bold('⚠'))} cruft-check: ${safeText(empty)}\n`;
  if (findings.length === 0) {
    return `${c.green('✔')} cruft-check: nothing to flag in ${plural(report.summary.files, 'file')} (${formatBytes(report.summary.bytes)}).\n`;
  }
  const n = report.summary.findings;
  const counts = [n.error && plural(n.error, 'error'), n.warning && plural(n.warning, 'warning'), n.info && `${n.info} info`].filter(Boolean).join(', ');
  const where =
    report.scope === 'preflight' ? 'in staged and untracked files' : report.scope === 'range' ? 'in what this branch adds' : 'in what this commit adds';
  const lines = [`${c.bold('cruft-check')} found ${plural(findings.length, 'problem')} ${where} (${counts}):`, ''];
  for (const f of findings) lines.push(...findingLines(c, f, opts), '');
  return `${lines.join('\n')}`;
}
