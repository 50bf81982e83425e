// The course notes' scenario: a student runs `git add .` over a MongoDB dbpath (mongo_files/),
// a node_modules/ tree and their homework, then commits.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error — plain JavaScript module shared with the demo
import { mongoDbPathFiles, writeMongoDbPath } from '../../scripts/layouts/mongodb.mjs';
import { makeRepo, type TestRepo } from '../helpers/repo.js';

interface JsonFinding {
  rule: string;
  severity: string;
  paths: string[];
  files: number;
  bytes: number;
  origin: string;
  data?: Record<string, unknown>;
  fix: { gitignore: string[]; unstage: string[] };
}
interface JsonReport {
  version: number;
  scope: string;
  summary: { files: number; bytes: number; blocking: boolean; findings: Record<string, number> };
  findings: JsonFinding[];
}

const mongoFiles = mongoDbPathFiles() as Record<string, string | Buffer>;
const mongoCount = Object.keys(mongoFiles).length;
const mongoBytes = Object.values(mongoFiles).reduce((n, c) => n + Buffer.byteLength(c), 0);

let repo: TestRepo;
beforeEach(() => {
  repo = makeRepo();
  repo.tree({
    'social_network.py': 'def add_user(db, user_id):\n    return db.users.insert_one({"_id": user_id})\n',
    'requirements.txt': 'pymongo\n',
    node_modules: { prettier: { 'package.json': '{"name":"prettier"}\n', 'index.js': 'module.exports = {}\n' } },
  });
  writeMongoDbPath(`${repo.dir}/mongo_files`);
});
afterEach(() => repo.cleanup());

const json = (r: { stdout: string }): JsonReport => JSON.parse(r.stdout) as JsonReport;

describe('git add . over a MongoDB dbpath', () => {
  it('reports the dbpath once, with its engine, file count and bytes, and blocks', () => {
    repo.git('add', '.');
    const r = repo.cli(['--staged', '--format', 'json']);
    expect(r.code).toBe(1);
    const report = json(r);
    expect(report.version).toBe(1);
    expect(report.scope).toBe('staged');
    const db = report.findings.filter((f) => f.rule === 'database-directory');
    expect(db).toHaveLength(1);
    expect(db[0]).toMatchObject({
      severity: 'error',
      paths: ['mongo_files/'],
      files: mongoCount,
      bytes: mongoBytes,
      origin: 'staged',
      data: { engine: 'mongodb-wiredtiger' },
      fix: { gitignore: ['/mongo_files/'], unstage: ['mongo_files/'] },
    });
    const deps = report.findings.filter((f) => f.rule === 'dependency-directory');
    expect(deps.map((f) => f.paths)).toEqual([['node_modules/']]);
    // The homework itself is not cruft.
    const covered = report.findings.flatMap((f) => f.paths);
    expect(covered).not.toContain('social_network.py');
    expect(report.summary.blocking).toBe(true);
  });

  it('pre-flight reports untracked cruft with the .gitignore lines that keep it out', () => {
    const r = repo.cli(['--format', 'json']);
    expect(r.code).toBe(1);
    const report = json(r);
    expect(report.scope).toBe('preflight');
    const db = report.findings.find((f) => f.rule === 'database-directory');
    expect(db).toMatchObject({ origin: 'untracked', paths: ['mongo_files/'], fix: { gitignore: ['/mongo_files/'], unstage: [] } });
  });

  it('--staged ignores untracked files', () => {
    const r = repo.cli(['--staged', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(json(r).findings).toEqual([]);
  });

  it('the hook does not block on untracked cruft but says the next `git add .` would take it', () => {
    repo.git('add', 'social_network.py');
    const r = repo.cli(['--hook'], { setsid: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const notes = r.stderr.split('\n').filter((l) => l.startsWith('note:'));
    expect(notes).toHaveLength(2);
    expect(r.stderr).toContain('/mongo_files/');
  });

  it('the hook blocks a staged dbpath without a terminal and says how to proceed', () => {
    repo.git('add', '.');
    const r = repo.cli(['--hook'], { setsid: true });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('git restore --staged -- mongo_files/ node_modules/');
    expect(r.stderr).toContain('git commit --no-verify');
    expect(r.stderr).toContain('.cruftignore');
  });

  it('once ignored, the same tree is clean', () => {
    repo.write('.gitignore', '/mongo_files/\nnode_modules/\n');
    repo.git('add', '.');
    const r = repo.cli(['--format', 'json']);
    expect(r.code).toBe(0);
    expect(json(r).findings).toEqual([]);
  });

  it('an ordinary commit prints nothing at all from the hook', () => {
    repo.write('.gitignore', '/mongo_files/\nnode_modules/\n');
    repo.git('add', '.');
    const r = repo.cli(['--hook'], { setsid: true });
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});
