// `--range` on the branches CI meets that the pull-request test does not: a range without commits
// (a workflow that checked out the base itself) and a branch that adds cruft and deletes it again.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error — plain JavaScript module shared with the demo
import { writeMongoDbPath } from '../../scripts/layouts/mongodb.mjs';
import { workflowCommands } from '../helpers/github.js';
import { makeRepo, type TestRepo } from '../helpers/repo.js';

let repo: TestRepo;
beforeEach(() => {
  repo = makeRepo();
  // What a CI clone has: the base branch as a remote-tracking ref.
  repo.git('update-ref', 'refs/remotes/origin/main', 'HEAD');
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
    const r = repo.cli(['--range', 'origin/main...HEAD', '--format', 'github'], { env: { GITHUB_STEP_SUMMARY: summary } });
    expect(r.code).toBe(0);
    const commands = workflowCommands(r.stdout);
    expect(commands.map((c) => c.command)).toEqual(['warning']);
    expect(commands[0]?.data).toMatch(/holds no commits/);
    expect(readFileSync(summary, 'utf8')).toMatch(/holds no commits/);
    const json = JSON.parse(repo.cli(['--range', 'origin/main...HEAD', '--format', 'json']).stdout) as { range?: { commits: number; text: string } };
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
