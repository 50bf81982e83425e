// cruft-check command line (loaded by the entry, src/cli.ts).
//
// Exit codes (also in --help and README.md):
//   0  nothing blocks (or the person at the prompt chose to commit anyway)
//   1  blocked: an error finding in what the commit (or pre-flight) would add
//   2  usage, configuration or environment problem (not a repository, git missing, bad
//      config) or an internal error; one line on stderr, never a stack trace
//
// With the entry, this is the only module that reads the arguments and the environment for
// options, and the only one that sets process.exitCode. Reporters, the prompt and the installer
// are loaded only when used, so an ordinary commit loads none of them.
import { join } from 'node:path';
import { anchorUnlisted, check } from './judge/check.js';
import { CruftError, errors } from './errors.js';
import type { EarlyStart } from './git/early.js';
import { COMMANDS, OPTIONS, parse } from './options.js';
import { safeText } from './text.js';
import type { Report, Severity } from './model.js';
import { exitCodeFor, planOutputs, writeOutputs, type Output, type OutputToken } from './report/output.js';
import { RULES } from './rules/index.js';

function helpText(): string {
  const opts = OPTIONS.map((o) => {
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${o.name}${o.value ? ` ${o.value}` : ''}`;
    return `  ${flag.padEnd(28)}${o.help}`;
  });
  return [
    'Usage: cruft-check [command] [options]',
    '',
    'Stops database working directories, dependency trees and careless `git add .` bulk',
    'adds before they are committed.',
    '',
    'Commands:',
    ...COMMANDS.map(([c, h]) => `  ${c.padEnd(28)}${h}`),
    '',
    'Options:',
    ...opts,
    '',
    'Exit codes: 0 nothing blocks · 1 blocked by an error finding · 2 usage, configuration or environment error',
    'Environment: CRUFT_CHECK=off skips the hook · NO_COLOR or TERM=dumb disables colour, FORCE_COLOR forces it · CI=true never prompts',
    '',
  ].join('\n');
}

function useColor(values: Record<string, unknown>, stream: NodeJS.WriteStream): boolean {
  if (values['no-color'] || process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (values.color || (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0')) return true;
  // A dumb terminal shows escape sequences as text.
  return Boolean(stream.isTTY) && process.env.TERM !== 'dumb';
}

/** Write the report to every `--format`/`--output` destination; the exit code never depends on it. */
async function print(report: Report, plan: Output[], color: boolean, repo: { head?: unknown; root: string }): Promise<void> {
  // These formats place a finding on a file: an untracked folder nobody looked inside gets one.
  if (plan.some((o) => o.format === 'sarif' || o.format === 'codequality')) anchorUnlisted(report, repo.root);
  await writeOutputs(report, plan, {
    rules: RULES,
    hasHead: Boolean(repo.head),
    color,
    env: process.env,
    ascii: process.env.TERM === 'dumb',
    ...(process.stdout.isTTY && process.stdout.columns ? { width: process.stdout.columns } : {}),
  });
}

function untrackedMode(value: unknown): 'normal' | 'all' {
  if (value === undefined || value === 'normal') return 'normal';
  if (value === 'all') return 'all';
  throw errors.usage(`--untracked-files must be normal or all (got "${String(value)}")`);
}

/** The lines git writes on a push hook's standard input; from a terminal there are none to wait for. */
async function hookInput(hook: string, install: string): Promise<string> {
  if (process.stdin.isTTY) throw errors.usage(`${hook} reads the lines git writes on standard input: git runs it (${install})`);
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function failOnOf(value: unknown): Severity | 'never' {
  if (value === undefined) return 'error';
  if (value === 'error' || value === 'warning' || value === 'info' || value === 'never') return value;
  throw errors.usage(`--fail-on must be error, warning, info or never (got "${String(value)}")`);
}

async function main(argv: string[], early: EarlyStart | undefined): Promise<number> {
  const { values, positionals, tokens } = parse(argv);
  if (values.help) {
    process.stdout.write(helpText());
    return 0;
  }
  if (values.version) {
    const { packageVersion } = await import('./package.js');
    process.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  const cwd = typeof values.cwd === 'string' ? values.cwd : process.cwd();
  const outputTokens = tokens.flatMap((t) => (t.kind === 'option' && (t.name === 'format' || t.name === 'output') ? [{ name: t.name, value: t.value ?? '' } as OutputToken] : []));
  const [first, ...args] = positionals;
  const many = values.repos || values['repos-from'] !== undefined || values.merge;
  if (first !== 'audit' && (many || values.jobs !== undefined)) throw errors.usage('--repos, --repos-from, --jobs and --merge go with the audit command: cruft-check audit --repos PATH…');
  if (first === 'audit' && many) {
    // Many repositories (or merged runs): a command of its own, with its own formats.
    const { runAuditRepos } = await import('./commands/audit-repos.js');
    return runAuditRepos({ values, args, tokens: outputTokens, cwd, failOn: failOnOf(values['fail-on']) });
  }
  if (values.jobs !== undefined) throw errors.usage('--jobs goes with audit --repos');
  const plan = planOutputs(outputTokens);
  const format = plan[0]?.format ?? 'human';
  const failOn = failOnOf(values['fail-on']);
  const [command, ...rest] = positionals;

  switch (command) {
    case undefined:
      break;
    case 'init':
    case 'uninstall': {
      if (values.server) {
        if (rest.length > 1) throw errors.usage(`unexpected argument "${rest[1]}"`);
        const server = await import('./commands/pre-receive.js');
        const { packageRoot } = await import('./package.js');
        const dir = rest[0] ?? cwd;
        const say = (t: string): void => void process.stdout.write(t);
        return command === 'uninstall' ? server.uninstallServerHook(dir, say) : server.installServerHook(dir, join(packageRoot(), 'dist', 'cli.js'), say);
      }
      if (values.global) {
        const g = await import('./commands/global.js');
        if (values.status) return g.runGlobalStatus(cwd, rest, process.env);
        if (rest.length > 0) throw errors.usage(`unexpected argument "${rest[0]}"`);
        return command === 'init' ? g.runInitGlobal(cwd, process.env) : g.runUninstallGlobal(cwd, process.env);
      }
      if (values.status) throw errors.usage('--status goes with --global: cruft-check init --global --status [REPO…]');
      const init = await import('./commands/init.js');
      const prePush = values['pre-push'] ? await import('./commands/prepush.js') : undefined;
      if (command === 'uninstall') {
        if (prePush) {
          process.stdout.write(`${await prePush.uninstallPrePush(cwd)}\n`);
          return 0;
        }
        return init.runUninstall(cwd);
      }
      const code = await init.runInit(cwd, {
        withCruftignore: Boolean(values['with-cruftignore']),
        ignoreUntracked: Boolean(values['ignore-untracked']),
        noInput: Boolean(values['no-input']),
        env: process.env,
      });
      // --pre-push: the pre-push hook as well, beside the pre-commit hook.
      if (prePush) process.stdout.write(`${await prePush.installPrePush(cwd)}\n`);
      return code;
    }
    case 'audit': {
      if (rest.length > 1) throw errors.usage(`unexpected argument "${rest[1]}"`);
      const { runAudit } = await import('./commands/audit.js');
      return runAudit(cwd, {
        ...(rest[0] !== undefined ? { rev: rest[0] } : {}),
        history: Boolean(values.history),
        all: Boolean(values.all),
        plan,
        color: useColor(values, process.stdout),
        failOn,
        yes: Boolean(values.yes),
      });
    }
    case 'pre-receive': {
      if (rest.length > 0) throw errors.usage(`unexpected argument "${rest[0]}"`);
      const { runPreReceive } = await import('./commands/pre-receive.js');
      return runPreReceive(cwd, {
        ...(typeof values.config === 'string' ? { config: values.config } : {}),
        input: await hookInput('pre-receive', '`cruft-check init --server` installs it'),
        env: process.env,
        write: (t) => void process.stderr.write(t),
      });
    }
    case 'add': {
      const { runAdd } = await import('./commands/add.js');
      return runAdd(cwd, {
        dryRun: Boolean(values['dry-run']),
        ignore: Boolean(values.ignore),
        strict: Boolean(values.strict),
        color: useColor(values, process.stdout),
        pathspecs: rest,
      });
    }
    case 'pre-push': {
      if (rest.length < 1 || rest.length > 2) throw errors.usage('pre-push takes the remote name and URL git gives a pre-push hook: cruft-check pre-push REMOTE URL');
      const { runPrePush } = await import('./commands/prepush.js');
      return runPrePush(cwd, rest[0] ?? '', {
        color: useColor(values, process.stderr),
        noInput: Boolean(values['no-input']),
        yes: Boolean(values.yes),
        env: process.env,
        input: await hookInput('pre-push', '`cruft-check init --pre-push` installs it'),
      });
    }
    case 'doctor': {
      if (rest.length > 0) throw errors.usage(`unexpected argument "${rest[0]}"`);
      const { runDoctor } = await import('./commands/doctor.js');
      return runDoctor(cwd, { color: useColor(values, process.stdout), env: process.env });
    }
    case 'fix': {
      if (rest.length > 0) throw errors.usage(`unexpected argument "${rest[0]}"`);
      const { runFix } = await import('./commands/fix.js');
      return runFix(cwd, { dryRun: Boolean(values['dry-run']) });
    }
    case 'rules':
    case 'explain': {
      const { listRules, explainRule } = await import('./commands/rules.js');
      if (command === 'rules') process.stdout.write(listRules(format));
      else {
        if (!rest[0]) throw errors.usage('explain needs a rule id, for example `cruft-check explain database-directory`');
        process.stdout.write(explainRule(rest[0]));
      }
      return 0;
    }
    default:
      throw errors.usage(`unknown command "${command}"`);
  }
  if (positionals.length > 0) throw errors.usage(`unexpected argument "${positionals[0]}"`);

  if (values['fail-on-empty'] && typeof values.range !== 'string') throw errors.usage('--fail-on-empty goes with --range: it fails a range that holds no commits');
  if (values.hook && typeof values.range === 'string') throw errors.usage('--range and --hook cannot be combined: the hook judges the commit being made');
  if (values.hook) {
    // Documented ways to skip the hook once: CRUFT_CHECK=off, and husky's HUSKY=0.
    if (process.env.CRUFT_CHECK === 'off' || process.env.HUSKY === '0') return 0;
    const { report, repo } = await check({ cwd, scope: 'hook', ...(early ? { early } : {}) });
    if (plan.length > 1 || plan[0]?.format !== 'human' || plan[0]?.file !== undefined || values['fail-on'] !== undefined) {
      // A machine-readable hook run (a hook manager or CI collecting a report): no prompt, the exit code decides.
      await print(report, plan, false, repo);
      return values.yes ? 0 : exitCodeFor(report, failOn);
    }
    // An ordinary commit: nothing to say, so neither the prompt nor a reporter is loaded.
    if (report.findings.length === 0) return 0;
    const { runHook } = await import('./commands/hook.js');
    return runHook(report, {
      color: useColor(values, process.stderr),
      ...(values.color ? { colorFlag: true } : values['no-color'] ? { colorFlag: false } : {}),
      ascii: process.env.TERM === 'dumb',
      verbose: Boolean(values.verbose),
      noInput: Boolean(values['no-input']),
      yes: Boolean(values.yes),
      hasHead: Boolean(repo.head),
      env: process.env,
      repo,
    });
  }

  if (typeof values.range === 'string') {
    if (values.staged) throw errors.usage('--range and --staged cannot be combined: a range is judged on its commits');
    const { report, repo } = await check({ cwd, scope: 'range', range: values.range });
    await print(report, plan, useColor(values, process.stdout), repo);
    if (values.yes) return 0;
    // An empty range is a notice by default (a push of the base branch itself is fine); a
    // workflow that must judge a real branch asks for the failure.
    if (values['fail-on-empty'] && report.range?.commits === 0) return 1;
    return exitCodeFor(report, failOn);
  }
  const { report, repo } = await check({
    cwd,
    scope: values.staged ? 'staged' : 'preflight',
    untracked: untrackedMode(values['untracked-files']),
    ...(early ? { early } : {}),
  });
  await print(report, plan, useColor(values, process.stdout), repo);
  // The pre-flight (not the hook: that must cost an ordinary commit nothing) also says when
  // nothing new is flagged but cruft is already committed, which `git add` can no longer stop.
  if (!values.staged && report.findings.length === 0 && repo.head && plan.length === 1 && plan[0]?.format === 'human' && plan[0].file === undefined) {
    process.stdout.write(await committedCruftNote(cwd));
  }
  return values.yes ? 0 : exitCodeFor(report, failOn);
}

/** One line when HEAD's tree holds flagged paths (empty when it holds none, or the audit cannot run). */
async function committedCruftNote(cwd: string): Promise<string> {
  try {
    const { audit } = await import('./commands/audit.js');
    const r = await audit(cwd, { history: false, all: false });
    const shown = r.findings.filter((f) => f.severity !== 'info' && f.rule !== 'bulk-add');
    if (shown.length === 0) return '';
    const paths = [...new Set(shown.flatMap((f) => f.paths))];
    const named = paths.slice(0, 3).join(', ') + (paths.length > 3 ? `, and ${paths.length - 3} more` : '');
    return `note: already committed before: ${safeText(named)}. \`cruft-check audit\` shows it and how to take it out.\n`;
  } catch {
    return ''; // a note, never a reason for the pre-flight to fail
  }
}

/** Any failure ends in one line (paths in it escaped) and exit code 2; a stack trace only with CRUFT_CHECK_DEBUG. */
function fail(e: unknown): void {
  if (e instanceof CruftError) {
    process.stderr.write(`cruft-check: ${safeText(e.message)}${e.hint ? ` ${e.hint}` : ''}\n`);
  } else {
    const detail = process.env.CRUFT_CHECK_DEBUG ? `\n${(e as Error)?.stack ?? String(e)}` : '';
    process.stderr.write(
      `cruft-check: internal error: ${safeText((e as Error)?.message ?? String(e))}. This is a bug; please report it with the command you ran (CRUFT_CHECK_DEBUG=1 shows details).${detail}\n`,
    );
  }
  process.exitCode = 2;
}

// A reader that goes away (`cruft-check | head`) is not an error: the rest of the report is
// dropped and the exit code still says what was found. Anything else thrown outside main() — in
// an event handler, a stream — is an internal error like any other, never Node's stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') fail(e);
  });
}
process.on('uncaughtException', (e) => {
  fail(e);
  process.exit(2);
});

/** Run the command line; `early` is what the entry already asked git (src/cli.ts). */
export function run(argv: string[], early: EarlyStart | undefined): void {
  main(argv, early).then((code) => {
    process.exitCode = code;
  }, fail);
}
