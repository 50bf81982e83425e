// `cruft-check audit --repos PATH… | --repos-from FILE`: the same judgement as `audit` for many
// repositories, one report — a teacher's forty student repositories, an organisation's clones.
// The audits run side by side (`--jobs`, default the number of cores): each is mostly git
// processes, so N at once keep N cores busy. A repository that cannot be read becomes a row with
// its error; the run goes on. `--merge a.json b.json …` combines the JSON of several runs, so a
// CI job matrix can shard thousands of repositories and one last job writes the report.
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, resolve } from 'node:path';
import { CruftError, errors } from '../errors.js';
import type { Category, Severity } from '../model.js';
import { audit, type AuditFinding, type AuditReport } from './audit.js';
import { pairOutputs } from '../report/output.js';
import {
  REPO_FORMATS,
  REPOS_KIND,
  renderReposHuman,
  renderReposJson,
  renderReposMarkdown,
  totals,
  type RepoFinding,
  type RepoFormat,
  type RepoRow,
  type ReposReport,
  type Verdict,
} from '../report/repos.js';

export { REPO_FORMATS, REPOS_KIND, type RepoFormat, type RepoRow, type ReposReport };

export interface ReposOptions {
  history: boolean;
  all: boolean;
  jobs: number;
  failOn: Severity | 'never';
  env: NodeJS.ProcessEnv;
  /** A terminal for the progress line; nothing is written when it is not one. */
  progress?: NodeJS.WriteStream;
}

/** `--jobs`: a whole number from 1; default the number of cores. */
export function jobsOf(value: unknown): number {
  if (value === undefined) return availableParallelism();
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw errors.usage(`--jobs must be a whole number from 1 to 256 (got "${String(value)}")`);
  return n;
}

/** `--repos-from FILE`: one path per line; blank lines and lines starting with # are skipped. */
export function readRepoList(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CruftError(`cannot read --repos-from ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

// A stream that is never a terminal: the single-repository audit's own progress line stays off.
const SILENT = { isTTY: false, write: () => true } as unknown as NodeJS.WriteStream;

function verdictOf(severities: Record<Severity, number>, failOn: Severity | 'never'): Verdict {
  const blocks = failOn === 'never' ? false : failOn === 'error' ? severities.error > 0 : failOn === 'warning' ? severities.error + severities.warning > 0 : severities.error + severities.warning + severities.info > 0;
  if (blocks) return 'blocked';
  return severities.error + severities.warning + severities.info > 0 ? 'warnings' : 'clean';
}

function rowOf(path: string, tree: AuditReport, history: AuditReport | undefined, failOn: Severity | 'never'): RepoRow {
  const main = history ?? tree;
  const severities: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const categories: Partial<Record<Category, number>> = {};
  for (const f of main.findings) {
    severities[f.severity]++;
    categories[f.category] = (categories[f.category] ?? 0) + 1;
  }
  // HEAD's bytes per rule and paths, so a history finding shows what of it is still there.
  const inHead = new Map(tree.findings.map((f) => [`${f.rule}\0${f.paths.join('\0')}`, f.bytes]));
  const findings = main.findings.map((f: AuditFinding): RepoFinding => ({
    rule: f.rule,
    category: f.category,
    severity: f.severity,
    title: f.title,
    message: f.message,
    paths: f.paths.slice(0, 50),
    files: f.files,
    headBytes: history ? (inHead.get(`${f.rule}\0${f.paths.join('\0')}`) ?? 0) : f.bytes,
    ...(history ? { historyBytes: f.audit.historyBytes } : {}),
    ...(f.audit.introducedIn ? { introducedIn: f.audit.introducedIn.commit } : {}),
    removeFromHistory: f.audit.removeFromHistory,
  }));
  return {
    path,
    name: basename(resolve(path)),
    verdict: verdictOf(severities, failOn),
    categories,
    severities,
    bytes: {
      head: tree.findings.reduce((n, f) => n + f.bytes, 0),
      ...(history ? { history: history.findings.reduce((n, f) => n + f.audit.historyBytes, 0) } : {}),
    },
    findings,
  };
}

async function auditOne(path: string, opts: ReposOptions): Promise<RepoRow> {
  try {
    // git started in a folder that does not exist fails like a missing git: say which it is.
    let isDir = false;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      // reported below
    }
    if (!isDir) throw new CruftError(`no such folder: ${path}`);
    const base = { env: opts.env, progress: SILENT };
    const tree = await audit(path, { ...base, history: false, all: false });
    const history = opts.history ? await audit(path, { ...base, history: true, all: opts.all }) : undefined;
    return rowOf(path, tree, history, opts.failOn);
  } catch (e) {
    // Any failure, ours or git's, is this repository's row: the other repositories still count.
    const message = e instanceof CruftError ? `${e.message}${e.hint ? ` ${e.hint}` : ''}` : `internal error: ${(e as Error)?.message ?? String(e)}`;
    return { path, name: basename(resolve(path)), verdict: 'unreadable', error: message.split('\n')[0] ?? message, categories: {}, severities: { error: 0, warning: 0, info: 0 }, bytes: { head: 0 }, findings: [] };
  }
}

export async function auditRepos(paths: string[], opts: ReposOptions): Promise<ReposReport> {
  const rows: RepoRow[] = new Array(paths.length);
  let next = 0;
  let done = 0;
  const tty = Boolean(opts.progress?.isTTY);
  const show = (): void => {
    if (tty) opts.progress?.write(`\r\x1b[Kcruft-check audit: ${done}/${paths.length} repositories…`);
  };
  const worker = async (): Promise<void> => {
    while (next < paths.length) {
      const i = next++;
      rows[i] = await auditOne(paths[i] as string, opts);
      done++;
      show();
    }
  };
  show();
  await Promise.all(Array.from({ length: Math.min(opts.jobs, paths.length) }, worker));
  if (tty) opts.progress?.write('\r\x1b[K');
  return { version: 1, kind: REPOS_KIND, history: opts.history, repositories: rows };
}

/** Combine the JSON reports of several runs (shards of one audit) into one, in the order given. */
export function mergeReports(files: string[]): ReposReport {
  if (files.length === 0) throw errors.usage('--merge needs the JSON reports to combine, for example cruft-check audit --merge a.json b.json');
  const rows: RepoRow[] = [];
  let history: boolean | undefined;
  for (const file of files) {
    let doc: Partial<ReposReport>;
    try {
      doc = JSON.parse(readFileSync(file, 'utf8')) as Partial<ReposReport>;
    } catch (e) {
      const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
      throw new CruftError(`cannot read ${file} for --merge: ${why}`);
    }
    if (doc?.kind !== REPOS_KIND || doc.version !== 1 || !Array.isArray(doc.repositories)) {
      throw new CruftError(`${file} is not a report of cruft-check audit --repos --format json (version 1)`);
    }
    if (history !== undefined && doc.history !== history) throw new CruftError(`${file} ${doc.history ? 'has' : 'has no'} --history, unlike the reports before it; merge runs made the same way`);
    history = Boolean(doc.history);
    rows.push(...doc.repositories);
  }
  return { version: 1, kind: REPOS_KIND, history: Boolean(history), repositories: rows };
}

// ---------------------------------------------------------------------------------------------
// Output

async function render(r: ReposReport, format: RepoFormat): Promise<string> {
  switch (format) {
    case 'human':
      return renderReposHuman(r);
    case 'json':
      return renderReposJson(r);
    case 'markdown':
      return renderReposMarkdown(r);
    case 'html': {
      const { renderReposHtml } = await import('../report/html.js');
      return renderReposHtml(r);
    }
    default: {
      const never: never = format;
      return never;
    }
  }
}

export interface RepoOutput {
  format: RepoFormat;
  file?: string;
}

/** `--format`/`--output` pairs as for a check (each --output belongs to the --format before it), with this command's formats. */
export function planRepoOutputs(tokens: Array<{ name: 'format' | 'output'; value: string }>): RepoOutput[] {
  const asFormat = (v: string): RepoFormat => {
    if ((REPO_FORMATS as readonly string[]).includes(v)) return v as RepoFormat;
    throw errors.usage(`unknown format "${v}" for audit --repos (expected ${REPO_FORMATS.join(', ')})`);
  };
  const byName = (file: string): RepoFormat => (/\.json$/i.test(file) ? 'json' : /\.html?$/i.test(file) ? 'html' : /\.md$/i.test(file) ? 'markdown' : 'human');
  return pairOutputs(tokens, { asFormat, byName, example: '--format html --output cruft.html' });
}

/** Exit code: 1 when a repository is blocked; else 2 when one could not be read; else 0. */
export function exitCodeOfRepos(r: ReposReport): number {
  const t = totals(r);
  return t.blocked > 0 ? 1 : t.unreadable > 0 ? 2 : 0;
}

export async function writeRepoOutputs(r: ReposReport, plan: RepoOutput[]): Promise<void> {
  for (const o of plan) {
    const text = await render(r, o.format);
    if (o.file === undefined) {
      process.stdout.write(text);
      continue;
    }
    try {
      mkdirSync(dirname(resolve(o.file)), { recursive: true });
      writeFileSync(o.file, text);
    } catch (e) {
      throw new CruftError(`cannot write ${o.file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
}

export interface ReposCommand {
  values: Record<string, unknown>;
  /** The arguments after `audit`: repositories, or with --merge the JSON files. */
  args: string[];
  tokens: Array<{ name: 'format' | 'output'; value: string }>;
  cwd: string;
  failOn: Severity | 'never';
}

/** `audit --repos PATH…`, `audit --repos-from FILE`, `audit --merge A.json…`: write the report, return the exit code. */
export async function runAuditRepos(cmd: ReposCommand): Promise<number> {
  const { values, args } = cmd;
  const plan = planRepoOutputs(cmd.tokens);
  let report: ReposReport;
  if (values.merge) {
    if (values.repos || values['repos-from'] !== undefined) throw errors.usage('--merge combines finished reports; give it JSON files, not --repos');
    report = mergeReports(args.map((f) => resolve(cmd.cwd, f)));
  } else {
    if (values.all && !values.history) throw errors.usage('--all goes with --history: it audits the history of every branch and tag');
    const listed = typeof values['repos-from'] === 'string' ? readRepoList(values['repos-from']) : [];
    if (!values.repos && args.length > 0) throw errors.usage(`unexpected argument "${args[0]}" (with --repos-from, list every repository in the file, or add --repos)`);
    const paths = [...args, ...listed];
    if (paths.length === 0) throw errors.usage('--repos needs at least one repository, for example cruft-check audit --repos ../shop ../blog');
    report = await auditRepos(
      paths.map((p) => resolve(cmd.cwd, p)),
      { history: Boolean(values.history), all: Boolean(values.all), jobs: jobsOf(values.jobs), failOn: cmd.failOn, env: process.env, progress: process.stderr },
    );
    // Paths as given, not as resolved: the report reads like the command that made it.
    report.repositories.forEach((row, i) => (row.path = paths[i] ?? row.path));
  }
  await writeRepoOutputs(report, plan);
  return values.yes ? 0 : exitCodeOfRepos(report);
}
