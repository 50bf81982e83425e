// Every usage error reads the same way: `cruft-check: <what is wrong> (see cruft-check --help)`,
// one line, exit code 2. The sentence is cruft-check's own, never Node's parseArgs text (which
// speaks of positional arguments and leaves a quote open), and it ends before the hint.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type CliResult, makeRepo, type TestRepo } from '../helpers/repo.js';

let repo: TestRepo;
beforeAll(() => {
  repo = makeRepo();
});
afterAll(() => repo.cleanup());

const HINT = ' (see cruft-check --help)';

/** Each case's run, made once: both tests below read the same output of the same command. */
const runs = new Map<string, CliResult>();
function run(args: string[]): CliResult {
  const key = JSON.stringify(args);
  let r = runs.get(key);
  if (!r) {
    r = repo.cli(args);
    runs.set(key, r);
  }
  return r;
}

/** The arguments, and the exact line cruft-check must print for them. */
const CASES: Array<[string[], string]> = [
  [['--bogus'], 'unknown option --bogus'],
  [['--bogus=1'], 'unknown option --bogus'],
  [['-x'], 'unknown option -x'],
  [['--staged', '--no-colour'], 'unknown option --no-colour'],
  [['--format'], '--format needs a value (FORMAT)'],
  [['-f'], '-f needs a value (FORMAT)'],
  [['--cwd'], '--cwd needs a value (DIR)'],
  [['--format', '--staged'], '--format needs a value (FORMAT), not the option --staged'],
  [['--staged=yes'], '--staged takes no value'],
  // A group of short options: Node reads -y=1 as -y -= -1.
  [['-y=1'], 'unknown option -= in -y=1'],
  [['-yx'], 'unknown option -x in -yx'],
  [['--format', 'xml'], 'unknown format "xml" (expected human, json, sarif, github, codequality)'],
  [['--fail-on', 'loud'], '--fail-on must be error, warning, info or never (got "loud")'],
  [['--untracked-files=some'], '--untracked-files must be normal or all (got "some")'],
  [['launch'], 'unknown command "launch"'],
  [['audit', 'HEAD', 'extra'], 'unexpected argument "extra"'],
  [['fix', 'extra'], 'unexpected argument "extra"'],
  [['explain'], 'explain needs a rule id, for example `cruft-check explain database-directory`'],
];

it.each(CASES)('%j: one line of cruft-check\'s own, exit 2', (args, sentence) => {
  const r = run(args);
  expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 2, stdout: '', stderr: `cruft-check: ${sentence}${HINT}\n` });
});

it('no usage error carries Node\'s wording or an unbalanced quote', () => {
  for (const [args] of CASES) {
    const line = run(args).stderr;
    expect(line).not.toMatch(/positional|argument missing|ambiguous|Unknown option/);
    for (const q of ["'", '"', '`']) expect(line.split(q).length % 2, `${JSON.stringify(args)}: ${q} in ${line}`).toBe(1);
  }
});
