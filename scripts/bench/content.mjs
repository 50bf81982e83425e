// Deterministic content for the benchmark repositories: a seeded PRNG and helpers that make
// file trees look like real projects (sizes, names, nesting) without storing any of them.

/** mulberry32: small, fast, good enough to spread names and sizes; same seed, same repository. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'const let function return if else for while import export default from async await class extends new this ' +
  'value result options config error data item items index length push map filter reduce module exports require ' +
  'string number object array undefined null true false typeof instanceof throw catch try finally yield static ' +
  'get set props state render component handler request response buffer stream path file read write parse format'
).split(' ');

/** About 4 MiB of code-like text; files are slices of it, each prefixed with its own path so every blob differs. */
let corpus;
function text() {
  if (corpus) return corpus;
  const next = rng(42);
  const parts = [];
  let n = 0;
  while (n < 4 * 1024 * 1024) {
    const line = [];
    const words = 3 + Math.floor(next() * 9);
    for (let i = 0; i < words; i++) line.push(WORDS[Math.floor(next() * WORDS.length)]);
    const s = `${'  '.repeat(Math.floor(next() * 4))}${line.join(' ')};\n`;
    parts.push(s);
    n += s.length;
  }
  corpus = parts.join('');
  return corpus;
}

/** Text content of about `bytes` bytes, unique to `path`. */
export function textFile(path, bytes, next) {
  const body = text();
  const len = Math.max(0, bytes - path.length - 4);
  const start = Math.floor(next() * (body.length - len - 1));
  return `// ${path}\n${body.slice(start, start + len)}`;
}

/** Log-uniform size between lo and hi: most files small, a few larger, as in real trees. */
export function size(next, lo = 120, hi = 6000) {
  return Math.round(Math.exp(Math.log(lo) + next() * (Math.log(hi) - Math.log(lo))));
}

/** Incompressible bytes (media, executables): git has to store every one of them. */
export function binary(bytes, seed, header = Buffer.alloc(0)) {
  const buf = Buffer.allocUnsafe(bytes);
  let x = seed >>> 0 || 1;
  for (let i = 0; i + 4 <= bytes; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    buf.writeUInt32LE(x >>> 0, i);
  }
  for (let i = bytes - (bytes % 4); i < bytes; i++) buf[i] = 0;
  header.copy(buf, 0);
  return buf;
}

export function pick(next, list) {
  return list[Math.floor(next() * list.length)];
}
