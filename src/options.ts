// The command line's options and commands, in one table: parsing, --help and the entry's early
// start (src/cli.ts) all read it. Kept free of cruft-check's other modules so the entry can parse
// the arguments before anything else is loaded.
import { parseArgs } from 'node:util';
import { errors } from './errors.js';

export interface Option {
  name: string;
  type: 'boolean' | 'string';
  short?: string;
  value?: string;
  /** May be given more than once (`--format` / `--output` pairs). */
  multiple?: boolean;
  help: string;
}

/** The one option table: parsing and --help both come from it. */
export const OPTIONS: Option[] = [
  { name: 'staged', type: 'boolean', help: 'check only what the next commit contains (ignore untracked files)' },
  { name: 'hook', type: 'boolean', help: 'run as the pre-commit hook: staged files, ask on the terminal when blocked' },
  { name: 'range', type: 'string', value: 'BASE...HEAD', help: 'check what a branch adds since its merge base with BASE (CI); BASE..HEAD: since BASE' },
  { name: 'format', type: 'string', short: 'f', value: 'FORMAT', multiple: true, help: 'human, json, sarif or github (default: human); repeatable' },
  { name: 'output', type: 'string', short: 'o', value: 'FILE', multiple: true, help: 'write the report of the --format before it to FILE' },
  { name: 'fail-on', type: 'string', value: 'LEVEL', help: 'exit 1 from this severity up: error (default), warning, info or never' },
  { name: 'cwd', type: 'string', short: 'C', value: 'DIR', help: 'run in DIR instead of the current directory' },
  { name: 'untracked-files', type: 'string', value: 'MODE', help: 'normal (default): an untracked dependency folder is one entry, its files not counted; all: count every file' },
  { name: 'history', type: 'boolean', help: 'audit: every commit reachable from REV, not only the tree at REV' },
  { name: 'all', type: 'boolean', help: 'audit --history: the history of every branch, tag and other ref' },
  { name: 'verbose', type: 'boolean', help: 'hook: the full report (why, commands to type) above the question, not the one screen' },
  { name: 'no-input', type: 'boolean', help: 'never ask a question; the exit code carries the decision' },
  { name: 'yes', type: 'boolean', short: 'y', help: 'report, but do not block (exit 0)' },
  { name: 'dry-run', type: 'boolean', help: 'fix: print what would be done, change nothing' },
  { name: 'with-cruftignore', type: 'boolean', help: 'init: also write .cruftignore (examples commented out)' },
  { name: 'ignore-untracked', type: 'boolean', help: 'init: also add .gitignore lines for untracked cruft' },
  { name: 'color', type: 'boolean', help: 'force colour' },
  { name: 'no-color', type: 'boolean', help: 'no colour (also when NO_COLOR is set)' },
  { name: 'help', type: 'boolean', short: 'h', help: 'show this help' },
  { name: 'version', type: 'boolean', short: 'v', help: 'show the version' },
];

export const COMMANDS = [
  ['(none)', 'pre-flight: check staged and untracked files before you commit'],
  ['init', 'install the pre-commit hook (husky or plain git hooks; keeps an existing hook)'],
  ['uninstall', 'remove the pre-commit hook block that init added'],
  ['audit [REV]', 'the cruft already committed: in the tree at REV (default HEAD), or with --history in every commit'],
  ['fix', 'unstage flagged paths and add their .gitignore lines (--dry-run to preview); touches no other file'],
  ['rules', 'list the rule catalogue'],
  ['explain RULE', 'show what a rule looks for and how to fix it'],
] as const;

/** Parse the arguments; a usage error is a CruftError (one line, exit code 2). */
function parseNow(argv: string[]) {
  const options = Object.fromEntries(
    OPTIONS.map((o) => [o.name, { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) }]),
  ) as Parameters<typeof parseArgs>[0] extends infer P ? (P extends { options?: infer O } ? O : never) : never;
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true, tokens: true });
  } catch (e) {
    throw errors.usage((e as Error).message.split('\n')[0] ?? 'bad arguments');
  }
}

export type ParsedArgs = ReturnType<typeof parseNow>;

/** Arguments already parsed: the entry parses them to start git early, then the command line uses them. */
const parsed = new WeakMap<string[], ParsedArgs>();

/** Parse the arguments (once per array); a usage error is a CruftError (one line, exit code 2). */
export function parse(argv: string[]): ParsedArgs {
  let result = parsed.get(argv);
  if (!result) {
    result = parseNow(argv);
    parsed.set(argv, result);
  }
  return result;
}

