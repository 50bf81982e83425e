// Problems of the user's input, configuration or environment. They end the run with exit
// code 2 and one line (plus an optional hint), never a stack trace.

export class CruftError extends Error {
  readonly hint: string | undefined;
  constructor(message: string, hint?: string) {
    super(message);
    this.name = 'CruftError';
    this.hint = hint;
  }
}

export const errors = {
  gitMissing: () =>
    new CruftError('git was not found on PATH.', 'Install git, or run cruft-check where git is available.'),
  notARepo: (dir: string) =>
    new CruftError(`not a git repository: ${dir}`, 'Run cruft-check inside a git work tree, or pass --cwd DIR.'),
  bareRepo: (dir: string) =>
    new CruftError(`${dir} is a bare repository: there is no work tree or index to check.`),
  noSuchDir: (dir: string) => new CruftError(`no such directory: ${dir}`),
  gitFailed: (args: readonly string[], stderr: string) =>
    new CruftError(`git ${args[0] ?? ''} failed: ${firstLine(stderr) || 'no message'}`),
  // The sentence says what is wrong and ends; the pointer to --help follows in parentheses.
  usage: (message: string) => new CruftError(message, '(see cruft-check --help)'),
  badConfig: (file: string, key: string, problem: string) =>
    new CruftError(`${file}: ${key ? `"${key}" ` : ''}${problem}`),
};

export function firstLine(text: string): string {
  return text.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
}
