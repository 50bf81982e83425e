// Runs the labelled scenarios (scenarios.ts): each becomes a real git repository in a temp folder,
// its change is staged (or left untracked), and the built CLI judges it with --format json. A
// file counts as flagged when a finding names it or a folder holding it; recall is counted per
// category (flagged under the labelled category), precision over legit files (flagged at all).
// Scenarios run a few at a time: each is a handful of git processes and one CLI run.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { Finding, Report } from '../../src/model.js';
import { CLI, cleanEnv } from '../helpers/repo.js';
import { type Content, type Label, SCENARIOS, type Scenario } from './scenarios.js';

const run = promisify(execFile);

export interface Miss {
  scenario: string;
  path: string;
  label: Label;
  got: string;
}

export interface AccuracyResult {
  scenarios: number;
  perCategory: Map<string, { labelled: number; caught: number }>;
  /** Recall per family (the scenario's `family`, for scenarios that name one). */
  perFamily: Map<string, { labelled: number; caught: number }>;
  /** Scenarios holding database files, and those whose every database file was caught (the whole store covered). */
  stores: { scenarios: number; whole: number };
  legit: number;
  falsePositives: Miss[];
  misses: Miss[];
}

/** Stands in for `git lfs clean`: reads the content, prints an LFS pointer (git-lfs itself is not installed here). */
const LFS_CLEAN = "n=$(wc -c | tr -d ' '); printf 'version https://git-lfs.github.com/spec/v1\\noid sha256:%064d\\nsize %s\\n' 0 \"$n\"\n";

async function makeRepo(env: NodeJS.ProcessEnv, dir: string): Promise<(...args: string[]) => Promise<string>> {
  mkdirSync(dir, { recursive: true });
  const git = async (...args: string[]): Promise<string> => (await run('git', args, { cwd: dir, env, maxBuffer: 64 * 1024 * 1024 })).stdout;
  await git('init', '-q', '-b', 'main');
  // The identity and the LFS stand-in come from the scenario's own global configuration (written
  // once beside it, see runAccuracy): four git processes fewer per repository.
  return git;
}

function write(dir: string, path: string, content: Content | undefined): void {
  const full = join(dir, path);
  mkdirSync(dirname(full), { recursive: true });
  if (content === undefined) writeFileSync(full, `// ${path}\n`);
  else if (typeof content === 'string' || Buffer.isBuffer(content)) writeFileSync(full, content);
  else if ('size' in content) writeFileSync(full, Buffer.alloc(content.size, 0x5a));
}

async function judge(s: Scenario, base: string, env: NodeJS.ProcessEnv, cli: string): Promise<Report> {
  const dir = join(base, 'repo');
  const git = await makeRepo(env, dir);
  for (const [p, c] of Object.entries(s.committed ?? {})) write(dir, p, c);
  await git('add', '-A');
  await git('commit', '-q', '--no-verify', '--allow-empty', '-m', 'before');
  for (const [p, e] of Object.entries(s.files)) {
    const c = e.content;
    if (c && typeof c === 'object' && !Buffer.isBuffer(c) && 'repo' in c) {
      const up = join(base, `upstream-${p.replace(/\//g, '_')}`);
      const upGit = await makeRepo(env, up);
      write(up, 'lib.js', 'module.exports = 1;\n');
      await upGit('add', '-A');
      await upGit('commit', '-q', '-m', 'lib');
      if (c.repo === 'nested') await git('clone', '-q', up, p);
      else await git('-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', up, p);
      continue;
    }
    write(dir, p, c);
  }
  if (!s.untracked) await git('add', '-A');
  // A labelled file that an ignore rule keeps out of the change would be judged by nobody.
  const present = new Set((await git('ls-files', '-z', '--cached', '--others', '--exclude-standard')).split('\0'));
  for (const [p, e] of Object.entries(s.files)) {
    const c = e.content;
    const isRepo = c && typeof c === 'object' && !Buffer.isBuffer(c) && 'repo' in c;
    if (!isRepo && !present.has(p)) throw new Error(`${s.name}: ${p} is not part of the change (ignored?)`);
  }
  const r = await run(process.execPath, [cli, '--format', 'json'], { cwd: dir, env, maxBuffer: 64 * 1024 * 1024 }).catch((e: { code?: number; stdout?: string; stderr?: string }) => {
    if (e.code === 1 && e.stdout) return { stdout: e.stdout };
    throw new Error(`${s.name}: exit ${e.code}: ${e.stderr}`);
  });
  return JSON.parse(r.stdout) as Report;
}

/** The category each labelled path was flagged under, if any. */
function flaggedAs(paths: string[], findings: Finding[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of findings) {
    if (f.rule === 'bulk-add') continue;
    for (const shown of f.paths) {
      for (const p of paths) {
        if (out.has(p)) continue;
        if (p === shown || (shown.endsWith('/') && p.startsWith(shown))) out.set(p, f.category);
      }
    }
  }
  return out;
}

export async function runAccuracy(opts: { scenarios?: Scenario[]; concurrency?: number; cli?: string } = {}): Promise<AccuracyResult> {
  const { scenarios = SCENARIOS, concurrency = 3, cli = CLI } = opts;
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'cruft-check-accuracy-')));
  const result: AccuracyResult = { scenarios: scenarios.length, perCategory: new Map(), perFamily: new Map(), stores: { scenarios: 0, whole: 0 }, legit: 0, falsePositives: [], misses: [] };
  try {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < scenarios.length) {
        const i = next++;
        const s = scenarios[i] as Scenario;
        const base = join(root, String(i));
        mkdirSync(base, { recursive: true });
        mkdirSync(join(base, 'home'));
        writeFileSync(join(base, 'lfs-clean.sh'), LFS_CLEAN);
        writeFileSync(
          join(base, 'home', '.gitconfig'),
          `[user]\n\tname = Accuracy\n\temail = accuracy@example.com\n[filter "lfs"]\n\tclean = sh ${join(base, 'lfs-clean.sh')}\n\trequired = true\n`,
        );
        const env = cleanEnv({}, join(base, 'home'));
        const report = await judge(s, base, env, cli);
        const flagged = flaggedAs(Object.keys(s.files), report.findings);
        const dbFiles = Object.entries(s.files).filter(([, e]) => e.label === 'database');
        if (dbFiles.length > 0) {
          result.stores.scenarios++;
          if (dbFiles.every(([p]) => flagged.get(p) === 'database')) result.stores.whole++;
        }
        for (const [path, entry] of Object.entries(s.files)) {
          const got = flagged.get(path);
          if (entry.label === 'legit') {
            result.legit++;
            if (got) result.falsePositives.push({ scenario: s.name, path, label: 'legit', got });
            continue;
          }
          const c = result.perCategory.get(entry.label) ?? { labelled: 0, caught: 0 };
          c.labelled++;
          if (got === entry.label) c.caught++;
          else result.misses.push({ scenario: s.name, path, label: entry.label, got: got ?? '(not flagged)' });
          if (s.family) {
            const fam = result.perFamily.get(s.family) ?? { labelled: 0, caught: 0 };
            fam.labelled++;
            if (got === entry.label) fam.caught++;
            result.perFamily.set(s.family, fam);
          }
          result.perCategory.set(entry.label, c);
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return result;
}

export function formatTable(r: AccuracyResult): string {
  const rows = [...r.perCategory].sort(([a], [b]) => (a < b ? -1 : 1));
  const lines = [`${r.scenarios} scenarios`, '', `${'category'.padEnd(22)}${'files'.padStart(7)}${'caught'.padStart(8)}${'recall'.padStart(9)}`];
  for (const [cat, { labelled, caught }] of rows) {
    lines.push(`${cat.padEnd(22)}${String(labelled).padStart(7)}${String(caught).padStart(8)}${(caught / labelled).toFixed(3).padStart(9)}`);
  }
  const families = [...r.perFamily].sort(([a], [b]) => (a < b ? -1 : 1));
  if (families.length > 0) {
    lines.push('', `${'family'.padEnd(22)}${'files'.padStart(7)}${'caught'.padStart(8)}${'recall'.padStart(9)}`);
    for (const [fam, { labelled, caught }] of families) {
      lines.push(`${fam.padEnd(22)}${String(labelled).padStart(7)}${String(caught).padStart(8)}${(caught / labelled).toFixed(3).padStart(9)}`);
    }
  }
  lines.push('', `stores covered whole: ${r.stores.whole} of ${r.stores.scenarios} scenarios with database files`);
  const fp = r.falsePositives.length;
  lines.push('', `legit files: ${r.legit}, flagged: ${fp} (precision over legit files: ${((r.legit - fp) / r.legit).toFixed(3)})`);
  for (const m of r.misses) lines.push(`  missed   ${m.label.padEnd(20)} ${m.path}  → ${m.got}   [${m.scenario}]`);
  for (const m of r.falsePositives) lines.push(`  flagged  legit → ${m.got.padEnd(11)} ${m.path}   [${m.scenario}]`);
  return `${lines.join('\n')}\n`;
}
