// `cruft-check audit --repos`: many repositories, one report — real clones in temp folders, the
// HTML report rendered by a real headless Chromium, shards combined with --merge.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error — plain JavaScript module shared with the demo
import { writeMongoDbPath } from '../../scripts/layouts/mongodb.mjs';
import { makeRepo, type TestRepo } from '../helpers/repo.js';

interface Row {
  path: string;
  name: string;
  verdict: string;
  error?: string;
  categories: Record<string, number>;
  bytes: { head: number; history?: number };
  findings: Array<{ rule: string; headBytes: number; historyBytes?: number }>;
}
interface Doc {
  kind: string;
  history: boolean;
  repositories: Row[];
}

// One workspace: `home` runs the command; the repositories are siblings of it.
let home: TestRepo;
let root: string;
const REPOS = ['mongo-shop', 'clean-blog', 'deps-app', 'history-only'];

beforeAll(() => {
  home = makeRepo({ name: 'home' });
  root = join(home.dir, '..');
  const make = (name: string, setup: (r: TestRepo) => void): void => {
    const r = makeRepo({ name });
    setup(r);
    // Move the repository beside home (makeRepo makes its own temp folder).
    renameSync(r.dir, join(root, name));
    r.cleanup();
  };
  make('mongo-shop', (r) => {
    writeMongoDbPath(join(r.dir, 'mongo_files'), { scale: 0.02 });
    r.git('add', '.');
    r.commit('db');
  });
  make('clean-blog', (r) => {
    r.write('post.md', '# hello\n');
    r.git('add', '.');
    r.commit('post');
  });
  make('deps-app', (r) => {
    r.tree({ node_modules: { x: { 'index.js': 'module.exports = 1;\n', 'package.json': '{}\n' } } });
    r.git('add', '.');
    r.commit('deps');
  });
  // Committed, then deleted: only an audit of the history sees it.
  make('history-only', (r) => {
    r.tree({ node_modules: { y: { 'index.js': 'module.exports = 2;\n' } } });
    r.git('add', '.');
    r.commit('deps');
    r.git('rm', '-r', '-q', 'node_modules');
    r.commit('remove deps');
  });
  mkdirSync(join(root, 'not-a-repo'));
}, 120_000);
afterAll(() => home?.cleanup());

const run = (args: string[], env: Record<string, string> = {}) => home.cli(['audit', ...args], { env });
const json = (args: string[]): { code: number; doc: Doc; stderr: string } => {
  const r = run([...args, '--format', 'json']);
  return { code: r.code, doc: JSON.parse(r.stdout || '{}') as Doc, stderr: r.stderr };
};
const paths = [...REPOS, 'not-a-repo', 'missing'].map((n) => `../${n}`);

/**
 * `audit --repos <paths>` over the workspace, which no test changes: run once, with every report a
 * test reads from it (the table on standard output, JSON and Markdown to files), read by four tests.
 */
let allRepos: { code: number; doc: Doc; stderr: string; table: string; markdown: string } | undefined;
function jsonAllRepos(): NonNullable<typeof allRepos> {
  if (allRepos) return allRepos;
  const jsonFile = join(home.scratch, 'all.json');
  const mdFile = join(home.scratch, 'all.md');
  const r = run(['--repos', ...paths, '--format', 'human', '--format', 'json', '--output', jsonFile, '--format', 'markdown', '--output', mdFile]);
  const read = (file: string): string => readFileSync(file, 'utf8');
  return (allRepos = { code: r.code, stderr: r.stderr, table: r.stdout, doc: JSON.parse(read(jsonFile)) as Doc, markdown: read(mdFile) });
}

/** `audit --repos <paths> --history` the same way: its JSON and its HTML report, read by two tests. */
let historyRepos: { code: number; doc: Doc; stderr: string; htmlFile: string } | undefined;
function historyAllRepos(): NonNullable<typeof historyRepos> {
  if (historyRepos) return historyRepos;
  const jsonFile = join(home.scratch, 'history.json');
  const htmlFile = join(home.scratch, 'report.html');
  const r = run(['--repos', ...paths, '--history', '--format', 'json', '--output', jsonFile, '--format', 'html', '--output', htmlFile]);
  return (historyRepos = { code: r.code, stderr: r.stderr, doc: JSON.parse(readFileSync(jsonFile, 'utf8')) as Doc, htmlFile });
}

describe('audit --repos', () => {
  it('one row per repository, an unreadable one a row with its error, exit 1 when one is blocked', () => {
    const { code, doc, stderr } = jsonAllRepos();
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(doc.kind).toBe('cruft-check-audit-repos');
    expect(doc.repositories.map((r) => [r.path, r.verdict])).toEqual([
      ['../mongo-shop', 'blocked'],
      ['../clean-blog', 'clean'],
      ['../deps-app', 'blocked'],
      ['../history-only', 'clean'],
      ['../not-a-repo', 'unreadable'],
      ['../missing', 'unreadable'],
    ]);
    const byName = new Map(doc.repositories.map((r) => [r.name, r]));
    expect(byName.get('mongo-shop')?.categories).toEqual({ database: 1 });
    expect(byName.get('mongo-shop')?.bytes.head).toBeGreaterThan(0);
    expect(byName.get('deps-app')?.categories).toEqual({ dependencies: 1 });
    expect(byName.get('not-a-repo')?.error).toMatch(/not a git repository/);
    expect(byName.get('missing')?.error).toMatch(/no such folder/);
  });

  it('--history adds what the history holds: a deleted dependency tree counts there, not in HEAD', () => {
    const { doc, stderr } = historyAllRepos();
    expect(stderr).toBe('');
    const row = doc.repositories.find((r) => r.name === 'history-only');
    expect(row?.verdict).toBe('blocked');
    expect(row?.bytes.head).toBe(0);
    expect(row?.bytes.history).toBe(Buffer.byteLength('module.exports = 2;\n'));
    expect(doc.history).toBe(true);
  });

  it('--jobs 1 and the default give the same report; --repos-from reads a list with comments', () => {
    const one = json(['--repos', '--jobs', '1', ...paths]).doc;
    const many = jsonAllRepos().doc;
    expect(many).toEqual(one);
    const list = join(home.scratch, 'repos.txt');
    writeFileSync(list, `# the class of 2026\n${paths.join('\n')}\n\n`);
    expect(json(['--repos-from', list]).doc).toEqual(one);
  });

  it('--merge combines shards into the report of one run', () => {
    const whole = jsonAllRepos().doc;
    const a = join(home.scratch, 'a.json');
    const b = join(home.scratch, 'b.json');
    expect(run(['--repos', ...paths.slice(0, 3), '--format', 'json', '--output', a]).code).toBe(1);
    expect(run(['--repos', ...paths.slice(3), '--format', 'json', '--output', b]).code).toBe(2); // unreadable rows, none blocked
    const merged = json(['--merge', a, b]);
    expect(merged.doc).toEqual(whole);
    expect(merged.code).toBe(1);
  });

  it('a table on the terminal and Markdown for a step summary, one row per repository', () => {
    const { table, markdown: md } = jsonAllRepos();
    for (const p of paths) expect(table).toContain(p);
    expect(table).toMatch(/6 repositories: 2 blocked, 2 clean, 2 unreadable/);
    const rows = md.split('\n').filter((l) => l.startsWith('| ../'));
    expect(rows).toHaveLength(6);
    const header = md.split('\n').find((l) => l.startsWith('| repository'));
    // Every row has as many cells as the header.
    for (const r of rows) expect(r.split(' | ').length).toBe(header?.split(' | ').length);
  });

  it('bad input is one line on stderr and exit 2', () => {
    const list = join(home.scratch, 'nope.txt');
    const bad = join(home.scratch, 'bad.json');
    writeFileSync(bad, '{"version": 1}');
    for (const args of [['--repos'], ['--repos-from', list], ['--merge', bad], ['--merge'], ['--repos', '../clean-blog', '--jobs', '0'], ['--repos', '../clean-blog', '--format', 'sarif']]) {
      const r = run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(home.cli(['--jobs', '2']).code).toBe(2);
  });
});

describe('the HTML report in a real browser', () => {
  it('renders every repository row and the bar chart, with nothing to fetch', () => {
    const { code, htmlFile: file } = historyAllRepos();
    expect(code).toBe(1);
    const html = readFileSync(file, 'utf8');
    expect(html).not.toMatch(/<script|<link|src=|url\(/i);
    const profile = mkdtempSync(join(tmpdir(), 'cruft-check-chromium-'));
    try {
      const r = spawnSync(
        'chromium',
        ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', `--user-data-dir=${profile}`, '--dump-dom', `file://${file}`],
        { encoding: 'utf8', timeout: 90_000 },
      );
      // Debian's chromium (.ci/run installs it). Without it this test fails: it must not pass unseen.
      expect(r.error, 'chromium is not installed (apt-get install -y chromium): the HTML report was NOT checked in a browser').toBeUndefined();
      expect(r.status, r.stderr).toBe(0);
      const dom = r.stdout;
      const rows = [...dom.matchAll(/<tr class="repo (\w+)" data-repo="([^"]+)"/g)].map((m) => [m[2], m[1]]);
      expect(rows).toEqual([
        ['../mongo-shop', 'blocked'],
        ['../clean-blog', 'clean'],
        ['../deps-app', 'blocked'],
        ['../history-only', 'blocked'],
        ['../not-a-repo', 'unreadable'],
        ['../missing', 'unreadable'],
      ]);
      expect(dom).toMatch(/<svg id="chart"/);
      const bars = [...dom.matchAll(/<g class="bar (\w+)" data-repo="([^"]+)">.*?<rect [^>]*width="(\d+)"/g)].map((m) => [m[2], Number(m[3])]);
      expect(bars.map(([p]) => p)).toEqual(paths);
      // The heaviest repository has the longest bar; a clean one none.
      const width = new Map(bars as Array<[string, number]>);
      expect(width.get('../mongo-shop')).toBeGreaterThan(width.get('../deps-app') ?? 0);
      expect(width.get('../clean-blog')).toBe(0);
      expect(dom.match(/<details id="repo-/g)).toHaveLength(6);
      // Text from a repository is text: a folder named like markup does not become an element.
      const evil = join(root, 'evil<b id="injected">x<i>');
      mkdirSync(evil);
      const hostile = join(home.scratch, 'hostile.html');
      run(['--repos', evil, '--format', 'html', '--output', hostile]);
      const again = spawnSync(
        'chromium',
        ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', `--user-data-dir=${profile}`, '--dump-dom', `file://${hostile}`],
        { encoding: 'utf8', timeout: 90_000 },
      );
      expect(again.status, again.stderr).toBe(0);
      expect(again.stdout).not.toMatch(/<b id="injected"/);
      expect(again.stdout).toContain('evil&lt;b id=');
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  }, 120_000);
});
