// The one-screen report for people. Colour comes from an injected picocolors instance; every
// path goes through printable() so a file name cannot inject terminal escape sequences.
import pc from 'picocolors';
import { formatBytes, plural, printable, safeText, shellQuote } from '../text.js';
import type { Finding, RangeSummary, Report, Severity, TreeNode } from '../model.js';

export type Colors = ReturnType<typeof pc.createColors>;

export interface HumanOptions {
  color: boolean;
  /** The repository has a HEAD (`git restore --staged` works); before the first commit use `git rm --cached`. */
  hasHead: boolean;
  /** Plain ASCII marks (`TERM=dumb`, a console without Unicode): x, !, i instead of ✖, ⚠, ℹ. */
  ascii?: boolean;
  /** Columns to wrap prose at (the caller measures the terminal; 80 when unknown). */
  width?: number;
}

/** The marks, Unicode or ASCII. */
export function symbols(ascii: boolean | undefined): Record<Severity | 'ok' | 'more', string> {
  return ascii ? { error: 'x', warning: '!', info: 'i', ok: 'ok', more: '...' } : { error: '✖', warning: '⚠', info: 'ℹ', ok: '✔', more: '…' };
}

const MAX_PATHS = 5;

// Colours that read on light and dark themes alike: red and yellow marks, bold for emphasis,
// the terminal's own foreground for text (no white, black or blue text).
function mark(c: Colors, s: Severity, ascii?: boolean): string {
  const sym = symbols(ascii);
  switch (s) {
    case 'error':
      return c.red(c.bold(`${sym.error} error  `));
    case 'warning':
      return c.yellow(c.bold(`${sym.warning} warning`));
    case 'info':
      return c.bold(`${sym.info} info   `);
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
  const lines = [`${mark(c, f.severity, opts.ascii)}  ${c.bold(f.title)}${where}  ${c.dim(f.rule)}`];
  // On a terminal of known width the message wraps at words too (a report for a file keeps one line).
  if (opts.width) lines.push(...wrap(printable(f.message), '    ', opts.width));
  else lines.push(`    ${printable(f.message)}`);
  const counted = `${plural(f.files, 'file')}, ${formatBytes(f.bytes)}`;
  // An untracked folder git listed as one entry (a dependency tree) was not looked inside.
  const size = c.dim(f.uncounted?.length ? `${f.files ? `${counted}; ` : ''}files not counted: untracked folder (--untracked-files=all counts them)` : counted);
  if (f.paths.length === 1) lines.push(`    ${c.cyan(printable(f.paths[0] ?? ''))}  ${size}`);
  else if (f.paths.length > 1) {
    for (const p of f.paths.slice(0, MAX_PATHS)) lines.push(`    ${c.cyan(printable(p))}`);
    if (f.paths.length > MAX_PATHS) lines.push(c.dim(`    ${symbols(opts.ascii).more} and ${f.paths.length - MAX_PATHS} more`));
    lines.push(`    ${size}`);
  }
  if (f.tree) lines.push(...treeLines(c, f.tree, '      '));
  lines.push(...wrap(`why: ${f.why}`, '    ', Math.max(60, Math.min(100, opts.width || 80))).map((l) => c.dim(l)));
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

export function countBySeverity(findings: Finding[]): Record<Severity, number> {
  const n: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) n[f.severity]++;
  return n;
}

export function renderHuman(report: Report, opts: HumanOptions): string {
  const c = pc.createColors(opts.color);
  const { findings } = report;
  const empty = emptyRangeNotice(report.range);
  if (empty) return `${c.yellow(c.bold('⚠'))} cruft-check: ${safeText(empty)}\n`;
  if (findings.length === 0) {
    return `${c.green(symbols(opts.ascii).ok)} cruft-check: nothing to flag in ${plural(report.summary.files, 'file')} (${formatBytes(report.summary.bytes)}).\n`;
  }
  // Count what is listed, not the whole run: the hook lists only what the commit adds (issue 14).
  const n = countBySeverity(findings);
  const counts = [n.error && plural(n.error, 'error'), n.warning && plural(n.warning, 'warning'), n.info && `${n.info} info`].filter(Boolean).join(', ');
  const where =
    report.scope === 'preflight' ? 'in staged and untracked files' : report.scope === 'range' ? 'in what this branch adds' : 'in what this commit adds';
  const lines = [`${c.bold('cruft-check')} found ${plural(findings.length, 'problem')} ${where} (${counts}):`, ''];
  for (const f of findings) lines.push(...findingLines(c, f, opts), '');
  return `${lines.join('\n')}`;
}

// ---------------------------------------------------------------------------------------------
// The hook's screen: what the person who just ran `git add .` sees above the question. Everything
// fits the terminal (width and height are measured by the caller and passed in): one line per
// finding — what it is, the path, files and size — grouped by what to do; the "why" and the
// commands to type by hand are behind `?` (renderHuman) and `cruft-check explain RULE`.

export interface ScreenOptions {
  color: boolean;
  ascii: boolean;
  width: number;
  /** Lines the findings may take, headings and the overflow line included. */
  height: number;
}

/** Short names for the first column (the rule's title is written for a report, not a column). */
const SHORT: Record<string, string> = {
  'dependency-directory': 'dependencies',
  'env-file': 'secrets file',
  'private-key': 'private key',
  'credentials-file': 'credentials',
  'build-output': 'build output',
  'large-file': 'large file',
  'bulk-add': 'bulk add',
  'os-editor-junk': 'OS/editor junk',
  'log-file': 'log file',
  'memory-dump': 'memory dump',
  'merge-leftover': 'merge leftover',
  'compiled-binary': 'binary',
  'embedded-repository': 'embedded repo',
  'case-collision': 'case clash',
  'windows-reserved-name': 'Windows name',
};

/** What a finding is, in a few words: "PostgreSQL data", "large file". */
export function shortLabel(f: Finding): string {
  const engine = f.data?.engineName;
  if (typeof engine === 'string') return `${engine.replace(/ \(.*\)$/, '')} data`;
  if (f.rule === 'database-file' && typeof f.data?.engine === 'string') return 'database file';
  return SHORT[f.rule] ?? f.title.toLowerCase();
}

/** Display width of plain text (paths are printable()-escaped; East Asian wide characters count 2). */
export function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0x300 && cp <= 0x36f) continue; // combining marks
    w += (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1faff) || (cp >= 0x20000 && cp <= 0x3fffd) ? 2 : 1;
  }
  return w;
}

/** Keep `s` within `width` columns: the middle of a long path gives way to `more` (the ends say most). */
export function fitText(s: string, width: number, more: string): string {
  if (textWidth(s) <= width) return s;
  if (width <= textWidth(more)) return more.slice(0, Math.max(0, width));
  const chars = [...s];
  const room = width - textWidth(more);
  const headRoom = Math.ceil(room / 2);
  let head = '';
  for (const ch of chars) {
    if (textWidth(head + ch) > headRoom) break;
    head += ch;
  }
  let tail = '';
  for (let i = chars.length - 1; i >= 0; i--) {
    if (textWidth(head) + textWidth(chars[i] + tail) > room) break;
    tail = chars[i] + tail;
  }
  return `${head}${more}${tail}`;
}

function padEnd(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - textWidth(s)));
}

/**
 * Wrap text at spaces to `width` columns, keeping its own spacing (a menu's `  n  stop`);
 * continuation lines start with `hang`. Only a word longer than a whole line is cut (with `…`),
 * so nothing ever passes the edge.
 */
export function wrapWords(text: string, width: number, hang = ''): string[] {
  const lines: string[] = [];
  // Tokens: a run of spaces, then the word after it (the first may have no word before it).
  const tokens = text.match(/ *[^ ]+| +$/g) ?? [''];
  let line = '';
  for (const token of tokens) {
    const candidate = line + token;
    if (line === '' || textWidth(candidate) <= width) {
      line = textWidth(candidate) <= width ? candidate : fitText(candidate, width, '…');
      continue;
    }
    lines.push(line.trimEnd());
    // The hanging indent gives way before a word is cut.
    const word = textWidth(hang + token.trimStart()) <= width ? hang + token.trimStart() : token.trimStart();
    line = textWidth(word) <= width ? word : fitText(word, width, '…');
  }
  lines.push(line.trimEnd());
  return lines;
}

interface Row {
  severity: Severity;
  label: string;
  path: string;
  files: string;
  size: string;
}

function rowOf(f: Finding): Row {
  // Untracked cruft blocks nothing: it is marked as something to look at, whatever its severity.
  const severity = f.origin === 'untracked' && f.severity === 'error' ? 'warning' : f.severity;
  const first = printable(f.paths[0] ?? '');
  const path = f.rule === 'bulk-add' ? `${plural(f.files, 'new file')} in one commit` : f.paths.length > 1 ? `${first} +${f.paths.length - 1} more` : first;
  const uncounted = Boolean(f.uncounted?.length) && f.files === 0;
  return {
    severity,
    label: shortLabel(f),
    path,
    files: uncounted || f.rule === 'bulk-add' ? '' : plural(f.files, 'file'),
    size: uncounted ? 'not counted' : formatBytes(f.bytes),
  };
}

export interface ScreenGroups {
  /** Staged findings `u` takes out and ignores. */
  remove: Finding[];
  /** Staged findings to look at (no automatic fix, or only a warning). */
  look: Finding[];
  /** Untracked cruft: not in this commit, the next `git add .` would take it. */
  untracked: Finding[];
}

/** Sort a commit's findings into the screen's groups. */
export function screenGroups(staged: Finding[], untracked: Finding[]): ScreenGroups {
  const canRemove = (f: Finding): boolean => f.severity === 'error' && (f.fix.unstage.length > 0 || f.fix.gitignore.length > 0);
  return { remove: staged.filter(canRemove), look: staged.filter((f) => !canRemove(f)), untracked };
}

/**
 * The findings part of the hook's screen: at most `opts.height` lines, none wider than
 * `opts.width`. When there are more findings than lines, the last line says how many are left
 * out and how to see them.
 */
export function renderScreen(groups: ScreenGroups, opts: ScreenOptions): string[] {
  const c = pc.createColors(opts.color);
  const sym = symbols(opts.ascii);
  const width = Math.max(20, opts.width);
  const sections = [
    { heading: 'Keep out of git (u takes them out and ignores them):', findings: groups.remove },
    { heading: 'Look before you commit:', findings: groups.look },
    { heading: 'Untracked, not in this commit (the next `git add .` would take them):', findings: groups.untracked },
  ]
    .filter((s) => s.findings.length > 0)
    .map((s) => ({ ...s, lines: wrapWords(s.heading, width, '  ') }));
  const total = sections.reduce((n, s) => n + s.findings.length, 0);
  const all = sections.flatMap((s) => s.findings.map((f) => rowOf(f)));
  // Column widths from every row, so the columns line up across groups; the path gets what is left.
  const labelW = Math.min(20, Math.max(...all.map((r) => textWidth(r.label))));
  const filesW = Math.max(0, ...all.map((r) => textWidth(r.files)));
  const sizeW = Math.max(...all.map((r) => textWidth(r.size)));
  const fixed = 2 + 2 + labelW + 2 + 2 + (filesW ? filesW + 2 : 0) + sizeW;
  const pathW = Math.max(8, Math.min(Math.max(...all.map((r) => textWidth(r.path))), width - fixed));
  const compact = fixed + pathW > width; // too narrow for columns: mark, label, path only
  const line = (r: Row): string => {
    const m = r.severity === 'error' ? c.red(c.bold(sym.error)) : r.severity === 'warning' ? c.yellow(c.bold(sym.warning)) : c.bold(sym.info);
    if (compact) {
      const text = fitText(`${r.label}: ${r.path} (${[r.files, r.size].filter(Boolean).join(', ')})`, width - 4, sym.more);
      return `  ${m} ${text}`;
    }
    const label = padEnd(fitText(r.label, labelW, sym.more), labelW);
    const path = padEnd(fitText(r.path, pathW, sym.more), pathW);
    const files = filesW ? `${' '.repeat(filesW - textWidth(r.files))}${r.files}  ` : '';
    return `  ${m} ${label}  ${path}  ${c.dim(`${files}${' '.repeat(sizeW - textWidth(r.size))}${r.size}`)}`;
  };

  const out: string[] = [];
  const budget = Math.max(2, opts.height);
  // If everything fits, show everything; else keep lines for "… and N more".
  const headingLines = sections.reduce((n, s) => n + s.lines.length, 0);
  const overflow = (left: number): string[] => {
    const full = wrapWords(`  ${sym.more} and ${left} more: press ? to see them all`, width, '    ');
    // A terminal too small for the sentence still gets the count.
    return full.length <= Math.max(1, budget - 1) ? full : [fitText(`${sym.more} and ${left} more (?)`, width, sym.more)];
  };
  let room = headingLines + total <= budget ? budget : budget - overflow(total).length;
  let shown = 0;
  for (const s of sections) {
    if (room < s.lines.length + 1) break;
    out.push(...s.lines.map((h) => c.bold(h)));
    room -= s.lines.length;
    for (const f of s.findings) {
      if (room <= 0) break;
      out.push(line(rowOf(f)));
      room--;
      shown++;
    }
  }
  if (shown < total) out.push(...overflow(total - shown).map((l) => c.dim(l)));
  return out.slice(0, budget);
}
