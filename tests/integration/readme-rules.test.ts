// The README's rule list is generated from the catalogue (scripts/readme-rules.mjs); this fails
// when a rule changed and the README was not regenerated.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { RULES } from '../../src/rules/index.js';
import { PROJECT } from '../helpers/repo.js';

it('README.md lists every rule, as the catalogue describes it (npm run readme:rules)', () => {
  const r = spawnSync(process.execPath, [join(PROJECT, 'scripts', 'readme-rules.mjs'), '--check'], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const readme = readFileSync(join(PROJECT, 'README.md'), 'utf8');
  for (const rule of RULES) expect(readme).toContain(`### ${rule.id}\n`);
});
