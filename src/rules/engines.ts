// Database engines and the files their servers write, from PRODUCT.md's table (each name is
// what the server itself creates in its data directory).
//
// signatures: the directory belongs to the engine when every marker of any one signature is
//   present. A marker is a glob relative to the directory: `name` a file, `name/` a
//   sub-directory, `sub/name` a file inside a sub-directory. Globs are case-sensitive, so a
//   driver's `wiredtiger_open.c` or a `db/` of migrations never matches.
// owns: which files of that directory are the engine's (globs relative to it). Files it does not
//   own are neighbours (a `mongod.conf`, an `init-mongo.js`, a README) and stay out of the finding.

export interface Engine {
  id: string;
  name: string;
  signatures: string[][];
  owns: string[];
}

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
      ['journal/WiredTigerLog.*'],
      ['journal/WiredTigerPreplog.*'],
      ['diagnostic.data/metrics.*'],
    ],
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
    ],
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
    owns: ['dump.rdb', '*.rdb', 'appendonly.aof', '*.aof', 'appendonlydir/**', 'temp-*.rdb', 'nodes.conf'],
  },
  {
    id: 'sqlite',
    name: 'SQLite',
    signatures: [['*.sqlite'], ['*.sqlite3'], ['*.db-wal'], ['*.db-shm'], ['*.db-journal'], ['*.sqlite-wal'], ['*.sqlite3-wal'], ['*.sqlite-journal'], ['*.sqlite3-journal']],
    // SQLite names its side files `<database>-wal`, `-shm`, `-journal`: beside them, `app.db` is the
    // database itself (recorded: sqlite3 in WAL mode leaves app.db, app.db-wal, app.db-shm), not a
    // neighbour. Windows' thumbnail caches stay OS junk.
    owns: ['*.sqlite', '*.sqlite3', '*.sqlite-*', '*.sqlite3-*', '*.db-wal', '*.db-shm', '*.db-journal', '!(Thumbs|ehthumbs|ehthumbs_vista).db'],
  },
  {
    id: 'duckdb',
    name: 'DuckDB',
    signatures: [['*.duckdb'], ['*.duckdb.wal']],
    owns: ['*.duckdb', '*.duckdb.wal', '*.duckdb.tmp/**'],
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
    ],
    owns: ['CURRENT', 'LOCK', 'LOG', 'LOG.old*', 'MANIFEST-*', '*.ldb', '*.sst', '*.log', 'OPTIONS-*', 'IDENTITY', '*.blob'],
  },
  {
    id: 'lmdb',
    name: 'LMDB',
    signatures: [['data.mdb'], ['lock.mdb']],
    owns: ['data.mdb', 'lock.mdb'],
  },
  {
    id: 'h2',
    name: 'H2',
    signatures: [['*.mv.db'], ['*.h2.db']],
    owns: ['*.mv.db', '*.h2.db', '*.trace.db', '*.lock.db', '*.tempFile'],
  },
  {
    id: 'derby',
    name: 'Apache Derby',
    signatures: [['seg0/', 'service.properties'], ['log/log.ctrl', 'service.properties']],
    owns: ['seg0/**', 'log/**', 'service.properties', 'db.lck', 'dbex.lck', 'tmp/**', 'README_DO_NOT_TOUCH_FILES.txt'],
  },
  {
    id: 'elasticsearch',
    name: 'Elasticsearch / OpenSearch',
    signatures: [
      ['nodes/*/_state/'],
      ['nodes/', 'node.lock'],
      ['_state/', 'node.lock'],
      ['_state/', 'indices/'],
      ['segments_*', 'write.lock'],
    ],
    owns: ['nodes/**', '_state/**', 'indices/**', 'node.lock', 'snapshot_cache/**', 'segments_*', 'write.lock', '*.cfs', '*.cfe', '*.si', '*.fdt', '*.fdx', '*.fnm', '*.tim', '*.tip', '*.doc', '*.pos', '*.dvd', '*.dvm', '*.nvd', '*.nvm', '*.kdd', '*.kdi', '*.kdm', '*.fdm', '*.tmd', '*.vec', '*.vem', '*.liv'],
  },
  {
    id: 'couchdb',
    name: 'CouchDB',
    signatures: [['*.couch'], ['.shards/']],
    owns: ['*.couch', '.shards/**', 'shards/**', '.delete/**', '_dbs.couch', '_nodes.couch'],
  },
  {
    id: 'neo4j',
    name: 'Neo4j',
    signatures: [['neostore'], ['neostore.*']],
    owns: ['neostore*', 'schema/**', 'profiles/**', 'database_lock', 'store_lock', '*.id'],
  },
  {
    id: 'cassandra',
    name: 'Cassandra',
    signatures: [['*-Data.db'], ['commitlog/CommitLog-*'], ['commitlog/', 'saved_caches/']],
    owns: ['*-Data.db', '*-Index.db', '*-Filter.db', '*-Statistics.db', '*-Summary.db', '*-TOC.txt', '*-CompressionInfo.db', '*-Digest.crc32', '*-Partitions.db', '*-Rows.db', 'commitlog/**', 'saved_caches/**', 'hints/**', 'data/**'],
  },
  {
    id: 'influxdb',
    name: 'InfluxDB',
    signatures: [['*.tsm'], ['_series/'], ['*.tsl']],
    owns: ['*.tsm', '*.tsl', '*.tsi', '_series/**', 'fields.idx', 'index/**'],
  },
  {
    id: 'etcd',
    name: 'etcd',
    signatures: [['member/snap/'], ['member/wal/'], ['snap/db']],
    owns: ['member/**', 'snap/**', 'wal/**'],
  },
  {
    id: 'realm',
    name: 'Realm',
    signatures: [['*.realm'], ['*.realm.lock']],
    owns: ['*.realm', '*.realm.lock', '*.realm.note', '*.realm.management/**', '*.realm.fresh.lock'],
  },
  {
    id: 'sqlserver',
    name: 'SQL Server',
    signatures: [['*.mdf'], ['*.ldf'], ['*.ndf']],
    owns: ['*.mdf', '*.ldf', '*.ndf'],
  },
  {
    id: 'access',
    name: 'Microsoft Access',
    // `*.mdb` alone is also Mono's debug-symbol file (`Foo.dll.mdb`, listed by Unity's gitignore).
    signatures: [['*.accdb'], ['*.laccdb'], ['!(*.dll|*.exe).mdb']],
    owns: ['*.accdb', '*.laccdb', '!(*.dll|*.exe).mdb', '*.ldb'],
  },
];
