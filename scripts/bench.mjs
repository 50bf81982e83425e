// `npm run bench`: cruft-check against git's own floor, on repositories built for it.
//
//   node scripts/bench.mjs [--cases small,bulk-100k,…] [--runs N] [--warmup N] [--rebuild]
//
// Cases (built once in a temp folder and reused, see scripts/bench/fixtures.mjs):
//   small           10 staged files in a repository of 2,000 tracked files (an ordinary commit)
//   bulk-10k        a `git add -A` that staged 10,000 new files
//   bulk-100k       … 100,000 new files: node_modules, a MongoDB dbpath, __pycache__, large binaries, source
//   cruftignore-100k  the small commit under a .cruftignore of 100,000 lines (2.3 MB)
//   untracked-100k  nothing staged, the same 100,000 files untracked (also `cruft-check add --dry-run`)
//   push-100k       a bare repository receiving a commit of 100,000 files (`cruft-check pre-receive`)
//   audit-history   5,000 commits, about 200,000 objects, for `cruft-check audit --history`
// Each figure is timed in the same run as the floor it is compared with: what git itself needs
// to answer the same question, plus Node's own start-up where cruft-check needs it too.
// Several runs after a warm-up, interleaved; medians; peak memory. Prints a table, writes
// bench-results/bench-<time>.json, latest.json and latest.md (the table as Markdown).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchEnv, CASES, fixture, fixtureInfo, FIXTURES_VERSION } from './bench/fixtures.mjs';
import { measureAll, memorySource } from './bench/measure.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
// CRUFT_BENCH_CLI: another build to measure (comparing two builds side by side).
const CLI = process.env.CRUFT_BENCH_CLI || join(ROOT, 'dist', 'cli.js');

const { values } = parseArgs({
  options: {
    cases: { type: 'string' },
    runs: { type: 'string' },
    warmup: { type: 'string' },
    rebuild: { type: 'boolean' },
  },
});
const cases = values.cases ? values.cases.split(',') : CASES;
for (const c of cases) if (!CASES.includes(c)) throw new Error(`unknown case ${c} (known: ${CASES.join(', ')})`);
const runs = Number(values.runs ?? 7);
const warmup = Number(values.warmup ?? 2);

const MiB = 1024 * 1024;
const node = process.execPath;
const git = (...args) => ['git', ...args];
const cli = (...args) => [node, CLI, ...args];

/**
 * What is timed in each case. `floor` entries are summed into the case's floor; a target says
 * which figure must stay within what of which floor.
 */
const PLANS = {
  small: {
    commands: {
      'node -e 0': [node, '-e', '0'],
      'git diff --cached --raw -z': git('diff', '--cached', '--raw', '-z', '--no-abbrev', 'HEAD'),
      'git ls-files --debug': git('ls-files', '-z', '--debug'),
      'git ls-files --others': git('ls-files', '--others', '--exclude-standard', '-z'),
      'cruft-check --staged --format json': cli('--staged', '--format', 'json'),
      'cruft-check --hook': cli('--hook', '--no-input'),
      'cruft-check --format json': cli('--format', 'json'),
    },
    floors: { staged: ['git diff --cached --raw -z', 'git ls-files --debug', 'node -e 0'] },
    targets: [
      { command: 'cruft-check --staged --format json', over: 'node -e 0', withinSeconds: 0.06, text: 'within 60 ms of node -e 0' },
      { command: 'cruft-check --hook', over: 'node -e 0', withinSeconds: 0.06, text: 'within 60 ms of node -e 0' },
    ],
  },
  'bulk-10k': {
    commands: {
      'node -e 0': [node, '-e', '0'],
      'git diff --cached --raw -z': git('diff', '--cached', '--raw', '-z', '--no-abbrev', 'HEAD'),
      'git ls-files --debug': git('ls-files', '-z', '--debug'),
      'cruft-check --staged --format json': cli('--staged', '--format', 'json'),
      'cruft-check --format json': cli('--format', 'json'),
    },
    floors: { staged: ['git diff --cached --raw -z', 'git ls-files --debug', 'node -e 0'] },
    // No target of its own in the issue: its ratio is shown in the table.
    targets: [],
  },
  'bulk-100k': {
    commands: {
      'node -e 0': [node, '-e', '0'],
      'git diff --cached --raw -z': git('diff', '--cached', '--raw', '-z', '--no-abbrev', 'HEAD'),
      'git ls-files --debug': git('ls-files', '-z', '--debug'),
      'cruft-check --staged --format json': cli('--staged', '--format', 'json'),
      'cruft-check --format json': cli('--format', 'json'),
    },
    floors: { staged: ['git diff --cached --raw -z', 'git ls-files --debug', 'node -e 0'] },
    targets: [
      { command: 'cruft-check --staged --format json', floor: 'staged', times: 2, text: '≤ 2× floor' },
      { command: 'cruft-check --staged --format json', peakMiB: 200, text: 'peak < 200 MiB' },
    ],
  },
  'cruftignore-100k': {
    commands: {
      'node -e 0': [node, '-e', '0'],
      'cruft-check --staged --format json': cli('--staged', '--format', 'json'),
      'cruft-check --hook': cli('--hook', '--no-input'),
    },
    floors: { node: ['node -e 0'] },
    // Issue 14: 100,000 lines once took 37 s and 1.46 GB.
    targets: [
      { command: 'cruft-check --staged --format json', over: 'node -e 0', withinSeconds: 2, text: 'within 2 s of node -e 0' },
      { command: 'cruft-check --staged --format json', peakMiB: 200, text: 'peak < 200 MiB' },
    ],
  },
  'untracked-100k': {
    commands: {
      'node -e 0': [node, '-e', '0'],
      'git ls-files --others': git('ls-files', '--others', '--exclude-standard', '-z'),
      'cruft-check --format json': cli('--format', 'json'),
      'cruft-check --hook': cli('--hook', '--no-input'),
      // `cruft-check add` as a dry run, so every run sees the same 100,000 untracked files (a
      // real add would stage them for the next run); the staging call is the same one git call.
      'git add --all --dry-run': git('add', '--all', '--dry-run'),
      'cruft-check add --dry-run': cli('add', '--dry-run'),
    },
    floors: { untracked: ['git ls-files --others', 'node -e 0'], add: ['git add --all --dry-run', 'node -e 0'] },
    targets: [
      { command: 'cruft-check --format json', floor: 'untracked', times: 2, text: '≤ 2× floor' },
      { command: 'cruft-check add --dry-run', floor: 'add', times: 2, text: '≤ 2× (git add --all --dry-run + node -e 0)' },
    ],
  },
  'push-100k': {
    commands: {
      'node -e 0': [node, '-e', '0'],
      'git diff-tree -r --no-commit-id': ['sh', '-c', 'git diff-tree -r --no-commit-id "$(cut -d" " -f2 input.txt)" >/dev/null'],
      'cruft-check pre-receive': ['sh', '-c', `exec "$0" "$1" pre-receive < input.txt`, node, CLI],
    },
    floors: { pushed: ['git diff-tree -r --no-commit-id', 'node -e 0'] },
    // The push is refused (exit 1): measured all the same.
    targets: [{ command: 'cruft-check pre-receive', floor: 'pushed', times: 2, text: '≤ 2× floor' }],
  },
  'audit-history': {
    commands: {
      'node -e 0': [node, '-e', '0'],
      'git rev-list --objects --all | git cat-file --batch-check': ['sh', '-c', 'git rev-list --objects --all | git cat-file --batch-check'],
      'cruft-check audit --history --all --format json': cli('audit', '--history', '--all', '--format', 'json'),
    },
    floors: { objects: ['git rev-list --objects --all | git cat-file --batch-check'] },
    targets: [{ command: 'cruft-check audit --history --all --format json', floor: 'objects', times: 2, text: '≤ 2× floor' }],
  },
};

function versionOf(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return (r.stdout || '').trim().split('\n')[0] ?? '';
}

const machine = {
  cpus: cpus().length,
  cpu: cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
  kernel: release(),
  node: process.version,
  git: versionOf('git', ['--version']),
  loadBefore: loadavg().map((x) => Math.round(x * 100) / 100),
};

if (spawnSync(node, [CLI, '--version']).status !== 0) {
  console.error('dist/cli.js does not run: build first (npm run build), or use npm run bench');
  process.exit(2);
}

const env = benchEnv();
const results = [];
const log = (s) => process.stderr.write(`${s}\n`);
for (const name of cases) {
  const dir = await fixture(name, { rebuild: Boolean(values.rebuild), log });
  const plan = PLANS[name];
  log(`measuring ${name} (${warmup} warm-up + ${runs} runs of ${Object.keys(plan.commands).length} commands)…`);
  const measured = measureAll(
    Object.entries(plan.commands).map(([id, argv]) => ({ id, argv, cwd: dir, env, allowExit: [0, 1] })),
    { runs, warmup },
  );
  const floors = Object.fromEntries(Object.entries(plan.floors).map(([f, ids]) => [f, ids.reduce((n, id) => n + measured.get(id).median, 0)]));
  const mainFloor = Object.values(floors)[0];
  const rows = Object.keys(plan.commands).map((id) => ({ command: id, ...measured.get(id), ratio: measured.get(id).median / mainFloor }));
  const checks = plan.targets.map((t) => {
    const m = measured.get(t.command);
    let pass;
    let detail;
    if (t.peakMiB !== undefined) {
      pass = m.peakKiB !== undefined && m.peakKiB / 1024 < t.peakMiB;
      detail = m.peakKiB === undefined ? 'no memory figure (GNU time missing)' : `${(m.peakKiB / 1024).toFixed(0)} MiB`;
    } else if (t.withinSeconds !== undefined) {
      const over = m.median - measured.get(t.over).median;
      pass = over <= t.withinSeconds;
      detail = `+${(over * 1000).toFixed(0)} ms over ${t.over}`;
    } else {
      const ratio = m.median / floors[t.floor];
      pass = ratio <= t.times;
      detail = `${ratio.toFixed(2)}× the ${t.floor} floor (${floors[t.floor].toFixed(3)} s)`;
    }
    return { command: t.command, target: t.text, pass, detail };
  });
  results.push({ case: name, repository: fixtureInfo(name), floors, rows, checks });
}
machine.loadAfter = loadavg().map((x) => Math.round(x * 100) / 100);

// ---------------------------------------------------------------------------------------------
// Report

const fmtS = (s) => (s < 1 ? `${(s * 1000).toFixed(0)} ms` : `${s.toFixed(2)} s`);
const fmtMiB = (k) => (k === undefined ? '—' : `${(k / 1024).toFixed(0)} MiB`);
const describeRepo = (info) =>
  info.commits !== undefined
    ? `${info.commits.toLocaleString('en-US')} commits, ${info.objects.toLocaleString('en-US')} objects`
    : info.pushed !== undefined
      ? `${info.pushed.toLocaleString('en-US')} files pushed`
      : `${(info.tracked ?? 0).toLocaleString('en-US')} tracked, ${(info.staged ?? 0).toLocaleString('en-US')} staged, ${(info.untracked ?? 0).toLocaleString('en-US')} untracked`;

function table() {
  const lines = [];
  lines.push('| case | command | median | min–max | CPU | peak memory | × floor |');
  lines.push('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
  for (const r of results) {
    for (const row of r.rows) {
      lines.push(
        `| ${r.case} | \`${row.command}\` | ${fmtS(row.median)} | ${fmtS(row.min)}–${fmtS(row.max)} | ${row.cpu === undefined ? '—' : fmtS(row.cpu)} | ${fmtMiB(row.peakKiB)} | ${row.ratio.toFixed(2)} |`,
      );
    }
    for (const [f, s] of Object.entries(r.floors)) lines.push(`| ${r.case} | *floor (${f})* | ${fmtS(s)} | | | | 1.00 |`);
  }
  lines.push('');
  lines.push('| case | repository | target | result | |');
  lines.push('| --- | --- | --- | --- | --- |');
  for (const r of results) {
    for (const c of r.checks) lines.push(`| ${r.case} | ${describeRepo(r.repository)} | \`${c.command}\` ${c.target} | ${c.detail} | ${c.pass ? 'PASS' : 'FAIL'} |`);
  }
  return lines.join('\n');
}

const markdown = [
  table(),
  '',
  `Machine: ${machine.cpus} × ${machine.cpu}, ${machine.memoryGiB} GiB, Linux ${machine.kernel}, Node ${machine.node}, ${machine.git}; ` +
    `load average ${machine.loadBefore[0]} before, ${machine.loadAfter[0]} after. ${runs} runs after ${warmup} warm-up, medians; memory: ${memorySource}.`,
].join('\n');
console.log(markdown);

const out = join(ROOT, 'bench-results');
mkdirSync(out, { recursive: true });
const doc = { version: 1, date: new Date().toISOString(), fixtures: FIXTURES_VERSION, runs, warmup, machine, results };
const stamp = doc.date.replace(/[:.]/g, '-');
writeFileSync(join(out, `bench-${stamp}.json`), `${JSON.stringify(doc, null, 2)}\n`);
writeFileSync(join(out, 'latest.json'), `${JSON.stringify(doc, null, 2)}\n`);
writeFileSync(join(out, 'latest.md'), `${markdown}\n`);
const failed = results.flatMap((r) => r.checks.filter((c) => !c.pass).map((c) => `${r.case}: ${c.command} ${c.target} (${c.detail})`));
if (failed.length) {
  console.error(`\n${failed.length} target(s) missed:\n  ${failed.join('\n  ')}`);
  process.exitCode = 1;
}
