// A student's project just before `git add .`: homework beside everything issue 16 lists — a
// PostgreSQL data folder made by the real `initdb`, a MariaDB data folder (replayed from the
// layout recorded from the real server, tests/fixtures/layouts/mariadb.json), a Redis dump, an
// SQLite file, node_modules/, .env, __pycache__/ and a 60 MB file. Shared by the screen tests
// (tests/e2e/screen.test.ts) and by `node scripts/student.mjs DIR`, which made the README's screen.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PROJECT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function write(root, path, content) {
  const full = join(root, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, content);
}

/** The newest initdb Debian installed, else one on PATH. No initdb is an error: CI installs PostgreSQL. */
export function findInitdb() {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb'))) : [];
  versions.sort((a, b) => Number.parseFloat(a) - Number.parseFloat(b));
  if (versions.length) return join(base, versions.at(-1), 'bin', 'initdb');
  const onPath = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).stdout.trim();
  if (onPath) return onPath;
  throw new Error('initdb not found: install PostgreSQL (apt-get install postgresql); .ci/run does');
}

/** A real cluster at `dir`. initdb refuses root, so under root it runs as postgres (or nobody). */
export function initdb(dir) {
  const user = process.getuid?.() === 0 ? (spawnSync('id', ['postgres']).status === 0 ? 'postgres' : 'nobody') : undefined;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (user) {
    // The user must reach the folder (temp folders are 0700) and own it.
    for (let d = dirname(dir); d !== '/' && d.startsWith('/tmp/'); d = dirname(d)) chmodSync(d, 0o755);
    execFileSync('chown', [user, dir]);
  }
  const argv = [findInitdb(), '-D', dir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'];
  const r = user ? spawnSync('runuser', ['-u', user, '--', ...argv], { cwd: dir, encoding: 'utf8' }) : spawnSync(argv[0], argv.slice(1), { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`initdb failed: ${r.stderr}`);
  // Back to the person running this, so git and cleanup can read and delete everything.
  if (user) execFileSync('chown', ['-R', `${process.getuid()}:${process.getgid()}`, dir]);
}

/** The MariaDB data folder as recorded from `mariadb-install-db` (files over 1 MiB replayed at 1 MiB). */
function mariadb(root, folder) {
  const layout = JSON.parse(readFileSync(join(PROJECT, 'tests', 'fixtures', 'layouts', 'mariadb.json'), 'utf8'));
  const state = layout.states[0];
  for (const f of state.listing) {
    if (f.link !== undefined) continue;
    const head = Buffer.from(f.head, 'base64');
    const content = Buffer.alloc(Math.min(f.size, 1 << 20));
    head.copy(content, 0, 0, Math.min(head.length, content.length));
    write(root, `${folder}/${f.path}`, content);
  }
}

/** An SQLite database: the real sqlite3 when installed, else the 100-byte header and an empty page. */
function sqlite(root, path) {
  const full = join(root, path);
  mkdirSync(dirname(full), { recursive: true });
  const r = spawnSync('sqlite3', [full, 'CREATE TABLE grades(student TEXT, mark INTEGER); INSERT INTO grades VALUES (\'ana\', 18);']);
  if (r.status === 0) return;
  const page = Buffer.alloc(4096);
  page.write('SQLite format 3\0', 0, 'latin1');
  writeFileSync(full, page);
}

/**
 * Write the project into the git repository at `root` (nothing staged yet). The extras a test
 * needs (more findings) come from `extra`: `{ path: content }`.
 */
export function writeStudentProject(root, extra = {}) {
  write(root, 'README.md', '# Databases homework\n\nWeek 5: a shop on PostgreSQL, MariaDB, Redis and SQLite.\n');
  write(root, 'homework/shop.py', 'import psycopg\n\ndef orders(conn):\n    return conn.execute("select * from orders").fetchall()\n');
  write(root, 'homework/schema.sql', 'create table orders (id serial primary key, total numeric);\n');
  write(root, 'package.json', '{ "name": "shop", "private": true, "dependencies": { "express": "^4.19.2" } }\n');
  initdb(join(root, 'pgdata'));
  mariadb(root, 'mysql-data');
  write(root, 'dump.rdb', Buffer.concat([Buffer.from('REDIS0011\xfa\x09redis-ver\x057.0.15', 'latin1'), Buffer.alloc(200, 0)]));
  sqlite(root, 'homework/shop.sqlite3');
  write(root, 'node_modules/express/package.json', '{ "name": "express", "version": "4.19.2" }\n');
  write(root, 'node_modules/express/index.js', "module.exports = require('./lib/express');\n");
  write(root, '.env', 'DATABASE_URL=postgres://postgres:hunter2@localhost/shop\n');
  write(root, 'homework/__pycache__/shop.cpython-311.pyc', Buffer.from([0xa7, 0x0d, 0x0d, 0x0a, 0, 0, 0, 0]));
  // 60 MB that git stores small (zeros compress), so the test stays quick.
  write(root, 'lecture-recording.mp4', Buffer.alloc(60 * 1000 * 1000));
  for (const [path, content] of Object.entries(extra)) write(root, path, content);
}

// `node scripts/student.mjs DIR`: a fresh repository at DIR with the project in it, nothing staged.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = resolve(process.argv[2] ?? 'student-project');
  mkdirSync(dir, { recursive: true });
  execFileSync('git', ['init', '-q', dir]);
  writeStudentProject(dir);
  console.log(`wrote ${dir}`);
}
