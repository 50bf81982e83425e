// Before/after pictures of a repository, to prove a command lost nothing: every work-tree file's
// bytes (hashed), type and mode, and the index as git lists it.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { TestRepo } from './repo.js';

/** Path → "kind mode sha256" for everything in the work tree (not .git). */
export function hashWorkTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(dir, rel))) {
      if (rel === '' && name === '.git') continue;
      const path = rel ? `${rel}/${name}` : name;
      const full = join(dir, path);
      const st = lstatSync(full);
      const mode = (st.mode & 0o7777).toString(8);
      if (st.isDirectory()) {
        out.set(`${path}/`, `dir ${mode}`);
        walk(path);
      } else if (st.isSymbolicLink()) {
        out.set(path, `link ${readlinkSync(full)}`);
      } else {
        out.set(path, `file ${mode} ${createHash('sha256').update(readFileSync(full)).digest('hex')}`);
      }
    }
  };
  walk('');
  return out;
}

/** The index: mode, object and stage of every entry (`git ls-files -s`), as one string. */
export function indexState(repo: TestRepo): string {
  return repo.git('ls-files', '-s', '-z');
}

/** Staged changes against HEAD (or the empty tree before the first commit): `A path` lines. */
export function stagedNames(repo: TestRepo): string[] {
  const r = spawnSync('git', ['diff', '--cached', '--name-status', '-z', '--no-renames'], { cwd: repo.dir, env: repo.env, encoding: 'utf8' });
  const f = r.stdout.split('\0').filter((s) => s !== '');
  const names: string[] = [];
  for (let i = 0; i + 1 < f.length; i += 2) names.push(`${f[i]} ${f[i + 1]}`);
  return names;
}

/** `git status --porcelain --ignored -z` as lines like `!! mongo_files/`. */
export function statusLines(repo: TestRepo): string[] {
  return repo
    .git('status', '--porcelain', '--ignored', '-z', '--untracked-files=normal')
    .split('\0')
    .filter((s) => s !== '');
}

/** Everything in `after` equals `before`, except the listed paths. */
export function changedPaths(before: Map<string, string>, after: Map<string, string>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((k) => before.get(k) !== after.get(k)).sort();
}
