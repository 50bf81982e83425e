// Merge-conflict blocks left in a staged text file, and new files the repository's own
// .gitignore ignores (added with `git add -f`). Both read more than names: the whole text of the
// changed files (src/facts/sniff.ts readTexts, bounded) and one `git check-ignore` (src/facts/ignored.ts).
import { baseName } from '../facts/inventory.js';
import { IGNORED_QUESTION_LIMIT } from '../facts/ignored.js';
import type { FileFact, Hit, Inventory, Needs, Rule, RuleContext } from '../model.js';
import { TEXT_BYTES } from '../facts/sniff.js';
import { collapsePaths, isInput } from './patterns.js';

/**
 * Files never read for conflict markers: binary formats by their extension (their bytes could
 * hold anything), patches and merge backups (a diff quotes markers; *.orig is merge-leftover's).
 */
const NOT_TEXT =
  /\.(png|jpe?g|gif|webp|ico|icns|bmp|tiff?|psd|pdf|zip|gz|tgz|bz2|xz|zst|7z|rar|jar|war|aar|apk|class|so|dylib|dll|exe|o|a|lib|obj|pyc|wasm|woff2?|ttf|otf|eot|mp[34]|m4a|webm|wav|ogg|flac|mov|avi|db|sqlite3?|bin|dat|pack|idx|diff|patch|orig|rej)$/i;

/** Beyond this many candidate files (a bulk add), only files that were already tracked are read: merges, rebases and stash pops leave markers in those. */
const CONFLICT_FILE_LIMIT = 1000;

function candidates(inv: Inventory): FileFact[] {
  // Cheap tests first, over every fact (a bulk add's tens of thousands); names and folders are
  // judged only for what is kept. New files are kept only while the whole stays under the limit.
  const changed: FileFact[] = [];
  const added: FileFact[] = [];
  let tooMany = false;
  for (let i = 0; i < inv.facts.length; i++) {
    const f = inv.facts[i] as FileFact;
    if (f.size < 23 || f.size > TEXT_BYTES || (f.mode !== '100644' && f.mode !== '100755')) continue; // 23: the shortest block
    if (f.status !== 'A' && f.status !== '?') changed.push(f);
    else if (!tooMany) {
      added.push(f);
      tooMany = added.length + changed.length > CONFLICT_FILE_LIMIT;
    }
  }
  const kept = tooMany || added.length + changed.length > CONFLICT_FILE_LIMIT ? changed : [...changed, ...added];
  return kept.filter((f) => !NOT_TEXT.test(baseName(f.path)) && !isInput(f.path)).slice(0, CONFLICT_FILE_LIMIT);
}

/**
 * The line (1-based) where a whole conflict block starts: `<<<<<<< ` then `=======` then
 * `>>>>>>> `, each at the start of a line, in that order (diff3's `||||||| ` base section may sit
 * between the first two). A lone `=======` (a Markdown or reStructuredText underline) or a lone
 * `>>>>>>>` (a quoted reply) is not a block. Git's default marker size (7) only; a
 * `conflict-marker-size` attribute is not read.
 */
export function conflictBlockLine(text: string, markdown = false): number | undefined {
  let state: 'out' | 'ours' | 'theirs' = 'out';
  let start = 0;
  let line = 0;
  let at = 0;
  let fence: string | undefined; // inside a Markdown code fence (``` or ~~~): quoted, not a conflict
  while (at <= text.length) {
    const nl = text.indexOf('\n', at);
    const end = nl < 0 ? text.length : nl;
    line++;
    const c = text.charCodeAt(at);
    if (markdown && (c === 96 || c === 126 || c === 32)) {
      const f = /^ {0,3}(`{3,}|~{3,})/.exec(text.slice(at, Math.min(end, at + 16)))?.[1];
      if (f && (fence === undefined || (f[0] === fence[0] && f.length >= fence.length))) fence = fence === undefined ? f : undefined;
    }
    // Only lines starting with `<`, `=` or `>` can be markers: most lines cost one comparison.
    if (fence === undefined && (c === 60 || c === 61 || c === 62)) {
      const l = text.slice(at, end).replace(/\r$/, '');
      if (/^<{7}( |$)/.test(l)) {
        state = 'ours';
        start = line;
      } else if (state === 'ours' && l === '=======') state = 'theirs';
      else if (state === 'theirs' && /^>{7}( |$)/.test(l)) return start;
    }
    if (nl < 0) break;
    at = nl + 1;
  }
  return undefined;
}

export const conflictMarkers: Rule = {
  id: 'conflict-markers',
  category: 'merge-leftovers',
  severity: 'error',
  title: 'Unresolved merge conflict',
  why:
    'The file still holds a conflict block (<<<<<<<, =======, >>>>>>>) that git wrote during a merge, rebase ' +
    'or stash: both versions side by side. Committed, the file no longer builds or parses, and the conflict ' +
    'looks resolved to everyone else.',
  fix: 'Open the file, keep the right lines, delete the three marker lines, then `git add` it again.',
  examples: {
    flagged: [
      [{ path: 'src/app.js', head: 'const a = 1;\n<<<<<<< HEAD\nconst b = 2;\n=======\nconst b = 3;\n>>>>>>> feature\n', size: 60 }],
      [{ path: 'README.md', head: 'Intro\n=====\n\n<<<<<<< ours\nold\n||||||| base\nbase\n=======\nnew\n>>>>>>> theirs\n', size: 80 }],
      [{ path: 'config.yml', head: 'a: 1\r\n<<<<<<< HEAD\r\nb: 2\r\n=======\r\nb: 3\r\n>>>>>>> main\r\n', size: 60 }],
    ],
    clean: [
      [{ path: 'guide.md', head: 'Title\n=======\n\nSome text.\n\nAnother\n=======\n', size: 50 }],
      [{ path: 'README.rst', head: '=======\nProject\n=======\n\n> quoted\n>>>>>>> not a block\n', size: 60 }],
      [{ path: 'tests/fixtures/conflict.txt', head: '<<<<<<< HEAD\na\n=======\nb\n>>>>>>> other\n', size: 40 }],
      [{ path: 'src/merge.ts', head: "const START = '<<<<<<< ';\nconst SEP = '=======';\n", size: 50 }],
      [{ path: 'fix.patch', head: '<<<<<<< HEAD\na\n=======\nb\n>>>>>>> other\n', size: 40 }],
      // obsidian-git's instructions quote a block inside a code fence
      [{ path: 'conflict-files-obsidian-git.md', head: '# Conflicts\n\n```diff\n<<<<<<< HEAD\n    local\n=======\n    remote\n>>>>>>> origin/main\n```\n', size: 90 }],
    ],
  },
  needs(inv: Inventory): Needs {
    return { texts: candidates(inv) };
  },
  detect(inv: Inventory, ctx: RuleContext): Hit[] {
    const hits: Hit[] = [];
    for (const f of candidates(inv)) {
      if (ctx.claimed.has(f.path)) continue;
      const text = ctx.probe.text(f.path);
      if (!text) continue;
      const line = conflictBlockLine(text.toString('latin1'), /\.(md|markdown|mdx)$/i.test(f.path));
      if (line === undefined) continue;
      hits.push({ paths: [f.path], covers: [f], message: `conflict block left in the file (from line ${line})`, gitignore: [], data: { line } });
    }
    return hits;
  },
};

/** New staged files (only they can have been force-added: a tracked file is never ignored). */
function newStaged(inv: Inventory): FileFact[] {
  return inv.facts.filter((f) => f.status === 'A' && f.origin === 'staged' && f.mode !== '160000' && f.mode !== '040000');
}

export const ignoredFile: Rule = {
  id: 'ignored-file',
  category: 'ignored',
  severity: 'warning',
  title: 'File the repository ignores',
  why:
    "The repository's own .gitignore says this file stays out of git, yet it was added anyway (git add -f, " +
    'or staged before the ignore line was written). Usually that is a mistake; when it is meant, say so ' +
    'with a `!` line in .gitignore so the next person is not surprised.',
  fix: 'Unstage it (`git rm --cached`), or, if it belongs in git, add a `!path` exception after the ignoring line.',
  examples: {
    flagged: [
      [{ path: '.gitignore', head: 'node_modules/\n*.local.json\n', status: 'M' }, 'config/app.local.json', 'src/index.ts'],
      [{ path: '.gitignore', head: 'dist/\n' }, 'dist/bundle.js', 'src/main.ts'],
    ],
    clean: [
      [{ path: '.gitignore', head: '*.log\n!keep.log\n' }, 'keep.log', 'src/index.ts'],
      [{ path: '.gitignore', head: 'dist/\n' }, 'src/dist.ts', 'README.md'],
    ],
  },
  needs(inv: Inventory): Needs {
    // A bulk add's files came from `git add -A`, which never takes an ignored file: not asked.
    const added = newStaged(inv);
    return added.length > IGNORED_QUESTION_LIMIT ? {} : { ignored: added };
  },
  detect(inv: Inventory, ctx: RuleContext): Hit[] {
    const byLine = new Map<string, { covers: FileFact[]; source: string; line: number; pattern: string }>();
    for (const f of newStaged(inv)) {
      if (ctx.claimed.has(f.path)) continue;
      const by = ctx.probe.ignoredBy(f.path);
      if (!by) continue;
      const key = `${by.source}:${by.line}`;
      const entry = byLine.get(key) ?? { covers: [], ...by };
      entry.covers.push(f);
      byLine.set(key, entry);
    }
    return [...byLine.values()].map(({ covers, source, line, pattern }) => ({
      paths: collapsePaths(inv, covers),
      covers,
      message: `ignored by ${source}:${line} (${pattern}) but added anyway`,
      gitignore: [],
      data: { source, line, pattern },
    }));
  },
};
