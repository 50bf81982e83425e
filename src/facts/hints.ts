// A quick "could this name match any of these globs?" — without compiling a single glob.
//
// Rules hold tables of a hundred globs (`*.pyc`, `.DS_Store`, `npm-debug.log*`,
// `{bin,obj}`…). Compiling them all (micromatch) costs more than an ordinary commit's whole
// check, and testing every file against every regex costs seconds on a bulk add of 100,000
// files. Every glob, though, names some literal text its matches must hold: a whole literal
// name, an ending (`.pyc`), or at least a run of characters (`.sw` in `*.sw[a-p]`). Indexed by
// that text, a name is checked with a set lookup and a few string comparisons; only the rare
// name that passes is tested against the real glob (compiled then, once).
//
// The hint is a necessary condition, never a sufficient one: it may let through a name the glob
// rejects, never the reverse.
import { lowerCase } from '../text.js';

const SPECIAL = '*?[]!()+@{}|\\';

/** Expand `{a,b}` alternatives (nested too) into plain globs; other syntax is kept as is. */
export function expandBraces(glob: string): string[] {
  if (!glob.includes('{')) return [glob];
  let depth = 0;
  let open = -1;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '{') {
      if (depth === 0) open = i;
      depth++;
    } else if (c === '}' && depth > 0) {
      depth--;
      if (depth === 0) {
        const parts: string[] = [];
        let d = 0;
        let from = open + 1;
        for (let j = open + 1; j < i; j++) {
          const cj = glob[j];
          if (cj === '\\') j++;
          else if (cj === '{') d++;
          else if (cj === '}') d--;
          else if (cj === ',' && d === 0) {
            parts.push(glob.slice(from, j));
            from = j + 1;
          }
        }
        parts.push(glob.slice(from, i));
        if (parts.length < 2) continue; // `{x}` is not an alternative: keep the braces literally
        const head = glob.slice(0, open);
        const tail = glob.slice(i + 1);
        return parts.flatMap((p) => expandBraces(`${head}${p}${tail}`));
      }
    }
  }
  return [glob];
}

/** The longest run of literal characters outside brackets and parentheses, and whether the glob ends with it. */
function literalRun(glob: string): { run: string; atEnd: boolean; literal: boolean } {
  // Positions only, one slice at the end: every table's globs pass through here on an ordinary
  // commit, and building the runs a character at a time was most of the hints' cost.
  let bestFrom = 0;
  let bestLength = 0;
  let from = 0; // where the current run started
  let depth = 0;
  let literal = true;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '[' || c === '(') depth++;
    if (depth > 0 || SPECIAL.includes(c)) {
      literal = false;
      if (i - from > bestLength) {
        bestFrom = from;
        bestLength = i - from;
      }
      from = i + 1;
      if ((c === ']' || c === ')') && depth > 0) depth--;
    }
  }
  const last = glob.length - from;
  if (last > 0 && last >= bestLength) return { run: glob.slice(from), atEnd: true, literal };
  return { run: glob.slice(bestFrom, bestFrom + bestLength), atEnd: false, literal };
}

export interface HintSource {
  /** A glob for a base name, or a path glob (`a/b/*.x`): then its last segment is used. */
  name: string;
  nocase?: boolean;
}

/**
 * Build the quick test for a table of globs: `(name) => boolean`, true when the base name could
 * match at least one of them.
 */
export function nameHints(globs: HintSource[]): (name: string) => boolean {
  const exact = new Set<string>();
  const exactNocase = new Set<string>();
  /** Ending text (holding a dot) indexed by the extension it implies. */
  const byExt = new Map<string, Array<{ end: string; nocase: boolean }>>();
  const contains: Array<{ run: string; nocase: boolean }> = [];
  let always = false;
  for (const g of globs) {
    for (const alt of expandBraces(g.name)) {
      const trimmed = alt.endsWith('/') ? alt.replace(/\/+$/, '') : alt;
      const segment = trimmed.slice(trimmed.lastIndexOf('/') + 1);
      if (segment.startsWith('!') && !segment.startsWith('!(')) {
        always = true; // a negated glob names nothing it must contain
        continue;
      }
      const nocase = Boolean(g.nocase);
      const { run, atEnd, literal } = literalRun(segment);
      if (literal) {
        (nocase ? exactNocase : exact).add(nocase ? segment.toLowerCase() : segment);
      } else if (atEnd && run.includes('.')) {
        const end = nocase ? run.toLowerCase() : run;
        const ext = end.slice(end.lastIndexOf('.') + 1);
        const list = byExt.get(ext) ?? [];
        list.push({ end, nocase });
        byExt.set(ext, list);
      } else if (run.length > 0) {
        contains.push({ run: nocase ? run.toLowerCase() : run, nocase });
      } else {
        always = true; // `*`, `?`, `[abc]`: nothing literal to look for
      }
    }
  }
  if (always) return () => true;
  // Lower-casing every name costs: done only when some glob ignores case.
  const anyNocase = exactNocase.size > 0 || contains.some((c) => c.nocase) || [...byExt.values()].some((l) => l.some((e) => e.nocase));
  // The runs a name must contain, as one alternation each (case-sensitive, and lower case for the
  // globs that ignore case): one native scan of the name instead of a call per run.
  const anyRun = (runs: string[]): RegExp | undefined => (runs.length ? new RegExp(runs.map((r) => r.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')) : undefined);
  const containsExact = anyRun(contains.filter((c) => !c.nocase).map((c) => c.run));
  const containsNocase = anyRun(contains.filter((c) => c.nocase).map((c) => c.run));
  return (name) => {
    if (exact.has(name)) return true;
    const lower = anyNocase ? lowerCase(name) : name;
    if (anyNocase && exactNocase.has(lower)) return true;
    const dot = name.lastIndexOf('.');
    if (dot >= 0 && byExt.size > 0) {
      // Case-sensitive endings are looked up by the name's own extension, the others by its lower case.
      const ext = name.slice(dot + 1);
      const list = byExt.get(ext);
      if (list) for (const e of list) if (!e.nocase && name.endsWith(e.end)) return true;
      if (anyNocase) for (const e of byExt.get(lowerCase(ext)) ?? []) if (e.nocase && lower.endsWith(e.end)) return true;
    }
    return Boolean(containsExact?.test(name) || containsNocase?.test(lower));
  };
}
