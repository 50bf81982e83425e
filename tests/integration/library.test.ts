// The library as a user's project sees it: `import { check } from 'cruft-check'` resolved through
// package.json's "exports", typed by the declarations `npm run build` emits (scripts/types.mjs),
// and the README's example type-checked and run against a real repository.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformSync } from 'esbuild';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeRepo, PROJECT, type TestRepo } from '../helpers/repo.js';

let repo: TestRepo;
let project: string;

/** The README's "Use it as a library" example, taken from the README itself. */
function readmeExample(): string {
  const readme = readFileSync(join(PROJECT, 'README.md'), 'utf8');
  const m = /## Use it as a library[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme);
  if (!m?.[1]) throw new Error('README.md has no "Use it as a library" section with a ts example');
  return m[1];
}

beforeAll(() => {
  repo = makeRepo();
  project = join(repo.scratch, 'consumer');
  const pkg = join(project, 'node_modules', 'cruft-check');
  mkdirSync(join(pkg, 'dist'), { recursive: true });
  copyFileSync(join(PROJECT, 'package.json'), join(pkg, 'package.json'));
  // A link: Node resolves the bundle's own dependencies from where it really lives.
  symlinkSync(join(PROJECT, 'dist', 'index.mjs'), join(pkg, 'dist', 'index.mjs'));
  execFileSync(process.execPath, [join(PROJECT, 'scripts', 'types.mjs'), join(pkg, 'dist')], { stdio: 'pipe' });
  // As npm installs it: the package's own dependencies beside it (their types included).
  const deps = Object.keys((JSON.parse(readFileSync(join(PROJECT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies);
  for (const dep of deps) symlinkSync(join(PROJECT, 'node_modules', dep), join(project, 'node_modules', dep));
  writeFileSync(join(project, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, skipLibCheck: false, typeRoots: [join(PROJECT, 'node_modules', '@types')], types: ['node'] },
    }),
  );
});
afterAll(() => repo.cleanup());

// tsc -p for the consumer, checking of declaration files only cruft-check's own (skipLibCheck is
// off for them): TypeScript's lib files and @types/node say nothing about ours, and checking them
// was 5 of the 9 s CPU a plain `tsc` took here (tests/helpers/consumer-typecheck.mjs).
const tsc = () => spawnSync(process.execPath, [join(PROJECT, 'tests', 'helpers', 'consumer-typecheck.mjs'), project], { cwd: project, encoding: 'utf8' });

it('is typed: the README example type-checks, and a wrong use does not', { timeout: 120_000 }, () => {
  writeFileSync(join(project, 'example.ts'), readmeExample());
  // Declarations that said `any` would let this through. (One tsc run for both files: it is slow.)
  writeFileSync(join(project, 'wrong.ts'), "import { check } from 'cruft-check';\nawait check({ cwd: 42, scope: 'everything' });\n");
  const r = tsc();
  const errors = `${r.stdout}${r.stderr}`.split('\n').filter((l) => /error TS\d+/.test(l));
  expect(errors.filter((l) => !l.startsWith('wrong.ts')), errors.join('\n')).toEqual([]);
  expect(errors.some((l) => l.startsWith('wrong.ts'))).toBe(true);
  // The declarations were read and checked, not skipped.
  expect(r.stdout).toMatch(/checked 2 files and [1-9]\d* of cruft-check's declaration files/);
});

it("runs: the README example, resolved through package.json's exports, reads the findings of a real repository", () => {
  repo.write('.env', 'PASSWORD=hunter2\n');
  repo.write('src/app.js', 'console.log(1);\n');
  repo.git('add', '.env', 'src/app.js');
  const js = transformSync(readmeExample(), { loader: 'ts', format: 'esm' }).code;
  writeFileSync(join(project, 'example.mjs'), js);
  const r = spawnSync(process.execPath, [join(project, 'example.mjs')], { cwd: repo.dir, env: repo.env, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.stdout).toMatch(/error env-file: \.env \(1 files?, 17 bytes\)/);
  expect(r.stdout).not.toContain('app.js');
  expect(r.status).toBe(1);
});
