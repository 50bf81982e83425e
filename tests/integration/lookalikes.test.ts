// Things that look like cruft to a naive tool and are not: no finding, exit 0.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { makeRepo, type TestRepo } from '../helpers/repo.js';

let repo: TestRepo;
beforeEach(() => {
  repo = makeRepo();
});
afterEach(() => repo.cleanup());

function expectClean(): void {
  repo.git('add', '.');
  const r = repo.cli(['--format', 'json']);
  expect(JSON.parse(r.stdout).findings).toEqual([]);
  expect(r.code).toBe(0);
}

it('a db/ folder of migrations and seeds', () => {
  repo.tree({ db: { migrate: { '20240101_create_users.rb': 'class CreateUsers; end\n' }, 'schema.rb': '# schema\n', 'seeds.rb': '# seeds\n' } });
  expectClean();
});

it("a database driver's source tree with wiredtiger*.c and leveldb sources", () => {
  repo.tree({
    src: {
      third_party: {
        wiredtiger: { src: { conn: { 'conn_api.c': '/* c */\n' } }, 'wiredtiger.h.in': '/* h */\n', 'wiredtiger_open.c': '/* c */\n' },
        leveldb: { db: { 'log_reader.cc': '//\n', 'version_set.cc': '//\n' }, 'CMakeLists.txt': '#\n', include: { leveldb: { 'db.h': '//\n' } } },
      },
    },
  });
  expectClean();
});

it('a data/ folder of CSV files and a models/ folder', () => {
  repo.tree({ data: { 'users.csv': 'id,name\n1,a\n', 'orders.csv': 'id\n1\n' }, src: { models: { 'user.py': 'class User: pass\n' } } });
  expectClean();
});

it("a module resolver's test fixtures that hold node_modules trees", () => {
  repo.tree({ test: { fixtures: { 'nested-deps': { node_modules: { foo: { 'package.json': '{}\n', 'index.js': '1\n' } } } } } });
  expectClean();
});

it('a `bin/activate` script that is not a virtualenv, and Unity debug symbols next to DLLs', () => {
  repo.tree({ bin: { activate: '#!/bin/sh\necho on\n' }, Assets: { Plugins: { 'Foo.dll': 'MZ', 'Foo.dll.mdb': 'x' } } });
  expectClean();
});

it('configuration for a database that sits beside (not in) a data folder', () => {
  repo.tree({ docker: { mongo: { 'mongod.conf': 'storage:\n  dbPath: /data/db\n', 'init-mongo.js': 'db.createUser({})\n' } }, 'docker-compose.yml': 'services: {}\n' });
  expectClean();
});
