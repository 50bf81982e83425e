// Small text helpers shared by the reporters and rule messages.

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

/**
 * Make a path safe to print on a terminal: control characters (C0, DEL, C1 — which include the
 * ESC and CSI that start ANSI/OSC escape sequences), and Unicode's bidirectional overrides are
 * shown as escapes, so a hostile file name cannot move the cursor, change the title or reorder text.
 */
export function printable(path: string): string {
  return path.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\\]/g, (c) => {
    if (c === '\\') return '\\\\';
    if (c === '\n') return '\\n';
    if (c === '\t') return '\\t';
    if (c === '\r') return '\\r';
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Quote an argument for a POSIX shell command the user may copy (never run by cruft-check). */
export function shellQuote(arg: string): string {
  if (/^[A-Za-z0-9_./@%+=:,-]+$/.test(arg) && !arg.startsWith('-')) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}
