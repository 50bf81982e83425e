// Issue 16: the hook's report and question fit one screen. A student's `git add .` (homework, a
// PostgreSQL cluster made by the real initdb, a MariaDB data folder, a Redis dump, an SQLite file,
// node_modules/, .env, __pycache__/, a 60 MB file) is committed in a real terminal (tmux) of
// 80×24 and 120×40, with 1, 9 and 40 findings; what the terminal shows is read back:
// - the first line of the report and the question are both on screen (nothing scrolled away);
// - no line was wrapped by the terminal (capture-pane -J joins wrapped lines: nothing to join);
// - the menu reads as whole words (its phrases survive, joined across our own line breaks).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error — plain JavaScript module shared with the README's screen (scripts/student.mjs)
import { writeStudentProject } from '../../scripts/student.mjs';
import { copyRepo } from '../helpers/copy.js';
import { makeRepo, type TestRepo } from '../helpers/repo.js';
import { startPane, type Pane } from '../helpers/tmux.js';

let repo: TestRepo | undefined;
let pane: Pane | undefined;
afterEach(() => {
  pane?.kill();
  pane = undefined;
  // The shared scenarios are removed after the last test.
  if (repo && ![...templates.values()].includes(repo)) repo.cleanup();
  repo = undefined;
});

const KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----\n';

/**
 * A repository with the hook installed and `findings` findings staged, built once per file (the
 * real initdb, a 60 MB file, git add: over 100 MB, seconds to make or copy) and shared by the
 * tests that only read it: each commits and answers n or Enter, which stops the commit and
 * changes nothing (prompt.test.ts checks that), and the 40-finding tests check HEAD is unmoved.
 * A test that changes the repository takes a copy (copyRepo).
 */
const templates = new Map<number, TestRepo>();
afterAll(() => {
  for (const t of templates.values()) t.cleanup();
  hooked?.cleanup();
});
/** A fresh repository with the hook `cruft-check init` installs: made once (a CLI run), copied for each use. */
let hooked: TestRepo | undefined;
function withHook(): TestRepo {
  if (!hooked) {
    hooked = makeRepo();
    expect(hooked.cli(['init']).code).toBe(0);
  }
  return copyRepo(hooked);
}
function template(findings: 1 | 9 | 40): TestRepo {
  const made = templates.get(findings);
  if (made) return made;
  let r: TestRepo;
  if (findings === 40) {
    // The student's `git add .` (9 findings) and 31 deploy keys, one finding each, with long paths: 9 + 31 = 40.
    r = copyRepo(template(9));
    for (let i = 0; i < 31; i++) r.write(`deploy/servers/eu-west-${i}/keys/id_ed25519_student_${i}`, KEY);
  } else {
    r = withHook();
    if (findings === 1) r.tree({ 'app.py': 'print("hi")\n', '.env': 'PASSWORD=hunter2\n' });
    else writeStudentProject(r.dir);
  }
  r.git('add', '.');
  templates.set(findings, r);
  const json = JSON.parse(r.cli(['--staged', '--format', 'json']).stdout) as { findings: unknown[] };
  expect(json.findings).toHaveLength(findings);
  return r;
}
const scenario = template;

/** Commit on a terminal of the given size, up to the question. */
function commitOn(r: TestRepo, columns: number, rows: number): Pane {
  const p = startPane('git commit -m homework', { cwd: r.dir, env: { ...r.env, TERM: 'xterm-256color' }, columns, rows });
  p.waitFor(/Your choice \[/);
  return p;
}

function expectOneScreen(p: Pane, columns: number, rows: number): string[] {
  const screen = p.screen();
  expect(screen.length).toBeLessThanOrEqual(rows);
  // Nothing scrolled off: the first line written is the report's first line, still visible.
  expect(p.history()[0]).toMatch(/^cruft-check stopped this commit: /);
  expect(screen[0]).toMatch(/^cruft-check stopped this commit: /);
  expect(screen.some((l) => l.startsWith('Your choice ['))).toBe(true);
  // No line reached past the edge: the terminal wrapped nothing.
  expect(p.joined().map((l) => l.trimEnd())).toEqual(screen);
  for (const line of screen) expect(line.length).toBeLessThanOrEqual(columns);
  // Whole words: the menu's phrases read the same with our own line breaks taken out.
  const text = screen.join('\n').replace(/\n {5}/g, ' ');
  expect(text).toContain('n  stop here, change nothing (the default: just press Enter)');
  expect(text).toMatch(/y {2}commit anyway, with /);
  expect(text).toMatch(/u {2}take .+ out, add (it|them) to \.gitignore, stop/);
  expect(text).toMatch(/a {2}allow .+ for good \(\.cruftignore\) and commit/);
  expect(text).toContain('?  why, and how to do it by hand');
  return screen;
}

describe.each([
  [80, 24],
  [120, 40],
])('the hook on a %i×%i terminal', (columns, rows) => {
  it('1 finding: one line for it, then the question', () => {
    repo = scenario(1);
    pane = commitOn(repo, columns, rows);
    const screen = expectOneScreen(pane, columns, rows);
    expect(screen[0]).toBe('cruft-check stopped this commit: 1 problem.');
    expect(screen.filter((l) => /^ {2}✖ /.test(l))).toEqual([expect.stringMatching(/^ {2}✖ secrets file +\.env +1 file +17 B$/)]);
    expect(screen.join('\n')).toContain('y  commit anyway, with .env');
    pane.keys('n', 'Enter');
    expect(pane.exitCode()).toBe(1);
  });

  it('9 findings (the student\'s `git add .`): every one on its own line, grouped, then the question', () => {
    repo = scenario(9);
    pane = commitOn(repo, columns, rows);
    const screen = expectOneScreen(pane, columns, rows);
    expect(screen[0]).toBe('cruft-check stopped this commit: 8 problems, 1 to look at.');
    const rows9 = screen.filter((l) => /^ {2}[✖⚠] /.test(l));
    expect(rows9).toHaveLength(9);
    for (const [what, path] of [
      ['PostgreSQL data', 'pgdata/'],
      ['MySQL / MariaDB data', 'mysql-data/'],
      ['Redis data', 'dump.rdb'],
      ['SQLite data', 'homework/shop.sqlite3'],
      ['dependencies', 'node_modules/'],
      ['secrets file', '.env'],
      ['build output', 'homework/__pycache__/'],
      ['large file', 'lecture-recording.mp4'],
    ]) {
      expect(rows9.find((l) => l.includes(` ${what} `) && l.includes(` ${path} `)), `${what} ${path}`).toMatch(/\d+ files? +[\d.]+ (B|KiB|MiB)$/);
    }
    // Grouped by what to do: what `u` takes out first, what to look at after.
    const remove = screen.indexOf('Keep out of git (u takes them out and ignores them):');
    const look = screen.indexOf('Look before you commit:');
    expect(remove).toBeGreaterThanOrEqual(0);
    expect(look).toBeGreaterThan(remove);
    // (Its size depends on the database layouts recorded on this machine: a number and a unit.)
    expect(screen[look + 1]).toMatch(/^ {2}⚠ bulk add +\d+ new files in one commit +[\d.]+ (KiB|MiB|GiB)$/);
    pane.keys('n', 'Enter');
    expect(pane.exitCode()).toBe(1);
  });

  it('40 findings: the screen still fits; the rest is one line saying how to see it; ? shows them, then asks again', () => {
    repo = scenario(40);
    pane = commitOn(repo, columns, rows);
    const screen = expectOneScreen(pane, columns, rows);
    expect(screen[0]).toBe('cruft-check stopped this commit: 39 problems, 1 to look at.');
    const listed = screen.filter((l) => /^ {2}[✖⚠] /.test(l)).length;
    const more = screen.find((l) => /^ {2}… and \d+ more: press \? to see them all$/.test(l));
    expect(more).toBeDefined();
    expect(listed + Number(/and (\d+) more/.exec(more ?? '')?.[1])).toBe(40);
    expect(listed).toBeGreaterThan(rows === 40 ? 20 : 3);
    // `?`: the details (why, commands), then the same question again; `n` then stops.
    pane.keys('?', 'Enter');
    pane.waitFor(/More about a rule: cruft-check explain [\s\S]*Your choice \[/);
    const all = pane.history().join('\n');
    expect(all).toContain('why: A database server');
    expect(all).toContain('id_ed25519_student_30');
    pane.keys('n', 'Enter');
    expect(pane.exitCode()).toBe(1);
    expect(repo.git('rev-list', '--count', 'HEAD').trim()).toBe('1');
  });
});

describe('colour and marks', () => {
  it('TERM=dumb: ASCII marks, no escape sequences; FORCE_COLOR: colour even so', () => {
    repo = scenario(1);
    // tmux sets TERM for what runs in it: the command sets it back.
    const dumb = startPane('TERM=dumb git commit -m homework', { cwd: repo.dir, env: { ...repo.env, NO_COLOR: undefined }, columns: 80, rows: 24 });
    pane = dumb;
    dumb.waitFor(/Your choice \[/);
    const screen = dumb.screen();
    expect(screen.find((l) => l.includes('.env'))).toMatch(/^ {2}x secrets file/);
    expect(screen.join('\n')).not.toMatch(/[✖⚠ℹ✔…]/);
    dumb.keys('Enter');
    expect(dumb.exitCode()).toBe(1);
    dumb.kill();
    // The bytes the hook wrote: with FORCE_COLOR, bold and red escape sequences; never white or black text.
    const log = join(repo.scratch, 'typescript');
    const colored = startPane(`TERM=dumb script -qefc 'git commit -m homework' '${log}'`, {
      cwd: repo.dir,
      env: { ...repo.env, NO_COLOR: undefined, FORCE_COLOR: '1' },
      columns: 80,
      rows: 24,
    });
    pane = colored;
    colored.waitFor(/Your choice \[/);
    colored.keys('Enter');
    expect(colored.exitCode()).toBe(1);
    const bytes = readFileSync(log, 'utf8');
    expect(bytes).toContain('\u001b[1m');
    expect(bytes).toContain('\u001b[31m');
    expect(bytes).not.toMatch(/\u001b\[(30|37|97|40|47|107)m/);
  });

  it('NO_COLOR on a colour terminal: no escape sequences, Unicode marks', () => {
    repo = scenario(1);
    const log = join(repo.scratch, 'typescript');
    pane = startPane(`TERM=xterm-256color script -qefc 'git commit -m homework' '${log}'`, {
      cwd: repo.dir,
      env: { ...repo.env, NO_COLOR: '1' },
      columns: 80,
      rows: 24,
    });
    pane.waitFor(/Your choice \[/);
    pane.keys('Enter');
    expect(pane.exitCode()).toBe(1);
    const bytes = readFileSync(log, 'utf8');
    expect(bytes).toContain('✖ secrets file');
    expect(bytes.slice(bytes.indexOf('cruft-check stopped'))).not.toMatch(/\u001b\[[0-9;]*m/);
  });
});

describe('counts that match what is listed (issue 14, item 14)', () => {
  it('only .env staged, node_modules/ untracked: one problem, one error; the untracked folder is a note, not an error', () => {
    repo = withHook();
    repo.tree({ '.env': 'PASSWORD=hunter2\n', node_modules: { left: { 'package.json': '{}\n' } } });
    repo.git('add', '.env');
    // Without a terminal (a GUI client): the full report.
    const gui = spawnSync('setsid', ['-w', 'git', 'commit', '-m', 'x'], { cwd: repo.dir, env: repo.env, encoding: 'utf8' });
    expect(gui.status).toBe(1);
    expect(gui.stderr).toContain('cruft-check found 1 problem in what this commit adds (1 error):');
    expect(gui.stderr).toMatch(/note: untracked node_modules\//);
    // On a terminal: the screen's header says the same.
    pane = startPane('git commit -m x', { cwd: repo.dir, env: repo.env, columns: 80, rows: 24 });
    pane.waitFor(/Your choice \[/);
    const screen = pane.screen();
    expect(screen[0]).toBe('cruft-check stopped this commit: 1 problem, 1 untracked.');
    expect(screen.filter((l) => /^ {2}✖ /.test(l))).toHaveLength(1);
    expect(screen.filter((l) => /^ {2}⚠ dependencies +node_modules\//.test(l))).toHaveLength(1);
    pane.keys('Enter');
    expect(pane.exitCode()).toBe(1);
  });
});

describe('--verbose', () => {
  it('puts the full report (why, commands) above the question instead of the one screen', () => {
    repo = copyRepo(scenario(1));
    // The hook's command line, as a hook manager would give it.
    const hook = join(repo.dir, '.git', 'hooks', 'pre-commit');
    writeFileSync(hook, readFileSync(hook, 'utf8').replace(/--hook/g, '--hook --verbose'));
    pane = startPane('git commit -m homework', { cwd: repo.dir, env: repo.env, columns: 80, rows: 24 });
    pane.waitFor(/Your choice \[/);
    const all = pane.history().join('\n');
    expect(all).toContain('why: An .env file holds');
    expect(all).toContain('More about a rule: cruft-check explain env-file');
    expect(all).not.toContain('cruft-check stopped this commit');
    pane.keys('n', 'Enter');
    expect(pane.exitCode()).toBe(1);
  });
});
