// `npm pack` / `npm publish` ship package.json without the `prepare` script, and put it back
// afterwards (pinst's approach, for `prepare`). npm counts `prepare` in an installed package as an
// install script and warns about it ("install scripts not yet covered by allowScripts") in every
// project that installs the tarball — yet the package is already built and needs nothing run.
// In a clone of this repository `prepare` stays: `npm install` there builds dist/ and sets up husky.
//   node scripts/pack-scripts.mjs disable   (prepack, after the build)
//   node scripts/pack-scripts.mjs enable    (postpack)
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package.json', import.meta.url);
const text = readFileSync(file, 'utf8');
const [from, to] = process.argv[2] === 'disable' ? ['"prepare":', '"_prepare (restored after npm pack)":'] : ['"_prepare (restored after npm pack)":', '"prepare":'];
if (!['disable', 'enable'].includes(process.argv[2] ?? '')) {
  console.error('usage: node scripts/pack-scripts.mjs disable|enable');
  process.exit(2);
}
// A textual swap keeps the file byte for byte otherwise (formatting, key order).
if (text.includes(from)) writeFileSync(file, text.replace(from, to));
