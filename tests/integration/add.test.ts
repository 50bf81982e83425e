// `cruft-check add`: a `git add --all` that leaves cruft out, in real repositories. What is
// staged is read back from git's index, never from cruft-check's own output.
import { readFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeRepo, type TestRepo } from '../helpers/repo.js';
import { hashWorkTree, stagedNames } from '../helpers/snapshot.js';

let repo: TestRepo;
afterEach(() => repo.cleanup());

/** A node project a learner has just run `npm install` in, with a secret and OS junk lying around. */
function learnerProject(): void {
  repo.tree({
    'package.json': '{"name":"app"}\n',
    src: { 'index.js': 'console.log(1)\n' },
    node_modules: { left: { 'index.js': 'module.exports = 1\n', 'package.json': '{}\n' } },
    '.env': 'PASSWORD=hunter2\n',
    '.DS_Store': Buffer.from([0, 0, 0, 1, 0x42, 0x75, 0x64, 0x31]),
  });
}

const untracked = (): string[] => repo.git('ls-files', '--others', '--exclude-standard', '--directory', '-z').split('\0').filter(Boolean).sort();

describe('cruft-check add', () => {
  it('stages new, modified and deleted files but leaves the cruft out, touching no file', () => {
    repo = makeRepo();
    repo.write('old.txt', 'old\n');
    repo.git('add', 'old.txt');
    repo.commit('old');
    learnerProject();
    repo.write('README.md', '# changed\n');
    rmSync(join(repo.dir, 'old.txt'));
    const before = hashWorkTree(repo.dir);

    const r = repo.cli(['add']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(stagedNames(repo).sort()).toEqual(['D old.txt', 'M README.md', 'A package.json', 'A src/index.js'].sort());
    expect(untracked()).toEqual(['.DS_Store', '.env', 'node_modules/']);
    expect(hashWorkTree(repo.dir)).toEqual(before);
    // The screen: counts by top folder, what was left out and why, the .gitignore lines.
    expect(r.stdout).toMatch(/staged 3 files and 1 deletion/);
    expect(r.stdout).toMatch(/src\/\s+1 file/);
    expect(r.stdout).toMatch(/node_modules\/ .*dependency-directory/);
    expect(r.stdout).toMatch(/\.env .*env-file/);
    expect(r.stdout).toMatch(/\.gitignore lines that keep them out for good: .*node_modules\/.*\(--ignore writes them\)/);
    expect(existsSync(join(repo.dir, '.gitignore'))).toBe(false);
  });

  it('--ignore writes the lines through fix, which git then honours; --strict exits 1 when something was left out', () => {
    repo = makeRepo();
    learnerProject();
    const r = repo.cli(['add', '--ignore', '--strict']);
    expect(r.code).toBe(1);
    const gitignore = readFileSync(join(repo.dir, '.gitignore'), 'utf8');
    expect(gitignore).toContain('# added by cruft-check\n');
    expect(gitignore).toMatch(/^node_modules\/$/m);
    expect(untracked()).toEqual(['.gitignore']);
    // Run again: nothing is left out any more, and the .gitignore is staged like any file.
    const again = repo.cli(['add', '--strict']);
    expect(again.code).toBe(0);
    expect(stagedNames(repo)).toContain('A .gitignore');
    expect(readFileSync(join(repo.dir, '.gitignore'), 'utf8')).toBe(gitignore);
  });

  it('--dry-run stages nothing and says what it would stage', () => {
    repo = makeRepo();
    learnerProject();
    const r = repo.cli(['add', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/would stage 2 files/);
    expect(stagedNames(repo)).toEqual([]);
  });

  it('respects .cruftignore: a path allowed there is staged', () => {
    repo = makeRepo();
    learnerProject();
    repo.write('.cruftignore', '# the demo credentials are fake\n/.env\n');
    expect(repo.cli(['add']).code).toBe(0);
    expect(stagedNames(repo)).toContain('A .env');
    expect(stagedNames(repo)).not.toContain('A .DS_Store');
  });

  it('never unstages: cruft staged before stays staged, and a staged file deleted since keeps its index copy', () => {
    repo = makeRepo();
    repo.write('debug.log', 'x\n');
    repo.write('notes.txt', 'only copy\n');
    repo.git('add', 'debug.log', 'notes.txt');
    rmSync(join(repo.dir, 'notes.txt'));
    repo.write('app.py', 'print(1)\n');
    const r = repo.cli(['add']);
    expect(r.code).toBe(0);
    expect(stagedNames(repo).sort()).toEqual(['A app.py', 'A debug.log', 'A notes.txt']);
    expect(r.stdout).toMatch(/already staged before.*debug\.log/);
    expect(r.stdout).toMatch(/cruft-check fix/);
    expect(r.stdout).toMatch(/kept staged: notes\.txt/);
  });

  it('with pathspecs, stages and reports only inside them, relative to the current folder', () => {
    repo = makeRepo();
    learnerProject();
    repo.write('docs/guide.md', '# guide\n');
    repo.write('src/.env', 'TOKEN=1\n');
    const r = repo.cli(['add', '.'], { cwd: join(repo.dir, 'src') });
    expect(r.code).toBe(0);
    expect(stagedNames(repo)).toEqual(['A src/index.js']);
    expect(r.stdout).toMatch(/src\/\.env/);
    expect(r.stdout).not.toMatch(/node_modules/);
  });

  it('a pathspec that matches nothing and an unknown option are bad input: one line, exit 2, nothing staged', () => {
    repo = makeRepo();
    learnerProject();
    const r = repo.cli(['add', 'no-such-file']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/no-such-file/);
    const u = repo.cli(['add', '--nope']);
    expect(u.code).toBe(2);
    expect(stagedNames(repo)).toEqual([]);
  });

  it('shows a bulk add as the folder tree of what it stages (not of the cruft left out), then stages it', () => {
    repo = makeRepo();
    for (let i = 0; i < 250; i++) repo.write(`generated/part${i % 5}/file${i}.txt`, `${i}\n`);
    repo.write('node_modules/left/index.js', '1\n');
    const r = repo.cli(['add']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/note: `git add --all` here: .*251 new files/);
    const staged = r.stdout.slice(r.stdout.indexOf('staged 250 files:'), r.stdout.indexOf('left out'));
    expect(staged).toMatch(/^ {4}generated\/\s+250 files$/m);
    expect(staged).toMatch(/^ {6}generated\/part0\/\s+50 files$/m);
    expect(staged).not.toContain('node_modules');
    expect(stagedNames(repo)).toHaveLength(250);
  });

  it('stages names with spaces, quotes and non-ASCII letters exactly', () => {
    repo = makeRepo();
    const names = ['with space.txt', "it's.txt", 'café.md', '-dash.txt'];
    for (const n of names) repo.write(n, 'x\n');
    expect(repo.cli(['add']).code).toBe(0);
    expect(stagedNames(repo).sort()).toEqual(names.map((n) => `A ${n}`).sort());
  });
});
