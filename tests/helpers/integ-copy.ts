// A copy of a test repository made with node:fs, for files whose tests all start from the same
// state: the state is built once with real git and the CLI (beforeAll), and each test gets its
// own copy instead of rebuilding it with a dozen processes. Git is the setup here, not the
// subject; what a test then does to its copy runs the real git and CLI as before.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { cleanEnv, runCli, type TestRepo, type Tree } from './repo.js';

/**
 * Copy `from` (its repository and its scratch folder) to a new temp folder. Absolute paths of the
 * old folder in `.git/config` (a remote that is a bare repository in scratch) and in `rewrite`
 * (paths relative to the new base folder) are changed to the new folder.
 */
export function copyRepo(from: TestRepo, opts: { rewrite?: string[] } = {}): TestRepo {
  const oldBase = dirname(from.scratch);
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'cruft-check-test-')));
  cpSync(oldBase, base, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
  const dir = join(base, relative(oldBase, from.dir));
  const scratch = join(base, 'scratch');
  for (const rel of [relative(base, join(dir, '.git', 'config')), ...(opts.rewrite ?? [])]) {
    const file = join(base, rel);
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    if (text.includes(oldBase)) writeFileSync(file, text.split(oldBase).join(base));
  }
  const env = cleanEnv({}, scratch);
  const git = (...args: string[]): string => {
    const r = spawnSync('git', args, { cwd: dir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout;
  };
  // The copied files have new inodes and change times, so the index's stat data no longer
  // matches them: plumbing the CLI runs (diff-files) would report every file as modified.
  git('update-index', '-q', '--refresh');
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
