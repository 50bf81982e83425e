// Every rule proves itself: each `examples.flagged` set must give at least one finding and each
// `examples.clean` set none (gitleaks' true/false positives, kept in the rule). The probe only
// answers what the rule's needs() asked for, so a rule that forgets to ask for bytes fails here.
import ignore from 'ignore';
import { describe, expect, it } from 'vitest';
import { buildInventory } from '../../src/facts/inventory.js';
import { DEFAULT_CONFIG, type ExampleFile, type FileFact, type IgnoreLine, type Rule } from '../../src/model.js';
import { RULES } from '../../src/rules/index.js';
// The runner registers itself with the catalogue (cruft-in-commits judges with the other rules).
import '../../src/judge/run.js';
import { probeFrom } from '../../src/facts/sniff.js';

function toFact(e: ExampleFile): { fact: FileFact; head?: Buffer; entries?: string[] } {
  const x = typeof e === 'string' ? { path: e } : e;
  const head = x.head === undefined ? undefined : typeof x.head === 'string' ? Buffer.from(x.head, 'latin1') : Buffer.from(x.head);
  const status = x.status ?? 'A';
  const fact: FileFact = {
    path: x.path,
    origin: status === '?' ? 'untracked' : 'staged',
    status,
    mode: x.mode ?? '100644',
    oid: status === '?' ? '' : '0'.repeat(40),
    size: x.size ?? Math.max(head?.length ?? 0, 4096),
    ...(x.carriedBy ? { carriedBy: x.carriedBy } : {}),
  };
  return { fact, ...(head ? { head } : {}), ...(x.entries ? { entries: x.entries } : {}) };
}

export function runExample(rule: Rule, files: ExampleFile[]): number {
  const parsed = files.map(toFact);
  // The last entry for a path wins (an example may give a path's bytes after naming it).
  const byPath = new Map(parsed.map((p) => [p.fact.path, p]));
  const facts = [...byPath.values()].map((p) => p.fact);
  const inv = buildInventory(facts);
  const needs = rule.needs?.(inv, DEFAULT_CONFIG) ?? {};
  const asked = new Set([...(needs.heads ?? []).map((f) => f.path), ...(needs.files ?? [])]);
  const heads = new Map<string, Buffer>();
  for (const [path, p] of byPath) if (p.head && asked.has(path)) heads.set(path, p.head);
  // Whole texts: an example's bytes are the whole file.
  const textsAsked = new Set((needs.texts ?? []).map((f) => f.path));
  const texts = new Map<string, Buffer>();
  for (const [path, p] of byPath) if (p.head && textsAsked.has(path)) texts.set(path, p.head);
  // Ignored files: the example's root .gitignore, judged with exact gitignore semantics (the
  // `ignore` package) the way `git check-ignore -v` would answer — the last matching line wins.
  const ignored = new Map<string, IgnoreLine>();
  const rules = byPath.get('.gitignore')?.head?.toString('utf8').split('\n') ?? [];
  for (const f of needs.ignored ?? []) {
    let last: IgnoreLine | undefined;
    rules.forEach((pattern, i) => {
      if (pattern.trim() === '' || pattern.startsWith('#')) return;
      const negated = pattern.startsWith('!');
      if (ignore().add(negated ? pattern.slice(1) : pattern).ignores(f.path)) last = { source: '.gitignore', line: i + 1, pattern };
    });
    if (last && !last.pattern.startsWith('!')) ignored.set(f.path, last);
  }
  const gitmodules = byPath.get('.gitmodules')?.head?.toString('utf8') ?? '';
  const submodules = needs.gitmodules ? [...gitmodules.matchAll(/^\s*path\s*=\s*(.+)$/gm)].map((m) => (m[1] ?? '').trim()) : [];
  // An archive's listing is answered only when needs() asked for it, like the first bytes.
  const listed = new Set((needs.archives ?? []).map((f) => f.path));
  const entries = new Map<string, string[]>();
  for (const [path, p] of byPath) if (p.entries && listed.has(path)) entries.set(path, p.entries);
  const probe = probeFrom({ heads, submodules, index: needs.caseTwins ? facts.map((f) => f.path) : [], entries, texts, ignored });
  const hits = rule.detect(inv, { config: DEFAULT_CONFIG, probe, claimed: new Set(), headTopLevel: new Set(), exists: () => false });
  return hits.length;
}

const label = (files: ExampleFile[]): string => files.map((f) => (typeof f === 'string' ? f : f.path)).join(', ');

describe('rule catalogue', () => {
  it('has unique, stable kebab-case ids and complete metadata', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of RULES) {
      expect(r.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(r.title.length).toBeGreaterThan(3);
      expect(r.why.length).toBeGreaterThan(20);
      expect(r.fix.length).toBeGreaterThan(10);
      expect(r.examples.flagged.length, `${r.id} has flagged examples`).toBeGreaterThan(0);
      expect(r.examples.clean.length, `${r.id} has clean examples`).toBeGreaterThan(0);
    }
  });

  for (const rule of RULES) {
    describe(rule.id, () => {
      for (const ex of rule.examples.flagged) {
        it(`flags ${label(ex)}`, () => expect(runExample(rule, ex)).toBeGreaterThan(0));
      }
      for (const ex of rule.examples.clean) {
        it(`leaves ${label(ex)} alone`, () => expect(runExample(rule, ex)).toBe(0));
      }
    });
  }
});
