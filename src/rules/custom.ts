// Rules written in the configuration (`extraRules`): globs and a message. They are data, matched
// in .gitignore syntax by src/facts/glob.ts; nothing from a configuration file is ever executed.
//
// Glob semantics, close to .gitignore's so they read the same way: a glob is matched against the
// repository-relative path (dot files included); a glob without `/` matches the file name at any
// depth (`*.bak`); a glob ending in `/` matches everything inside such directories (`tmp/`,
// `/scratch/` only at the root); a leading `/` anchors at the root.
import { compileGlobList } from '../facts/glob.js';
import type { ExtraRule, Hit, Inventory, Rule, RuleContext } from '../model.js';
import { collapsePaths } from './patterns.js';

/**
 * Matched by src/facts/glob.ts, in .gitignore syntax and in linear time: micromatch's regular
 * expressions backtrack, and one glob such as `a*a*a*a*a*a*a*b` spent over a second on a single
 * 70-character name (scripts/bench-patterns.mjs).
 */
export function compileGlobs(globs: string[]): (path: string) => boolean {
  return compileGlobList(globs);
}

export function extraRule(spec: ExtraRule): Rule {
  const matches = compileGlobs(spec.globs);
  return {
    id: spec.id,
    category: 'custom',
    severity: spec.severity,
    title: spec.message,
    why: `A rule of this repository's configuration (${spec.globs.join(', ')}).`,
    fix: 'Unstage the files; add them to .gitignore, or change the rule in the configuration.',
    examples: { flagged: [], clean: [] },
    detect(inv: Inventory, ctx: RuleContext): Hit[] {
      const covers = inv.facts.filter((f) => !ctx.claimed.has(f.path) && matches(f.path));
      if (covers.length === 0) return [];
      const paths = collapsePaths(inv, covers);
      return [{ paths, covers, message: spec.message, gitignore: spec.globs.map((g) => g.trim()), data: { globs: spec.globs } }];
    },
  };
}
