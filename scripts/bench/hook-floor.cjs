// What an ordinary commit's hook cannot avoid, without cruft-check: Node starts, asks git the
// hook's two questions (the staged diff against HEAD, the untracked listing) and reads the index
// file, with the arguments src/git/read.ts (stagedDiffArgs) and src/git/listing.ts (OTHERS) give
// git. Run in a repository (docs/performance.md, "How far the ordinary commit is from its floor"):
//   perf stat -r 20 node scripts/bench/hook-floor.cjs
const { spawn } = require('node:child_process');
const { readFileSync } = require('node:fs');

function ask(args) {
  return new Promise((resolve) => {
    const child = spawn('git', args, { stdio: ['ignore', 'pipe', 'ignore'] });
    const out = [];
    child.stdout.on('data', (b) => out.push(b));
    child.on('close', () => resolve(Buffer.concat(out)));
  });
}

Promise.all([
  ask(['diff', '--cached', '--raw', '-z', '--no-abbrev', '--no-ext-diff', '--no-textconv', '--ignore-submodules=none', '--no-relative', '-M', '--diff-filter=ACMRT', 'HEAD']),
  ask(['ls-files', '--others', '--exclude-standard', '-z', '--directory', '--no-empty-directory']),
]).then(([staged, untracked]) => {
  const index = readFileSync('.git/index');
  process.exitCode = staged.length + untracked.length + index.length > 0 ? 0 : 1;
});
