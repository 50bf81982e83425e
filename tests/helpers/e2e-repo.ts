// A copy of a test repository made once per file (makeRepo, then the file's own setup): the same
// work tree, .git and scratch folder in a new temp folder, with the TestRepo interface of
// tests/helpers/repo.ts. Where git and `cruft-check init` are the setup and not the subject, a
// file builds its starting repository once and each test takes a copy: a copy costs no process,
// where makeRepo and the setup cost a dozen git runs and a CLI run per test.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { cleanEnv, runCli, type TestRepo, type Tree } from './repo.js';

export function copyRepo(template: TestRepo): TestRepo {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'cruft-check-test-')));
  // Links are copied as links (node_modules/.bin entries, a test's symbolic link); timestamps kept
  // so that git's index finds the copied files as it left them.
  cpSync(dirname(template.dir), base, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
  const dir = join(base, basename(template.dir));
  const scratch = join(base, basename(template.scratch));
  const env = cleanEnv({}, scratch);
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: dir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const write = (path: string, content: string | Buffer): void => {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  };
  const tree = (files: Tree, prefix = ''): void => {
    for (const [name, value] of Object.entries(files)) {
      const path = prefix ? `${prefix}/${name}` : name;
      if (typeof value === 'string' || Buffer.isBuffer(value)) write(path, value);
      else tree(value, path);
    }
  };
  return {
    dir,
    scratch,
    env,
    git,
    gitResult: (args, o = {}) => spawnSync('git', args, { cwd: dir, env: o.env ?? env, encoding: 'utf8', input: o.input ?? '' }),
    write,
    tree,
    commit: (message = 'commit') => {
      git('commit', '-q', '--no-verify', '--allow-empty', '-m', message);
    },
    cli: (args, o = {}) => runCli(args, { cwd: o.cwd ?? dir, env: cleanEnv(o.env ?? {}, scratch), input: o.input, setsid: o.setsid }),
    cleanup: () => rmSync(base, { recursive: true, force: true }),
  };
}
