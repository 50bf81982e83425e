// Content with the headers real tools write, and shorthands for labelled entries: shared by the
// hand-made scenarios (scenarios.ts) and the layouts copied from real repositories (real/).
import type { Content, Entry, Label } from './scenarios.js';

export const pad = (head: Buffer, size: number, fill = 0x41): Buffer => Buffer.concat([head, Buffer.alloc(Math.max(0, size - head.length), fill)]);
export const elf = (type: number, size = 16_000): Buffer => pad(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, type, 0, 0x3e, 0, 1, 0, 0, 0]), size, 0);
export const SQLITE = pad(Buffer.from('SQLite format 3\0\x10\0\x01\x01\0\x40\x20\x20', 'latin1'), 8192, 0);
export const ELF_EXEC = elf(2);
export const ELF_PIE = elf(3);
export const ELF_CORE = elf(4, 40_000);
export const MACHO = pad(Buffer.from([0xcf, 0xfa, 0xed, 0xfe, 0x07, 0x00, 0x00, 0x01, 0x03, 0, 0, 0, 0x02, 0, 0, 0]), 30_000, 0);
export const GZIP = pad(Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0, 3]), 5000, 7);
export const RDB = pad(Buffer.from('REDIS0011\xfa\x09redis-ver\x057.2.4', 'latin1'), 2000, 0);
export const DUCKDB = pad(Buffer.concat([Buffer.alloc(8), Buffer.from('DUCK\x40\0\0\0', 'latin1')]), 12_288, 0);
export const MINIDUMP = pad(Buffer.from('MDMP\x93\xa7\0\0', 'latin1'), 9000, 0);
export const PNG = pad(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 3000, 0);
export const ZIP = pad(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]), 3000, 0);
export const WT = pad(Buffer.from([0x41, 0xd8, 0x01, 0x00, 1, 0, 0, 0]), 4096, 0);
export const PEM_KEY = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----\n';
export const RSA_KEY = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6\n-----END RSA PRIVATE KEY-----\n';
export const OPENSSH_KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----\n';
export const CERT = '-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ\n-----END CERTIFICATE-----\n';
export const CLASS = pad(Buffer.from([0xca, 0xfe, 0xba, 0xbe, 0x00, 0x00, 0x00, 0x41]), 900, 0);
export const PYC = pad(Buffer.from([0xcb, 0x0d, 0x0d, 0x0a, 0, 0, 0, 0]), 600, 0);
export const MB = 1024 * 1024;

export const L = (content?: Content): Entry => (content === undefined ? { label: 'legit' } : { label: 'legit', content });
export const C = (label: Exclude<Label, 'legit'>, content?: Content): Entry => (content === undefined ? { label } : { label, content });
export const under = (dir: string, files: Record<string, Content>, label: Label): Record<string, Entry> =>
  Object.fromEntries(Object.entries(files).map(([p, content]) => [`${dir}/${p}`, { label, content }]));

// Store files as their engines write them (headers from each engine's source; see src/rules/engines.ts).
/** LMDB's data.mdb: a 16-byte page header, then MDB_MAGIC 0xBEEFC0DE and the format version. */
export const LMDB_DATA = pad(Buffer.from([...Array(16).fill(0), 0xde, 0xc0, 0xef, 0xbe, 1, 0, 0, 0]), 8192, 0);
export const LMDB_LOCK = pad(Buffer.from([0xde, 0xc0, 0xef, 0xbe, 2, 0, 0, 0]), 8192, 0);
/** BoltDB/bbolt: a 16-byte page header, then the magic 0xED0CDAED (etcd's snap/db, Chronograf's database). */
export const BOLT = pad(Buffer.from([...Array(16).fill(0), 0xed, 0xda, 0x0c, 0xed, 2, 0, 0, 0, 0, 0x10, 0, 0]), 16_384, 0);
export const WT_TURTLE = 'WiredTiger version string\nWiredTiger 10.0.2: (December 21, 2021)\nWiredTiger version\nmajor=10,minor=0,patch=2\n';
export const WT_BANNER = 'WiredTiger\nWiredTiger 10.0.2: (December 21, 2021)\n';
export const LEVELDB_CURRENT = (n: number): string => `MANIFEST-${String(n).padStart(6, '0')}\n`;
/** goleveldb's info log (geth's chaindata): each session opens with a legend line. */
export const GOLEVELDB_LOG = '=============== Aug 2, 2020 (UTC) ===============\n18:42:32.489186 log@legend F·NumFile S·FileSize N·Entry C·BadEntry B·BadBlock Ke·KeyError D·DroppedEntry L·Level Q·SeqNum T·TimeElapsed\n18:42:32.493621 db@open opening\n';
export const LDB = pad(Buffer.from([0x00, 0x01, 0x02, 0x88, 0x01]), 2048, 7);
/** Badger's MANIFEST starts with the magic text "Bdgr" and a version. */
export const BADGER_MANIFEST = pad(Buffer.from('Bdgr\x00\x00\x00\x08', 'latin1'), 600, 0);
export const SQLITE_GRAFANA = SQLITE;
export const JSON_FS = (format: string): string => `{"version":"1","format":"${format}","id":"d5bb2d2e-7e3a-4f3b-9d55-0e4bb58f4b21","fs":{"version":"2"}}`;
/** ZooKeeper's snapshot and transaction log files open with their magic (FileSnap, FileTxnLog). */
export const ZK_SNAPSHOT = pad(Buffer.from('ZKSN\x00\x00\x00\x02', 'latin1'), 800, 0);
export const ZK_LOG = pad(Buffer.from('ZKLG\x00\x00\x00\x02', 'latin1'), 800, 0);
/** A Prometheus TSDB block's meta.json, as `prometheus` writes it on compaction. */
export const PROM_META = (ulid: string): string =>
  `{\n\t"ulid": "${ulid}",\n\t"minTime": 1746230400000,\n\t"maxTime": 1746237600000,\n\t"stats": {\n\t\t"numSamples": 36000\n\t},\n\t"compaction": {\n\t\t"level": 1\n\t},\n\t"version": 1\n}`;
/** A Realm file: a 16-byte header of top-ref pointers, then the mnemonic T-DB and the file format. */
export const REALM = pad(Buffer.concat([Buffer.alloc(16), Buffer.from('T-DB\x16\x16\x00\x00', 'latin1')]), 4096, 0);
/** Lucene index files (segments_N, .si, .cfs, .cfe) open with CodecUtil's magic 0x3FD76C17 and the codec name. */
export const LUCENE = (codec: string): Buffer => pad(Buffer.concat([Buffer.from([0x3f, 0xd7, 0x6c, 0x17, codec.length]), Buffer.from(codec, 'latin1')]), 1200, 0);
/** A CouchDB database file: header blocks every 4 KiB, each opening with the byte 1. */
export const COUCH = pad(Buffer.from([1, 0, 0, 0, 0x44, 0x83, 0x68]), 8192, 0);
