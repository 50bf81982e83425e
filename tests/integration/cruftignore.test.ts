// .cruftignore: paths committed on purpose, with gitignore's exact semantics.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { makeRepo, type TestRepo } from '../helpers/repo.js';

let repo: TestRepo;
beforeEach(() => {
  repo = makeRepo();
  const pg = { PG_VERSION: '15\n', global: { pg_control: 'x' }, base: { '1': { '1259': 'x' } } };
  repo.tree({ fixtures: { pg }, deploy: { pg }, vendor: { node_modules: { a: { 'index.js': '1\n' } } } });
  repo.git('add', '.');
});
afterEach(() => repo.cleanup());

const flagged = (): string[] =>
  (JSON.parse(repo.cli(['--format', 'json']).stdout).findings as Array<{ paths: string[] }>).flatMap((f) => f.paths).sort();

it('without .cruftignore everything is flagged', () => {
  expect(flagged()).toEqual(['deploy/pg/', 'fixtures/pg/', 'vendor/node_modules/']);
});

it('a directory pattern allows the whole directory; anchoring limits it to the root', () => {
  repo.write('.cruftignore', '/fixtures/pg/\n');
  expect(flagged()).toEqual(['deploy/pg/', 'vendor/node_modules/']);
  repo.write('.cruftignore', '/pg/\n'); // anchored: there is no pg/ at the root
  expect(flagged()).toEqual(['deploy/pg/', 'fixtures/pg/', 'vendor/node_modules/']);
  repo.write('.cruftignore', 'pg/\n'); // unanchored: any pg/ directory
  expect(flagged()).toEqual(['vendor/node_modules/']);
});

it('negation re-includes, and a trailing slash only matches directories', () => {
  repo.write('.cruftignore', 'pg/\n!deploy/pg/\nnode_modules\n');
  expect(flagged()).toEqual(['deploy/pg/']);
  repo.write('.cruftignore', 'PG_VERSION/\n'); // directory-only: PG_VERSION is a file, nothing allowed
  expect(flagged()).toEqual(['deploy/pg/', 'fixtures/pg/', 'vendor/node_modules/']);
});
