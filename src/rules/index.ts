// The rule catalogue: the one list a reader needs. Rules run in this order; a file covered by
// an earlier finding (say, inside a database directory) is not reported again by a later rule.
import type { Config, Finding, Hit, Inventory, Origin, Rule, RuleContext, Severity } from '../model.js';
import { bulkAdd } from './bulk.js';
import { databaseDirectory, dependencyDirectory } from './directories.js';

export const RULES: readonly Rule[] = [
  databaseDirectory, // database-directory
  dependencyDirectory, // dependency-directory
  bulkAdd, // bulk-add
];

export function findRule(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}

export function effectiveSeverity(rule: Rule, config: Config): Severity | 'off' {
  return config.rules[rule.id] ?? rule.severity;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

function toFinding(rule: Rule, severity: Severity, hit: Hit): Finding {
  const staged = hit.covers.filter((f) => f.origin !== 'untracked');
  const origin: Origin = staged.length > 0 ? (staged[0]?.origin ?? 'staged') : 'untracked';
  const stagedSet = new Set(staged.map((f) => f.path));
  // Unstage the shown paths that hold staged files (a directory once, not each of its files).
  const unstage =
    rule.wholeCommit || staged.length === 0
      ? []
      : hit.paths.filter((p) => (p.endsWith('/') ? staged.some((f) => f.path.startsWith(p)) : stagedSet.has(p)));
  const finding: Finding = {
    rule: rule.id,
    category: rule.category,
    severity,
    title: rule.title,
    message: hit.message,
    why: rule.why,
    paths: hit.paths,
    files: hit.covers.length,
    bytes: hit.covers.reduce((n, f) => n + f.size, 0),
    origin,
    fix: { gitignore: hit.gitignore ?? [], unstage },
  };
  if (hit.data) finding.data = hit.data;
  if (hit.tree) finding.tree = hit.tree;
  return finding;
}

export function runRules(inv: Inventory, ctx: Omit<RuleContext, 'claimed'>): Finding[] {
  const claimed = new Set<string>();
  const findings: Finding[] = [];
  for (const rule of RULES) {
    const severity = effectiveSeverity(rule, ctx.config);
    if (severity === 'off') continue;
    const hits = rule.detect(inv, { ...ctx, claimed: rule.wholeCommit ? new Set() : claimed });
    for (const hit of hits) {
      findings.push(toFinding(rule, severity, hit));
      if (!rule.wholeCommit) for (const f of hit.covers) claimed.add(f.path);
    }
  }
  return findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || b.bytes - a.bytes);
}
