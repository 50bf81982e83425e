// cruft-check's command line, bundled into dist/bundle.js (which src/launch.ts runs). It starts
// git's first questions (src/git/early.ts) and only then sets up the rest of the command line
// (src/main.ts and what it imports: the rule tables, the pipeline): git answers on the other
// core meanwhile. Nothing here may end the run: a problem with the arguments is reported by
// main, like any other.
import { type EarlyStart, startEarly } from './git/early.js';
import { parse } from './options.js';

/** The early start a check of staged and untracked files needs; undefined for any other command. */
function early(argv: string[]): EarlyStart | undefined {
  try {
    const { values, positionals } = parse(argv);
    if (positionals.length > 0 || values.range !== undefined || values.help || values.version) return undefined;
    // The documented ways to skip the hook ask git nothing.
    if (values.hook && (process.env.CRUFT_CHECK === 'off' || process.env.HUSKY === '0')) return undefined;
    const untracked = values.staged ? undefined : values['untracked-files'] === 'all' ? 'all' : 'normal';
    return startEarly(typeof values.cwd === 'string' ? values.cwd : process.cwd(), untracked);
  } catch {
    return undefined;
  }
}

const argv = process.argv.slice(2);
const started = early(argv);
void import('./main.js').then(({ run }) => run(argv, started));
