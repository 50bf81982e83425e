// A symlink is committed as the path it points to, not the content behind it.
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { makeRepo, type TestRepo } from '../helpers/repo.js';

let repo: TestRepo;
beforeEach(() => {
  repo = makeRepo();
});
afterEach(() => repo.cleanup());

it('a symlink named like a database file is not a database; the real file beside it is', () => {
  repo.write('var/real.sqlite', Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(4080)]));
  symlinkSync('/var/lib/app/app.sqlite', join(repo.dir, 'app.sqlite'));
  repo.git('add', 'app.sqlite');
  expect(JSON.parse(repo.cli(['--staged', '--format', 'json']).stdout).findings).toEqual([]);
  repo.git('add', 'var/real.sqlite');
  const findings = JSON.parse(repo.cli(['--staged', '--format', 'json']).stdout).findings as Array<{ rule: string; paths: string[] }>;
  expect(findings.map((f) => [f.rule, f.paths])).toEqual([['database-directory', ['var/']]]);
});
