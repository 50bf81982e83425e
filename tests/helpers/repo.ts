// Real git repositories in temp folders (lint-staged's withGitIntegration, trimmed). Git runs
// isolated from the machine's configuration and from any GIT_* variables of the process that
// runs the tests (a test suite started from a hook would otherwise write the outer repository).
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = join(PROJECT, 'dist', 'cli.js');

/** The environment for git and the CLI in tests: no GIT_* leakage, no user config, no colour, no CI. */
export function cleanEnv(extra: Record<string, string | undefined> = {}, home?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('GIT_') || k === 'CI' || k.startsWith('GITHUB_') || k === 'HUSKY' || k.startsWith('CRUFT_CHECK') || k === 'FORCE_COLOR') continue;
    // Node's own settings from the machine stay out too: NODE_OPTIONS could load code into every
    // CLI run, and NODE_EXTRA_CA_CERTS (set on the 2-core test machine to Debian's 220 KB bundle)
    // makes each Node process parse every certificate at start-up, about 50 ms of a 120 ms
    // `node -e 0` there, for a command that never opens a connection. (npm gets it back:
    // tests/helpers/e2e-install.ts.)
    if (k === 'NODE_OPTIONS' || k === 'NODE_EXTRA_CA_CERTS') continue;
    env[k] = v;
  }
  env.GIT_CONFIG_NOSYSTEM = '1';
  env.GIT_CONFIG_GLOBAL = home ? join(home, '.gitconfig') : '/dev/null';
  if (home) env.HOME = home;
  env.NO_COLOR = '1';
  env.GIT_TERMINAL_PROMPT = '0';
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export type Tree = { [name: string]: string | Buffer | Tree };

export interface TestRepo {
  dir: string;
  /** A folder beside the repository for test-owned files (home, scripts). */
  scratch: string;
  env: NodeJS.ProcessEnv;
  git(...args: string[]): string;
  gitResult(args: string[], opts?: { env?: NodeJS.ProcessEnv; input?: string }): SpawnSyncReturns<string>;
  write(path: string, content: string | Buffer): void;
  tree(files: Tree, base?: string): void;
  commit(message?: string): void;
  /** `git add PATHSPEC…` of thousands of new files, at a quarter of the CPU (see repoAt); returns git's standard error. */
  addMany(...pathspecs: string[]): string;
  cli(args: string[], opts?: { env?: Record<string, string | undefined>; cwd?: string; input?: string; setsid?: boolean }): CliResult;
  cleanup(): void;
}

/**
 * The repositories makeRepo() starts from, made once per process with git and then copied with
 * node:fs: `git init` and the four `git config` (and, for the initial commit, `git add` and
 * `git commit`) cost 7 git processes per repository, 150–250 ms on two cores, and a test file makes
 * dozens. `empty` is `git init -b main` with the test identity; `initial` adds README.md committed.
 */
let templates: { empty: string; initial: string } | undefined;

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function repoTemplates(): { empty: string; initial: string } {
  if (templates) return templates;
  // Named after this process, removed when it exits; vitest may end a worker without an 'exit'
  // event, so the templates of processes that are gone are removed here (this one's pid included:
  // a folder by that name is an earlier process's).
  for (const name of readdirSync(tmpdir())) {
    const pid = /^cruft-check-template-(\d+)$/.exec(name)?.[1];
    if (pid && (Number(pid) === process.pid || !isRunning(Number(pid)))) rmSync(join(tmpdir(), name), { recursive: true, force: true });
  }
  const root = join(realpathSync(tmpdir()), `cruft-check-template-${process.pid}`);
  mkdirSync(root);
  process.on('exit', () => rmSync(root, { recursive: true, force: true }));
  const scratch = join(root, 'scratch');
  mkdirSync(scratch);
  writeFileSync(join(scratch, '.gitconfig'), '[init]\n\tdefaultBranch = main\n');
  const env = cleanEnv({}, scratch);
  const made = { empty: join(root, 'empty'), initial: join(root, 'initial') };
  for (const dir of [made.empty, made.initial]) {
    mkdirSync(dir);
    const git = (...args: string[]): string => execFileSync('git', args, { cwd: dir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    git('init', '-q', '-b', 'main');
    git('config', 'user.name', 'Test');
    git('config', 'user.email', 'test@example.com');
    git('config', 'commit.gpgsign', 'false');
    git('config', 'core.autocrlf', 'false');
    if (dir === made.initial) {
      writeFileSync(join(dir, 'README.md'), '# test\n');
      git('add', 'README.md');
      git('commit', '-q', '--no-verify', '--allow-empty', '-m', 'initial');
    }
  }
  templates = made;
  return made;
}

/**
 * A copied README.md is a new file (inode, times) while the copied index still holds the stat data
 * of the template's: git would take it for modified until something refreshes the index
 * (`git diff-files` does not). Write the copy's stat data into its one entry, as `git add` would
 * have, and the index's checksum after it. Layout (Documentation/gitformat-index.txt): a 12-byte
 * header, then the entry's ctime, mtime (seconds, nanoseconds), dev, ino, mode, uid, gid, size,
 * 32 bits each, the object name, 16 bits of flags, the path; the file ends with the SHA-1 of
 * everything before it. The mode stays: git records 100644, not the file's permission bits.
 */
function restatReadme(dir: string): void {
  const index = join(dir, '.git', 'index');
  const buf = readFileSync(index);
  if (buf.toString('latin1', 0, 4) !== 'DIRC' || buf.readUInt32BE(4) !== 2 || buf.readUInt32BE(8) !== 1 || buf.toString('latin1', 74, 83) !== 'README.md') {
    throw new Error('the template index is not one version-2 entry for README.md');
  }
  const st = lstatSync(join(dir, 'README.md'), { bigint: true });
  const sec = (ns: bigint): number => Number((ns / 1_000_000_000n) & 0xffffffffn);
  const nsec = (ns: bigint): number => Number(ns % 1_000_000_000n);
  const fields = [sec(st.ctimeNs), nsec(st.ctimeNs), sec(st.mtimeNs), nsec(st.mtimeNs), st.dev, st.ino, undefined, st.uid, st.gid, st.size];
  fields.forEach((v, i) => v !== undefined && buf.writeUInt32BE(Number(BigInt(v) & 0xffffffffn), 12 + 4 * i));
  createHash('sha1').update(buf.subarray(0, buf.length - 20)).digest().copy(buf, buf.length - 20);
  writeFileSync(index, buf);
}

/**
 * The TestRepo of the repository `dir`, whose HOME and scratch folder is `scratch`, both inside
 * `base` (removed by cleanup()): for makeRepo() and for copies of a built state (./copy.ts).
 */
export function repoAt(base: string, dir: string, scratch: string): TestRepo {
  const env = cleanEnv({}, scratch);
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: dir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
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
    // Git deflates each new object with a fresh zlib state of ~260 KB, which glibc's malloc hands
    // back to the kernel after every file and faults in again for the next: 1.8 s of CPU, most of
    // it system time, for a `git add` of 2,100 files on the 2-core test machine. A trim threshold
    // above that size keeps the memory (0.45 s); what git writes is the same.
    addMany: (...pathspecs) => {
      const r = spawnSync('git', ['add', ...pathspecs], { cwd: dir, env: { ...env, MALLOC_TRIM_THRESHOLD_: String(64 * 1024 * 1024) }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      if (r.status !== 0) throw new Error(`git add ${pathspecs.join(' ')} failed (${r.status}): ${r.stderr}`);
      return r.stderr;
    },
    cli: (args, o = {}) => runCli(args, { cwd: o.cwd ?? dir, env: cleanEnv(o.env ?? {}, scratch), input: o.input, setsid: o.setsid }),
    cleanup: () => rmSync(base, { recursive: true, force: true }),
  };
}

export function makeRepo(opts: { initialCommit?: boolean; name?: string } = {}): TestRepo {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'cruft-check-test-')));
  if (base.startsWith(PROJECT)) throw new Error('refusing to make a test repository inside the project');
  const dir = join(base, opts.name ?? 'repo');
  const scratch = join(base, 'scratch');
  mkdirSync(scratch, { recursive: true });
  writeFileSync(join(scratch, '.gitconfig'), '[init]\n\tdefaultBranch = main\n');
  // What `git init -b main`, the identity, and README.md committed as "initial" would make.
  const withCommit = opts.initialCommit !== false;
  cpSync(withCommit ? repoTemplates().initial : repoTemplates().empty, dir, { recursive: true });
  if (withCommit) restatReadme(dir);
  return repoAt(base, dir, scratch);
}

/**
 * A JavaScript project with cruft-check installed as npm installs a dependency: this checkout
 * linked as node_modules/cruft-check (its dist/ is the build under test) and its bin linked in
 * node_modules/.bin, where husky, lefthook and npm scripts find it; package.json (`packageJson`
 * as written) and a .gitignore of node_modules/ committed.
 */
export function makeNodeProject(packageJson: Record<string, unknown>): TestRepo {
  const repo = makeRepo();
  repo.write('package.json', `${JSON.stringify(packageJson, null, 2)}\n`);
  repo.write('.gitignore', 'node_modules/\n');
  mkdirSync(join(repo.dir, 'node_modules', '.bin'), { recursive: true });
  symlinkSync(PROJECT, join(repo.dir, 'node_modules', 'cruft-check'));
  symlinkSync('../cruft-check/dist/cli.js', join(repo.dir, 'node_modules', '.bin', 'cruft-check'));
  repo.git('add', 'package.json', '.gitignore');
  repo.commit('package');
  return repo;
}

/**
 * Run the built CLI. `setsid` starts it in a new session without a controlling terminal, as a
 * GUI client or CI would: /dev/tty cannot be opened there.
 */
export function runCli(args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; input?: string; setsid?: boolean }): CliResult {
  const cmd = opts.setsid ? 'setsid' : process.execPath;
  const argv = opts.setsid ? ['-w', process.execPath, CLI, ...args] : [CLI, ...args];
  const r = spawnSync(cmd, argv, { cwd: opts.cwd, env: opts.env, encoding: 'utf8', input: opts.input ?? '' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function makeExecutable(path: string): void {
  chmodSync(path, 0o755);
}
