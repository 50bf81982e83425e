// SARIF 2.1.0 (OASIS), the format code scanning reads (GitHub's upload-sarif, GitLab, Azure DevOps).
// Every rule of the catalogue is listed in tool.driver.rules, with or without results (a viewer
// can then explain any rule id it meets); each finding is one result with one location per path.
//
// Choices, each from GitHub's "SARIF support for code scanning" and its upload code:
// - URIs are relative to the repository root (uriBaseId %SRCROOT%) and percent-encoded per path
//   segment, as RFC 3986 wants and as the uploader decodes them (decodeURIComponent).
// - Every location is a file with region.startLine 1: code scanning places alerts on a file's
//   line, and a location without a region draws a warning from Microsoft's validator for GitHub
//   (sarif-multitool, rule SARIF2017). A folder has no lines, so a finding about one points at a
//   real file in it (Finding.anchors: the marker that identified a database, else the folder's
//   first file) and names the folder in its message, in the location's properties (`directory`)
//   and in the result's (`paths`, exactly as in the JSON report). Only an untracked folder no one
//   could list stays a folder location.
// - partialFingerprints carries a stable hash of rule + paths: the uploader cannot fingerprint a
//   folder or a binary from its content, and without one every run would open new alerts.
// - GitHub rejects a result with more than 1,000 locations and shows 100; a result names at most
//   100 paths and says how many more there are.
// - No run.automationDetails: upload-sarif fills it from its `category` input only when it is
//   absent (codeql-action upload-lib populateRunAutomationDetails), so leaving it out lets users choose.
// Levels: error → error, warning → warning, info → note.
import { createHash } from 'node:crypto';
import { formatBytes } from '../text.js';
import { encodePath } from '../git/parse.js';
import type { Finding, Report, Rule, Severity } from '../model.js';
import { fixAdvice, findingSummary } from './github.js';

export interface SarifOptions {
  rules: readonly Rule[];
  /** cruft-check's version (tool.driver.version). */
  version: string;
  /** The README; a rule's helpUri is `${docsUrl}#${rule.id}`. */
  docsUrl: string;
  hasHead?: boolean;
}

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const MAX_LOCATIONS = 100;

type Level = 'error' | 'warning' | 'note';
const LEVEL: Record<Severity, Level> = { error: 'error', warning: 'warning', info: 'note' };

/** `mongo files/#1` → `mongo%20files/%231`: each segment encoded, `/` kept (a trailing one too). */
export function pathToUri(path: string): string {
  return path.split('/').map(encodeSegment).join('/');
}

/**
 * encodeURIComponent over the path's bytes: a byte that is not UTF-8 (kept by decodePath() as a
 * lone surrogate, which encodeURIComponent would throw on) becomes its own `%XX`, so the URI still
 * names exactly that file.
 */
function encodeSegment(segment: string): string {
  if (!/[\udc80-\udcff]/u.test(segment)) return encodeURIComponent(segment);
  return [...encodePath(segment)].map((b) => (/[A-Za-z0-9\-_.!~*'()]/.test(String.fromCharCode(b)) && b < 0x80 ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

/** `database-directory` → `DatabaseDirectory` (SARIF's reportingDescriptor.name is an identifier-like name). */
function pascal(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}

function ruleDescriptor(rule: Rule, docsUrl: string) {
  const helpUri = `${docsUrl}#${rule.id}`;
  return {
    id: rule.id,
    name: pascal(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.why },
    help: {
      text: `${rule.why}\n\nFix: ${rule.fix}`,
      markdown: `**${rule.title}**\n\n${rule.why}\n\n**Fix:** ${rule.fix}\n\n[Documentation](${helpUri})`,
    },
    helpUri,
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: { category: rule.category, tags: ['cruft', rule.category] },
  };
}

function location(path: string, anchor: string | undefined) {
  const file = path.endsWith('/') ? anchor : path;
  if (file === undefined) return { physicalLocation: { artifactLocation: { uri: pathToUri(path), uriBaseId: '%SRCROOT%' } } };
  return {
    physicalLocation: { artifactLocation: { uri: pathToUri(file), uriBaseId: '%SRCROOT%' }, region: { startLine: 1 } },
    ...(file !== path ? { message: { text: `in ${path}` }, properties: { directory: path } } : {}),
  };
}

/** Paths a result points at. bulk-add names no single path: its new top-level folders stand in. */
function resultPaths(f: Finding): string[] {
  if (f.paths.length) return f.paths;
  const folders = (f.tree ?? []).map((n) => n.path).filter((p) => !p.startsWith('…'));
  return folders.length ? folders : ['./'];
}

function result(f: Finding, ruleIndex: number, opts: SarifOptions, scope: Report['scope']) {
  const paths = resultPaths(f);
  const more = paths.length > MAX_LOCATIONS ? ` (${paths.length - MAX_LOCATIONS} more paths are not listed as locations)` : '';
  const fingerprint = createHash('sha256').update([f.rule, ...[...f.paths].sort()].join('\0')).digest('hex');
  return {
    ruleId: f.rule,
    ...(ruleIndex >= 0 ? { ruleIndex } : {}),
    level: LEVEL[f.severity],
    message: { text: `${findingSummary(f)}.${more} ${fixAdvice(f, scope, opts.hasHead)}` },
    locations: paths.slice(0, MAX_LOCATIONS).map((p) => location(p, f.anchors?.[p])),
    partialFingerprints: { 'cruftCheckPaths/v1': fingerprint },
    properties: {
      category: f.category,
      paths: f.paths,
      files: f.files,
      bytes: f.bytes,
      size: formatBytes(f.bytes),
      origin: f.origin,
      gitignore: f.fix.gitignore,
      ...(f.data ? { data: f.data } : {}),
    },
  };
}

export function renderSarif(report: Report, opts: SarifOptions): string {
  const index = new Map(opts.rules.map((r, i) => [r.id, i]));
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'cruft-check',
            version: opts.version,
            semanticVersion: opts.version,
            informationUri: opts.docsUrl,
            rules: opts.rules.map((r) => ruleDescriptor(r, opts.docsUrl)),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: report.findings.map((f) => result(f, index.get(f.rule) ?? -1, opts, report.scope)),
        properties: { scope: report.scope, summary: report.summary },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
