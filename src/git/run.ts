// The one door to git: every git process cruft-check starts is started here, with the
// environment the caller gives (a hook's own, GIT_INDEX_FILE made absolute by gitEnv; a server
// hook's quarantine), its output read as bytes, and a failure mapped to one line (CruftError).
//
// Why child_process and not simple-git on the paths a commit takes: measured on a 2-core machine
// (docs/architecture.md), simple-git waits an extra 50 ms after every command that prints nothing
// (a clean commit is full of those), decodes output as UTF-8 (a path with invalid UTF-8 bytes could
// not be given back to git), and cannot feed a command's standard input (`cat-file --batch-check`).
// simple-git serves the command where none of that matters (fix), through simpleGitAt().
import { type ChildProcess, spawn } from 'node:child_process';
import { isAbsolute, resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { createRequire } from 'node:module';
import type { SimpleGit, SimpleGitOptions } from 'simple-git';
import { CruftError, errors } from '../errors.js';

export interface StreamOptions {
  env?: NodeJS.ProcessEnv;
  stdin?: string | Buffer;
  allowFail?: boolean;
  /** git's error output is not wanted (a failure is asked again): no pipe for it. */
  quiet?: boolean;
}

/**
 * Run git and hand its standard output to `onChunk` piece by piece. Resolves with the exit code
 * (a failure is a one-line CruftError unless `allowFail`).
 */
export function gitStream(cwd: string, args: readonly string[], opts: StreamOptions, onChunk: (chunk: Buffer) => void): Promise<{ code: number; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    // Standard input is a pipe only when there is something to feed, standard error only when it
    // is wanted: a pipe costs a socket pair and a stream to set up and tear down, on every git
    // process of every commit.
    const stdio: Stdio = [opts.stdin === undefined ? 'ignore' : 'pipe', 'pipe', opts.quiet ? 'ignore' : 'pipe'];
    const env = opts.env ?? process.env;
    const child = takeAhead(cwd, args, env, stdio) ?? spawn('git', args, { cwd, env, stdio });
    const { stdin, stdout, stderr } = child as { stdin: Writable | null; stdout: Readable; stderr: Readable | null };
    const err: Buffer[] = [];
    let failed: unknown;
    stdout.on('data', (b: Buffer) => {
      if (failed !== undefined) return;
      try {
        onChunk(b);
      } catch (e) {
        failed = e; // a parser error ends the run once git is done, with git's own exit code known
      }
    });
    stderr?.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e: NodeJS.ErrnoException) => {
      reject(e.code === 'ENOENT' ? errors.gitMissing() : new CruftError(`could not run git: ${e.message}`));
    });
    if (stdin && opts.stdin !== undefined) {
      stdin.on('error', () => {}); // git may exit before reading its input; the exit code says more
      stdin.end(opts.stdin);
    }
    child.on('close', (code) => {
      const stderr = Buffer.concat(err).toString('utf8');
      if (failed !== undefined) reject(failed);
      else if ((code ?? 1) !== 0 && !opts.allowFail) reject(errors.gitFailed(args, stderr));
      else resolvePromise({ code: code ?? 1, stderr });
    });
  });
}

interface GitResult {
  stdout: Buffer;
  stderr: string;
  code: number;
}

/** Run git and collect its output as bytes. Fails with a one-line CruftError unless `allowFail`. */
export async function gitZ(cwd: string, args: readonly string[], opts: StreamOptions = {}): Promise<GitResult> {
  const answered = takeAnswer(cwd, args, opts);
  if (answered) {
    const r = await answered;
    if (r.code !== 0 && !opts.allowFail) throw errors.gitFailed(args, r.stderr);
    return r;
  }
  const out: Buffer[] = [];
  const { code, stderr } = await gitStream(cwd, args, opts, (b) => out.push(b));
  return { stdout: Buffer.concat(out), stderr, code };
}

/**
 * Git sets GIT_INDEX_FILE for hooks; for a plain `git commit` it may be relative (`.git/index`)
 * while `git commit -a` / `git commit <paths>` point at a temporary index. Make it absolute so
 * it still names the same file whatever directory git is run from.
 */
export function gitEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env = { ...base };
  const index = env.GIT_INDEX_FILE;
  if (index && !isAbsolute(index)) env.GIT_INDEX_FILE = resolve(process.cwd(), index);
  return env;
}

/**
 * A git process to talk to as it runs (`cat-file --batch`, `rev-list --objects` piped into
 * `cat-file`): the caller reads and writes its streams. Standard error is dropped unless wanted.
 */
export function gitProcess(cwd: string, args: readonly string[], opts: { env?: NodeJS.ProcessEnv; stdin?: boolean | Readable; stderr?: boolean }): ChildProcess {
  const stdin = opts.stdin === true ? 'pipe' : opts.stdin === undefined || opts.stdin === false ? 'ignore' : opts.stdin;
  const env = opts.env ?? process.env;
  const stderr = opts.stderr ? 'pipe' : 'ignore';
  const child = (stdin === 'pipe' ? takeAhead(cwd, args, env, ['pipe', 'pipe', stderr]) : undefined) ?? spawn('git', args, { cwd, env, stdio: [stdin, 'pipe', stderr] });
  child.on('error', () => {}); // the caller's 'close' handler sees the failure (exit code, no output)
  return child;
}

/**
 * simple-git, for the commands where its costs do not matter (init, fix). Required on first use
 * from node_modules (a dependency), so a commit that never needs it never loads it (35–55 ms).
 */
export function simpleGitAt(options: Partial<SimpleGitOptions> & { baseDir: string }): SimpleGit {
  const { simpleGit } = createRequire(import.meta.url)('simple-git') as typeof import('simple-git');
  return simpleGit(options);
}

// Questions asked ahead. Starting a process forks this one, and fork() copies its page tables
// while the main thread waits: after a bulk add, once 100,000 facts fill the heap, each of the
// few git processes the rules still need (the top-level names of HEAD, `cat-file --batch` for
// first bytes, `check-attr` for LFS) blocked this thread 8–20 ms on a quiet machine and 30–120 ms
// on a busy one. They depend on nothing the rules decide, only on the repository, so once a
// staged listing is known to be big (src/git/early.ts) they are started while the heap is
// still small and this thread is only waiting for git: a process fed on its standard input
// waits there, idle, until its question comes (gitStream() and gitProcess() take it instead of
// starting their own when cwd, arguments, environment and pipes are the same); a question
// without input is asked whole, and gitZ() takes its answer. Neither keeps the process alive:
// what is never asked is ended by releaseAhead(), or by end of file on its input when this
// process exits.

type Stdio = ['pipe' | 'ignore', 'pipe', 'pipe' | 'ignore'];

interface Ahead {
  key: string;
  env: NodeJS.ProcessEnv;
  child?: ChildProcess;
  answer?: Promise<GitResult>;
  failed?: boolean;
}

const ahead: Ahead[] = [];

const keyOf = (cwd: string, args: readonly string[], stdio: readonly string[]): string => [cwd, stdio.join(','), ...args].join('\0');

/** Ref or unref a child process and its pipes (net.Socket). */
function holdOpen(child: ChildProcess, hold: boolean): void {
  for (const s of [child, child.stdin, child.stdout, child.stderr] as ({ ref?: () => void; unref?: () => void } | null)[]) {
    if (hold) s?.ref?.();
    else s?.unref?.();
  }
}

/**
 * Start git now for a question asked later with the same `cwd`, `args` and `env` (the same
 * object): with `input`, a process that waits for its standard input (as gitStream() with
 * `stdin`, or gitProcess() with `stdin: true`, starts it); without, the whole question, asked
 * as gitZ() asks it. `quiet` and `stderr` as in those.
 */
export function startAhead(cwd: string, args: readonly string[], opts: { env: NodeJS.ProcessEnv; input: boolean; stderr: boolean }): void {
  const stdio: Stdio = [opts.input ? 'pipe' : 'ignore', 'pipe', opts.stderr ? 'pipe' : 'ignore'];
  const key = keyOf(cwd, args, stdio);
  if (ahead.some((a) => a.key === key && a.env === opts.env)) return;
  if (!opts.input) {
    const answer = gitZ(cwd, args, { env: opts.env, allowFail: true, quiet: !opts.stderr });
    answer.catch(() => {}); // (asked again when taken: see takeAnswer)
    ahead.push({ key, env: opts.env, answer });
    return;
  }
  try {
    const entry: Ahead = { key, env: opts.env };
    const child = spawn('git', args, { cwd, env: opts.env, stdio });
    entry.child = child;
    child.on('error', () => (entry.failed = true));
    child.stdin?.on('error', () => {});
    holdOpen(child, false);
    ahead.push(entry);
  } catch {
    // not started: asked the usual way when the question comes
  }
}

/** The process started ahead for this question, if it is still waiting for its input. */
function takeAhead(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv, stdio: Stdio): ChildProcess | undefined {
  if (ahead.length === 0) return undefined;
  const key = keyOf(cwd, args, stdio);
  const i = ahead.findIndex((a) => a.child && a.key === key && a.env === env);
  if (i < 0) return undefined;
  const [entry] = ahead.splice(i, 1) as [Ahead];
  const child = entry.child as ChildProcess;
  // Gone already (git failed to start, or exited): a fresh process asks the question.
  if (entry.failed || child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
    child.stdin?.end();
    return undefined;
  }
  holdOpen(child, true);
  return child;
}

/** The answer asked ahead for this question (gitZ without input), if any. */
function takeAnswer(cwd: string, args: readonly string[], opts: StreamOptions): Promise<GitResult> | undefined {
  if (ahead.length === 0 || opts.stdin !== undefined) return undefined;
  const env = opts.env ?? process.env;
  const key = keyOf(cwd, args, ['ignore', 'pipe', opts.quiet ? 'ignore' : 'pipe']);
  const i = ahead.findIndex((a) => a.answer && a.key === key && a.env === env);
  if (i < 0) return undefined;
  const [entry] = ahead.splice(i, 1) as [Ahead];
  const again = (): Promise<GitResult> => gitZ(cwd, args, opts);
  // (A process that could not be started is asked about again, so its error is the usual one.)
  return (entry.answer as Promise<GitResult>).catch(again);
}

/**
 * End what was started ahead with `env` and not asked (a process waiting for input ends at end of
 * file). Each early start has an environment object of its own (src/git/early.ts), so a check
 * ends only its own: two checks run side by side in one process (the library) keep each other's.
 */
export function releaseAhead(env: NodeJS.ProcessEnv): void {
  for (let i = ahead.length - 1; i >= 0; i--) {
    if (ahead[i]?.env !== env) continue;
    const [a] = ahead.splice(i, 1);
    a?.child?.stdin?.end();
  }
}

/** How many questions started ahead are still waiting to be asked (for tests). */
export function aheadWaiting(): number {
  return ahead.length;
}
