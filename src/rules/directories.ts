// Directories recognised by what they contain: database working directories (by the marker
// files their servers write) and dependency trees (by name or, for virtualenvs, by markers).
import { gitignorePattern, inexpressiblePath } from '../text.js';
import { baseName, dirsOutermostFirst, factsUnder, inTestFixtures, isUnexpandedDir, parentOf, someUnder } from '../facts/inventory.js';
import type { FileFact, Hit, Inventory, Needs, Probe, Rule, RuleContext } from '../model.js';
import { type ContentCheck, DATABASE_ENGINES, type Engine } from './engines.js';
import { type HintSource, nameHints } from '../facts/hints.js';
import { micromatch } from './micromatch.js';

const regexCache = new Map<string, RegExp>();
function re(glob: string): RegExp {
  let r = regexCache.get(glob);
  if (!r) {
    r = micromatch().makeRe(glob, { dot: true });
    regexCache.set(glob, r);
  }
  return r;
}
const isGlob = (s: string): boolean => /[*?[\]!()+@{}]/.test(s);

/**
 * What every match of a glob shares: its literal start and end (`collection-*.wt`: `collection-`
 * and `.wt`) and the extension that end implies (`wt`).
 */
interface Ends {
  start: string;
  end: string;
  ext: string | undefined;
}
const globEnds = new Map<string, Ends>();
function ends(glob: string): Ends {
  let e = globEnds.get(glob);
  if (e) return e;
  if (glob.startsWith('!') && !glob.startsWith('!(')) e = { start: '', end: '', ext: undefined }; // negated: nothing shared
  else {
    const first = glob.search(/[*?[\]!()+@{}]/);
    let last = -1;
    for (let i = glob.length - 1; i >= 0 && last < 0; i--) if ('*?[]!()+@{}'.includes(glob.charAt(i))) last = i;
    const end = glob.slice(last + 1);
    const dot = end.lastIndexOf('.');
    e = { start: glob.slice(0, first), end, ext: dot < 0 ? undefined : end.slice(dot + 1) };
  }
  globEnds.set(glob, e);
  return e;
}

/** Extensions (after the last dot) of a directory's names, computed once per directory. */
const extensions = new WeakMap<Set<string>, Set<string>>();
function extensionsOf(names: Set<string>): Set<string> {
  let exts = extensions.get(names);
  if (!exts) {
    exts = new Set();
    for (const n of names) {
      const dot = n.lastIndexOf('.');
      if (dot >= 0) exts.add(n.slice(dot + 1));
    }
    extensions.set(names, exts);
  }
  return exts;
}

// Every marker of every engine is looked for in every directory: a literal is a set lookup, a
// glob whose extension the directory lacks is rejected at once, and a regex runs only on names
// that already have the glob's literal start and end.
function matchAny(names: Set<string>, glob: string): string[] {
  if (!isGlob(glob)) return names.has(glob) ? [glob] : [];
  const { start, end, ext } = ends(glob);
  if (ext !== undefined && !extensionsOf(names).has(ext)) return [];
  const found: string[] = [];
  for (const n of names) if (n.startsWith(start) && n.endsWith(end) && re(glob).test(n)) found.push(n);
  return found;
}

function anyMatch(names: Set<string>, glob: string): boolean {
  if (!isGlob(glob)) return names.has(glob);
  const { start, end, ext } = ends(glob);
  if (ext !== undefined && !extensionsOf(names).has(ext)) return false;
  for (const n of names) if (n.startsWith(start) && n.endsWith(end) && re(glob).test(n)) return true;
  return false;
}

/** Is the marker (see engines.ts) present below `dirPath`? */
const markerParts = new Map<string, string[]>();
export function hasMarker(inv: Inventory, dirPath: string, marker: string): boolean {
  let parts = markerParts.get(marker);
  if (!parts) {
    parts = marker.split('/');
    if (marker.endsWith('/')) parts.pop();
    markerParts.set(marker, parts);
  }
  return markerBelow(inv, dirPath, parts, 0, marker.endsWith('/'));
}

function markerBelow(inv: Inventory, dir: string, parts: string[], i: number, wantsDir: boolean): boolean {
  const summary = inv.dirs.get(dir);
  if (!summary) return false;
  const part = parts[i] ?? '';
  if (i === parts.length - 1) return anyMatch(wantsDir ? summary.children : summary.names, part);
  for (const child of matchAny(summary.children, part)) if (markerBelow(inv, dir ? `${dir}/${child}` : child, parts, i + 1, wantsDir)) return true;
  return false;
}

/** Paths shown for the covered files: `dir/` when a whole directory is covered, else each file. */
export function groupPaths(inv: Inventory, dirPath: string, covered: FileFact[]): string[] {
  const coveredSet = new Set(covered.map((f) => f.path));
  const wholeDirs = new Map<string, boolean>();
  const whole = (d: string): boolean => {
    let w = wholeDirs.get(d);
    if (w === undefined) {
      w = inv.dirs.has(d) && !someUnder(inv, d, (f) => !coveredSet.has(f.path));
      wholeDirs.set(d, w);
    }
    return w;
  };
  if (dirPath && whole(dirPath)) return [`${dirPath}/`];
  const prefix = dirPath ? `${dirPath}/` : '';
  const shown = new Set<string>();
  for (let i = 0; i < covered.length; i++) {
    const f = covered[i] as FileFact;
    const rest = f.path.slice(prefix.length);
    const slash = rest.indexOf('/');
    if (slash >= 0) {
      const sub = prefix + rest.slice(0, slash);
      if (whole(sub)) {
        shown.add(`${sub}/`);
        continue;
      }
    }
    shown.add(f.path);
  }
  return [...shown].sort();
}

// One escaping for every suggested line (src/text.ts): the exact bytes of the name, nothing broader.
const anchored = gitignorePattern;

/**
 * `.gitignore` lines, anchored at the root, for the paths shown to the user. A path no line can
 * name exactly (a line break in it) gets none: `fix` says so rather than write a broader line.
 */
export function gitignoreLines(paths: string[]): string[] {
  return paths.filter((p) => inexpressiblePath(p) === undefined).map(anchored);
}

/** An engine's `owns` glob as a gitignore pattern, or undefined where gitignore cannot say it (extglobs, braces). */
function gitignoreGlob(glob: string): string | undefined {
  if (/[()+@!{}\\]/.test(glob)) return undefined;
  if (glob.endsWith('/**') && !glob.slice(0, -3).includes('**')) return `${glob.slice(0, -3)}/`;
  return glob.includes('**') ? undefined : glob;
}

/**
 * `.gitignore` lines for an engine's files that share their folder with other files (the
 * repository root, a folder with a compose file): the engine's own globs, anchored at that
 * folder, so the files the server writes next (another `collection-*.wt`, a new journal file) are
 * covered too — not 25 lines naming today's files. A glob is used only for files it owns here;
 * files no expressible glob covers keep a literal line each.
 */
function engineIgnoreLines(engine: Engine, dirPath: string, covers: FileFact[]): string[] {
  const prefix = dirPath ? `${dirPath}/` : '';
  const base = dirPath ? anchored(prefix) : '/';
  const left = new Set(covers.map((f) => f.path));
  const lines: string[] = [];
  for (const glob of engine.owns) {
    const line = gitignoreGlob(glob);
    if (line === undefined) continue;
    const r = re(glob);
    let used = false;
    for (const p of left) {
      if (!r.test(p.slice(prefix.length))) continue;
      left.delete(p);
      used = true;
    }
    if (used) lines.push(`${base}${line}`);
  }
  return [...lines, ...[...left].sort().map(anchored)];
}

// ---------------------------------------------------------------------------------------------
// Markers, content and evidence. A marker may carry `=` before its last part (`=meta.json`):
// then it counts only when the bytes of a file it names were read and agree with the engine.

interface Marker {
  /** The marker without its `=`. */
  glob: string;
  parts: string[];
  wantsDir: boolean;
  /** Written with `=`: the content must agree. */
  confirm: boolean;
}
const markers = new Map<string, Marker>();
function parseMarker(m: string): Marker {
  let p = markers.get(m);
  if (!p) {
    const glob = m.replace('=', '');
    const parts = glob.split('/');
    if (glob.endsWith('/')) parts.pop();
    p = { glob, parts, wantsDir: glob.endsWith('/'), confirm: m.includes('=') };
    markers.set(m, p);
  }
  return p;
}

/** Paths (files, or folders for `name/`) below `dir` that a marker names; at most a few. */
function markerPaths(inv: Inventory, dir: string, parts: string[], i: number, wantsDir: boolean, out: string[]): void {
  const summary = inv.dirs.get(dir);
  if (!summary || out.length >= 8) return;
  const part = parts[i] ?? '';
  const prefix = dir ? `${dir}/` : '';
  if (i === parts.length - 1) {
    for (const n of matchAny(wantsDir ? summary.children : summary.names, part)) out.push(prefix + n);
    return;
  }
  for (const child of matchAny(summary.children, part)) markerPaths(inv, prefix + child, parts, i + 1, wantsDir, out);
}

/** The engine's content check for a file, if it has one (by name, and by its folder's name where it says). */
function checkFor(engine: Engine, path: string): ContentCheck | undefined {
  if (!engine.content) return undefined;
  const name = baseName(path);
  for (const key in engine.content) {
    const check = engine.content[key] as ContentCheck;
    if ((isGlob(key) ? re(key).test(name) : key === name) && (!check.where || check.where.test(baseName(parentOf(path))))) return check;
  }
  return undefined;
}

const decidesAnything = (engine: Engine): boolean => Boolean(engine.content && Object.values(engine.content).some((c) => c.decides));

/**
 * Does the marker hold in `dir`? By names; and where the engine reads the files' first bytes, by
 * them: a marker whose files were all read and all contradict a deciding check does not hold.
 */
function markerHolds(inv: Inventory, dir: string, raw: string, engine: Engine, probe: Probe): boolean {
  const m = parseMarker(raw);
  if (!m.confirm && !decidesAnything(engine)) return hasMarker(inv, dir, m.glob);
  const found: string[] = [];
  markerPaths(inv, dir, m.parts, 0, m.wantsDir, found);
  if (found.length === 0) return false;
  if (m.wantsDir) return true;
  for (const path of found) {
    const check = checkFor(engine, path);
    const head = check ? probe.head(path) : undefined;
    if (!check || !head) {
      if (!m.confirm) return true; // nothing read to say otherwise: the name stands
      continue;
    }
    if (check.test(head)) return true;
    if (!m.confirm && !check.decides) return true;
  }
  return false;
}

/** The signatures of `engine` that hold in `dir` (its general ones, and those of a part when the folder is named as one). */
function heldSignatures(inv: Inventory, dirPath: string, engine: Engine, probe: Probe): { held: string[][]; part?: string } {
  const held = engine.signatures.filter((sig) => sig.every((m) => markerHolds(inv, dirPath, m, engine, probe)));
  if (held.length > 0 || !engine.parts || dirPath === '') return { held };
  const name = baseName(dirPath);
  const sigs = engine.parts[name];
  if (!sigs) return { held };
  return { held: sigs.filter((sig) => sig.every((m) => markerHolds(inv, dirPath, m, engine, probe))), part: name };
}

/** Every marker name, file or folder (first part of a path marker), of every engine's general signatures. */
function allMarkers(): string[] {
  const out: string[] = [];
  for (const engine of DATABASE_ENGINES) for (const marker of engine.signatures.flat()) out.push(marker.replace('=', ''));
  return out;
}

/** Folder names that an engine's parts are recognised by (`journal`, `base`, `version-2`…). */
let partNames: Set<string> | undefined;
const isPartName = (name: string): boolean => (partNames ??= new Set(DATABASE_ENGINES.flatMap((e) => Object.keys(e.parts ?? {})))).has(name);

/**
 * Could any engine's signature match here? Every signature needs its markers, so a directory
 * none of whose names (files) or children (folders) could be a marker's first part holds no
 * database: one quick pass over its names instead of every engine's every signature. Nearly all
 * folders of a bulk add (a node_modules tree) are turned away here.
 */
let markerHints: { file: (name: string) => boolean; dir: (name: string) => boolean } | undefined;
function couldHoldDatabase(inv: Inventory, dirPath: string): boolean {
  const summary = inv.dirs.get(dirPath);
  if (!summary) return false;
  if (!markerHints) {
    const file: HintSource[] = [];
    const dir: HintSource[] = [];
    for (const marker of allMarkers()) {
      const parts = marker.split('/');
      // `name` is a file; `name/` and `name/…` start with a folder.
      if (parts.length === 1) file.push({ name: marker });
      else dir.push({ name: parts[0] ?? '' });
    }
    markerHints = { file: nameHints(file), dir: nameHints(dir) };
  }
  const hints = markerHints;
  // A part's signatures (a PostgreSQL base/ holds only numbered files) are looked at only in a folder so named.
  if (dirPath !== '' && isPartName(baseName(dirPath))) return true;
  for (const n of summary.names) if (hints.file(n)) return true;
  for (const c of summary.children) if (hints.dir(c)) return true;
  return false;
}

/** Content checks by file name, every engine's, for choosing which files to read. */
let contentHint: ((name: string) => boolean) | undefined;
function mayBeRead(path: string): boolean {
  contentHint ??= nameHints(DATABASE_ENGINES.flatMap((e) => Object.keys(e.content ?? {}).map((name) => ({ name }))));
  return contentHint(baseName(path));
}

function ownedBy(engine: Engine, dirPath: string, facts: FileFact[], inv: Inventory, probe: Probe, part?: string): FileFact[] {
  const prefix = dirPath ? `${dirPath}/` : '';
  const globs = engine.owns.map(re);
  return facts.filter((f) => {
    // A symlink named like a data file (`app.sqlite -> /var/lib/app.sqlite`) holds only a path, not the data.
    if (f.mode === '120000') return false;
    // A file whose bytes were read and contradict the engine is not its own (a SQLite app.db beside BoltDB files).
    const check = checkFor(engine, f.path);
    const head = check?.decides ? probe.head(f.path) : undefined;
    if (check && head && !check.test(head)) return false;
    const rel = f.path.slice(prefix.length);
    // A part copied on its own (`journal/`, `base/`) is owned as if it still sat in its store.
    const asInStore = part ? `${part}/${rel}` : rel;
    return globs.some((g) => g.test(asInStore)) || Boolean(engine.ownsAlso?.(rel, dirPath, inv));
  });
}

/** The covered files that are the engine's file markers (PG_VERSION, WiredTiger.turtle…), in the order of its signatures. */
function markerFiles(engine: Engine, dirPath: string, covers: FileFact[]): string[] {
  const prefix = dirPath ? `${dirPath}/` : '';
  const out: string[] = [];
  for (const marker of engine.signatures.flat()) {
    if (marker.endsWith('/')) continue; // a folder marker (`global/`) names no file
    const glob = re(marker.replace('=', ''));
    const hit = covers.find((f) => !isUnexpandedDir(f) && glob.test(f.path.slice(prefix.length)));
    if (hit && !out.includes(hit.path)) out.push(hit.path);
  }
  return out;
}

/** What recognised the store: the markers of the signatures that held, and what the files' bytes said. */
function evidence(engine: Engine, held: string[][], covers: FileFact[], probe: Probe): string {
  const names = [...new Set(held.flat().map((m) => m.replace('=', '')))].slice(0, 3);
  const said = new Set<string>();
  for (let i = 0; i < covers.length && said.size < 1; i++) {
    const f = covers[i] as FileFact;
    const check = checkFor(engine, f.path);
    const head = check ? probe.head(f.path) : undefined;
    if (check && head && check.test(head)) said.add(check.says);
  }
  return `recognised by ${names.join(', ')}${said.size ? `; ${[...said].join('; ')}` : ''}`;
}

// An engine's or driver's own repository keeps sample stores among its tests on purpose. Such a
// store is left alone when it sits in a test folder and the project's manifest names the engine.
const TEST_DIR = /(^|\/)(tests?|spec|specs|fixtures?|__fixtures__|testdata|test-data|test_data|testing|examples?|samples?)(\/|$)/i;
/** Where each manifest says what the project is: its name or module path, never its dependencies. */
const MANIFEST_NAME: Record<string, RegExp> = {
  'package.json': /"name"\s*:\s*"([^"]+)"/,
  'composer.json': /"name"\s*:\s*"([^"]+)"/,
  'go.mod': /^module\s+(\S+)/m,
  'Cargo.toml': /^name\s*=\s*"([^"]+)"/m,
  'pyproject.toml': /^name\s*=\s*"([^"]+)"/m,
  'setup.cfg': /^name\s*=\s*(\S+)/m,
  'setup.py': /\bname\s*=\s*['"]([^'"]+)['"]/,
  'pom.xml': /<artifactId>([^<]+)<\/artifactId>/,
  'mix.exs': /\bapp:\s*:(\w+)/,
  'CMakeLists.txt': /\bproject\s*\(\s*([\w.-]+)/i,
  // A README's title: a `# heading`, or a line underlined with === or --- (Markdown, reStructuredText).
  'README.md': /^(?:#\s+(.+)|(.+)\n[=-]{3,}\s*)$/m,
  'README.rst': /^(.+)\n[=-]{3,}\s*$/m,
};
/** Manifests read (4 KiB each, from the work tree) when a store sits in a test folder. */
export const MANIFESTS = Object.keys(MANIFEST_NAME);

/** Is the store at `path` (in a test folder) a sample of the engine this very project is, or drives? */
export function ownProjectSample(engineId: string, path: string, probe: Probe): boolean {
  if (!TEST_DIR.test(path)) return false;
  const engine = DATABASE_ENGINES.find((e) => e.id === engineId);
  const words = engine?.keywords ?? [engineId];
  for (const m of MANIFESTS) {
    const head = probe.head(m);
    const match = head ? MANIFEST_NAME[m]?.exec(head.toString('utf8')) : undefined;
    const name = (match?.[1] ?? match?.[2])?.toLowerCase();
    if (name && words.some((w) => name.includes(w))) return true;
  }
  return false;
}

/** Does any of these paths sit in a test folder? */
export const inTestFolder = (path: string): boolean => TEST_DIR.test(path);

function isInside(path: string, dirs: string[]): boolean {
  return dirs.some((d) => d === '' || path === d || path.startsWith(`${d}/`));
}

/** Names of keys and password files inside a data directory (a node's key and keystore among them). */
const DATADIR_SECRET = /\.(pem|key|p12|pfx|jks)$|passw|^keyfile$|^\.pwfile$|^nodekey$|^UTC--|^\.erlang\.cookie$/i;

export const databaseDirectory: Rule = {
  id: 'database-directory',
  category: 'database',
  severity: 'error',
  title: 'Database working files',
  why:
    "A database server's working files are binary, large and rewritten on every start. In git they bloat " +
    'the history forever, conflict on every merge and can hold your data and credentials. Commit the ' +
    'schema, migrations or a seed script instead.',
  fix: 'Unstage the directory and add it to .gitignore; keep a dump or seed script in the repository if the data matters.',
  examples: {
    flagged: [
      ['mongo_files/WiredTiger', 'mongo_files/WiredTiger.lock', 'mongo_files/WiredTiger.turtle', 'mongo_files/WiredTiger.wt', 'mongo_files/collection-0-123.wt'],
      ['backend/db-data/PG_VERSION', 'backend/db-data/global/pg_control', 'backend/db-data/base/1/1259'],
      ['data/db/journal/WiredTigerLog.0000000001', 'data/db/mongod.lock'],
      ['mysql/ibdata1', 'mysql/ib_logfile0', 'mysql/mysql/user.frm'],
      ['leveldb-data/CURRENT', 'leveldb-data/MANIFEST-000002', 'leveldb-data/000003.ldb'],
      ['WiredTiger.turtle', 'WiredTiger.wt', 'sizeStorer.wt', 'app.py'],
      // Partial copies: no PG_VERSION, no WiredTiger.turtle, a journal on its own.
      ['old-db/base/1/PG_VERSION', 'old-db/base/1/1259', 'old-db/global/pg_filenode.map', 'old-db/global/1260'],
      ['backup/base/16384/PG_VERSION', 'backup/base/16384/2619'],
      ['dump/db/collection-0-5541.wt', 'dump/db/index-1-5541.wt'],
      ['journal/WiredTigerLog.0000000003', 'journal/WiredTigerPreplog.0000000001'],
      [{ path: 'store/LOG', head: '2024/01/02-10:00:00.000000 7f3a Recovering log #3\n' }, 'store/000003.log', 'store/LOCK'],
      ['badger/KEYREGISTRY', 'badger/MANIFEST', 'badger/000001.vlog', 'badger/000002.sst'],
      [{ path: 'cache/data.mdb', head: [...Array(16).fill(0), 0xde, 0xc0, 0xef, 0xbe, 1, 0, 0, 0] }],
      ['ldap/data.mdb', 'ldap/lock.mdb'],
      [{ path: 'app/state.db', head: [...Array(16).fill(0), 0xed, 0xda, 0x0c, 0xed, 2, 0, 0, 0] }, 'app/main.go'],
      ['chronograf-v1.db', 'README.md'],
      ['default.etcd/member/snap/db', 'default.etcd/member/wal/0000000000000000-0000000000000000.wal'],
      ['influxdb/meta/meta.db', 'influxdb/data/telegraf/autogen/2/000000001-000000001.tsm', 'influxdb/wal/telegraf/autogen/2/_00001.wal'],
      [
        { path: 'prometheus/01HQK9Z2W3X4Y5Z6A7B8C9D0EF/meta.json', head: '{\n\t"ulid": "01HQK9Z2W3X4Y5Z6A7B8C9D0EF",\n\t"minTime": 1700000000000,\n\t"maxTime": 1700007200000\n}' },
        'prometheus/01HQK9Z2W3X4Y5Z6A7B8C9D0EF/index',
        'prometheus/01HQK9Z2W3X4Y5Z6A7B8C9D0EF/chunks/000001',
        'prometheus/wal/00000000',
        'prometheus/chunks_head/000001',
        'prometheus/queries.active',
      ],
      ['esdata/nodes/0/node.lock', 'esdata/nodes/0/_state/global-3.st', 'esdata/nodes/0/indices/Xy3kQ/0/index/segments_2'],
      ['solr/mycore/core.properties', 'solr/mycore/data/index/segments_1', 'solr/mycore/data/index/write.lock', 'solr/mycore/data/tlog/tlog.0000000000000000000'],
      ['couchdb/_dbs.couch', 'couchdb/shards/00000000-7fffffff/mydb.1600000000.couch', 'couchdb/.shards/00000000-7fffffff/mydb.1600000000_design/mrview/3f2a.view'],
      ['neo4j/data/databases/neo4j/neostore', 'neo4j/data/transactions/neo4j/neostore.transaction.db.0', 'neo4j/data/dbms/auth'],
      ['rethinkdb_data/metadata', 'rethinkdb_data/log_file', 'rethinkdb_data/2f1e3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b'],
      ['derbyDB/seg0/c10.dat', 'derbyDB/service.properties', 'derbyDB/log/log.ctrl', 'derbyDB/log/log1.dat'],
      ['data/test.mv.db', 'data/test.trace.db'],
      [{ path: 'db/testdb.properties', head: '#HSQL Database Engine 2.7.1\nversion=2.7.1\n' }, { path: 'db/testdb.script', head: 'SET DATABASE UNIQUE NAME HSQLDB8B2C4D\n' }, 'db/testdb.log'],
      ['minio/data/.minio.sys/format.json', 'minio/data/.minio.sys/config/config.json', 'minio/data/.minio.sys/buckets/.usage.json'],
      ['grafana/grafana.db', 'grafana/plugins/grafana-piechart-panel/MANIFEST.txt', 'grafana/plugins/grafana-piechart-panel/module.js'],
      [{ path: 'kafka-logs/meta.properties', head: '#\n#Mon Jan 01 10:00:00 UTC 2024\nbroker.id=0\nversion=0\n' }, 'kafka-logs/recovery-point-offset-checkpoint', 'kafka-logs/orders-0/00000000000000000000.log', 'kafka-logs/orders-0/00000000000000000000.index', 'kafka-logs/orders-0/00000000000000000000.timeindex'],
      ['zookeeper/data/version-2/log.100000001', 'zookeeper/data/version-2/snapshot.0', 'zookeeper/data/myid'],
      ['rabbitmq/mnesia/rabbit@my-rabbit/schema.DAT', 'rabbitmq/mnesia/rabbit@my-rabbit/rabbit_durable_queue.DCD', 'rabbitmq/mnesia/rabbit@my-rabbit/LATEST.LOG'],
      ['ios/default.realm', 'ios/default.realm.lock', 'ios/default.realm.management/access_control.control.mx'],
      ['node1/geth/chaindata/CURRENT', 'node1/geth/chaindata/MANIFEST-000004', 'node1/geth/chaindata/000002.ldb', 'node1/geth/nodekey', 'node1/keystore/UTC--2020-08-02T18-42-32.489186000Z--635d4c0c6433cd088fad0711a47bb88336f6fcf0'],
    ],
    clean: [
      // Names that leave the question open, and bytes that answer it.
      [{ path: 'docs/CURRENT', head: 'The current release is 2.1; see MANIFEST-000001.md.\n' }, 'docs/MANIFEST-000001.md'],
      [{ path: 'config/app.properties', head: 'server.port=8080\n' }, { path: 'config/init.script', head: 'echo starting\n' }],
      [{ path: 'site/meta.json', head: '{"title":"Docs"}' }, 'site/index', 'site/chunks/app.js'],
      [{ path: 'config/meta.properties', head: 'app.name=shop\n' }],
      [{ path: 'logs/LOG', head: 'deploy started\n' }, 'logs/LOCK', 'logs/000001.log'],
      ['MANIFEST', 'MANIFEST.in', 'setup.py', 'src/pkg/__init__.py'],
      // Configuration of the same servers, with no data in it.
      ['grafana/provisioning/datasources/ds.yml', 'grafana/plugins/my-panel/src/module.ts', 'grafana/plugins/my-panel/package.json'],
      ['prometheus/prometheus.yml', 'prometheus/rules/alerts.yml', 'zookeeper/conf/zoo.cfg', 'kafka/config/server.properties'],
      // An engine's or driver's own test fixtures, in its own repository.
      [{ path: 'package.json', head: '{\n  "name": "couchdb-nano",\n  "version": "10.1.0"\n}\n' }, 'test/fixtures/sample.couch', 'lib/nano.js'],
      [{ path: 'go.mod', head: 'module go.etcd.io/bbolt\n\ngo 1.21\n' }, { path: 'testdata/old.db', head: [...Array(16).fill(0), 0xed, 0xda, 0x0c, 0xed, 2, 0, 0, 0] }],
      [{ path: 'Cargo.toml', head: '[package]\nname = "rust-rocksdb"\n' }, { path: 'tests/fixtures/db/CURRENT', head: 'MANIFEST-000005\n' }, 'tests/fixtures/db/MANIFEST-000005', 'tests/fixtures/db/000004.sst'],
      ['db/migrations/001_init.sql', 'db/schema.rb', 'db/seeds.rb'],
      ['src/third_party/wiredtiger/src/conn/conn_api.c', 'src/third_party/wiredtiger/wiredtiger.h', 'src/third_party/wiredtiger/wiredtiger_open.c'],
      ['data/users.csv', 'data/orders.csv'],
      ['third_party/leveldb/db/log_reader.cc', 'third_party/leveldb/db/version_set.cc', 'third_party/leveldb/CMakeLists.txt'],
      ['Assets/Plugins/Foo.dll', 'Assets/Plugins/Foo.dll.mdb'],
    ],
  },
  needs(inv: Inventory): Needs {
    // The first bytes of the few files whose name leaves the engine open (CURRENT, LOG,
    // meta.json in a block folder, data.mdb…), only in folders that could hold a store.
    // A file is read only where, by names alone, one of its engine's signatures already holds
    // in its folder or the one above: the bytes then confirm or overturn what the names say.
    const heads: FileFact[] = [];
    const maybe = new Map<string, boolean>();
    const could = (d: string): boolean => {
      let c = maybe.get(d);
      if (c === undefined) {
        c = couldHoldDatabase(inv, d);
        maybe.set(d, c);
      }
      return c;
    };
    const byNames = new Map<string, boolean>();
    const holdsByNames = (d: string, engine: Engine): boolean => {
      const key = `${engine.id}\0${d}`;
      let h = byNames.get(key);
      if (h === undefined) {
        const sigs = [...engine.signatures, ...(d && engine.parts?.[baseName(d)] ? (engine.parts[baseName(d)] as string[][]) : [])];
        h = could(d) && sigs.some((sig) => sig.every((m) => hasMarker(inv, d, m.replace('=', ''))));
        byNames.set(key, h);
      }
      return h;
    };
    for (let i = 0; i < inv.facts.length; i++) {
      const f = inv.facts[i] as FileFact;
      if (f.mode === '120000' || f.mode === '160000' || !mayBeRead(f.path)) continue;
      const parent = parentOf(f.path);
      const wanted = DATABASE_ENGINES.some((e) => checkFor(e, f.path) && (holdsByNames(parent, e) || (parent !== '' && holdsByNames(parentOf(parent), e))));
      if (wanted) heads.push(f);
    }
    // A store in a test folder may be the engine's own sample: the project's manifests say.
    let testStore = false;
    inv.dirs.forEach((_, d) => {
      if (testStore || !TEST_DIR.test(d) || !could(d)) return;
      testStore = DATABASE_ENGINES.some((e) => e.signatures.some((sig) => sig.every((m) => hasMarker(inv, d, m.replace('=', '')))));
    });
    return testStore ? { heads, files: MANIFESTS } : { heads };
  },
  detect(inv: Inventory, ctx: RuleContext): Hit[] {
    const hits: Hit[] = [];
    const found: string[] = [];
    const dirs = dirsOutermostFirst(inv);
    for (let i = 0; i < dirs.length; i++) {
      const dirPath = dirs[i] as string;
      if ((found.length && isInside(dirPath, found)) || !couldHoldDatabase(inv, dirPath)) continue;
      // Each engine in turn takes what is its own: a folder holding two engines' files (a Docker
      // volumes folder, a Grafana beside its Prometheus) gives one finding per engine.
      for (const engine of DATABASE_ENGINES) {
        const { held, part } = heldSignatures(inv, dirPath, engine, ctx.probe);
        if (held.length === 0) continue;
        if (ownProjectSample(engine.id, dirPath, ctx.probe)) continue;
        const covers = ownedBy(engine, dirPath, factsUnder(inv, dirPath), inv, ctx.probe, part).filter((f) => !ctx.claimed.has(f.path));
        if (covers.length === 0) continue;
        const paths = groupPaths(inv, dirPath, covers);
        // Only a directory made entirely of the engine's files shuts out nested matches; the
        // root or a folder with neighbours (a compose file, a config template) does not.
        const whole = paths.length === 1 && paths[0] === `${dirPath}/`;
        if (whole) found.push(dirPath);
        const where = whole ? (part ? `${part}/ folder (a copy of part of its store)` : 'directory') : dirPath ? `files in ${dirPath}/ (its other files are left alone)` : 'files at the repository root';
        // Data directories hold keys and password files of their own (MySQL's *-key.pem, a
        // PostgreSQL server.key): covered here, so they are named rather than reported twice.
        const secrets = covers.filter((f) => DATADIR_SECRET.test(baseName(f.path))).map((f) => f.path);
        const holding = secrets.length ? `; it holds ${secrets.length === 1 ? 'a private key or password file' : `${secrets.length} private keys or password files`} (${secrets.slice(0, 3).map(baseName).join(', ')}${secrets.length > 3 ? ', …' : ''})` : '';
        hits.push({
          paths,
          covers,
          message: `${engine.name} working ${where}, ${evidence(engine, held, covers, ctx.probe)}${holding}`,
          gitignore: whole ? gitignoreLines(paths) : engineIgnoreLines(engine, dirPath, covers),
          data: { engine: engine.id, engineName: engine.name, directory: dirPath ? `${dirPath}/` : '', ...(secrets.length ? { secrets } : {}) },
          markers: markerFiles(engine, dirPath, covers),
        });
        covers.forEach((f) => ctx.claimed.add(f.path));
        if (whole) break;
      }
    }
    return hits;
  },
};

// ---------------------------------------------------------------------------------------------
// Dependency trees: installed by a package manager from a lock file, so never worth committing.

interface DependencyKind {
  id: string;
  name: string;
  /** Does the directory at `dirPath` hold this kind of dependency tree? */
  matches(inv: Inventory, dirPath: string, ctx: RuleContext): boolean;
  /** `.gitignore` line for it. */
  ignoreLine(dirPath: string): string;
  /**
   * matches() looks at the path alone (and the work tree), never inside: an untracked folder of
   * this kind is reported whole without listing its files (see takenWholeByName).
   */
  byName?: boolean;
}

const named =
  (name: string) =>
  (_inv: Inventory, dirPath: string): boolean =>
    baseName(dirPath) === name;

export const DEPENDENCY_DIRS: DependencyKind[] = [
  { id: 'node_modules', name: 'npm packages (node_modules)', matches: named('node_modules'), ignoreLine: () => 'node_modules/', byName: true },
  { id: 'bower_components', name: 'Bower packages', matches: named('bower_components'), ignoreLine: () => 'bower_components/', byName: true },
  { id: 'jspm_packages', name: 'jspm packages', matches: named('jspm_packages'), ignoreLine: () => 'jspm_packages/', byName: true },
  {
    id: 'virtualenv',
    name: 'Python virtual environment',
    matches: (inv, d) =>
      hasMarker(inv, d, 'pyvenv.cfg') ||
      (hasMarker(inv, d, 'bin/activate') && (hasMarker(inv, d, 'bin/python*') || hasMarker(inv, d, 'lib/python*/'))) ||
      (hasMarker(inv, d, 'Scripts/activate*') && hasMarker(inv, d, 'Scripts/python*')) ||
      hasMarker(inv, d, 'conda-meta/history'),
    ignoreLine: (d) => anchored(`${d}/`),
  },
  {
    id: 'bundler',
    name: 'Bundler gems (vendor/bundle)',
    matches: (_inv, d) => d === 'vendor/bundle' || d.endsWith('/vendor/bundle'),
    ignoreLine: (d) => anchored(`${d}/`),
    byName: true,
  },
  {
    id: 'cocoapods',
    name: 'CocoaPods (Pods)',
    matches: (inv, d) => baseName(d) === 'Pods' && (hasMarker(inv, d, 'Manifest.lock') || hasMarker(inv, d, 'Pods.xcodeproj/')),
    ignoreLine: (d) => anchored(`${d}/`),
  },
  {
    // With Yarn's zero-installs the cache is committed on purpose, next to the `.pnp.cjs` loader.
    id: 'yarn-cache',
    name: 'Yarn package cache',
    matches: (_inv, d, ctx) => (d === '.yarn/cache' || d.endsWith('/.yarn/cache')) && !ctx.exists(`${parentOf(parentOf(d)) ? `${parentOf(parentOf(d))}/` : ''}.pnp.cjs`),
    ignoreLine: (d) => anchored(`${d}/`),
    byName: true,
  },
  {
    // Composer's vendor/ (Go's vendor/ is committed on purpose: it has no composer/ inside).
    id: 'composer',
    name: 'Composer packages (vendor)',
    matches: (inv, d) => baseName(d) === 'vendor' && (hasMarker(inv, d, 'composer/installed.json') || (hasMarker(inv, d, 'autoload.php') && hasMarker(inv, d, 'composer/'))),
    ignoreLine: (d) => anchored(`${d}/`),
  },
  {
    // Mix and rebar3 fetch into deps/ beside mix.exs / rebar.config.
    id: 'mix-deps',
    name: 'Elixir/Erlang dependencies (deps)',
    matches: (inv, d, ctx) => {
      if (baseName(d) !== 'deps') return false;
      const p = parentOf(d);
      return ['mix.exs', 'rebar.config'].some((n) => inv.byPath.has(p ? `${p}/${n}` : n) || ctx.exists(p ? `${p}/${n}` : n));
    },
    ignoreLine: (d) => anchored(`${d}/`),
  },
];

const NOTHING_INSIDE: Inventory = { facts: [], byPath: new Map(), dirs: new Map() };

/** Inside a test suite's folder (`test/`, `tests/`, `spec/`, `__tests__/`) at any depth. */
const IN_TESTS = /(^|\/)(tests?|spec|__tests__)\//;
/** What an install leaves in node_modules/ (npm, Yarn, pnpm): a hand-made fixture has none of it. */
const INSTALL_MARKERS = ['.package-lock.json', '.bin/', '.yarn-integrity', '.modules.yaml', '.pnpm/', '.yarn-state.yml'];
/** A resolver's fixture trees are a handful of stub packages; an installed tree is hundreds of files. */
const FIXTURE_FILES = 50;

/**
 * A module resolver's fixture: a node_modules/ inside its test suite (browserify/resolve keeps
 * them under test/resolver/), small and without anything an install writes. Test fixtures folders
 * are inputs whatever their contents (inTestFixtures).
 */
function fixtureModules(inv: Inventory, dirPath: string): boolean {
  if (inTestFixtures(`${dirPath}/x`)) return true;
  if (baseName(dirPath) !== 'node_modules' || !IN_TESTS.test(dirPath)) return false;
  const summary = inv.dirs.get(dirPath);
  return summary !== undefined && summary.files < FIXTURE_FILES && !INSTALL_MARKERS.some((m) => hasMarker(inv, dirPath, m));
}

/**
 * Would dependency-directory report this folder whole from its path alone? Then an untracked
 * folder of that name need not be listed file by file: git gives it as one entry and the
 * finding names it (its files uncounted). Not inside test fixtures, where the rule stays quiet.
 */
export function takenWholeByName(dirPath: string, exists: (path: string) => boolean): boolean {
  // Inside a test suite it may be a fixture: its files are listed and judged (fixtureModules).
  if (inTestFixtures(`${dirPath}/x`) || IN_TESTS.test(dirPath)) return false;
  const ctx = { exists } as Pick<RuleContext, 'exists'> as RuleContext;
  return DEPENDENCY_DIRS.some((k) => k.byName && k.matches(NOTHING_INSIDE, dirPath, ctx));
}

export const dependencyDirectory: Rule = {
  id: 'dependency-directory',
  category: 'dependencies',
  severity: 'error',
  title: 'Installed dependencies',
  why:
    'Dependency folders are rebuilt from your lock file by the package manager. Committed, they add ' +
    'thousands of files, platform-specific binaries and noise to every diff.',
  fix: 'Unstage the folder and add it to .gitignore; commit the lock file (package-lock.json, Gemfile.lock, requirements.txt…) instead.',
  examples: {
    flagged: [
      ['node_modules/left-pad/index.js', 'node_modules/left-pad/package.json', 'index.js'],
      ['venv/pyvenv.cfg', 'venv/bin/activate', 'venv/lib/python3.12/site-packages/six.py'],
      ['myenv/bin/activate', 'myenv/bin/python3', 'myenv/lib/python3.11/site-packages/x.py'],
      ['vendor/bundle/ruby/3.2.0/gems/rack-3.0.0/lib/rack.rb'],
      ['ios/Pods/Manifest.lock', 'ios/Pods/Alamofire/Source/AF.swift'],
      ['web/bower_components/jquery/jquery.js'],
      ['.yarn/cache/lodash-npm-4.17.21-6382451519-eb835a2e51.zip'],
      ['composer.json', 'vendor/autoload.php', 'vendor/composer/installed.json', 'vendor/monolog/monolog/src/Logger.php'],
      ['mix.exs', 'deps/phoenix/mix.exs', 'deps/phoenix/lib/phoenix.ex'],
      ['tests/e2e/package.json', 'tests/e2e/node_modules/.package-lock.json', 'tests/e2e/node_modules/playwright/index.js'],
    ],
    clean: [
      ['src/node_modules_helper.js', 'docs/node_modules.md'],
      ['test/fixtures/resolve/node_modules/foo/index.js', 'test/fixtures/resolve/node_modules/foo/package.json'],
      ['test/resolver/bir/node_modules/bar/package.json', 'test/resolver/bir/node_modules/bar/index.js', 'index.js'],
      ['bin/activate', 'README.md'],
      ['vendor/github.com/pkg/errors/errors.go'],
      ['k8s/Pods/deployment.yaml'],
    ],
  },
  detect(inv: Inventory, ctx: RuleContext): Hit[] {
    const hits: Hit[] = [];
    const found: string[] = [];
    const dirs = dirsOutermostFirst(inv);
    for (let i = 0; i < dirs.length; i++) {
      const dirPath = dirs[i] as string;
      if (dirPath === '' || isInside(dirPath, found)) continue;
      for (const kind of DEPENDENCY_DIRS) {
        if (!kind.matches(inv, dirPath, ctx)) continue;
        // A module resolver's test fixtures hold node_modules trees on purpose: inputs, not cruft.
        if (fixtureModules(inv, dirPath)) continue;
        const covers = factsUnder(inv, dirPath).filter((f) => !ctx.claimed.has(f.path));
        if (covers.length === 0) continue;
        found.push(dirPath);
        hits.push({
          paths: [`${dirPath}/`],
          covers,
          message: kind.name,
          gitignore: [kind.ignoreLine(dirPath)],
          data: { kind: kind.id },
        });
        covers.forEach((f) => ctx.claimed.add(f.path));
        break;
      }
    }
    return hits;
  },
};
