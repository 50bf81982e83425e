// Runs in a worker thread (dist/lstat-worker.js, built beside the bundle): lstat each path of a
// buffer of NUL-terminated absolute paths (their exact bytes) and post back the sizes, -1 for
// anything that is not a regular file or is gone. See workTreeSizes() in src/git/listing.ts.
import { lstatSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

interface LstatJob {
  paths: Uint8Array;
  count: number;
}

const job = workerData as LstatJob;
const buf = Buffer.from(job.paths.buffer, job.paths.byteOffset, job.paths.byteLength);
const sizes = new Float64Array(job.count);
let start = 0;
for (let i = 0; i < sizes.length; i++) {
  const end = buf.indexOf(0, start);
  try {
    const st = lstatSync(buf.subarray(start, end), { throwIfNoEntry: false });
    sizes[i] = st?.isFile() ? st.size : -1;
  } catch {
    sizes[i] = -1; // unreadable, or a folder on the way is now a file
  }
  start = end + 1;
}
parentPort?.postMessage(sizes, [sizes.buffer]);
