// A copy of a test repository made with node:fs, for files whose tests all start from the same
// state: the state is built once with real git and the CLI (beforeAll), and each test gets its
// own copy instead of rebuilding it with a dozen processes. Git is the setup here, not the
// subject; what a test then does to its copy runs the real git and CLI as before.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { cleanEnv, runCli, type TestRepo, type Tree } from './repo.js';

/**
 * Small files that name the old folder: a remote's URL in .git/config, a linked worktree's `.git`
 * file and its gitdir under .git/worktrees/. (Object stores and large files hold no such path.)
 */
function rewritePaths(dir: string, from: string, to: string): void {
  const needle = Buffer.from(from);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'objects') rewritePaths(path, from, to);
    } else if (entry.isFile() && statSync(path).size < 65_536) {
      const bytes = readFileSync(path);
      if (bytes.includes(needle) && !bytes.includes(0)) writeFileSync(path, bytes.toString('utf8').split(from).join(to));
    }
  }
}

/**
 * Copy `from` (its repository and its scratch folder) to a new temp folder, with every absolute
 * path of the old folder in small text files changed to the new one.
 */
export function copyRepo(from: TestRepo): TestRepo {
  const oldBase = dirname(from.scratch);
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'cruft-check-test-')));
  cpSync(oldBase, base, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
  rewritePaths(base, oldBase, base);
  const dir = join(base, relative(oldBase, from.dir));
  const scratch = join(base, 'scratch');
  const env = cleanEnv({}, scratch);
  const git = (...args: string[]): string => {
    const r = spawnSync('git', args, { cwd: dir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout;
  };
  // The copied files have new inodes and change times, so the index's stat data no longer
  // matches them: plumbing the CLI runs (diff-files) would report every file as modified. (Its
  // exit status says whether files differ from the index, which some states mean to have.)
  const worktrees = join(dir, '.git', 'worktrees');
  const linked = existsSync(worktrees) ? readdirSync(worktrees).map((n) => dirname(readFileSync(join(worktrees, n, 'gitdir'), 'utf8').trim())) : [];
  for (const cwd of [dir, ...linked]) spawnSync('git', ['update-index', '-q', '--refresh'], { cwd, env, stdio: 'ignore' });
  const write = (path: string, content: string | Buffer): void => {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  };
  const tree = (files: Tree, prefix = ''): void => {
    for (const [name, value] of Object.entries(files)) {
      const path = prefix ? `${prefix}/${name}` : name;
      if (typeof value === 'string' || Buffer.isBuffer(value)) write(path, value);
      else tree(value, path);
    }
  };
  return {
    dir,
    scratch,
    env,
    git,
    gitResult: (args, o = {}) => spawnSync('git', args, { cwd: dir, env: o.env ?? env, encoding: 'utf8', input: o.input ?? '' }),
    write,
    tree,
    commit: (message = 'commit') => {
      git('commit', '-q', '--no-verify', '--allow-empty', '-m', message);
    },
    cli: (args, o = {}) => runCli(args, { cwd: o.cwd ?? dir, env: cleanEnv(o.env ?? {}, scratch), input: o.input, setsid: o.setsid }),
    cleanup: () => rmSync(base, { recursive: true, force: true }),
  };
}

/**
 * A state built with real git and the CLI on first use, then copied for each test that starts
 * from it. `dispose` (afterAll) removes the original.
 */
export function template(build: () => TestRepo): { copy(): TestRepo; dispose(): void } {
  let original: TestRepo | undefined;
  return {
    copy: () => copyRepo((original ??= build())),
    dispose: () => original?.cleanup(),
  };
}
