// A real terminal of a given size: tmux runs the command in a detached pane of exactly
// `columns`×`rows`, and we read back what a person would see (capture-pane), keys typed with
// send-keys. Each use has its own tmux server (-L), so tests never meet a user's tmux.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Pane {
  /** The visible screen, one string per row (trailing spaces trimmed by tmux). */
  screen(): string[];
  /** The same rows with lines the terminal wrapped joined again (`capture-pane -J`): equal to screen() when nothing was wrapped. */
  joined(): string[];
  /** Everything written so far, scrolled-off lines included. */
  history(): string[];
  /** Type keys (send-keys syntax: 'y', 'Enter'). */
  keys(...keys: string[]): void;
  /** Wait until some visible text matches; throws with the screen after `ms`. */
  waitFor(pattern: RegExp, ms?: number): void;
  /** Wait until the command ended; its exit code. */
  exitCode(ms?: number): number;
  kill(): void;
}

let serial = 0;

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export function hasTmux(): boolean {
  return spawnSync('tmux', ['-V']).status === 0;
}

/** Run `command` (a shell command line) in a new `columns`×`rows` terminal in `cwd`. */
export function startPane(command: string, opts: { cwd: string; env: NodeJS.ProcessEnv; columns: number; rows: number }): Pane {
  const socket = `cruft-check-test-${process.pid}-${serial++}`;
  const env: NodeJS.ProcessEnv = { ...opts.env };
  delete env.TMUX;
  const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { env, encoding: 'utf8' });
  // The exit code is printed after the command, and the pane stays open so it can be read.
  const log = join(tmpdir(), `${socket}.log`);
  const wrapped = `${command}; printf '\\n[exit %s]' "$?"; sleep 600`;
  // A session's size follows its clients; there are none, so fix it to what was asked. (One tmux
  // run for the three commands: `;` separates them.)
  tmux(
    'new-session', '-d', '-x', String(opts.columns), '-y', String(opts.rows), '-c', opts.cwd, 'sh', '-c', wrapped,
    ';', 'set-option', '-g', 'window-size', 'manual',
    ';', 'resize-window', '-x', String(opts.columns), '-y', String(opts.rows),
    // A copy of what the command writes: waitFor reads the screen again only when it grew.
    ';', 'pipe-pane', `cat >> '${log}'`,
  );
  const capture = (...extra: string[]): string[] => tmux('capture-pane', '-p', ...extra).replace(/\n$/, '').split('\n');
  const pane: Pane = {
    screen: () => capture(),
    joined: () => capture('-J'),
    history: () => capture('-S', '-', '-J'),
    keys: (...keys) => {
      tmux('send-keys', ...keys);
    },
    waitFor: (pattern, ms = 60_000) => {
      // The screen changes only when the command writes: each capture is a tmux run, so it is
      // taken when the copy of the output grew (and once a second anyway), the copy's size checked
      // every 20 ms.
      const end = Date.now() + ms;
      let seen = -1;
      let captured = 0;
      for (;;) {
        const size = existsSync(log) ? statSync(log).size : 0;
        if (size !== seen || Date.now() - captured > 1000) {
          seen = size;
          captured = Date.now();
          const text = pane.history().join('\n');
          if (pattern.test(text)) return;
          if (Date.now() > end) throw new Error(`timed out waiting for ${pattern}; the terminal shows:\n${text}`);
        }
        sleep(20);
      }
    },
    exitCode: (ms = 60_000) => {
      pane.waitFor(/\[exit \d+\]/, ms);
      const m = /\[exit (\d+)\]/.exec(pane.history().join('\n'));
      return Number(m?.[1]);
    },
    kill: () => {
      spawnSync('tmux', ['-L', socket, 'kill-server'], { env });
      rmSync(log, { force: true });
    },
  };
  return pane;
}
