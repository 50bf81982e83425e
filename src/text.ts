// Small text helpers shared by the reporters and rule messages.

/** A character lower-casing could change: an upper-case ASCII letter, or anything outside ASCII. */
const MAY_CHANGE_CASE = /[A-Z\u0080-\uffff]/;

/**
 * `s.toLowerCase()`, without making a new string for the usual path or name that has no
 * upper-case letter: after a bulk add the rules lower-case 100,000 names, several times over.
 */
export function lowerCase(s: string): string {
  return MAY_CHANGE_CASE.test(s) ? s.toLowerCase() : s;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Characters a terminal would obey rather than show: C0, DEL, C1 (ESC and CSI start ANSI/OSC sequences), bidi controls, line separators. */
const UNSAFE_CHARS = '\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069';
/** A byte that is not UTF-8, as decodePath() (src/git/parse.ts) keeps it: a lone surrogate U+DC80–U+DCFF. */
const ESCAPED_BYTE = '\\udc80-\\udcff';
const UNSAFE = new RegExp(`[${UNSAFE_CHARS}${ESCAPED_BYTE}]`, 'u');

function escapeChar(c: string): string {
  if (c === '\\') return '\\\\';
  if (c === '\n') return '\\n';
  if (c === '\t') return '\\t';
  if (c === '\r') return '\\r';
  const code = c.codePointAt(0) ?? 0;
  if (code >= 0xdc80 && code <= 0xdcff) return `\\x${(code - 0xdc00).toString(16)}`; // the raw byte
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * Make a path safe to print on a terminal: control characters (C0, DEL, C1 — which include the
 * ESC and CSI that start ANSI/OSC escape sequences), Unicode's bidirectional controls and bytes
 * that are not UTF-8 are shown as escapes (`\x1b`, `\u202e`, `\xff`), and a backslash as `\\`,
 * so a hostile file name cannot move the cursor, change the title or reorder text, and the
 * escaped form is unambiguous.
 */
export function printable(path: string): string {
  return path.replace(new RegExp(`[${UNSAFE_CHARS}${ESCAPED_BYTE}\\\\]`, 'gu'), escapeChar);
}

/**
 * For text built from paths that is already quoted or escaped for its own syntax (a shell
 * command from shellQuote(), a gitignore line from gitignorePattern()): escapes what a terminal
 * would obey, but leaves backslashes alone. On such text it changes nothing; it is the last guard.
 */
export function safeText(text: string): string {
  return text.replace(new RegExp(UNSAFE.source, 'gu'), escapeChar);
}

/**
 * Text as a Markdown code span (CommonMark): fenced by more backticks than the longest run inside
 * it, and padded with a space when it starts or ends with a backtick, so a command holding a
 * backtick (a file name may) is still read back whole. The text itself is left as it is: a shell
 * command must reach the reader with its escapes intact.
 */
export function codeSpan(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/**
 * Quote an argument for a POSIX shell command the user may copy (never run by cruft-check). A
 * name holding characters a terminal would obey (or bytes that are not UTF-8) is written in
 * ANSI-C quoting, `$'…'` (bash, zsh, ksh, dash 0.5.12+), with those characters as `\xHH` escapes
 * of their UTF-8 bytes: it prints safely and pastes as exactly that name.
 */
export function shellQuote(arg: string): string {
  if (/^[A-Za-z0-9_./@%+=:,-]+$/.test(arg) && !arg.startsWith('-')) return arg;
  if (!UNSAFE.test(arg)) return `'${arg.replace(/'/g, `'\\''`)}'`;
  let out = '';
  for (const ch of arg) {
    if (ch === '\\' || ch === "'") out += `\\${ch}`;
    else if (UNSAFE.test(ch)) out += [...encodeChar(ch)].map((b) => `\\x${b.toString(16).padStart(2, '0')}`).join('');
    else out += ch;
  }
  return `$'${out}'`;
}

function encodeChar(ch: string): Buffer {
  const code = ch.codePointAt(0) ?? 0;
  return code >= 0xdc80 && code <= 0xdcff ? Buffer.of(code - 0xdc00) : Buffer.from(ch, 'utf8');
}

/**
 * A `.gitignore`/`.cruftignore` line that matches exactly this repository-relative path (`dir/`
 * for a folder), anchored at the root, and nothing else. Git matches patterns as bytes, so the
 * line holds the path's exact bytes (a control character, a C1 or bidi character, a byte that is
 * not UTF-8 stays that byte; never `?` or `*`, which would also match other names): the wildcard
 * and escape characters `\ * ? [` are escaped (and `] ! #`, harmlessly; the leading `/` already
 * keeps `#` and `!` from meaning a comment or a negation), a trailing blank gets one backslash
 * (git drops unescaped trailing spaces; a leading one it keeps), and a final CR is written as the class `[\r]`
 * (git drops a CR before the line end, and a backslash there would end the line with `\`).
 * A name with a line break cannot be written at all: see inexpressiblePath(); the line returned
 * then holds the line break, and the writer (ignorefile.ts) refuses it. Terminals get such lines
 * through safeText(), never as they are.
 */
export function gitignorePattern(path: string): string {
  const escaped = path
    .replace(/([\\*?[\]!#])/g, '\\$1')
    .replace(/([^\S\r\n])(\/?)$/, '\\$1$2')
    .replace(/\r$/, '[\r]');
  return `/${escaped}`;
}

/** Why no gitignore line can name exactly this path (a line break in it), or undefined when one can. */
export function inexpressiblePath(path: string): string | undefined {
  return path.includes('\n') ? 'a line break in the name, which a .gitignore line cannot hold' : undefined;
}
