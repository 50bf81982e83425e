// micromatch, loaded the first time a glob has to be compiled rather than when cruft-check starts.
// With its dependencies it is about half of the code the rules would otherwise load, and an
// ordinary commit compiles no glob at all: every table is first narrowed by the literal text its
// globs need (hints.ts), and only a name that passes is tested for real. Loaded with require()
// from node_modules (it is a dependency), so the bundle leaves it out of the start-up path.
import { createRequire } from 'node:module';
import type Micromatch from 'micromatch';

let loaded: typeof Micromatch | undefined;

export function micromatch(): typeof Micromatch {
  loaded ??= createRequire(import.meta.url)('micromatch') as typeof Micromatch;
  return loaded;
}
