// Install and remove the pre-commit hook. With husky, into `.husky/pre-commit`; otherwise into
// the hooks folder git really uses (`git rev-parse --git-path hooks` follows core.hooksPath and
// linked worktrees). An existing hook is kept: our block is inserted after its first line and
// marked, so running `init` twice changes nothing and `uninstall` removes exactly what we added.
import { chmodSync, existsSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { simpleGit } from 'simple-git';
import { CruftError, errors } from './errors.js';
import { packageRoot } from './package.js';

export const BEGIN = '# >>> cruft-check >>>';
export const END = '# <<< cruft-check <<<';


export interface HookTarget {
  file: string;
  kind: 'husky' | 'git';
}

async function repoRoot(cwd: string): Promise<string> {
  if (!existsSync(cwd)) throw errors.noSuchDir(cwd);
  try {
    const git = simpleGit({ baseDir: cwd });
    if ((await git.raw(['rev-parse', '--is-bare-repository'])).trim() === 'true') throw errors.bareRepo(cwd);
    return (await git.raw(['rev-parse', '--show-toplevel'])).trim();
  } catch (e) {
    if (e instanceof CruftError) throw e;
    const msg = (e as Error).message;
    if (/ENOENT|spawn git/.test(msg)) throw errors.gitMissing();
    throw errors.notARepo(cwd);
  }
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
  const root = await repoRoot(cwd);
  if (usesHusky(root)) return { file: join(root, '.husky', 'pre-commit'), kind: 'husky' };
  const hooks = (await simpleGit({ baseDir: root }).raw(['rev-parse', '--git-path', 'hooks'])).trim();
  return { file: resolve(root, hooks, 'pre-commit'), kind: 'git' };
}

/** The block we add to a hook file, taken from the shipped hooks/pre-commit. */
function hookBlock(kind: HookTarget['kind']): string {
  if (kind === 'husky') {
    // husky (v9) puts node_modules/.bin on PATH before running the hook.
    return `${BEGIN}\n[ "\${CRUFT_CHECK:-}" = off ] || cruft-check --hook || exit $?\n${END}\n`;
  }
  const shipped = readFileSync(join(packageRoot(), 'hooks', 'pre-commit'), 'utf8');
  const block = shipped.slice(shipped.indexOf(BEGIN), shipped.indexOf(END) + END.length);
  // Remember where this copy of cruft-check lives, for repositories that do not install it.
  const cli = join(packageRoot(), 'dist', 'cli.js').replace(/'/g, `'\\''`);
  return `${block.replace(BEGIN, `${BEGIN}\nCRUFT_CHECK_CLI='${cli}'`)}\n`;
}

/** Write a file by writing a temporary file beside it and renaming: never half-written. */
export function writeAtomic(file: string, text: string, mode?: number): void {
  const tmp = `${file}.cruft-check-${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text, { mode: mode ?? (existsSync(file) ? statSync(file).mode & 0o777 : 0o644) });
    renameSync(tmp, file);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // nothing was written
    }
    throw new CruftError(`could not write ${file}: ${(e as Error).message}`);
  }
}

export interface InstallResult {
  target: HookTarget;
  action: 'created' | 'chained' | 'unchanged';
}

export async function install(cwd: string): Promise<InstallResult> {
  const target = await hookTarget(cwd);
  const block = hookBlock(target.kind);
  if (!existsSync(target.file)) {
    mkdirSync(dirname(target.file), { recursive: true });
    writeAtomic(target.file, `#!/bin/sh\n${block}`, 0o755);
    return { target, action: 'created' };
  }
  const text = readFileSync(target.file, 'utf8');
  if (text.includes(BEGIN)) return { target, action: 'unchanged' };
  const firstLine = text.split('\n', 1)[0] ?? '';
  if (firstLine.startsWith('#!') && !/\b(sh|bash|dash|zsh|ksh)\b/.test(firstLine)) {
    throw new CruftError(
      `${target.file} is not a shell script (${firstLine}); add \`cruft-check --hook\` to it by hand`,
    );
  }
  // Run first, keeping the existing hook after it: a hook that ends with `exec` never returns.
  const updated = firstLine.startsWith('#!') ? `${firstLine}\n${block}${text.slice(firstLine.length + 1)}` : `${block}${text}`;
  writeAtomic(target.file, updated);
  chmodSync(target.file, statSync(target.file).mode | 0o111);
  return { target, action: 'chained' };
}

export async function uninstall(cwd: string): Promise<{ target: HookTarget; action: 'removed' | 'deleted' | 'absent' }> {
  const target = await hookTarget(cwd);
  if (!existsSync(target.file)) return { target, action: 'absent' };
  const text = readFileSync(target.file, 'utf8');
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (start < 0 || end < start) return { target, action: 'absent' };
  const rest = text.slice(0, start) + text.slice(end + END.length).replace(/^\n/, '');
  // A hook we created holds nothing else: remove it rather than leave an empty script.
  if (rest.replace(/^#!.*\n?/, '').trim() === '') {
    unlinkSync(target.file);
    return { target, action: 'deleted' };
  }
  writeAtomic(target.file, rest);
  return { target, action: 'removed' };
}
