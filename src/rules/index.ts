// The rule catalogue: the one list a reader needs. Rules run in this order; a file covered by
// an earlier finding (say, inside a database directory) is not reported again by a later rule.
import type { Config, FileFact, Finding, Hit, Inventory, Needs, Origin, Probe, Rule, RuleContext, Severity } from '../model.js';
import { filesOf, isUnexpandedDir, shownPath, someUnder } from '../inventory.js';
import { emptyProbe } from '../sniff.js';
import { bulkAdd } from './bulk.js';
import { extraRule } from './custom.js';
import { conflictMarkers, ignoredFile } from './conflicts.js';
import { compiledBinary, embeddedRepository, largeFile } from './content.js';
import { databaseFile } from './databases.js';
import { databaseDirectory, dependencyDirectory } from './directories.js';
import { cacheDirectory, collectedStatic } from './generated.js';
import { buildOutput, logFile, memoryDump, mergeLeftover, osEditorJunk } from './patterns.js';
import { caseCollision, windowsReservedName } from './portability.js';
import { credentialsFile, envFile, privateKey } from './secrets.js';

export const RULES: readonly Rule[] = [
  databaseDirectory, // database-directory
  dependencyDirectory, // dependency-directory
  // Secrets before anything that could claim them by folder (a dist/ holding an .env).
  envFile, // env-file
  privateKey, // private-key
  credentialsFile, // credentials-file
  buildOutput, // build-output
  collectedStatic, // collected-static
  cacheDirectory, // cache-directory
  memoryDump, // memory-dump
  // OS junk before database-file: Thumbs.db and *.VC.db are junk whatever their bytes say.
  osEditorJunk, // os-editor-junk
  databaseFile, // database-file
  // After the error rules (a big build product is reported as build output), before the
  // warnings (a 40 MB log must still block as a large file).
  largeFile, // large-file
  logFile, // log-file
  mergeLeftover, // merge-leftover
  conflictMarkers, // conflict-markers
  compiledBinary, // compiled-binary
  embeddedRepository, // embedded-repository
  caseCollision, // case-collision
  windowsReservedName, // windows-reserved-name
  // Last before bulk-add: only a file nothing else explains is worth a word about its ignore line.
  ignoredFile, // ignored-file
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
  return finding;
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
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i] as Rule;
    const severity = effectiveSeverity(rule, ctx.config);
    if (severity === 'off') continue;
    if (!probe && rule.needs) {
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
    }
    const hits = rule.detect(inv, { ...ctx, probe: probe ?? emptyProbe(), claimed: rule.wholeCommit ? new Set() : claimed });
    for (const hit of hits) {
      findings.push(toFinding(rule, severity, hit));
      if (!rule.wholeCommit) hit.covers.forEach((f) => claimed.add(f.path));
    }
  }
  return findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || b.bytes - a.bytes);
}
