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
  { name: 'format', type: 'string', short: 'f', value: 'FORMAT', multiple: true, help: 'human, json, sarif, github or codequality (default: human); audit --repos: human, json, markdown or html; repeatable' },
  { name: 'output', type: 'string', short: 'o', value: 'FILE', multiple: true, help: 'write the report of the --format before it to FILE' },
  { name: 'fail-on-empty', type: 'boolean', help: 'with --range: exit 1 when the range holds no commits (HEAD is the base)' },
  { name: 'fail-on', type: 'string', value: 'LEVEL', help: 'exit 1 from this severity up: error (default), warning, info or never' },
  { name: 'cwd', type: 'string', short: 'C', value: 'DIR', help: 'run in DIR instead of the current directory' },
  { name: 'untracked-files', type: 'string', value: 'MODE', help: 'normal (default): an untracked dependency folder is one entry, its files not counted; all: count every file' },
  { name: 'history', type: 'boolean', help: 'audit: every commit reachable from REV, not only the tree at REV' },
  { name: 'all', type: 'boolean', help: 'audit --history: the history of every branch, tag and other ref' },
  { name: 'repos', type: 'boolean', help: 'audit: the arguments are repositories (folders with a clone), one report for all' },
  { name: 'repos-from', type: 'string', value: 'FILE', help: 'audit: the repositories listed in FILE, one path a line (# comments)' },
  { name: 'jobs', type: 'string', value: 'N', help: 'audit --repos: repositories audited at once (default: the number of cores)' },
  { name: 'merge', type: 'boolean', help: 'audit: combine the JSON reports of several audit --repos runs given as arguments' },
  { name: 'verbose', type: 'boolean', help: 'hook: the full report (why, commands to type) above the question, not the one screen' },
  { name: 'no-input', type: 'boolean', help: 'never ask a question; the exit code carries the decision' },
  { name: 'yes', type: 'boolean', short: 'y', help: 'report, but do not block (exit 0)' },
  { name: 'dry-run', type: 'boolean', help: 'fix, add: print what would be done, change nothing' },
  { name: 'with-cruftignore', type: 'boolean', help: 'init: also write .cruftignore (examples commented out)' },
  { name: 'ignore-untracked', type: 'boolean', help: 'init: also add .gitignore lines for untracked cruft' },
  { name: 'server', type: 'boolean', help: 'init/uninstall: the pre-receive hook of the bare repository DIR (default: here)' },
  { name: 'config', type: 'string', value: 'FILE', help: 'pre-receive: the server policy file (default: git config cruftcheck.config)' },
  { name: 'ignore', type: 'boolean', help: 'add: also write the .gitignore lines for what it left out' },
  { name: 'strict', type: 'boolean', help: 'add: exit 1 when something was left out' },
  { name: 'global', type: 'boolean', help: 'init/uninstall: every repository of this user (a global core.hooksPath)' },
  { name: 'status', type: 'boolean', help: 'init --global: which repositories the global hooks cover' },
  { name: 'pre-push', type: 'boolean', help: 'init/uninstall: the pre-push hook (judges the commits a push sends)' },
  { name: 'color', type: 'boolean', help: 'force colour' },
  { name: 'no-color', type: 'boolean', help: 'no colour (also when NO_COLOR is set)' },
  { name: 'help', type: 'boolean', short: 'h', help: 'show this help' },
  { name: 'version', type: 'boolean', short: 'v', help: 'show the version' },
];

export const COMMANDS = [
  ['(none)', 'pre-flight: check staged and untracked files before you commit'],
  ['init', 'install the pre-commit hook (husky or plain git hooks; keeps an existing hook)'],
  ['uninstall', 'remove the pre-commit hook block that init added'],
  ['add [PATHSPEC…]', 'git add --all, except the cruft: stages the rest, says what it left out (--dry-run, --ignore, --strict)'],
  ['doctor', 'is this repository protected? hooks, .gitignore, cruft already in HEAD'],
  ['pre-push REMOTE URL', 'run as the pre-push hook: judge the commits the remote does not have yet'],
  ['audit [REV]', 'the cruft already committed: in the tree at REV (default HEAD), or with --history in every commit'],
  ['audit --repos PATH…', 'many repositories, one report (table, json, markdown or html); --merge A.json B.json… combines runs'],
  ['fix', 'unstage flagged paths and add their .gitignore lines (--dry-run to preview); touches no other file'],
  ['pre-receive', "the git server's hook: refuse a push that adds cruft (install with init --server)"],
  ['rules', 'list the rule catalogue'],
  ['explain RULE', 'show what a rule looks for and how to fix it'],
] as const;

/**
 * What is wrong with the options, in cruft-check's words, or undefined. Read from parseArgs'
 * tokens of a lenient parse: Node's own messages speak of positional arguments, quote the option
 * with a quote they never close, and run into the hint.
 */
function misuse(argv: string[], tokens: ReturnType<typeof parseArgs>['tokens']): string | undefined {
  for (const t of tokens ?? []) {
    if (t.kind !== 'option') continue;
    const o = OPTIONS.find((x) => x.name === t.name);
    // (A letter of a group of short options, `-y=1` read as -y -= -1, is named with its group.)
    const arg = argv[t.index];
    if (!o) return `unknown option ${t.rawName}${!t.rawName.startsWith('--') && arg !== undefined && arg !== t.rawName ? ` in ${arg}` : ''}`;
    if (o.type === 'boolean' && t.value !== undefined) return `${t.rawName} takes no value`;
    if (o.type === 'string') {
      const wants = o.value ? ` (${o.value})` : '';
      if (t.value === undefined) return `${t.rawName} needs a value${wants}`;
      // `--format --staged`: the next option taken as the value (a strict parse calls it ambiguous).
      if (!t.inlineValue && t.value.startsWith('-') && t.value !== '-') return `${t.rawName} needs a value${wants}, not the option ${t.value}`;
    }
  }
  return undefined;
}

/** Parse the arguments; a usage error is a CruftError (one line, exit code 2). */
function parseNow(argv: string[]) {
  const options = Object.fromEntries(
    OPTIONS.map((o) => [o.name, { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) }]),
  ) as Parameters<typeof parseArgs>[0] extends infer P ? (P extends { options?: infer O } ? O : never) : never;
  const problem = misuse(argv, parseArgs({ args: argv, options, allowPositionals: true, strict: false, tokens: true }).tokens);
  if (problem) throw errors.usage(problem);
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true, tokens: true });
  } catch (e) {
    // Whatever the checks above did not foresee: Node's first sentence, without its dangling quote.
    const first = (e as Error).message.split(/\n|\. /)[0] ?? '';
    throw errors.usage(first.replace(/['"]/g, '').replace(/\.$/, '').trim() || 'the arguments cannot be read');
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

