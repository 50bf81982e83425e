// Replays the database layouts recorded from real servers (scripts/record-layouts.sh →
// tests/fixtures/layouts/*.json): every recorded file is rebuilt with its name, its first bytes and
// its size (zeros after the first bytes; huge files capped), under the folder a project really
// uses for it, beside the configuration that belongs in the repository. `git add .`, then the
// built CLI must report each data directory as exactly one database-directory finding, with the
// recording's file count and bytes, and flag none of the neighbours.
import { closeSync, fchmodSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, symlinkSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { template } from '../helpers/copy.js';
import { makeRepo, PROJECT, type TestRepo } from '../helpers/repo.js';

interface Listed {
  path: string;
  size: number;
  mode: string;
  head: string;
  link?: string;
}
interface State {
  name: string;
  how: string;
  files: number;
  bytes: number;
  listing: Listed[];
}
interface Layout {
  engine: string;
  source: 'recorded' | 'documented';
  server: string;
  states: State[];
}
interface Finding {
  rule: string;
  paths: string[];
  files: number;
  bytes: number;
  data?: { engine?: string; directory?: string };
}

const LAYOUTS = join(PROJECT, 'tests', 'fixtures', 'layouts');
/** Files above this are replayed at this size (a 16 MiB WAL segment, a 96 MiB redo log): first bytes kept. */
const CAP = 1 << 20;

/** Where each engine's data directory sits in a real project, and the engine id cruft-check must name. */
const ENGINES: Record<string, { engine: string; folder: string; folders?: Record<string, string> }> = {
  postgresql: { engine: 'postgresql', folder: 'pgdata' }, // docker-compose `./pgdata:/var/lib/postgresql/data`
  mariadb: { engine: 'mysql', folder: 'docker/mysql' }, // `./docker/mysql:/var/lib/mysql`
  redis: { engine: 'redis', folder: 'redis-data' }, // `./redis-data:/data`
  // A Django project keeps db.sqlite3 beside manage.py: there the finding must leave manage.py alone.
  sqlite: { engine: 'sqlite', folder: 'backend/db-data', folders: { 'rollback-journal': 'backend' } },
  mongodb: { engine: 'mongodb-wiredtiger', folder: 'docker/mongo' }, // `./docker/mongo:/data/db`
};

/** Files that belong in the repository, beside the data directories. */
const NEIGHBOURS: Record<string, string> = {
  'README.md': '# shop\n\nRun `docker compose up`.\n',
  'docker-compose.yml': [
    'services:',
    '  postgres: { image: "postgres:15", volumes: ["./pgdata:/var/lib/postgresql/data", "./docker/postgres/postgresql.conf.template:/etc/postgresql.conf.template"] }',
    '  mariadb: { image: "mariadb:10.11", volumes: ["./docker/mysql:/var/lib/mysql"] }',
    '  redis: { image: "redis:7", command: "redis-server --appendonly yes", volumes: ["./redis-data:/data"] }',
    '  mongo: { image: "mongo:7", volumes: ["./docker/mongo:/data/db", "./docker/init-mongo.js:/docker-entrypoint-initdb.d/init-mongo.js:ro"] }',
    '',
  ].join('\n'),
  'docker/postgres/postgresql.conf.template': "listen_addresses = '*'\nshared_buffers = ${PG_SHARED_BUFFERS}\n",
  'docker/init-mongo.js': "db.createUser({ user: 'app', pwd: 'app', roles: [{ role: 'readWrite', db: 'shop' }] });\n",
  'docker/mongod.conf': 'storage:\n  dbPath: /data/db\n',
  'backend/manage.py': '#!/usr/bin/env python\nimport sys\n',
  'backend/requirements.txt': 'Django==4.2\n',
};

function loadLayouts(): Layout[] {
  return readdirSync(LAYOUTS)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(LAYOUTS, f), 'utf8')) as Layout);
}
const LAYOUT_LIST = loadLayouts();

/** Rebuild a recorded state under `folder`; returns the bytes written (sizes capped at CAP). */
function replay(repo: TestRepo, folder: string, state: State): number {
  let bytes = 0;
  for (const f of state.listing) {
    const rel = `${folder}/${f.path}`;
    if (f.link !== undefined) {
      mkdirSync(dirname(join(repo.dir, rel)), { recursive: true });
      symlinkSync(f.link, join(repo.dir, rel));
      bytes += f.size;
      continue;
    }
    // The first bytes, then zeros up to the size: the zeros as a hole (ftruncate), which reads back
    // as the same bytes without the test writing megabytes of them.
    const head = Buffer.from(f.head, 'base64');
    const size = Math.min(f.size, CAP);
    mkdirSync(dirname(join(repo.dir, rel)), { recursive: true });
    const fd = openSync(join(repo.dir, rel), 'w');
    writeSync(fd, head, 0, Math.min(head.length, size));
    ftruncateSync(fd, size);
    fchmodSync(fd, (Number.parseInt(f.mode, 8) & 0o777) | 0o600);
    closeSync(fd);
    bytes += size;
  }
  return bytes;
}

function folderFor(engine: string, state: string): string {
  const e = ENGINES[engine];
  if (!e) throw new Error(`tests/fixtures/layouts/${engine}.json: no folder and engine id known for "${engine}"`);
  return e.folders?.[state] ?? e.folder;
}


function checkCli(repo: TestRepo): Finding[] {
  expect(repo.addMany('.')).toBe('');
  const r = repo.cli(['--format', 'json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(1); // error findings in what the commit would add
  return (JSON.parse(r.stdout) as { findings: Finding[] }).findings;
}

const isNeighbour = (p: string): boolean => Object.keys(NEIGHBOURS).some((n) => n === p || (p.endsWith('/') && n.startsWith(p)));

/** The one finding for `folder`, with the recording's counts, and nothing that touches a neighbour. */
function expectDataDir(findings: Finding[], engine: string, folder: string, state: State, bytes: number): void {
  const mine = findings.filter((f) => f.data?.directory === `${folder}/`);
  expect(mine.map((f) => f.rule)).toEqual(['database-directory']);
  const f = mine[0] as Finding;
  expect(f.data?.engine).toBe(ENGINES[engine]?.engine);
  expect(f.files).toBe(state.files);
  expect(f.files).toBe(state.listing.length);
  expect(f.bytes).toBe(bytes);
  const neighbourInside = Object.keys(NEIGHBOURS).some((n) => n.startsWith(`${folder}/`));
  if (!neighbourInside) expect(f.paths).toEqual([`${folder}/`]);
  else {
    // Named file by file: exactly the recorded files, none of the neighbours.
    expect([...f.paths].sort()).toEqual(state.listing.map((l) => `${folder}/${l.path}`).sort());
  }
}

function expectNeighboursClean(findings: Finding[]): void {
  for (const f of findings) {
    // bulk-add judges the commit as a whole and names no path.
    if (f.rule === 'bulk-add') {
      expect(f.paths).toEqual([]);
      continue;
    }
    expect(f.rule).toBe('database-directory');
    expect(f.paths.filter(isNeighbour)).toEqual([]);
  }
}

let repo: TestRepo | undefined;
afterEach(() => {
  repo?.cleanup();
  repo = undefined;
});

describe('recorded layouts', () => {
  it('cover every engine, recorded from real servers except the documented MongoDB', () => {
    expect(LAYOUT_LIST.map((l) => l.engine).sort()).toEqual(Object.keys(ENGINES).sort());
    for (const l of LAYOUT_LIST) {
      expect(l.source).toBe(l.engine === 'mongodb' ? 'documented' : 'recorded');
      expect(l.states.length).toBeGreaterThan(0);
      for (const s of l.states) {
        expect(s.listing.length).toBe(s.files);
        expect(s.listing.reduce((n, f) => n + f.size, 0)).toBe(s.bytes);
      }
    }
  });

  // The project every case starts from, built once and copied per case.
  const project = template(() => {
    const r = makeRepo();
    r.tree(NEIGHBOURS);
    r.commit('configuration');
    return r;
  });
  afterAll(() => project.dispose());

  const cases = LAYOUT_LIST.flatMap((l) => l.states.map((s) => ({ layout: l, state: s, label: `${l.engine} ${s.name}` })));
  it.each(cases)('$label is one database-directory finding', ({ layout, state }) => {
    repo = project.copy();
    const folder = folderFor(layout.engine, state.name);
    const bytes = replay(repo, folder, state);
    const findings = checkCli(repo);
    expect(findings.filter((f) => f.rule === 'database-directory')).toHaveLength(1);
    expectDataDir(findings, layout.engine, folder, state, bytes);
    expectNeighboursClean(findings);
  });

  it('finds each data directory once when a compose project holds them all, neighbours staged too', () => {
    repo = makeRepo();
    repo.tree(NEIGHBOURS);
    const placed: { engine: string; folder: string; state: State; bytes: number }[] = [];
    for (const layout of LAYOUT_LIST) {
      // The state a project is left with after `docker compose down` (or the last one recorded).
      const state = layout.states.find((s) => s.name === 'stopped') ?? layout.states[0];
      if (!state) throw new Error(`${layout.engine}: no state recorded`);
      const folder = ENGINES[layout.engine]?.folder ?? '';
      placed.push({ engine: layout.engine, folder, state, bytes: replay(repo, folder, state) });
    }
    const findings = checkCli(repo);
    expect(findings.filter((f) => f.rule === 'database-directory')).toHaveLength(placed.length);
    for (const p of placed) expectDataDir(findings, p.engine, p.folder, p.state, p.bytes);
    expectNeighboursClean(findings);
  });
});
