// The report of `audit --repos`: one row per repository, and its pure renderers (table, Markdown,
// JSON; the HTML page is src/report/html.ts). The audits themselves run in src/commands/audit-repos.ts.
import { formatBytes, plural, printable } from '../text.js';
import type { Category, Severity } from '../model.js';

export const REPOS_KIND = 'cruft-check-audit-repos';
export const REPO_FORMATS = ['human', 'json', 'markdown', 'html'] as const;
export type RepoFormat = (typeof REPO_FORMATS)[number];

export type Verdict = 'blocked' | 'warnings' | 'clean' | 'unreadable';

/** One finding as the multi-repository report keeps it: enough for the details, not the whole check report. */
export interface RepoFinding {
  rule: string;
  category: Category;
  severity: Severity;
  title: string;
  message: string;
  paths: string[];
  files: number;
  /** Bytes in HEAD's tree (0 when it is only in the history). */
  headBytes: number;
  /** Bytes in the history, with --history. */
  historyBytes?: number;
  introducedIn?: string;
  removeFromHistory: string;
}

export interface RepoRow {
  /** As given (a path on the machine that ran the audit). */
  path: string;
  name: string;
  verdict: Verdict;
  /** Unreadable repositories: why, in one line. */
  error?: string;
  /** Findings per category (with --history: of the history, which includes HEAD). */
  categories: Partial<Record<Category, number>>;
  severities: Record<Severity, number>;
  /** Bytes of cruft in HEAD's tree, and with --history in the whole history. */
  bytes: { head: number; history?: number };
  findings: RepoFinding[];
}

export interface ReposReport {
  version: 1;
  kind: typeof REPOS_KIND;
  history: boolean;
  repositories: RepoRow[];
}

// ---------------------------------------------------------------------------------------------
// Output

const CATEGORY_ORDER: Category[] = ['database', 'dependencies', 'secrets', 'build-output', 'large-files', 'binaries', 'logs-dumps', 'os-editor', 'embedded-repository', 'merge-leftovers', 'portability', 'history', 'bulk-add', 'custom'];

/** The categories any repository has findings in, in a fixed order: the table's columns. */
export function usedCategories(r: ReposReport): Category[] {
  const used = new Set(r.repositories.flatMap((row) => Object.keys(row.categories) as Category[]));
  return CATEGORY_ORDER.filter((c) => used.has(c));
}

export function totals(r: ReposReport): Record<Verdict, number> {
  const t: Record<Verdict, number> = { blocked: 0, warnings: 0, clean: 0, unreadable: 0 };
  for (const row of r.repositories) t[row.verdict]++;
  return t;
}

function headline(r: ReposReport): string {
  const t = totals(r);
  const parts = [t.blocked && `${t.blocked} blocked`, t.warnings && `${t.warnings} with warnings`, t.clean && `${t.clean} clean`, t.unreadable && `${t.unreadable} unreadable`].filter(Boolean);
  return `${plural(r.repositories.length, 'repository', 'repositories')}${r.history ? ' (with their history)' : ''}: ${parts.join(', ')}`;
}

export function renderReposHuman(r: ReposReport): string {
  const cats = usedCategories(r);
  const header = ['repository', 'verdict', ...cats, 'cruft in HEAD', ...(r.history ? ['in history'] : [])];
  const rows = r.repositories.map((row) => [
    printable(row.path),
    row.verdict,
    ...cats.map((c) => String(row.categories[c] ?? '')),
    row.verdict === 'unreadable' ? '' : formatBytes(row.bytes.head),
    ...(r.history ? [row.verdict === 'unreadable' ? '' : formatBytes(row.bytes.history ?? 0)] : []),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((cells) => (cells[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  const out = [`cruft-check audit: ${headline(r)}`, '', line(header), ...rows.map(line)];
  const errs = r.repositories.filter((row) => row.error);
  if (errs.length) out.push('', ...errs.map((row) => `${printable(row.path)}: ${printable(row.error ?? '')}`));
  return `${out.join('\n')}\n`;
}

/** Plain text in Markdown: no markup, no HTML, no table breaks. */
function md(s: string): string {
  return printable(s).replace(/[\\`*_{}[\]<>()#+!|~]/g, (c) => `\\${c}`);
}

export function renderReposMarkdown(r: ReposReport): string {
  const cats = usedCategories(r);
  const lines = [
    `### cruft-check audit: ${md(headline(r))}`,
    '',
    `| repository | verdict | ${[...cats, 'cruft in HEAD', ...(r.history ? ['in history'] : [])].join(' | ')} |`,
    `| --- | --- | ${[...cats.map(() => '---:'), '---:', ...(r.history ? ['---:'] : [])].join(' | ')} |`,
  ];
  for (const row of r.repositories) {
    const bytes = row.verdict === 'unreadable' ? ['', ...(r.history ? [''] : [])] : [formatBytes(row.bytes.head), ...(r.history ? [formatBytes(row.bytes.history ?? 0)] : [])];
    const verdict = row.error ? `${row.verdict}: ${md(row.error)}` : row.verdict;
    lines.push(`| ${md(row.path)} | ${verdict} | ${[...cats.map((c) => String(row.categories[c] ?? '')), ...bytes].join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}

export function renderReposJson(r: ReposReport): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}

