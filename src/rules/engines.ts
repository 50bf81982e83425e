// Database engines and the files their servers write, from PRODUCT.md's table (each name is
// what the server itself creates in its data directory).
//
// signatures: the directory belongs to the engine when every marker of any one signature is
//   present. A marker is a glob relative to the directory: `name` a file, `name/` a
//   sub-directory, `sub/name` a file inside a sub-directory. Globs are case-sensitive, so a
//   driver's `wiredtiger_open.c` or a `db/` of migrations never matches.
// owns: which files of that directory are the engine's (globs relative to it). Files it does not
//   own are neighbours (a `mongod.conf`, an `init-mongo.js`, a README) and stay out of the finding.
// Beyond PRODUCT.md's table, the names and headers below come from each engine's own source or
// documentation (LevelDB's db/filename.cc, LMDB's mdb.c, bbolt's db.go, Badger's manifest.go,
// Lucene's CodecUtil, Prometheus' tsdb/docs/format, Kafka's LogManager, ZooKeeper's FileTxnLog,
// geth's node/config.go). Engines not listed (and file names shared with ordinary projects, such
// as a lone MANIFEST or a `data/` folder) are left to database-file's header check.
import type { Inventory } from '../model.js';

export interface Engine {
  id: string;
  name: string;
  signatures: string[][];
  owns: string[];
  /**
   * Sub-folders the engine writes inside its store, each with the signatures that recognise a
   * copy of that folder on its own (a `journal/` of WiredTiger logs, a PostgreSQL `base/` without
   * its PG_VERSION). Such a folder's files are owned as if it still sat in its store.
   */
  parts?: Record<string, string[][]>;
  /**
   * What the first bytes of some of its files say (keyed by a glob of the file name). A marker
   * whose files were read and all contradict the engine does not count; a marker written
   * `=name` counts only when its bytes were read and agree. What agrees is named in the finding.
   */
  content?: Record<string, ContentCheck>;
  /** Words that name the engine in a project that is the engine or one of its drivers (its own test fixtures stay). */
  keywords?: string[];
  /** Further say over what the store owns, given the path relative to the store and the inventory. */
  ownsAlso?: (rel: string, storeDir: string, inv: Inventory) => boolean;
}

export interface ContentCheck {
  test: (head: Buffer) => boolean;
  /** What the bytes showed, for the finding's message. */
  says: string;
  /**
   * The name alone leaves the question open (a text file called CURRENT, an Access data.mdb, a
   * SQLite app.db): bytes that were read and disagree mean the file is not the engine's.
   */
  decides?: boolean;
  /** Read the file only inside a folder so named (a Prometheus block's `meta.json`, not every meta.json). */
  where?: RegExp;
}

const latin = (b: Buffer, n = 4096): string => b.subarray(0, n).toString('latin1');
const at = (b: Buffer, offset: number, bytes: number[]): boolean => b.length >= offset + bytes.length && bytes.every((x, i) => b[offset + i] === x);
/** LMDB's meta page: a 16-byte page header, then MDB_MAGIC 0xBEEFC0DE (little-endian on the machines that write these). */
const lmdbMagic = (b: Buffer): boolean => at(b, 16, [0xde, 0xc0, 0xef, 0xbe]);
/** BoltDB/bbolt's meta page: a 16-byte page header, then the magic 0xED0CDAED. */
const boltMagic = (b: Buffer): boolean => at(b, 16, [0xed, 0xda, 0x0c, 0xed]);
/** Lucene's CodecUtil.CODEC_MAGIC, at the start of every index file it writes (segments_N, .si, .cfs, …). */
const luceneMagic = (b: Buffer): boolean => at(b, 0, [0x3f, 0xd7, 0x6c, 0x17]);
const SQLITE_HEAD = (b: Buffer): boolean => latin(b, 16) === 'SQLite format 3\0';

/** ULID names of Prometheus TSDB blocks: 26 Crockford base-32 characters (`01BKGV7JBM69T2G1BGBGM6KB12`). */
export const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export const DATABASE_ENGINES: Engine[] = [
  {
    id: 'mongodb-wiredtiger',
    name: 'MongoDB (WiredTiger)',
    signatures: [
      ['WiredTiger.turtle'],
      ['WiredTiger.wt'],
      ['WiredTiger', 'WiredTiger.lock'],
      ['WiredTigerHS.wt'],
      ['WiredTigerLAS.wt'],
      ['_mdb_catalog.wt'],
      ['sizeStorer.wt'],
      ['mongod.lock', '*.wt'],
      ['storage.bson', '*.wt'],
      ['collection-*.wt', 'index-*.wt'],
      // A copy without the metadata files: the table files keep their server-given names.
      ['collection-+([0-9])-+([0-9-]).wt'],
      ['journal/WiredTigerLog.*'],
      ['journal/WiredTigerPreplog.*'],
      ['diagnostic.data/metrics.*'],
    ],
    parts: {
      journal: [['WiredTigerLog.+([0-9])'], ['WiredTigerPreplog.+([0-9])']],
      'diagnostic.data': [['metrics.+([0-9T-])*', 'metrics.interim'], ['metrics.????-??-??T??-??-??Z-+([0-9])']],
    },
    content: {
      WiredTiger: { test: (b) => latin(b, 32).startsWith('WiredTiger\n'), says: 'its bytes hold the WiredTiger banner' },
      'WiredTiger.turtle': { test: (b) => latin(b, 64).startsWith('WiredTiger version string\n'), says: 'its bytes hold the WiredTiger version string' },
    },
    keywords: ['wiredtiger', 'mongo'],
    owns: [
      'WiredTiger*',
      '*.wt',
      'mongod.lock',
      'storage.bson',
      'journal/**',
      'diagnostic.data/**',
      '_tmp/**',
      '.startup_complete',
      '*/collection-*.wt',
      '*/index-*.wt',
    ],
  },
  {
    id: 'mongodb-mmapv1',
    name: 'MongoDB (MMAPv1)',
    signatures: [['mongod.lock'], ['*.ns', '*.0'], ['journal/j._*'], ['local.ns']],
    parts: { journal: [['j._+([0-9])']] },
    keywords: ['mongo'],
    owns: ['mongod.lock', 'storage.bson', '*.ns', '*.+([0-9])', 'journal/**', 'diagnostic.data/**', '_tmp/**'],
  },
  {
    id: 'postgresql',
    name: 'PostgreSQL',
    signatures: [
      ['PG_VERSION', 'global/'],
      ['PG_VERSION', 'base/'],
      ['PG_VERSION', 'pg_wal/'],
      ['PG_VERSION', 'pg_xlog/'],
      ['PG_VERSION', 'postmaster.pid'],
      ['global/pg_control'],
      ['postmaster.opts'],
      // A copy without PG_VERSION: every database folder under base/ holds its own PG_VERSION
      // and pg_filenode.map, global/ holds pg_filenode.map; the transaction folders have no
      // counterpart outside PostgreSQL.
      ['global/pg_filenode.map'],
      ['base/+([0-9])/PG_VERSION'],
      ['base/+([0-9])/pg_filenode.map'],
      ['pg_xact/', 'pg_multixact/'],
      ['pg_clog/', 'pg_multixact/'],
      ['pg_wal/archive_status/'],
      ['pg_xlog/archive_status/'],
    ],
    parts: {
      base: [['+([0-9])/PG_VERSION'], ['+([0-9])/pg_filenode.map']],
      global: [['pg_control'], ['pg_filenode.map', '+([0-9])']],
      pg_wal: [['archive_status/', '+([0-9A-F])']],
      pg_xlog: [['archive_status/', '+([0-9A-F])']],
    },
    content: {
      PG_VERSION: { test: (b) => /^\d+(\.\d+)?\r?\n?$/.test(latin(b, 16)), says: 'PG_VERSION holds a server version' },
    },
    keywords: ['postgres', 'libpq', 'pgx'],
    owns: [
      'PG_VERSION',
      'base/**',
      'global/**',
      'pg_*/**',
      'postmaster.pid',
      'postmaster.opts',
      'postgresql.conf',
      'postgresql.auto.conf',
      'pg_hba.conf',
      'pg_ident.conf',
      'current_logfiles',
      'log/**',
      '*.pem',
      '*.key',
      '*.crt',
    ],
  },
  {
    id: 'mysql',
    name: 'MySQL / MariaDB',
    signatures: [
      ['ibdata1'],
      ['ib_logfile0'],
      ['ibtmp1'],
      ['ib_buffer_pool'],
      ['#innodb_redo/'],
      ['#innodb_temp/'],
      ['mysql.ibd'],
      ['aria_log_control'],
      ['undo_00[0-9]', '*.ibd'],
      ['auto.cnf', 'mysql/'],
      ['mysql/*.frm'],
      ['*.frm', '*.ibd'],
      ['*.MYD', '*.MYI'],
    ],
    keywords: ['mysql', 'mariadb', 'innodb'],
    owns: [
      'ibdata*',
      'ib_logfile*',
      'ibtmp*',
      'ib_buffer_pool',
      '#innodb_*/**',
      '#ib_*',
      'undo_*',
      'mysql.ibd',
      'auto.cnf',
      '*.ibd',
      '*.frm',
      '*.MYD',
      '*.MYI',
      '*.MAD',
      '*.MAI',
      '*.opt',
      'aria_log*',
      '*-bin.[0-9]*',
      '*-bin.index',
      'binlog.*',
      '*.pid',
      '*.err',
      '*.pem',
      'mysql/**',
      'mysql_upgrade_info',
      'performance_schema/**',
      'sys/**',
      'ddl_recovery*.log',
      'multi-master.info',
      '*.sock',
      '*/*.ibd',
      '*/*.frm',
      '*/*.opt',
      '*/*.MYD',
      '*/*.MYI',
      '*/*.MAD',
      '*/*.MAI',
    ],
  },
  {
    id: 'redis',
    name: 'Redis',
    signatures: [['dump.rdb'], ['appendonly.aof'], ['appendonlydir/'], ['appendonlydir/*.manifest']],
    keywords: ['redis', 'valkey', 'keydb'],
    content: { '*.rdb': { test: (b) => /^REDIS\d{4}/.test(latin(b, 9)), says: 'the snapshot starts with REDIS and its version' } },
    owns: ['dump.rdb', '*.rdb', 'appendonly.aof', '*.aof', 'appendonlydir/**', 'temp-*.rdb', 'nodes.conf'],
  },
  {
    id: 'sqlite',
    name: 'SQLite',
    signatures: [['*.sqlite'], ['*.sqlite3'], ['*.db-wal'], ['*.db-shm'], ['*.db-journal'], ['*.sqlite-wal'], ['*.sqlite3-wal'], ['*.sqlite-journal'], ['*.sqlite3-journal']],
    keywords: ['sqlite'],
    content: { '*.sqlite?(3)': { test: SQLITE_HEAD, says: 'the file starts with the SQLite header' } },
    // SQLite names its side files `<database>-wal`, `-shm`, `-journal`: beside them, `app.db` is the
    // database itself (recorded: sqlite3 in WAL mode leaves app.db, app.db-wal, app.db-shm), not a
    // neighbour. Windows' thumbnail caches stay OS junk.
    owns: ['*.sqlite', '*.sqlite3', '*.sqlite-*', '*.sqlite3-*', '*.db-wal', '*.db-shm', '*.db-journal', '!(Thumbs|ehthumbs|ehthumbs_vista).db'],
  },
  {
    id: 'duckdb',
    name: 'DuckDB',
    signatures: [['*.duckdb'], ['*.duckdb.wal']],
    keywords: ['duckdb'],
    owns: ['*.duckdb', '*.duckdb.wal', '*.duckdb.tmp/**'],
  },
  {
    // Ethereum node data (geth's datadir): LevelDB stores, the freezer, the node's key, and the
    // keystore of account keys beside them. Before LevelDB, which would claim only chaindata/.
    id: 'ethereum',
    name: 'Ethereum node (geth)',
    // A node's data folder is a store by its chain database; a node key or a keystore on its own
    // is a secret (credentials-file), not a store.
    signatures: [
      ['geth/chaindata/'],
      ['geth/lightchaindata/'],
      ['chaindata/', 'nodes/'],
      ['chaindata/', 'nodekey'],
      ['lightchaindata/', 'nodekey'],
      ['lightchaindata/', 'nodes/'],
      ['chaindata/ancient/'],
      ['nodekey', 'transactions.rlp'],
    ],
    parts: { chaindata: [['ancient/'], ['CURRENT', 'MANIFEST-*'], ['MANIFEST-*', '*.ldb']] },
    keywords: ['ethereum', 'geth', 'go-ethereum', 'web3'],
    owns: ['geth/**', 'keystore/**', 'geth.ipc', 'chaindata/**', 'lightchaindata/**', 'nodes/**', 'nodekey', 'LOCK', 'transactions.rlp', 'triecache/**', 'blobpool/**', 'ancient/**', 'jwtsecret'],
  },
  {
    id: 'leveldb',
    name: 'LevelDB / RocksDB',
    signatures: [
      ['CURRENT', 'MANIFEST-*'],
      ['MANIFEST-*', '*.ldb'],
      ['MANIFEST-*', '*.sst'],
      ['OPTIONS-*', '*.sst'],
      ['IDENTITY', '*.sst'],
      ['LOCK', 'MANIFEST-*'],
      // A copy that lost CURRENT and MANIFEST: the numbered tables, or the info log and its write-ahead log.
      ['[0-9][0-9][0-9][0-9][0-9][0-9].ldb'],
      ['=LOG', '[0-9][0-9][0-9][0-9][0-9][0-9].log'],
      ['=LOG', 'LOCK'],
    ],
    content: {
      CURRENT: { test: (b) => /^MANIFEST-\d+\r?\n?$/.test(latin(b, 64)), says: 'CURRENT names a MANIFEST', decides: true },
      LOG: {
        // leveldb's and RocksDB's info logs, and goleveldb's (which opens each session with a legend line).
        test: (b) => /log@legend|Recovering log #|Creating manifest|Delete type=|RocksDB version:|DB SUMMARY|Level-0 table #/.test(latin(b)),
        says: 'LOG is the engine’s info log',
        decides: true,
      },
    },
    keywords: ['leveldb', 'rocksdb', 'levelup', 'goleveldb', 'pebble'],
    owns: ['CURRENT', 'CURRENT.bak', 'LOCK', 'LOG', 'LOG.old*', 'MANIFEST-*', '*.ldb', '*.sst', '*.log', 'OPTIONS-*', 'IDENTITY', '*.blob'],
  },
  {
    id: 'badger',
    name: 'Badger',
    signatures: [['KEYREGISTRY'], ['MANIFEST', '*.vlog'], ['=MANIFEST', '*.sst'], ['*.vlog', '*.sst']],
    content: { MANIFEST: { test: (b) => latin(b, 4) === 'Bdgr', says: 'MANIFEST starts with Badger’s magic', decides: true } },
    keywords: ['badger'],
    owns: ['KEYREGISTRY', 'MANIFEST', '*.vlog', '*.sst', 'LOCK', 'DISCARD', '*.mem'],
  },
  {
    id: 'lmdb',
    name: 'LMDB',
    // data.mdb alone is also a common name for a Microsoft Access database: its bytes decide.
    signatures: [['data.mdb', 'lock.mdb'], ['=data.mdb'], ['lock.mdb']],
    content: { 'data.mdb': { test: lmdbMagic, says: 'data.mdb carries the LMDB magic', decides: true } },
    keywords: ['lmdb'],
    owns: ['data.mdb', 'lock.mdb'],
  },
  {
    id: 'chronograf',
    name: 'Chronograf',
    signatures: [['chronograf-v1.db'], ['=chronograf*.db']],
    content: { 'chronograf*.db': { test: boltMagic, says: 'the file is a BoltDB database', decides: true } },
    keywords: ['chronograf'],
    owns: ['chronograf-v1.db', 'chronograf*.db', 'chronograf*.db.bak', 'canned/**'],
  },
  {
    id: 'bolt',
    name: 'BoltDB / bbolt',
    signatures: [['*.bolt'], ['*.boltdb'], ['=*.db']],
    content: {
      '*.db': { test: boltMagic, says: 'the file carries the BoltDB magic', decides: true },
      '*.bolt?(db)': { test: boltMagic, says: 'the file carries the BoltDB magic' },
    },
    keywords: ['bolt', 'bbolt'],
    owns: ['*.bolt', '*.boltdb', '*.bolt.lock'],
    // A .db file is the store's only when its bytes say BoltDB (the signature read them).
    ownsAlso: (rel) => rel.endsWith('.db') && !rel.includes('/'),
  },
  {
    id: 'h2',
    name: 'H2',
    signatures: [['*.mv.db'], ['*.h2.db']],
    content: { '*.mv.db': { test: (b) => latin(b, 8).startsWith('H:2,'), says: 'the file starts with the H2 store header' } },
    keywords: ['h2database', 'com.h2'],
    owns: ['*.mv.db', '*.h2.db', '*.trace.db', '*.lock.db', '*.tempFile'],
  },
  {
    id: 'hsqldb',
    name: 'HSQLDB',
    // <name>.properties and <name>.script, the pair HSQLDB writes for every database.
    signatures: [['=*.properties', '*.script'], ['=*.script', '*.properties']],
    content: {
      '*.properties': { test: (b) => /^#HSQL Database Engine/m.test(latin(b, 256)) || /hsqldb\.(version|script_format)/.test(latin(b)), says: '.properties is HSQLDB’s', decides: true },
      '*.script': { test: (b) => /^(SET DATABASE |CREATE SCHEMA PUBLIC AUTHORIZATION DBA|CREATE USER SA PASSWORD)/m.test(latin(b)), says: '.script is an HSQLDB script log', decides: true },
    },
    keywords: ['hsqldb'],
    owns: ['*.script', '*.data', '*.backup', '*.lck', '*.lobs', '*.tmp/**'],
    // The .properties and .log of a database are named after its .script; other properties files are the project's.
    ownsAlso: (rel, dir, inv) => {
      const m = /^([^/]+)\.(properties|log)$/.exec(rel);
      return Boolean(m && inv.dirs.get(dir)?.names.has(`${m[1]}.script`));
    },
  },
  {
    id: 'derby',
    name: 'Apache Derby',
    signatures: [['seg0/', 'service.properties'], ['log/log.ctrl', 'service.properties'], ['seg0/c*.dat'], ['log/log.ctrl', 'log/log*.dat']],
    parts: { seg0: [['c+([0-9a-f]).dat']] },
    content: { 'service.properties': { test: (b) => /derby\./i.test(latin(b)), says: 'service.properties is Derby’s', decides: true } },
    keywords: ['derby'],
    owns: ['seg0/**', 'log/**', 'service.properties', 'db.lck', 'dbex.lck', 'tmp/**', 'README_DO_NOT_TOUCH_FILES.txt', 'jar/**'],
  },
  {
    id: 'elasticsearch',
    name: 'Elasticsearch / OpenSearch',
    signatures: [
      ['nodes/*/_state/'],
      ['nodes/*/node.lock'],
      ['nodes/', 'node.lock'],
      ['_state/', 'node.lock'],
      ['_state/', 'indices/'],
      ['segments_*', 'write.lock'],
      ['indices/*/_state/'],
      ['indices/*/+([0-9])/index/'],
      ['translog/translog.ckp'],
    ],
    content: { 'segments_*': { test: luceneMagic, says: 'segments_N carries Lucene’s codec header' } },
    keywords: ['elasticsearch', 'opensearch', 'lucene'],
    owns: ['nodes/**', '_state/**', 'indices/**', 'node.lock', 'snapshot_cache/**', 'segments_*', 'write.lock', 'translog/**', '*.cfs', '*.cfe', '*.si', '*.fdt', '*.fdx', '*.fnm', '*.tim', '*.tip', '*.doc', '*.pos', '*.dvd', '*.dvm', '*.nvd', '*.nvm', '*.kdd', '*.kdi', '*.kdm', '*.fdm', '*.tmd', '*.vec', '*.vem', '*.liv', '*.pay'],
  },
  {
    // A Solr core's data folder (or any Lucene index beside its transaction log).
    id: 'solr',
    name: 'Solr / Lucene index',
    signatures: [['index/segments_*'], ['index/write.lock', 'tlog/'], ['tlog/tlog.+([0-9])'], ['=segments_*'], ['segments_*', '*.si']],
    content: {
      'segments_*': { test: luceneMagic, says: 'segments_N carries Lucene’s codec header' },
      '*.si': { test: luceneMagic, says: '.si files carry Lucene’s codec header' },
    },
    keywords: ['solr', 'lucene'],
    owns: ['index/**', 'tlog/**', 'snapshot_metadata/**', 'replication.properties', 'index.properties', 'spellchecker/**', 'segments_*', 'write.lock', '*.cfs', '*.cfe', '*.si', '*.fdt', '*.fdx', '*.fnm', '*.tim', '*.tip', '*.doc', '*.pos', '*.pay', '*.dvd', '*.dvm', '*.nvd', '*.nvm', '*.kdd', '*.kdi', '*.kdm', '*.fdm', '*.tmd', '*.liv'],
  },
  {
    id: 'couchdb',
    name: 'CouchDB',
    signatures: [['*.couch'], ['.shards/'], ['shards/*-*/*.couch']],
    keywords: ['couch', 'pouchdb'],
    // View indexes live in `.<db>_design/mrview/*.view` beside the database files.
    owns: ['*.couch', '.shards/**', 'shards/**', '.delete/**', '_dbs.couch', '_nodes.couch', '.*_design/**', '*.view', 'couch.uri', 'couchdb.pid'],
  },
  {
    id: 'neo4j',
    name: 'Neo4j',
    signatures: [
      ['neostore'],
      ['neostore.*'],
      ['databases/*/neostore*'],
      ['transactions/*/neostore.transaction.db.*'],
      ['databases/store_lock'],
      ['dbms/auth', 'databases/'],
    ],
    keywords: ['neo4j'],
    owns: ['neostore*', 'schema/**', 'profiles/**', 'database_lock', 'store_lock', '*.id', 'databases/**', 'transactions/**', 'dbms/**', 'cluster-state/**', 'server_id', 'index/**', 'messages.log'],
  },
  {
    id: 'rethinkdb',
    name: 'RethinkDB',
    // rethinkdb_data/: metadata, log_file, tmp/, and one file per table named by its UUID.
    signatures: [['metadata', 'log_file']],
    content: { log_file: { test: (b) => /rethinkdb|Running on|Listening for/i.test(latin(b)), says: 'log_file is RethinkDB’s log' } },
    keywords: ['rethinkdb'],
    owns: ['metadata', 'log_file', 'tmp/**', '????????-????-????-????-????????????'],
  },
  {
    id: 'cassandra',
    name: 'Cassandra',
    signatures: [['*-Data.db'], ['commitlog/CommitLog-*'], ['commitlog/', 'saved_caches/']],
    keywords: ['cassandra', 'scylla'],
    owns: ['*-Data.db', '*-Index.db', '*-Filter.db', '*-Statistics.db', '*-Summary.db', '*-TOC.txt', '*-CompressionInfo.db', '*-Digest.crc32', '*-Partitions.db', '*-Rows.db', 'commitlog/**', 'saved_caches/**', 'hints/**', 'data/**'],
  },
  {
    id: 'influxdb',
    name: 'InfluxDB',
    signatures: [
      ['*.tsm'],
      ['_series/'],
      ['*.tsl'],
      ['meta/meta.db'],
      ['influxd.bolt'],
      ['engine/data/'],
      ['_[0-9][0-9][0-9][0-9][0-9].wal'],
    ],
    content: { '*.tsm': { test: (b) => at(b, 0, [0x16, 0xd1, 0x16, 0xd1]), says: '.tsm files start with the TSM magic' } },
    keywords: ['influx'],
    owns: ['*.tsm', '*.tsm.tmp', '*.tsl', '*.tsi', '_series/**', 'fields.idx', 'index/**', 'data/**', 'wal/**', 'meta/**', 'engine/**', 'influxd.bolt', 'influxd.sqlite', 'replicationq/**', '_*.wal', 'meta.db'],
  },
  {
    id: 'prometheus',
    name: 'Prometheus TSDB',
    signatures: [
      ['chunks_head/'],
      ['queries.active', 'wal/'],
      ['wal/checkpoint.+([0-9])/'],
      // A block folder on its own (a data folder of blocks only gives one finding per block).
      ['=meta.json', 'index', 'chunks/'],
    ],
    content: {
      'meta.json': { test: (b) => /"ulid"\s*:/.test(latin(b)) && /"minTime"\s*:/.test(latin(b)), says: 'meta.json describes a TSDB block', decides: true, where: ULID },
    },
    keywords: ['prometheus', 'tsdb', 'thanos', 'cortex'],
    owns: ['wal/**', 'chunks_head/**', 'lock', 'queries.active', 'meta.json', 'index', 'chunks/**', 'tombstones'],
    ownsAlso: (rel) => ULID.test(rel.split('/')[0] ?? ''),
  },
  {
    id: 'etcd',
    name: 'etcd',
    signatures: [['member/snap/'], ['member/wal/'], ['snap/db'], ['wal/+([0-9a-f])-+([0-9a-f]).wal']],
    parts: { member: [['snap/'], ['wal/']] },
    content: { db: { test: boltMagic, says: 'snap/db is a BoltDB file', where: /^snap$/ } },
    keywords: ['etcd', 'hashicorp/raft'],
    // etcd --auto-tls writes its certificates and keys into <data-dir>/fixtures.
    owns: ['member/**', 'snap/**', 'wal/**', 'fixtures/**'],
  },
  {
    id: 'minio',
    name: 'MinIO',
    // By its format and buckets: a lone config/ holds only the server's keys (credentials-file).
    signatures: [['.minio.sys/format.json'], ['.minio.sys/buckets/']],
    parts: { '.minio.sys': [['format.json'], ['buckets/']] },
    content: { 'format.json': { test: (b) => /"format"\s*:\s*"(fs|xl|xl-single)"/.test(latin(b)), says: 'format.json is MinIO’s', decides: true, where: /^\.minio\.sys$/ } },
    keywords: ['minio'],
    // In erasure-coded mode every object is a folder of xl.meta and part.N files.
    owns: ['.minio.sys/**', '*/**/xl.meta', '*/**/part.+([0-9])'],
  },
  {
    id: 'grafana',
    name: 'Grafana',
    signatures: [['grafana.db']],
    content: { 'grafana.db': { test: SQLITE_HEAD, says: 'grafana.db is a SQLite database' } },
    keywords: ['grafana'],
    // Grafana's data folder: the database, sessions, rendered images, alerting state, and the
    // plugins it downloaded (a built plugin: module.js or MANIFEST.txt, no sources of its own).
    owns: ['grafana.db', 'grafana.db-*', 'sessions/**', 'png/**', 'alerting/**', 'dashboards/*.json.bak'],
    ownsAlso: (rel, dir, inv) => {
      const m = /^plugins\/([^/]+)\//.exec(rel);
      if (!m) return false;
      const plugin = inv.dirs.get(dir ? `${dir}/plugins/${m[1]}` : `plugins/${m[1]}`);
      if (!plugin) return false;
      const built = plugin.names.has('MANIFEST.txt') || plugin.names.has('module.js') || plugin.children.has('dist');
      const source = plugin.children.has('src') || plugin.names.has('package.json');
      return built && !source;
    },
  },
  {
    id: 'kafka',
    name: 'Kafka',
    signatures: [
      ['recovery-point-offset-checkpoint'],
      ['replication-offset-checkpoint'],
      ['log-start-offset-checkpoint'],
      ['cleaner-offset-checkpoint'],
      ['=meta.properties'],
      ['__consumer_offsets-*/'],
      ['__cluster_metadata-*/'],
      ['leader-epoch-checkpoint', '+([0-9]).timeindex'],
      ['+([0-9]).index', '+([0-9]).timeindex'],
    ],
    content: { 'meta.properties': { test: (b) => /^(broker\.id|node\.id|cluster\.id)=/m.test(latin(b)), says: 'meta.properties names a broker', decides: true } },
    keywords: ['kafka', 'redpanda'],
    owns: ['meta.properties', '*-checkpoint', '.lock', '*-+([0-9])/**', '+([0-9]).log', '+([0-9]).index', '+([0-9]).timeindex', '+([0-9]).snapshot', '+([0-9]).txnindex', 'partition.metadata', 'bootstrap.checkpoint', '*.deleted'],
  },
  {
    id: 'zookeeper',
    name: 'ZooKeeper',
    signatures: [['version-2/log.*'], ['version-2/snapshot.*'], ['version-2/acceptedEpoch'], ['version-2/currentEpoch']],
    parts: { 'version-2': [['log.+([0-9a-f])'], ['snapshot.+([0-9a-f])'], ['acceptedEpoch'], ['currentEpoch']] },
    content: {
      'log.*': { test: (b) => latin(b, 4) === 'ZKLG', says: 'log.N starts with ZKLG', decides: true, where: /^version-2$/ },
      'snapshot.*': { test: (b) => latin(b, 4) === 'ZKSN', says: 'snapshot.N starts with ZKSN', decides: true, where: /^version-2$/ },
    },
    keywords: ['zookeeper', 'curator'],
    owns: ['version-2/**', 'myid', 'zookeeper_server.pid'],
  },
  {
    id: 'rabbitmq',
    name: 'RabbitMQ (Mnesia)',
    signatures: [['schema.DAT'], ['*.DCD'], ['*.DCL'], ['LATEST.LOG', 'DECISION_TAB.LOG'], ['rabbit@*/schema.DAT'], ['rabbit@*/msg_stores/'], ['mnesia/rabbit@*/']],
    keywords: ['rabbitmq', 'mnesia'],
    owns: ['*.DAT', '*.DCD', '*.DCL', '*.LOG', '*.dets', 'cluster_nodes.config', 'nodes_running_at_shutdown', 'msg_stores/**', 'quorum/**', 'coordination/**', 'rabbit@*/**', 'rabbit@*', 'mnesia/**', '.erlang.cookie'],
  },
  {
    id: 'realm',
    name: 'Realm',
    signatures: [['*.realm'], ['*.realm.lock'], ['*.realm.management/']],
    content: { '*.realm': { test: (b) => latin(b, 20).slice(16) === 'T-DB', says: '.realm files carry Realm’s T-DB header' } },
    keywords: ['realm'],
    owns: ['*.realm', '*.realm.lock', '*.realm.note', '*.realm.management/**', '*.realm.fresh.lock'],
  },
  {
    id: 'sqlserver',
    name: 'SQL Server',
    signatures: [['*.mdf'], ['*.ldf'], ['*.ndf']],
    keywords: ['mssql', 'sqlserver'],
    owns: ['*.mdf', '*.ldf', '*.ndf'],
  },
  {
    id: 'access',
    name: 'Microsoft Access',
    // `*.mdb` alone is also Mono's debug-symbol file (`Foo.dll.mdb`, listed by Unity's gitignore).
    signatures: [['*.accdb'], ['*.laccdb'], ['!(*.dll|*.exe).mdb']],
    keywords: ['msaccess', 'jackcess', 'mdbtools', 'access-db'],
    owns: ['*.accdb', '*.laccdb', '!(*.dll|*.exe).mdb', '*.ldb'],
  },
];
