// The command line's contract: exit codes 0/1/2, one-line errors without stack traces, help.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanEnv, makeRepo, runCli, type TestRepo } from '../helpers/repo.js';

let repo: TestRepo;
beforeEach(() => {
  repo = makeRepo();
});
afterEach(() => repo.cleanup());

function expectOneLineError(r: { code: number; stdout: string; stderr: string }, pattern: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
}

describe('exit code 2: usage, configuration and environment problems', () => {
  it('outside any repository', () => {
    const outside = realpathSync(mkdtempSync(join(tmpdir(), 'cruft-outside-')));
    try {
      expectOneLineError(runCli([], { cwd: outside, env: { ...cleanEnv(), GIT_CEILING_DIRECTORIES: tmpdir() } }), /not a git repository/);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('in a bare repository', () => {
    const bare = join(repo.scratch, 'bare.git');
    repo.git('clone', '-q', '--bare', repo.dir, bare);
    expectOneLineError(repo.cli([], { cwd: bare }), /bare repository/);
  });

  it('--cwd that does not exist', () => {
    expectOneLineError(repo.cli(['--cwd', join(repo.scratch, 'nope')]), /no such directory/);
  });

  it('unknown option, unknown format, unknown command', () => {
    expectOneLineError(repo.cli(['--frobnicate']), /frobnicate/);
    expectOneLineError(repo.cli(['--format', 'xml']), /unknown format "xml"/);
    expectOneLineError(repo.cli(['launch']), /unknown command "launch"/);
  });

  it('git missing from PATH', () => {
    const bin = join(repo.scratch, 'bin');
    mkdirSync(bin);
    symlinkSync(process.execPath, join(bin, 'node'));
    expectOneLineError(repo.cli([], { env: { PATH: bin } }), /git was not found/);
  });

  it('a configuration that is not valid names the file and the key', () => {
    repo.write('.cruftcheck.json', '{ "rules": { "bulk-add": "loud" } }');
    expectOneLineError(repo.cli([]), /\.cruftcheck\.json: "rules\.bulk-add" must be/);
    repo.write('.cruftcheck.json', '{ "bulkAdd": { "files": 0 } }');
    expectOneLineError(repo.cli([]), /"bulkAdd\.files" must be a whole number/);
    repo.write('.cruftcheck.json', '{ "rules": ');
    expectOneLineError(repo.cli([]), /is not valid JSON/);
  });
});

describe('help and version', () => {
  it('--help lists the options and the exit codes', () => {
    const r = repo.cli(['--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--staged', '--hook', '--format', '--cwd', '--no-color', '--version']) expect(r.stdout).toContain(flag);
    expect(r.stdout).toMatch(/Exit codes: 0 .* 1 .* 2/);
  });

  it('--version prints the package version', () => {
    expect(repo.cli(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('configuration', () => {
  it('thresholds from .cruftcheck.json change what bulk-add flags', () => {
    for (let i = 0; i < 12; i++) repo.write(`gen/f${i}.txt`, 'x\n');
    repo.git('add', '.');
    expect(JSON.parse(repo.cli(['--staged', '--format', 'json']).stdout).findings).toEqual([]);
    repo.write('.cruftcheck.json', '{ "bulkAdd": { "files": 10 } }');
    const findings = JSON.parse(repo.cli(['--staged', '--format', 'json']).stdout).findings;
    expect(findings.map((f: { rule: string }) => f.rule)).toEqual(['bulk-add']);
    expect(findings[0].paths).toEqual([]);
    expect(findings[0].tree[0]).toMatchObject({ path: 'gen/', files: 12 });
  });

  it('a rule can be turned off or made blocking from package.json', () => {
    repo.tree({ node_modules: { a: { 'index.js': '1\n' } } });
    repo.git('add', '.');
    expect(repo.cli(['--staged']).code).toBe(1);
    repo.write('package.json', JSON.stringify({ name: 'x', 'cruft-check': { rules: { 'dependency-directory': 'off' } } }));
    expect(repo.cli(['--staged']).code).toBe(0);
    repo.write('package.json', JSON.stringify({ name: 'x', 'cruft-check': { rules: { 'dependency-directory': 'warning' } } }));
    const r = repo.cli(['--staged', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).findings[0].severity).toBe('warning');
  });
});

describe('colour', () => {
  it('no escape sequences with --no-color or NO_COLOR, colour with --color', () => {
    repo.tree({ node_modules: { a: { 'index.js': '1\n' } } });
    repo.git('add', '.');
    expect(repo.cli(['--staged', '--no-color', '--color']).stdout).not.toContain('\u001b[');
    expect(repo.cli(['--staged'], { env: { NO_COLOR: '1' } }).stdout).not.toContain('\u001b[');
    expect(repo.cli(['--staged', '--color'], { env: { NO_COLOR: undefined } }).stdout).toContain('\u001b[');
  });
});
