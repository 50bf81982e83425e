// Paths that break other machines: names that differ only in case (one of them silently
// disappears on macOS and Windows, whose file systems ignore case) and names Windows cannot
// create at all (checkout fails with "invalid path"). Only paths this change adds are judged:
// a collision already in history is not this commit's doing.
import { lowerCase } from '../text.js';
import { baseName, parentOf } from '../facts/inventory.js';
import type { FileFact, Hit, Inventory, Needs, Rule, RuleContext } from '../model.js';
import { adds } from './content.js';

const isNewPath = (f: FileFact): boolean => adds(f) || f.status === 'R';

export const caseCollision: Rule = {
  id: 'case-collision',
  category: 'portability',
  severity: 'error',
  title: 'Names that differ only in case',
  why:
    'macOS and Windows treat `README.md` and `readme.md` as the same file: after a clone one of them ' +
    'overwrites the other, and the working copy shows a change nobody made.',
  fix: 'Keep one spelling: unstage the new path, or rename it (`git mv`) so that no two names differ only in case.',
  examples: {
    flagged: [['docs/Setup.md', 'docs/setup.md'], ['src/Utils/a.ts', 'src/utils/b.ts']],
    clean: [['docs/setup.md', 'docs/setup-guide.md'], ['src/utils/a.ts', 'src/util/b.ts'], ['Makefile', 'makefile.md']],
  },
  needs(inv: Inventory): Needs {
    return { caseTwins: inv.facts.filter(isNewPath) };
  },
  detect(inv: Inventory, ctx: RuleContext): Hit[] {
    const hits: Hit[] = [];
    const reported = new Set<string>();
    // Files (and directories) of this change that collide with each other.
    // (Built for 100,000 files: one lower-cased key per path, no array copied per file.)
    const groups = new Map<string, string[]>();
    const keys = inv.facts.map((f) => lowerCase(f.path));
    inv.facts.forEach((f, i) => {
      const key = keys[i] as string;
      const g = groups.get(key);
      if (g) g.push(f.path);
      else groups.set(key, [f.path]);
    });
    const dirGroups = new Map<string, string[]>();
    let dirsSpelledTwice = false;
    inv.dirs.forEach((_, d) => {
      if (!d) return;
      const key = lowerCase(d);
      const g = dirGroups.get(key);
      if (g) {
        g.push(d);
        dirsSpelledTwice = true;
      } else dirGroups.set(key, [d]);
    });
    for (let i = 0; i < inv.facts.length; i++) {
      const f = inv.facts[i] as FileFact;
      if (!isNewPath(f) || ctx.claimed.has(f.path) || reported.has(f.path)) continue;
      const same = groups.get(keys[i] as string) ?? [];
      const probed = ctx.probe.caseTwins(f.path);
      // The usual case, a name no other path shares: nothing to collect.
      let clash = same.length <= 1 && probed.length === 0 ? [] : [...new Set([...same, ...probed, f.path])].filter((p) => p !== f.path);
      // A folder spelled two ways (`Docs/` and `docs/`) merges into one on those systems.
      if (clash.length === 0 && dirsSpelledTwice) {
        for (let d = parentOf(f.path); d !== ''; d = parentOf(d)) {
          const spellings = dirGroups.get(d.toLowerCase()) ?? [];
          if (spellings.length > 1) {
            clash = spellings.filter((s) => s !== d).map((s) => `${s}/`);
            break;
          }
        }
      }
      if (clash.length === 0) continue;
      reported.add(f.path);
      for (const c of clash) reported.add(c);
      hits.push({
        paths: [f.path],
        covers: [f],
        message: `differs only in case from ${clash.join(', ')}`,
        gitignore: [],
        data: { collidesWith: clash },
      });
    }
    return hits;
  },
};

// Windows' reserved device names (with any extension), characters it forbids in names, and
// names ending in a dot or a space (Windows strips them). Source: Microsoft's "Naming Files,
// Paths, and Namespaces".
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
const FORBIDDEN_CHARS = /[<>:"|?*\\\u0000-\u001f]/;

/**
 * Could any segment of the path have one of the problems below? One test of the whole path that
 * lets through every path with a problem (a reserved name is followed by `.`, a space, `/` or the
 * end) and almost nothing else: the segment-by-segment check runs only for those.
 */
const MAYBE_PROBLEM = /(^|\/)(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])([. /]|$)|[<>:"|?*\\\u0000-\u001f]|[ .](\/|$)/i;

/** Why Windows cannot create this path, or undefined when it can. */
export function windowsProblem(path: string): string | undefined {
  if (!MAYBE_PROBLEM.test(path)) return undefined;
  for (const segment of path.split('/')) {
    const trimmed = segment.replace(/[ .]+$/, '');
    if (RESERVED.test(trimmed) || RESERVED.test(segment)) return `"${segment}" is a reserved device name on Windows`;
    if (FORBIDDEN_CHARS.test(segment)) return `"${segment}" holds a character Windows forbids in names (< > : " | ? * \\ or a control character)`;
    if (/[ .]$/.test(segment) && segment !== '.' && segment !== '..') return `"${segment}" ends in a ${segment.endsWith('.') ? 'dot' : 'space'}, which Windows strips`;
  }
  return undefined;
}

export const windowsReservedName: Rule = {
  id: 'windows-reserved-name',
  category: 'portability',
  severity: 'error',
  title: 'Name Windows cannot create',
  why:
    'Windows reserves some names (CON, PRN, AUX, NUL, COM1–9, LPT1–9, with any extension), forbids the ' +
    'characters < > : " | ? * and drops a trailing dot or space. A clone on Windows fails with "invalid path".',
  fix: 'Unstage it and rename it (`git mv`) to a name that works everywhere.',
  examples: {
    flagged: [['aux.txt'], ['src/con/index.js'], ['notes/meeting 10:30.md'], ['docs/draft.'], ['reports/final ']],
    clean: [['auxiliary.txt', 'src/console/index.js', 'src/icon.png'], ['docs/com.example.md', 'lpt.md', 'src/nullable.ts']],
  },
  detect(inv: Inventory, ctx: RuleContext): Hit[] {
    const hits: Hit[] = [];
    for (let i = 0; i < inv.facts.length; i++) {
      const f = inv.facts[i] as FileFact;
      if (!isNewPath(f) || ctx.claimed.has(f.path)) continue;
      const problem = windowsProblem(f.path);
      if (!problem) continue;
      hits.push({ paths: [f.path], covers: [f], message: problem, gitignore: [], data: { name: baseName(f.path) } });
    }
    return hits;
  },
};
