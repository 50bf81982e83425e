// The only ways cruft-check changes a file: appending lines to `.gitignore` / `.cruftignore`
// (fix, the prompt's `u` and `a`, init) and writing its own hook. Every write goes to a
// temporary file beside the target and is renamed over it, so the file is always either the old
// bytes or the new ones — never half-written, whatever fails (a full disk, an immutable file).
//
// Appending keeps the original bytes exactly (a missing final newline is added first, CRLF files
// get CRLF lines, a BOM or invalid UTF-8 stays as it was) and never repeats a line that is
// already there. Whatever fails is a CruftError: one line, exit 2, nothing changed.
//
// An ignore file is never written through a symbolic link, nor anywhere its real path leaves the
// work tree: git does not read a symlinked `.gitignore` ("Too many levels of symbolic links"), so
// writing through one protects nothing, and a hostile repository's link would turn an append
// (with lines chosen by its file names) into a write to any file the user owns. Lines are written
// as the exact bytes they name (see gitignorePattern in format.ts); a line git cannot read back as
// one pattern (a line break) is refused, never approximated.
import { randomBytes } from 'node:crypto';
import {
  accessSync,
  chownSync,
  closeSync,
  constants,
  fchmodSync,
  fstatSync,
  fsyncSync,
  lstatSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, relative, sep } from 'node:path';
import { CruftError } from '../errors.js';
import { gitignorePattern } from '../text.js';
import { decodePath, encodePath } from '../git/parse.js';

/** The comment above the lines cruft-check adds; later additions go under the same header. */
export const IGNORE_HEADER = '# added by cruft-check';

/** What an append did (or, with dryRun, would do). */
export interface IgnoreEdit {
  /** The file as named by the caller (messages use its base name). */
  file: string;
  /** The file really written: always `file` itself (a symlink is refused, never followed). */
  target: string;
  /** Lines added (or to add), in order, without line ends. */
  added: string[];
  /** Requested lines that the file already holds. */
  present: string[];
  /** Requested lines that cannot be written to an ignore file (a path with a line break). */
  unwritable: string[];
  /** The bytes before; undefined when the file did not exist. */
  before: Buffer | undefined;
  after: Buffer;
  /** Whether the file was written (false for dry runs and when nothing was missing). */
  written: boolean;
}

function fail(file: string, reason: string, hint?: string): CruftError {
  return new CruftError(`cannot write ${basename(file)}: ${reason}`, hint);
}

function describe(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case 'ENOSPC':
      return 'no space left on the disk';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'EROFS':
      return 'the file system is read-only';
    case 'EPERM':
      return 'the file is protected (immutable or not permitted)';
    case 'EACCES':
      return 'permission denied';
    case 'EIO':
      return 'input/output error';
    case 'EFBIG':
      return 'file too large';
    default:
      return err.message ?? String(e);
  }
}

/** Where a write to `file` really lands: symlinks are followed, never replaced by a plain file (hooks; ignore files refuse links first, see checkIgnoreFile). */
function resolveTarget(file: string): { target: string; stat: Stats | undefined } {
  let st: Stats;
  try {
    st = lstatSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { target: file, stat: undefined };
    throw fail(file, describe(e));
  }
  if (!st.isSymbolicLink()) return { target: file, stat: st };
  try {
    const target = realpathSync(file);
    return { target, stat: statSync(target) };
  } catch {
    throw fail(file, 'it is a symbolic link to a file that does not exist', 'Fix or remove the link, then try again.');
  }
}

/**
 * The write rules for `.gitignore` / `.cruftignore`, checked before anything is read or written:
 * the file must be absent or a regular file that is not a symbolic link, and its real path (and
 * its folder's) must lie inside the work tree `root`.
 */
export function checkIgnoreFile(file: string, root: string): void {
  const name = basename(file);
  const refuse = (why: string): CruftError =>
    new CruftError(`refusing to write ${name}: ${why}. Nothing was changed.`, `Replace it with a regular file inside the repository (or add the lines yourself), then try again.`);
  let st: Stats | undefined;
  try {
    st = lstatSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw fail(file, describe(e));
  }
  if (st?.isSymbolicLink()) {
    // Git ignores a symlinked ignore file, and writing through the link would change whatever it points at.
    throw refuse('it is a symbolic link, which git does not read and cruft-check does not write through');
  }
  let realRoot: string;
  let realDir: string;
  try {
    realRoot = realpathSync(root);
    realDir = realpathSync(dirname(file));
  } catch (e) {
    throw fail(file, describe(e));
  }
  const inside = (p: string): boolean => {
    const rel = relative(realRoot, p);
    return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep));
  };
  if (!inside(realDir) || (st !== undefined && !inside(realpathSync(file)))) throw refuse('its real path is outside the work tree');
}

/** The bytes of `file`, or undefined when it does not exist; a symbolic link is never followed (O_NOFOLLOW). */
function readNoFollow(file: string): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ELOOP') throw new CruftError(`refusing to write ${basename(file)}: it became a symbolic link. Nothing was changed.`);
    throw fail(file, describe(e));
  }
  try {
    if (!fstatSync(fd).isFile()) throw fail(file, 'it is not a regular file');
    return readFileSync(fd);
  } catch (e) {
    if (e instanceof CruftError) throw e;
    throw fail(file, describe(e));
  } finally {
    closeSync(fd);
  }
}

/**
 * Refuse early, before anything is changed, when a write could not succeed or would do harm:
 * a read-only file (its mode says so — respected even when running as root, who could replace
 * it anyway), an immutable file or read-only file system (access(2) reports these even to
 * root), a directory in the way, a folder where no temporary file can be created, or a file
 * with other hard links (renaming over it would silently split them).
 */
export function assertWritable(file: string): void {
  const { target, stat } = resolveTarget(file);
  if (stat) {
    if (stat.isDirectory()) throw fail(file, 'it is a directory');
    if (!stat.isFile()) throw fail(file, 'it is not a regular file');
    if ((stat.mode & 0o222) === 0) {
      throw fail(file, `it is read-only (mode ${(stat.mode & 0o777).toString(8)})`, `Make it writable (chmod u+w ${basename(file)}) or add the lines yourself.`);
    }
    if (stat.nlink > 1) throw fail(file, 'it has other hard links, which replacing it would break', 'Add the lines yourself.');
    try {
      accessSync(target, constants.W_OK);
    } catch (e) {
      throw fail(file, describe(e));
    }
  }
  try {
    accessSync(dirname(target), constants.W_OK);
  } catch (e) {
    throw fail(file, `cannot create a file in ${dirname(target)}: ${describe(e)}`);
  }
}

function lstatOrUndefined(file: string): Stats | undefined {
  try {
    return lstatSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw fail(file, describe(e));
  }
}

function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // not every file system lets a directory be synced; the rename itself is still atomic
  }
}

/**
 * Replace `file` with `data` atomically: a temporary file in the same folder, flushed to disk,
 * then renamed over the target. Keeps an existing file's mode (and owner, when run as root); a
 * symlink is written through, not replaced. `expect` guards against a lost update: when the
 * file changed since the caller read it, nothing is written.
 */
export function writeAtomic(file: string, data: string | Buffer, opts: { mode?: number; expect?: Buffer | null; noFollow?: boolean } = {}): void {
  const { target, stat } = opts.noFollow ? { target: file, stat: lstatOrUndefined(file) } : resolveTarget(file);
  if (opts.noFollow && stat?.isSymbolicLink()) throw new CruftError(`refusing to write ${basename(file)}: it became a symbolic link. Nothing was changed.`);
  const dir = dirname(target);
  const tmp = `${dir}/.${basename(target)}.cruft-check-${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  const mode = opts.mode ?? (stat ? stat.mode & 0o7777 : 0o644);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', mode);
    // open() applies the umask; an existing file's mode (or the caller's) is kept exactly.
    if (stat || opts.mode !== undefined) fchmodSync(fd, mode);
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    if (stat && process.getuid?.() === 0 && (stat.uid !== 0 || stat.gid !== 0)) chownSync(tmp, stat.uid, stat.gid);
    if (opts.expect !== undefined) {
      let now: Buffer | null = null;
      try {
        now = opts.noFollow ? (readNoFollow(target) ?? null) : readFileSync(target);
      } catch {
        now = null;
      }
      const same = opts.expect === null ? now === null : now !== null && now.equals(opts.expect);
      if (!same) throw new CruftError(`${basename(file)} changed while cruft-check was writing it; nothing was changed. Try again.`);
    }
    renameSync(tmp, target);
  } catch (e) {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // already failing; the temporary file is removed below
      }
    }
    try {
      unlinkSync(tmp);
    } catch {
      // never created
    }
    if (e instanceof CruftError) throw e;
    throw fail(file, describe(e));
  }
  fsyncDir(dir);
}

/**
 * Compare lines the way git reads them (dir.c): the CR of a CRLF line end goes, then unescaped
 * trailing spaces (trim_trailing_spaces); anything else, a tab or a leading blank, is part of the
 * pattern and makes the line different.
 */
export function lineKey(line: string): string {
  const l = line.endsWith('\r') ? line.slice(0, -1) : line;
  let lastSpace = -1;
  for (let i = 0; i < l.length; i++) {
    const c = l[i];
    if (c === ' ') {
      if (lastSpace < 0) lastSpace = i;
      continue;
    }
    if (c === '\\') {
      i++;
      if (i >= l.length) return l;
    }
    lastSpace = -1;
  }
  return lastSpace >= 0 ? l.slice(0, lastSpace) : l;
}
const key = lineKey;

/** Why a line cannot be written so that git reads it back as itself, or undefined. */
export function unwritableLine(line: string): string | undefined {
  if (line.includes('\n')) return 'a line break in the name';
  // git drops the CR before a line end: such a line would name another path.
  if (line.endsWith('\r')) return 'a carriage return at the end of the line';
  return undefined;
}

function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}

/** Work out the new bytes: the old ones untouched, then (maybe) a header, then the missing lines. */
function composeAppend(before: Buffer | undefined, lines: string[], header: string): Omit<IgnoreEdit, 'file' | 'target' | 'written'> {
  // Bytes that are not UTF-8 are kept as lone surrogates (decodePath), so lines naming such bytes compare exactly.
  // A byte-order mark at the start is no part of the first line (git skips it too).
  const text = before ? decodePath(before).replace(/^\ufeff/, '') : '';
  const existing = splitLines(text);
  const have = new Set(existing.map(key).filter((l) => l !== ''));
  const added: string[] = [];
  const present: string[] = [];
  const unwritable: string[] = [];
  for (const line of lines) {
    if (unwritableLine(line) !== undefined) {
      // gitignore syntax has no escape for a line break: such a path cannot be listed.
      unwritable.push(line);
      continue;
    }
    if (key(line) === '') continue;
    if (have.has(key(line))) {
      if (!added.includes(line)) present.push(line);
      continue;
    }
    have.add(key(line));
    added.push(line);
  }
  if (added.length === 0) return { added, present, unwritable, before, after: before ?? Buffer.alloc(0) };
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let prefix = '';
  if (text !== '' && !text.endsWith('\n')) prefix += eol;
  // Continue our own block when the file ends with it; otherwise start one under a header.
  const body = existing.slice(0, text.endsWith('\n') ? -1 : undefined);
  const lastHeader = body.map(key).lastIndexOf(header);
  const endsWithOurBlock = lastHeader >= 0 && body.slice(lastHeader + 1).every((l) => key(l) !== '' && !key(l).startsWith('#'));
  if (!endsWithOurBlock) {
    const lastLine = body[body.length - 1];
    if (text !== '' && lastLine !== undefined && key(lastLine) !== '') prefix += eol;
    prefix += header + eol;
  }
  // The exact bytes each line names (a byte that is not UTF-8 is written as that byte).
  const addition = encodePath(prefix + added.map((l) => l + eol).join(''));
  return { added, present, unwritable, before, after: Buffer.concat([before ?? Buffer.alloc(0), addition]) };
}

/**
 * Append the `lines` that `file` does not hold yet, under `header`. The one function every
 * command uses to add to `.gitignore` or `.cruftignore`. With `dryRun` nothing is written and
 * the returned edit says what would be added.
 */
export function appendIgnoreLines(file: string, lines: readonly string[], opts: { root: string; header?: string; dryRun?: boolean }): IgnoreEdit {
  if (lines.length === 0) {
    // Nothing to write, so nothing to refuse: an unreadable or linked file reads as absent (git skips a linked one too).
    let before: Buffer | undefined;
    try {
      before = readNoFollow(file);
    } catch {
      before = undefined;
    }
    return { file, target: file, added: [], present: [], unwritable: [], before, after: before ?? Buffer.alloc(0), written: false };
  }
  checkIgnoreFile(file, opts.root);
  const before = readNoFollow(file);
  const edit: IgnoreEdit = { file, target: file, written: false, ...composeAppend(before, [...lines], opts.header ?? IGNORE_HEADER) };
  if (opts.dryRun || edit.added.length === 0) return edit;
  assertWritable(file);
  writeAtomic(file, edit.after, { expect: before ?? null, noFollow: true });
  edit.written = true;
  return edit;
}

/**
 * Undo an append (when a later step of the same command failed): put the old bytes back, or
 * remove the file if the append created it — but only while the file still holds exactly what
 * we wrote, so a change made by someone else in between is never thrown away.
 */
export function revertIgnoreEdit(edit: IgnoreEdit): void {
  if (!edit.written) return;
  let now: Buffer | undefined;
  try {
    // Never through a link, as when it was written: one put there since counts as a change.
    now = readNoFollow(edit.target);
  } catch {
    now = undefined;
  }
  if (!now || !now.equals(edit.after)) {
    throw new CruftError(`${basename(edit.file)} changed after cruft-check wrote it, so it was left as it is`);
  }
  if (edit.before === undefined) {
    try {
      unlinkSync(edit.target);
    } catch (e) {
      throw fail(edit.file, describe(e));
    }
  } else {
    writeAtomic(edit.file, edit.before, { expect: edit.after, noFollow: true });
  }
  edit.written = false;
}

/** A `.gitignore`/`.cruftignore` line that matches exactly this repository-relative path (`dir/` for a folder). */
export function anchoredLine(path: string): string {
  return gitignorePattern(path);
}
