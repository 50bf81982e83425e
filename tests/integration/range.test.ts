// `--range` on the branches CI meets that the pull-request test does not: a range without commits
// (a workflow that checked out the base itself) and a branch that adds cruft and deletes it again.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error — plain JavaScript module shared with the demo
import { writeMongoDbPath } from '../../scripts/layouts/mongodb.mjs';
import { workflowCommands } from '../helpers/github.js';
import { template } from '../helpers/copy.js';
import { makeRepo, type TestRepo } from '../helpers/repo.js';

let repo: TestRepo;
/** Built once and copied for each test. */
const ciClone = template(() => {
  const r = makeRepo();
  // What a CI clone has: the base branch as a remote-tracking ref.
  r.git('update-ref', 'refs/remotes/origin/main', 'HEAD');
  return r;
});
afterAll(() => ciClone.dispose());
beforeEach(() => {
  repo = ciClone.copy();
});
afterEach(() => repo.cleanup());

describe('an empty range', () => {
  it('says the range holds no commits, exits 0, and 1 with --fail-on-empty', () => {
    const r = repo.cli(['--range', 'origin/main...HEAD']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/the range origin\/main\.\.\.HEAD holds no commits/);
    expect(r.stdout).not.toMatch(/nothing to flag/);
    const failing = repo.cli(['--range', 'origin/main...HEAD', '--fail-on-empty']);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toMatch(/holds no commits/);
    // Two dots, HEAD behind the base: no commits either.
    repo.write('a.txt', 'a\n');
    repo.git('add', 'a.txt');
    repo.commit('main moves on');
    repo.git('update-ref', 'refs/remotes/origin/main', 'HEAD');
    repo.git('checkout', '-q', 'HEAD~1');
    expect(repo.cli(['--range', 'origin/main..HEAD', '--fail-on-empty']).code).toBe(1);
  });

  it('is a ::warning:: under --format github, and a notice in the step summary and in JSON', () => {
    const summary = join(repo.scratch, 'summary.md');
    // One run for both reports of the same range: github on standard output, JSON to a file.
    const jsonFile = join(repo.scratch, 'report.json');
    const r = repo.cli(['--range', 'origin/main...HEAD', '--format', 'github', '--format', 'json', '--output', jsonFile], { env: { GITHUB_STEP_SUMMARY: summary } });
    expect(r.code).toBe(0);
    const commands = workflowCommands(r.stdout);
    expect(commands.map((c) => c.command)).toEqual(['warning']);
    expect(commands[0]?.data).toMatch(/holds no commits/);
    expect(readFileSync(summary, 'utf8')).toMatch(/holds no commits/);
    const json = JSON.parse(readFileSync(jsonFile, 'utf8')) as { range?: { commits: number; text: string } };
    expect(json.range).toMatchObject({ commits: 0, text: 'origin/main...HEAD' });
  });

  it('a range with commits is not called empty, with or without --fail-on-empty', () => {
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write('src/app.js', 'export {};\n');
    repo.git('add', '.');
    repo.commit('feature');
    const r = repo.cli(['--range', 'origin/main...HEAD', '--fail-on-empty', '--format', 'json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { range: { commits: number } }).range.commits).toBe(1);
  });

  it('--fail-on-empty without --range is a usage error', () => {
    const r = repo.cli(['--fail-on-empty']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

interface RangeFinding {
  rule: string;
  severity: string;
  paths: string[];
  message: string;
  data?: { rule?: string; addedIn?: Array<{ commit: string }>; deletedIn?: Array<{ commit: string }> };
}

describe('a branch that adds cruft and deletes it again', () => {
  /** addAndDelete()'s branch, built once and copied for each test that starts there. */
  let commits: { added: string; deleted: string };
  const addedAndDeleted = template(() => {
    repo = ciClone.copy();
    commits = buildAddAndDelete();
    return repo;
  });
  afterAll(() => addedAndDeleted.dispose());
  function addAndDelete(): { added: string; deleted: string } {
    repo.cleanup(); // the copy beforeEach made
    repo = addedAndDeleted.copy();
    return commits;
  }
  /** feature: code and node_modules/ + mongo_files/ in one commit, both deleted in the next. */
  function buildAddAndDelete(): { added: string; deleted: string } {
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write('src/app.js', 'export {};\n');
    repo.write('src/scratch.js', 'let x;\n');
    repo.tree({ node_modules: { 'left-pad': { 'index.js': 'module.exports = 1;\n', 'package.json': '{}\n' } } });
    writeMongoDbPath(join(repo.dir, 'mongo_files'), { scale: 0.02 });
    repo.git('add', '.');
    repo.commit('Add the app');
    const added = repo.git('rev-parse', 'HEAD').trim();
    repo.git('rm', '-r', '-q', 'node_modules', 'mongo_files', 'src/scratch.js');
    repo.write('.gitignore', 'node_modules/\nmongo_files/\n');
    repo.git('add', '.gitignore');
    repo.commit('Remove what should not be there');
    return { added, deleted: repo.git('rev-parse', 'HEAD').trim() };
  }
  const findings = (args: string[] = []): { code: number; findings: RangeFinding[] } => {
    const r = repo.cli(['--range', 'origin/main...HEAD', '--format', 'json', ...args]);
    return { code: r.code, findings: (JSON.parse(r.stdout) as { findings: RangeFinding[] }).findings };
  };
  /** findings() and the github report of the same range from one run (JSON to a file). */
  const findingsAndGithub = (): { code: number; findings: RangeFinding[]; github: string } => {
    const file = join(repo.scratch, 'findings.json');
    const r = repo.cli(['--range', 'origin/main...HEAD', '--format', 'github', '--format', 'json', '--output', file]);
    return { code: r.code, findings: (JSON.parse(readFileSync(file, 'utf8')) as { findings: RangeFinding[] }).findings, github: r.stdout };
  };

  it('is a warning naming the commits that carry it and how to drop them', () => {
    const { added, deleted } = addAndDelete();
    const { code, findings: list, github } = findingsAndGithub();
    expect(code).toBe(0);
    const carried = list.filter((f) => f.rule === 'cruft-in-commits');
    expect(carried.map((f) => [f.data?.rule, f.paths, f.severity]).sort()).toEqual([
      ['database-directory', ['mongo_files/'], 'warning'],
      ['dependency-directory', ['node_modules/'], 'warning'],
    ]);
    for (const f of carried) {
      expect(f.data?.addedIn?.map((c) => c.commit)).toEqual([added]);
      expect(f.data?.deletedIn?.map((c) => c.commit)).toEqual([deleted]);
      expect(f.message).toContain(added.slice(0, 12));
      expect(f.message).toMatch(/squash-merge/i);
      expect(f.message).toMatch(/git rebase -i/);
    }
    // Ordinary code added and deleted again is no finding; what is still there is judged as before.
    expect(JSON.stringify(list)).not.toContain('scratch.js');
    expect(list.filter((f) => f.rule !== 'cruft-in-commits')).toEqual([]);
    expect(workflowCommands(github).map((c) => c.command)).toEqual(['warning', 'warning']);
    // --fail-on warning makes it block like any warning.
    expect(repo.cli(['--range', 'origin/main...HEAD', '--fail-on', 'warning']).code).toBe(1);
  });

  it('its severity comes from the rule configuration: error blocks, off is silent', () => {
    addAndDelete();
    repo.write('.cruftcheck.json', JSON.stringify({ rules: { 'cruft-in-commits': 'error' } }));
    const strict = findings();
    expect(strict.code).toBe(1);
    expect(strict.findings.filter((f) => f.rule === 'cruft-in-commits').map((f) => f.severity)).toEqual(['error', 'error']);
    repo.write('.cruftcheck.json', JSON.stringify({ rules: { 'cruft-in-commits': 'off' } }));
    expect(findings()).toEqual({ code: 0, findings: [] });
    // Turning the inner rule off says the folder is not cruft at all.
    repo.write('.cruftcheck.json', JSON.stringify({ rules: { 'dependency-directory': 'off' } }));
    expect(findings().findings.map((f) => f.data?.rule)).toEqual(['database-directory']);
  });

  it('a file deleted and added back, still in HEAD, is judged as HEAD has it and not as carried', () => {
    repo.git('checkout', '-q', '-b', 'feature');
    repo.tree({ node_modules: { x: { 'index.js': '1;\n' } } });
    repo.git('add', '.');
    repo.commit('add');
    repo.git('rm', '-r', '-q', 'node_modules');
    repo.commit('delete');
    repo.tree({ node_modules: { x: { 'index.js': '1;\n' } } });
    repo.git('add', '.');
    repo.commit('add back');
    const { code, findings: list } = findings();
    expect(code).toBe(1);
    expect(list.map((f) => f.rule)).toEqual(['dependency-directory']);
  });
});
