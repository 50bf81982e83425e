// Content sniffing, Git LFS, embedded repositories, large files and case collisions, through the
// built CLI on real repositories: bytes come from the staged blob (not the work tree), large blobs
// are read only in part, LFS pointers and registered submodules stay clean.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Finding, Report } from '../../src/model.js';
import { makeRepo, type TestRepo } from '../helpers/repo.js';

const repos: TestRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});
const newRepo = (): TestRepo => {
  const r = makeRepo();
  repos.push(r);
  return r;
};

function run(r: TestRepo, args: string[] = []): { code: number; report: Report } {
  const res = r.cli(['--format', 'json', ...args]);
  if (res.code === 2 || !res.stdout) throw new Error(`exit ${res.code}: ${res.stderr}`);
  return { code: res.code, report: JSON.parse(res.stdout) as Report };
}
const byRule = (report: Report, rule: string): Finding[] => report.findings.filter((f) => f.rule === rule);

const SQLITE = Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), Buffer.alloc(4080, 1)]);
const ELF_BIN = '/bin/ls'; // a real ELF executable, larger than the 64 KiB read through cat-file --batch

describe('content sniffing', () => {
  it('recognises a staged SQLite database behind an ambiguous name, and leaves a text .db alone', () => {
    const r = newRepo();
    r.write('app.db', SQLITE);
    r.write('hosts.db', '# not a database\n127.0.0.1 localhost\n');
    r.git('add', '.');
    const { code, report } = run(r);
    expect(code).toBe(1);
    const db = byRule(report, 'database-file');
    expect(db.map((f) => f.paths)).toEqual([['app.db']]);
    expect(db[0]?.data).toMatchObject({ engine: 'sqlite', by: 'header' });
    expect(db[0]?.bytes).toBe(SQLITE.length);
  });

  it('recognises an untracked extensionless database and executable in a pre-flight', () => {
    const r = newRepo();
    r.write('instance/data', SQLITE);
    copyFileSync(ELF_BIN, join(r.dir, 'main'));
    r.write('main.c', 'int main(void) { return 0; }\n');
    const { report } = run(r);
    expect(byRule(report, 'database-file').map((f) => [f.paths, f.origin])).toEqual([[['instance/data'], 'untracked']]);
    expect(byRule(report, 'compiled-binary').map((f) => f.paths)).toEqual([['main']]);
  });

  it('judges the staged blob, not the work-tree file, for large and small blobs', () => {
    const r = newRepo();
    // Staged: an executable; then the work-tree copy is replaced by text.
    copyFileSync(ELF_BIN, join(r.dir, 'tool'));
    r.write('small', Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(8, 0), Buffer.from([2, 0, 0x3e, 0]), Buffer.alloc(200, 7)]));
    r.git('add', 'tool', 'small');
    r.write('tool', 'just text now\n'.repeat(10_000));
    r.write('small', 'just text now\n'.repeat(20));
    // Staged: text; then the work-tree copy becomes an executable.
    r.write('notes', 'plain notes\n'.repeat(10_000));
    r.git('add', 'notes');
    copyFileSync(ELF_BIN, join(r.dir, 'notes'));
    const { report } = run(r, ['--staged']);
    expect(byRule(report, 'compiled-binary').flatMap((f) => f.paths).sort()).toEqual(['small', 'tool']);
  });

  it('reads a large unchanged staged file from the work tree and still recognises it', () => {
    const r = newRepo();
    copyFileSync(ELF_BIN, join(r.dir, 'server'));
    // Let the index be written after the file (git's "racily clean" rule), as in any real commit:
    // the file dates from a minute ago rather than waiting a second for the clock to pass it.
    const past = new Date(Date.now() - 60_000);
    utimesSync(join(r.dir, 'server'), past, past);
    r.git('add', 'server');
    r.git('update-index', '--refresh');
    const { report } = run(r, ['--staged']);
    expect(byRule(report, 'compiled-binary').map((f) => f.paths)).toEqual([['server']]);
  });

  it('never opens a FIFO and finishes', () => {
    const r = newRepo();
    execFileSync('mkfifo', [join(r.dir, 'pipe.db')]);
    execFileSync('mkfifo', [join(r.dir, 'data')]);
    r.write('id_rsa.key', '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n');
    const { report } = run(r);
    expect(report.findings.map((f) => f.rule)).toEqual(['private-key']);
  });

  it('recognises private keys by their PEM header and tokens in .npmrc, not placeholders', () => {
    const r = newRepo();
    r.tree({
      'certs/site.pem': '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n-----BEGIN EC PRIVATE KEY-----\nMHcC\n',
      'certs/ca.pem': '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
      '.npmrc': '//registry.npmjs.org/:_authToken=npm_0123456789abcdefghijABCDEFGHIJ012345\n',
      'web/.npmrc': '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n',
    });
    r.git('add', '.');
    const { report } = run(r);
    expect(byRule(report, 'private-key').flatMap((f) => f.paths)).toEqual(['certs/site.pem']);
    expect(byRule(report, 'credentials-file').flatMap((f) => f.paths)).toEqual(['.npmrc']);
  });
});

describe('large files and Git LFS', () => {
  const big = Buffer.alloc(6 * 1024 * 1024, 'x');

  it('flags a new file over 5 MiB with its size and the LFS command', () => {
    const r = newRepo();
    r.write('assets/intro.mp4', big);
    r.git('add', '.');
    const { code, report } = run(r);
    expect(code).toBe(1);
    const f = byRule(report, 'large-file');
    expect(f.map((x) => x.paths)).toEqual([['assets/intro.mp4']]);
    expect(f[0]?.bytes).toBe(big.length);
    expect(f[0]?.data).toMatchObject({ bytes: big.length, limit: 5 * 1024 * 1024, lfs: false, lfsTrack: "git lfs track '*.mp4'" });
  });

  it('leaves an untracked file alone when .gitattributes sends it through LFS', () => {
    const r = newRepo();
    r.write('.gitattributes', '*.mp4 filter=lfs diff=lfs merge=lfs -text\n');
    r.write('assets/intro.mp4', big);
    r.write('assets/raw.wav', big);
    const { report } = run(r);
    expect(byRule(report, 'large-file').flatMap((f) => f.paths)).toEqual(['assets/raw.wav']);
  });

  it('leaves a staged LFS pointer alone, and flags a large blob whose LFS filter did not run', () => {
    const r = newRepo();
    r.write('.gitattributes', '*.mp4 filter=lfs diff=lfs merge=lfs -text\n');
    r.write('assets/intro.mp4', big);
    r.git('add', '.');
    // Without git-lfs the filter is not configured: git stores the whole file.
    let f = byRule(run(r).report, 'large-file');
    expect(f.map((x) => x.paths)).toEqual([['assets/intro.mp4']]);
    expect(f[0]?.data).toMatchObject({ lfs: true });
    // A clean filter standing in for `git lfs clean`: the blob becomes a pointer.
    const clean = join(r.scratch, 'lfs-clean.sh');
    writeFileSync(clean, "n=$(wc -c | tr -d ' ')\nprintf 'version https://git-lfs.github.com/spec/v1\\noid sha256:%064d\\nsize %s\\n' 0 \"$n\"\n");
    r.git('config', 'filter.lfs.clean', `sh ${clean}`);
    r.git('config', 'filter.lfs.required', 'true');
    r.git('add', '--renormalize', 'assets/intro.mp4');
    expect(r.git('cat-file', '-p', ':assets/intro.mp4')).toMatch(/^version https:\/\/git-lfs/);
    f = byRule(run(r).report, 'large-file');
    expect(f).toEqual([]);
  });

  it('does not flag a large file that was already committed and is only modified', () => {
    const r = newRepo();
    r.write('data.csv', big);
    r.git('add', '.');
    r.commit('data');
    r.write('data.csv', Buffer.concat([big, Buffer.from('more')]));
    r.git('add', '.');
    expect(byRule(run(r).report, 'large-file')).toEqual([]);
  });
});

describe('embedded repositories', () => {
  function upstream(): TestRepo {
    const u = newRepo();
    u.write('lib.js', 'module.exports = 1;\n');
    u.git('add', '.');
    u.commit('lib');
    return u;
  }

  it('flags a cloned repository that `git add .` recorded as a gitlink', () => {
    const u = upstream();
    const r = newRepo();
    r.git('clone', '-q', u.dir, 'vendor/lib');
    r.write('index.js', 'require("./vendor/lib")\n');
    // Before the add: the pre-flight sees the untracked nested repository.
    let { report } = run(r);
    expect(byRule(report, 'embedded-repository').map((f) => [f.paths, f.origin])).toEqual([[['vendor/lib'], 'untracked']]);
    const add = spawnSync('git', ['add', '.'], { cwd: r.dir, env: r.env, encoding: 'utf8' });
    expect(add.stderr).toMatch(/embedded git repository/);
    expect(r.git('ls-files', '-s', 'vendor/lib')).toMatch(/^160000 /);
    ({ report } = run(r));
    const f = byRule(report, 'embedded-repository');
    expect(f.map((x) => [x.paths, x.origin, x.severity])).toEqual([[['vendor/lib'], 'staged', 'error']]);
    expect(f[0]?.fix.unstage).toEqual(['vendor/lib']);
  });

  it('leaves a submodule registered in .gitmodules alone', () => {
    const u = upstream();
    const r = newRepo();
    r.git('-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', u.dir, 'vendor/lib');
    expect(readFileSync(join(r.dir, '.gitmodules'), 'utf8')).toMatch(/path = vendor\/lib/);
    const { code, report } = run(r, ['--staged']);
    expect(report.findings).toEqual([]);
    expect(code).toBe(0);
  });
});

describe('portability', () => {
  it('flags a new name that differs only in case from a committed one', () => {
    const r = newRepo(); // README.md is committed
    r.write('readme.md', 'x\n');
    r.write('docs/Guide.md', 'x\n');
    r.write('docs/guide.md', 'y\n');
    r.write('aux.c', 'int x;\n');
    r.git('add', '.');
    const { report } = run(r);
    const cc = byRule(report, 'case-collision');
    expect(cc.map((f) => [f.paths, f.data?.collidesWith]).sort()).toEqual([
      [['docs/Guide.md'], ['docs/guide.md']],
      [['readme.md'], ['README.md']],
    ]);
    expect(byRule(report, 'windows-reserved-name').flatMap((f) => f.paths)).toEqual(['aux.c']);
  });
});
