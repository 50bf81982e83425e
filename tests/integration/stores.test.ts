// Stores recognised by structure and content (issue 15): one finding per engine however many
// share a folder, partial copies covered whole, and names whose bytes say otherwise left alone.
// Real git, the built CLI; the bytes are the headers each engine writes (src/rules/engines.ts).
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Finding } from '../../src/model.js';
import { makeRepo, type TestRepo } from '../helpers/repo.js';

let repo: TestRepo;
beforeEach(() => {
  repo = makeRepo();
});
afterEach(() => repo.cleanup());

const pad = (head: Buffer | string, size: number): Buffer => {
  const h = Buffer.isBuffer(head) ? head : Buffer.from(head, 'latin1');
  return Buffer.concat([h, Buffer.alloc(Math.max(0, size - h.length))]);
};
const BOLT = pad(Buffer.from([...Array(16).fill(0), 0xed, 0xda, 0x0c, 0xed, 2, 0, 0, 0]), 8192);
const SQLITE = pad('SQLite format 3\0\x10\0\x01\x01', 8192);

function findings(): Finding[] {
  repo.git('add', '.');
  const r = repo.cli(['--format', 'json']);
  expect(r.stderr).toBe('');
  return (JSON.parse(r.stdout) as { findings: Finding[] }).findings;
}
const stores = (fs: Finding[]): Array<[string, string[]]> =>
  fs
    .filter((f) => f.rule === 'database-directory')
    .map((f): [string, string[]] => [String(f.data?.engine), f.paths])
    .sort(([a], [b]) => (a < b ? -1 : 1));

it('a Docker volumes folder with five engines gives one finding per engine, each covering its store whole', () => {
  repo.tree({
    'docker-compose.yml': 'services: {}\n',
    volumes: {
      pg: { PG_VERSION: '16\n', global: { pg_control: pad('', 8192), pg_filenode: 'x' }, base: { '1': { '1259': pad('', 8192), PG_VERSION: '16\n' } }, pg_wal: { '000000010000000000000001': pad('', 16384) } },
      mongo: { 'WiredTiger.turtle': 'WiredTiger version string\nWiredTiger 10.0.2\n', 'WiredTiger.wt': pad('A', 4096), journal: { 'WiredTigerLog.0000000001': pad('', 4096) } },
      etcd: { member: { snap: { db: BOLT }, wal: { '0000000000000000-0000000000000000.wal': pad('', 4096) } } },
      prometheus: { chunks_head: { '000001': pad('', 2048) }, wal: { '00000000': pad('', 2048) }, 'queries.active': '' },
      zookeeper: { 'version-2': { 'snapshot.0': pad('ZKSN', 800), 'log.1': pad('ZKLG', 800) } },
    },
  });
  const fs = findings();
  expect(stores(fs)).toEqual([
    ['etcd', ['volumes/etcd/']],
    ['mongodb-wiredtiger', ['volumes/mongo/']],
    ['postgresql', ['volumes/pg/']],
    ['prometheus', ['volumes/prometheus/']],
    ['zookeeper', ['volumes/zookeeper/']],
  ]);
  // Nothing of a store is left for a later rule to report as something else.
  expect(fs.filter((f) => f.rule !== 'database-directory' && f.rule !== 'bulk-add')).toEqual([]);
});

it('two engines in one folder (Grafana beside the Prometheus it charts) are two findings', () => {
  repo.tree({ monitoring: { 'grafana.db': SQLITE, chunks_head: { '000001': pad('', 2048) }, wal: { '00000000': pad('', 2048) }, 'prometheus.yml': 'scrape_configs: []\n' } });
  const fs = findings();
  expect(stores(fs).map(([e]) => e)).toEqual(['grafana', 'prometheus']);
  const grafana = fs.find((f) => f.data?.engine === 'grafana');
  expect(grafana?.paths).toEqual(['monitoring/grafana.db']);
  expect(grafana?.message).toContain('grafana.db is a SQLite database');
  expect(fs.flatMap((f) => f.paths)).not.toContain('monitoring/prometheus.yml');
});

it('a partial PostgreSQL copy without PG_VERSION and a lone WiredTiger journal are still stores, covered whole', () => {
  repo.tree({
    backup: { base: { '16384': { PG_VERSION: '15\n', '2619': pad('', 8192), pg_filenode: 'x' } }, global: { 'pg_filenode.map': pad('', 512), '1260': pad('', 8192) } },
    journal: { 'WiredTigerLog.0000000002': pad('', 4096), 'WiredTigerPreplog.0000000001': pad('', 4096) },
    'README.md': '# restore notes\n',
  });
  const fs = findings();
  expect(stores(fs)).toEqual([
    ['mongodb-wiredtiger', ['journal/']],
    ['postgresql', ['backup/']],
  ]);
});

it('reads a LevelDB CURRENT and LOG to decide: a real store is flagged, text files of the same names are not', () => {
  repo.tree({
    cache: { CURRENT: 'MANIFEST-000004\n', 'MANIFEST-000004': pad('', 300), LOG: '2024/01/02-10:00:00.000000 7f3a Recovering log #3\n', '000003.log': pad('', 900), LOCK: '' },
    docs: { CURRENT: 'The current release is 2.1; see MANIFEST-000001.md.\n', 'MANIFEST-000001.md': '# Manifest\n' },
    ops: { LOG: 'deploy started\n', LOCK: '', '000001.log': 'x\n' },
  });
  const fs = findings();
  expect(stores(fs)).toEqual([['leveldb', ['cache/']]]);
  expect(fs[0]?.message).toContain('CURRENT names a MANIFEST');
  expect(fs.flatMap((f) => f.paths).filter((p) => p.startsWith('docs/'))).toEqual([]);
});

it('an engine’s own repository keeps its sample stores among its tests; an application’s are flagged', () => {
  repo.tree({ 'go.mod': 'module go.etcd.io/bbolt\n\ngo 1.21\n', testdata: { 'old.db': BOLT }, 'db.go': 'package bbolt\n' });
  expect(stores(findings())).toEqual([]);
  repo.write('go.mod', 'module example.com/shop\n\ngo 1.21\n');
  expect(stores(findings())).toEqual([['bolt', ['testdata/']]]);
});
