// What `fix` writes, and what it promises (issue 14, items 1, 2, 3, 15): a .gitignore that is a
// symbolic link (or leaves the work tree) is never written; each line names exactly the path it
// is for; after `fix` every flagged untracked path is ignored — asked of git, not assumed; and
// each sentence `fix` prints is true in the situation it is printed in.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeRepo, type TestRepo } from '../helpers/repo.js';
import { changedPaths, hashWorkTree, indexState, statusLines } from '../helpers/snapshot.js';

let repo: TestRepo;
afterEach(() => repo.cleanup());

/** Paths `git status --porcelain --ignored` lists as ignored (`!!`), every file shown on its own. */
function ignoredPaths(r: TestRepo): Set<string> {
  const out = r.git('status', '--porcelain', '--ignored=matching', '--untracked-files=all', '-z');
  return new Set(out.split('\0').filter((s) => s.startsWith('!! ')).map((s) => s.slice(3)));
}

describe('a .gitignore that is a symbolic link is never written through', () => {
  const cases: Array<[string, (r: TestRepo) => string]> = [
    [
      'to a file outside the repository',
      (r) => {
        mkdirSync(join(r.scratch, 'outside'));
        writeFileSync(join(r.scratch, 'outside', 'file'), 'precious\n');
        symlinkSync('../scratch/outside/file', join(r.dir, '.gitignore'));
        return join(r.scratch, 'outside', 'file');
      },
    ],
    [
      'to an absolute path (a shell start-up file)',
      (r) => {
        writeFileSync(join(r.scratch, '.bashrc'), 'export PS1=x\n');
        symlinkSync(join(r.scratch, '.bashrc'), join(r.dir, '.gitignore'));
        return join(r.scratch, '.bashrc');
      },
    ],
    [
      'to a file inside the work tree',
      (r) => {
        r.write('shared/ignore', 'x/\n');
        symlinkSync('shared/ignore', join(r.dir, '.gitignore'));
        return join(r.dir, 'shared', 'ignore');
      },
    ],
  ];
  for (const [name, make] of cases) {
    it(`${name}: exit 2, one line saying why and what to do, nothing changed anywhere`, () => {
      repo = makeRepo();
      const target = make(repo);
      const targetBefore = readFileSync(target);
      repo.write('.env', 'PASSWORD=hunter2\n');
      repo.git('add', '.env');
      const files = hashWorkTree(repo.dir);
      const index = indexState(repo);
      const r = repo.cli(['fix']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^cruft-check: refusing to write \.gitignore: it is a symbolic link/);
      expect(r.stderr).toMatch(/Replace it with a regular file/);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(readFileSync(target).equals(targetBefore)).toBe(true);
      expect(changedPaths(files, hashWorkTree(repo.dir))).toEqual([]);
      expect(indexState(repo)).toBe(index);
    });
  }

  it('a dangling link is not turned into a file either', () => {
    repo = makeRepo();
    symlinkSync(join(repo.scratch, 'not-yet'), join(repo.dir, '.gitignore'));
    repo.write('.env', 'PASSWORD=hunter2\n');
    repo.git('add', '.env');
    const r = repo.cli(['fix']);
    expect(r.code).toBe(2);
    expect(existsSync(join(repo.scratch, 'not-yet'))).toBe(false);
  });

  it('--dry-run says the same and changes nothing', () => {
    repo = makeRepo();
    writeFileSync(join(repo.scratch, 'elsewhere'), '');
    symlinkSync(join(repo.scratch, 'elsewhere'), join(repo.dir, '.gitignore'));
    repo.write('.env', 'PASSWORD=hunter2\n');
    repo.git('add', '.env');
    const r = repo.cli(['fix', '--dry-run']);
    expect(r.code).toBe(2);
    expect(readFileSync(join(repo.scratch, 'elsewhere'), 'utf8')).toBe('');
  });
});

describe('after fix, git ignores every flagged path', () => {
  it('prod.env and x.env (flagged by env-file, not covered by `.env.*`) get lines of their own', () => {
    repo = makeRepo();
    repo.tree({ 'prod.env': 'A=1\n', 'x.env': 'B=2\n', '.env': 'C=3\n', config: { 'staging.env': 'D=4\n' }, 'app.js': '1\n' });
    repo.git('add', '-A');
    const r = repo.cli(['fix']);
    expect(r.code).toBe(0);
    const ignored = ignoredPaths(repo);
    for (const p of ['prod.env', 'x.env', '.env', 'config/staging.env']) expect(ignored, p).toContain(p);
    // And `git add -A` does not stage them again: no loop between fix and the next commit.
    repo.git('add', '-A');
    expect(repo.cli(['--staged']).code).toBe(0);
  });

  it('a flagged path git still does not ignore (re-included by a deeper .gitignore) is named, with the line that re-includes it, and exit 1', () => {
    repo = makeRepo();
    repo.tree({ sub: { '.gitignore': '!prod.env\n', 'prod.env': 'A=1\n' } });
    repo.git('add', '-A');
    const r = repo.cli(['fix']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('still not ignored  sub/prod.env: re-included by sub/.gitignore:1 (!prod.env)');
  });

  it('a name with a line break gets no line (none can name it exactly), and fix says so', () => {
    repo = makeRepo();
    writeFileSync(join(repo.dir, 'new\nline.env'), 'A=1\n');
    repo.git('add', '-A');
    const r = repo.cli(['fix']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('still not ignored  new\\nline.env: a line break in the name');
    expect(readFileSync(join(repo.dir, '.gitignore'), 'utf8')).not.toMatch(/new.line/);
  });
});

describe('each line written names exactly its path', () => {
  it('a name with an escape character: the line ignores it and not a look-alike', () => {
    repo = makeRepo();
    writeFileSync(join(repo.dir, 'e\u001bq.pem'), '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n');
    writeFileSync(join(repo.dir, 'eXq.pem'), 'not a key\n');
    repo.git('add', 'e\u001bq.pem');
    const r = repo.cli(['fix']);
    expect(r.code).toBe(0);
    const text = readFileSync(join(repo.dir, '.gitignore'));
    expect(text.includes(Buffer.from('/e\u001bq.pem\n'))).toBe(true);
    expect(text.toString('latin1')).not.toMatch(/e[?*]q/);
    const status = statusLines(repo);
    expect(status).toContain('?? eXq.pem'); // the innocent file is not ignored
  });
});

describe('what fix says is true', () => {
  it('when fix created .gitignore it does not say that no file was changed', () => {
    repo = makeRepo();
    repo.write('.env', 'PASSWORD=hunter2\n');
    repo.git('add', '.env');
    expect(existsSync(join(repo.dir, '.gitignore'))).toBe(false);
    const r = repo.cli(['fix']);
    expect(r.code).toBe(0);
    expect(existsSync(join(repo.dir, '.gitignore'))).toBe(true);
    expect(r.stdout).not.toMatch(/No file of yours was changed/);
    expect(r.stdout).toContain('created .gitignore');
  });

  it('appending says it appended', () => {
    repo = makeRepo();
    repo.write('.gitignore', 'dist/\n');
    repo.git('add', '.gitignore');
    repo.commit('ignore');
    repo.write('.env', 'PASSWORD=hunter2\n');
    repo.git('add', '.env');
    const r = repo.cli(['fix']);
    expect(r.stdout).toContain('appended to .gitignore');
  });

  it('no "report above" when fix printed no report', () => {
    repo = makeRepo();
    // Six new top-level folders at once: bulk-add, which has no automatic fix.
    for (const d of ['a', 'b', 'c', 'd', 'e', 'f']) repo.write(`${d}/1.txt`, `${d}\n`);
    repo.git('add', '-A');
    const check = repo.cli(['--staged', '--format', 'json']);
    const rules = (JSON.parse(check.stdout) as { findings: { rule: string }[] }).findings.map((f) => f.rule);
    expect(rules).toContain('bulk-add');
    const r = repo.cli(['fix']);
    expect(r.stdout).toContain('no automatic fix for: bulk-add');
    expect(r.stdout).not.toMatch(/report above/);
    expect(r.stdout).toContain('run `cruft-check`');
  });
});

describe('git agrees', () => {
  it('check-ignore is how the tests ask (sanity: a plain ignored file shows as !!)', () => {
    repo = makeRepo();
    repo.write('.gitignore', '/a.log\n');
    repo.write('a.log', '1\n');
    expect(ignoredPaths(repo)).toContain('a.log');
    expect(spawnSync('git', ['check-ignore', '-q', 'a.log'], { cwd: repo.dir, env: repo.env }).status).toBe(0);
  });
});

describe('init', () => {
  it('with a symlinked .gitignore: the hook is installed, the link refused with a note, the file it points to unchanged', () => {
    repo = makeRepo();
    writeFileSync(join(repo.scratch, 'elsewhere'), 'keep\n');
    symlinkSync(join(repo.scratch, 'elsewhere'), join(repo.dir, '.gitignore'));
    repo.write('.env', 'PASSWORD=hunter2\n'); // untracked cruft init would offer to ignore
    const r = repo.cli(['init', '--ignore-untracked']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('note: refusing to write .gitignore: it is a symbolic link');
    expect(readFileSync(join(repo.scratch, 'elsewhere'), 'utf8')).toBe('keep\n');
    expect(existsSync(join(repo.dir, '.git', 'hooks', 'pre-commit'))).toBe(true);
  });
});
