// Archives judged by what they hold: `node_modules.zip`, `venv.tar.gz`, a zipped MongoDB dbpath.
// The listing comes from the archive's directory (src/facts/archive.ts: a zip's central directory at
// its end, a tarball's first headers), never from the whole file; it is judged by the same
// directory rules that judge a staged tree, run over the names as if they were files, so an
// archive of a store or a dependency tree is recognised by exactly the markers the tree would be.
// An archive of anything else (documents, a dataset, source) is left to the other rules.
import { buildInventory, baseName, inTestFixtures } from '../facts/inventory.js';
import type { FileFact, Hit, Inventory, Needs, Rule, RuleContext } from '../model.js';
import { emptyProbe } from '../facts/sniff.js';
import { databaseDirectory, dependencyDirectory, gitignoreLines } from './directories.js';

/** Archive names whose directory can be read (zip, tar, tar.gz). */
const LISTABLE = /\.(zip|tar|tgz|tar\.gz|taz)$/i;
/** The names a dependency tree is archived under: the archive's name says what it holds. */
const DEPENDENCY_NAME = /^(node_modules|bower_components|jspm_packages|venv|\.venv|virtualenv|site-packages)\.(zip|tar|tgz|tar\.gz|tar\.bz2|tar\.xz|7z|rar)$/i;
/** Installed Python packages, in a virtualenv or any prefix (`lib/python3.11/site-packages/`, Windows' `Lib/site-packages/`). */
const SITE_PACKAGES = /(^|\/)(lib\/python[\d.]*\/|Lib\/)?site-packages\//;

const listable = (f: FileFact): boolean => f.mode !== '120000' && f.mode !== '160000' && f.mode !== '040000' && f.size > 0 && LISTABLE.test(baseName(f.path)) && !inTestFixtures(f.path);

/** A stand-in for a folder the archive lists with no file inside (the directory rules see folders through their files). */
const FOLDER_ENTRY = '\u0000folder';

/** The archive's entries as the facts of a tree. */
function listingInventory(names: string[]): Inventory {
  const seen = new Set<string>();
  const facts: FileFact[] = [];
  for (const raw of names) {
    const name = raw.replace(/^(\.\/)+|^\/+/, '');
    if (!name || name.split('/').includes('..')) continue;
    const path = name.endsWith('/') ? `${name}${FOLDER_ENTRY}` : name;
    if (seen.has(path)) continue;
    seen.add(path);
    facts.push({ path, origin: 'staged', status: 'A', mode: '100644', oid: '', size: 0 });
  }
  return buildInventory(facts);
}

/** What the listing holds, by the directory rules (dependency trees, then stores), as words for the message. */
function heldBy(names: string[], rule: Rule): string[] {
  const inv = listingInventory(names);
  const ctx: RuleContext = { config: { rules: {}, thresholds: { bulkFiles: 0, bulkTopLevelDirs: 0, bulkBytes: 0, largeFileBytes: 0 } }, probe: emptyProbe(), claimed: new Set(), exists: () => false };
  return [...new Set(rule.detect(inv, ctx).map((h) => h.message.replace(/ working (directory|files).*$/, '')))];
}

function archiveRule(spec: Pick<Rule, 'id' | 'category' | 'title' | 'why' | 'fix' | 'examples'>, judge: (f: FileFact, names: string[] | undefined) => string[]): Rule {
  return {
    ...spec,
    severity: 'error',
    needs(inv: Inventory): Needs {
      return { archives: inv.facts.filter(listable) };
    },
    detect(inv: Inventory, ctx: RuleContext): Hit[] {
      const hits: Hit[] = [];
      for (let i = 0; i < inv.facts.length; i++) {
        const f = inv.facts[i] as FileFact;
        if (ctx.claimed.has(f.path) || !listable(f)) continue;
        const held = judge(f, ctx.probe.entries(f.path));
        if (held.length === 0) continue;
        hits.push({ paths: [f.path], covers: [f], message: `archive holding ${held.join(' and ')}`, gitignore: gitignoreLines([f.path]), data: { holds: held } });
      }
      return hits;
    },
  };
}

export const dependencyArchive: Rule = archiveRule(
  {
    id: 'dependency-archive',
    category: 'dependencies',
    title: 'Archived dependencies',
    why:
      'This archive holds installed dependencies (a node_modules tree, a virtualenv, site-packages): thousands of files ' +
      'the package manager rebuilds from the lock file, frozen for one machine and stored in the history forever.',
    fix: 'Unstage it and delete it; commit the lock file (package-lock.json, requirements.txt…) and let each machine install.',
    examples: {
      flagged: [
        [{ path: 'node_modules.zip', entries: ['express/', 'express/index.js'] }],
        [{ path: 'backup/app.zip', entries: ['app/server.js', 'app/node_modules/', 'app/node_modules/express/index.js', 'app/node_modules/express/package.json'] }],
        [{ path: 'env.tar.gz', entries: ['env/', 'env/pyvenv.cfg', 'env/bin/activate', 'env/lib/python3.11/site-packages/six.py'] }],
        [{ path: 'deploy/lambda.zip', entries: ['lambda_function.py', 'python/lib/python3.12/site-packages/requests/__init__.py'] }],
        ['venv.tar.gz'],
      ],
      clean: [
        [{ path: 'docs/handouts.zip', entries: ['week1.pdf', 'week2.pdf'] }],
        [{ path: 'release/source.tar.gz', entries: ['app-1.0/', 'app-1.0/package.json', 'app-1.0/src/index.js'] }],
        [{ path: 'tests/fixtures/node_modules.zip', entries: ['node_modules/a/index.js'] }],
        ['data/node_modules_usage.csv', 'src/venv.py'],
      ],
    },
  },
  (f, names) => {
    if (DEPENDENCY_NAME.test(baseName(f.path))) return [baseName(f.path).replace(/\..*$/, '')];
    if (!names) return [];
    const held = heldBy(names, dependencyDirectory);
    if (held.length === 0 && names.some((n) => SITE_PACKAGES.test(n))) held.push('installed Python packages (site-packages)');
    return held;
  },
);

export const databaseArchive: Rule = archiveRule(
  {
    id: 'database-archive',
    category: 'database',
    title: 'Archived database files',
    why:
      "This archive holds a database server's working files (a data directory copied while it ran): binary, tied to one " +
      'server version, and possibly holding your users\' data and passwords. A dump or a seed script is what can be shared.',
    fix: 'Unstage it; share a dump (mongodump, pg_dump, mysqldump) or a seed script instead, outside git if it is large.',
    examples: {
      flagged: [
        [{ path: 'mongo_data.zip', entries: ['data/db/WiredTiger', 'data/db/WiredTiger.turtle', 'data/db/WiredTiger.wt', 'data/db/collection-0-123.wt'] }],
        [{ path: 'backup/pgdata.tar.gz', entries: ['pgdata/PG_VERSION', 'pgdata/global/pg_control', 'pgdata/base/1/1259'] }],
      ],
      clean: [
        [{ path: 'data/chinook.zip', entries: ['chinook.sql', 'README.txt'] }],
        [{ path: 'migrations.zip', entries: ['db/migrations/001_init.sql', 'db/schema.rb'] }],
      ],
    },
  },
  (_f, names) => (names ? heldBy(names, databaseDirectory) : []),
);
