// A copy of a test repository made with node:fs, for files whose tests all start from the same
// state: the state is built once with real git and the CLI (beforeAll, or template() on first
// use), and each test gets its own copy instead of rebuilding it with a dozen processes. Git is
// the setup here, not the subject; what a test then does to its copy runs the real git and CLI
// as before. (Integration and end-to-end files alike.)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { cleanEnv, repoAt, type TestRepo } from './repo.js';

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
  // The copied files have new inodes and change times, so the index's stat data no longer
  // matches them: plumbing the CLI runs (diff-files) would report every file as modified. (Its
  // exit status says whether files differ from the index, which some states mean to have.)
  const worktrees = join(dir, '.git', 'worktrees');
  const linked = existsSync(worktrees) ? readdirSync(worktrees).map((n) => dirname(readFileSync(join(worktrees, n, 'gitdir'), 'utf8').trim())) : [];
  for (const cwd of [dir, ...linked]) spawnSync('git', ['update-index', '-q', '--refresh'], { cwd, env, stdio: 'ignore' });
  return repoAt(base, dir, scratch);
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
