// What the install tests share (install.test.ts: npm's routes; install-pre-commit.test.ts: the
// pre-commit framework's): a snapshot of this working tree as a git repository tagged v9.9.9 (what
// pre-commit or npm would clone at a tag), npm's environment, and two staged repositories to judge.
// The two routes are two files so that vitest's two workers run them side by side: each is an npm
// install of its own, minutes of work together, and one file holding both was the suite's long pole.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
// @ts-expect-error — a plain .mjs script without type declarations
import { writeMongoDbPath } from '../../scripts/layouts/mongodb.mjs';
import { PROJECT, cleanEnv, makeRepo, type TestRepo } from './repo.js';

export const VERSION = (JSON.parse(readFileSync(join(PROJECT, 'package.json'), 'utf8')) as { version: string }).version;

export interface InstallBase {
  /** The temp folder everything of the file lives in. */
  base: string;
  /** The snapshot repository (tag v9.9.9). */
  source: string;
  /** npm's environment (see npmEnv). */
  env: NodeJS.ProcessEnv;
  npmEnv(extra?: Record<string, string>): NodeJS.ProcessEnv;
  run(cmd: string, args: string[], cwd: string, e?: NodeJS.ProcessEnv): string;
  cleanup(): void;
}

export function makeInstallBase(): InstallBase {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'cruft-check-install-')));
  mkdirSync(join(base, 'home'));
  writeFileSync(join(base, 'home', '.gitconfig'), '[user]\n\tname = Test\n\temail = test@example.com\n[init]\n\tdefaultBranch = main\n');

  /** The test's environment for npm: no npm_* variables of the `npm test` that may have started us. */
  const npmEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => {
    const e = cleanEnv({}, join(base, 'home'));
    for (const k of Object.keys(e)) if (/^npm_/i.test(k)) delete e[k];
    // The real user's npm cache (filled by `npm ci`), so the install needs no network when it is warm.
    e.npm_config_cache = join(process.env.HOME ?? '/root', '.npm');
    e.npm_config_prefer_offline = 'true';
    e.npm_config_audit = 'false';
    e.npm_config_fund = 'false';
    e.npm_config_update_notifier = 'false';
    // cleanEnv leaves the machine's extra certificates out; npm may still reach the registry on a cache miss.
    if (process.env.NODE_EXTRA_CA_CERTS) e.NODE_EXTRA_CA_CERTS = process.env.NODE_EXTRA_CA_CERTS;
    return { ...e, ...extra };
  };
  const env = npmEnv();
  const run = (cmd: string, args: string[], cwd: string, e: NodeJS.ProcessEnv = env): string => {
    const r = spawnSync(cmd, args, { cwd, env: e, encoding: 'utf8', input: '' });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
  };

  // Snapshot the working tree (tracked and new files, as the next commit would hold them) into a
  // fresh repository.
  const source = join(base, 'cruft-check');
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: PROJECT, env: cleanEnv(), encoding: 'utf8' })
    .split('\0')
    .filter((f) => f && existsSync(join(PROJECT, f)));
  for (const f of files) {
    mkdirSync(dirname(join(source, f)), { recursive: true });
    copyFileSync(join(PROJECT, f), join(source, f));
  }
  run('git', ['init', '-q', '-b', 'main'], source);
  run('git', ['add', '-A'], source);
  run('git', ['commit', '-q', '--no-verify', '-m', 'snapshot'], source);
  run('git', ['tag', 'v9.9.9'], source);
  return { base, source, env, npmEnv, run, cleanup: () => rmSync(base, { recursive: true, force: true }) };
}

/** A repository with mongo_files/ staged, and one with an ordinary file staged. */
export function stagedRepos(): { blocked: TestRepo; clean: TestRepo } {
  const blocked = makeRepo();
  writeMongoDbPath(join(blocked.dir, 'mongo_files'), { scale: 0.02 });
  blocked.git('add', 'mongo_files');
  const clean = makeRepo();
  clean.write('app.js', 'console.log(1);\n');
  clean.git('add', 'app.js');
  return { blocked, clean };
}
