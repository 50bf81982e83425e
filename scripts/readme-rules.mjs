// `npm run readme:rules`: writes README.md's rule list from the catalogue itself (the built CLI's
// `cruft-check rules --format json`), between the `<!-- rules:start -->` and `<!-- rules:end -->`
// markers, so the rules are described once, in src/rules/. `--check` changes nothing and exits 1
// when the README is stale (a test runs it).
import { execFileSync } from 'node:child_process';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const readme = join(root, 'README.md');
const START = '<!-- rules:start -->';
const END = '<!-- rules:end -->';

const rules = JSON.parse(execFileSync(process.execPath, [join(root, 'dist', 'cli.js'), 'rules', '--format', 'json'], { encoding: 'utf8' }));

// One entry per rule: its id as a heading (the anchor SARIF and GitHub annotations link to, and
// what tests/unit/readme-rules.test.ts looks for), then one paragraph on the next line: title,
// category, default severity, why it matters and the fix. Two lines a rule, so the README stays
// a front door (a heading needs no blank line after it, and the next heading ends the paragraph).
function render(list) {
  const lines = [START, '<!-- Generated from the rule catalogue (src/rules/) by `npm run readme:rules`; edit the rules, not this list. -->'];
  for (const r of list) {
    lines.push(`### ${r.id}`, `**${r.title}** · \`${r.category}\` · default \`${r.severity}\`. ${r.why} **Fix:** ${r.fix}`);
  }
  lines.push('', END);
  return lines.join('\n');
}

const text = readFileSync(readme, 'utf8');
const block = render(rules);
let next;
const s = text.indexOf(START);
const e = text.indexOf(END);
if (s >= 0 && e > s) {
  next = text.slice(0, s) + block + text.slice(e + END.length);
} else {
  // No markers: a section of its own, before "## Configuration" when there is one.
  const section = `## Rules\n\nEvery rule has a stable id (used in the JSON and SARIF output, in \`rules\` of .cruftcheck.json and in \`cruft-check explain <id>\`). \`cruft-check rules\` prints this list.\n\n${block}\n\n`;
  const at = text.search(/\n## Configuration/);
  next = at >= 0 ? `${text.slice(0, at + 1)}${section}${text.slice(at + 1)}` : `${text.trimEnd()}\n\n${section}`;
}
if (process.argv.includes('--check')) {
  if (next !== text) {
    console.error('README.md: the rule list is stale; run `npm run readme:rules`.');
    process.exit(1);
  }
} else if (next !== text) {
  // Write beside, then rename: a reader never sees half a README.
  writeFileSync(`${readme}.tmp`, next);
  renameSync(`${readme}.tmp`, readme);
  console.log('README.md: rule list updated.');
} else {
  console.log('README.md: rule list up to date.');
}
