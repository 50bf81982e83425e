// `cruft-check rules` and `cruft-check explain`: the catalogue rendered from RULES itself.
import { errors } from '../errors.js';
import { printable } from '../text.js';
import type { ExampleFile } from '../model.js';
import { RULES, findRule } from '../rules/index.js';

export function listRules(format: string): string {
  if (format === 'json') {
    return `${JSON.stringify(RULES.map(({ id, category, severity, title, why, fix }) => ({ id, category, severity, title, why, fix })), null, 2)}\n`;
  }
  const w = Math.max(...RULES.map((r) => r.id.length)) + 2;
  const c = Math.max(...RULES.map((r) => r.category.length)) + 2;
  return `${RULES.map((r) => `${r.id.padEnd(w)}${r.category.padEnd(c)}${r.severity.padEnd(9)}${r.title}`).join('\n')}\n`;
}

/** An example's path, with what its first bytes hold when the rule judges them. */
function exampleText(e: ExampleFile): string {
  if (typeof e === 'string') return printable(e);
  if (e.head === undefined) return printable(e.path);
  const bytes = typeof e.head === 'string' ? Buffer.from(e.head, 'latin1') : Buffer.from(e.head);
  const text = bytes.subarray(0, 40).toString('latin1');
  const shown = /^[\x20-\x7e\t\n\r]*$/.test(text)
    ? `"${printable(text.split('\n')[0] ?? '')}"`
    : [...bytes.subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return `${printable(e.path)} (starting ${shown})`;
}

function exampleLine(ex: ExampleFile[]): string {
  const byPath = new Map(ex.map((e) => [typeof e === 'string' ? e : e.path, e]));
  const files = [...byPath.values()];
  return `  ${files.slice(0, 3).map(exampleText).join('  ')}${files.length > 3 ? '  …' : ''}`;
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
