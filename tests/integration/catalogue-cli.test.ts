// `cruft-check rules` and `cruft-check explain` list the whole catalogue from RULES itself.
import { afterEach, expect, it } from 'vitest';
import { RULES } from '../../src/rules/index.js';
import { makeRepo, type TestRepo } from '../helpers/repo.js';

let repo: TestRepo;
afterEach(() => repo?.cleanup());

it('`rules` lists every rule with its category and default severity; `--format json` the same as data', () => {
  repo = makeRepo();
  const text = repo.cli(['rules']);
  expect(text.code).toBe(0);
  const lines = text.stdout.trim().split('\n');
  expect(lines).toHaveLength(RULES.length);
  for (const [i, r] of RULES.entries()) expect(lines[i]?.split(/\s+/).slice(0, 3)).toEqual([r.id, r.category, r.severity]);
  const json = repo.cli(['rules', '--format', 'json']);
  expect(json.code).toBe(0);
  const listed = JSON.parse(json.stdout) as { id: string; category: string; severity: string; title: string; why: string; fix: string }[];
  expect(listed.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
  for (const r of listed) expect(r.why.length && r.fix.length && r.title.length).toBeTruthy();
});

it('`explain` shows each rule, and exits 2 for an unknown one', () => {
  repo = makeRepo();
  for (const r of RULES) {
    const out = repo.cli(['explain', r.id]);
    expect(out.code, r.id).toBe(0);
    expect(out.stdout.startsWith(`${r.id} — ${r.title}`)).toBe(true);
    expect(out.stdout).not.toContain('[object Object]');
  }
  const bad = repo.cli(['explain', 'no-such-rule']);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/unknown rule "no-such-rule"/);
});
