// The multi-repository audit as one self-contained HTML page: inline CSS and an inline SVG bar
// chart, no script, no font, no image, no link to load — it opens from a mail attachment or a CI
// artifact without network access. Every text from a repository (paths, messages, commit
// subjects) is escaped: a file name must not become markup.
import { formatBytes } from '../text.js';
import { type RepoRow, type ReposReport, totals, usedCategories } from './repos.js';

function esc(s: string): string {
  // Control characters too: a name with an escape sequence is shown, not passed on.
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`).replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** The bytes a repository's bar shows: its history when audited, else HEAD's tree. */
function cruftBytes(row: RepoRow, history: boolean): number {
  return history ? (row.bytes.history ?? 0) : row.bytes.head;
}

const BAR_HEIGHT = 22;
const LABEL_WIDTH = 220;
const CHART_WIDTH = 760;

function chart(r: ReposReport): string {
  const rows = r.repositories;
  const max = Math.max(1, ...rows.map((row) => cruftBytes(row, r.history)));
  const height = rows.length * BAR_HEIGHT + 10;
  const span = CHART_WIDTH - LABEL_WIDTH - 110;
  const bars = rows.map((row, i) => {
    const bytes = cruftBytes(row, r.history);
    const y = i * BAR_HEIGHT + 5;
    const w = row.verdict === 'unreadable' ? 0 : Math.max(bytes > 0 ? 2 : 0, Math.round((bytes / max) * span));
    const label = row.verdict === 'unreadable' ? 'unreadable' : formatBytes(bytes);
    return (
      `<g class="bar ${row.verdict}" data-repo="${esc(row.path)}">` +
      `<title>${esc(row.path)}: ${esc(label)}</title>` +
      `<text x="${LABEL_WIDTH - 8}" y="${y + 15}" text-anchor="end">${esc(row.name)}</text>` +
      `<rect x="${LABEL_WIDTH}" y="${y + 2}" width="${w}" height="${BAR_HEIGHT - 6}"></rect>` +
      `<text x="${LABEL_WIDTH + w + 6}" y="${y + 15}">${esc(label)}</text></g>`
    );
  });
  const what = r.history ? 'Cruft stored in each repository’s history' : 'Cruft in each repository’s HEAD';
  return (
    `<figure><figcaption>${what}</figcaption>` +
    `<svg id="chart" role="img" aria-label="${what}" xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${height}" viewBox="0 0 ${CHART_WIDTH} ${height}">${bars.join('')}</svg></figure>`
  );
}

function table(r: ReposReport): string {
  const cats = usedCategories(r);
  const head = ['repository', 'verdict', ...cats, 'cruft in HEAD', ...(r.history ? ['in history'] : [])].map((h) => `<th>${esc(h)}</th>`).join('');
  const body = r.repositories.map((row, i) => {
    const unreadable = row.verdict === 'unreadable';
    const cells = [
      `<td><a href="#repo-${i}">${esc(row.path)}</a></td>`,
      `<td class="verdict">${esc(row.verdict)}${row.error ? `: ${esc(row.error)}` : ''}</td>`,
      ...cats.map((c) => `<td class="num">${row.categories[c] ?? ''}</td>`),
      `<td class="num">${unreadable ? '' : esc(formatBytes(row.bytes.head))}</td>`,
      ...(r.history ? [`<td class="num">${unreadable ? '' : esc(formatBytes(row.bytes.history ?? 0))}</td>`] : []),
    ];
    return `<tr class="repo ${row.verdict}" data-repo="${esc(row.path)}">${cells.join('')}</tr>`;
  });
  return `<table id="repositories"><thead><tr>${head}</tr></thead><tbody>${body.join('')}</tbody></table>`;
}

function details(r: ReposReport): string {
  return r.repositories
    .map((row, i) => {
      const items = row.findings.map((f) => {
        const weight = f.historyBytes !== undefined ? `${formatBytes(f.historyBytes)} in the history, ${formatBytes(f.headBytes)} in HEAD` : formatBytes(f.headBytes);
        return (
          `<li class="${f.severity}"><strong>${esc(f.severity)}</strong> ${esc(f.title)} <code>${esc(f.rule)}</code><br>` +
          `${esc(f.message)}<br><code>${f.paths.map(esc).join('</code> <code>')}</code> — ${f.files} files, ${esc(weight)}` +
          `${f.introducedIn ? `, introduced in <code>${esc(f.introducedIn.slice(0, 12))}</code>` : ''}` +
          `<br>remove from history: <code>${esc(f.removeFromHistory)}</code></li>`
        );
      });
      const inner = row.error ? `<p class="error">${esc(row.error)}</p>` : items.length ? `<ul>${items.join('')}</ul>` : '<p>Nothing to flag.</p>';
      return `<details id="repo-${i}" class="${row.verdict}"${row.verdict === 'clean' ? '' : ' open'}><summary>${esc(row.path)} — ${esc(row.verdict)}</summary>${inner}</details>`;
    })
    .join('\n');
}

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left}
td.num{text-align:right}tr.blocked td.verdict{color:#b00;font-weight:bold}tr.unreadable td.verdict{color:#850}
.bar rect{fill:#4a7bd0}.bar.blocked rect{fill:#c33}.bar.warnings rect{fill:#d90}svg text{font-size:12px;fill:#222}
details{margin:.5em 0;border:1px solid #ddd;padding:.4em .8em}li{margin:.4em 0}li.error strong{color:#b00}li.warning strong{color:#a60}
code{background:#f4f4f4;padding:0 .2em;word-break:break-all}.error{color:#b00}`;

export function renderReposHtml(r: ReposReport): string {
  const t = totals(r);
  const summary = `${r.repositories.length} repositories${r.history ? ' (with their history)' : ''}: ${t.blocked} blocked, ${t.warnings} with warnings, ${t.clean} clean, ${t.unreadable} unreadable`;
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    // Nothing may be fetched: the page must read the same offline.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<title>cruft-check audit</title>',
    `<style>${STYLE}</style></head><body>`,
    `<h1>cruft-check audit</h1><p id="summary">${esc(summary)}</p>`,
    chart(r),
    table(r),
    '<h2>Details</h2>',
    details(r),
    '</body></html>',
    '',
  ].join('\n');
}
