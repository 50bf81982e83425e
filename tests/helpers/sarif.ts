// Validate SARIF documents against the SARIF 2.1.0 schema kept in tests/schemas (see its README).
// The schema is JSON Schema draft-04, so ajv's draft-04 class; formats (uri, uri-reference,
// date-time) are checked too, since code scanning parses every URI it is given.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Options, ValidateFunction } from 'ajv';
import { PROJECT } from './repo.js';

// Both packages are CommonJS whose module.exports is the class / plugin itself: require() them,
// so the same value arrives under vitest and under plain Node.
const require = createRequire(import.meta.url);
type AjvInstance = { compile(schema: object): ValidateFunction };
const Ajv = require('ajv-draft-04') as new (opts: Options) => AjvInstance;
const addFormats = require('ajv-formats') as (ajv: AjvInstance) => unknown;

const schema = JSON.parse(readFileSync(join(PROJECT, 'tests', 'schemas', 'sarif-2.1.0-rtm.5.json'), 'utf8')) as object;

let validate: ValidateFunction | undefined;

/** Schema violations of a SARIF document, as `path: message` lines; empty when it is valid. */
export function sarifErrors(doc: unknown): string[] {
  if (!validate) {
    // strict: false — the schema uses keywords (e.g. `default` beside $ref) that ajv's strict mode rejects.
    // unicodeRegExp: false — its `language` pattern has a stray `]` that only a non-unicode RegExp accepts.
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    validate = ajv.compile(schema);
  }
  const check = validate;
  if (check(doc)) return [];
  return (check.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}`);
}
