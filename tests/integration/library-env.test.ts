// check()'s `env`: git runs in the environment it is given, not this process's. The accuracy set
// (tests/accuracy/run.ts) judges its scenarios this way, and so can any program that checks
// several repositories at once, each with its own home and configuration, without changing
// process.env under the others.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';
import { makeRepo, PROJECT } from '../helpers/repo.js';

type Library = typeof import('../../src/index.js');

it('runs git in the environment it is given', async () => {
  const { check } = (await import(pathToFileURL(join(PROJECT, 'dist', 'index.mjs')).href)) as Library;
  const repo = makeRepo();
  const ours = process.env.GIT_INDEX_FILE;
  try {
    repo.tree({ node_modules: { 'left-pad': { 'index.js': 'module.exports = 1;\n', 'package.json': '{}\n' } } });
    // node_modules/ staged in another index file only: the repository's own index has no change.
    const other = join(repo.scratch, 'other-index');
    expect(repo.gitResult(['add', 'node_modules'], { env: { ...repo.env, GIT_INDEX_FILE: other } }).status).toBe(0);
    const rules = async (env: NodeJS.ProcessEnv): Promise<string[]> =>
      (await check({ cwd: repo.dir, scope: 'staged', env })).report.findings.map((f) => f.rule);
    expect(await rules(repo.env)).toEqual([]);
    expect(await rules({ ...repo.env, GIT_INDEX_FILE: other })).toContain('dependency-directory');
    // This process's environment was not changed.
    expect(process.env.GIT_INDEX_FILE).toBe(ours);
  } finally {
    repo.cleanup();
  }
});
