// Every format prints the command that takes a finding out of the commit (or the branch). Pasted
// into bash, that command must name exactly the flagged paths, however odd their names: each
// command printed here is read back the way its reader reads it (the terminal as is, SARIF's JSON,
// GitHub's workflow commands as the runner decodes them, the step summary as Markdown renders it),
// run by a real bash in the repository, and the index compared with git's own listing.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { splitNul } from '../../src/git/parse.js';
import { workflowCommands } from '../helpers/github.js';
import { makeRepo, type TestRepo } from '../helpers/repo.js';

// A name with everything each format escapes its own way: a line break and ESC (shell `$'…'`
// escapes), a backslash and a quote (escaped inside `$'…'`), `$HOME` (expanded if the quoting
// broke), `%`, `:` and `,` (workflow-command escapes), `|` (a Markdown table's cell separator) and
// a backtick (a Markdown code span's delimiter).
const ENV_FILE = "we\nird \\ q' $HOME 50%0A:a,b |`x` \u001b.env";
// A PostgreSQL data directory: a finding about a folder, unstaged with `-r`.
const PG_DIR = 'pg \\data\n%:,|`';

let repo: TestRepo | undefined;
afterEach(() => repo?.cleanup());

interface JsonFinding {
  rule: string;
  paths: string[];
  fix: { unstage: string[] };
}

function stageCruft(r: TestRepo): void {
  r.write(ENV_FILE, 'SECRET=1\n');
  mkdirSync(join(r.dir, PG_DIR, 'global'), { recursive: true });
  r.write(`${PG_DIR}/PG_VERSION`, '16\n');
  r.write(`${PG_DIR}/global/pg_control`, Buffer.alloc(8192));
  r.write('ordinary.txt', 'kept\n');
  r.git('add', '-A');
}

/** Index paths, exactly as git lists them. */
const indexPaths = (r: TestRepo): string[] => splitNul(spawnSync('git', ['ls-files', '-z'], { cwd: r.dir, env: r.env }).stdout);

/** The code spans of a Markdown (CommonMark) text: a run of n backticks up to the next run of exactly n. */
function codeSpans(text: string): string[] {
  const spans: string[] = [];
  const runs = [...text.matchAll(/`+/g)];
  for (let i = 0; i < runs.length; i++) {
    const open = runs[i]!;
    const close = runs.slice(i + 1).findIndex((r) => r[0].length === open[0].length);
    if (close < 0) continue;
    const end = runs[i + 1 + close]!;
    let span = text.slice(open.index! + open[0].length, end.index);
    // One space each side is padding when both are there (and the span is not all spaces).
    if (span.length > 2 && span.startsWith(' ') && span.endsWith(' ') && span.trim() !== '') span = span.slice(1, -1);
    spans.push(span);
    i += 1 + close;
  }
  return spans;
}

/** From the fix sentence on (the text before it names the paths, which may hold backticks of their own). */
const fixSentence = (text: string): string => text.slice(Math.max(0, text.search(/(Take (it|them) out of the commit|Remove (it|them) from the branch) with /)));

const gitCommands = (spans: string[]): string[] => spans.filter((s) => s.startsWith('git '));

/**
 * The JSON findings, and the commands each format prints, read back the way its reader reads them.
 * One run writes every format (the human report on standard output, the others to files, the
 * step summary to $GITHUB_STEP_SUMMARY), each the same bytes as a run of that format alone.
 */
function reports(r: TestRepo, args: string[]): { findings: JsonFinding[]; printed: Record<string, string[]> } {
  const file = (format: string): string => join(r.scratch, `report.${format}`);
  const summaryFile = join(r.scratch, 'summary.md');
  writeFileSync(summaryFile, '');
  const human = r.cli([...args, '--format', 'human', ...['json', 'sarif', 'codequality', 'github'].flatMap((f) => ['--format', f, '--output', file(f)])], {
    env: { GITHUB_STEP_SUMMARY: summaryFile },
  });
  expect(human.stderr).toBe('');
  const findings = (JSON.parse(readFileSync(file('json'), 'utf8')) as { findings: JsonFinding[] }).findings;
  const results = (JSON.parse(readFileSync(file('sarif'), 'utf8')) as { runs: Array<{ results: Array<{ message: { text: string } }> }> }).runs[0]!.results;
  const codequality = JSON.parse(readFileSync(file('codequality'), 'utf8')) as Array<{ description: string }>;
  const github = readFileSync(file('github'), 'utf8');
  // GFM splits table cells at `|` before anything else; `\|` is a literal bar, in code spans too.
  const summaryRows = readFileSync(summaryFile, 'utf8').split('\n').filter((l) => l.startsWith('| ') && l.includes('`git '));
  const printed = {
    human: human.stdout
      .split('\n')
      .filter((l) => /^\s+unstage:/.test(l))
      .map((l) => l.replace(/^\s+unstage:\s+/, '')),
    // The message names the paths first (exactly, backticks and all), then the fix: its sentence is where a reader copies from.
    sarif: results.flatMap((x) => gitCommands(codeSpans(fixSentence(x.message.text)))),
    codequality: codequality.flatMap((x) => gitCommands(codeSpans(fixSentence(x.description)))),
    annotations: workflowCommands(github).flatMap((c) => gitCommands(codeSpans(fixSentence(c.data.split('\n').find((l) => l.startsWith('Fix: ')) ?? '')))),
    summary: summaryRows.flatMap((row) => gitCommands(codeSpans(fixSentence(row.replace(/\\\|/g, '|'))))),
  };
  return { findings, printed };
}

/** Run each command in bash from the same index; each must remove exactly one finding's paths (with what lies under a folder). */
function expectExact(r: TestRepo, format: string, commands: string[], findings: JsonFinding[]): void {
  const index = join(r.dir, '.git', 'index');
  const saved = join(r.scratch, 'index.saved');
  copyFileSync(index, saved);
  const before = indexPaths(r);
  const covered = new Set<string>();
  for (const command of commands) {
    // Pasted: bash reads the line from its input, as from a terminal.
    const bash = spawnSync('bash', ['--norc', '--noprofile'], { cwd: r.dir, env: r.env, input: `${command}\n`, encoding: 'utf8' });
    expect(bash.status, `${format}: ${command}\n${bash.stderr}`).toBe(0);
    const after = new Set(indexPaths(r));
    const removed = before.filter((p) => !after.has(p));
    const finding = findings.find((f) => f.paths.length > 0 && sameSet(removed, before.filter((p) => f.paths.some((f) => p === f || (f.endsWith('/') && p.startsWith(f))))));
    expect(finding, `${format}: ${JSON.stringify(command)} removed ${JSON.stringify(removed)}`).toBeDefined();
    covered.add(finding!.rule);
    copyFileSync(saved, index);
  }
  expect([...covered].sort(), format).toEqual(findings.map((f) => f.rule).sort());
}

const sameSet = (a: string[], b: string[]): boolean => a.length === b.length && a.every((x) => b.includes(x));

describe('a pasted command names exactly the flagged paths, in every format', () => {
  it('staged, with a HEAD: git restore --staged', () => {
    repo = makeRepo();
    stageCruft(repo);
    const { findings, printed } = reports(repo, ['--staged']);
    expect(findings.map((f) => f.rule).sort()).toEqual(['database-directory', 'env-file']);
    // JSON carries the paths themselves: exactly the names git lists.
    expect(findings.flatMap((f) => f.fix.unstage).sort()).toEqual([ENV_FILE, `${PG_DIR}/`].sort());
    for (const [format, commands] of Object.entries(printed)) {
      expect(commands, format).toHaveLength(2);
      for (const c of commands) expect(c, format).toMatch(/^git restore --staged -- /);
      expectExact(repo, format, commands, findings);
    }
  });

  it('before the first commit: git rm --cached', () => {
    repo = makeRepo({ initialCommit: false });
    stageCruft(repo);
    const { findings, printed } = reports(repo, ['--staged']);
    for (const [format, commands] of Object.entries(printed)) {
      expect(commands, format).toHaveLength(2);
      for (const c of commands) expect(c, format).toMatch(/^git rm -r --cached -q -- /);
      expectExact(repo, format, commands, findings);
    }
  });

  it('a branch checked with --range: git rm -r --cached', () => {
    repo = makeRepo();
    repo.git('checkout', '-q', '-b', 'topic');
    stageCruft(repo);
    repo.commit('cruft');
    const args = ['--range', 'main...HEAD'];
    const { findings, printed } = reports(repo, args);
    expect(findings.map((f) => f.rule).sort()).toEqual(['database-directory', 'env-file']);
    // The terminal report of a range names no unstage command (nothing is staged); the others say how to remove the paths from the branch.
    for (const [format, commands] of Object.entries(printed)) {
      if (format === 'human') continue;
      expect(commands, format).toHaveLength(2);
      for (const c of commands) expect(c, format).toMatch(/^git rm -r --cached -- /);
      expectExact(repo, format, commands, findings);
    }
  });
});
