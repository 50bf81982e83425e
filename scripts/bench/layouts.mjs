// The file trees of the benchmark repositories, as lists of [path, content]. Everything is
// derived from a seed: the same version of this file always builds the same repositories.
import { mongoDbPathFiles } from '../layouts/mongodb.mjs';
import { binary, pick, rng, size, textFile } from './content.mjs';

const AREAS = ['api', 'auth', 'billing', 'core', 'db', 'jobs', 'mail', 'search', 'ui', 'util', 'web', 'admin'];
const PKG_WORDS = ['lodash', 'react', 'core', 'util', 'parse', 'string', 'is', 'array', 'object', 'stream', 'glob', 'path', 'fs', 'color', 'http', 'json', 'type', 'babel', 'plugin', 'loader'];

/** The project everyone works on: `count` tracked files of ordinary source, docs and tests. */
export function baseFiles(count = 2000, seed = 1) {
  const next = rng(seed);
  const files = [
    ['package.json', '{\n  "name": "bench-app",\n  "version": "1.0.0",\n  "private": true\n}\n'],
    ['README.md', '# bench-app\n\nA project of ordinary size for the cruft-check benchmark.\n'],
    ['.gitignore', '*.log\n.DS_Store\n'],
  ];
  for (let i = 0; files.length < count; i++) {
    const area = AREAS[i % AREAS.length];
    const kind = i % 10;
    const path =
      kind < 6
        ? `src/${area}/${pick(next, PKG_WORDS)}-${i}.ts`
        : kind < 9
          ? `tests/${area}/case-${i}.test.ts`
          : `docs/${area}/page-${i}.md`;
    files.push([path, textFile(path, size(next), next)]);
  }
  return files;
}

/**
 * What a careless `git add -A` picks up, `count` files in all: a node_modules tree (most of it),
 * a MongoDB data directory, Python byte-code caches, a few large binaries and ordinary new source.
 */
export function bulkFiles(count, seed = 7) {
  const next = rng(seed);
  const files = [];
  for (const [name, content] of Object.entries(mongoDbPathFiles())) files.push([`mongo_files/${name}`, content]);
  const MiB = 1024 * 1024;
  files.push(['assets/video/intro.mp4', binary(12 * MiB, 11, Buffer.from('\0\0\0\x20ftypisom'))]);
  files.push(['tools/bin/protoc', binary(8 * MiB, 12, Buffer.from('\x7fELF\x02\x01\x01'))]);
  files.push(['backups/site-2024-01-01.tar.gz', binary(6 * MiB, 13, Buffer.from([0x1f, 0x8b, 0x08]))]);

  const source = Math.round(count * 0.2);
  for (let i = 0; i < source; i++) {
    const path = `services/${AREAS[i % AREAS.length]}/${pick(next, PKG_WORDS)}/mod-${i}.ts`;
    files.push([path, textFile(path, size(next), next)]);
  }
  const python = Math.round(count * 0.06);
  for (let i = 0; i < python; i += 2) {
    const pkg = `ml/${AREAS[(i >> 4) % AREAS.length]}/pkg${i >> 4}`;
    const mod = `m${i}`;
    files.push([`${pkg}/${mod}.py`, textFile(`${pkg}/${mod}.py`, size(next), next)]);
    files.push([`${pkg}/__pycache__/${mod}.cpython-312.pyc`, textFile(`${pkg}/__pycache__/${mod}.pyc`, size(next), next)]);
  }
  // node_modules fills the rest: packages of 5 to 60 files, some scoped, some with nested node_modules.
  let p = 0;
  while (files.length < count) {
    const name = p % 7 === 0 ? `@${pick(next, PKG_WORDS)}/${pick(next, PKG_WORDS)}-${p}` : `${pick(next, PKG_WORDS)}-${pick(next, PKG_WORDS)}-${p}`;
    const base = p % 11 === 5 ? `node_modules/${PKG_WORDS[p % PKG_WORDS.length]}-host/node_modules/${name}` : `node_modules/${name}`;
    const n = Math.min(count - files.length, 5 + Math.floor(next() * 56));
    for (let j = 0; j < n; j++) {
      const path =
        j === 0
          ? `${base}/package.json`
          : j === 1
            ? `${base}/README.md`
            : `${base}/${j % 3 === 0 ? 'lib/' : j % 5 === 0 ? 'dist/esm/' : ''}file-${j}.${j % 4 === 0 ? 'd.ts' : 'js'}`;
      files.push([path, textFile(path, size(next, 100, 9000), next)]);
    }
    p++;
  }
  return files.slice(0, count);
}

/** Ten files of an ordinary commit: six edited, four new. */
export function smallChange(base, seed = 3) {
  const next = rng(seed);
  const edited = base.filter(([p]) => p.startsWith('src/')).slice(100, 106).map(([p]) => [p, textFile(p, size(next), next)]);
  const added = [0, 1, 2, 3].map((i) => {
    const path = `src/feature/new-${i}.ts`;
    return [path, textFile(path, size(next), next)];
  });
  return [...edited, ...added];
}
