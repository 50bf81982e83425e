// Install and remove the pre-commit hook. With husky, into `.husky/pre-commit`; otherwise into
// the hooks folder git really uses (`git rev-parse --git-path hooks` follows core.hooksPath and
// linked worktrees, whose hooks are the main repository's). An existing hook is kept: our block
// is inserted after its first line and marked, so running `init` twice changes nothing and
// `uninstall` gives back the original file byte for byte.
//
// `init` also offers, with consent only (a question on a terminal, or a flag), to write a
// starting `.cruftignore` and to add .gitignore lines for cruft already lying untracked in the
// repository. Without either it only says how.
import { closeSync, existsSync, lstatSync, mkdirSync, readFileSync, realpathSync, unlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CruftError, errors } from '../errors.js';
import { gitZ } from '../git/read.js';
import { printable } from '../text.js';
import { appendIgnoreLines, writeAtomic } from '../facts/ignorefile.js';
import { packageRoot } from '../package.js';
// A dependency, required only when init runs (this module is loaded lazily): see scripts/build.mjs.
import { isMap, isSeq, parseDocument } from 'yaml';

export const BEGIN = '# >>> cruft-check >>>';
export const END = '# <<< cruft-check <<<';
/** The first lines of a hook file that init created (and uninstall may therefore delete). */
const CREATED = '#!/bin/sh\n# Created by `cruft-check init`; `cruft-check uninstall` removes it.\n';

export interface HookTarget {
  file: string;
  kind: 'husky' | 'git';
  root: string;
}

/**
 * The work tree's top level and the hooks folder git uses, from one `git rev-parse`. It answers
 * line by line in the order asked, and a path may hold a newline: the top level comes from
 * `--show-cdup` (only `../` steps), the hooks folder is whatever follows it. Outside a work tree
 * (a bare repository, the .git folder) it prints no `--show-cdup` line: the first two answer that.
 */
async function hooksPlace(cwd: string): Promise<{ root: string; hooks: string }> {
  if (!existsSync(cwd)) throw errors.noSuchDir(cwd);
  const r = await gitZ(cwd, ['rev-parse', '--is-bare-repository', '--is-inside-work-tree', '--show-cdup', '--git-path', 'hooks'], { allowFail: true, quiet: true });
  const lines = r.stdout.toString('utf8').replace(/\n$/, '').split('\n');
  if (lines[0] === 'true') throw errors.bareRepo(cwd);
  if (r.code !== 0 || lines[1] !== 'true' || lines.length < 4) throw errors.notARepo(cwd);
  return { root: resolve(realpathSync(cwd), lines[2] ?? ''), hooks: resolve(cwd, lines.slice(3).join('\n')) };
}

function usesHusky(root: string): boolean {
  if (existsSync(join(root, '.husky'))) return true;
  try {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    return Boolean(pkg.devDependencies?.husky ?? pkg.dependencies?.husky);
  } catch {
    return false;
  }
}

export async function hookTarget(cwd: string): Promise<HookTarget> {
  const { root, hooks } = await hooksPlace(cwd);
  if (usesHusky(root)) return { file: join(root, '.husky', 'pre-commit'), kind: 'husky', root };
  // Under `init --global` that is the user's folder, shared by every repository; it runs each
  // repository's own hook, so this repository's hook goes there (src/commands/global.ts).
  const { configDir } = await import('./global.js');
  let folder = hooks;
  if (hooks === resolve(configDir(process.env), 'hooks')) {
    const common = (await gitZ(root, ['rev-parse', '--git-common-dir'])).stdout.toString('utf8').replace(/\n$/, '');
    folder = resolve(root, common, 'hooks');
  }
  return { file: join(folder, 'pre-commit'), kind: 'git', root };
}

/** The block we add to a hook file, taken from the shipped hooks/pre-commit. */
function hookBlock(kind: HookTarget['kind']): string {
  const shipped = readFileSync(join(packageRoot(), 'hooks', 'pre-commit'), 'utf8');
  const block = `${shipped.slice(shipped.indexOf(BEGIN), shipped.indexOf(END) + END.length)}\n`;
  // .husky/pre-commit is committed and shared: no path of this machine goes in it (husky puts
  // node_modules/.bin on PATH, where an installed cruft-check is found).
  if (kind === 'husky') return block;
  // A plain hook is this clone's own: remember where this copy of cruft-check lives, for
  // repositories that do not install it.
  const cli = join(packageRoot(), 'dist', 'cli.js').replace(/'/g, `'\\''`);
  return block.replace(BEGIN, `${BEGIN}\nCRUFT_CHECK_CLI='${cli}'`);
}

export interface InstallResult {
  target: HookTarget;
  action: 'created' | 'chained' | 'unchanged';
  /** Things the person should know: husky not set up, a hooks path shared with other repositories… */
  notes: string[];
}

/** A git config value, or undefined when unset (`git config --get` exits 1 and prints nothing). */
async function configValue(root: string, args: string[]): Promise<string | undefined> {
  const r = await gitZ(root, ['config', ...args], { allowFail: true, quiet: true });
  return (r.code === 0 && r.stdout.toString('utf8').trim()) || undefined;
}

async function installNotes(target: HookTarget, text: string): Promise<string[]> {
  const notes: string[] = [];
  const hooksPath = await configValue(target.root, ['--get', 'core.hooksPath']);
  if (target.kind === 'husky') {
    if (!hooksPath || !['.husky/_', '.husky'].includes(hooksPath.replace(/\/+$/, ''))) {
      notes.push('husky is not set up in this clone (core.hooksPath is not .husky/_), so .husky/pre-commit does not run yet: run `npx husky`.');
    }
  } else if (hooksPath && (await configValue(target.root, ['--local', '--get', 'core.hooksPath'])) === undefined) {
    notes.push(`core.hooksPath (${hooksPath}) comes from your global git configuration: the hook there runs in every repository that uses it.`);
  }
  if (text.includes('File generated by pre-commit')) {
    notes.push('this hook was written by the pre-commit framework, which rewrites it on `pre-commit install`: add cruft-check to .pre-commit-config.yaml as well (see the README).');
  }
  return notes;
}

/** Install the hook; `target` when the caller has already asked where it goes (one `git rev-parse` less). */
export async function install(cwd: string, target?: HookTarget): Promise<InstallResult> {
  target ??= await hookTarget(cwd);
  const block = hookBlock(target.kind);
  let st;
  try {
    st = lstatSync(target.file);
  } catch {
    st = undefined;
  }
  if (!st) {
    mkdirSync(dirname(target.file), { recursive: true });
    writeAtomic(target.file, `${CREATED}${block}`, { mode: 0o755, expect: null });
    return { target, action: 'created', notes: await installNotes(target, '') };
  }
  // A hook that is a link into the work tree (scripts/pre-commit…) is the project's own file:
  // we do not edit it through the link, nor replace the link.
  if (st.isSymbolicLink()) {
    throw new CruftError(`${target.file} is a symbolic link: add \`cruft-check --hook\` to the script it points to by hand`);
  }
  const text = readFileSync(target.file, 'utf8');
  if (text.includes(BEGIN)) return { target, action: 'unchanged', notes: await installNotes(target, text) };
  const firstLine = text.split('\n', 1)[0] ?? '';
  if (firstLine.startsWith('#!') && !/\b(sh|bash|dash|zsh|ksh)\b/.test(firstLine)) {
    throw new CruftError(`${target.file} is not a shell script (${firstLine.trim()}); add \`cruft-check --hook\` to it by hand`);
  }
  // git skips a hook that is not executable: someone switched it off, and it stays off.
  if (target.kind === 'git' && (st.mode & 0o111) === 0) {
    throw new CruftError(
      `${target.file} exists but is not executable (switched off?)`,
      'Make it executable (chmod +x) or move it away, then run `cruft-check init` again.',
    );
  }
  // Run first, keeping the existing hook after it: a hook that ends with `exec` never returns.
  const updated = firstLine.startsWith('#!') ? `${firstLine}\n${block}${text.slice(firstLine.length + 1)}` : `${block}${text}`;
  writeAtomic(target.file, updated, { expect: Buffer.from(text, 'utf8') });
  return { target, action: 'chained', notes: await installNotes(target, text) };
}

export async function uninstall(cwd: string, target?: HookTarget): Promise<{ target: HookTarget; action: 'removed' | 'deleted' | 'absent' }> {
  target ??= await hookTarget(cwd);
  if (!existsSync(target.file)) return { target, action: 'absent' };
  const text = readFileSync(target.file, 'utf8');
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (start < 0 || end < start) return { target, action: 'absent' };
  const rest = text.slice(0, start) + text.slice(end + END.length).replace(/^\r?\n/, '');
  // A hook that init created and that holds nothing else goes; anything else keeps its file.
  if (rest === CREATED) {
    unlinkSync(target.file);
    return { target, action: 'deleted' };
  }
  writeAtomic(target.file, rest, { expect: Buffer.from(text, 'utf8') });
  return { target, action: 'removed' };
}

// ---------------------------------------------------------------------------------------------
// Hook managers that rewrite the hook file from their own configuration: a block in the file
// does not survive their next run, so cruft-check goes into the configuration as well.
// - lefthook reads lefthook.yml each time its hook runs: the command goes there (edited with the
//   `yaml` package's Document API, which keeps the person's comments, order and quoting).
// - simple-git-hooks writes its configured command into .git/hooks/ on `npx simple-git-hooks`:
//   the command goes into its JSON configuration (package.json's key or .simple-git-hooks.json);
//   a JavaScript configuration is code, which we neither run nor rewrite.

/** The command a manager's configuration runs (the same one the README shows). */
export const MANAGER_COMMAND = 'npx cruft-check --hook';

const LEFTHOOK_FILES = ['lefthook.yml', '.lefthook.yml', 'lefthook.yaml', '.lefthook.yaml'];
const SGH_JSON = ['.simple-git-hooks.json', 'simple-git-hooks.json'];
const SGH_JS = ['.simple-git-hooks.cjs', '.simple-git-hooks.js', '.simple-git-hooks.mjs', 'simple-git-hooks.cjs', 'simple-git-hooks.js', 'simple-git-hooks.mjs'];

export interface ManagerEdit {
  manager: 'lefthook' | 'simple-git-hooks';
  file: string;
  action: 'added' | 'unchanged' | 'removed' | 'by-hand';
  note?: string;
}

function readJson(file: string): { value: Record<string, unknown>; indent: string; text: string } | undefined {
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8');
  const indent = /^[{[]\r?\n([ \t]+)/.exec(text)?.[1] ?? '  ';
  try {
    const value = JSON.parse(text) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return { value: value as Record<string, unknown>, indent, text };
  } catch {
    throw new CruftError(`${file} is not valid JSON; add \`${MANAGER_COMMAND}\` to its pre-commit hook by hand`);
  }
  return undefined;
}

function writeJson(file: string, j: { value: Record<string, unknown>; indent: string; text: string }): void {
  const eol = j.text.includes('\r\n') ? '\r\n' : '\n';
  const out = JSON.stringify(j.value, null, j.indent).replace(/\n/g, eol) + (j.text.endsWith('\n') ? eol : '');
  writeAtomic(file, out, { expect: Buffer.from(j.text, 'utf8') });
}

/** Where simple-git-hooks reads its configuration here, when it is used at all. */
function simpleGitHooksConfig(root: string): { kind: 'json'; file: string; key?: string } | { kind: 'js'; file: string } | undefined {
  for (const f of SGH_JS) if (existsSync(join(root, f))) return { kind: 'js', file: join(root, f) };
  for (const f of SGH_JSON) if (existsSync(join(root, f))) return { kind: 'json', file: join(root, f) };
  const pkg = join(root, 'package.json');
  const j = existsSync(pkg) ? readJson(pkg) : undefined;
  if (!j) return undefined;
  const deps = { ...(j.value.dependencies as object | undefined), ...(j.value.devDependencies as object | undefined) };
  if ('simple-git-hooks' in j.value || 'simple-git-hooks' in deps) return { kind: 'json', file: pkg, key: 'simple-git-hooks' };
  return undefined;
}

async function editSimpleGitHooks(root: string, remove: boolean): Promise<ManagerEdit | undefined> {
  const cfg = simpleGitHooksConfig(root);
  if (!cfg) return undefined;
  if (cfg.kind === 'js') {
    return {
      manager: 'simple-git-hooks',
      file: cfg.file,
      action: 'by-hand',
      note: `${cfg.file} is JavaScript, which cruft-check does not rewrite: ${remove ? 'take' : 'add'} "${MANAGER_COMMAND}" ${remove ? 'out of' : 'to'} its pre-commit entry by hand, then run \`npx simple-git-hooks\`.`,
    };
  }
  const j = readJson(cfg.file);
  if (!j) return undefined;
  const holder = (cfg.key ? (j.value[cfg.key] ??= {}) : j.value) as Record<string, unknown>;
  const current = typeof holder['pre-commit'] === 'string' ? (holder['pre-commit'] as string) : '';
  if (remove) {
    if (!current.includes(MANAGER_COMMAND)) return { manager: 'simple-git-hooks', file: cfg.file, action: 'unchanged' };
    const rest = current.replace(`${MANAGER_COMMAND} && `, '').replace(` && ${MANAGER_COMMAND}`, '').replace(MANAGER_COMMAND, '').trim();
    if (rest) holder['pre-commit'] = rest;
    else delete holder['pre-commit'];
    writeJson(cfg.file, j);
    return { manager: 'simple-git-hooks', file: cfg.file, action: 'removed', note: 'run `npx simple-git-hooks` to rewrite the hook without it.' };
  }
  if (/\bcruft-check\b/.test(current)) return { manager: 'simple-git-hooks', file: cfg.file, action: 'unchanged' };
  // First, so a blocked commit stops before the slower checks run.
  holder['pre-commit'] = current ? `${MANAGER_COMMAND} && ${current}` : MANAGER_COMMAND;
  writeJson(cfg.file, j);
  return { manager: 'simple-git-hooks', file: cfg.file, action: 'added', note: 'simple-git-hooks rewrites .git/hooks from it on `npx simple-git-hooks`, and keeps cruft-check.' };
}

async function editLefthook(root: string, remove: boolean): Promise<ManagerEdit | undefined> {
  const name = LEFTHOOK_FILES.find((f) => existsSync(join(root, f)));
  if (!name) return undefined;
  const file = join(root, name);
  const text = readFileSync(file, 'utf8');
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new CruftError(`${file} is not valid YAML (${doc.errors[0]?.message.split('\n')[0]}); add cruft-check to it by hand (see the README)`);
  const jobs = doc.getIn(['pre-commit', 'jobs']);
  const ours = (item: unknown): boolean => isMap(item) && item.get('name') === 'cruft-check';
  const has = doc.hasIn(['pre-commit', 'commands', 'cruft-check']) || (isSeq(jobs) && jobs.items.some(ours));
  if (remove) {
    if (!has) return { manager: 'lefthook', file, action: 'unchanged' };
    if (doc.hasIn(['pre-commit', 'commands', 'cruft-check'])) doc.deleteIn(['pre-commit', 'commands', 'cruft-check']);
    if (isSeq(jobs)) jobs.items = jobs.items.filter((i) => !ours(i));
    const commands = doc.getIn(['pre-commit', 'commands']);
    if (isMap(commands) && commands.items.length === 0) doc.deleteIn(['pre-commit', 'commands']);
    const section = doc.get('pre-commit');
    if (isMap(section) && section.items.length === 0) doc.delete('pre-commit');
    writeAtomic(file, doc.toString(), { expect: Buffer.from(text, 'utf8') });
    return { manager: 'lefthook', file, action: 'removed' };
  }
  if (has) return { manager: 'lefthook', file, action: 'unchanged' };
  // `interactive: true`: lefthook then runs the command on the real terminal (not its own
  // pseudo-terminal), so the question reaches the person.
  const entry = { run: MANAGER_COMMAND, interactive: true };
  if (isSeq(jobs)) jobs.items.unshift(doc.createNode({ name: 'cruft-check', ...entry }));
  else doc.setIn(['pre-commit', 'commands', 'cruft-check'], doc.createNode(entry));
  writeAtomic(file, doc.toString(), { expect: Buffer.from(text, 'utf8') });
  return { manager: 'lefthook', file, action: 'added', note: 'lefthook reads it each time its hook runs (`npx lefthook install` once, if it is not installed yet).' };
}

/** Put cruft-check into (or take it out of) the configuration of every manager this repository uses. */
export async function editManagers(root: string, remove: boolean): Promise<ManagerEdit[]> {
  const edits = [await editLefthook(root, remove), await editSimpleGitHooks(root, remove)];
  return edits.filter((e): e is ManagerEdit => e !== undefined);
}

/** `.cruftignore.example` with every pattern commented out: a file to start from that allows nothing yet. */
export function cruftignoreTemplate(): string {
  const example = readFileSync(join(packageRoot(), '.cruftignore.example'), 'utf8');
  return example
    .split('\n')
    .map((l) => (l.trim() === '' || l.startsWith('#') ? l : `# ${l}`))
    .join('\n');
}

export interface InitOptions {
  /** Write `.cruftignore` from the example without asking. */
  withCruftignore: boolean;
  /** Add .gitignore lines for untracked cruft without asking. */
  ignoreUntracked: boolean;
  noInput: boolean;
  env: NodeJS.ProcessEnv;
}

/** `cruft-check init`: install, then offer the extras. Prints what it did; returns the exit code. */
export async function runInit(cwd: string, opts: InitOptions): Promise<number> {
  const out = (s: string): boolean => process.stdout.write(s);
  const target = await hookTarget(cwd);
  const edits = await editManagers(target.root, false);
  for (const e of edits) {
    const what = { added: `added cruft-check to ${e.manager}'s configuration`, unchanged: `${e.manager}'s configuration already runs cruft-check:`, removed: '', 'by-hand': `${e.manager}:` }[e.action];
    out(`cruft-check: ${what}${e.action === 'by-hand' ? '' : ` ${e.file}`}\n`);
    if (e.note) out(`  note: ${e.note}\n`);
  }
  // lefthook's own hook runs what lefthook.yml says: a block in .git/hooks as well would run twice.
  const byLefthook = target.kind === 'git' && edits.some((e) => e.manager === 'lefthook' && e.action !== 'by-hand');
  let root = target.root;
  if (!byLefthook) {
    const r = await install(cwd, target);
    const what = { created: 'installed the pre-commit hook in', chained: 'added cruft-check to the existing hook', unchanged: 'already installed in' }[r.action];
    out(`cruft-check: ${what} ${r.target.file}\n`);
    for (const n of r.notes) out(`  note: ${n}\n`);
    root = r.target.root;
  }

  const { isCI, openTerminal, ask } = await import('./hook.js');
  // Ask only a person at a terminal: not CI, not a script that pipes init's input.
  const fd = opts.noInput || isCI(opts.env) || !process.stdin.isTTY ? undefined : openTerminal();
  const yesNo = { '': false, n: false, no: false, y: true, yes: true };
  const confirm = (question: string): boolean =>
    fd !== undefined && ask(fd, `${question} [y/N] `, yesNo, false, 'Please type y or n (or press Enter for n): ');
  try {
    const cruftignore = join(root, '.cruftignore');
    if (!existsSync(cruftignore)) {
      const question = 'Create .cruftignore, the list of paths you commit on purpose (it starts with examples, all commented out)?';
      if (opts.withCruftignore || confirm(question)) {
        writeAtomic(cruftignore, cruftignoreTemplate(), { expect: null });
        out('cruft-check: wrote .cruftignore (every example in it is commented out; commit it)\n');
      } else if (fd === undefined) {
        out('  tip: `cruft-check init --with-cruftignore` writes a .cruftignore to list paths you commit on purpose\n');
      }
    }

    let lines: string[] = [];
    let shown: string[] = [];
    try {
      const { check } = await import('../judge/check.js');
      const { report } = await check({ cwd: root, scope: 'preflight' });
      const untracked = report.findings.filter((f) => f.origin === 'untracked' && f.severity !== 'info' && f.fix.gitignore.length > 0);
      lines = [...new Set(untracked.flatMap((f) => f.fix.gitignore))];
      shown = [...new Set(untracked.flatMap((f) => f.paths))];
    } catch (e) {
      if (!(e instanceof CruftError)) throw e;
      out(`  note: could not look for untracked cruft: ${e.message}\n`);
    }
    const gitignore = join(root, '.gitignore');
    let missing: string[] = [];
    try {
      if (lines.length > 0) missing = appendIgnoreLines(gitignore, lines, { root, dryRun: true }).added;
    } catch (e) {
      // A symlinked .gitignore is refused (see ignorefile.ts); the hook is installed all the same.
      if (!(e instanceof CruftError)) throw e;
      out(`  note: ${e.message}\n`);
    }
    if (missing.length > 0) {
      const list = missing.map(printable).join('  ');
      const question = `Untracked ${shown.slice(0, 3).map(printable).join(', ')}${shown.length > 3 ? ', …' : ''} look like cruft. Add ${list} to .gitignore?`;
      if (opts.ignoreUntracked || confirm(question)) {
        const edit = appendIgnoreLines(gitignore, lines, { root });
        out(`cruft-check: added to .gitignore  ${edit.added.map(printable).join('  ')}\n`);
      } else if (fd === undefined) {
        out(`  tip: untracked cruft would be swept in by \`git add .\`: \`cruft-check init --ignore-untracked\` adds ${list} to .gitignore\n`);
      }
    }
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return 0;
}

export async function runUninstall(cwd: string): Promise<number> {
  const target = await hookTarget(cwd);
  for (const e of await editManagers(target.root, true)) {
    if (e.action === 'removed') process.stdout.write(`cruft-check: removed cruft-check from ${e.file}\n`);
    if (e.note && e.action !== 'unchanged') process.stdout.write(`  note: ${e.note}\n`);
  }
  const r = await uninstall(cwd, target);
  const what = { removed: 'removed cruft-check from', deleted: 'removed the hook', absent: 'no cruft-check hook in' }[r.action];
  process.stdout.write(`cruft-check: ${what} ${r.target.file}\n`);
  return 0;
}
