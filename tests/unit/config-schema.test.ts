// The JSON Schema shipped for editors must say what the parser enforces: every configuration
// below is judged by both (ajv over schema/cruftcheck.schema.json, and parseConfig), and they
// must agree. The schema must also list every rule of the catalogue.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Options, ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/facts/config.js';
import { CruftError } from '../../src/errors.js';
import { RULES } from '../../src/rules/index.js';
import { PROJECT } from '../helpers/repo.js';

const schema = JSON.parse(readFileSync(join(PROJECT, 'schema', 'cruftcheck.schema.json'), 'utf8'));
// ajv is CommonJS; its default export does not type-check under NodeNext, so load it with require.
const Ajv = createRequire(import.meta.url)('ajv') as new (opts: Options) => { compile(schema: unknown): ValidateFunction };
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
const ids = RULES.map((r) => r.id);

function parses(raw: unknown): boolean {
  try {
    parseConfig('.cruftcheck.json', raw, ids);
    return true;
  } catch (e) {
    if (e instanceof CruftError) return false;
    throw e;
  }
}

const GOOD: unknown[] = [
  {},
  { $schema: './node_modules/cruft-check/schema/cruftcheck.schema.json' },
  { rules: { 'log-file': 'off', 'large-file': 'warning' } },
  { largeFile: { bytes: '10 MiB' }, bulkAdd: { files: 500, topLevelDirs: 8, bytes: 50000000 } },
  { extraRules: [{ id: 'no-dumps', glob: '*.dump', message: 'database dump' }] },
  { extraRules: [{ id: 'no-scratch', globs: ['scratch/', '/tmp-*'], message: 'scratch files', severity: 'warning' }], rules: { 'no-scratch': 'info' } },
];

const BAD: unknown[] = [
  [],
  { rule: {} },
  { rules: { 'env-file': 'loud' } },
  { largeFile: { bytes: 'lots' } },
  { largeFile: { size: 5 } },
  { bulkAdd: { files: 0 } },
  { extraRules: {} },
  { extraRules: [{ id: 'No Dumps', glob: '*.dump', message: 'x' }] },
  { extraRules: [{ id: 'no-dumps', message: 'x' }] },
  { extraRules: [{ id: 'no-dumps', glob: '*.dump', globs: ['*.sql'], message: 'x' }] },
  { extraRules: [{ id: 'no-dumps', globs: [], message: 'x' }] },
  { extraRules: [{ id: 'no-dumps', glob: '*.dump', message: '' }] },
  { extraRules: [{ id: 'no-dumps', glob: '*.dump', message: 'x', severity: 'fatal' }] },
  { extraRules: [{ id: 'no-dumps', glob: '*.dump', message: 'x', run: 'rm -rf /' }] },
];

describe('configuration schema', () => {
  it('lists every rule of the catalogue with its title', () => {
    for (const r of RULES) expect(schema.properties.rules.properties[r.id]?.description, r.id).toBe(`${r.title} (default: ${r.severity})`);
    expect(Object.keys(schema.properties.rules.properties).sort()).toEqual([...ids].sort());
  });

  for (const raw of GOOD) {
    it(`accepts ${JSON.stringify(raw)}`, () => {
      expect(validate(raw), JSON.stringify(validate.errors)).toBe(true);
      expect(parses(raw)).toBe(true);
    });
  }
  for (const raw of BAD) {
    it(`rejects ${JSON.stringify(raw)}`, () => {
      expect(validate(raw)).toBe(false);
      expect(parses(raw)).toBe(false);
    });
  }

  it('rejects an extra rule that reuses a built-in id (which the schema cannot know)', () => {
    expect(parses({ extraRules: [{ id: 'env-file', glob: '*.x', message: 'x' }] })).toBe(false);
  });
});
