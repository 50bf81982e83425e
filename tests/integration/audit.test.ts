// `cruft-check audit`: the cruft already committed — in the tree at a revision, or with
// --history in every commit — with the commit that brought it, its weight in the history and
// the `git filter-repo` command that would remove it.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error — plain JavaScript module shared with the demo
import { mongoDbPathFiles, writeMongoDbPath } from '../../scripts/layouts/mongodb.mjs';
import { makeRepo, runCli, type TestRepo } from '../helpers/repo.js';

interface AuditFinding {
  rule: string;
  severity: string;
  paths: string[];
  files: number;
  bytes: number;
  audit: {
    introducedIn?: { commit: string; date: string; subject: string };
    commits: number;
    historyBytes: number;
    present: boolean;
    contents?: number;
    otherPaths?: string[];
    removeFromHistory: string;
  };
}
interface AuditReport {
  summary: { files: number; blocking: boolean };
  findings: AuditFinding[];
  audit: { mode: string; rev: string; commit?: string; commits: number; warning: string };
}

let repo: TestRepo;
/** A fresh repository for each test of the calling describe. */
function freshRepoEachTest(): void {
  beforeEach(() => {
    repo = makeRepo();
  });
  afterEach(() => repo.cleanup());
}

const head = (): string => repo.git('rev-parse', 'HEAD').trim();

function audit(args: string[], cwd?: string): { code: number; report: AuditReport; stderr: string } {
  const r = repo.cli(['audit', ...args, '--format', 'json'], cwd ? { cwd } : {});
  return { code: r.code, report: JSON.parse(r.stdout || '{}') as AuditReport, stderr: r.stderr };
}

/**
 * One audit run for the human and the JSON report of the same state (`--format human --format
 * json --output FILE`: the human report on standard output, the JSON one in scratch), where a
 * test read the two from two runs that computed the same audit twice. `sarif` adds the SARIF
 * report to the same run.
 */
let reportFiles = 0;
function auditReports(args: string[], r: TestRepo = repo, opts: { sarif?: boolean } = {}): { code: number; stderr: string; human: string; report: AuditReport; sarif?: string } {
  const n = ++reportFiles;
  const json = join(r.scratch, `audit-${n}.json`);
  const sarif = join(r.scratch, `audit-${n}.sarif`);
  const res = r.cli(['audit', ...args, '--format', 'human', '--format', 'json', '--output', json, ...(opts.sarif ? ['--format', 'sarif', '--output', sarif] : [])]);
  return {
    code: res.code,
    stderr: res.stderr,
    human: res.stdout,
    report: JSON.parse(readFileSync(json, 'utf8')) as AuditReport,
    ...(opts.sarif ? { sarif: readFileSync(sarif, 'utf8') } : {}),
  };
}

/** Distinct blobs under `dir/` in `commit`, and their total size: what the history stores. */
function storedBytes(commit: string, dir: string): number {
  const sizes = new Map<string, number>();
  for (const line of repo.git('ls-tree', '-r', '-l', commit, '--', dir).trim().split('\n')) {
    const [, , oid = '', size = '0'] = line.split('\t')[0]?.split(/ +/) ?? [];
    sizes.set(oid, Number(size));
  }
  return [...sizes.values()].reduce((n, s) => n + s, 0);
}

/** The course notes' mistake, later "fixed" by deleting the folder: mongo_files/ stays in history. */
function committedAndDeleted(): { added: string; deleted: string } {
  repo.write('app.py', 'print("hello")\n');
  repo.git('add', 'app.py');
  repo.commit('Start the assignment');
  writeMongoDbPath(join(repo.dir, 'mongo_files'), { scale: 0.02 });
  repo.write('social_network.py', 'def add_user(db): pass\n');
  repo.git('add', '.');
  repo.commit('Finish assignment 05');
  const added = head();
  repo.git('rm', '-r', '-q', '--cached', 'mongo_files');
  repo.write('.gitignore', 'mongo_files/\n');
  repo.git('add', '.gitignore');
  repo.commit('Remove the database files');
  return { added, deleted: head() };
}

describe('audit --history, of a history that added mongo_files/ and deleted it later', () => {
  // These tests only read the repository (audit writes nothing there but a report they do not
  // ask for), so they share one, built once.
  let shared: TestRepo;
  let history: { added: string; deleted: string };
  /** `audit --history` of it, run once for the JSON, human and SARIF tests below. */
  let full: ReturnType<typeof auditReports>;
  beforeAll(() => {
    shared = repo = makeRepo();
    history = committedAndDeleted();
    full = auditReports(['--history'], shared, { sarif: true });
  });
  beforeEach(() => {
    repo = shared;
  });
  afterAll(() => shared.cleanup());

  it('finds a mongo_files/ that was committed and later deleted, with the commit, its size and the removal command', () => {
    const { added } = history;
    const { code, report } = full;
    expect(code).toBe(1);
    expect(report.audit.mode).toBe('history');
    expect(report.audit.commits).toBe(4);
    const db = report.findings.find((f) => f.rule === 'database-directory');
    expect(db?.paths).toEqual(['mongo_files/']);
    expect(db?.severity).toBe('error');
    expect(db?.audit.introducedIn?.commit).toBe(added);
    expect(db?.audit.introducedIn?.subject).toBe('Finish assignment 05');
    expect(db?.audit.present).toBe(false);
    expect(db?.audit.historyBytes).toBe(storedBytes(added, 'mongo_files'));
    expect(db?.bytes).toBe(db?.audit.historyBytes);
    expect(db?.audit.historyBytes).toBeGreaterThan(0);
    expect(db?.audit.removeFromHistory).toBe('git filter-repo --invert-paths --path mongo_files');
    expect(report.audit.warning).toMatch(/force-push/);
  });

  it('prints the removal command and the warning in the human report', () => {
    const { code, human, stderr } = full;
    expect(code).toBe(1);
    expect(human).toContain('git filter-repo --invert-paths --path mongo_files');
    expect(human).toMatch(/introduced in [0-9a-f]{12}/);
    expect(stderr).toBe(''); // progress only on a terminal
  });

  it('audit (the tree at HEAD) does not report what was deleted', () => {
    const { code, report } = audit([]);
    expect(code).toBe(0);
    expect(report.audit.mode).toBe('tree');
    expect(report.findings).toEqual([]);
  });

  it('audit REV looks at the tree of that commit', () => {
    const { added } = history;
    const { code, report } = audit([added]);
    expect(code).toBe(1);
    const db = report.findings.find((f) => f.rule === 'database-directory');
    expect(db?.paths).toEqual(['mongo_files/']);
    expect(db?.files).toBe(Object.keys(mongoDbPathFiles()).length);
    expect(db?.audit.present).toBe(true);
    expect(db?.audit.introducedIn?.commit).toBe(added);
  });

  it('works in a bare mirror clone', () => {
    const mirror = join(repo.scratch, 'mirror.git');
    execFileSync('git', ['clone', '-q', '--mirror', repo.dir, mirror], { env: repo.env });
    const r = runCli(['audit', '--history', '--all', '--format', 'json'], { cwd: mirror, env: repo.env });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as AuditReport;
    expect(report.findings.map((f) => f.rule)).toContain('database-directory');
  });

  it('writes SARIF like the check does', () => {
    expect(full.code).toBe(1);
    const sarif = JSON.parse(full.sarif ?? '') as { version: string; runs: Array<{ results: Array<{ ruleId: string }> }> };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]?.results.map((x) => x.ruleId)).toContain('database-directory');
  });
});

describe('audit --history', () => {
  freshRepoEachTest();

  it('a clean history exits 0', () => {
    repo.write('src/index.js', 'export {};\n');
    repo.git('add', '.');
    repo.commit('code');
    const { code, report } = audit(['--history']);
    expect(code).toBe(0);
    expect(report.findings).toEqual([]);
    expect(report.audit.commits).toBe(2);
  });

  it('names the commit on a merged branch that brought a dependency tree, and --all reads every ref', () => {
    repo.git('checkout', '-q', '-b', 'feature');
    repo.tree({ node_modules: { 'left-pad': { 'index.js': 'module.exports = 1;\n', 'package.json': '{}\n' } } });
    repo.git('add', '.');
    repo.commit('Add left-pad');
    const feature = head();
    repo.git('checkout', '-q', 'main');
    repo.write('main.js', 'x\n');
    repo.git('add', 'main.js');
    repo.commit('main work');
    // Only the branch holds it: HEAD's history does not, every ref's does.
    expect(audit(['--history']).report.findings).toEqual([]);
    const all = audit(['--history', '--all']).report.findings.find((f) => f.rule === 'dependency-directory');
    expect(all?.audit.introducedIn?.commit).toBe(feature);
    repo.git('merge', '-q', '--no-ff', '-m', 'Merge feature', 'feature');
    const merged = audit(['--history']).report.findings.find((f) => f.rule === 'dependency-directory');
    expect(merged?.paths).toEqual(['node_modules/']);
    expect(merged?.files).toBe(2);
    expect(merged?.audit.introducedIn?.commit).toBe(feature);
    expect(merged?.audit.present).toBe(true);
  });

  it('bad input is one line and exit 2', () => {
    for (const args of [['audit', 'no-such-branch'], ['audit', '--all'], ['audit', 'HEAD', 'extra']]) {
      const r = repo.cli(args);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('an empty repository has nothing to audit', () => {
    const empty = makeRepo({ initialCommit: false });
    try {
      expect(empty.cli(['audit']).code).toBe(0);
      expect(empty.cli(['audit', '--history']).code).toBe(0);
    } finally {
      empty.cleanup();
    }
  });
});

/** The `git filter-repo` command the human report prints last: the one that removes everything. */
function printedRewrite(stdout: string): string {
  const lines = stdout.split('\n').filter((l) => l.includes('git filter-repo --invert-paths'));
  const last = lines[lines.length - 1] ?? '';
  return last.slice(last.indexOf('git filter-repo'));
}

describe('audit --history: renamed and copied cruft', () => {
  freshRepoEachTest();

  it('lists the folder a branch renamed the database to, and the printed rewrite leaves nothing of it (run for real on a mirror)', () => {
    // git-filter-repo comes from Debian's packages (.ci/run installs it); a test that cannot run
    // the command must fail, not pass without having run it.
    const version = spawnSync('git', ['filter-repo', '--version'], { env: repo.env, encoding: 'utf8' });
    expect(version.status, 'git filter-repo is not installed: apt-get install -y git-filter-repo').toBe(0);
    repo.write('app.py', 'print("hello")\n');
    // Innocent twins of the database's tiny files: an empty file like its empty mongod.lock.
    repo.write('src/__init__.py', '');
    writeMongoDbPath(join(repo.dir, 'olddb'), { scale: 0.02 });
    repo.git('add', '.');
    repo.commit('Add the app and, by mistake, the database');
    repo.git('checkout', '-q', '-b', 'tidy');
    repo.git('mv', 'olddb', 'newdb');
    repo.commit('Rename the database folder');
    repo.git('checkout', '-q', 'main');
    const { code, report, human } = auditReports(['--history', '--all']);
    expect(code).toBe(1);
    const db = report.findings.filter((f) => f.rule === 'database-directory');
    expect(db).toHaveLength(1);
    const listed = [...(db[0]?.paths ?? []), ...(db[0]?.audit.otherPaths ?? [])].sort();
    expect(listed).toEqual(['newdb/', 'olddb/']);
    expect(db[0]?.audit.removeFromHistory).toMatch(/--path newdb\b/);
    expect(db[0]?.audit.removeFromHistory).toMatch(/--path olddb\b/);
    expect(db[0]?.audit.removeFromHistory).not.toContain('src');
    const files = Object.keys(mongoDbPathFiles()).length;
    // Two folders of the same files: twice the paths, each content once.
    expect(db[0]?.files).toBe(2 * files);
    expect(db[0]?.audit.contents).toBeLessThanOrEqual(files);

    expect(human).toContain('newdb/');
    const command = printedRewrite(human);
    expect(command).not.toBe('');
    const mirror = join(repo.scratch, 'mirror.git');
    execFileSync('git', ['clone', '-q', '--mirror', repo.dir, mirror], { env: repo.env });
    const run = spawnSync('sh', ['-c', command], { cwd: mirror, env: repo.env, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const left = execFileSync('git', ['log', '--all', '--name-only', '--format='], { cwd: mirror, env: repo.env, encoding: 'utf8' });
    expect(left.split('\n').filter((l) => /WiredTiger|\.wt$|olddb|newdb/.test(l))).toEqual([]);
    expect(left).toContain('app.py');
    expect(left).toContain('src/__init__.py');
    // And no flagged content is reachable under any name.
    const objects = execFileSync('git', ['rev-list', '--objects', '--all'], { cwd: mirror, env: repo.env, encoding: 'utf8' });
    expect(objects).not.toMatch(/WiredTiger|\.wt\b/);
  });

  it('counts files as paths, as the tree audit does, and says how many distinct contents they are', () => {
    // 200 files, 17 of them the same empty index.js: 183 distinct contents.
    const files: Record<string, string> = {};
    for (let i = 0; i < 183; i++) files[`pkg${i}/index.js`] = `module.exports = ${i};\n`;
    for (let i = 183; i < 200; i++) files[`pkg${i}/index.js`] = '';
    files['pkg0/index.js'] = ''; // one of the 183 empty too, so that 200 paths hold 183 contents
    files['pkg0/other.js'] = 'module.exports = 0;\n';
    repo.tree({ node_modules: files });
    repo.git('add', '.');
    repo.commit('Add node_modules');
    const tree = audit([]).report.findings.find((f) => f.rule === 'dependency-directory');
    const both = auditReports(['--history']);
    const history = both.report.findings.find((f) => f.rule === 'dependency-directory');
    expect(tree?.files).toBe(201);
    expect(history?.files).toBe(tree?.files);
    const distinct = Number(execFileSync('sh', ['-c', 'git ls-tree -r HEAD -- node_modules | cut -d" " -f3 | cut -f1 | sort -u | wc -l'], { cwd: repo.dir, env: repo.env, encoding: 'utf8' }).trim());
    expect(history?.audit.contents).toBe(distinct);
    expect(distinct).toBeLessThan(201);
    expect(both.human).toContain(`201 files over the history (${distinct} distinct contents)`);
  });
});

describe('audit: database files at the repository root', () => {
  freshRepoEachTest();

  /** `mongod --dbpath .` run in the repository itself, committed after the README. */
  function dbAtRoot(r: TestRepo): void {
    writeMongoDbPath(r.dir, { scale: 0.02 });
    r.git('add', '.');
    r.commit('Add everything');
  }

  it('advises .gitignore patterns that also cover the files the server writes next, and nothing else', () => {
    dbAtRoot(repo);
    const db = audit([]).report.findings.find((f) => f.rule === 'database-directory') as AuditFinding & { fix: { gitignore: string[] } };
    const lines = db.fix.gitignore;
    expect(lines).toContain('/*.wt');
    expect(lines).toContain('/journal/');
    expect(lines.length).toBeLessThanOrEqual(8);
    expect(lines.some((l) => /collection-0-/.test(l))).toBe(false);
    // Checked with git: today's files, tomorrow's files, and the neighbours that must stay.
    repo.write('.gitignore', `${lines.join('\n')}\n`);
    const ignored = (path: string): boolean => repo.gitResult(['check-ignore', '-q', '--no-index', '--', path]).status === 0;
    for (const path of Object.keys(mongoDbPathFiles({ scale: 0.02 }))) expect(ignored(path), path).toBe(true);
    for (const path of ['collection-7-99.wt', 'index-8-99.wt', 'journal/WiredTigerLog.0000000002', 'WiredTigerHS.wt']) expect(ignored(path), path).toBe(true);
    for (const path of ['README.md', 'src/model.wt', 'app.py', 'docs/journal.md']) expect(ignored(path), path).toBe(false);
  });

  it('warns that the rewrite would leave a branch empty', () => {
    const bare = makeRepo({ initialCommit: false });
    try {
      dbAtRoot(bare);
      for (const args of [['audit'], ['audit', '--history'], ['audit', '--history', '--all']]) {
        const { report: json, human } = auditReports(args.slice(1), bare);
        const report = json as AuditReport & { audit: { rewrite?: { emptiedBranches: string[]; emptiedCommits?: number } } };
        expect(report.audit.rewrite?.emptiedBranches, args.join(' ')).toEqual([args.includes('--all') ? 'main' : 'HEAD']);
        expect(human, args.join(' ')).toMatch(/This rewrite empties (HEAD|main): every file in its tree is removed/);
      }
    } finally {
      bare.cleanup();
    }
  });

  it('warns how many commits the rewrite would leave with no change, counting only those', () => {
    dbAtRoot(repo);
    const dbCommit = head();
    repo.write('app.py', 'print(1)\n');
    repo.git('add', 'app.py');
    repo.commit('Add the app');
    const { report, human } = auditReports(['--history']);
    const rewrite = (report.audit as { rewrite?: { emptiedBranches: string[]; emptiedCommits?: number; emptiedSample?: string[] } }).rewrite;
    expect(rewrite?.emptiedBranches).toEqual([]);
    expect(rewrite?.emptiedCommits).toBe(1);
    expect(rewrite?.emptiedSample).toEqual([dbCommit]);
    expect(human).toMatch(/It leaves 1 commit with no change at all \([0-9a-f]{12}\)/);
    // A commit that also changes something else keeps it: no warning about commits.
    committedAndDeleted();
    const later = (audit(['--history']).report.audit as { rewrite?: { emptiedCommits?: number } }).rewrite;
    expect(later?.emptiedCommits).toBe(1);
  });
});
