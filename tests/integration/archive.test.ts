// Listing archives from their two ends (src/facts/archive.ts), against archives written by the real
// zip(1) and tar(1): long names, a central directory larger than the window read, and inputs that
// are not archives or would inflate without end.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { ARCHIVE_WINDOW, type Ends, listArchive } from '../../src/facts/archive.js';

const dir = mkdtempSync(join(tmpdir(), 'cruft-check-archive-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What sniff.ts reads of a file: its first and last window. */
function endsOf(bytes: Buffer): Ends {
  const head = bytes.subarray(0, ARCHIVE_WINDOW);
  const tail = bytes.length <= ARCHIVE_WINDOW ? head : bytes.subarray(bytes.length - ARCHIVE_WINDOW);
  return { head, tail, size: bytes.length };
}

function tree(root: string, files: Record<string, string>): void {
  for (const [p, c] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), c);
  }
}

const LONG = `node_modules/${'very-long-package-name/'.repeat(6)}index.js`;
const hasZip = spawnSync('sh', ['-c', 'command -v zip']).status === 0;

describe('listArchive', () => {
  it.runIf(hasZip)('lists what zip -r wrote, and only names from the end when the directory outgrows the window', () => {
    const src = join(dir, 'zip-src');
    const files: Record<string, string> = { 'app/server.js': 'x\n' };
    for (let i = 0; i < 1500; i++) files[`app/node_modules/package-number-${i}/lib/index.js`] = `${i}\n`;
    tree(src, files);
    execFileSync('zip', ['-qr', join(dir, 'big.zip'), 'app'], { cwd: src });
    const bytes = readFileSync(join(dir, 'big.zip'));
    const listing = listArchive(endsOf(bytes));
    expect(listing?.format).toBe('zip');
    const names = listing?.names ?? [];
    // The directory (1,500 entries of ~80 bytes) is larger than the window: part of it is listed, every name real.
    expect(names.length).toBeGreaterThan(100);
    expect(names.length).toBeLessThan(1500);
    expect(names.every((n) => n.startsWith('app/'))).toBe(true);
    expect(names.some((n) => n.startsWith('app/node_modules/'))).toBe(true);
  });

  it('lists what tar wrote, GNU long names and pax paths included, compressed or not', () => {
    const src = join(dir, 'tar-src');
    tree(src, { [LONG]: 'x\n', 'venv/pyvenv.cfg': 'home = /usr/bin\n' });
    for (const format of ['gnu', 'pax']) {
      const out = join(dir, `t-${format}.tar`);
      execFileSync('tar', [`--format=${format}`, '-cf', out, 'node_modules', 'venv'], { cwd: src });
      const bytes = readFileSync(out);
      expect(listArchive(endsOf(bytes))?.names, format).toEqual(expect.arrayContaining([LONG, 'venv/pyvenv.cfg']));
      expect(listArchive(endsOf(gzipSync(bytes)))?.names, `${format}.gz`).toEqual(expect.arrayContaining([LONG, 'venv/pyvenv.cfg']));
    }
  });

  it('gives nothing for what is not a zip or tar, and stops a gzip that would inflate without end', () => {
    expect(listArchive(endsOf(Buffer.from('just text, not an archive\n')))).toBeUndefined();
    expect(listArchive(endsOf(gzipSync(Buffer.from('plain text compressed, no tar inside\n'.repeat(100)))))).toBeUndefined();
    const zeros = gzipSync(Buffer.alloc(200 * 1024 * 1024));
    const started = Date.now();
    expect(listArchive(endsOf(zeros))).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
