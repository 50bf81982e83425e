// Cruft a branch added and deleted again. It is in neither end of the range, so the diff a pull
// request shows does not have it, yet it is stored in the branch's commits: a merge that keeps
// those commits (not a squash) brings it into the base branch's history for good, and every
// clone downloads it. The other rules judge those files as if they were still there; this rule
// reports each of their findings once more, as a warning naming the commits.
import { buildInventory } from '../facts/inventory.js';
import type { Carrier, CommitRef, Config, FileFact, Finding, Hit, Inventory, Needs, Rule, RuleContext } from '../model.js';

/** What the catalogue hands this rule: the other rules, and a way to run them on an inventory. */
export interface Judge {
  rules: () => readonly Rule[];
  run: (inv: Inventory, ctx: Omit<RuleContext, 'claimed'>) => Finding[];
}

const carrier = (added: string, deleted: string): Carrier => ({
  added: [{ commit: 'a'.repeat(40), subject: added }],
  deleted: [{ commit: 'd'.repeat(40), subject: deleted }],
});

/** The transient facts as ordinary ones, for the other rules; undefined when there are none. */
function transientInventory(inv: Inventory): Inventory | undefined {
  if (!inv.transient?.length) return undefined;
  return buildInventory(inv.transient.map(({ carriedBy: _, ...f }) => f));
}

/** The other rules as they judge a branch's deleted files: one commit's shape (bulk-add) is not theirs to judge. */
function innerConfig(config: Config, rules: readonly Rule[]): Config {
  return { ...config, rules: { ...config.rules, ...Object.fromEntries(rules.filter((r) => r.wholeCommit || r.id === cruftInCommitsId).map((r) => [r.id, 'off' as const])) } };
}

const cruftInCommitsId = 'cruft-in-commits';

function shortList(refs: CommitRef[]): string {
  const shown = refs.slice(0, 3).map((r) => `${r.commit.slice(0, 12)} "${r.subject}"`);
  return shown.join(', ') + (refs.length > 3 ? ` and ${refs.length - 3} more` : '');
}

function uniqueRefs(refs: CommitRef[]): CommitRef[] {
  const seen = new Map<string, CommitRef>();
  for (const r of refs) if (!seen.has(r.commit)) seen.set(r.commit, r);
  return [...seen.values()];
}

export function makeCruftInCommits(judge: Judge): Rule {
  return {
    id: cruftInCommitsId,
    category: 'history',
    severity: 'warning',
    title: "Cruft in the branch's commits",
    why:
      'The branch added these files and deleted them again, so the pull request diff does not show them; ' +
      'they are still stored in its commits. Merged without squashing, those commits bring them into the ' +
      'history of the base branch, and every clone downloads them forever.',
    fix: 'Squash-merge the branch, or drop the files from its commits before merging: git rebase -i <base>, drop or edit the commits named, then force-push the branch.',
    examples: {
      flagged: [
        ['node_modules/left-pad/index.js', 'node_modules/left-pad/package.json'].map((path) => ({ path, carriedBy: carrier('Add deps', 'Remove deps') })),
        [
          { path: 'mongo_files/WiredTiger.turtle', carriedBy: carrier('Finish', 'Remove db') },
          { path: 'mongo_files/collection-0-1.wt', carriedBy: carrier('Finish', 'Remove db') },
          { path: 'mongo_files/index-1-1.wt', carriedBy: carrier('Finish', 'Remove db') },
        ],
      ],
      clean: [
        // Ordinary code the branch added and deleted again: not cruft.
        [{ path: 'src/old-helper.js', carriedBy: carrier('Add helper', 'Inline helper') }],
        // Cruft still in the branch's tree is the other rules' (database-directory), not this one's.
        ['mongo_files/WiredTiger.turtle', 'mongo_files/collection-0-1.wt'],
      ],
    },
    needs(inv: Inventory, config: Config): Needs {
      const sub = transientInventory(inv);
      if (!sub) return {};
      const rules = judge.rules();
      const inner = innerConfig(config, rules);
      const all = rules.filter((r) => r.id !== cruftInCommitsId && !r.wholeCommit && inner.rules[r.id] !== 'off').map((r) => r.needs?.(sub, inner) ?? {});
      const merged: Needs = {};
      for (const n of all) {
        if (n.heads) merged.heads = [...(merged.heads ?? []), ...n.heads];
        if (n.files) merged.files = [...(merged.files ?? []), ...n.files];
        if (n.lfs) merged.lfs = [...(merged.lfs ?? []), ...n.lfs];
        if (n.caseTwins) merged.caseTwins = [...(merged.caseTwins ?? []), ...n.caseTwins];
        if (n.gitmodules) merged.gitmodules = true;
      }
      return merged;
    },
    detect(inv: Inventory, ctx: RuleContext): Hit[] {
      const sub = transientInventory(inv);
      if (!sub || !inv.transient) return [];
      const findings = judge.run(sub, { ...ctx, config: innerConfig(ctx.config, judge.rules()) });
      const byPath = new Map(inv.transient.map((f) => [f.path, f]));
      const sorted = [...byPath.keys()].sort();
      return findings.map((f): Hit => {
        const covers: FileFact[] = [];
        for (const p of f.paths) {
          if (!p.endsWith('/')) covers.push(...(byPath.has(p) ? [byPath.get(p) as FileFact] : []));
          else for (const q of sorted) if (q.startsWith(p)) covers.push(byPath.get(q) as FileFact);
        }
        const added = uniqueRefs(covers.flatMap((c) => c.carriedBy?.added ?? []));
        const deleted = uniqueRefs(covers.flatMap((c) => c.carriedBy?.deleted ?? []));
        return {
          paths: f.paths,
          covers,
          message:
            `${f.title} (${f.rule}), added in ${shortList(added)} and deleted in ${shortList(deleted)}: ` +
            'the files are gone from the branch but stay in those commits. Squash-merge, or drop them from the commits before merging (git rebase -i).',
          gitignore: f.fix.gitignore,
          data: { rule: f.rule, addedIn: added, deletedIn: deleted, ...(f.data ? { finding: f.data } : {}) },
        };
      });
    },
  };
}
