// Hostile and odd file names in every output format. The human report, the hook's instructions and
// the GitHub log never carry a control character from a path (a name cannot clear the screen,
// retitle the terminal or forge a workflow command); JSON and SARIF carry the exact name, including
// bytes that are not UTF-8; every suggested command and ignore line is exact; nothing goes
// through a shell.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, makeRepo, PROJECT, type TestRepo } from '../helpers/repo.js';

/** Directory names, as bytes. Each holds a PostgreSQL data directory, so each is one finding with path `<name>/`. */
const NAMES: Record<string, Buffer> = {
  space: Buffer.from('with space'),
  quotes: Buffer.from(`quote'd "dq"`),
  newline: Buffer.from('new\nline'),
  tab: Buffer.from('tab\there'),
  backslash: Buffer.from('back\\slash'),
  dash: Buffer.from('-leading-dash'),
  nfc: Buffer.from('caf\u00e9'),
  nfd: Buffer.from('cafe\u0301'),
  rtl: Buffer.from('rtl\u202egnp.exe'),
  invalid: Buffer.from([0x62, 0x61, 0x64, 0xff, 0xfe, 0x2d, 0xc3]), // "bad", two stray bytes, "-", a truncated é
  osc: Buffer.from('\u001b]0;pwned\u0007title'),
  csi: Buffer.from('\u001b[2Jclear'),
  c1: Buffer.from('c1\u009b31mred'),
  subst: Buffer.from('$(touch pwned-subst)'),
  backtick: Buffer.from('`touch pwned-tick`'),
  semicolon: Buffer.from(';touch pwned-semi;'),
  forged: Buffer.from('x\n::error title=forged::boom'),
};

/** A string as JSON gives it back → the bytes it names: lone surrogates U+DC80–U+DCFF are raw bytes (PEP 383). */
function bytesOf(s: string): Buffer {
  const parts: Buffer[] = [];
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    parts.push(cp >= 0xdc80 && cp <= 0xdcff ? Buffer.of(cp - 0xdc00) : Buffer.from(ch, 'utf8'));
  }
  return Buffer.concat(parts);
}

/** Percent-decoding to bytes (decodeURIComponent refuses bytes that are not UTF-8). */
function uriBytes(uri: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < uri.length; i++) {
    if (uri[i] === '%') {
      out.push(parseInt(uri.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(...Buffer.from(uri[i] ?? '', 'utf8'));
  }
  return Buffer.from(out);
}

/** Characters a terminal obeys: C0 but newline, DEL, C1, bidi controls; and U+FFFD, the sign that a byte was lost. */
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffd]/u;

const pgdata = (dir: Buffer): void => {
  mkdirSync(Buffer.concat([dir, Buffer.from('/global')]), { recursive: true });
  writeFileSync(Buffer.concat([dir, Buffer.from('/PG_VERSION')]), '16\n');
  writeFileSync(Buffer.concat([dir, Buffer.from('/global/pg_control')]), Buffer.alloc(8192));
};

let repo: TestRepo;
const at = (...parts: Buffer[]): Buffer => Buffer.concat([Buffer.from(`${repo.dir}/`), ...parts]);

interface JsonFinding {
  rule: string;
  paths: string[];
  origin: string;
  fix: { gitignore: string[]; unstage: string[] };
}

beforeAll(() => {
  repo = makeRepo();
  for (const name of Object.values(NAMES)) pgdata(at(name));
  repo.git('add', '-A');
  // The same names again, untracked, one level down: the preflight check and the hook's notes.
  for (const name of Object.values(NAMES)) pgdata(at(Buffer.from('loose/'), name));
});
afterAll(() => repo.cleanup());

function json(args: string[]): { findings: JsonFinding[] } {
  const r = repo.cli([...args, '--format', 'json']);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as { findings: JsonFinding[] };
}

type Format = 'human' | 'json' | 'sarif' | 'github';
const FORMATS: Format[] = ['human', 'json', 'sarif', 'github'];

/**
 * The preflight check and `--staged` over the state beforeAll built, each run once with every
 * format (the human report on standard output, the others to files; each the same bytes as a run
 * of that format alone): several tests read the same report (the ones that unstage put the index
 * back with restage()). Each format's result is the run's, with that format's text as stdout.
 */
const runs = new Map<string, Record<Format, CliResult>>();
function report(scope: 'preflight' | 'staged', format: Format): CliResult {
  let r = runs.get(scope);
  if (!r) {
    const file = (f: Format): string => join(repo.scratch, `${scope}-report.${f}`);
    const run = repo.cli([...(scope === 'staged' ? ['--staged'] : []), ...FORMATS.flatMap((f) => (f === 'human' ? ['--format', f] : ['--format', f, '--output', file(f)]))]);
    const text = (f: Format): string => (f === 'human' ? run.stdout : readFileSync(file(f), 'utf8'));
    r = Object.fromEntries(FORMATS.map((f) => [f, { ...run, stdout: text(f) }])) as Record<Format, CliResult>;
    runs.set(scope, r);
  }
  return r[format];
}
const staged = (format: Format): CliResult => report('staged', format);
/** json(['--staged']) over the index beforeAll built, from that one run. */
function stagedJson(): { findings: JsonFinding[] } {
  const r = staged('json');
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as { findings: JsonFinding[] };
}

describe('JSON carries the exact names', () => {
  it('every staged and untracked directory is found, and each path names exactly its bytes', () => {
    const preflight = report('preflight', 'json');
    expect(preflight.stderr).toBe('');
    const findings = (JSON.parse(preflight.stdout) as { findings: JsonFinding[] }).findings.filter((f) => f.rule === 'database-directory');
    const staged = findings.filter((f) => f.origin === 'staged').flatMap((f) => f.paths);
    const untracked = findings.filter((f) => f.origin === 'untracked').flatMap((f) => f.paths);
    const want = Object.values(NAMES).map((n) => Buffer.concat([n, Buffer.from('/')]).toString('hex'));
    expect(staged.map((p) => bytesOf(p).toString('hex')).sort()).toEqual([...want].sort());
    // Untracked files are listed by git and checked with lstat: a name that is not UTF-8 must not fall out.
    expect(untracked.map((p) => bytesOf(p).toString('hex')).sort()).toEqual(want.map((h) => Buffer.from('loose/').toString('hex') + h).sort());
  });

  it('an untracked top-level folder whose name is not UTF-8 is looked inside, not lost', () => {
    const dir = Buffer.from([0x6e, 0x6f, 0xff, 0x75, 0x74, 0x66]); // "no\xffutf"
    pgdata(at(dir, Buffer.from('/db')));
    try {
      const paths = json([]).findings.filter((f) => f.origin === 'untracked').flatMap((f) => f.paths);
      expect(paths).toContain('no\udcffutf/db/');
    } finally {
      rmSync(at(dir), { recursive: true, force: true });
    }
  });

  it('a name that is not UTF-8 is written with \\udcXX escapes, never U+FFFD', () => {
    const r = staged('json');
    expect(r.stdout).toContain('"bad\\udcff\\udcfe-\\udcc3/"');
    expect(r.stdout).not.toContain('\ufffd');
  });

  it('NFC and NFD spellings stay two different paths', () => {
    const paths = stagedJson().findings.flatMap((f) => f.paths);
    expect(paths).toContain('caf\u00e9/');
    expect(paths).toContain('cafe\u0301/');
  });
});

describe('SARIF', () => {
  it('each location URI percent-decodes to the exact bytes of the path', () => {
    const r = staged('sarif');
    expect(r.code).toBe(1);
    const sarif = JSON.parse(r.stdout) as { runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } }; properties?: { directory?: string } }> }> }> };
    const locations = sarif.runs[0]!.results.filter((x) => x.ruleId === 'database-directory').flatMap((x) => x.locations);
    const uris = locations.map((l) => l.physicalLocation.artifactLocation.uri);
    expect(uris.every((u) => /^[\x21-\x7e]+$/.test(u))).toBe(true); // printable ASCII only
    // A folder is placed on the marker that identified it (code scanning needs a file), and named exactly beside it.
    expect(uris.map((u) => uriBytes(u).toString('hex')).sort()).toEqual(Object.values(NAMES).map((n) => Buffer.concat([n, Buffer.from('/PG_VERSION')]).toString('hex')).sort());
    expect(locations.map((l) => bytesOf(l.properties?.directory ?? '').toString('hex')).sort()).toEqual(Object.values(NAMES).map((n) => Buffer.concat([n, Buffer.from('/')]).toString('hex')).sort());
  });
});

describe('what people read shows no control character from a path', () => {
  it('human report (preflight and --staged)', () => {
    for (const args of [[], ['--staged']]) {
      const r = args.length ? staged('human') : report('preflight', 'human');
      expect(r.code).toBe(1);
      expect(r.stdout).not.toMatch(CONTROL);
      expect(r.stdout).toContain('\\x1b]0;pwned\\x07title/');
      expect(r.stdout).toContain('bad\\xff\\xfe-\\xc3/');
      expect(r.stdout).toContain('rtl\\u202egnp.exe/');
      expect(r.stdout).toContain('new\\nline/');
      expect(r.stdout).toContain('back\\\\slash/');
    }
  });

  it('the hook: report, untracked notes and instructions, through a real `git commit` without a terminal', () => {
    expect(repo.cli(['init']).code).toBe(0);
    const r = spawnSync('setsid', ['-w', 'git', 'commit', '-m', 'hostile'], { cwd: repo.dir, env: repo.env, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('The commit was stopped');
    expect(r.stderr).toContain('note: untracked');
    for (const line of r.stderr.split('\n')) expect(line).not.toMatch(CONTROL);
    expect(repo.git('rev-list', '--count', 'HEAD').trim()).toBe('1');
  });

  it('error messages that name a path escape it too', () => {
    const r = repo.cli(['--cwd', join(repo.scratch, 'gone \u001b]0;pwned\u0007 \u009b2J')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('\\x1b]0;pwned\\x07');
    expect(r.stderr.trimEnd()).not.toMatch(CONTROL);
  });

  it('GitHub annotations: one workflow command per line, none forged by a name', () => {
    const r = staged('github');
    const lines = r.stdout.split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThanOrEqual(Object.keys(NAMES).length);
    for (const line of lines) {
      expect(line).toMatch(/^::(error|warning|notice) /);
      expect(line).not.toMatch(CONTROL);
    }
    expect(lines.filter((l) => l.startsWith('::error title=forged'))).toEqual([]);
  });
});

describe('every suggestion is exact', () => {
  it('each .gitignore line is one line that git matches to exactly its directory', () => {
    const findings = stagedJson().findings.filter((f) => f.rule === 'database-directory');
    const lines = findings.flatMap((f) => f.fix.gitignore);
    // Exact bytes or no line (issue 14): the two names with a line break get none, since no
    // gitignore line can name them without also naming others.
    const expressible = Object.values(NAMES).filter((n) => !n.includes(0x0a));
    expect(lines).toHaveLength(expressible.length);
    for (const l of lines) expect(l).not.toMatch(/[\n]/u);
    writeFileSync(join(repo.scratch, 'suggested.gitignore'), Buffer.concat(lines.map((l) => Buffer.concat([bytesOf(l), Buffer.from('\n')]))));
    for (const name of expressible) {
      const file = Buffer.concat([name, Buffer.from('/PG_VERSION')]);
      const r = spawnSync('git', ['-c', `core.excludesFile=${join(repo.scratch, 'suggested.gitignore')}`, 'check-ignore', '--no-index', '-z', '--stdin'], {
        cwd: repo.dir,
        env: repo.env,
        input: Buffer.concat([file, Buffer.of(0)]),
      });
      expect({ name: name.toString('hex'), ignored: r.status }).toEqual({ name: name.toString('hex'), ignored: 0 });
    }
  });

  it('each unstage command, pasted into bash, unstages exactly that directory', () => {
    const findings = stagedJson().findings.filter((f) => f.rule === 'database-directory');
    const human = staged('human').stdout;
    const commands = human.split('\n').filter((l) => l.includes('unstage:')).map((l) => l.slice(l.indexOf('git restore')));
    expect(commands).toHaveLength(findings.length);
    for (const cmd of commands) expect(bashRun(cmd).status).toBe(0);
    expect(repo.git('diff', '--cached', '--name-only', '-z').split('\0').filter((p) => p.includes('PG_VERSION'))).toEqual([]);
    restage();
  });

  it("the hook's one unstage command for all of them, pasted into bash, unstages every directory", () => {
    // One command names a backslash and control characters together: quoting must stay exact.
    const hook = repo.cli(['--hook'], { setsid: true });
    expect(hook.code).toBe(1);
    const line = hook.stderr.split('\n').find((l) => l.includes('(or by hand: git restore'));
    const cmd = line?.slice(line.indexOf('git restore')) ?? '';
    expect(cmd).toContain('back\\slash');
    expect(bashRun(cmd).status).toBe(0);
    expect(repo.git('diff', '--cached', '--name-only', '-z').split('\0').filter((p) => p.includes('PG_VERSION'))).toEqual([]);
    restage();
  });

  it('the .cruftignore lines the hook suggests allow exactly those directories', () => {
    const findings = stagedJson().findings.filter((f) => f.rule === 'database-directory');
    const allow = findings.flatMap((f) => f.fix.gitignore);
    writeFileSync(join(repo.dir, '.cruftignore'), Buffer.concat(allow.map((l) => Buffer.concat([bytesOf(l), Buffer.from('\n')]))));
    try {
      const after = json(['--staged']).findings.filter((f) => f.rule === 'database-directory');
      // Only the names no line can hold (a line break) are still flagged: nothing was allowed by a broader line.
      expect(after.flatMap((f) => f.paths).sort()).toEqual(['new\nline/', 'x\n::error title=forged::boom/']);
    } finally {
      writeFileSync(join(repo.dir, '.cruftignore'), '');
    }
  });
});

describe('no name ever reaches a shell', () => {
  it('names built to run commands ran nothing', () => {
    // Every format (preflight and --staged), the hook and the fix preview have run over these
    // names by now (each report run here if no test before this one ran it).
    for (const format of FORMATS) for (const scope of ['preflight', 'staged'] as const) report(scope, format);
    repo.cli(['fix', '--dry-run']);
    const everywhere = [repo.dir, repo.scratch, PROJECT].flatMap((d) => readdirSync(d));
    expect(everywhere.filter((n) => n.startsWith('pwned'))).toEqual([]);
  });

  it('the source runs git without a shell: no exec/execSync and no `shell: true` in src/', () => {
    // exec/execSync (and execFile with `shell`) hand a command line to /bin/sh; spawn with an argument array does not.
    const SHELL_USE = /import\s*\{[^}]*\bexec(Sync)?\b[^}]*\}\s*from\s*'(node:)?child_process'|\bshell\s*:\s*(true|['"])|spawn(Sync)?\(\s*['"](sh|bash|\/bin\/sh)['"]/;
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.ts') && SHELL_USE.test(readFileSync(p, 'utf8'))) offenders.push(p);
      }
    };
    walk(join(PROJECT, 'src'));
    expect(offenders).toEqual([]);
  });
});

function bashRun(cmd: string) {
  return spawnSync('bash', ['-c', cmd], { cwd: repo.dir, env: repo.env, encoding: 'utf8' });
}

function restage(): void {
  spawnSync('git', ['add', '-A', '--', '.', ':!loose'], { cwd: repo.dir, env: repo.env });
  expect(existsSync(at(NAMES.invalid!, Buffer.from('/PG_VERSION')))).toBe(true);
}
