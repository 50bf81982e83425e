// `cruft-check audit [REV] [--history]`: the cruft already committed. A hook only stops what is
// about to be added; what got in before it was installed (or past `--no-verify`) is still in
// every clone. The same rules judge:
// - the tree at REV (default HEAD): every path with its object and size;
// - with --history, every commit reachable from REV (or every ref with --all): every object with
//   its size, then narrow log passes for what was flagged (other paths the same content was
//   stored under, when each came, which commits the removal would empty).
// Each finding names the commit that introduced it, what it weighs in the history and the
// `git filter-repo` command that would remove it — with the warning that rewriting history needs.
// This file decides what to ask and how the answers make a finding; git is read by
// src/git/history.ts, the report rendered by src/report/audit.ts and written by src/report/output.ts.
import { compileCruftignore, loadConfig, loadCruftignore, parseConfig, type PathFilter, CONFIG_FILE, IGNORE_FILE } from '../facts/config.js';
import { CruftError, errors } from '../errors.js';
import { branchTips, type Commit, introductions, openCommitted, type PathLog, readCommittedFile, readHistory, readPathLog, readTree, removedBy, resolveCommit } from '../git/history.js';
import { gitEnv, type Repo } from '../git/read.js';
import { buildInventory } from '../facts/inventory.js';
import type { Config, FileFact, Finding, Severity } from '../model.js';
import { type AuditFinding, type AuditReport, filterRepoCommand, historyProgress, type Introduction, renderAuditHuman, REWRITE_WARNING, type RewriteEffect } from '../report/audit.js';
import { exitCodeFor, writeOutputs, type Output } from '../report/output.js';
import { progressLine } from '../report/progress.js';
import { runRulesGathering } from '../judge/run.js';
import { RULES } from '../rules/index.js';
import { gatherProbe } from '../facts/sniff.js';
import { summarise } from '../judge/check.js';

// The report's shape lives with its rendering (src/report/audit.ts); `audit --repos` reads it from here.
export type { AuditFinding, AuditReport, Introduction, RewriteEffect };
export { filterRepoCommand, REWRITE_WARNING };

export interface AuditOptions {
  /** A commit (default HEAD). */
  rev?: string;
  /** Every commit reachable from REV, not only its tree. */
  history: boolean;
  /** With history: every ref (branches, tags, stashes…), as `git log --all`. */
  all: boolean;
  plan: Output[];
  color: boolean;
  failOn: Severity | 'never';
  yes: boolean;
  env?: NodeJS.ProcessEnv;
  /** Where progress goes (a terminal only); stderr by default. */
  progress?: NodeJS.WriteStream;
}

/** Configuration and .cruftignore: from the work tree, or in a bare repository from the audited commit. */
async function settings(repo: Repo & { bare: boolean }, commit: string | undefined): Promise<{ config: Config; allowed: PathFilter | undefined }> {
  const ids = RULES.map((r) => r.id);
  if (!repo.bare || !commit) return { config: loadConfig(repo.root, ids), allowed: repo.bare ? undefined : loadCruftignore(repo.root) };
  const [configText, ignoreText] = await Promise.all([readCommittedFile(repo, commit, CONFIG_FILE), readCommittedFile(repo, commit, IGNORE_FILE)]);
  let config = loadConfig(repo.root, ids);
  if (configText !== undefined) {
    try {
      config = parseConfig(`${commit.slice(0, 12)}:${CONFIG_FILE}`, JSON.parse(configText), ids);
    } catch (e) {
      if (e instanceof CruftError) throw e;
      throw errors.badConfig(`${commit.slice(0, 12)}:${CONFIG_FILE}`, '', `is not valid JSON: ${(e as Error).message}`);
    }
  }
  return { config, allowed: ignoreText === undefined ? undefined : compileCruftignore(ignoreText) };
}

/** Contents this small (an empty file, a one-line stub) are not matched by object name alone. */
const WEAK_CONTENT_BYTES = 64;

/**
 * What the printed rewrite would leave: commits that change nothing else (filter-repo drops them)
 * and branches whose tree holds nothing else (left empty). `tips` maps a name to its tree's paths.
 */
async function rewriteEffect(removed: (path: string) => boolean, changes: PathLog['changes'] | undefined, tips: Array<[string, Promise<string[]>]>): Promise<RewriteEffect> {
  const emptied = (changes ?? []).filter((c) => c.paths.length > 0 && c.paths.every(removed)).map((c) => c.commit.oid);
  const emptiedBranches: string[] = [];
  for (const [name, paths] of tips) {
    const list = await paths;
    if (list.length > 0 && list.every(removed)) emptiedBranches.push(name);
  }
  return { ...(changes ? { emptiedCommits: emptied.length, emptiedSample: emptied.slice(0, 5) } : {}), emptiedBranches };
}

/**
 * `extra` paths as few entries as is safe: a folder (`dir/`) when every path ever stored under it
 * belongs to the finding (`junk`), the highest such folder; else the file itself. The rewrite
 * removes what is listed, so a folder that ever held anything else is never named.
 */
function foldPaths(extra: string[], junk: Set<string>, allPaths: string[]): string[] {
  const clean = new Map<string, boolean>();
  const onlyJunk = (dir: string): boolean => {
    let known = clean.get(dir);
    if (known === undefined) {
      known = coveredBy({ paths: [dir] } as Finding, allPaths).every((p) => junk.has(p));
      clean.set(dir, known);
    }
    return known;
  };
  const out = new Set<string>();
  for (const p of extra.sort()) {
    let shown = p;
    for (let i = p.indexOf('/'); i >= 0; i = p.indexOf('/', i + 1)) {
      const dir = p.slice(0, i + 1);
      if (onlyJunk(dir)) {
        shown = dir;
        break;
      }
    }
    out.add(shown);
  }
  return [...out].sort();
}

// ---------------------------------------------------------------------------------------------
// Judging

/** The facts a finding covers: its files, and everything below the folders it shows as `dir/`. */
function coveredBy(finding: Finding, sortedPaths: string[]): string[] {
  const out: string[] = [];
  for (const p of finding.paths) {
    if (!p.endsWith('/')) {
      out.push(p);
      continue;
    }
    // Binary search for the first path under the folder, then take while the prefix holds.
    let lo = 0;
    let hi = sortedPaths.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((sortedPaths[mid] as string) < p) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < sortedPaths.length && (sortedPaths[i] as string).startsWith(p); i++) out.push(sortedPaths[i] as string);
  }
  return out;
}

function judge(repo: Repo, config: Config, facts: FileFact[]): Promise<Finding[]> {
  // The commit shape (bulk-add) is about one commit, not a whole tree or history.
  const effective: Config = { ...config, rules: { ...config.rules, ...Object.fromEntries(RULES.filter((r) => r.wholeCommit).map((r) => [r.id, 'off' as const])) } };
  const inv = buildInventory(facts);
  // Case twins are looked for among the audited paths themselves (the rule's own grouping), not in
  // today's index: an empty index listing, and no git process for it.
  return runRulesGathering(inv, { config: effective, exists: (p) => inv.byPath.has(p) || inv.dirs.has(p) }, (needs) =>
    gatherProbe(repo, needs, { indexPaths: [] }),
  );
}

const iso = (c: Commit): Introduction => ({ commit: c.oid, date: new Date(c.time * 1000).toISOString(), subject: c.subject });

export async function audit(cwd: string, opts: Omit<AuditOptions, 'plan' | 'color' | 'failOn' | 'yes'>): Promise<AuditReport> {
  const env = gitEnv(opts.env ?? process.env);
  const repo = await openCommitted(cwd, env);
  if (opts.all && !opts.history) throw errors.usage('--all goes with --history: it audits the history of every branch and tag');
  if (opts.all && opts.rev !== undefined) throw errors.usage('give either a revision or --all, not both');
  const label = opts.all ? '--all' : (opts.rev ?? 'HEAD');
  const commit = await resolveCommit(repo, opts.all ? 'HEAD' : (opts.rev ?? 'HEAD'));
  if (!commit && opts.rev !== undefined) throw new CruftError(`unknown revision: ${opts.rev}`, 'Give a branch, tag or commit, for example `cruft-check audit main`.');
  const { config, allowed } = await settings(repo, commit);
  const keep = (p: string): boolean => !allowed?.(p);
  const progress = progressLine(opts.progress ?? process.stderr);
  const report = (facts: FileFact[], findings: AuditFinding[], commits: number, blobs: number, bytes: number, rewrite?: RewriteEffect): AuditReport => {
    const base = summarise('range', facts, findings);
    return {
      ...base,
      summary: { ...base.summary, bytes },
      findings,
      audit: { mode: opts.history ? 'history' : 'tree', rev: label, ...(commit ? { commit } : {}), commits, blobs, warning: REWRITE_WARNING, ...(rewrite ? { rewrite } : {}) },
    };
  };
  /** Every path the combined removal command names. */
  const removedPaths = (result: AuditFinding[]): string[] => [...new Set(result.flatMap((f) => [...f.paths, ...(f.audit.otherPaths ?? [])]))];

  if (!opts.history) {
    // Nothing committed yet: nothing to audit.
    if (!commit) return report([], [], 0, 0, 0);
    const facts = (await readTree(repo, commit)).filter((f) => keep(f.path));
    const findings = await judge(repo, config, facts);
    const sorted = facts.map((f) => f.path).sort();
    const byPath = new Map(facts.map((f) => [f.path, f]));
    const added = await introductions(repo, [commit], [...new Set(findings.flatMap((f) => f.paths))]);
    const result = findings.map((f): AuditFinding => {
      const covered = coveredBy(f, sorted);
      // The file now in the tree came with its latest addition (the first one the log shows).
      const firsts = covered.flatMap((p) => (added.get(p) ?? []).slice(0, 1));
      const introducedIn = oldest(firsts);
      // Each distinct object once: two paths holding the same content store it once.
      const sizes = new Map(covered.flatMap((p) => (byPath.has(p) ? [[byPath.get(p)?.oid, byPath.get(p)?.size ?? 0] as const] : [])));
      return {
        ...f,
        audit: {
          ...(introducedIn ? { introducedIn: iso(introducedIn) } : {}),
          commits: new Set(firsts.map((c) => c.oid)).size,
          historyBytes: [...sizes.values()].reduce((n, size) => n + size, 0),
          contents: sizes.size,
          present: true,
          removeFromHistory: filterRepoCommand(f.paths),
        },
      };
    });
    const rewrite = result.length ? await rewriteEffect(removedBy(removedPaths(result)), undefined, [[label, Promise.resolve(facts.map((f) => f.path))]]) : undefined;
    return report(facts, result, 1, new Set(facts.map((f) => f.oid)).size, facts.reduce((n, f) => n + f.size, 0), rewrite);
  }

  const revs = opts.all ? ['--all'] : commit ? [commit] : [];
  if (revs.length === 0) return report([], [], 0, 0, 0);
  const history = await readHistory(repo, revs, (commits, objects) => progress.update(() => historyProgress(commits, objects)));
  progress.clear();
  // What is still in the tree: listed while the rules run, not while the history streams (both
  // listings at once would share the two git processes' cores).
  const present = commit ? readTree(repo, commit).then((fs) => new Set(fs.map((f) => f.path))) : Promise.resolve(new Set<string>());
  present.catch(() => {}); // awaited below
  // One fact per path: its newest version's object, and its largest version's size (what a
  // large-file rule should judge). rev-list gives no modes: every path counts as a plain file.
  const facts: FileFact[] = [];
  for (const [path, versions] of history.paths) {
    if (!keep(path)) continue;
    let size = 0;
    for (const oid of versions) size = Math.max(size, history.sizes.get(oid) ?? 0);
    facts.push({ path, origin: 'range', status: 'A', mode: '100644', oid: versions[0] ?? '', size });
  }
  facts.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const findings = await judge(repo, config, facts);
  const sorted = facts.map((f) => f.path);
  let total = 0;
  for (const size of history.sizes.values()) total += size;
  // rev-list above names each content once, by one of its paths: a copy under a folder renamed
  // on some branch would be missed, and left behind by the rewrite. Three narrow log passes:
  // 1. `--find-object` with every flagged content: each other path it was stored under;
  // 2. limited to the flagged paths and those others' top folders: every version, addition and
  //    change there (what the finding holds, when it came, which commits the rewrite touches);
  // 3. the commits of 2, in full: whether the rewrite would leave them with no change.
  const empty: PathLog = { versions: new Map(), added: new Map(), changes: [] };
  const flagged = findings.map((f) => {
    const oids = new Set<string>();
    for (const p of coveredBy(f, sorted)) for (const oid of history.paths.get(p) ?? []) oids.add(oid);
    return oids;
  });
  // Only contents distinctive enough to say "this is the same file": an empty or tiny file
  // (`mongod.lock`, a one-line index.js) has innocent twins all over a repository. The tiny files
  // of a renamed folder are found by their place in it instead (below).
  const distinctive = (oid: string): boolean => (history.sizes.get(oid) ?? 0) > WEAK_CONTENT_BYTES;
  const allFlagged = [...new Set(flagged.flatMap((o) => [...o]))].filter(distinctive);
  const copies = allFlagged.length ? await readPathLog(repo, revs, { objects: allFlagged }) : empty;
  const inside = (f: Finding): ((p: string) => boolean) => removedBy(f.paths);
  const elsewhere = findings.map(() => new Set<string>());
  findings.forEach((f, i) => {
    const isOwn = inside(f);
    for (const [path, versions] of copies.versions) if (!isOwn(path) && versions.some((o) => distinctive(o) && flagged[i]?.has(o))) elsewhere[i]?.add(path);
  });
  // The top folder of each other path: everything ever stored there is read, so a folder is named
  // in the rewrite only when all of it is the finding's.
  const tops = [...new Set(elsewhere.flatMap((e) => [...e].map((p) => (p.includes('/') ? p.slice(0, p.indexOf('/') + 1) : p))))];
  const scope = [...new Set([...findings.flatMap((f) => f.paths), ...tops])];
  const log = findings.length ? await readPathLog(repo, revs, { paths: scope }) : empty;
  const allPaths = [...new Set([...sorted, ...log.versions.keys()])].sort();
  const inTree = await present;
  const owned = findings.map((f) => new Set(coveredBy(f, allPaths)));
  // A copy's folder maps onto the finding's (`newdb/` ← `olddb/`): its other files, tiny ones
  // included, belong to the finding when the same name is the finding's there.
  findings.forEach((_, i) => {
    const own = owned[i] ?? new Set<string>();
    const byOid = new Map<string, string>();
    for (const p of own) for (const oid of [...(history.paths.get(p) ?? []), ...(log.versions.get(p) ?? [])]) if (!byOid.has(oid)) byOid.set(oid, p);
    const pairs = new Map<string, string>();
    for (const p of elsewhere[i] ?? []) {
      const twin = [...(log.versions.get(p) ?? copies.versions.get(p) ?? [])].map((o) => byOid.get(o)).find((q) => q !== undefined);
      if (!twin) continue;
      // The longest common ending of the two paths is the same file inside two folders.
      const a = p.split('/');
      const b = twin.split('/');
      // (The copy keeps at least one folder of its own; the original may be at the root.)
      let k = 0;
      while (k < a.length - 1 && k < b.length && a[a.length - 1 - k] === b[b.length - 1 - k]) k++;
      if (k === 0) continue;
      const prefix = (parts: string[]): string => parts.map((x) => `${x}/`).join('');
      pairs.set(prefix(a.slice(0, a.length - k)), prefix(b.slice(0, b.length - k)));
    }
    for (const [copy, orig] of pairs) {
      for (const p of coveredBy({ paths: [copy] } as Finding, allPaths)) if (own.has(orig + p.slice(copy.length))) elsewhere[i]?.add(p);
    }
  });
  const contents = owned.map((paths, i) => {
    const oids = new Set<string>(flagged[i]);
    for (const p of paths) for (const oid of [...(history.paths.get(p) ?? []), ...(log.versions.get(p) ?? [])]) oids.add(oid);
    return oids;
  });
  const result = findings.map((f, i): AuditFinding => {
    const paths = new Set([...(owned[i] ?? []), ...(elsewhere[i] ?? [])]);
    const oids = contents[i] ?? new Set<string>();
    // A path that held flagged content once is junk in every version (a later edit of the copy).
    for (const p of elsewhere[i] ?? []) for (const oid of [...(history.paths.get(p) ?? []), ...(log.versions.get(p) ?? [])]) oids.add(oid);
    const adds: Commit[] = [];
    const addedIn = new Set<string>();
    for (const p of paths) {
      const list = log.added.get(p);
      // The log is newest first: a path's last addition in the list is its first ever.
      const first = list?.[list.length - 1];
      if (first) adds.push(first);
      for (const c of list ?? []) addedIn.add(c.oid);
    }
    const introducedIn = oldest(adds);
    const historyBytes = [...oids].reduce((n, oid) => n + (history.sizes.get(oid) ?? 0), 0);
    const otherPaths = foldPaths([...(elsewhere[i] ?? [])], paths, allPaths);
    return {
      ...f,
      // Every path that ever held its files, not the distinct contents rev-list names (a file
      // and its unchanged copy are two files, one content).
      files: paths.size,
      // What it weighs in the history: every distinct version, each stored once.
      bytes: historyBytes,
      audit: {
        ...(introducedIn ? { introducedIn: iso(introducedIn) } : {}),
        commits: addedIn.size,
        historyBytes,
        contents: oids.size,
        present: [...paths].some((p) => inTree.has(p)),
        ...(otherPaths.length ? { otherPaths } : {}),
        removeFromHistory: filterRepoCommand([...f.paths, ...otherPaths]),
      },
    };
  });
  // Heaviest in the history first within each severity, as the check orders by bytes.
  const order: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
  result.sort((a, b) => order[a.severity] - order[b.severity] || b.audit.historyBytes - a.audit.historyBytes);
  let rewrite: RewriteEffect | undefined;
  if (result.length) {
    // Under --all every branch is a tip the rewrite could empty; else the audited revision.
    const tips: Array<[string, Promise<string[]>]> = opts.all
      ? (await branchTips(repo)).map(([name, oid]) => [name, readTree(repo, oid).then((fs) => fs.map((f) => f.path))])
      : [[label, Promise.resolve([...inTree])]];
    const removed = removedBy(removedPaths(result));
    const touched = log.changes.filter((c) => c.paths.some(removed)).map((c) => c.commit.oid);
    const full = touched.length ? await readPathLog(repo, revs, { commits: touched }) : empty;
    rewrite = await rewriteEffect(removed, full.changes, tips);
  }
  return report(facts, result, history.commits, history.sizes.size, total, rewrite);
}

function oldest(commits: Commit[]): Commit | undefined {
  let best: Commit | undefined;
  for (const c of commits) if (!best || c.time < best.time) best = c;
  return best;
}

/** The `audit` command: report on standard output (or files) and return the exit code. */
export async function runAudit(cwd: string, opts: AuditOptions): Promise<number> {
  const r = await audit(cwd, opts);
  await writeOutputs(r, opts.plan, {
    rules: RULES,
    hasHead: true,
    color: opts.color,
    env: process.env,
    ascii: process.env.TERM === 'dumb',
    ...(process.stdout.isTTY && process.stdout.columns ? { width: process.stdout.columns } : {}),
    // The audit's own human report (commits, history weight, removal); the other formats as a check's.
    human: (report, style) => renderAuditHuman(report as AuditReport, style),
  });
  return opts.yes ? 0 : exitCodeFor(r, opts.failOn);
}
