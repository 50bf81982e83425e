// Builds the benchmark repositories in a temp folder and keeps them between runs: building
// `bulk-100k` means writing 100,000 files and a `git add -A` that hashes every one of them,
// which takes far longer than the benchmark itself. A repository is reused only when it was
// built completely (a stamp written last, beside it) by the same FIXTURES_VERSION.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { mongoDbPathFiles } from '../layouts/mongodb.mjs';
import { rng, size, textFile } from './content.mjs';
import { baseFiles, bulkFiles, smallChange } from './layouts.mjs';

/** Bump when a layout changes: cached repositories of another version are rebuilt. */
export const FIXTURES_VERSION = 'v2';

export const CACHE = join(process.env.CRUFT_BENCH_CACHE || join(tmpdir(), 'cruft-check-bench'), FIXTURES_VERSION);

/** Git as the benchmark runs it: no user or system configuration, fixed identities and dates. */
export function benchEnv(extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GIT_') && k !== 'CI' && !k.startsWith('CRUFT_CHECK')) env[k] = v;
  return {
    ...env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_AUTHOR_NAME: 'Bench',
    GIT_AUTHOR_EMAIL: 'bench@example.com',
    GIT_COMMITTER_NAME: 'Bench',
    GIT_COMMITTER_EMAIL: 'bench@example.com',
    GIT_AUTHOR_DATE: '2024-01-01T12:00:00Z',
    GIT_COMMITTER_DATE: '2024-01-01T12:00:00Z',
    NO_COLOR: '1',
    ...extra,
  };
}

function git(cwd, args, opts = {}) {
  const r = spawnSync('git', args, { cwd, env: benchEnv(), encoding: 'utf8', maxBuffer: 1 << 30, ...opts });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed in ${cwd}: ${r.stderr}`);
  return r.stdout;
}

// Files are dated well before the index is written, as after a real `npm install`: otherwise
// git would find them "racily clean" and could store a size of 0 for them in the index.
const FILE_TIME = new Date('2023-06-01T00:00:00Z');

function writeTree(root, files) {
  const made = new Set();
  for (const [path, content] of files) {
    const full = join(root, path);
    const dir = dirname(full);
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    writeFileSync(full, content);
    utimesSync(full, FILE_TIME, FILE_TIME);
  }
}

function initRepo(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  git(dir, ['init', '-q', '-b', 'main']);
}

const BUILDERS = {
  small(dir) {
    initRepo(dir);
    const base = baseFiles(2000);
    writeTree(dir, base);
    git(dir, ['add', '-A']);
    git(dir, ['commit', '-q', '-m', 'base']);
    const change = smallChange(base);
    writeTree(dir, change);
    git(dir, ['add', '--', ...change.map(([p]) => p)]);
  },
  'bulk-10k'(dir) {
    bulk(dir, 10_000);
  },
  'bulk-100k'(dir) {
    bulk(dir, 100_000);
  },
  'cruftignore-100k'(dir) {
    // The small commit again, under a .cruftignore of 100,000 lines (2.3 MB): a generated list of
    // allowed paths, as a project that vendors fixtures might keep. Mostly literal paths (which
    // need no pattern machinery), some basenames, a tenth real globs.
    BUILDERS.small(dir);
    writeFileSync(join(dir, '.cruftignore'), cruftignoreLines(100_000));
  },
  'untracked-100k'(dir) {
    initRepo(dir);
    writeTree(dir, baseFiles(2000));
    git(dir, ['add', '-A']);
    git(dir, ['commit', '-q', '-m', 'base']);
    writeTree(dir, bulkFiles(100_000));
  },
  // A bare repository as the server holds it, with a pushed commit of 100,000 files not yet on
  // any ref (as inside pre-receive), and input.txt: git's `<old> <new> <ref>` line for it.
  'push-100k'(dir) {
    const work = `${dir}.work`;
    bulk(work, 100_000);
    git(work, ['-c', 'gc.auto=0', 'commit', '-q', '-m', 'bulk']);
    rmSync(dir, { recursive: true, force: true });
    git(dirname(dir), ['init', '-q', '--bare', '-b', 'main', dir]);
    git(work, ['push', '-q', dir, 'HEAD~1:refs/heads/main', 'HEAD:refs/heads/incoming']);
    const [oldOid, newOid] = git(work, ['rev-parse', 'HEAD~1', 'HEAD']).trim().split('\n');
    git(dir, ['update-ref', '-d', 'refs/heads/incoming']);
    writeFileSync(join(dir, 'input.txt'), `${oldOid} ${newOid} refs/heads/main\n`);
    rmSync(work, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  },
  async 'audit-history'(dir) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    git(dir, ['init', '-q', '--bare', '-b', 'main']);
    await fastImport(dir, historyStream(5000));
    // fast-import's pack is a quick one; repack as a server would hold it.
    git(dir, ['repack', '-a', '-d', '-q']);
  },
};

/** `count` lines of a generated .cruftignore: 80 % anchored literal paths, 10 % basenames, 10 % globs. */
export function cruftignoreLines(count) {
  const lines = ['# allowed on purpose (generated)'];
  for (let i = 0; lines.length <= count; i++) {
    const k = i % 10;
    if (k < 8) lines.push(`/fixtures/d${i % 97}/f${i}.bin`);
    else if (k === 8) lines.push(`blob-${i}.dat`);
    else lines.push(i % 20 === 9 ? `*.x${i}` : `/logs/${i}/**/*.log`);
  }
  return `${lines.slice(0, count).join('\n')}\n`;
}

function bulk(dir, count) {
  initRepo(dir);
  writeTree(dir, baseFiles(2000));
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', 'base']);
  writeTree(dir, bulkFiles(count));
  git(dir, ['add', '-A']);
}

/**
 * A linear history of `commits` commits over a tree of a few hundred folders: each commit edits
 * or adds 32 files in three folders, so with the trees each commit rewrites the history holds
 * about 200,000 objects for 5,000 commits. Cruft comes and goes along the way: a MongoDB
 * data directory (committed at 1,200, deleted at 1,900), a node_modules tree (2,500, deleted at
 * 2,501) and an 8 MiB video (3,500, deleted at 3,600).
 */
function* historyStream(commits) {
  const next = rng(99);
  const dirs = [];
  for (let a = 0; a < 12; a++) for (let b = 0; b < 25; b++) dirs.push(`src/area${a}/mod${b}`);
  const counts = new Map(dirs.map((d) => [d, 0]));
  const blob = (path, content) => {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content);
    return [Buffer.from(`M 100644 inline ${path}\ndata ${data.length}\n`), data, Buffer.from('\n')];
  };
  for (let c = 1; c <= commits; c++) {
    const when = 1_600_000_000 + c * 600;
    const parts = [
      Buffer.from(`commit refs/heads/main\nmark :${c}\ncommitter Bench <bench@example.com> ${when} +0000\ndata <<EOM\nCommit ${c}\nEOM\n`),
    ];
    if (c > 1) parts.push(Buffer.from(`from :${c - 1}\n`));
    for (let k = 0; k < 3; k++) {
      const d = dirs[Math.floor(next() * dirs.length)];
      const have = counts.get(d);
      for (let j = 0; j < (k < 2 ? 11 : 10); j++) {
        const existing = have > 0 && next() < 0.65;
        const i = existing ? Math.floor(next() * have) : counts.get(d);
        if (!existing) counts.set(d, i + 1);
        const path = `${d}/file${i}.ts`;
        parts.push(...blob(path, textFile(`${path}@${c}`, size(next, 200, 3000), next)));
      }
    }
    if (c === 1) parts.push(...blob('README.md', '# history\n'));
    if (c === 1200) for (const [name, content] of Object.entries(mongoDbPathFiles({ scale: 0.1 }))) parts.push(...blob(`mongo_files/${name}`, content));
    if (c === 1900) parts.push(Buffer.from('D mongo_files\n'));
    if (c === 2500) for (let i = 0; i < 400; i++) parts.push(...blob(`node_modules/pkg${i % 40}/f${i}.js`, `module.exports = ${i};\n`));
    if (c === 2501) parts.push(Buffer.from('D node_modules\n'));
    if (c === 3500) parts.push(...blob('assets/demo.mp4', Buffer.alloc(8 * 1024 * 1024, c & 0xff)));
    if (c === 3600) parts.push(Buffer.from('D assets/demo.mp4\n'));
    parts.push(Buffer.from('\n'));
    yield Buffer.concat(parts);
  }
  yield Buffer.from('done\n');
}

function fastImport(dir, chunks) {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['fast-import', '--quiet', '--done'], { cwd: dir, env: benchEnv(), stdio: ['pipe', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`git fast-import exited with ${code}`))));
    const pump = () => {
      for (;;) {
        const { value, done } = chunks.next();
        if (done) return child.stdin.end();
        if (!child.stdin.write(value)) return child.stdin.once('drain', pump);
      }
    };
    pump();
  });
}

/** The repository for a case, built now unless a complete one of this version is cached. */
export async function fixture(name, { rebuild = false, log = () => {} } = {}) {
  const build = BUILDERS[name];
  if (!build) throw new Error(`unknown benchmark case ${name}`);
  const dir = join(CACHE, name);
  const stamp = join(CACHE, `${name}.ready`);
  if (!rebuild && existsSync(stamp) && existsSync(dir)) return dir;
  rmSync(stamp, { force: true });
  log(`building ${name} in ${dir} …`);
  const t = Date.now();
  await build(dir);
  writeFileSync(stamp, `${JSON.stringify({ built: new Date().toISOString(), ...describe(name, dir) })}\n`);
  log(`built ${name} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  return dir;
}

export const CASES = Object.keys(BUILDERS);

/** What a repository holds, for the report: tracked, staged and untracked files, or commits and objects. */
function describe(name, dir) {
  const count = (args) => git(dir, args).split('\0').filter(Boolean).length;
  if (name === 'push-100k') {
    const [, newOid] = readFileSync(join(dir, 'input.txt'), 'utf8').split(' ');
    return { pushed: git(dir, ['diff-tree', '-r', '-z', '--name-only', '--no-commit-id', newOid]).split('\0').filter(Boolean).length };
  }
  if (name === 'audit-history') {
    const objects = Number(/in-pack: (\d+)/.exec(git(dir, ['count-objects', '-v']))?.[1] ?? 0);
    return { commits: Number(git(dir, ['rev-list', '--count', '--all']).trim()), objects };
  }
  return {
    tracked: count(['ls-tree', '-r', '-z', '--name-only', 'HEAD']),
    staged: count(['diff', '--cached', '--name-only', '-z', 'HEAD']),
    untracked: count(['ls-files', '--others', '--exclude-standard', '-z']),
  };
}

/** The description written when the repository was built. */
export function fixtureInfo(name) {
  try {
    return JSON.parse(readFileSync(join(CACHE, `${name}.ready`), 'utf8'));
  } catch {
    return {};
  }
}
