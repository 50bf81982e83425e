// Untracked files are read as `git status` shows them: a folder git has never seen is one entry
// (`ls-files --others --directory`), looked inside only when a rule needs its contents. The
// pre-flight must report what it reported when every untracked file was listed
// (`--untracked-files=all`): these tests run both on the same repository and compare.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error — plain JavaScript module shared with the demo
import { writeMongoDbPath } from '../../scripts/layouts/mongodb.mjs';
import { makeRepo, type TestRepo } from '../helpers/repo.js';

interface Finding {
  rule: string;
  severity: string;
  origin: string;
  paths: string[];
  files: number;
  bytes: number;
  fix: { gitignore: string[]; unstage: string[] };
  uncounted?: string[];
  data?: Record<string, unknown>;
}
interface Report {
  summary: { files: number; bytes: number; blocking: boolean };
  findings: Finding[];
}

let repo: TestRepo;
beforeEach(() => {
  repo = makeRepo();
});
afterEach(() => repo.cleanup());

function run(mode: 'normal' | 'all', extra: string[] = []): { code: number; report: Report } {
  const r = repo.cli(['--format', 'json', ...(mode === 'all' ? ['--untracked-files', 'all'] : []), ...extra]);
  expect(r.stderr).toBe('');
  return { code: r.code, report: JSON.parse(r.stdout) as Report };
}

/** Untracked cruft everywhere except a dependency tree at a folder git lists as one entry. */
function layoutWithoutUnits(): void {
  repo.write('.gitignore', 'build/\n*.log\n');
  repo.tree({
    src: { 'app.js': 'console.log(1)\n' }, // a tracked folder with untracked files in it
    'notes.txt': 'top-level untracked file\n',
    'name with spaces ünïcode.txt': 'x\n',
    '.env': 'PASSWORD=hunter2\n',
    build: { 'out.js': 'ignored\n' },
    services: {
      api: { 'main.py': 'print(1)\n', __pycache__: { 'main.cpython-312.pyc': Buffer.from([0x6f, 0x0d, 0x0d, 0x0a, 0, 0, 0, 0]) } },
      worker: { 'debug.log': 'ignored by *.log\n', 'job.py': 'pass\n' },
    },
    // A PostgreSQL data directory deep inside an untracked folder: its markers are inside it.
    infra: { docker: { pgdata: { PG_VERSION: '16\n', global: { pg_control: 'x' }, base: { '1': { '1259': 'x' } } }, 'compose.yml': 'services: {}\n' } },
    // A dependency tree inside an untracked folder: the folder is looked inside, so are its files.
    frontend: { 'package.json': '{}\n', node_modules: { 'left-pad': { 'index.js': 'module.exports = 1\n', 'package.json': '{}\n' } } },
    tools: { venv: { 'pyvenv.cfg': 'home = /usr/bin\n', bin: { activate: '# venv\n', python3: 'x' }, lib: { 'python3.12': { 'site-packages': { 'six.py': 'x\n' } } } } },
    test: { fixtures: { resolve: { node_modules: { foo: { 'index.js': '1\n' } } } } },
  });
  repo.git('add', 'src/app.js', '.gitignore');
  repo.commit('base');
  repo.write('src/new.js', 'untracked in a tracked folder\n');
  writeMongoDbPath(`${repo.dir}/data/mongo`, { scale: 0.01 });
  // A repository cloned inside an untracked folder: `git add .` would stage it as a gitlink.
  repo.write('vendor/lib/README.md', '# lib\n');
  repo.gitResult(['init', '-q', 'vendor/lib']);
}

describe('untracked folders as single entries', () => {
  it('report exactly what listing every untracked file reports, when no folder is taken whole by its name', () => {
    layoutWithoutUnits();
    const normal = run('normal');
    const all = run('all');
    expect(normal.code).toBe(1);
    expect(all.code).toBe(normal.code);
    expect(normal.report).toEqual(all.report);
    // The comparison is not vacuous: the cruft inside the untracked folders was found.
    const rules = normal.report.findings.map((f) => `${f.rule} ${f.paths.join(',')}`);
    expect(rules).toContain('database-directory infra/docker/pgdata/');
    expect(rules).toContain('database-directory data/mongo/');
    expect(rules).toContain('dependency-directory frontend/node_modules/');
    expect(rules).toContain('dependency-directory tools/venv/');
    expect(rules).toContain('env-file .env');
    expect(rules.some((r) => r.startsWith('embedded-repository vendor/lib'))).toBe(true);
    expect(normal.report.findings.some((f) => f.paths.some((p) => p.startsWith('test/fixtures') || p.startsWith('build')))).toBe(false);
  });

  it('an untracked node_modules/ is one entry: the same findings, its files not counted', () => {
    layoutWithoutUnits();
    repo.tree({ node_modules: { a: { 'index.js': '1\n', 'package.json': '{}\n' }, b: { 'index.js': '22\n' }, '.bin': { tool: 'x' } } });
    const normal = run('normal');
    const all = run('all');
    expect(normal.code).toBe(all.code);
    // Findings are ordered by bytes, and the uncounted folder weighs nothing: compare by rule and paths.
    const key = (f: Finding) => `${f.rule} ${f.paths.join(',')}`;
    expect(normal.report.findings.map(key).sort()).toEqual(all.report.findings.map(key).sort());
    const inAll = new Map(all.report.findings.map((f) => [key(f), f]));
    for (const [n, a] of normal.report.findings.map((f) => [f, inAll.get(key(f)) as Finding] as const)) {
      expect([n.severity, n.origin, n.fix]).toEqual([a.severity, a.origin, a.fix]);
      if (n.rule === 'dependency-directory' && n.paths[0] === 'node_modules/') {
        expect(n.uncounted).toEqual(['node_modules/']);
        expect([n.files, n.bytes]).toEqual([0, 0]);
        expect([a.uncounted, a.files, a.bytes]).toEqual([undefined, 4, 2 + 3 + 3 + 1]);
      } else if (n.rule === 'bulk-add') {
        expect(n.uncounted).toEqual(['node_modules/']);
      } else {
        expect(n).toEqual(a);
      }
    }
  });

  it('a .cruftignore that names the folder makes it looked inside, so it can allow part of it', () => {
    repo.tree({ node_modules: { a: { 'index.js': '1\n' }, keep: { 'index.js': '2\n' } } });
    repo.write('.cruftignore', 'node_modules/keep/\n');
    const normal = run('normal');
    expect(normal.report).toEqual(run('all').report);
    const dep = normal.report.findings.find((f) => f.rule === 'dependency-directory');
    expect(dep?.uncounted).toBeUndefined();
    expect(dep?.files).toBe(1);
  });

  it('with dependency-directory off, the folder is listed file by file for the other rules', () => {
    repo.tree({ node_modules: { a: { '.env': 'TOKEN=x\n', 'index.js': '1\n' } } });
    repo.write('.cruftcheck.json', JSON.stringify({ rules: { 'dependency-directory': 'off' } }));
    const normal = run('normal');
    expect(normal.report).toEqual(run('all').report);
    expect(normal.report.findings.map((f) => f.rule)).toContain('env-file');
  });

  it('an untracked folder holding only ignored files is not an entry', () => {
    repo.write('.gitignore', '*.log\n');
    repo.git('add', '.gitignore');
    repo.commit('ignore logs');
    repo.tree({ logs: { 'a.log': 'x\n' }, empty: {} });
    const normal = run('normal');
    expect(normal.report.summary.files).toBe(0);
    expect(normal.report).toEqual(run('all').report);
  });

  it('the hook reminds of an untracked dependency tree without counting it, and lets the commit through', () => {
    repo.tree({ node_modules: { a: { 'index.js': '1\n' } } });
    repo.write('app.js', 'x\n');
    repo.git('add', 'app.js');
    const r = repo.cli(['--hook', '--no-input']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('node_modules/');
    expect(r.stderr).not.toMatch(/\d B\)/); // no size for a folder that was not looked inside
  });

  it('--untracked-files takes normal or all only', () => {
    const r = repo.cli(['--untracked-files', 'some']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
