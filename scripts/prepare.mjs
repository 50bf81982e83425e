// `npm install` in a clone of this repository: build dist/ (the project's own husky hook runs
// it, and the pre-commit framework's clone needs it) and let husky set core.hooksPath. Outside a
// git checkout (an unpacked tarball) there is nothing to set up: say nothing. npm pack removes
// this script from the shipped package.json anyway (scripts/pack-scripts.mjs).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
if (!existsSync(`${root}.git`)) process.exit(0);
execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
// husky may be missing (npm install --omit=dev) or git absent: the build is what matters.
spawnSync('husky', { cwd: root, stdio: 'inherit', shell: true });
