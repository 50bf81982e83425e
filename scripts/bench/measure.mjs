// Timing and peak memory of one command: wall-clock time measured here around the process; peak
// resident memory (max RSS: for a process that runs git, the largest of it and the git processes
// it waited for) and CPU time from GNU time (`/usr/bin/time -f '%M %U %S'`) when installed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const GNU_TIME = ['/usr/bin/time', '/bin/time'].find((p) => existsSync(p) && spawnSync(p, ['-f', '%M', 'true']).status === 0);
const scratch = mkdtempSync(join(tmpdir(), 'cruft-bench-time-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

export const memorySource = GNU_TIME ? `${GNU_TIME} -f '%M %U %S'` : 'unavailable (install GNU time: apt-get install time)';

/**
 * Run `argv` once in `cwd` with `env`, its output read into memory as a caller would read it.
 * Returns seconds, peak memory in KiB (or undefined) and the exit code.
 */
export function runOnce(argv, { cwd, env, allowExit = [0] }) {
  const out = join(scratch, 'mem');
  const cmd = GNU_TIME ? [GNU_TIME, '-f', '%M %U %S', '-o', out, ...argv] : argv;
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd[0], cmd.slice(1), { cwd, env, maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.error) throw r.error;
  if (!allowExit.includes(r.status)) {
    throw new Error(`${argv.join(' ')} exited with ${r.status} in ${cwd}: ${String(r.stderr).slice(0, 500)}`);
  }
  let peakKiB;
  let cpu;
  if (GNU_TIME) {
    // The last line (GNU time prints "Command exited with non-zero status N" before it).
    const m = /(\d+) ([\d.]+) ([\d.]+)\s*$/.exec(readFileSync(out, 'utf8'));
    if (m) {
      peakKiB = Number(m[1]);
      cpu = Number(m[2]) + Number(m[3]);
    }
  }
  return { seconds, peakKiB, cpu, code: r.status, stdout: r.stdout };
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Measure several commands side by side: warm-up runs (page cache, git's own caches), then
 * `runs` rounds in which every command runs once, so that a change in the machine's load
 * during the benchmark touches all of them alike. Median wall time, max peak memory, median CPU.
 */
export function measureAll(commands, { runs = 7, warmup = 2 } = {}) {
  const samples = new Map(commands.map((c) => [c.id, []]));
  for (let i = 0; i < warmup; i++) for (const c of commands) runOnce(c.argv, c);
  for (let i = 0; i < runs; i++) for (const c of commands) samples.get(c.id).push(runOnce(c.argv, c));
  return new Map(
    commands.map((c) => {
      const s = samples.get(c.id);
      const peaks = s.map((x) => x.peakKiB).filter((x) => x !== undefined);
      const cpus = s.map((x) => x.cpu).filter((x) => x !== undefined);
      return [
        c.id,
        {
          median: median(s.map((x) => x.seconds)),
          min: Math.min(...s.map((x) => x.seconds)),
          max: Math.max(...s.map((x) => x.seconds)),
          runs: s.length,
          peakKiB: peaks.length ? Math.max(...peaks) : undefined,
          cpu: cpus.length ? median(cpus) : undefined,
          exitCode: s[s.length - 1]?.code,
        },
      ];
    }),
  );
}
