// --format / --output pairing and the exit code of non-interactive runs (src/report/output.ts).
import { describe, expect, it } from 'vitest';
import type { Finding, Report } from '../../src/model.js';
import { exitCodeFor, planOutputs, type OutputToken } from '../../src/report/output.js';

const f = (name: 'format' | 'output', value: string): OutputToken => ({ name, value });
const usage = (tokens: OutputToken[]): string => {
  try {
    planOutputs(tokens, '/work');
  } catch (e) {
    return (e as Error).message;
  }
  return '';
};

describe('planOutputs', () => {
  it('defaults to the human report on standard output', () => {
    expect(planOutputs([], '/work')).toEqual([{ format: 'human' }]);
  });

  it('one --format and one --output go together in either order', () => {
    expect(planOutputs([f('format', 'sarif'), f('output', 'x.sarif')], '/work')).toEqual([{ format: 'sarif', file: 'x.sarif' }]);
    expect(planOutputs([f('output', 'x.sarif'), f('format', 'sarif')], '/work')).toEqual([{ format: 'sarif', file: 'x.sarif' }]);
  });

  it('a lone --output takes its format from the file name', () => {
    expect(planOutputs([f('output', 'cruft.sarif')], '/work')).toEqual([{ format: 'sarif', file: 'cruft.sarif' }]);
    expect(planOutputs([f('output', 'r.json')], '/work')).toEqual([{ format: 'json', file: 'r.json' }]);
    expect(planOutputs([f('output', 'r.txt')], '/work')).toEqual([{ format: 'human', file: 'r.txt' }]);
  });

  it('several pairs: each --output belongs to the --format before it', () => {
    expect(planOutputs([f('format', 'sarif'), f('output', 'cruft.sarif'), f('format', 'github')], '/work')).toEqual([
      { format: 'sarif', file: 'cruft.sarif' },
      { format: 'github' },
    ]);
    expect(planOutputs([f('format', 'github'), f('format', 'json'), f('output', 'r.json'), f('format', 'sarif'), f('output', 'r.sarif')], '/work')).toEqual([
      { format: 'github' },
      { format: 'json', file: 'r.json' },
      { format: 'sarif', file: 'r.sarif' },
    ]);
  });

  it('refuses what cannot be meant', () => {
    expect(usage([f('format', 'xml')])).toMatch(/unknown format "xml"/);
    expect(usage([f('format', 'github'), f('format', 'json')])).toMatch(/only one --format can print to standard output/);
    expect(usage([f('output', 'a'), f('format', 'json'), f('format', 'sarif'), f('output', 'b')])).toMatch(/--output a must follow the --format it is for/);
    expect(usage([f('format', 'json'), f('output', 'a'), f('output', 'b')])).toMatch(/--output b must follow/);
    expect(usage([f('format', 'json'), f('output', 'same'), f('format', 'sarif'), f('output', './same')])).toMatch(/two reports would be written to/);
    expect(usage([f('format', 'json'), f('output', '')])).toMatch(/needs a file name/);
  });
});

describe('exitCodeFor', () => {
  const finding = (severity: Finding['severity'], origin: Finding['origin'] = 'range'): Finding => ({
    rule: 'x',
    category: 'custom',
    severity,
    title: 't',
    message: 'm',
    why: 'w',
    paths: ['p'],
    files: 1,
    bytes: 1,
    origin,
    fix: { gitignore: [], unstage: [] },
  });
  const report = (scope: Report['scope'], ...findings: Finding[]): Report => ({
    version: 1,
    scope,
    summary: {
      files: 1,
      bytes: 1,
      findings: { error: 0, warning: 0, info: 0 },
      blocking: findings.some((x) => x.severity === 'error' && (scope === 'preflight' || x.origin !== 'untracked')),
    },
    findings,
  });

  it('error (the default) fails on blocking errors only', () => {
    expect(exitCodeFor(report('range', finding('error')), 'error')).toBe(1);
    expect(exitCodeFor(report('range', finding('warning')), 'error')).toBe(0);
  });

  it('warning and info widen it; never reports without failing', () => {
    expect(exitCodeFor(report('range', finding('warning')), 'warning')).toBe(1);
    expect(exitCodeFor(report('range', finding('info')), 'warning')).toBe(0);
    expect(exitCodeFor(report('range', finding('info')), 'info')).toBe(1);
    expect(exitCodeFor(report('range', finding('error')), 'never')).toBe(0);
  });

  it('in the hook, untracked files never fail the commit, whatever the level', () => {
    expect(exitCodeFor(report('hook', finding('warning', 'untracked')), 'info')).toBe(0);
    expect(exitCodeFor(report('preflight', finding('warning', 'untracked')), 'warning')).toBe(1);
  });
});
