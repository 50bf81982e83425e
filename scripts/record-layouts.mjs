// The JSON half of scripts/record-layouts.sh (read the note there first). The shell script runs
// the real servers; this file turns the directories they leave into tests/fixtures/layouts/*.json.
//
//   node scripts/record-layouts.mjs snapshot DIR STATE HOW OUT   one state of a data directory → OUT
//   node scripts/record-layouts.mjs write ENGINE SOURCE SERVER PACKAGE NOTE STATE.json...
//                                                                 the engine's fixture, atomically
//   node scripts/record-layouts.mjs mongodb OUTDIR                the documented MongoDB dbpath
//
// A state records, for every file of the directory: its relative path, size, permission bits and
// its first HEAD_BYTES bytes (base64). Tests rebuild the files from that (first bytes, then zeros
// up to the size) and check that cruft-check sees one database directory of the same files.
import { lstatSync, mkdtempSync, openSync, readFileSync, readSync, closeSync, readdirSync, readlinkSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HEAD_BYTES = 64;
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = join(ROOT, 'tests', 'fixtures', 'layouts');

function fail(message) {
  process.stderr.write(`record-layouts: ${message}\n`);
  process.exit(1);
}

function head(file) {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const n = readSync(fd, buf, 0, HEAD_BYTES, 0);
    return buf.subarray(0, n).toString('base64');
  } finally {
    closeSync(fd);
  }
}

/** Every entry below `dir`, sorted by path (byte order, as git sorts). */
function snapshot(dir) {
  const listing = [];
  const skipped = [];
  const walk = (rel) => {
    const full = rel ? join(dir, rel) : dir;
    for (const name of readdirSync(full).sort()) {
      const path = rel ? `${rel}/${name}` : name;
      const st = lstatSync(join(dir, path));
      const mode = (st.mode & 0o7777).toString(8).padStart(4, '0');
      if (st.isDirectory()) walk(path);
      else if (st.isFile()) listing.push({ path, size: st.size, mode, head: head(join(dir, path)) });
      else if (st.isSymbolicLink()) listing.push({ path, size: Buffer.byteLength(readlinkSync(join(dir, path))), mode: '0777', link: readlinkSync(join(dir, path)) });
      // Sockets and FIFOs: git never adds them, so they are noted, not replayed.
      else skipped.push({ path, type: st.isSocket() ? 'socket' : st.isFIFO() ? 'fifo' : 'device' });
    }
  };
  walk('');
  listing.sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
  return { listing, skipped };
}

/** Pretty JSON with one line per listed file, so a fixture diff reads as a file-list diff. */
function render(fixture) {
  const { states, ...top } = fixture;
  const lines = ['{'];
  for (const [k, v] of Object.entries(top)) lines.push(`  ${JSON.stringify(k)}: ${JSON.stringify(v)},`);
  lines.push('  "states": [');
  states.forEach((state, i) => {
    const { listing, skipped, ...meta } = state;
    lines.push('    {');
    for (const [k, v] of Object.entries(meta)) lines.push(`      ${JSON.stringify(k)}: ${JSON.stringify(v)},`);
    lines.push(`      "skipped": ${JSON.stringify(skipped)},`);
    lines.push('      "listing": [');
    listing.forEach((f, j) => lines.push(`        ${JSON.stringify(f)}${j < listing.length - 1 ? ',' : ''}`));
    lines.push('      ]');
    lines.push(`    }${i < states.length - 1 ? ',' : ''}`);
  });
  lines.push('  ]', '}', '');
  return lines.join('\n');
}

/** What changed in the file list since the committed fixture: how a server upgrade shows up in CI logs. */
function describeChange(engine, states) {
  const file = join(FIXTURES, `${engine}.json`);
  let before;
  try {
    before = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return [`${engine}: new fixture`];
  }
  const out = [];
  for (const state of states) {
    const old = before.states?.find((s) => s.name === state.name);
    const summary = `${engine}/${state.name}: ${state.files} files, ${state.bytes} bytes`;
    if (!old) {
      out.push(`${summary} (new state)`);
      continue;
    }
    const oldPaths = new Set(old.listing.map((f) => f.path));
    const newPaths = new Set(state.listing.map((f) => f.path));
    const added = [...newPaths].filter((p) => !oldPaths.has(p));
    const removed = [...oldPaths].filter((p) => !newPaths.has(p));
    if (!added.length && !removed.length) out.push(`${summary} (same file names as before)`);
    else {
      out.push(`${summary} (file names changed: ${added.length} added, ${removed.length} removed)`);
      for (const p of added.slice(0, 10)) out.push(`  + ${p}`);
      for (const p of removed.slice(0, 10)) out.push(`  - ${p}`);
    }
  }
  return out;
}

const [cmd, ...args] = process.argv.slice(2);
if (cmd === 'snapshot') {
  const [dir, name, how, out] = args;
  if (!dir || !name || !how || !out) fail('usage: snapshot DIR STATE HOW OUT');
  if (!existsSync(dir)) fail(`${name}: ${dir} does not exist`);
  const { listing, skipped } = snapshot(dir);
  if (listing.length === 0) fail(`${name}: ${dir} holds no files; the server wrote nothing`);
  const bytes = listing.reduce((n, f) => n + f.size, 0);
  writeFileSync(out, JSON.stringify({ name, how, files: listing.length, bytes, skipped, listing }));
} else if (cmd === 'write') {
  const [engine, source, server, pkg, note, ...stateFiles] = args;
  if (!engine || !source || server === undefined || pkg === undefined || note === undefined || stateFiles.length === 0) {
    fail('usage: write ENGINE SOURCE SERVER PACKAGE NOTE STATE.json...');
  }
  const states = stateFiles.map((f) => JSON.parse(readFileSync(f, 'utf8')));
  const fixture = { engine, source, note, server, package: pkg, headBytes: HEAD_BYTES, recorder: 'scripts/record-layouts.sh', states };
  for (const line of describeChange(engine, states)) process.stdout.write(`${line}\n`);
  const file = join(FIXTURES, `${engine}.json`);
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, render(fixture));
  renameSync(tmp, file);
} else if (cmd === 'mongodb') {
  const [outDir] = args;
  if (!outDir) fail('usage: mongodb OUTDIR');
  const { writeMongoDbPath } = await import('./layouts/mongodb.mjs');
  writeMongoDbPath(outDir);
} else if (cmd === 'selftest') {
  // Used by the shell script to check node and this file work before starting any server.
  const dir = mkdtempSync(join(tmpdir(), 'record-layouts-'));
  writeFileSync(join(dir, 'x'), 'x');
  const ok = snapshot(dir).listing.length === 1;
  rmSync(dir, { recursive: true, force: true });
  if (!ok) fail('selftest failed');
} else {
  fail(`unknown command ${cmd ?? '(none)'}; see the comment at the top of scripts/record-layouts.mjs`);
}
