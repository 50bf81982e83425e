// `cruft-check fix` against real repositories: what leaves the index, what .gitignore gains, and
// that nothing else changes — every work-tree file is hashed before and after. Each fault (a
// locked index, a read-only or immutable .gitignore, a failing index write, a full disk) is
// injected for real and must leave everything exactly as it was.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error — plain JavaScript module shared with the demo
import { writeMongoDbPath } from '../../scripts/layouts/mongodb.mjs';
import { template } from '../helpers/copy.js';
import { CLI, makeRepo, type TestRepo } from '../helpers/repo.js';
import { changedPaths, hashWorkTree, indexState, stagedNames, statusLines } from '../helpers/snapshot.js';

let repo: TestRepo;
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
  repo.cleanup();
});

/**
 * The seed's scenario: homework, a MongoDB dbpath, node_modules/ (and, with `env`, an .env), all
 * `git add .`-ed. Tests of .gitignore's exact bytes leave the .env out: which lines a secret
 * file earns is the secret rule's business, not fix's.
 */
function seed(r: TestRepo, opts: { env?: boolean } = {}): void {
  if (opts.env) r.write('.env', 'MONGO_PASSWORD=hunter2\n');
  r.tree({
    'social_network.py': 'def add_user(db, user_id):\n    return db.users.insert_one({"_id": user_id})\n',
    'requirements.txt': 'pymongo\n',
    node_modules: { prettier: { 'package.json': '{"name":"prettier"}\n', 'index.js': 'module.exports = {}\n' } },
  });
  writeMongoDbPath(join(r.dir, 'mongo_files'));
  r.git('add', '.');
}

const gitignore = (): Buffer => readFileSync(join(repo.dir, '.gitignore'));
const underFlagged = (names: string[]): string[] => names.filter((n) => / (mongo_files|node_modules)\//.test(` ${n.slice(2)}`));

function chattr(flag: '+i' | '-i', path: string): void {
  const r = spawnSync('chattr', [flag, path], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`chattr ${flag} failed: ${r.stderr}`);
}

describe('fix in the seed scenario', () => {
  // Built once, copied per test: fix is the subject, not the setup's git runs.
  const seeded = template(() => {
    const r = makeRepo();
    seed(r, { env: true });
    return r;
  });
  afterAll(() => seeded.dispose());
  beforeEach(() => {
    repo = seeded.copy();
  });

  it('unstages mongo_files/ and node_modules/, ignores them, and changes no file but .gitignore', () => {
    const before = hashWorkTree(repo.dir);
    const r = repo.cli(['fix']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    // Only .gitignore is new; every other file has the same bytes and mode.
    expect(changedPaths(before, hashWorkTree(repo.dir))).toEqual(['.gitignore']);
    const lines = gitignore().toString().split('\n');
    expect(lines.slice(0, 3)).toEqual(['# added by cruft-check', '/mongo_files/', 'node_modules/']);
    expect(new Set(lines).size).toBe(lines.length); // no line twice
    const staged = stagedNames(repo);
    expect(underFlagged(staged)).toEqual([]);
    expect(staged).toEqual(expect.arrayContaining(['A requirements.txt', 'A social_network.py']));
    const status = statusLines(repo);
    expect(status).toContain('!! mongo_files/');
    expect(status).toContain('!! node_modules/');
  });

  it('the next commit through the installed hook goes through clean', () => {
    expect(repo.cli(['init']).code).toBe(0);
    expect(repo.cli(['fix']).code).toBe(0);
    // setsid: no terminal, as from a GUI — the hook would print a report and block if anything were left.
    const c = spawnSync('setsid', ['-w', 'git', 'commit', '-m', 'homework'], { cwd: repo.dir, env: repo.env, encoding: 'utf8' });
    expect(c.stderr).toBe('');
    expect(c.status).toBe(0);
    const committed = repo.git('ls-tree', '-r', '--name-only', 'HEAD').split('\n').filter(Boolean);
    expect(committed.filter((p) => p.startsWith('mongo_files/') || p.startsWith('node_modules/'))).toEqual([]);
    expect(committed).toContain('social_network.py');
  });

  it('running it twice changes nothing the second time', () => {
    expect(repo.cli(['fix']).code).toBe(0);
    const files = hashWorkTree(repo.dir);
    const index = indexState(repo);
    const again = repo.cli(['fix']);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('cruft-check fix: nothing to fix.\n');
    expect(changedPaths(files, hashWorkTree(repo.dir))).toEqual([]);
    expect(indexState(repo)).toBe(index);
  });

  it('--dry-run prints the plan and changes nothing; fix then does what it said', () => {
    const files = hashWorkTree(repo.dir);
    const index = indexState(repo);
    const dry = repo.cli(['fix', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('would unstage  mongo_files/  (19 files');
    expect(dry.stdout).toContain('would unstage  node_modules/  (2 files');
    expect(dry.stdout).toContain('would add to .gitignore  /mongo_files/  node_modules/');
    expect(changedPaths(files, hashWorkTree(repo.dir))).toEqual([]);
    expect(indexState(repo)).toBe(index);
    const real = repo.cli(['fix']);
    expect(real.stdout).toContain('unstaged  mongo_files/  (19 files');
    expect(real.stdout).toContain('added to .gitignore  /mongo_files/  node_modules/');
  });
});

describe('fix before the first commit', () => {
  it('takes new files out of the index with no HEAD to restore from', () => {
    repo = makeRepo({ initialCommit: false });
    seed(repo, { env: true });
    const before = hashWorkTree(repo.dir);
    const r = repo.cli(['fix']);
    expect(r.code).toBe(0);
    expect(changedPaths(before, hashWorkTree(repo.dir))).toEqual(['.gitignore']);
    expect(underFlagged(stagedNames(repo))).toEqual([]);
    expect(statusLines(repo)).toContain('!! mongo_files/');
    expect(repo.cli(['--staged', '--format', 'json']).code).toBe(0);
  });
});

describe('.gitignore as the user left it', () => {
  beforeEach(() => {
    repo = makeRepo();
  });

  it('with CRLF line ends and no final newline: original bytes kept, CRLF lines appended after a newline', () => {
    const original = Buffer.from('dist/\r\n*.log', 'utf8');
    writeFileSync(join(repo.dir, '.gitignore'), original);
    seed(repo);
    expect(repo.cli(['fix']).code).toBe(0);
    expect(gitignore().toString()).toBe('dist/\r\n*.log\r\n\r\n# added by cruft-check\r\n/mongo_files/\r\nnode_modules/\r\n');
    expect(gitignore().subarray(0, original.length).equals(original)).toBe(true);
  });

  it('never repeats a line already there (trailing blanks and CR do not count)', () => {
    writeFileSync(join(repo.dir, '.gitignore'), 'build/\r\n/mongo_files/  \r\n');
    seed(repo);
    repo.git('add', '-f', 'mongo_files'); // staged before the line was written
    expect(repo.cli(['fix']).code).toBe(0);
    expect(gitignore().toString()).toBe('build/\r\n/mongo_files/  \r\n\r\n# added by cruft-check\r\nnode_modules/\r\n');
    expect(statusLines(repo)).toContain('!! mongo_files/');
  });

  it('adds nothing for a path a .gitignore already ignores in other words', () => {
    writeFileSync(join(repo.dir, '.gitignore'), 'node_modules\n');
    seed(repo);
    repo.git('add', '-f', 'node_modules'); // staged before the line was written
    const r = repo.cli(['fix']);
    expect(r.code).toBe(0);
    expect(gitignore().toString()).toBe('node_modules\n\n# added by cruft-check\n/mongo_files/\n');
    expect(underFlagged(stagedNames(repo))).toEqual([]);
  });

  it('continues its own block instead of writing a second header', () => {
    seed(repo);
    repo.git('rm', '-r', '-q', '--cached', 'mongo_files'); // only node_modules/ staged at first
    writeMongoDbPath(join(repo.dir, 'mongo_files'));
    writeFileSync(join(repo.dir, '.gitignore'), '# added by cruft-check\nnode_modules/\n');
    repo.git('add', 'mongo_files');
    expect(repo.cli(['fix']).code).toBe(0);
    expect(gitignore().toString()).toBe('# added by cruft-check\nnode_modules/\n/mongo_files/\n');
  });

  // Issue 14 reversed this test's old promise (it wrote through the link): git does not read a
  // symlinked .gitignore, and writing through one writes wherever a hostile repository points it.
  it('refuses a symlinked .gitignore, keeps the link, and leaves the file it points to alone', () => {
    writeFileSync(join(repo.scratch, 'shared-ignore'), 'x/\n');
    spawnSync('ln', ['-s', join(repo.scratch, 'shared-ignore'), join(repo.dir, '.gitignore')]);
    seed(repo);
    const index = indexState(repo);
    expect(repo.cli(['fix']).code).toBe(2);
    expect(hashWorkTree(repo.dir).get('.gitignore')).toBe(`link ${join(repo.scratch, 'shared-ignore')}`);
    expect(readFileSync(join(repo.scratch, 'shared-ignore'), 'utf8')).toBe('x/\n');
    expect(indexState(repo)).toBe(index);
  });

  it('keeps the file mode of .gitignore', () => {
    writeFileSync(join(repo.dir, '.gitignore'), 'x/\n');
    chmodSync(join(repo.dir, '.gitignore'), 0o664);
    seed(repo);
    const before = hashWorkTree(repo.dir).get('.gitignore') ?? '';
    expect(repo.cli(['fix']).code).toBe(0);
    expect(before.startsWith('file 664 ')).toBe(true);
    expect(hashWorkTree(repo.dir).get('.gitignore')?.startsWith('file 664 ')).toBe(true);
  });
});

describe('files committed before, partly staged files, files deleted since `git add`', () => {
  const committed = template(() => {
    const r = makeRepo();
    writeMongoDbPath(join(r.dir, 'mongo_files'));
    r.git('add', 'mongo_files');
    r.commit('dbpath committed without the hook');
    return r;
  });
  afterAll(() => committed.dispose());
  beforeEach(() => {
    repo = committed.copy();
  });

  it('restores the index to HEAD for fully staged changes, keeps the work tree, and says how to untrack', () => {
    repo.write('mongo_files/WiredTiger.turtle', 'WiredTiger version string\nchanged by the server\n');
    repo.write('mongo_files/collection-9-2398563456278634.wt', Buffer.alloc(8192, 7));
    repo.git('add', 'mongo_files');
    const before = hashWorkTree(repo.dir);
    const r = repo.cli(['fix']);
    expect(r.code).toBe(0);
    expect(changedPaths(before, hashWorkTree(repo.dir))).toEqual(['.gitignore']);
    expect(stagedNames(repo)).toEqual([]);
    // The change is still in the work tree, now unstaged: nothing of it was lost.
    expect(repo.git('diff', '--name-only').split('\n')).toContain('mongo_files/WiredTiger.turtle');
    expect(r.stdout).toContain('1 of them committed before');
    expect(r.stdout).toContain('git rm -r --cached -- mongo_files/');
  });

  it('leaves a partly staged file staged, with its staged content intact', () => {
    repo.write('mongo_files/WiredTiger.turtle', 'staged version\n');
    repo.git('add', 'mongo_files/WiredTiger.turtle');
    repo.write('mongo_files/WiredTiger.turtle', 'newer version on disk\n');
    const stagedBlob = repo.git('rev-parse', ':mongo_files/WiredTiger.turtle').trim();
    const r = repo.cli(['fix']);
    expect(r.code).toBe(0);
    expect(repo.git('rev-parse', ':mongo_files/WiredTiger.turtle').trim()).toBe(stagedBlob);
    expect(r.stdout).toContain('left staged  mongo_files/WiredTiger.turtle');
    expect(readFileSync(join(repo.dir, 'mongo_files/WiredTiger.turtle'), 'utf8')).toBe('newer version on disk\n');
  });

  it('leaves a new file staged when the index holds its only copy', () => {
    repo.write('mongo_files/WiredTiger.turtle', 'WiredTiger version string\nchanged by the server\n');
    repo.write('mongo_files/collection-8-1.wt', Buffer.alloc(4096, 3));
    repo.git('add', 'mongo_files');
    unlinkSync(join(repo.dir, 'mongo_files/collection-8-1.wt'));
    const r = repo.cli(['fix']);
    expect(r.code).toBe(0);
    expect(stagedNames(repo)).toEqual(['A mongo_files/collection-8-1.wt']); // the turtle was unstaged, this one kept
    expect(r.stdout).toContain('left staged  mongo_files/collection-8-1.wt');
  });
});

describe('names that are hard to pass around', () => {
  it('unstages files one by one, by their exact bytes (a line break, a quote, a byte that is not UTF-8)', () => {
    repo = makeRepo();
    writeMongoDbPath(join(repo.dir, 'mongo_files'));
    const odd = Buffer.concat([Buffer.from(`${repo.dir}/mongo_files/collection-7-"odd\nname `), Buffer.of(0xff), Buffer.from('.wt')]);
    writeFileSync(odd, Buffer.alloc(4096, 5));
    repo.write('mongo_files/index-9-1.wt', Buffer.alloc(4096, 6));
    repo.git('add', 'mongo_files');
    // One file deleted since `git add` must stay staged, so the folder cannot go as one pathspec.
    unlinkSync(join(repo.dir, 'mongo_files/index-9-1.wt'));
    const r = repo.cli(['fix']);
    expect(r.code).toBe(0);
    expect(stagedNames(repo)).toEqual(['A mongo_files/index-9-1.wt']);
    expect(existsSync(odd)).toBe(true);
    expect(readFileSync(odd).equals(Buffer.alloc(4096, 5))).toBe(true);
  });
});

describe('faults leave everything as it was', () => {
  let files: Map<string, string>;
  let index: string;
  const ignoring = template(() => {
    const r = makeRepo();
    writeFileSync(join(r.dir, '.gitignore'), 'dist/\n');
    r.git('add', '.gitignore');
    r.commit('ignore');
    seed(r);
    return r;
  });
  afterAll(() => ignoring.dispose());
  beforeEach(() => {
    repo = ignoring.copy();
    files = hashWorkTree(repo.dir);
    index = indexState(repo);
  });
  const unchanged = (): void => {
    expect(changedPaths(files, hashWorkTree(repo.dir))).toEqual([]);
    expect(indexState(repo)).toBe(index);
  };

  it("git's index.lock exists: exit 2 with the reason", () => {
    const lock = join(repo.dir, '.git', 'index.lock');
    writeFileSync(lock, '');
    cleanups.push(() => existsSync(lock) && unlinkSync(lock));
    const r = repo.cli(['fix']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^cruft-check: git's index is locked \(.*index\.lock exists\)/);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    unlinkSync(lock);
    unchanged();
  });

  it('.gitignore is read-only (mode 444): exit 2 — respected even by root', () => {
    chmodSync(join(repo.dir, '.gitignore'), 0o444);
    files = hashWorkTree(repo.dir);
    const r = repo.cli(['fix']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^cruft-check: cannot write \.gitignore: it is read-only \(mode 444\)/);
    unchanged();
  });

  it('.gitignore is immutable (chattr +i, refused by the kernel even to root): exit 2', () => {
    const file = join(repo.dir, '.gitignore');
    chattr('+i', file);
    cleanups.push(() => chattr('-i', file));
    const r = repo.cli(['fix']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^cruft-check: cannot write \.gitignore: /);
    chattr('-i', file);
    unchanged();
  });

  it('the index cannot be written after .gitignore was: .gitignore is put back byte for byte', () => {
    // An immutable .git/index: git's rename of index.lock over it fails, after our append succeeded.
    const gitIndex = join(repo.dir, '.git', 'index');
    chattr('+i', gitIndex);
    cleanups.push(() => chattr('-i', gitIndex));
    const r = repo.cli(['fix']);
    chattr('-i', gitIndex);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('could not unstage the flagged paths');
    expect(r.stderr).toContain('.gitignore was put back as it was');
    unchanged();
  });

  it('the disk is full: exit 2 with the reason, nothing written', () => {
    // A private mount namespace with a small tmpfs: the repository is copied onto it, the rest of
    // the space is filled, and fix runs there. (unshare needs root, as these tests run.)
    const mnt = join(repo.scratch, 'small-disk');
    const script = [
      'set -u',
      `mkdir -p '${mnt}'`,
      `mount -t tmpfs -o size=8m tmpfs '${mnt}' || exit 90`,
      `cp -a '${repo.dir}/.' '${mnt}/'`,
      `cd '${mnt}'`,
      'snap() { find . -path ./.git -prune -o -type f -print0 | sort -z | xargs -0 sha256sum; git ls-files -s; }',
      'snap > /tmp/.cc-before-$$',
      'dd if=/dev/zero of=.git/filler bs=4k 2>/dev/null',
      // Planning writes nothing (not even git's index, whose stat data is stale after the copy).
      `node '${CLI}' fix --dry-run >/dev/null 2>&1; echo "dry=$?"`,
      // stderr goes off the full disk, or the message itself could not be written
      `node '${CLI}' fix 2>/tmp/.cc-stderr-$$ >/dev/null; echo "code=$?"`,
      'rm -f .git/filler',
      'snap > /tmp/.cc-after-$$',
      'cmp -s /tmp/.cc-before-$$ /tmp/.cc-after-$$ && echo same || echo differs',
      'rm -f /tmp/.cc-before-$$ /tmp/.cc-after-$$',
      'echo "stderr=$(cat /tmp/.cc-stderr-$$)"; rm -f /tmp/.cc-stderr-$$',
    ].join('\n');
    const r = spawnSync('unshare', ['-m', 'sh', '-c', script], { env: repo.env, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('dry=0');
    expect(r.stdout).toContain('code=2');
    expect(r.stdout).toContain('same');
    expect(r.stdout).toContain('stderr=cruft-check: cannot write .gitignore: no space left on the disk');
    unchanged(); // the original repository was never touched either
  });
});

describe('bad input', () => {
  it('an unexpected argument is a usage error (exit 2)', () => {
    repo = makeRepo();
    const r = repo.cli(['fix', 'now']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^cruft-check: unexpected argument "now"/);
  });
});
