// The library's type declarations: `tsc` emits them for src/index.ts and what it imports into
// OUT/types/, and OUT/index.d.ts re-exports them, so `import { check } from 'cruft-check'` is
// typed (package.json "exports" → "types"). Run by `npm run build` (scripts/build.mjs --types),
// which packing runs; not by `npm test`'s build, which needs no declarations.
//
//   node scripts/types.mjs OUT
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

export function emitTypes(out) {
  const dir = mkdtempSync(join(tmpdir(), 'cruft-check-types-'));
  try {
    const config = join(dir, 'tsconfig.json');
    writeFileSync(
      config,
      JSON.stringify({
        extends: join(ROOT, 'tsconfig.json'),
        compilerOptions: { typeRoots: [join(ROOT, 'node_modules', '@types')], noEmit: false, declaration: true, emitDeclarationOnly: true, rootDir: join(ROOT, 'src'), outDir: join(out, 'types') },
        files: [join(ROOT, 'src', 'index.ts')],
        include: [],
      }),
    );
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', config], { stdio: 'inherit' });
    writeFileSync(join(out, 'index.d.ts'), `export * from './${relative(out, join(out, 'types', 'index.js'))}';\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = process.argv[2];
  if (!out) {
    console.error('usage: node scripts/types.mjs OUT');
    process.exit(2);
  }
  emitTypes(resolve(out));
}
