// A MongoDB (WiredTiger) dbpath as `mongod --dbpath mongo_files` leaves it. MongoDB cannot be
// installed on our build machines, so the layout is rebuilt from public sources:
// - file names: MongoDB manual, "Storage / WiredTiger" and `--dbpath`; the names committed in
//   public repositories (mtgred/netrunner PR #3227: WiredTigerLAS.wt, _mdb_catalog.wt,
//   collection-*.wt, index-*.wt, storage.bson, journal/, diagnostic.data/);
// - contents: WiredTiger's source (`WiredTiger` and `WiredTiger.lock` are short text files,
//   `WiredTiger.turtle` is the text metadata "WiredTiger version string…", each `.wt` file
//   starts with a block-manager descriptor whose magic number is 120897, little-endian).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const VERSION = 'WiredTiger 11.2.0: (November 10, 2022)';

/** A `.wt` file: a 4 KiB descriptor block (magic 120897, major 1, minor 0) then zeroed pages. */
function wtFile(bytes) {
  const buf = Buffer.alloc(bytes);
  buf.writeUInt32LE(120897, 0);
  buf.writeUInt16LE(1, 4);
  buf.writeUInt16LE(0, 6);
  for (let i = 4096; i < bytes; i += 4096) buf.write('WT page', i); // not all zero, like real pages
  return buf;
}

/** A minimal BSON document `{ storage: { engine: "wiredTiger" } }`, as storage.bson holds. */
function storageBson() {
  const str = Buffer.from('wiredTiger\0');
  const inner = Buffer.concat([Buffer.from([0x02]), Buffer.from('engine\0'), u32(str.length), str]);
  const innerDoc = Buffer.concat([u32(inner.length + 5), inner, Buffer.from([0])]);
  const outer = Buffer.concat([Buffer.from([0x03]), Buffer.from('storage\0'), innerDoc]);
  return Buffer.concat([u32(outer.length + 5), outer, Buffer.from([0])]);
}
function u32(n) {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}

/** Files relative to the dbpath, with their contents. `scale` shrinks the big files for tests. */
export function mongoDbPathFiles({ scale = 1 } = {}) {
  const kb = (n) => Math.max(4096, Math.round(n * 1024 * scale));
  return {
    WiredTiger: `${VERSION}\n`.replace(/^/, 'WiredTiger\n'),
    'WiredTiger.lock': 'WiredTiger lock file\n',
    'WiredTiger.turtle': `WiredTiger version string\n${VERSION}\nWiredTiger version\nmajor=11,minor=2,patch=0\nfile:WiredTiger.wt\naccess_pattern_hint=none,allocation_size=4KB,app_metadata=,block_allocation=best,block_compressor=,checksum=on\n`,
    'WiredTiger.wt': wtFile(kb(68)),
    'WiredTigerHS.wt': wtFile(kb(4)),
    '_mdb_catalog.wt': wtFile(kb(36)),
    'sizeStorer.wt': wtFile(kb(36)),
    'storage.bson': storageBson(),
    'mongod.lock': '',
    'collection-0-2398563456278634.wt': wtFile(kb(20)),
    'collection-2-2398563456278634.wt': wtFile(kb(36)),
    'collection-4-2398563456278634.wt': wtFile(kb(212)),
    'index-1-2398563456278634.wt': wtFile(kb(20)),
    'index-3-2398563456278634.wt': wtFile(kb(36)),
    'index-5-2398563456278634.wt': wtFile(kb(60)),
    'journal/WiredTigerLog.0000000001': wtFile(kb(1024)),
    'journal/WiredTigerPreplog.0000000001': wtFile(kb(1024)),
    'diagnostic.data/metrics.2022-02-22T18-30-01Z-00000': wtFile(kb(96)),
    'diagnostic.data/metrics.interim': wtFile(kb(12)),
  };
}

export function writeMongoDbPath(dir, opts) {
  for (const [name, content] of Object.entries(mongoDbPathFiles(opts))) {
    const file = join(dir, name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}
