// Git processes started ahead after a bulk add (startAhead in src/git/run.ts) belong to the check
// that started them: two checks side by side in one process (the library) must not end each
// other's. Real git processes in a real repository.
import { afterEach, expect, it } from 'vitest';
import { aheadWaiting, gitProcess, releaseAhead, startAhead } from '../../src/git/run.js';
import { CAT_FILE_BATCH } from '../../src/git/read.js';
import { makeRepo, type TestRepo } from '../helpers/repo.js';

let repo: TestRepo | undefined;
afterEach(() => {
  repo?.cleanup();
  repo = undefined;
});

/** What `cat-file --batch` answers about HEAD's README.md, through `child`. */
function ask(child: ReturnType<typeof gitProcess>, object: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const out: Buffer[] = [];
    child.stdout?.on('data', (b: Buffer) => out.push(b));
    child.on('close', () => resolve(Buffer.concat(out).toString('utf8').split('\n')[0] ?? ''));
    child.on('error', reject);
    child.stdin?.end(`${object}\n`);
  });
}

it("one check's release ends only what it started ahead; the other's process is still taken and answers", async () => {
  repo = makeRepo();
  const blob = repo.git('rev-parse', 'HEAD:README.md').trim();
  // Each early start has an environment object of its own (src/git/early.ts): two checks.
  const first = { ...repo.env };
  const second = { ...repo.env };
  startAhead(repo.dir, CAT_FILE_BATCH, { env: first, input: true, stderr: false });
  startAhead(repo.dir, CAT_FILE_BATCH, { env: second, input: true, stderr: false });
  expect(aheadWaiting()).toBe(2);

  releaseAhead(first); // the first check ends
  expect(aheadWaiting()).toBe(1);

  // The second check asks its question: it takes the process started for it.
  const child = gitProcess(repo.dir, CAT_FILE_BATCH, { env: second, stdin: true });
  expect(aheadWaiting()).toBe(0);
  expect(await ask(child, blob)).toMatch(new RegExp(`^${blob} blob \\d+$`));
  releaseAhead(second); // nothing left of it: a no-op
  expect(aheadWaiting()).toBe(0);
});
