// Every renderer on one fixed report, compared with golden files (gitleaks' testdata/expected/report),
// plus the properties the goldens cannot show: SARIF against the official schema, GitHub's
// workflow commands read back the way the runner reads them, hostile paths kept harmless.
import { describe, expect, it } from 'vitest';
import type { Report, Rule } from '../../src/model.js';
import { renderGithub, renderGithubSummary, escapeData, escapeProperty } from '../../src/report/github.js';
import { renderHuman } from '../../src/report/human.js';
import { renderJson } from '../../src/report/json.js';
import { pathToUri, renderSarif } from '../../src/report/sarif.js';
import { RULES } from '../../src/rules/index.js';
import { workflowCommands } from '../helpers/github.js';
import { sarifErrors } from '../helpers/sarif.js';

const GOLDEN = (name: string): string => new URL(`./__golden__/${name}`, import.meta.url).pathname;

// Rule metadata is fixed here (not taken from RULES) so the goldens change when a renderer
// changes, not whenever the catalogue's wording does.
const stub = (id: string, category: Rule['category'], severity: Rule['severity'], title: string, why: string, fix: string): Rule => ({
  id,
  category,
  severity,
  title,
  why,
  fix,
  examples: { flagged: [], clean: [] },
  detect: () => [],
});
const RULE_SET: Rule[] = [
  stub(
    'database-directory',
    'database',
    'error',
    'Database working files',
    "A database server's working files are binary, large and rewritten on every start.",
    'Unstage the directory and add it to .gitignore; keep a dump or seed script instead.',
  ),
  stub('dependency-directory', 'dependencies', 'error', 'Installed dependencies', 'Installed packages are rebuilt from the lock file.', 'Add the folder to .gitignore; commit the lock file.'),
  stub('bulk-add', 'bulk-add', 'warning', 'Many new files at once', 'A commit this large is usually a `git add .` that swept in more than intended.', 'Look at `git status` and unstage what does not belong.'),
];

const COMMA_PATH = 'web, v2: 50%/node_modules/';
const NEWLINE_PATH = 'evil\n::error title=forged::x/';
const ESCAPE_PATH = 'tab\there/\u001b[2Jclear/node_modules/';

const REPORT: Report = {
  version: 1,
  scope: 'range',
  summary: { files: 265, bytes: 2_803_626, findings: { error: 2, warning: 1, info: 1 }, blocking: true },
  findings: [
    {
      rule: 'database-directory',
      category: 'database',
      severity: 'error',
      title: 'Database working files',
      message: 'MongoDB (WiredTiger) working directory',
      why: "A database server's working files are binary, large and rewritten on every start.",
      paths: ['mongo_files/'],
      files: 19,
      bytes: 2_741_746,
      origin: 'range',
      fix: { gitignore: ['/mongo_files/'], unstage: [] },
      data: { engine: 'mongodb-wiredtiger', engineName: 'MongoDB (WiredTiger)', directory: 'mongo_files/' },
    },
    {
      rule: 'dependency-directory',
      category: 'dependencies',
      severity: 'error',
      title: 'Installed dependencies',
      message: 'node_modules',
      why: 'Installed packages are rebuilt from the lock file.',
      paths: [COMMA_PATH],
      files: 3,
      bytes: 5_120,
      origin: 'range',
      fix: { gitignore: ['/web, v2: 50%/node_modules/'], unstage: [] },
    },
    {
      rule: 'bulk-add',
      category: 'bulk-add',
      severity: 'warning',
      title: 'Many new files at once',
      message: '240 new files (2.7 MiB) in 4 new top-level folders',
      why: 'A commit this large is usually a `git add .` that swept in more than intended.',
      paths: [],
      files: 240,
      bytes: 2_790_000,
      origin: 'range',
      fix: { gitignore: [], unstage: [] },
      tree: [
        { path: 'mongo_files/', files: 19, bytes: 2_741_746 },
        { path: 'src/', files: 200, bytes: 40_000, children: [{ path: 'src/app/', files: 150, bytes: 30_000 }] },
        { path: '… 2 more', files: 21, bytes: 8_254 },
      ],
    },
    {
      rule: 'dependency-directory',
      category: 'dependencies',
      severity: 'info',
      title: 'Installed dependencies',
      message: 'node_modules',
      why: 'Installed packages are rebuilt from the lock file.',
      paths: [NEWLINE_PATH, ESCAPE_PATH],
      files: 3,
      bytes: 760,
      origin: 'range',
      fix: { gitignore: ['/evil\n::error title=forged::x/'], unstage: [] },
    },
  ],
};

const OPTS = { rules: RULE_SET, version: '0.0.0-test', docsUrl: 'https://docs.example/cruft-check', hasHead: true };

describe('golden reports', () => {
  it('human', async () => {
    await expect(renderHuman(REPORT, { color: false, hasHead: true })).toMatchFileSnapshot(GOLDEN('report.txt'));
  });
  it('json', async () => {
    await expect(renderJson(REPORT)).toMatchFileSnapshot(GOLDEN('report.json'));
  });
  it('sarif', async () => {
    await expect(renderSarif(REPORT, OPTS)).toMatchFileSnapshot(GOLDEN('report.sarif'));
  });
  it('github annotations', async () => {
    await expect(renderGithub(REPORT, OPTS)).toMatchFileSnapshot(GOLDEN('report.github.txt'));
  });
  it('github step summary', async () => {
    await expect(renderGithubSummary(REPORT, OPTS)).toMatchFileSnapshot(GOLDEN('report.github-summary.md'));
  });
});

describe('sarif', () => {
  const sarif = JSON.parse(renderSarif(REPORT, OPTS));
  const run = sarif.runs[0];

  it('validates against the SARIF 2.1.0 schema', () => {
    expect(sarifErrors(sarif)).toEqual([]);
  });

  it('the schema check is real: a broken document fails it', () => {
    const broken = structuredClone(sarif);
    broken.runs[0].results[0].level = 'info'; // SARIF has no "info" level: it is "note"
    broken.runs[0].results[1].locations[0].physicalLocation.artifactLocation.uri = 'a b/';
    expect(sarifErrors(broken).length).toBeGreaterThanOrEqual(2);
  });

  it('lists every rule of the catalogue, with help text and a help URI, even without results', () => {
    const real = JSON.parse(renderSarif({ ...REPORT, findings: [] }, { ...OPTS, rules: RULES }));
    expect(sarifErrors(real)).toEqual([]);
    const rules = real.runs[0].tool.driver.rules as Array<{ id: string; help: { text: string }; helpUri: string; defaultConfiguration: { level: string } }>;
    expect(rules.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
    for (const [i, r] of rules.entries()) {
      expect(r.help.text).toContain(RULES[i]?.why);
      expect(r.helpUri).toBe(`https://docs.example/cruft-check#${r.id}`);
      expect(r.defaultConfiguration.level).toBe({ error: 'error', warning: 'warning', info: 'note' }[RULES[i]?.severity ?? 'error']);
    }
    expect(real.runs[0].results).toEqual([]);
  });

  it('one result per finding, info becomes note, ruleIndex points at the rule', () => {
    expect(run.results.map((r: { ruleId: string; level: string }) => `${r.ruleId}:${r.level}`)).toEqual([
      'database-directory:error',
      'dependency-directory:error',
      'bulk-add:warning',
      'dependency-directory:note',
    ]);
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
  });

  it('locations: one per path, percent-encoded, directories with a trailing slash and no region', () => {
    const uris = run.results.map((r: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) =>
      r.locations.map((l) => l.physicalLocation.artifactLocation.uri),
    );
    expect(uris[0]).toEqual(['mongo_files/']);
    expect(uris[1]).toEqual(['web%2C%20v2%3A%2050%25/node_modules/']);
    expect(uris[1].map(decodeURIComponent)).toEqual([COMMA_PATH]);
    expect(uris[3].map(decodeURIComponent)).toEqual([NEWLINE_PATH, ESCAPE_PATH]);
    // bulk-add names no path of its own: its new top-level folders stand in (the "… 2 more" row does not).
    expect(uris[2]).toEqual(['mongo_files/', 'src/']);
    expect(run.results[0].locations[0].physicalLocation.region).toBeUndefined();
    const file = JSON.parse(renderSarif({ ...REPORT, findings: [{ ...REPORT.findings[0]!, paths: ['.env'] }] }, OPTS));
    expect(file.runs[0].results[0].locations[0].physicalLocation.region).toEqual({ startLine: 1 });
  });

  it('at most 100 locations per result (GitHub shows no more), the rest counted in the message', () => {
    const paths = Array.from({ length: 150 }, (_, i) => `pkg${i}/node_modules/`);
    const big = JSON.parse(renderSarif({ ...REPORT, findings: [{ ...REPORT.findings[1]!, paths }] }, OPTS));
    expect(big.runs[0].results[0].locations).toHaveLength(100);
    expect(big.runs[0].results[0].message.text).toContain('50 more paths are not listed');
    expect(sarifErrors(big)).toEqual([]);
  });

  it('fingerprints are stable across runs and differ between findings', () => {
    const again = JSON.parse(renderSarif(REPORT, OPTS));
    const prints = run.results.map((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints['cruftCheckPaths/v1']);
    expect(again.runs[0].results.map((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints['cruftCheckPaths/v1'])).toEqual(prints);
    expect(new Set(prints).size).toBe(prints.length);
  });

  it('pathToUri keeps slashes and encodes everything a URI reference cannot hold', () => {
    expect(pathToUri('a b/c#d?e%f/')).toBe('a%20b/c%23d%3Fe%25f/');
    expect(pathToUri('db:1/x')).toBe('db%3A1/x'); // never read as a URI scheme
    expect(pathToUri('café/ü.txt')).toBe('caf%C3%A9/%C3%BC.txt');
  });
});

describe('github workflow commands', () => {
  const out = renderGithub(REPORT, OPTS);
  const commands = workflowCommands(out);

  it('escapes data and properties exactly as the toolkit does', () => {
    expect(escapeData('100% done\r\nnext')).toBe('100%25 done%0D%0Anext');
    expect(escapeProperty('a%b\r\nc:d,e')).toBe('a%25b%0D%0Ac%3Ad%2Ce');
    // `%` first, so an already escaped-looking text survives: `%0A` stays the three characters.
    expect(escapeData('%0A')).toBe('%250A');
  });

  it('one command per finding, on one line each, with the level mapped to error/warning/notice', () => {
    expect(out.split('\n').filter(Boolean)).toHaveLength(REPORT.findings.length);
    expect(commands.map((c) => c.command)).toEqual(['error', 'error', 'warning', 'notice']);
  });

  it('the runner reads back the exact paths and titles', () => {
    expect(commands[0]?.properties).toEqual({ file: 'mongo_files/', title: 'Database working files (database-directory)' });
    expect(out).toContain(`::error file=web%2C v2%3A 50%25/node_modules/,title=Installed dependencies (dependency-directory)::`);
    expect(commands[1]?.properties.file).toBe(COMMA_PATH);
    // A newline in a name cannot start a forged command: it is %0A, and GitHub gets the name back whole.
    expect(commands[3]?.properties.file).toBe(NEWLINE_PATH);
    expect(commands.some((c) => c.properties.title === 'forged')).toBe(false);
  });

  it('the message says what, where, why and how to fix it', () => {
    const data = commands[0]?.data ?? '';
    expect(data.split('\n')).toEqual([
      'MongoDB (WiredTiger) working directory: mongo_files/ (19 files, 2.6 MiB)',
      "Why: A database server's working files are binary, large and rewritten on every start.",
      "Fix: Remove it from the branch with `git rm -r --cached -- mongo_files/` and add `/mongo_files/` to .gitignore, then commit; the files stay in the branch history until it is squashed or rewritten.",
      'Docs: https://docs.example/cruft-check#database-directory',
    ]);
  });

  it('terminal control characters in names are shown escaped, never written raw', () => {
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    expect(commands[3]?.data).toContain('tab\\there/\\x1b[2Jclear/node_modules/');
  });

  it('nothing to report prints nothing', () => {
    expect(renderGithub({ ...REPORT, findings: [] }, OPTS)).toBe('');
  });

  it('outside --range the fix is the unstage command', () => {
    const staged: Report = { ...REPORT, scope: 'staged', findings: [{ ...REPORT.findings[0]!, origin: 'staged', fix: { gitignore: ['/mongo_files/'], unstage: ['mongo_files/'] } }] };
    expect(workflowCommands(renderGithub(staged, OPTS))[0]?.data).toContain('Fix: Take it out of the commit with `git restore --staged -- mongo_files/`');
  });
});

describe('github step summary', () => {
  const md = renderGithubSummary(REPORT, OPTS);

  it('one table row per finding, whatever the names hold', () => {
    const rows = md.split('\n').filter((l) => l.startsWith('| '));
    expect(rows).toHaveLength(2 + REPORT.findings.length); // header, separator, findings
    for (const row of rows.slice(2)) expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(8);
  });

  it('says so when there is nothing to flag', () => {
    expect(renderGithubSummary({ ...REPORT, summary: { ...REPORT.summary, blocking: false }, findings: [] }, OPTS)).toMatch(/^### ✅ cruft-check: nothing to flag/);
  });
});
