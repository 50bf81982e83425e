// The one door to git: every git process cruft-check starts is started here, with the
// environment the caller gives (a hook's own, GIT_INDEX_FILE made absolute by gitEnv; a server
// hook's quarantine), its output read as bytes, and a failure mapped to one line (CruftError).
//
// Why child_process and not simple-git on the paths a commit takes: measured on a 2-core machine
// (docs/architecture.md), simple-git waits an extra 50 ms after every command that prints nothing
// (a clean commit is full of those), decodes output as UTF-8 (a path with invalid UTF-8 bytes could
// not be given back to git), and cannot feed a command's standard input (`cat-file --batch-check`).
// simple-git serves the commands where none of that matters (init, fix), through simpleGitAt().
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
    const child = spawn('git', args, { cwd, env: opts.env ?? process.env, stdio: [opts.stdin === undefined ? 'ignore' : 'pipe', 'pipe', opts.quiet ? 'ignore' : 'pipe'] });
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
  const child = spawn('git', args, { cwd, env: opts.env ?? process.env, stdio: [stdin, 'pipe', opts.stderr ? 'pipe' : 'ignore'] });
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
