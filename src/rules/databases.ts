// Single database files that no directory marker explains: a SQLite database called `app.db` or
// `data` rather than `*.sqlite`, a Redis snapshot under another name, a DuckDB or Berkeley DB
// file. Names decide where they can (database-directory, earlier in the catalogue, already
// claims `*.sqlite`, `dump.rdb`, `*.mv.db`, `*.mdf`, `data.mdb`… through engines.ts); where a
// name is ambiguous — `*.db` is also Windows' Thumbs.db, NeDB's JSON lines and many a text
// file — the first bytes decide.
import { baseName } from '../facts/inventory.js';
import type { FileFact, Hit, Inventory, Needs, Rule, RuleContext } from '../model.js';
import { type Kind, sniffKind } from '../facts/sniff.js';
import { extensionless } from './content.js';
import { gitignoreLines, inTestFolder, MANIFESTS, ownProjectSample } from './directories.js';

/** Extensions worth reading: databases hide behind these (and behind no extension at all). */
const DB_EXTS = /\.(db|db3|sdb|s3db|sl3|sqlitedb|data|dat|rdb|aof|store|storage|bdb|kdb|wal)$/i;

const DB_KINDS: Partial<Record<Kind, { engine: string; name: string }>> = {
  sqlite: { engine: 'sqlite', name: 'SQLite database' },
  'sqlite-wal': { engine: 'sqlite', name: 'SQLite write-ahead log' },
  duckdb: { engine: 'duckdb', name: 'DuckDB database' },
  'redis-rdb': { engine: 'redis', name: 'Redis snapshot (RDB)' },
  'berkeley-db': { engine: 'berkeley-db', name: 'Berkeley DB database' },
  access: { engine: 'access', name: 'Microsoft Access database' },
};

const candidate = (f: FileFact): boolean => f.mode !== '120000' && f.mode !== '160000' && f.size >= 16 && (DB_EXTS.test(baseName(f.path)) || extensionless(f));

/** A Redis append-only file: RESP commands (`*2\r\n$6\r\nSELECT…`) or an RDB preamble. */
function redisAof(f: FileFact, head: Buffer): boolean {
  return /\.aof$/i.test(f.path) && (/^\*\d+\r\n\$\d+\r\n/.test(head.subarray(0, 32).toString('latin1')) || sniffKind(head) === 'redis-rdb');
}

export const databaseFile: Rule = {
  id: 'database-file',
  category: 'database',
  severity: 'error',
  title: 'Database file',
  why:
    "A database file is the live, binary state of an application's data: it changes on every run, cannot " +
    'be merged, and may hold personal data and password hashes. Commit the schema, migrations or a seed script instead.',
  fix: 'Unstage it and add it to .gitignore; if a test needs a small database, list it in .cruftignore.',
  examples: {
    flagged: [
      [{ path: 'app.db', head: 'SQLite format 3\0\x10\0\x01\x01' }, 'app.py'],
      [{ path: 'instance/data', head: 'SQLite format 3\0\x10\0\x01\x01', size: 8192 }],
      [{ path: 'backup/redis-6379.rdb', head: 'REDIS0011\xfa\tredis-ver' }],
      [{ path: 'analytics.data', head: [0, 0, 0, 0, 0, 0, 0, 0, 0x44, 0x55, 0x43, 0x4b, 0x40, 0, 0, 0] }],
      [{ path: 'cache/queue.aof', head: '*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n' }],
    ],
    clean: [
      [{ path: 'data/users.db', head: '{"name":"ada","_id":"1"}\n{"name":"alan","_id":"2"}\n' }],
      [{ path: 'config/hosts.db', head: '# hosts\n127.0.0.1 localhost\n' }],
      ['db/migrations/001_init.sql', 'db/schema.rb', 'db/seeds.rb'],
      ['src/models/user.py', 'src/db.py'],
      [{ path: 'data/records.dat', head: 'id,name\n1,ada\n' }],
      // The engine's own repository: its tests open sample snapshots on purpose.
      [{ path: 'README.md', head: 'Redis\n=====\n\nAn in-memory data store.\n' }, { path: 'tests/assets/encodings.rdb', head: 'REDIS0004\xfe\x00' }],
    ],
  },
  needs(inv: Inventory): Needs {
    const heads = inv.facts.filter(candidate);
    // A sample database among the tests of the engine's own project (redis' tests/assets/*.rdb)
    // is kept on purpose: the project's manifests say what it is.
    return heads.some((f) => inTestFolder(f.path)) ? { heads, files: MANIFESTS } : { heads };
  },
  detect(inv: Inventory, ctx: RuleContext): Hit[] {
    const hits: Hit[] = [];
    for (let i = 0; i < inv.facts.length; i++) {
      const f = inv.facts[i] as FileFact;
      if (ctx.claimed.has(f.path) || !candidate(f)) continue;
      const head = ctx.probe.head(f.path);
      if (!head) continue;
      const kind = sniffKind(head);
      const db = kind ? DB_KINDS[kind] : redisAof(f, head) ? { engine: 'redis', name: 'Redis append-only file' } : undefined;
      if (!db || ownProjectSample(db.engine, f.path, ctx.probe)) continue;
      hits.push({
        paths: [f.path],
        covers: [f],
        message: `${db.name}, recognised by its first bytes`,
        gitignore: gitignoreLines([f.path]),
        data: { engine: db.engine, by: 'header' },
      });
    }
    return hits;
  },
};
