// `cruft-check rules` and `cruft-check explain`: the catalogue rendered from RULES itself.
import { errors } from './errors.js';
import { printable } from './format.js';
import type { ExampleFile } from './model.js';
import { RULES, findRule } from './rules/index.js';

export function listRules(format: string): string {
  if (format === 'json') {
    return `${JSON.stringify(RULES.map(({ id, category, severity, title, why, fix }) => ({ id, category, severity, title, why, fix })), null, 2)}\n`;
  }
  const w = Math.max(...RULES.map((r) => r.id.length)) + 2;
  const c = Math.max(...RULES.map((r) => r.category.length)) + 2;
  return `${RULES.map((r) => `${r.id.padEnd(w)}${r.category.padEnd(c)}${r.severity.padEnd(9)}${r.title}`).join('\n')}\n`;
}

const examplePath = (e: ExampleFile): string => (typeof e === 'string' ? e : e.path);

function exampleLine(ex: ExampleFile[]): string {
  const paths = [...new Set(ex.map(examplePath))];
  return `  ${paths.slice(0, 3).map(printable).join('  ')}${paths.length > 3 ? '  …' : ''}`;
}

export function explainRule(id: string): string {
  const rule = findRule(id);
  if (!rule) throw errors.usage(`unknown rule "${id}" (see \`cruft-check rules\`)`);
  return [
    `${rule.id} — ${rule.title}`,
    `category: ${rule.category}   default severity: ${rule.severity}`,
    '',
    rule.why,
    '',
    `Fix: ${rule.fix}`,
    '',
    'Flagged, for example:',
    ...rule.examples.flagged.slice(0, 3).map(exampleLine),
    'Not flagged:',
    ...rule.examples.clean.slice(0, 3).map(exampleLine),
    '',
  ].join('\n');
}
