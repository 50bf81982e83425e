// For every rule, the lines `fix` writes ignore every path the rule flagged (issue 14, item 3):
// each flagged example of the catalogue is laid out for real in a git repository, the rule's
// findings go through fix's own planning (planFix), the planned lines are written to .gitignore
// by appendIgnoreLines, and `git status --porcelain --ignored` must list each flagged file as
// `!!`. A rule's generic lines (`.env.*`, `*.log`) need not cover every name it flags
// (`prod.env`); fix must add what they miss.
import { ftruncateSync, mkdirSync, openSync, closeSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planFix } from '../../src/commands/fix.js';
import { openRepo, type Repo } from '../../src/git/read.js';
import { appendIgnoreLines } from '../../src/facts/ignorefile.js';
import { buildInventory } from '../../src/facts/inventory.js';
import { DEFAULT_CONFIG, type ExampleFile, type FileFact, type Finding } from '../../src/model.js';
import { RULES } from '../../src/rules/index.js';
import { probeFrom } from '../../src/facts/sniff.js';
import { makeRepo, type TestRepo } from '../helpers/repo.js';

let repo: TestRepo;
let handle: Repo;
/** The index as makeRepo left it (README.md only): while it is unchanged there is nothing to reset. */
let cleanIndex: Buffer;
beforeAll(async () => {
  repo = makeRepo();
  handle = { ...(await openRepo(repo.dir)), env: repo.env };
  cleanIndex = readFileSync(join(repo.dir, '.git', 'index'));
});
afterAll(() => repo.cleanup());

interface Laid {
  path: string;
  head: Buffer | undefined;
  size: number;
  mode: string;
  /** An archive's entry names, as the rule's examples give them. */
  entries?: string[];
}

function normalise(e: ExampleFile): Laid {
  const x = typeof e === 'string' ? { path: e } : e;
  const head = x.head === undefined ? undefined : typeof x.head === 'string' ? Buffer.from(x.head, 'latin1') : Buffer.from(x.head);
  return { path: x.path, head, size: x.size ?? Math.max(head?.length ?? 0, 4096), mode: x.mode ?? '100644', ...('entries' in x && x.entries ? { entries: x.entries } : {}) };
}

/** Empty the work tree (but .git and README.md) and the index's new entries, then lay the example out untracked. */
function layOut(files: Laid[]): string[] {
  for (const name of readdirSync(repo.dir)) if (name !== '.git' && name !== 'README.md') rmSync(join(repo.dir, name), { recursive: true, force: true });
  // Nothing here stages, so the index rarely changes; a `git reset` per example was most of
  // this file's git processes. Reset only when it did change (git status may rewrite it).
  const index = join(repo.dir, '.git', 'index');
  if (!readFileSync(index).equals(cleanIndex)) {
    repo.git('reset', '-q');
    cleanIndex = readFileSync(index);
  }
  const laid: string[] = [];
  for (const f of files) {
    const full = join(repo.dir, f.path);
    if (f.mode === '160000' || f.mode === '040000') {
      // An embedded repository or a folder git lists as one entry: a folder with something in it.
      mkdirSync(full, { recursive: true });
      closeSync(openSync(join(full, 'README'), 'w'));
      laid.push(`${f.path}/README`);
      continue;
    }
    mkdirSync(join(full, '..'), { recursive: true });
    const fd = openSync(full, 'w');
    if (f.head) writeSync(fd, f.head);
    ftruncateSync(fd, f.size); // sparse: a 40 MB example costs nothing
    closeSync(fd);
    laid.push(f.path);
  }
  return laid;
}

/** The rule's findings for the example, as fix receives them. */
function findingsFor(rule: (typeof RULES)[number], files: Laid[]): Finding[] {
  const facts: FileFact[] = files.map((f) => ({ path: f.path, origin: 'untracked', status: '?', mode: f.mode, oid: '', size: f.size }));
  const inv = buildInventory(facts);
  const heads = new Map(files.filter((f) => f.head).map((f) => [f.path, f.head as Buffer]));
  const entries = new Map(files.filter((f) => f.entries).map((f) => [f.path, f.entries as string[]]));
  const probe = probeFrom({ heads, submodules: [], index: facts.map((f) => f.path), entries });
  const hits = rule.detect(inv, { config: DEFAULT_CONFIG, probe, claimed: new Set(), headTopLevel: new Set(), exists: () => false });
  return hits.map((h) => ({
    rule: rule.id,
    category: rule.category,
    severity: 'error',
    title: rule.title,
    message: h.message,
    why: rule.why,
    paths: h.paths,
    files: h.covers.length,
    bytes: 0,
    origin: 'untracked',
    fix: { gitignore: h.gitignore ?? [], unstage: [] },
  }));
}

/** Files `git status --porcelain --ignored` shows as ignored, itself or through a folder. */
function ignoredByGit(files: string[]): Set<string> {
  const out = repo.git('status', '--porcelain', '--ignored=matching', '--untracked-files=all', '-z');
  const listed = out.split('\0').filter((s) => s.startsWith('!! ')).map((s) => s.slice(3));
  return new Set(files.filter((f) => listed.some((l) => l === f || (l.endsWith('/') && f.startsWith(l)))));
}

describe('the lines fix writes ignore every flagged path, for every rule', () => {
  for (const rule of RULES) {
    const withLines = rule.examples.flagged.map((ex) => ex.map(normalise));
    it(`${rule.id}`, async () => {
      const misses: string[] = [];
      let checked = 0;
      for (const files of withLines) {
        const findings = findingsFor(rule, files);
        // Rules whose remedy is not .gitignore (bulk-add, portability) have no lines to check.
        if (!findings.some((f) => f.fix.gitignore.length > 0)) continue;
        const laid = layOut(files);
        rmSync(join(repo.dir, '.gitignore'), { force: true });
        const plan = await planFix(handle, findings);
        appendIgnoreLines(join(repo.dir, '.gitignore'), plan.lines, { root: repo.dir });
        const flagged = laid.filter((f) => findings.some((x) => x.fix.gitignore.length > 0 && x.paths.some((p) => f === p || f.startsWith(p.endsWith('/') ? p : `${p}/`))));
        const ignored = ignoredByGit(flagged);
        for (const f of flagged) if (!ignored.has(f)) misses.push(`${f} (lines: ${plan.lines.join(' ')})`);
        checked += flagged.length;
      }
      expect(misses).toEqual([]);
      // Only the rules whose remedy is not a .gitignore line may check nothing: a commit's shape
      // (bulk-add), names (portability), a conflict to resolve, a file already ignored but
      // force-added (git rm --cached), commits to rewrite (cruft-in-commits).
      if (checked === 0) expect(['bulk-add', 'case-collision', 'windows-reserved-name', 'conflict-markers', 'ignored-file', 'cruft-in-commits']).toContain(rule.id);
    }, 60_000);
  }
});
