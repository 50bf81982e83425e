// Rules over facts: runs the catalogue (src/rules/index.ts) over an inventory (src/facts/) in
// order, a file covered by an earlier finding left out of later rules, and turns each hit into a
// finding. The content the rules ask about is gathered once (src/facts/sniff.ts), after the
// rules that need none have claimed what no later rule looks at.
import type { Config, FileFact, Finding, Hit, Inventory, Needs, Origin, Probe, Rule, RuleContext, Severity } from '../model.js';
import { filesOf, isUnexpandedDir, shownPath, someUnder } from '../facts/inventory.js';
import { emptyProbe } from '../facts/sniff.js';
import { extraRule } from '../rules/custom.js';
import { registerRunner, RULES } from '../rules/index.js';

registerRunner((inv, ctx) => runRules(inv, ctx));

export function effectiveSeverity(rule: Rule, config: Config): Severity | 'off' {
  return config.rules[rule.id] ?? rule.severity;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

function toFinding(rule: Rule, severity: Severity, hit: Hit): Finding {
  // One pass over the covered files (a bulk add's finding covers all of them).
  const staged: FileFact[] = [];
  const uncounted: FileFact[] = [];
  let bytes = 0;
  let files = 0;
  for (let i = 0; i < hit.covers.length; i++) {
    const f = hit.covers[i] as FileFact;
    if (f.origin !== 'untracked') staged.push(f);
    if (isUnexpandedDir(f) && f.files === undefined) uncounted.push(f);
    else files += filesOf(f);
    bytes += f.size;
  }
  const origin: Origin = staged.length > 0 ? (staged[0]?.origin ?? 'staged') : 'untracked';
  // Unstage the shown paths that hold staged files (a directory once, not each of its files).
  const stagedSet = rule.wholeCommit || staged.length === 0 ? undefined : new Set(staged.map((f) => f.path));
  const unstage = !stagedSet ? [] : hit.paths.filter((p) => (p.endsWith('/') ? staged.some((f) => shownPath(f).startsWith(p)) : stagedSet.has(p)));
  const finding: Finding = {
    rule: rule.id,
    category: rule.category,
    severity,
    title: rule.title,
    message: hit.message,
    why: rule.why,
    paths: hit.paths,
    files,
    bytes,
    origin,
    fix: { gitignore: hit.gitignore ?? [], unstage },
  };
  if (hit.data) finding.data = hit.data;
  if (hit.tree) finding.tree = hit.tree;
  if (uncounted.length > 0) finding.uncounted = uncounted.map((f) => `${f.path}/`);
  const anchors = anchorsOf(hit);
  if (anchors) finding.anchors = anchors;
  return finding;
}

/** Folders a report may name a location for (SARIF names at most 100). */
const MAX_ANCHORS = 100;

/**
 * One real file for each folder the hit names (Finding.anchors): a marker under it, else the
 * first covered file under it in path order (a folded folder's own first file). One pass over
 * the covered files: a bulk add's hit covers all of them.
 */
function anchorsOf(hit: Hit): Record<string, string> | undefined {
  const folders = (hit.paths.length ? hit.paths : (hit.tree ?? []).map((n) => n.path)).filter((p) => p.endsWith('/')).slice(0, MAX_ANCHORS);
  if (folders.length === 0) return undefined;
  const anchors: Record<string, string> = {};
  const under = (file: string): string | undefined => folders.find((d) => file.startsWith(d));
  for (const m of hit.markers ?? []) {
    const d = under(m);
    if (d !== undefined && anchors[d] === undefined) anchors[d] = m;
  }
  const marked = new Set(Object.keys(anchors));
  for (let i = 0; i < hit.covers.length; i++) {
    const f = hit.covers[i] as FileFact;
    const file = isUnexpandedDir(f) ? f.first : f.path;
    if (file === undefined) continue; // an untracked folder nobody looked inside
    const d = under(isUnexpandedDir(f) ? `${f.path}/` : f.path);
    if (d === undefined || marked.has(d)) continue;
    const seen = anchors[d];
    if (seen === undefined || file < seen) anchors[d] = file;
  }
  return Object.keys(anchors).length ? anchors : undefined;
}

/** The rules that run under this configuration, in order: the catalogue with the configuration's extra rules before the whole-commit ones. */
export function rulesFor(config: Config): Rule[] {
  const extra = (config.extraRules ?? []).map(extraRule);
  const rules = extra.length === 0 ? [...RULES] : [...RULES.filter((r) => !r.wholeCommit), ...extra, ...RULES.filter((r) => r.wholeCommit)];
  return rules.filter((r) => effectiveSeverity(r, config) !== 'off');
}

export function runRules(inv: Inventory, ctx: Omit<RuleContext, 'claimed' | 'probe'> & { probe?: Probe }): Finding[] {
  const claimed = new Set<string>();
  const findings: Finding[] = [];
  const probe = ctx.probe ?? emptyProbe();
  for (const rule of rulesFor(ctx.config)) {
    const severity = effectiveSeverity(rule, ctx.config);
    if (severity === 'off') continue;
    const hits = rule.detect(inv, { ...ctx, probe, claimed: rule.wholeCommit ? new Set() : claimed });
    for (const hit of hits) {
      findings.push(toFinding(rule, severity, hit));
      if (!rule.wholeCommit) hit.covers.forEach((f) => claimed.add(f.path));
    }
  }
  return findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || b.bytes - a.bytes);
}

/**
 * runRules() with the probe gathered on the way, after the rules that need no content have run.
 * Those come first (the directory rules) and claim whole folders; every later rule skips claimed
 * files, so what they would have asked about a claimed file — the first bytes, the LFS attribute,
 * case twins of thousands of files in a node_modules/ tree — is left out of what `gather` reads.
 */
export async function runRulesGathering(
  inv: Inventory,
  ctx: Omit<RuleContext, 'claimed' | 'probe'>,
  gather: (needs: Needs[]) => Promise<Probe>,
): Promise<Finding[]> {
  const claimed = new Set<string>();
  const findings: Finding[] = [];
  const rules = rulesFor(ctx.config);
  let probe: Probe | undefined;
  // What the first rules asked for alone, before any folder was claimed (see below).
  let early: Probe | undefined;
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i] as Rule;
    const severity = effectiveSeverity(rule, ctx.config);
    if (severity === 'off') continue;
    // database-directory reads a few files (a CURRENT, a LOG) before dependency-directory has
    // claimed node_modules/: asked for alone, so that the later rules are still asked only
    // about what is left unclaimed. (Nothing asked, nothing read: an ordinary commit spawns nothing.)
    if (!probe && !early && rule.needs && claimed.size === 0 && rules.slice(i + 1).some((r) => !r.needs && !r.wholeCommit)) {
      early = await gather([rule.needs(inv, ctx.config)]);
    } else if (!probe && rule.needs) {
      const wanted = (fs: FileFact[] | undefined): FileFact[] | undefined => fs?.filter((f) => !claimed.has(f.path));
      // A file read beside a folder is needed only where something is left to judge.
      const open = (path: string): boolean => {
        const dir = path.slice(0, Math.max(0, path.lastIndexOf('/')));
        return !inv.dirs.has(dir) || someUnder(inv, dir, (f) => !claimed.has(f.path));
      };
      // The rules are asked about the facts left unclaimed (after a bulk add, a quarter of them).
      const view: Inventory = claimed.size === 0 ? inv : { ...inv, facts: inv.facts.filter((f) => !claimed.has(f.path)) };
      const needs = rules.slice(i).flatMap((r): Needs[] => {
        if (!r.needs) return [];
        const n = r.needs(view, ctx.config);
        const out: Needs = { ...n };
        if (n.heads) out.heads = wanted(n.heads) ?? [];
        if (n.lfs) out.lfs = wanted(n.lfs) ?? [];
        if (n.caseTwins) out.caseTwins = wanted(n.caseTwins) ?? [];
        if (n.files) out.files = n.files.filter(open);
        return [out];
      });
      probe = await gather(needs);
      if (early) probe = eitherProbe(probe, early);
    }
    const hits = rule.detect(inv, { ...ctx, probe: probe ?? early ?? emptyProbe(), claimed: rule.wholeCommit ? new Set() : claimed });
    for (const hit of hits) {
      findings.push(toFinding(rule, severity, hit));
      if (!rule.wholeCommit) hit.covers.forEach((f) => claimed.add(f.path));
    }
  }
  return findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || b.bytes - a.bytes);
}

/** Answers from either probe: the later one's, else the early one's. */
function eitherProbe(later: Probe, early: Probe): Probe {
  return {
    head: (path) => later.head(path) ?? early.head(path),
    lfs: (path) => later.lfs(path) || early.lfs(path),
    submodules: () => (later.submodules().size ? later.submodules() : early.submodules()),
    caseTwins: (path) => later.caseTwins(path),
    entries: (path) => later.entries(path) ?? early.entries(path),
    text: (path) => later.text(path) ?? early.text(path),
    ignoredBy: (path) => later.ignoredBy(path) ?? early.ignoredBy(path),
    inHead: (path) => later.inHead(path) || early.inHead(path),
  };
}
