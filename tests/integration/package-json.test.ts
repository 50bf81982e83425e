// A package.json whose "cruft-check" settings cruft-check would read must parse (issue 14, item 5):
// a malformed one stops the run with exit 2, naming the file and JSON's own error, instead of
// dropping the settings without a word. A malformed package.json cruft-check does not need
// (no "cruft-check" key, or a .cruftcheck.json that takes precedence) is left to npm.
import { afterEach, describe, expect, it } from 'vitest';
import { makeRepo, type TestRepo } from '../helpers/repo.js';

let repo: TestRepo;
afterEach(() => repo.cleanup());

/** A commit that only the package.json settings let through: .env with env-file turned off. */
function stageEnv(r: TestRepo): void {
  r.write('.env', 'TOKEN=abc\n');
  r.git('add', '.env');
}

describe('package.json settings', () => {
  it('malformed, with a "cruft-check" key: exit 2, one line naming the file and the JSON error', () => {
    repo = makeRepo();
    repo.write('package.json', '{\n  "name": "x",\n  "cruft-check": { "rules": { "env-file": "off" } },\n}\n');
    stageEnv(repo);
    const r = repo.cli(['--staged']);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^cruft-check: .*package\.json: is not valid JSON \(.+\)/);
    expect(lines[0]).toContain('"cruft-check"');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('the hook says the same and blocks, rather than letting the commit through without the settings', () => {
    repo = makeRepo();
    repo.write('package.json', '{ "cruft-check": { "rules": { "env-file": "off" } } ');
    stageEnv(repo);
    const r = repo.cli(['--hook', '--no-input']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/package\.json: is not valid JSON/);
  });

  it('malformed, without a "cruft-check" key (only a dependency of that name): not ours to judge, the check runs', () => {
    repo = makeRepo();
    repo.write('package.json', '{ "name": "x", "devDependencies": { "cruft-check": "^0.1.0" }, }');
    repo.write('a.txt', '1\n');
    repo.git('add', 'a.txt');
    const r = repo.cli(['--staged']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });

  it('malformed, but .cruftcheck.json is there (package.json is not read): the check runs', () => {
    repo = makeRepo();
    repo.write('.cruftcheck.json', JSON.stringify({ rules: { 'env-file': 'off' } }));
    repo.write('package.json', '{ "cruft-check": { ');
    stageEnv(repo);
    expect(repo.cli(['--staged']).code).toBe(0);
  });

  it('with a byte-order mark (npm accepts one): the settings are read', () => {
    repo = makeRepo();
    repo.write('package.json', `\ufeff${JSON.stringify({ name: 'x', 'cruft-check': { rules: { 'env-file': 'off' } } })}`);
    stageEnv(repo);
    const r = repo.cli(['--staged']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
