// Node's built-in modules that only some runs need, loaded on first use with require().
//
// Why not `await import('node:fs/promises')`: the command line's bundle runs as a vm.Script
// (src/launch.ts), where import() has no loader at all; and in a plain CommonJS file the first
// import() starts Node's ES module loader, measured at about 8 ms of an ordinary commit's budget
// on the 2-core machine. require() of a built-in costs only the module itself.
import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);

/** node:fs/promises (and the readline it loads): reading the first bytes of candidate files. */
export const fsPromises = (): typeof import('node:fs/promises') => load('node:fs/promises') as typeof import('node:fs/promises');
/** node:worker_threads: measuring many untracked files beside the main thread. */
export const workerThreads = (): typeof import('node:worker_threads') => load('node:worker_threads') as typeof import('node:worker_threads');
/** node:zlib: inflating the first bytes of a .tar.gz to list its first entries (src/facts/archive.ts). */
export const zlib = (): typeof import('node:zlib') => load('node:zlib') as typeof import('node:zlib');
