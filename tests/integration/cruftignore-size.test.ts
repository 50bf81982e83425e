// A long `.cruftignore` (issue 14, item 4): 100,000 lines are read and obeyed (the time and memory
// are measured by `npm run bench`, case cruftignore-100k, not here); more lines than the documented
// limit are refused with one line and exit 2.
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_CRUFTIGNORE_LINES } from '../../src/facts/config.js';
import { makeRepo, type TestRepo } from '../helpers/repo.js';

let repo: TestRepo;
afterEach(() => repo.cleanup());

describe('a long .cruftignore', () => {
  it('100,000 lines: the one that names a staged database file allows it, a look-alike is still flagged', () => {
    repo = makeRepo();
    const lines: string[] = [];
    for (let i = 0; i < 100_000; i++) lines.push(i % 10 === 9 ? `/logs/${i}/**/*.log` : `/fixtures/d${i % 97}/f${i}.sqlite`);
    lines[77_777] = '/keep/app.sqlite';
    repo.write('.cruftignore', `${lines.join('\n')}\n`);
    const sqlite = Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(4080)]);
    repo.write('keep/app.sqlite', sqlite);
    repo.write('other/app.sqlite', sqlite);
    repo.git('add', 'keep', 'other');
    const r = repo.cli(['--staged', '--format', 'json']);
    expect(r.stderr).toBe('');
    const paths = (JSON.parse(r.stdout) as { findings: { paths: string[] }[] }).findings.flatMap((f) => f.paths);
    expect(paths.filter((p) => p.startsWith('other/'))).not.toEqual([]);
    expect(paths.filter((p) => p.startsWith('keep/'))).toEqual([]);
  });

  it(`more than ${MAX_CRUFTIGNORE_LINES.toLocaleString('en-US')} lines: exit 2, one line saying so, no stack trace`, () => {
    repo = makeRepo();
    repo.write('.cruftignore', 'a\n'.repeat(MAX_CRUFTIGNORE_LINES + 1));
    repo.write('a.txt', '1\n');
    repo.git('add', 'a.txt');
    const r = repo.cli(['--staged']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/\.cruftignore: has 200,001 lines, more than the 200,000 cruft-check reads/);
  });

  it(`exactly ${MAX_CRUFTIGNORE_LINES.toLocaleString('en-US')} lines are read`, () => {
    repo = makeRepo();
    repo.write('.cruftignore', 'a\n'.repeat(MAX_CRUFTIGNORE_LINES));
    repo.write('a.txt', '1\n');
    repo.git('add', 'a.txt');
    expect(repo.cli(['--staged']).code).toBe(0);
  });
});
