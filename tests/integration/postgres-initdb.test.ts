// A real PostgreSQL data directory, made by the real `initdb` at test time (issue 2: "a real
// PostgreSQL data directory made with initdb is recognised as one finding"). initdb refuses to
// run as root, so under root it runs as the postgres user (or nobody) in a folder that user owns.
// No initdb is a failure, not a skip: CI installs PostgreSQL (.ci/run, scripts/record-layouts.sh).
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeRepo, type TestRepo } from '../helpers/repo.js';

function findInitdb(): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb'))) : [];
  versions.sort((a, b) => Number.parseFloat(a) - Number.parseFloat(b));
  const newest = versions.at(-1);
  if (newest) return join(base, newest, 'bin', 'initdb');
  const onPath = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).stdout.trim();
  if (onPath) return onPath;
  throw new Error('initdb not found under /usr/lib/postgresql/*/bin or on PATH: install PostgreSQL (apt-get install postgresql) — CI does this in .ci/run');
}

/** The user initdb runs as: ourselves, or a system user when we are root. */
function initdbUser(): string | undefined {
  if (process.getuid?.() !== 0) return undefined;
  return spawnSync('id', ['postgres']).status === 0 ? 'postgres' : 'nobody';
}

/** Every regular file below `dir`: what `git add` stages from it. */
function filesUnder(dir: string): { count: number; bytes: number } {
  let count = 0;
  let bytes = 0;
  for (const name of readdirSync(dir)) {
    const st = lstatSync(join(dir, name));
    if (st.isDirectory()) {
      const sub = filesUnder(join(dir, name));
      count += sub.count;
      bytes += sub.bytes;
    } else if (st.isFile() || st.isSymbolicLink()) {
      count += 1;
      bytes += st.size;
    }
  }
  return { count, bytes };
}

interface Finding {
  rule: string;
  paths: string[];
  files: number;
  bytes: number;
  origin: string;
  fix: { gitignore: string[]; unstage: string[] };
  data?: { engine?: string; directory?: string };
}

let repo: TestRepo | undefined;
afterEach(() => {
  repo?.cleanup();
  repo = undefined;
});

describe('a data directory made by the real initdb', () => {
  it('is one database-directory finding, untracked and then staged, with the files and bytes on disk', () => {
    const initdb = findInitdb();
    repo = makeRepo();
    repo.tree({ 'backend/app.py': 'import psycopg\n', 'docker-compose.yml': 'services:\n  db: { image: postgres, volumes: ["./backend/pgdata:/var/lib/postgresql/data"] }\n' });
    repo.git('add', '.');
    repo.commit('app');

    const user = initdbUser();
    const pgdata = join(repo.dir, 'backend', 'pgdata');
    if (user) {
      // The user must reach the repository (temp folders are 0700) and own the data directory's parent.
      chmodSync(join(repo.dir, '..'), 0o755);
      chmodSync(repo.dir, 0o755);
      mkdirSync(pgdata, { mode: 0o700 });
      execFileSync('chown', [user, pgdata]);
    }
    const argv = [initdb, '-D', pgdata, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C'];
    const run = user ? spawnSync('runuser', ['-u', user, '--', ...argv], { cwd: pgdata, encoding: 'utf8' }) : spawnSync(argv[0] as string, argv.slice(1), { cwd: repo.dir, encoding: 'utf8' });
    expect(run.status, `initdb failed: ${run.stderr}`).toBe(0);
    expect(existsSync(join(pgdata, 'PG_VERSION'))).toBe(true);
    const disk = filesUnder(pgdata);
    expect(disk.count).toBeGreaterThan(500); // a real cluster: base/1, base/4, base/5, global, pg_wal…

    const only = (findings: Finding[]): Finding => {
      expect(findings.map((f) => f.rule).filter((r) => r !== 'bulk-add')).toEqual(['database-directory']);
      return findings.find((f) => f.rule === 'database-directory') as Finding;
    };

    // Before `git add`: the pre-flight reports it as untracked, with the .gitignore line that keeps it
    // out; the next commit (--staged) holds none of it yet.
    const before = repo.cli(['--format', 'json']);
    expect(before.code).toBe(1);
    const untracked = only((JSON.parse(before.stdout) as { findings: Finding[] }).findings);
    expect(untracked).toMatchObject({ paths: ['backend/pgdata/'], files: disk.count, bytes: disk.bytes, origin: 'untracked' });
    expect(untracked.data?.engine).toBe('postgresql');
    expect(untracked.fix.gitignore).toEqual(['/backend/pgdata/']);
    const nothingStaged = repo.cli(['--staged', '--format', 'json']);
    expect(nothingStaged.code).toBe(0);
    expect((JSON.parse(nothingStaged.stdout) as { findings: Finding[] }).findings).toEqual([]);

    // After `git add .`: staged, blocks, one finding for the whole directory.
    repo.git('add', '.');
    expect(repo.git('ls-files', '--', 'backend/pgdata').split('\n').filter(Boolean)).toHaveLength(disk.count);
    const after = repo.cli(['--staged', '--format', 'json']);
    expect(after.code).toBe(1);
    const staged = only((JSON.parse(after.stdout) as { findings: Finding[] }).findings);
    expect(staged).toMatchObject({ paths: ['backend/pgdata/'], files: disk.count, bytes: disk.bytes, origin: 'staged' });
    expect(staged.data).toMatchObject({ engine: 'postgresql', directory: 'backend/pgdata/' });
    expect(staged.fix.unstage).toEqual(['backend/pgdata/']);
  });
});
