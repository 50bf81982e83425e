// Where cruft-check's own package lives. Walk up from this module (bundled into dist/bundle.js or
// dist/index.mjs, or run from src/ by the tests) to the package.json that names us, instead of
// assuming a depth: dist/ holds a package.json of its own, which names nothing.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'cruft-check') return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the cruft-check package directory');
    dir = up;
  }
}

export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}
