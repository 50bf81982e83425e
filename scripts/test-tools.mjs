// Before `npm test`: the outside tools the tests run for real (tests/tools/package.json: the hook
// managers, Microsoft's SARIF validator) are installed apart from the project, so a fresh clone's
// `npm install && npm test` would find them missing. Installed here on first use, as .ci/run
// installs them: scripts off (the managers' would set up hooks in this repository), then the
// validator's own script (it makes its binary executable) by `npm rebuild` of that package alone.
// Present already: nothing is run.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const tools = join(dirname(fileURLToPath(import.meta.url)), '..', 'tests', 'tools');

function ready() {
  if (!existsSync(join(tools, 'node_modules', '.bin', 'lefthook')) || !existsSync(join(tools, 'node_modules', 'simple-git-hooks'))) return false;
  try {
    const multitool = createRequire(join(tools, 'package.json'))('@microsoft/sarif-multitool');
    accessSync(multitool, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

if (!ready()) {
  process.stderr.write('Installing the tools the tests run (tests/tools/package.json)…\n');
  const npm = (args) => spawnSync('npm', ['--prefix', tools, '--no-audit', '--no-fund', '--loglevel=error', ...args], { stdio: 'inherit' }).status === 0;
  if (!npm(['install', '--ignore-scripts']) || !npm(['rebuild', `@microsoft/sarif-multitool-${process.platform}`])) {
    process.stderr.write('warning: tests/tools could not be installed; the hook-manager and SARIF-validator tests will fail\n');
  }
}
