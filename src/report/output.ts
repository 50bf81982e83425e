// Where reports go: `--format` may be given several times, each optionally followed by its own
// `--output FILE`, so one CI run prints annotations and writes SARIF. Writing a file never changes
// the exit code (secretlint's `--output` turns a failing run into exit 0; this must not).
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CruftError, errors } from '../errors.js';
import type { Report, Rule, Severity } from '../model.js';

export const FORMATS = ['human', 'json', 'sarif', 'github', 'codequality'] as const;
export type Format = (typeof FORMATS)[number];

export interface Output {
  format: Format;
  /** Absent: standard output. */
  file?: string;
}

/** The `--format` / `--output` options in the order given (parseArgs' tokens keep it). */
export type OutputToken = { name: 'format' | 'output'; value: string };

function asFormat(value: string): Format {
  if ((FORMATS as readonly string[]).includes(value)) return value as Format;
  throw errors.usage(`unknown format "${value}" (expected ${FORMATS.join(', ')})`);
}

/** `report.sarif` → sarif, `x.json` → json: what a lone `--output FILE` most likely wants. */
function formatOfFile(file: string): Format {
  if (/\.sarif(\.json)?$/i.test(file)) return 'sarif';
  if (/\.json$/i.test(file)) return 'json';
  return 'human';
}

/**
 * Pair formats with files. One `--format` and one `--output` go together in any order; with more,
 * each `--output` belongs to the `--format` just before it. At most one report goes to standard
 * output (two would interleave), and no two to the same file.
 */
export function planOutputs(tokens: OutputToken[], cwd = process.cwd()): Output[] {
  return pairOutputs(tokens, { asFormat, byName: formatOfFile, example: '--format sarif --output cruft.sarif' }, cwd);
}

/** planOutputs() for another command's formats (audit --repos: human, json, markdown, html). */
export function pairOutputs<F extends string>(
  tokens: OutputToken[],
  formats: { asFormat: (value: string) => F; byName: (file: string) => F; example: string },
  cwd = process.cwd(),
): Array<{ format: F; file?: string }> {
  const given = tokens.filter((t) => t.name === 'format');
  const files = tokens.filter((t) => t.name === 'output');
  let plan: Array<{ format: F; file?: string }>;
  if (given.length <= 1 && files.length <= 1) {
    const file = files[0]?.value;
    const format = given[0] ? formats.asFormat(given[0].value) : file ? formats.byName(file) : formats.asFormat('human');
    plan = [file === undefined ? { format } : { format, file }];
  } else {
    plan = [];
    for (const t of tokens) {
      const last = plan[plan.length - 1];
      if (t.name === 'format') plan.push({ format: formats.asFormat(t.value) });
      else if (last && last.file === undefined) last.file = t.value;
      else throw errors.usage(`--output ${t.value} must follow the --format it is for, for example ${formats.example}`);
    }
  }
  if (plan.filter((o) => o.file === undefined).length > 1) {
    throw errors.usage('only one --format can print to standard output; give the others an --output FILE');
  }
  const seen = new Set<string>();
  for (const o of plan) {
    if (o.file === undefined) continue;
    if (o.file === '') throw errors.usage('--output needs a file name');
    const abs = resolve(cwd, o.file);
    if (seen.has(abs)) throw errors.usage(`two reports would be written to ${o.file}`);
    seen.add(abs);
  }
  return plan;
}

/** Exit code of a non-interactive run: 1 when a finding at `failOn` or above concerns what is added. */
export function exitCodeFor(report: Report, failOn: Severity | 'never'): number {
  if (failOn === 'never') return 0;
  if (failOn === 'error') return report.summary.blocking ? 1 : 0;
  const levels: Severity[] = failOn === 'warning' ? ['error', 'warning'] : ['error', 'warning', 'info'];
  return report.findings.some((f) => levels.includes(f.severity) && (report.scope === 'preflight' || f.origin !== 'untracked')) ? 1 : 0;
}

export interface RenderContext {
  rules: readonly Rule[];
  hasHead: boolean;
  /** Colour for a human report on the terminal (never in a file). */
  color: boolean;
  /** ASCII marks (TERM=dumb). */
  ascii?: boolean;
  /** The terminal's width, when the report goes to one. */
  width?: number;
  env: NodeJS.ProcessEnv;
  /**
   * A command's own human report (the audit's: commits, weight in the history, removal), given
   * the same options a check's gets; the other formats render its report as a check's.
   */
  human?: (report: Report, opts: { color: boolean; width?: number; ascii?: boolean }) => string;
}

interface ToolInfo {
  version: string;
  /** Where the README is read: package.json's homepage, else the package's npm page. */
  docsUrl: string;
}

async function toolInfo(): Promise<ToolInfo> {
  const { packageRoot } = await import('../package.js');
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { name: string; version: string; homepage?: unknown };
  const docsUrl = typeof pkg.homepage === 'string' && /^https?:\/\//.test(pkg.homepage) ? pkg.homepage.replace(/#.*$/, '') : `https://www.npmjs.com/package/${pkg.name}`;
  return { version: pkg.version, docsUrl };
}

async function render(report: Report, format: Format, ctx: RenderContext & ToolInfo, toFile: boolean): Promise<string> {
  switch (format) {
    case 'human': {
      // Colour, ASCII marks and wrapping are for a terminal, never a file.
      const opts = { color: ctx.color && !toFile, ...(ctx.ascii && !toFile ? { ascii: true } : {}), ...(ctx.width && !toFile ? { width: ctx.width } : {}) };
      if (ctx.human) return ctx.human(report, opts);
      const { renderHuman } = await import('./human.js');
      return renderHuman(report, { ...opts, hasHead: ctx.hasHead });
    }
    case 'json': {
      const { renderJson } = await import('./json.js');
      return renderJson(report);
    }
    case 'sarif': {
      const { renderSarif } = await import('./sarif.js');
      return renderSarif(report, ctx);
    }
    case 'github': {
      const { renderGithub } = await import('./github.js');
      return renderGithub(report, ctx);
    }
    case 'codequality': {
      const { renderCodeQuality } = await import('./codequality.js');
      return renderCodeQuality(report, { hasHead: ctx.hasHead });
    }
    default: {
      const never: never = format;
      return never;
    }
  }
}

function writeFile(file: string, text: string): void {
  try {
    mkdirSync(dirname(resolve(file)), { recursive: true });
    writeFileSync(file, text);
  } catch (e) {
    throw new CruftError(`cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/**
 * Render and write every planned output; with a `github` output and $GITHUB_STEP_SUMMARY set,
 * also append the Markdown summary there (the runner shows it on the run's page).
 */
export async function writeOutputs(report: Report, plan: Output[], context: RenderContext): Promise<void> {
  const needsInfo = plan.some((o) => o.format === 'sarif' || o.format === 'github');
  const ctx = { ...context, ...(needsInfo ? await toolInfo() : { version: '', docsUrl: '' }) };
  for (const o of plan) {
    const text = await render(report, o.format, ctx, o.file !== undefined);
    if (o.file === undefined) process.stdout.write(text);
    else writeFile(o.file, text);
  }
  const summaryFile = ctx.env.GITHUB_STEP_SUMMARY;
  if (summaryFile && plan.some((o) => o.format === 'github')) {
    const { renderGithubSummary } = await import('./github.js');
    try {
      appendFileSync(summaryFile, renderGithubSummary(report, ctx));
    } catch (e) {
      throw new CruftError(`cannot write the step summary ${summaryFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
}
