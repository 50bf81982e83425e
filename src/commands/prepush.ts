// The pre-push door: `cruft-check init --pre-push` installs it, `cruft-check pre-push REMOTE URL`
// is what it runs. A pre-commit hook does not see commits made with `--no-verify`, from a GUI
// that skips hooks, or on another machine; the push is the last moment they are still private.
//
// git runs pre-push with the remote's name and URL as arguments and one line per ref on standard
// input (githooks(5)):  <local ref> SP <local sha> SP <remote ref> SP <remote sha> LF
// - a deleted ref has a zero local sha: nothing is sent, it passes;
// - the commits judged are those the remote does not have:
//     git rev-list <local> --not --remotes=<remote> [<remote sha>]
//   (a new branch: what no remote-tracking ref of that remote holds; a force push: only the
//   commits the remote lacks, never what it already had);
// - a tag is judged by the commit it points to (peeled), the same way.
// Each of those commits is judged on what it adds (`git diff-tree --stdin`, one process for all
// of them), so cruft added in one commit and deleted in the next is still found: both are pushed.
import { closeSync, existsSync, lstatSync, mkdirSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CruftError, errors } from '../errors.js';
import { plural, printable, safeText, shellQuote } from '../text.js';
import { type Added, peelToCommit, readCommitsAdded, resolveRev, ZERO_OID } from '../git/pushed.js';
import { gitZ, openRepo, type Repo } from '../git/read.js';
import { writeAtomic } from '../facts/ignorefile.js';
import type { Finding } from '../model.js';
import { packageRoot } from '../package.js';

export const PUSH_BEGIN = '# >>> cruft-check pre-push >>>';
export const PUSH_END = '# <<< cruft-check pre-push <<<';
const CREATED = '#!/bin/sh\n# Created by `cruft-check init --pre-push`; `cruft-check uninstall --pre-push` removes it.\n';
// ---------------------------------------------------------------------------------------------
// Install

/**
 * The block: git's lines are kept in a temporary file and given to cruft-check, then the rest of
 * the hook reads them again from that file (`exec <`), so an existing pre-push hook after our
 * block still sees every line. The file is removed at once; the open descriptor keeps it readable.
 */
function block(kind: 'husky' | 'git'): string {
  const cli = kind === 'git' ? `CRUFT_CHECK_CLI=${shellQuote(join(packageRoot(), 'dist', 'cli.js'))}\n` : '';
  return `${PUSH_BEGIN}
${cli}if [ "\${CRUFT_CHECK:-}" != off ]; then
  cruft_check_in=$(mktemp) || exit 1
  cat > "$cruft_check_in"
  if [ -x node_modules/.bin/cruft-check ]; then
    node_modules/.bin/cruft-check pre-push "$@" < "$cruft_check_in" || { s=$?; rm -f "$cruft_check_in"; exit $s; }
  elif command -v cruft-check >/dev/null 2>&1; then
    cruft-check pre-push "$@" < "$cruft_check_in" || { s=$?; rm -f "$cruft_check_in"; exit $s; }
  elif [ -n "\${CRUFT_CHECK_CLI:-}" ] && [ -f "$CRUFT_CHECK_CLI" ]; then
    node "$CRUFT_CHECK_CLI" pre-push "$@" < "$cruft_check_in" || { s=$?; rm -f "$cruft_check_in"; exit $s; }
  else
    echo "cruft-check: not installed here, so this push was not checked (npm install --save-dev cruft-check)" >&2
  fi
  exec < "$cruft_check_in"
  rm -f "$cruft_check_in"
fi
${PUSH_END}
`;
}

async function prePushFile(cwd: string): Promise<{ file: string; kind: 'husky' | 'git' }> {
  // Beside the pre-commit hook (under `init --global`: the repository's own hooks folder, which
  // the global folder forwards to).
  const { hookTarget } = await import('./init.js');
  const target = await hookTarget(cwd);
  return { file: join(dirname(target.file), 'pre-push'), kind: target.kind };
}

/** Add the pre-push block (an existing hook is kept and runs after it). */
export async function installPrePush(cwd: string): Promise<string> {
  const { file, kind } = await prePushFile(cwd);
  const text = block(kind);
  let st;
  try {
    st = lstatSync(file);
  } catch {
    st = undefined;
  }
  if (!st) {
    mkdirSync(dirname(file), { recursive: true });
    writeAtomic(file, `${CREATED}${text}`, { mode: 0o755, expect: null });
    return `cruft-check: installed the pre-push hook in ${printable(file)}`;
  }
  if (st.isSymbolicLink()) throw new CruftError(`${file} is a symbolic link: add \`cruft-check pre-push "$@"\` to the script it points to by hand`);
  const old = readFileSync(file, 'utf8');
  if (old.includes(PUSH_BEGIN)) return `cruft-check: pre-push hook already installed in ${printable(file)}`;
  const first = old.split('\n', 1)[0] ?? '';
  if (first.startsWith('#!') && !/\b(sh|bash|dash|zsh|ksh)\b/.test(first)) {
    throw new CruftError(`${file} is not a shell script (${first.trim()}); add \`cruft-check pre-push "$@"\` to it by hand`);
  }
  if (kind === 'git' && (st.mode & 0o111) === 0) {
    throw new CruftError(`${file} exists but is not executable (switched off?)`, 'Make it executable (chmod +x) or move it away, then run `cruft-check init --pre-push` again.');
  }
  const updated = first.startsWith('#!') ? `${first}\n${text}${old.slice(first.length + 1)}` : `${text}${old}`;
  writeAtomic(file, updated, { expect: Buffer.from(old, 'utf8') });
  return `cruft-check: added the pre-push check to the existing hook ${printable(file)}`;
}

export async function uninstallPrePush(cwd: string): Promise<string> {
  const { file } = await prePushFile(cwd);
  if (!existsSync(file)) return `cruft-check: no cruft-check pre-push hook in ${printable(file)}`;
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(PUSH_BEGIN);
  const end = text.indexOf(PUSH_END);
  if (start < 0 || end < start) return `cruft-check: no cruft-check pre-push hook in ${printable(file)}`;
  const rest = text.slice(0, start) + text.slice(end + PUSH_END.length).replace(/^\r?\n/, '');
  if (rest === CREATED) {
    unlinkSync(file);
    return `cruft-check: removed the pre-push hook ${printable(file)}`;
  }
  writeAtomic(file, rest, { expect: Buffer.from(text, 'utf8') });
  return `cruft-check: removed cruft-check from the pre-push hook ${printable(file)}`;
}

// ---------------------------------------------------------------------------------------------
// The hook

export interface PushLine {
  localRef: string;
  localSha: string;
  remoteRef: string;
  remoteSha: string;
}

/** git's pre-push lines; a malformed line is bad input (ref names hold no spaces, see git-check-ref-format(1)). */
export function parsePushLines(text: string): PushLine[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const [localRef, localSha, remoteRef, remoteSha, extra] = l.split(' ');
      if (!localRef || !localSha || !remoteRef || !remoteSha || extra !== undefined || !/^[0-9a-f]+$/.test(localSha) || !/^[0-9a-f]+$/.test(remoteSha)) {
        throw errors.usage(`pre-push: not a line git writes: "${safeText(l)}"`);
      }
      return { localRef, localSha, remoteRef, remoteSha };
    });
}

interface Pushed {
  line: PushLine;
  /** New commits, newest first. */
  commits: string[];
}


/** The commits each ref sends that the remote does not have. */
async function pushedCommits(repo: Repo, remote: string, lines: PushLine[]): Promise<Pushed[]> {
  const remotes = new Set((await gitZ(repo.root, ['remote'], { env: repo.env, allowFail: true })).stdout.toString('utf8').split('\n').filter(Boolean));
  const out: Pushed[] = [];
  for (const line of lines) {
    if (ZERO_OID.test(line.localSha)) continue; // deleting a ref sends nothing
    // A tag (or anything else) is judged by the commit it names; a tag of a tree or blob has none.
    const commit = await peelToCommit(repo, line.localSha);
    if (!commit) continue;
    const not: string[] = [];
    if (remotes.has(remote)) not.push(`--remotes=${remote}`);
    // What the remote has now, when we have it (after a fetch): a force push sends only what it lacks.
    if (!ZERO_OID.test(line.remoteSha) && (await peelToCommit(repo, line.remoteSha))) not.push(line.remoteSha);
    const r = await gitZ(repo.root, ['rev-list', commit, '--not', ...not, '--'], { env: repo.env });
    out.push({ line, commits: r.stdout.toString('utf8').split('\n').filter(Boolean) });
  }
  return out;
}

/** The pushed commits that added or changed anything under a flagged path (`dir/` or a file). */
function commitsOf(path: string, added: Added): Set<string> {
  const found = new Set<string>();
  for (const [p, commits] of added.touchedBy) if (p === path || (path.endsWith('/') && p.startsWith(path))) commits.forEach((c) => found.add(c));
  return found;
}

/**
 * The exact commands that take the flagged paths out of the unpushed commits, without an
 * interactive rebase. The common case — everything came in the last commit of the branch being
 * pushed — is an amend; otherwise the unpushed commits are folded into one (reset --soft keeps
 * every change staged) with the cruft left out.
 */
async function removalRecipe(repo: Repo, pushed: Pushed[], findings: Finding[], added: Added): Promise<string[]> {
  const paths = [...new Set(findings.flatMap((f) => f.paths))];
  if (paths.length === 0) return [];
  const q = paths.map(shellQuote).join(' ');
  const ignore = [...new Set(findings.flatMap((f) => f.fix.gitignore))];
  const current = (await gitZ(repo.root, ['symbolic-ref', '-q', 'HEAD'], { env: repo.env, allowFail: true })).stdout.toString('utf8').trim();
  const culprits = new Set(paths.flatMap((p) => [...commitsOf(p, added)]));
  // The branch whose commits hold the cruft (a tag is fixed through its branch, then moved).
  const ref = pushed.find((p) => p.line.localRef.startsWith('refs/heads/') && p.commits.some((c) => culprits.has(c))) ?? pushed.find((p) => p.commits.some((c) => culprits.has(c)));
  if (!ref) return [];
  const lines: string[] = ['To take it out of the commits you are pushing (the files stay on disk):'];
  const branch = ref.line.localRef.replace(/^refs\/heads\//, '');
  const isBranch = ref.line.localRef.startsWith('refs/heads/');
  if (isBranch && ref.line.localRef !== current) lines.push(`    git switch ${shellQuote(branch)}`);
  const tip = ref.commits[0];
  const ignoreStep = ignore.length > 0 ? [`    printf '%s\\n' ${ignore.map(shellQuote).join(' ')} >> .gitignore && git add .gitignore`] : [];
  if (isBranch && tip && [...culprits].every((c) => c === tip)) {
    lines.push(`    git rm -r --cached -q -- ${q}`, ...ignoreStep, '    git commit --amend --no-edit');
  } else if (isBranch) {
    const oldest = ref.commits[ref.commits.length - 1] ?? '';
    const base = await resolveRev(repo, `${oldest}^`);
    if (base) {
      lines.push(
        `    git reset --soft ${base.slice(0, 12)}        # undoes the ${plural(ref.commits.length, 'unpushed commit')}; every change stays staged`,
        `    git rm -r --cached -q --ignore-unmatch -- ${q}`,
        ...ignoreStep,
        '    git commit -c ORIG_HEAD                  # one commit, starting from your last message',
      );
    } else {
      lines.push(`    (the cruft is in the first commit of ${safeText(branch)}; \`git rebase -i --root\` and edit that commit)`);
    }
  } else {
    lines.push(`    (${safeText(ref.line.localRef)} points into commits that hold it: fix the branch first, then move the tag: git tag -f NAME COMMIT)`);
  }
  // Only commits the remote does not have are rewritten: the next push is an ordinary one.
  lines.push('    git push …   (again, as before)');
  return lines;
}

export interface PrePushOptions {
  color: boolean;
  noInput: boolean;
  yes: boolean;
  env: NodeJS.ProcessEnv;
  input: string;
}

/** `cruft-check pre-push REMOTE [URL]`: returns the exit code (0 push, 1 stopped). */
export async function runPrePush(cwd: string, remote: string, opts: PrePushOptions): Promise<number> {
  if (opts.env.CRUFT_CHECK === 'off' || opts.env.HUSKY === '0') return 0;
  const lines = parsePushLines(opts.input);
  const repo = await openRepo(cwd);
  const pushed = await pushedCommits(repo, remote, lines);
  const commits = [...new Set(pushed.flatMap((p) => p.commits))];
  if (commits.length === 0) return 0;
  const added = await readCommitsAdded(repo, commits);
  const { check } = await import('../judge/check.js');
  // "New top-level folder" relative to what the remote had: the parent of the oldest new commit.
  const oldest = pushed.find((p) => p.commits.length > 0)?.commits.at(-1);
  const from = oldest ? await resolveRev(repo, `${oldest}^`) : undefined;
  const { report } = await check({ cwd: repo.root, scope: 'range', rangeFacts: { facts: added.facts, from } });
  const shown = report.findings.filter((f) => f.severity !== 'info');
  if (shown.length === 0) return 0;
  const { renderHuman } = await import('../report/human.js');
  const blocking = shown.filter((f) => f.severity === 'error');
  const head = `cruft-check: ${plural(commits.length, 'commit')} about to be pushed to ${safeText(remote)} ${commits.length === 1 ? 'holds' : 'hold'} cruft.\n`;
  const text = `${head}${renderHuman({ ...report, findings: shown }, { color: opts.color, hasHead: true })}`;
  const recipe = (await removalRecipe(repo, pushed, blocking.length > 0 ? blocking : shown, added)).join('\n');
  if (blocking.length === 0 || opts.yes) {
    process.stderr.write(`${text}${recipe ? `${recipe}\n` : ''}`);
    return 0;
  }
  const stopped = '\nThe push was stopped: nothing was sent.' + `${recipe ? `\n${recipe}` : ''}\n  • last resort, skipping every pre-push check:  git push --no-verify\n`;
  const { isCI, openTerminal, ask } = await import('./hook.js');
  const fd = opts.noInput || isCI(opts.env) ? undefined : openTerminal();
  if (fd === undefined) {
    process.stderr.write(`${text}${stopped}`);
    return 1;
  }
  try {
    writeSync(fd, text);
    const push = ask(fd, 'Push anyway? [y/N] ', { '': false, n: false, no: false, y: true, yes: true }, false, 'Please type y or n (or press Enter for n): ');
    if (push) {
      writeSync(fd, 'Pushing anyway.\n');
      return 0;
    }
    writeSync(fd, stopped);
    return 1;
  } finally {
    closeSync(fd);
  }
}

/** For the `pre-push` command's input: everything git wrote on standard input. */
