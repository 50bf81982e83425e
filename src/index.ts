// Library entry: `import { check } from 'cruft-check'`.
export { check, type CheckOptions, type CheckResult } from './judge/check.js';
export type { Finding, Report, Rule, Severity, Category, FileFact } from './model.js';
export { RULES } from './rules/index.js';
