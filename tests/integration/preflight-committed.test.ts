// Issue 16, item 5: the pre-flight mentions cruft already committed. When `cruft-check` finds
// nothing new but HEAD's tree holds flagged paths, one line says so and points at `audit`; the
// hook (an ordinary commit) stays silent and never looks.
import { afterEach, describe, expect, it } from 'vitest';
import { makeRepo, type TestRepo } from '../helpers/repo.js';

let repo: TestRepo;
afterEach(() => repo.cleanup());

describe('pre-flight with cruft already committed', () => {
  it('one line names it and suggests cruft-check audit; the hook and other formats say nothing of it', () => {
    repo = makeRepo();
    repo.tree({ '.env': 'PASSWORD=hunter2\n', node_modules: { left: { 'index.js': 'module.exports = 1;\n' } } });
    repo.git('add', '-f', '.');
    repo.commit('oops');
    repo.write('homework.py', 'print(1)\n');

    const pre = repo.cli([]);
    expect(pre.code).toBe(0);
    const lines = pre.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('note: already committed before: node_modules/, .env. `cruft-check audit` shows it and how to take it out.');

    // The hook: nothing to say on an ordinary commit, and nothing about the past.
    repo.git('add', 'homework.py');
    const hook = repo.cli(['--hook']);
    expect(hook).toMatchObject({ code: 0, stdout: '', stderr: '' });
    // --staged and machine formats are unchanged.
    expect(repo.cli(['--staged']).stdout).not.toContain('already committed');
    expect(JSON.parse(repo.cli(['--format', 'json']).stdout)).toMatchObject({ findings: [] });
  });

  it('a clean history: no note', () => {
    repo = makeRepo();
    repo.write('homework.py', 'print(1)\n');
    const pre = repo.cli([]);
    expect(pre.code).toBe(0);
    expect(pre.stdout).not.toContain('note:');
  });
});
