// Every answer to the commit prompt, through a real pseudo-terminal (`script`) and the real hook
// that `cruft-check init` installs. The answer is typed into the terminal before git starts; the
// terminal keeps it until the hook opens /dev/tty and reads a line, exactly as if a person typed it.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error — plain JavaScript module shared with the demo
import { writeMongoDbPath } from '../../scripts/layouts/mongodb.mjs';
import { onPty } from '../helpers/e2e-pty.js';
import { copyRepo } from '../helpers/copy.js';
import { CLI, makeRepo, type TestRepo } from '../helpers/repo.js';
import { changedPaths, hashWorkTree, indexState, stagedNames, statusLines } from '../helpers/snapshot.js';

let repo: TestRepo;
let cleanup: (() => void) | undefined;
afterEach(() => {
  cleanup?.();
  cleanup = undefined;
  repo.cleanup();
});

/** A repository with the hook installed and the homework, a MongoDB dbpath and node_modules/ staged. */
function setUp(opts: { initialCommit?: boolean } = {}): TestRepo {
  const r = makeRepo(opts);
  const init = r.cli(['init']);
  expect(init.code).toBe(0);
  // The installed hook finds this checkout's CLI through the CRUFT_CHECK_CLI line init wrote.
  expect(readFileSync(join(r.dir, '.git', 'hooks', 'pre-commit'), 'utf8')).toMatch(/^CRUFT_CHECK_CLI='.*dist\/cli\.js'$/m);
  r.tree({
    'social_network.py': 'def add_user(db, user_id):\n    return db.users.insert_one({"_id": user_id})\n',
    node_modules: { prettier: { 'package.json': '{"name":"prettier"}\n' } },
  });
  writeMongoDbPath(join(r.dir, 'mongo_files'));
  r.git('add', '.');
  return r;
}

/** `git <args>` on a pseudo-terminal with `input` typed into it; the transcript is what the person saw. */
function onTerminal(args: string, input: string): Promise<{ code: number; screen: string }> {
  return onPty(`git ${args}`, { cwd: repo.dir, env: { ...repo.env, SHELL: '/bin/sh', TERM: 'dumb' }, input });
}

const commits = (): number => Number(repo.git('rev-list', '--count', '--all').trim() || '0');
const headFiles = (): string[] => repo.git('ls-tree', '-r', '--name-only', 'HEAD').split('\n').filter(Boolean);
const flaggedStaged = (): string[] => stagedNames(repo).filter((n) => /^. (mongo_files|node_modules)\//.test(n));

describe('the commit prompt', () => {
  // Every test starts from the same repository: made once, copied for each.
  let template: TestRepo;
  beforeAll(() => {
    template = setUp();
  });
  afterAll(() => template?.cleanup());
  beforeEach(() => {
    repo = copyRepo(template);
  });

  it('shows the choices, with what each does to which paths, and the default', async () => {
    const r = await onTerminal('commit -m homework', '\n');
    expect(r.screen).toContain('What now?');
    expect(r.screen).toContain('  n  stop here, change nothing (the default: just press Enter)');
    expect(r.screen).toContain('  y  commit anyway, with mongo_files/ and node_modules/');
    // Issue 16 shortened these two so that each fits an 80-column line, and added `?`.
    expect(r.screen).toContain('  u  take mongo_files/ and node_modules/ out, add them to .gitignore, stop');
    expect(r.screen).toContain('  a  allow mongo_files/ and node_modules/ for good (.cruftignore) and commit');
    expect(r.screen).toContain('  ?  why, and how to do it by hand');
    expect(r.screen).toContain('Your choice [y/N/u/a/?]: ');
  });

  it('Enter (the default) stops the commit and changes nothing', async () => {
    const files = hashWorkTree(repo.dir);
    const index = indexState(repo);
    const r = await onTerminal('commit -m homework', '\n');
    expect(r.code).toBe(1);
    expect(commits()).toBe(1);
    expect(r.screen).toContain('The commit was stopped. To go on, either:');
    expect(r.screen).toContain('npx cruft-check fix');
    expect(changedPaths(files, hashWorkTree(repo.dir))).toEqual([]);
    expect(indexState(repo)).toBe(index);
  });

  it('n stops the commit and changes nothing', async () => {
    const files = hashWorkTree(repo.dir);
    const index = indexState(repo);
    const r = await onTerminal('commit -m homework', 'n\n');
    expect(r.code).toBe(1);
    expect(commits()).toBe(1);
    expect(changedPaths(files, hashWorkTree(repo.dir))).toEqual([]);
    expect(indexState(repo)).toBe(index);
  });

  it('y commits anyway, flagged paths and all', async () => {
    const r = await onTerminal('commit -m homework', 'y\n');
    expect(r.code).toBe(0);
    expect(r.screen).toContain('Committing anyway.');
    expect(commits()).toBe(2);
    expect(headFiles()).toContain('mongo_files/WiredTiger.wt');
  });

  it('u unstages, ignores, stops — and the next commit goes through clean', async () => {
    const files = hashWorkTree(repo.dir);
    const r = await onTerminal('commit -m homework', 'u\n');
    expect(r.code).toBe(1);
    expect(commits()).toBe(1);
    expect(r.screen).toContain('unstaged  mongo_files/  (19 files; they stay on disk)');
    expect(r.screen).toContain('added to .gitignore  /mongo_files/  node_modules/');
    expect(r.screen).toContain('The commit was stopped so you can look');
    // Nothing of it staged, both ignored; every file as it was but the new .gitignore.
    expect(flaggedStaged()).toEqual([]);
    expect(statusLines(repo)).toEqual(expect.arrayContaining(['!! mongo_files/', '!! node_modules/', '?? .gitignore']));
    expect(changedPaths(files, hashWorkTree(repo.dir))).toEqual(['.gitignore']);
    expect(readFileSync(join(repo.dir, '.gitignore'), 'utf8')).toBe('# added by cruft-check\n/mongo_files/\nnode_modules/\n');
    // Committing again, on the same terminal: no question, exit 0, only the homework in the commit.
    repo.git('add', '.gitignore');
    const again = await onTerminal('commit -m homework', '');
    expect(again.screen).not.toContain('What now?');
    expect(again.code).toBe(0);
    expect(headFiles().sort()).toEqual(['.gitignore', 'README.md', 'social_network.py']);
  });

  it('a allows the paths in .cruftignore and commits; the next check agrees', async () => {
    const r = await onTerminal('commit -m homework', 'a\n');
    expect(r.code).toBe(0);
    expect(r.screen).toContain('Allowed: added /mongo_files/  /node_modules/ to .cruftignore');
    expect(commits()).toBe(2);
    expect(headFiles()).toContain('mongo_files/WiredTiger.wt');
    const cruftignore = readFileSync(join(repo.dir, '.cruftignore'), 'utf8');
    expect(cruftignore).toBe('# allowed at the cruft-check prompt (say why they belong in the repository)\n/mongo_files/\n/node_modules/\n');
    // More files in the same folders later: allowed, no prompt.
    repo.write('mongo_files/collection-6-2398563456278634.wt', Buffer.alloc(4096, 1));
    repo.git('add', 'mongo_files');
    const later = await onTerminal('commit -m more', '');
    expect(later.code).toBe(0);
    expect(later.screen).not.toContain('What now?');
  });

  // Issue 14: a symlinked ignore file is never written through (git would not read it anyway).
  for (const [answer, file] of [
    ['u', '.gitignore'],
    ['a', '.cruftignore'],
  ] as const) {
    it(`${answer} with a ${file} that is a symbolic link out of the repository: exit 2, the commit stopped, nothing changed anywhere`, async () => {
      const outside = join(repo.scratch, 'dot-profile');
      writeFileSync(outside, 'export PATH=/usr/bin\n');
      symlinkSync(outside, join(repo.dir, file));
      const files = hashWorkTree(repo.dir);
      const index = indexState(repo);
      const r = await onTerminal('commit -m homework', `${answer}\n`);
      expect(r.code).toBe(1); // git reports any failing hook as 1
      expect(r.screen).toContain(`cruft-check: refusing to write ${file}: it is a symbolic link`);
      expect(r.screen).toContain('The commit was stopped.');
      expect(readFileSync(outside, 'utf8')).toBe('export PATH=/usr/bin\n');
      expect(commits()).toBe(1);
      expect(indexState(repo)).toBe(index);
      expect(changedPaths(files, hashWorkTree(repo.dir))).toEqual([]);
    });
  }

  it('a with a name holding an escape character: .cruftignore gets its exact bytes, and a look-alike is still checked', async () => {
    repo.write('e\u001bq/PG_VERSION', '16\n');
    repo.write('e\u001bq/global/pg_control', Buffer.alloc(8192));
    repo.git('add', 'e\u001bq');
    const r = await onTerminal('commit -m homework', 'a\n');
    expect(r.code).toBe(0);
    const cruftignore = readFileSync(join(repo.dir, '.cruftignore'));
    expect(cruftignore.includes(Buffer.from('/e\u001bq/\n'))).toBe(true);
    expect(cruftignore.toString('latin1')).not.toMatch(/e[?*]q/);
    // A different database under a look-alike name is not allowed by that line.
    repo.write('eXq/PG_VERSION', '16\n');
    repo.write('eXq/global/pg_control', Buffer.alloc(8192));
    repo.git('add', 'eXq');
    const later = repo.cli(['--staged', '--format', 'json']);
    expect((JSON.parse(later.stdout) as { findings: { paths: string[] }[] }).findings.flatMap((f) => f.paths)).toContain('eXq/');
  });

  it('a stages the .cruftignore it wrote, so it goes with the commit (issue 16, item 6)', async () => {
    const r = await onTerminal('commit -m homework', 'a\n');
    expect(r.code).toBe(0);
    expect(r.screen).toContain('.cruftignore is staged: it goes with this commit.');
    expect(headFiles()).toContain('.cruftignore');
    expect(repo.git('show', 'HEAD:.cruftignore')).toContain('/mongo_files/\n/node_modules/\n');
    expect(statusLines(repo).filter((l) => l.endsWith('.cruftignore'))).toEqual([]);
  });

  it('a during `git commit -a`: .cruftignore cannot join this commit, and the screen says why', async () => {
    repo.write('README.md', '# test, edited\n');
    const r = await onTerminal('commit -a -m homework', 'a\n');
    expect(r.code).toBe(0);
    expect(r.screen).toContain('.cruftignore is not staged: git holds the index during `git commit -a`');
    expect(headFiles()).not.toContain('.cruftignore');
    expect(existsSync(join(repo.dir, '.cruftignore'))).toBe(true);
  });

  it('a leaves alone a .cruftignore with changes of the person\'s own that are not staged, and says so', async () => {
    writeFileSync(join(repo.dir, '.cruftignore'), '/old/\n');
    repo.git('add', '.cruftignore');
    repo.git('commit', '-q', '--no-verify', '-m', 'cruftignore', '--', '.cruftignore');
    writeFileSync(join(repo.dir, '.cruftignore'), '/old/\n/mine-not-staged/\n');
    repo.git('add', 'mongo_files', 'node_modules');
    const r = await onTerminal('commit -m homework', 'a\n');
    expect(r.code).toBe(0);
    expect(r.screen).toContain('.cruftignore is not staged: it holds changes of yours that were not staged');
    expect(repo.git('show', 'HEAD:.cruftignore')).toBe('/old/\n');
  });

  it('a wrong answer is asked again; the next valid one counts', async () => {
    const r = await onTerminal('commit -m homework', 'x\nmaybe\nu\n');
    expect(r.screen.match(/Please type n, y, u, a, \? \(or press Enter for n\)/g)).toHaveLength(2);
    expect(r.code).toBe(1);
    expect(flaggedStaged()).toEqual([]);
    expect(existsSync(join(repo.dir, '.gitignore'))).toBe(true);
  });

  it('three wrong answers stop the commit and change nothing', async () => {
    const index = indexState(repo);
    const r = await onTerminal('commit -m homework', 'x\nx\nx\nu\n');
    expect(r.screen).toContain('No valid answer.');
    expect(r.code).toBe(1);
    expect(indexState(repo)).toBe(index);
    expect(existsSync(join(repo.dir, '.gitignore'))).toBe(false);
  });

  it('end of input (nobody answers) stops the commit', async () => {
    const index = indexState(repo);
    const r = await onTerminal('commit -m homework', '');
    expect(r.code).toBe(1);
    expect(commits()).toBe(1);
    expect(indexState(repo)).toBe(index);
  });

  it('u with a .gitignore that cannot be written: the hook exits 2 with the reason, nothing half-done', async () => {
    writeFileSync(join(repo.dir, '.gitignore'), 'dist/\n');
    const file = join(repo.dir, '.gitignore');
    expect(spawnSync('chattr', ['+i', file]).status).toBe(0);
    cleanup = () => spawnSync('chattr', ['-i', file]);
    const files = hashWorkTree(repo.dir);
    const index = indexState(repo);
    const r = await onTerminal('commit -m homework', 'u\n');
    expect(r.code).toBe(1); // git reports any failing hook as 1; the hook's own 2 is checked below
    expect(r.screen).toContain('cruft-check: cannot write .gitignore: ');
    expect(r.screen).toContain('The commit was stopped.');
    expect(commits()).toBe(1);
    expect(indexState(repo)).toBe(index);
    expect(changedPaths(files, hashWorkTree(repo.dir))).toEqual([]);
    // The hook itself, on the same terminal, says 2.
    const hook = await onPty(`node '${CLI}' --hook`, { cwd: repo.dir, env: { ...repo.env, SHELL: '/bin/sh' }, input: 'u\n' });
    expect(hook.code).toBe(2);
    expect(indexState(repo)).toBe(index);
  });

  it('`git commit -a`: u adds the .gitignore lines, says why nothing was unstaged, and `fix` finishes the job', async () => {
    repo.write('README.md', '# test, edited\n');
    const r = await onTerminal('commit -a -m homework', 'u\n');
    expect(r.code).toBe(1);
    expect(r.screen).toContain('not unstaged: git holds the index during `git commit -a`');
    expect(readFileSync(join(repo.dir, '.gitignore'), 'utf8')).toBe('# added by cruft-check\n/mongo_files/\nnode_modules/\n');
    expect(flaggedStaged()).not.toEqual([]);
    const fix = repo.cli(['fix']);
    expect(fix.code).toBe(0);
    expect(flaggedStaged()).toEqual([]);
    expect(readFileSync(join(repo.dir, '.gitignore'), 'utf8')).toBe('# added by cruft-check\n/mongo_files/\nnode_modules/\n');
  });

  it('without a terminal (GUI client, detached): no question, instructions, exit 1', async () => {
    const r = spawnSync('setsid', ['-w', 'git', 'commit', '-m', 'homework'], { cwd: repo.dir, env: repo.env, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).not.toContain('What now?');
    expect(r.stderr).toContain('npx cruft-check fix');
    expect(commits()).toBe(1);
  });

  it('CI=true on a terminal: no question either', async () => {
    const r = await onPty('git commit -m homework', { cwd: repo.dir, env: { ...repo.env, SHELL: '/bin/sh', CI: 'true' }, input: 'y\n' });
    expect(r.code).toBe(1);
    expect(r.screen).not.toContain('What now?');
    expect(commits()).toBe(1);
  });
});

describe('the commit prompt before the first commit', () => {
  beforeEach(() => {
    repo = setUp({ initialCommit: false });
  });

  it('u takes the new files out of the index (no HEAD to restore from); the first commit then goes through', async () => {
    const r = await onTerminal('commit -m first', 'u\n');
    expect(r.code).toBe(1);
    expect(flaggedStaged()).toEqual([]);
    expect(statusLines(repo)).toEqual(expect.arrayContaining(['!! mongo_files/', '!! node_modules/']));
    const again = await onTerminal('commit -m first', '');
    expect(again.code).toBe(0);
    expect(headFiles()).toEqual(['social_network.py']);
  });
});
