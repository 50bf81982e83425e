// `--format codequality`: GitLab's Code Quality report. Checked against a schema written from the
// fields GitLab documents (tests/schemas/gitlab-codequality.schema.json), placed on real files as
// GitLab needs, with fingerprints that stay the same for the same finding from run to run (GitLab
// compares them between the target branch's report and the merge request's), and the README's
// GitLab job run as written.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { splitNul } from '../../src/git/parse.js';
import { makeRepo, PROJECT, type TestRepo } from '../helpers/repo.js';

interface Issue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: string;
  location: { path: string; lines: { begin: number } };
}

// ajv is CommonJS whose module.exports is the class itself.
const Ajv = createRequire(import.meta.url)('ajv') as new (opts: object) => { compile(schema: object): ValidateFunction };
const validate = new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync(join(PROJECT, 'tests', 'schemas', 'gitlab-codequality.schema.json'), 'utf8')) as object);

function schemaErrors(doc: unknown): string[] {
  return validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath}: ${e.message}`);
}

let repo: TestRepo;

beforeAll(() => {
  repo = makeRepo();
  repo.tree({
    data: { db: { PG_VERSION: '16\n', global: { pg_control: Buffer.alloc(8192) } } },
    node_modules: { 'left-pad': { 'index.js': 'module.exports = 1;\n', 'package.json': '{}\n' } },
    '.env': 'SECRET=1\n',
    app: Object.fromEntries(Array.from({ length: 210 }, (_, i) => [`f${i}.txt`, `${i}\n`])),
  });
  repo.git('add', '-A');
});
afterAll(() => repo.cleanup());

function codequality(args: string[]): Issue[] {
  const r = repo.cli([...args, '--format', 'codequality']);
  expect(r.stderr).toBe('');
  const doc = JSON.parse(r.stdout) as Issue[];
  expect(schemaErrors(doc)).toEqual([]);
  return doc;
}

const key = (i: Issue): string => `${i.check_name} ${i.location.path}`;

describe('the report', () => {
  it('matches the schema of the documented fields: one issue per flagged path, each on a real file', () => {
    const issues = codequality(['--staged']);
    const files = new Set(splitNul(spawnSync('git', ['ls-files', '-z'], { cwd: repo.dir, env: repo.env }).stdout));
    for (const i of issues) {
      expect(files.has(i.location.path), `${key(i)} is a file of the repository`).toBe(true);
      expect(i.location.lines.begin).toBe(1);
    }
    const findings = (JSON.parse(repo.cli(['--staged', '--format', 'json']).stdout) as { findings: Array<{ rule: string; severity: string; paths: string[] }> }).findings;
    // One issue per path, bulk-add (no paths) one in all; severities mapped from cruft-check's.
    expect(issues).toHaveLength(findings.reduce((n, f) => n + Math.max(1, f.paths.length), 0));
    const MAPPED: Record<string, string> = { error: 'critical', warning: 'minor', info: 'info' };
    for (const f of findings) for (const i of issues.filter((x) => x.check_name === f.rule)) expect(i.severity, f.rule).toBe(MAPPED[f.severity]);
    // A folder: placed on the marker that identified it, or its first file; named in the description.
    const db = issues.find((i) => i.check_name === 'database-directory')!;
    expect(db.location.path).toBe('data/db/PG_VERSION');
    expect(db.description).toContain('folder data/db/');
    const deps = issues.find((i) => i.check_name === 'dependency-directory')!;
    expect(deps.location.path).toBe('node_modules/left-pad/index.js');
    expect(deps.description).toContain('folder node_modules/');
    expect(issues.find((i) => i.check_name === 'env-file')?.description).toContain('`git restore --staged -- .env`');
    expect(issues.find((i) => i.check_name === 'bulk-add')?.severity).toBe('minor');
  });

  it('is an empty array when there is nothing to flag', () => {
    const clean = makeRepo();
    try {
      const r = clean.cli(['--staged', '--format', 'codequality']);
      expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 0, stdout: '[]\n' });
    } finally {
      clean.cleanup();
    }
  });
});

describe('fingerprints', () => {
  it('are unique in a report and the same for the same findings across runs, whatever their sizes and order', () => {
    const first = codequality(['--staged']);
    expect(new Set(first.map((i) => i.fingerprint)).size).toBe(first.length);
    expect(codequality(['--staged'])).toEqual(first);

    // The same findings, grown: node_modules/ now outweighs data/db/ (findings are listed by
    // size, so their order swaps), every count and size changes, and one new finding joins.
    repo.tree({ node_modules: { big: { 'blob.bin': Buffer.alloc(100_000, 7) } }, data: { db: { base: { '1': { '1259': Buffer.alloc(4096) } } } }, 'prod.env': 'X=1\n' });
    repo.git('add', '-A');
    const later = codequality(['--staged']);
    const order = (list: Issue[]): string[] => list.map((i) => i.check_name).filter((r) => r === 'database-directory' || r === 'dependency-directory');
    expect(order(first)).toEqual(['database-directory', 'dependency-directory']);
    expect(order(later)).toEqual(['dependency-directory', 'database-directory']);
    for (const i of first) {
      // Paired by rule (each rule flags one path here, env-file aside, paired by its file).
      const same = later.filter((x) => x.check_name === i.check_name);
      const again = same.length === 1 ? same[0] : same.find((x) => x.location.path === i.location.path);
      expect(again?.fingerprint, key(i)).toBe(i.fingerprint);
      expect(again?.description, key(i)).not.toBe(i.description); // the counts did change
    }
    // node_modules/ now has an earlier first file: the issue moves to it, the fingerprint (rule + folder) stays.
    expect(later.find((i) => i.check_name === 'dependency-directory')?.location.path).toBe('node_modules/big/blob.bin');
    const added = later.find((i) => i.location.path === 'prod.env');
    expect(added).toBeDefined();
    expect(first.map((i) => i.fingerprint)).not.toContain(added!.fingerprint);
    expect(new Set(later.map((i) => i.fingerprint)).size).toBe(later.length);
    repo.git('rm', '-q', '-r', '--cached', 'node_modules/big', 'data/db/base', 'prod.env');
  });
});

describe("the README's GitLab job", () => {
  const readme = readFileSync(join(PROJECT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n### GitLab CI\n'), readme.indexOf('\n### ', readme.indexOf('\n### GitLab CI\n') + 1));
  const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  const job = (parse(yaml) as Record<string, { script: string[]; artifacts: { paths: string[]; reports?: { codequality?: string } } }>)['cruft-check']!;
  const version = (JSON.parse(readFileSync(join(PROJECT, 'package.json'), 'utf8')) as { version: string }).version;

  it('hands GitLab a Code Quality report written by a pinned version', () => {
    const report = job.artifacts.reports?.codequality;
    expect(report).toBe('gl-code-quality-report.json');
    const run = job.script.find((l) => l.includes('--format codequality'));
    expect(run).toContain(`--format codequality --output ${report}`);
    // Pinned to an exact version (this one): a new release changes nothing until the line does.
    expect(run).toMatch(new RegExp(`npx --yes cruft-check@${version.replace(/\./g, '\\.')} `));
  });

  it("runs as written in a merge request's clone and leaves a valid report that names the database", () => {
    const project = makeRepo();
    try {
      project.git('checkout', '-q', '-b', 'feature');
      project.tree({ mongo_files: { 'WiredTiger.turtle': 'x\n', 'WiredTiger.wt': Buffer.alloc(4096), 'collection-0-1.wt': Buffer.alloc(4096) } });
      project.git('add', '-A');
      project.commit('feature');
      const clone = join(project.scratch, 'clone');
      execFileSync('git', ['clone', '-q', '--branch', 'feature', `file://${project.dir}`, clone], { env: project.env });
      // npx finds this project as the installed package (npm kept offline).
      mkdirSync(join(clone, 'node_modules', '.bin'), { recursive: true });
      symlinkSync(PROJECT, join(clone, 'node_modules', 'cruft-check'));
      symlinkSync('../cruft-check/dist/cli.js', join(clone, 'node_modules', '.bin', 'cruft-check'));
      const env = { ...project.env, npm_config_offline: 'true', npm_config_update_notifier: 'false', CI: 'true', GITLAB_CI: 'true', CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main' };
      for (const [i, line] of job.script.entries()) {
        const r = spawnSync('sh', ['-c', line], { cwd: clone, env, encoding: 'utf8', input: '' });
        expect(r.status, `${line}\n${r.stderr}`).toBe(i === job.script.length - 1 ? 1 : 0);
      }
      const issues = JSON.parse(readFileSync(join(clone, 'gl-code-quality-report.json'), 'utf8')) as Issue[];
      expect(schemaErrors(issues)).toEqual([]);
      expect(issues.map((i) => [i.check_name, i.location.path, i.severity])).toEqual([['database-directory', 'mongo_files/WiredTiger.turtle', 'critical']]);
      expect(issues[0]?.description).toContain('`git rm -r --cached -- mongo_files/`');
    } finally {
      project.cleanup();
    }
  });
});
