// The shape of a careless `git add .`: many new files, many new top-level folders or many new
// megabytes at once. It judges the commit as a whole and calls no single file cruft: its paths
// stay empty and a short tree of what was picked up goes in a field of its own.
import type { FileFact, Hit, Inventory, Rule, RuleContext, TreeNode } from '../model.js';
import { formatBytes } from '../text.js';
import { filesOf, shownPath } from '../facts/inventory.js';

const isNew = (f: FileFact): boolean => f.status === 'A' || f.status === '?';

/** Folders of the new files, largest first: top level, then one level below. */
export function summariseTree(files: FileFact[], top = 8, below = 3): TreeNode[] {
  const group = (items: FileFact[], depth: number): TreeNode[] => {
    const nodes = new Map<string, { node: TreeNode; items: FileFact[] }>();
    for (let i = 0; i < items.length; i++) {
      const f = items[i] as FileFact;
      // The folder at this depth (`a/` at depth 0, `a/b/` at 1), found without splitting the path:
      // this runs for every file of a bulk add. (A folded folder is `node_modules/`.)
      const path = shownPath(f);
      let slash = -1;
      for (let d = 0; d <= depth && (d === 0 || slash >= 0); d++) slash = path.indexOf('/', slash + 1);
      const key = slash >= 0 ? path.slice(0, slash + 1) : path;
      let entry = nodes.get(key);
      if (!entry) {
        entry = { node: { path: key, files: 0, bytes: 0 }, items: [] };
        nodes.set(key, entry);
      }
      entry.node.files += filesOf(f);
      entry.node.bytes += f.size;
      entry.items.push(f);
    }
    const sorted = [...nodes.values()].sort((a, b) => b.node.bytes - a.node.bytes || b.node.files - a.node.files || (a.node.path < b.node.path ? -1 : 1));
    const shown = sorted.slice(0, depth === 0 ? top : below).map(({ node, items: sub }) =>
      // (A folder that is one fact is not opened: its files are not there to show.)
      depth === 0 && node.path.endsWith('/') && node.files > 1 && !(sub.length === 1 && shownPath(sub[0] as FileFact) === node.path)
        ? { ...node, children: group(sub, depth + 1) }
        : node,
    );
    const rest = sorted.slice(shown.length);
    if (rest.length > 0) {
      shown.push({
        path: `… ${rest.length} more`,
        files: rest.reduce((n, e) => n + e.node.files, 0),
        bytes: rest.reduce((n, e) => n + e.node.bytes, 0),
      });
    }
    return shown;
  };
  return group(files, 0);
}

export function newTopLevelDirs(files: FileFact[], headTopLevel: Set<string> | undefined): string[] {
  const tops = new Set<string>();
  for (let i = 0; i < files.length; i++) {
    const path = shownPath(files[i] as FileFact);
    const slash = path.indexOf('/');
    if (slash > 0) tops.add(path.slice(0, slash));
  }
  return [...tops].filter((t) => !headTopLevel?.has(t)).sort();
}

export const bulkAdd: Rule = {
  id: 'bulk-add',
  category: 'bulk-add',
  severity: 'warning',
  title: 'Many new files at once',
  why:
    'A commit that adds hundreds of files or several new top-level folders at once is usually a ' +
    '`git add .` that swept up more than intended. Look at the summary before committing.',
  fix: 'Check the folders listed; unstage what does not belong (`git restore --staged <path>`) and ignore it.',
  wholeCommit: true,
  examples: {
    flagged: [
      Array.from({ length: 250 }, (_, i) => `src/gen/file${i}.txt`),
      ['a/1', 'b/1', 'c/1', 'd/1', 'e/1', 'f/1'],
    ],
    clean: [['src/index.ts', 'src/util.ts', 'README.md'], ['a/1', 'b/1', 'c/1', 'd/1']],
  },
  detect(inv: Inventory, ctx: RuleContext): Hit[] {
    const t = ctx.config.thresholds;
    const added = inv.facts.filter(isNew);
    if (added.length === 0) return [];
    const count = added.reduce((n, f) => n + filesOf(f), 0);
    const bytes = added.reduce((n, f) => n + f.size, 0);
    const newTops = newTopLevelDirs(added, ctx.headTopLevel);
    const reasons: string[] = [];
    if (count >= t.bulkFiles) reasons.push(`${count} new files`);
    // Before the first commit every folder is new: only counts and bytes say anything there.
    if (ctx.headTopLevel && newTops.length >= t.bulkTopLevelDirs) reasons.push(`${newTops.length} new top-level folders`);
    if (bytes >= t.bulkBytes) reasons.push(`${formatBytes(bytes)} of new content`);
    if (reasons.length === 0) return [];
    return [
      {
        paths: [],
        covers: added,
        gitignore: [],
        message: `This adds ${reasons.join(', ')}: was that one \`git add .\`?`,
        tree: summariseTree(added),
        data: { newFiles: count, newTopLevelDirs: newTops, bytes },
      },
    ];
  },
};
