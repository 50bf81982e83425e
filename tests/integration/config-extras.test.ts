// Configuration through the real CLI: extra rules from globs, per-rule severity, the large-file
// threshold, and bad configurations (exit 2, one line naming the file, the key and the problem).
import { afterEach, describe, expect, it } from 'vitest';
import type { Report } from '../../src/model.js';
import { makeRepo, type TestRepo } from '../helpers/repo.js';

let repo: TestRepo;
afterEach(() => repo?.cleanup());

const json = (r: TestRepo): { code: number; report: Report } => {
  const res = r.cli(['--format', 'json']);
  return { code: res.code, report: JSON.parse(res.stdout) as Report };
};

describe('configuration', () => {
  it('reports files matching an extra rule, with its id, category and severity', () => {
    repo = makeRepo();
    repo.write('.cruftcheck.json', JSON.stringify({ extraRules: [{ id: 'no-dumps', globs: ['*.dump', 'scratch/'], message: 'database dump' }] }));
    repo.tree({ 'backup/prod.dump': 'x', 'scratch/a.txt': 'a', 'scratch/b.txt': 'b', 'src/app.ts': 'x' });
    repo.git('add', '.');
    const { code, report } = json(repo);
    expect(code).toBe(1);
    const f = report.findings.filter((x) => x.rule === 'no-dumps');
    expect(f).toHaveLength(1);
    expect(f[0]?.category).toBe('custom');
    expect(f[0]?.severity).toBe('error');
    expect(f[0]?.files).toBe(3);
    expect(f[0]?.paths).toEqual(['backup/prod.dump', 'scratch/']);
  });

  it('takes extra rules and severities from package.json ("cruft-check")', () => {
    repo = makeRepo();
    repo.write('package.json', JSON.stringify({ name: 'x', 'cruft-check': { extraRules: [{ id: 'no-psd', glob: '*.psd', message: 'Photoshop source', severity: 'warning' }], rules: { 'env-file': 'off' } } }));
    repo.tree({ 'art/logo.psd': 'x', '.env': 'TOKEN=abc\n' });
    repo.git('add', '.');
    const { code, report } = json(repo);
    expect(code).toBe(0);
    expect(report.findings.map((f) => `${f.rule}:${f.severity}`)).toEqual(['no-psd:warning']);
  });

  it('applies largeFile.bytes', () => {
    repo = makeRepo();
    repo.write('.cruftcheck.json', JSON.stringify({ largeFile: { bytes: '1 KiB' } }));
    repo.write('data/table.csv', 'x'.repeat(2048));
    repo.write('data/small.csv', 'x'.repeat(512));
    repo.git('add', '.');
    const { report } = json(repo);
    const large = report.findings.filter((f) => f.rule === 'large-file');
    expect(large.map((f) => f.paths[0])).toEqual(['data/table.csv']);
    expect(large[0]?.data).toMatchObject({ bytes: 2048, limit: 1024, lfs: false });
  });

  const BAD: [string, string, RegExp][] = [
    ['{"extraRules": [{"id": "env-file", "glob": "*.x", "message": "m"}]}', 'extraRules[0].id', /built-in rule/],
    ['{"extraRules": [{"id": "x", "message": "m"}]}', 'extraRules[0]', /exactly one of "glob"/],
    ['{"extraRules": [{"id": "x", "glob": "*.x", "message": "m", "command": "rm -rf ~"}]}', 'extraRules[0].command', /not a known setting/],
    ['{"largeFile": {"bytes": "big"}}', 'largeFile.bytes', /must be a number of bytes/],
    ['{"rules": {"env-file": "loud"}}', 'rules.env-file', /must be "error", "warning", "info" or "off"/],
    ['{"extraRule": []}', 'extraRule', /not a known setting/],
  ];
  for (const [text, key, problem] of BAD) {
    it(`exits 2 naming the file and "${key}" for ${text}`, () => {
      repo = makeRepo();
      repo.write('.cruftcheck.json', text);
      const r = repo.cli([]);
      expect(r.code).toBe(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('.cruftcheck.json');
      expect(lines[0]).toContain(`"${key}"`);
      expect(lines[0]).toMatch(problem);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  }

  it('exits 2 on a configuration that is not JSON', () => {
    repo = makeRepo();
    repo.write('.cruftcheck.json', '{ rules: { } }');
    const r = repo.cli([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.cruftcheck\.json: is not valid JSON/);
  });
});
