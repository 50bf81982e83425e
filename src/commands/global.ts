// `cruft-check init --global` / `uninstall --global` / `init --global --status`: every repository
// of this user, the ones that exist and the ones `git init` or `git clone` make next week.
//
// How: a hooks folder of our own (`$XDG_CONFIG_HOME/cruft-check/hooks`, else
// `~/.config/cruft-check/hooks`) set as `core.hooksPath` in the GLOBAL git configuration. Git then
// runs hooks from there instead of each repository's `.git/hooks/`, so:
// - `pre-commit` runs cruft-check, then the repository's own `.git/hooks/pre-commit`;
// - every other hook name git runs forwards to the repository's own hook of that name, with the
//   same arguments and standard input, so no existing hook stops working;
// - a repository with its own `core.hooksPath` (husky, `git config core.hooksPath …`) keeps it:
//   a repository's setting wins over the global one, and `--status` says so.
// What the global configuration held before is recorded at install time (value or absence) and
// put back exactly by `uninstall --global`. Nothing else outside the work tree is written.
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmdirSync, unlinkSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { CruftError } from '../errors.js';
import { printable, shellQuote } from '../text.js';
import { gitEnv, gitZ } from '../git/read.js';
import { writeAtomic } from '../facts/ignorefile.js';
import { packageRoot } from '../package.js';

/**
 * Every hook name git runs from the hooks folder (githooks(5), git 2.39–2.47). Kept as a list,
 * not "whatever exists": a name missing here would silently stop that hook of every repository.
 * `pre-commit` is ours (it also forwards); the rest only forward.
 */
export const HOOK_NAMES = [
  'applypatch-msg',
  'pre-applypatch',
  'post-applypatch',
  'pre-commit',
  'pre-merge-commit',
  'prepare-commit-msg',
  'commit-msg',
  'post-commit',
  'pre-rebase',
  'post-checkout',
  'post-merge',
  'pre-push',
  'pre-receive',
  'update',
  'proc-receive',
  'post-receive',
  'post-update',
  'reference-transaction',
  'push-to-checkout',
  'pre-auto-gc',
  'post-rewrite',
  'sendemail-validate',
  'fsmonitor-watchman',
  'p4-changelist',
  'p4-prepare-changelist',
  'p4-post-changelist',
  'p4-pre-submit',
  'post-index-change',
] as const;

/** The second line of every file we write: uninstall deletes only files that carry it. */
const MARK = '# Written by `cruft-check init --global`; `cruft-check uninstall --global` removes it.';
const RECORD = 'global.json';

interface Record {
  version: 1;
  hooksDir: string;
  /** The global core.hooksPath before install; null when it was not set. */
  previous: string | null;
}

/** `$XDG_CONFIG_HOME/cruft-check` (when set and absolute, as the XDG spec asks), else `~/.config/cruft-check`. */
export function configDir(env: NodeJS.ProcessEnv): string {
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg && isAbsolute(xdg) ? xdg : join(env.HOME || homedir(), '.config');
  return join(base, 'cruft-check');
}

/** Git with the caller's environment, minus what a hook's environment would point elsewhere. */
function env(): NodeJS.ProcessEnv {
  const e = gitEnv();
  for (const k of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_COMMON_DIR']) delete e[k];
  return e;
}

async function globalHooksPath(cwd: string): Promise<string | null> {
  const r = await gitZ(cwd, ['config', '--global', '--get', 'core.hooksPath'], { env: env(), allowFail: true });
  if (r.code === 1) return null;
  if (r.code !== 0) throw new CruftError(`cannot read the global git configuration: ${r.stderr.trim().split('\n')[0] ?? ''}`);
  return r.stdout.toString('utf8').replace(/\n$/, '');
}

async function setGlobal(cwd: string, value: string | null): Promise<void> {
  const args = value === null ? ['config', '--global', '--unset', 'core.hooksPath'] : ['config', '--global', 'core.hooksPath', value];
  const r = await gitZ(cwd, args, { env: env(), allowFail: true });
  // --unset of a value that is not there exits 5: already as wanted.
  if (r.code !== 0 && !(value === null && r.code === 5)) {
    throw new CruftError(`cannot write the global git configuration: ${r.stderr.trim().split('\n')[0] ?? `git config exited ${r.code}`}`);
  }
}

function same(a: string, b: string): boolean {
  const real = (p: string): string => {
    try {
      return realpathSync(p);
    } catch {
      return resolve(p);
    }
  };
  return real(a.replace(/^~(?=\/)/, homedir())) === real(b);
}

function readRecord(dir: string): Record | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, RECORD), 'utf8')) as Record;
  } catch {
    return undefined;
  }
}

/**
 * Where the hook finds cruft-check: the node and dist/cli.js that ran `init --global` (absolute,
 * so a GUI client without the shell's PATH finds them too), else `npx --no-install cruft-check`
 * (an npx cache that was cleared, a project that installs it), else one line and the commit goes
 * through: a tool that vanished must never stop anybody from committing.
 */
function runPart(): string {
  const node = shellQuote(process.execPath);
  const cli = shellQuote(join(packageRoot(), 'dist', 'cli.js'));
  return `# cruft-check, unless the repository's own hook already runs it (init in that repository)
if [ "\${CRUFT_CHECK:-}" != off ] && ! { [ -f "$own" ] && grep -q '>>> cruft-check >>>' "$own" 2>/dev/null; }; then
  if [ -x ${node} ] && [ -f ${cli} ]; then
    ${node} ${cli} --hook || exit $?
  elif command -v npx >/dev/null 2>&1 && npx --no-install cruft-check --version >/dev/null 2>&1; then
    npx --no-install cruft-check --hook || exit $?
  else
    echo 'cruft-check: not found (moved or removed?), so this commit was not checked; run \`npx cruft-check init --global\` again' >&2
  fi
fi
`;
}

/**
 * One hook file. `$own` is the repository's own hook: in the common git directory (a linked
 * worktree's hooks are the main repository's), never `git rev-parse --git-path hooks`, which
 * would name this folder again.
 */
export function hookScript(name: string, previous: string | null): string {
  // When a global hooks folder was set before, that folder is what ran in these repositories:
  // keep running it rather than the repository's .git/hooks.
  const own = previous
    ? `own=${shellQuote(join(previous.replace(/^~(?=\/)/, homedir()), name))}`
    : // Hooks run at the top of the work tree: a plain `.git` folder there is the common git
      // directory, found without starting git (reference-transaction and post-index-change run
      // several times per commit). Anything else (a linked worktree, GIT_DIR set): git says.
      `if [ -z "\${GIT_DIR:-}\${GIT_COMMON_DIR:-}" ] && [ -d .git ]; then own=.git/hooks/${name}; else own="$(git rev-parse --git-common-dir 2>/dev/null)/hooks/${name}"; fi`;
  const lines = ['#!/bin/sh', MARK, own];
  if (name === 'pre-commit') lines.push(runPart().trimEnd());
  if (name === 'push-to-checkout') {
    // git's default when no push-to-checkout hook exists (receive.denyCurrentBranch=updateInstead):
    // refuse when the work tree or index differs from HEAD, else update them to the pushed commit.
    // Our file exists, so git leaves that to us.
    lines.push(
      'if [ -x "$own" ]; then exec "$own" "$@"; fi',
      'git update-index -q --refresh && git diff-files --quiet && git diff-index --cached --quiet HEAD -- || { echo "cruft-check: the work tree has changes; push refused" >&2; exit 1; }',
      'exec git read-tree -u -m HEAD "$1"',
    );
  } else {
    lines.push('if [ -x "$own" ] && [ ! "$own" -ef "$0" ]; then exec "$own" "$@"; fi', 'exit 0');
  }
  return `${lines.join('\n')}\n`;
}

/** `cruft-check init --global`. */
export async function runInitGlobal(cwd: string, envIn: NodeJS.ProcessEnv): Promise<number> {
  const dir = configDir(envIn);
  const hooks = join(dir, 'hooks');
  const current = await globalHooksPath(cwd);
  const installed = current !== null && same(current, hooks);
  // Installing again keeps the first record: "previous" is what was there before cruft-check.
  const record: Record = (installed && readRecord(dir)) || { version: 1, hooksDir: hooks, previous: current };
  mkdirSync(hooks, { recursive: true });
  for (const name of HOOK_NAMES) {
    const file = join(hooks, name);
    const text = hookScript(name, record.previous);
    if (existsSync(file) && readFileSync(file, 'utf8') === text) continue;
    if (existsSync(file) && !readFileSync(file, 'utf8').includes(MARK)) {
      throw new CruftError(`${file} exists and was not written by cruft-check; move it away and run again`);
    }
    writeAtomic(file, text, { mode: 0o755, expect: existsSync(file) ? readFileSync(file) : null });
  }
  writeAtomic(join(dir, RECORD), `${JSON.stringify(record, null, 2)}\n`, { expect: existsSync(join(dir, RECORD)) ? readFileSync(join(dir, RECORD)) : null });
  if (!installed) await setGlobal(cwd, hooks);
  const out: string[] = [];
  out.push(`cruft-check: ${installed ? 'already installed for every repository of this user' : 'installed for every repository of this user'}: core.hooksPath = ${printable(hooks)} (global git configuration)`);
  if (record.previous !== null) {
    out.push(`  note: the global core.hooksPath was ${printable(record.previous)}; its hooks still run after cruft-check's, and \`cruft-check uninstall --global\` puts it back`);
  }
  out.push('  Every repository\'s own hooks (.git/hooks) still run after cruft-check. Repositories with their own core.hooksPath (husky) keep theirs:');
  out.push('  `cruft-check init --global --status` in one tells you; `npx cruft-check init` there covers it.');
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

/** `cruft-check uninstall --global`: the previous global setting back, exactly; our files gone. */
export async function runUninstallGlobal(cwd: string, envIn: NodeJS.ProcessEnv): Promise<number> {
  const dir = configDir(envIn);
  const hooks = join(dir, 'hooks');
  const record = readRecord(dir);
  const current = await globalHooksPath(cwd);
  const ours = current !== null && same(current, hooks);
  const out: string[] = [];
  if (ours) {
    const previous = record?.previous ?? null;
    await setGlobal(cwd, previous);
    out.push(previous === null ? 'cruft-check: removed core.hooksPath from the global git configuration (it was not set before)' : `cruft-check: put back the global core.hooksPath = ${printable(previous)}`);
  } else {
    out.push(current === null ? 'cruft-check: the global core.hooksPath is not set: nothing to restore' : `cruft-check: the global core.hooksPath is ${printable(current)}, not cruft-check's: left as it is`);
  }
  let removed = 0;
  if (existsSync(hooks)) {
    for (const name of readdirSync(hooks)) {
      const file = join(hooks, name);
      try {
        if (readFileSync(file, 'utf8').includes(MARK)) {
          unlinkSync(file);
          removed++;
        }
      } catch {
        // a folder or unreadable file: not ours
      }
    }
    try {
      rmdirSync(hooks);
    } catch {
      // something else lives there: kept
    }
  }
  if (existsSync(join(dir, RECORD)) && (ours || current === null)) unlinkSync(join(dir, RECORD));
  if (removed > 0) out.push(`  removed ${removed} hook files from ${printable(hooks)}`);
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

export interface Coverage {
  repo: string;
  covered: boolean;
  /** Why not (one line), and the fix. */
  why?: string;
  fix?: string;
}

/** Does the global hooks folder run in the repository at `dir`? */
export async function coverageOf(dir: string, envIn: NodeJS.ProcessEnv): Promise<Coverage> {
  const hooks = join(configDir(envIn), 'hooks');
  const top = await gitZ(dir, ['rev-parse', '--show-toplevel'], { env: env(), allowFail: true });
  const repo = top.code === 0 ? top.stdout.toString('utf8').replace(/\n$/, '') : dir;
  if (top.code !== 0) throw new CruftError(`not a git repository: ${dir}`);
  // `--show-scope` says where the winning value comes from: a repository's own wins over global.
  const r = await gitZ(dir, ['config', '--show-scope', '--get', 'core.hooksPath'], { env: env(), allowFail: true });
  const [scope, ...rest] = r.stdout.toString('utf8').replace(/\n$/, '').split('\t');
  const value = rest.join('\t');
  if (r.code === 0 && same(value, hooks)) return { repo, covered: true };
  if (r.code === 0 && scope !== 'global') {
    return {
      repo,
      covered: false,
      why: `not covered: uses its own hooks path (${value}, ${scope} configuration)`,
      fix: `cd ${shellQuote(repo)} && npx cruft-check init   (adds cruft-check to the hook in ${value})`,
    };
  }
  return { repo, covered: false, why: 'not covered: the global hooks are not installed', fix: 'npx cruft-check init --global' };
}

/** `cruft-check init --global --status [REPO…]`: exit 0 when every one is covered. */
export async function runGlobalStatus(cwd: string, repos: string[], envIn: NodeJS.ProcessEnv): Promise<number> {
  const hooks = join(configDir(envIn), 'hooks');
  const current = await globalHooksPath(cwd);
  const lines: string[] = [];
  lines.push(
    current !== null && same(current, hooks)
      ? `global hooks: installed (core.hooksPath = ${printable(hooks)})`
      : `global hooks: not installed${current !== null ? ` (the global core.hooksPath is ${printable(current)})` : ''}; run \`npx cruft-check init --global\``,
  );
  let all = true;
  for (const r of repos.length > 0 ? repos : [cwd]) {
    const c = await coverageOf(resolve(cwd, r), envIn);
    all &&= c.covered;
    lines.push(`${printable(c.repo)}: ${c.covered ? 'covered' : printable(c.why ?? '')}`);
    if (c.fix) lines.push(`  fix: ${c.fix}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return all ? 0 : 1;
}
