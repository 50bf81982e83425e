// Directories recognised by what they contain: database working directories (by the marker
// files their servers write) and dependency trees (by name or, for virtualenvs, by markers).
import { gitignorePattern } from '../format.js';
import { baseName, dirsOutermostFirst, factsUnder, inTestFixtures, parentOf, someUnder } from '../inventory.js';
import type { FileFact, Hit, Inventory, Rule, RuleContext } from '../model.js';
import { DATABASE_ENGINES, type Engine } from './engines.js';
import { type HintSource, nameHints } from './hints.js';
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

// One escaping for every suggested line (format.ts): a name with a line break or escape sequence stays one safe line.
const anchored = gitignorePattern;

/** `.gitignore` lines, anchored at the root, for the paths shown to the user. */
export function gitignoreLines(paths: string[]): string[] {
  return paths.map(anchored);
}

function matchEngine(inv: Inventory, dirPath: string, engine: Engine): boolean {
  return engine.signatures.some((sig) => sig.every((m) => hasMarker(inv, dirPath, m)));
}

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
    for (const engine of DATABASE_ENGINES) {
      for (const marker of engine.signatures.flat()) {
        const parts = marker.split('/');
        // `name` is a file; `name/` and `name/…` start with a folder.
        if (parts.length === 1) file.push({ name: marker });
        else dir.push({ name: parts[0] ?? '' });
      }
    }
    markerHints = { file: nameHints(file), dir: nameHints(dir) };
  }
  const hints = markerHints;
  for (const n of summary.names) if (hints.file(n)) return true;
  for (const c of summary.children) if (hints.dir(c)) return true;
  return false;
}

function ownedBy(engine: Engine, dirPath: string, facts: FileFact[]): FileFact[] {
  const prefix = dirPath ? `${dirPath}/` : '';
  const globs = engine.owns.map(re);
  return facts.filter((f) => {
    // A symlink named like a data file (`app.sqlite -> /var/lib/app.sqlite`) holds only a path, not the data.
    if (f.mode === '120000') return false;
    const rel = f.path.slice(prefix.length);
    return globs.some((g) => g.test(rel));
  });
}

function isInside(path: string, dirs: string[]): boolean {
  return dirs.some((d) => d === '' || path === d || path.startsWith(`${d}/`));
}

/** Names of keys and password files inside a data directory. */
const DATADIR_SECRET = /\.(pem|key|p12|pfx|jks)$|passw|^keyfile$|^\.pwfile$/i;

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
    ],
    clean: [
      ['db/migrations/001_init.sql', 'db/schema.rb', 'db/seeds.rb'],
      ['src/third_party/wiredtiger/src/conn/conn_api.c', 'src/third_party/wiredtiger/wiredtiger.h', 'src/third_party/wiredtiger/wiredtiger_open.c'],
      ['data/users.csv', 'data/orders.csv'],
      ['third_party/leveldb/db/log_reader.cc', 'third_party/leveldb/db/version_set.cc', 'third_party/leveldb/CMakeLists.txt'],
      ['Assets/Plugins/Foo.dll', 'Assets/Plugins/Foo.dll.mdb'],
    ],
  },
  detect(inv: Inventory, ctx: RuleContext): Hit[] {
    const hits: Hit[] = [];
    const found: string[] = [];
    const dirs = dirsOutermostFirst(inv);
    for (let i = 0; i < dirs.length; i++) {
      const dirPath = dirs[i] as string;
      if ((found.length && isInside(dirPath, found)) || !couldHoldDatabase(inv, dirPath)) continue;
      for (const engine of DATABASE_ENGINES) {
        if (!matchEngine(inv, dirPath, engine)) continue;
        const covers = ownedBy(engine, dirPath, factsUnder(inv, dirPath)).filter((f) => !ctx.claimed.has(f.path));
        if (covers.length === 0) continue;
        const paths = groupPaths(inv, dirPath, covers);
        // Only a directory made entirely of the engine's files shuts out nested matches; the
        // root or a folder with neighbours (a compose file, a config template) does not.
        if (paths.length === 1 && paths[0] === `${dirPath}/`) found.push(dirPath);
        const whole = paths.length === 1 && paths[0] === `${dirPath}/`;
        const where = whole ? 'directory' : dirPath ? `files in ${dirPath}/ (its other files are left alone)` : 'files at the repository root';
        // Data directories hold keys and password files of their own (MySQL's *-key.pem, a
        // PostgreSQL server.key): covered here, so they are named rather than reported twice.
        const secrets = covers.filter((f) => DATADIR_SECRET.test(baseName(f.path))).map((f) => f.path);
        const holding = secrets.length ? `; it holds ${secrets.length === 1 ? 'a private key or password file' : `${secrets.length} private keys or password files`} (${secrets.slice(0, 3).map(baseName).join(', ')}${secrets.length > 3 ? ', …' : ''})` : '';
        hits.push({
          paths,
          covers,
          message: `${engine.name} working ${where}${holding}`,
          gitignore: gitignoreLines(paths),
          data: { engine: engine.id, engineName: engine.name, directory: dirPath ? `${dirPath}/` : '', ...(secrets.length ? { secrets } : {}) },
        });
        covers.forEach((f) => ctx.claimed.add(f.path));
        break;
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
