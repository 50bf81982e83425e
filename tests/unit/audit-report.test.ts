// The audit's human report (src/report/audit.ts) and its progress line (src/report/progress.ts):
// pure functions, a report and options in, text out. No git: the reports are built here.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/model.js';
import { type AuditFinding, type AuditReport, filterRepoCommand, historyProgress, renderAuditHuman, REWRITE_WARNING } from '../../src/report/audit.js';
import { writeOutputs } from '../../src/report/output.js';
import { progressLine } from '../../src/report/progress.js';

const ESC = '\x1b[';

function finding(over: Partial<Finding> = {}, audit: Partial<AuditFinding['audit']> = {}): AuditFinding {
  const paths = over.paths ?? ['mongo_files/'];
  return {
    rule: 'database-folder',
    category: 'database',
    severity: 'error',
    title: 'MongoDB data folder',
    message: 'mongo_files/ holds a MongoDB data directory (WiredTiger files).',
    why: 'A database belongs in a volume, not in git.',
    paths,
    files: 3,
    bytes: 12_288,
    origin: 'staged',
    fix: { gitignore: ['mongo_files/'], unstage: paths },
    ...over,
    audit: {
      introducedIn: { commit: 'a'.repeat(40), date: '2024-03-01T10:00:00.000Z', subject: 'add the data' },
      commits: 1,
      historyBytes: 12_288,
      contents: 3,
      present: true,
      removeFromHistory: filterRepoCommand(paths),
      ...audit,
    },
  };
}

function report(mode: 'tree' | 'history', findings: AuditFinding[], audit: Partial<AuditReport['audit']> = {}): AuditReport {
  const count = { error: 0, warning: 0, info: 0 };
  for (const f of findings) count[f.severity]++;
  return {
    version: 1,
    scope: 'range',
    summary: { files: 40, bytes: 2_048_000, findings: count, blocking: count.error > 0 },
    findings,
    audit: { mode, rev: 'HEAD', commit: 'b'.repeat(40), commits: mode === 'history' ? 12 : 1, blobs: 25, warning: REWRITE_WARNING, ...audit },
  };
}

describe('renderAuditHuman', () => {
  it('nothing to flag: one line, counting files in a tree and distinct contents in a history', () => {
    expect(renderAuditHuman(report('tree', []), { color: false })).toBe('✔ cruft-check audit: nothing to flag in the tree of HEAD, 40 files (2.0 MiB).\n');
    expect(renderAuditHuman(report('history', []), { color: false })).toBe(
      '✔ cruft-check audit: nothing to flag in the history of HEAD (12 commits), 25 distinct file contents (2.0 MiB).\n',
    );
    expect(renderAuditHuman(report('tree', []), { color: false, ascii: true })).toMatch(/^ok cruft-check audit: nothing to flag/);
  });

  it('a tree finding: what, where, its weight, when it came, and the commands that stop tracking and remove it', () => {
    const text = renderAuditHuman(report('tree', [finding()]), { color: false });
    expect(text.split('\n')).toEqual([
      'cruft-check audit found 1 problem in the tree of HEAD:',
      '',
      '✖ error    MongoDB data folder  database-folder',
      '    mongo_files/ holds a MongoDB data directory (WiredTiger files).',
      '    mongo_files/',
      '    3 files, 12.0 KiB',
      `    introduced in ${'a'.repeat(12)} (2024-03-01) add the data`,
      '    stop tracking: git rm -r --cached -q -- mongo_files/',
      '    .gitignore:    mongo_files/',
      '    remove from history: git filter-repo --invert-paths --path mongo_files',
      '',
      `Careful: ${REWRITE_WARNING}`,
      'git filter-repo is a separate tool (https://github.com/newren/git-filter-repo); cruft-check never rewrites anything itself.',
      '',
    ]);
    expect(text).not.toContain(ESC);
  });

  it('a history finding: its weight in the history, other paths, whether it is still there; and the combined command', () => {
    const gone = finding({ paths: ['dump.sql'], rule: 'database-dump', title: 'Database dump', message: 'dump.sql is a SQL dump.' }, { present: false, contents: 2, historyBytes: 5_000_000, otherPaths: ['old/dump.sql'] });
    const text = renderAuditHuman(report('history', [finding(), gone]), { color: false });
    expect(text).toContain('    3 files over the history (3 distinct contents), 12.0 KiB in the history; still in HEAD\n');
    expect(text).toContain('    3 files over the history (2 distinct contents), 4.8 MiB in the history; deleted since, but every clone still holds it\n');
    expect(text).toContain('    the same contents also under (renamed or copied):\n    old/dump.sql\n');
    // Nothing to stop tracking once it is gone from the tree.
    expect(text.match(/stop tracking:/g)).toHaveLength(1);
    expect(text).toContain("To remove all of it from history at once:\n    git filter-repo --invert-paths --path mongo_files --path dump.sql --path old/dump.sql\n");
  });

  it('at most five paths, then how many more', () => {
    const paths = Array.from({ length: 8 }, (_, i) => `data/${i}.db`);
    const text = renderAuditHuman(report('tree', [finding({ paths })]), { color: false });
    expect(text).toContain('    data/4.db\n    … and 3 more\n');
    expect(text).not.toContain('data/5.db\n');
    expect(renderAuditHuman(report('tree', [finding({ paths })]), { color: false, ascii: true })).toContain('    ... and 3 more\n');
  });

  it('what the rewrite would leave empty: branches, and commits with no change left', () => {
    const text = renderAuditHuman(report('history', [finding()], { rewrite: { emptiedBranches: ['main'], emptiedCommits: 7, emptiedSample: ['c'.repeat(40), 'd'.repeat(40)] } }), { color: false });
    expect(text).toContain('This rewrite empties main: every file in its tree is removed and nothing is left.');
    expect(text).toContain(`It leaves 7 commits with no change at all (${'c'.repeat(12)}, ${'d'.repeat(12)}, …): git filter-repo drops them`);
  });

  it('colour only when asked, and a name cannot carry escape sequences to the terminal', () => {
    const evil = finding({ paths: ['x\x1b[2Jy/'], message: 'bad \x1b]0;title\x07 name' });
    const plain = renderAuditHuman(report('tree', [evil]), { color: false });
    expect(plain).not.toContain('\x1b');
    const coloured = renderAuditHuman(report('tree', [evil]), { color: true });
    expect(coloured).toContain(`${ESC}1mCareful:`);
    expect(coloured.replace(/\x1b\[[0-9;]*m/g, '')).toBe(plain);
  });

  it('wraps prose at the width given, never a command or a path', () => {
    const long = finding({ paths: ['a-folder-with-a-rather-long-name/'] });
    const unwrapped = renderAuditHuman(report('history', [long], { rewrite: { emptiedBranches: ['main'] } }), { color: false });
    const text = renderAuditHuman(report('history', [long], { rewrite: { emptiedBranches: ['main'] } }), { color: true, width: 60 });
    const lines = text.replace(/\x1b\[[0-9;]*m/g, '').split('\n');
    const commands = lines.filter((l) => /stop tracking:|remove from history:/.test(l));
    expect(commands).toEqual([
      '    stop tracking: git rm -r --cached -q -- a-folder-with-a-rather-long-name/',
      '    remove from history: git filter-repo --invert-paths --path a-folder-with-a-rather-long-name',
    ]);
    for (const l of lines) if (!commands.includes(l)) expect(l.length, l).toBeLessThanOrEqual(60);
    // Every word is still there, and the warning still starts in bold.
    const words = (s: string): string[] => s.split(/\s+/).filter(Boolean);
    expect(words(lines.join(' '))).toEqual(words(unwrapped));
    expect(text).toContain(`${ESC}1mCareful:`);
    expect(text).toContain(`${ESC}1mThis rewrite empties`);
  });
});

describe('the audit through the output path other formats use', () => {
  it('writes its own human report to a file (no colour), and JSON as a check writes it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-report-'));
    try {
      const r = report('tree', [finding()]);
      const human = join(dir, 'sub', 'audit.txt');
      const json = join(dir, 'audit.json');
      await writeOutputs(r, [{ format: 'human', file: human }, { format: 'json', file: json }], {
        rules: [],
        hasHead: true,
        color: true,
        env: {},
        width: 40,
        human: (report, style) => renderAuditHuman(report as AuditReport, style),
      });
      expect(readFileSync(human, 'utf8')).toBe(renderAuditHuman(r, { color: false }));
      expect(JSON.parse(readFileSync(json, 'utf8'))).toEqual(JSON.parse(JSON.stringify(r)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('filterRepoCommand and the progress line', () => {
  it('names folders without their slash and quotes what the shell would split', () => {
    expect(filterRepoCommand(['node_modules/', "it's here.db", 'a b/'])).toBe("git filter-repo --invert-paths --path node_modules --path 'it'\\''s here.db' --path 'a b'");
  });

  it('says how far the history walk has got', () => {
    expect(historyProgress(12345, 1234567)).toBe('cruft-check audit: 12,345 commits, 1,234,567 objects…');
  });

  it('draws on a terminal at most every 150 ms, builds the text only then, and erases itself', () => {
    const written: string[] = [];
    const stream = { isTTY: true, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
    let now = 1000;
    let built = 0;
    const line = progressLine(stream, () => now);
    const text = (): string => `step ${++built}`;
    line.update(text);
    now += 100;
    line.update(text);
    now += 100;
    line.update(text);
    line.clear();
    expect(written).toEqual(['\r\x1b[Kstep 1', '\r\x1b[Kstep 2', '\r\x1b[K']);
    expect(built).toBe(2);
  });

  it('writes nothing when not a terminal', () => {
    const written: string[] = [];
    const line = progressLine({ isTTY: false, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream);
    line.update(() => 'x');
    line.clear();
    expect(written).toEqual([]);
  });
});
