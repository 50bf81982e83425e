// Run a step of action.yml the way the GitHub Actions runner runs a composite action's `run`
// step: `${{ … }}` expressions replaced from the contexts, the step's env added, the script run
// by `bash --noprofile --norc -eo pipefail` in its working directory, outputs read back from the
// $GITHUB_OUTPUT file. Only property look-ups are supported in expressions: anything else fails
// the test, which keeps action.yml simple enough to be exercised here for real.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { PROJECT } from './repo.js';

export interface ActionStep {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  with?: Record<string, string>;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  'working-directory'?: string;
}

export interface ActionInput {
  description: string;
  required?: boolean;
  default?: string;
}

export interface ActionFile {
  name: string;
  description: string;
  inputs: Record<string, ActionInput>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

export function loadAction(path = join(PROJECT, 'action.yml')): ActionFile {
  return parse(readFileSync(path, 'utf8')) as ActionFile;
}

export type Contexts = Record<string, unknown>;

/** Every `${{ expr }}` in a text, with the expression trimmed. */
export function expressions(text: string): string[] {
  return [...text.matchAll(/\$\{\{\s*(.*?)\s*\}\}/g)].map((m) => m[1] ?? '');
}

function lookup(contexts: Contexts, expr: string): string {
  if (!/^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)*$/.test(expr)) throw new Error(`unsupported expression in action.yml: ${expr}`);
  let value: unknown = contexts;
  for (const key of expr.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  // The runner renders a missing property as an empty string.
  return value === undefined || value === null ? '' : String(value);
}

export function substitute(text: string, contexts: Contexts): string {
  return text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expr: string) => lookup(contexts, expr));
}

export interface StepResult {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
}

/** Run one `run:` step. `inputs` are the action's inputs (defaults applied from action.yml). */
export function runStep(
  action: ActionFile,
  stepId: string,
  opts: { inputs: Record<string, string>; github: Record<string, unknown>; steps?: Record<string, { outputs: Record<string, string> }>; env: NodeJS.ProcessEnv; workspace: string; scratch: string },
): StepResult {
  const step = action.runs.steps.find((s) => s.id === stepId);
  if (!step?.run) throw new Error(`action.yml has no run step "${stepId}"`);
  if (step.shell !== 'bash') throw new Error(`step "${stepId}": only shell: bash is simulated`);
  const inputs = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, opts.inputs[k] ?? v.default ?? '']));
  const contexts: Contexts = { inputs, github: opts.github, steps: opts.steps ?? {} };
  const dir = mkdtempSync(join(opts.scratch, 'step-'));
  const outputFile = join(dir, 'output');
  writeFileSync(outputFile, '');
  const script = join(dir, 'script.sh');
  writeFileSync(script, substitute(step.run, contexts));
  const env: NodeJS.ProcessEnv = {
    ...opts.env,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_WORKSPACE: opts.workspace,
    GITHUB_ACTION_PATH: String((opts.github as { action_path?: string }).action_path ?? ''),
    GITHUB_OUTPUT: outputFile,
    ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, substitute(String(v), contexts)])),
  };
  const cwd = resolve(opts.workspace, substitute(step['working-directory'] ?? '.', contexts));
  if (!existsSync(cwd)) throw new Error(`working-directory does not exist: ${cwd}`);
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd, env, encoding: 'utf8', input: '' });
  const outputs: Record<string, string> = {};
  for (const line of readFileSync(outputFile, 'utf8').split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) outputs[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, outputs };
}
