// Runs the labelled scenarios (scenarios.ts): each becomes a real git repository in a temp folder,
// its change is staged (or left untracked), and cruft-check judges it. A file counts as flagged
// when a finding names it or a folder holding it; recall is counted per category (flagged under
// the labelled category), precision over legit files (flagged at all).
//
// The judge is the library's check() (dist/index.mjs beside the CLI), in this process: the same
// pipeline as `cruft-check --format json` (src/main.ts prints check()'s report as it is), without
// starting Node and loading the bundle 207 times (a CLI run costs about 250 ms of CPU, check()
// about 50). Every `cliEvery`-th scenario of a run is judged by the built CLI as well, and its
// JSON must be the same report: the CLI's own path stays covered on the labelled set.
// Scenarios run a few at a time: each is a few git processes (one or two to set it up, the rest check()'s).
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { Finding, Report } from '../../src/model.js';
import { CLI, cleanEnv } from '../helpers/repo.js';
import { type Content, type Label, SCENARIOS, type Scenario } from './scenarios.js';

const run = promisify(execFile);

type Check = (typeof import('../../src/index.js'))['check'];

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
  /** Scenarios the CLI judged too, and those where its JSON report was not check()'s. */
  cli: { runs: number; differing: string[] };
}

/** Stands in for `git lfs clean`: reads the content, prints an LFS pointer (git-lfs itself is not installed here). */
const LFS_CLEAN = "n=$(wc -c | tr -d ' '); printf 'version https://git-lfs.github.com/spec/v1\\noid sha256:%064d\\nsize %s\\n' 0 \"$n\"\n";

type Git = (args: string[], input?: string | Buffer) => Promise<string>;

function gitIn(dir: string, env: NodeJS.ProcessEnv): Git {
  return (args, input) =>
    new Promise((resolve, reject) => {
      const child = execFile('git', args, { cwd: dir, env, maxBuffer: 64 * 1024 * 1024 }, (e, stdout, stderr) => (e ? reject(new Error(`git ${args.join(' ')}: ${stderr || e.message}`)) : resolve(stdout)));
      child.stdin?.end(input);
    });
}

/**
 * The repositories a scenario starts from, made once per run and copied with node:fs (git runs
 * for the setup, not as the subject): `empty` is `git init -b main`; `before` has the empty
 * commit a scenario with nothing committed before its change starts from. Without git's sample
 * hooks (`--template=`, an empty template): nothing here runs a hook, and 13 files fewer to copy
 * and remove per repository.
 */
async function makeTemplates(root: string, env: NodeJS.ProcessEnv): Promise<{ empty: string; before: string }> {
  const empty = join(root, 'template-empty');
  const before = join(root, 'template-before');
  for (const dir of [empty, before]) {
    mkdirSync(dir);
    await gitIn(dir, env)(['init', '-q', '--template=', '-b', 'main']);
  }
  await gitIn(before, env)(['commit', '-q', '--no-verify', '--allow-empty', '-m', 'before']);
  return { empty, before };
}

/** The bytes a scenario's file holds. */
function bytes(path: string, content: Content | undefined): string | Buffer {
  if (content === undefined) return `// ${path}\n`;
  if (typeof content === 'string' || Buffer.isBuffer(content)) return content;
  if ('size' in content) return Buffer.alloc(content.size, 0x5a);
  throw new Error(`${path}: a repository has no bytes`);
}

function write(dir: string, path: string, content: Content | undefined): void {
  const full = join(dir, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, bytes(path, content));
}

const isRepo = (c: Content | undefined): c is { repo: 'nested' | 'submodule' } => !!c && typeof c === 'object' && !Buffer.isBuffer(c) && 'repo' in c;

/** A path as fast-import reads it: C-style quoted (a path may hold spaces, quotes, backslashes). */
const quoted = (path: string): string => `"${path.replace(/[\\"]/g, (ch) => `\\${ch}`).replace(/\n/g, '\\n')}"`;

/**
 * Commit `files` on main, as written and with no index or work tree touched, in one git process
 * (`git fast-import`) where `git add` and `git commit` were two. The bytes go in as they are, as
 * `git add` would store them: no committed file of a scenario is one that .gitattributes filters.
 * The pack stays a pack (fastimport.unpackLimit=0): no `git unpack-objects` after it.
 */
async function commitFiles(git: Git, files: [string, Content | undefined][], message: string): Promise<void> {
  const when = `${Math.floor(Date.now() / 1000)} +0000`;
  const chunks: Buffer[] = [Buffer.from(`commit refs/heads/main\ncommitter Accuracy <accuracy@example.com> ${when}\ndata ${Buffer.byteLength(message)}\n${message}\n`)];
  for (const [p, c] of files) {
    const b = Buffer.from(bytes(p, c));
    chunks.push(Buffer.from(`M 100644 inline ${quoted(p)}\ndata ${b.length}\n`), b, Buffer.from('\n'));
  }
  chunks.push(Buffer.from('done\n'));
  await git(['-c', 'fastimport.unpackLimit=0', 'fast-import', '--quiet', '--done'], Buffer.concat(chunks));
}

interface Judges {
  check: Check;
  /** The built CLI, for the scenarios it judges too. */
  cli: string;
  templates: { empty: string; before: string };
  env: NodeJS.ProcessEnv;
}

/**
 * The scenario's repository, its change in place: staged, or left untracked. What is committed
 * before the change is committed first (commitFiles), then the change is written; `git add` of
 * every path written, committed ones included (they are staged as HEAD has them), makes the index
 * `git add -A` would. Named one by one, a path that an ignore rule keeps out of the change stops
 * `git add` with an error: a labelled file nobody would judge is caught here, with no listing of
 * the repository after it.
 */
async function prepare(s: Scenario, base: string, j: Judges): Promise<string> {
  const dir = join(base, 'repo');
  const git = gitIn(dir, j.env);
  const committed = Object.entries(s.committed ?? {});
  cpSync(committed.length > 0 ? j.templates.empty : j.templates.before, dir, { recursive: true });
  if (committed.length > 0) {
    for (const [p, c] of committed) write(dir, p, c);
    await commitFiles(git, committed, 'before');
  }
  for (const [p, e] of Object.entries(s.files)) {
    const c = e.content;
    if (isRepo(c)) {
      const up = join(base, `upstream-${p.replace(/\//g, '_')}`);
      cpSync(j.templates.empty, up, { recursive: true });
      await commitFiles(gitIn(up, j.env), [['lib.js', 'module.exports = 1;\n']], 'lib');
      if (c.repo === 'nested') await git(['clone', '-q', up, p]);
      else await git(['-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', up, p]);
      continue;
    }
    write(dir, p, c);
  }
  const toStage = [...committed.map(([p]) => p), ...(s.untracked ? [] : Object.keys(s.files))];
  if (toStage.length > 0) {
    // Literal paths (a name may hold * or [), NUL-separated on standard input.
    await git(['--literal-pathspecs', 'add', '--pathspec-from-file=-', '--pathspec-file-nul'], `${toStage.join('\0')}\0`).catch((e: Error) => {
      throw new Error(`${s.name}: not all of the change could be staged (ignored?): ${e.message}`);
    });
  }
  if (s.untracked) {
    // A labelled file that an ignore rule keeps out of the change would be judged by nobody.
    const present = new Set((await git(['ls-files', '-z', '--cached', '--others', '--exclude-standard'])).split('\0'));
    for (const [p, e] of Object.entries(s.files)) {
      if (!isRepo(e.content) && !present.has(p)) throw new Error(`${s.name}: ${p} is not part of the change (ignored?)`);
    }
  }
  return dir;
}

/** `cruft-check --format json` in the scenario's repository (exit 1: something was flagged). */
async function judgeWithCli(s: Scenario, dir: string, j: Judges): Promise<Report> {
  const r = await run(process.execPath, [j.cli, '--format', 'json'], { cwd: dir, env: j.env, maxBuffer: 64 * 1024 * 1024 }).catch((e: { code?: number; stdout?: string; stderr?: string }) => {
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

export interface AccuracyOptions {
  scenarios?: Scenario[];
  /** Judge the share `index` of `count` (scenario i when i % count === index): the test files split the set this way. */
  shard?: { index: number; count: number };
  concurrency?: number;
  /** The built CLI; the library judging is dist/index.mjs beside it. */
  cli?: string;
  /** The CLI judges the first scenario of the run and every `cliEvery`-th after it too. */
  cliEvery?: number;
}

export async function runAccuracy(opts: AccuracyOptions = {}): Promise<AccuracyResult> {
  const { shard, concurrency = 3, cli = CLI, cliEvery = 20 } = opts;
  const scenarios = (opts.scenarios ?? SCENARIOS).filter((_, i) => !shard || i % shard.count === shard.index);
  const { check } = (await import(pathToFileURL(join(dirname(cli), 'index.mjs')).href)) as { check: Check };
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'cruft-check-accuracy-')));
  const result: AccuracyResult = {
    scenarios: scenarios.length,
    perCategory: new Map(),
    perFamily: new Map(),
    stores: { scenarios: 0, whole: 0 },
    legit: 0,
    falsePositives: [],
    misses: [],
    cli: { runs: 0, differing: [] },
  };
  // One home for the run: the identity, the LFS stand-in as the `lfs` filter, and no `git
  // maintenance` started after each commit (a process per commit that the judging never needs).
  const home = join(root, 'home');
  mkdirSync(home);
  writeFileSync(join(root, 'lfs-clean.sh'), LFS_CLEAN);
  writeFileSync(join(home, '.gitconfig'), `[user]\n\tname = Accuracy\n\temail = accuracy@example.com\n[maintenance]\n\tauto = false\n[filter "lfs"]\n\tclean = sh ${join(root, 'lfs-clean.sh')}\n\trequired = true\n`);
  // check() runs git in it as the CLI does (no GIT_* variable of whoever runs the tests, the
  // run's own home and global configuration), without touching this process's environment.
  const env = cleanEnv({}, home);
  try {
    const judges: Judges = { check, cli, env, templates: await makeTemplates(root, env) };
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < scenarios.length) {
        const i = next++;
        const s = scenarios[i] as Scenario;
        const base = join(root, String(i));
        mkdirSync(base);
        const dir = await prepare(s, base, judges);
        const report = (await check({ cwd: dir, scope: 'preflight', untracked: 'normal', env })).report;
        if (i % cliEvery === 0) {
          result.cli.runs++;
          const fromCli = await judgeWithCli(s, dir, judges);
          // As JSON: what --format json prints of the same report.
          if (JSON.stringify(fromCli) !== JSON.stringify(report)) result.cli.differing.push(s.name);
        }
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
    // `rm -rf`, not rmSync: Node 20's rmSync walks the tree in JavaScript, about 0.1 ms of CPU per
    // entry, 0.3–0.4 s for the thousands of files a share leaves; rm does it in a tenth of that.
    await run('rm', ['-rf', root]);
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
  lines.push('', `the CLI judged ${r.cli.runs} of them too: ${r.cli.differing.length === 0 ? 'the same reports' : `other reports for ${r.cli.differing.join(', ')}`}`);
  return `${lines.join('\n')}\n`;
}
