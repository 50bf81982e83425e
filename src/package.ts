// Where cruft-check's own package lives. The bundle splits code into dist/ and dist/chunks/, so
// walk up from this module to the package.json that names us instead of assuming a depth.
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
