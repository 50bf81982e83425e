// The server's door, through real pushes: a bare repository with `cruft-check init --server`,
// pushed to over file:// and over `git daemon` on 127.0.0.1. The hook runs inside git's
// quarantine, so every check here is also a check that the pushed objects were readable there.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeExecutable, makeRepo, runCli, type TestRepo } from '../helpers/repo.js';

const MONGO = {
  'mongo_files/WiredTiger': 'WiredTiger\nWiredTiger 11.2.0: (December 1, 2022)\n',
  'mongo_files/WiredTiger.turtle': 'WiredTiger version string\n',
  'mongo_files/WiredTiger.wt': Buffer.alloc(4096, 1),
  'mongo_files/_mdb_catalog.wt': Buffer.alloc(4096, 2),
  'mongo_files/collection-0-1234.wt': Buffer.alloc(8192, 3),
  'mongo_files/journal/WiredTigerLog.0000000001': Buffer.alloc(8192, 4),
};

interface Server {
  repo: TestRepo;
  bare: string;
  push(args: string[], opts?: { url?: string }): { code: number; out: string };
  ref(name: string): string;
}

function setUp(): Server {
  const repo = makeRepo();
  const bare = join(repo.scratch, 'server.git');
  repo.git('init', '-q', '--bare', bare);
  const r = runCli(['init', '--server', bare], { cwd: repo.scratch, env: repo.env });
  expect(r.code, r.stderr).toBe(0);
  repo.git('remote', 'add', 'origin', `file://${bare}`);
  const push = (args: string[], opts: { url?: string } = {}): { code: number; out: string } => {
    const res = repo.gitResult(['push', ...(opts.url ? [opts.url] : ['origin']), ...args]);
    return { code: res.status ?? -1, out: `${res.stdout}${res.stderr}` };
  };
  const ref = (name: string): string => {
    const res = repo.gitResult(['--git-dir', bare, 'rev-parse', '-q', '--verify', name]);
    return res.stdout.trim();
  };
  return { repo, bare, push, ref };
}

describe('cruft-check pre-receive, pushed to over file://', () => {
  let s: Server;
  beforeAll(() => {
    s = setUp();
    expect(s.push(['main']).code).toBe(0);
  });
  afterAll(() => s.repo.cleanup());

  it('refuses a push that adds mongo_files/ and leaves the ref where it was; the same work without it passes', () => {
    const before = s.ref('main');
    s.repo.write('app.js', 'console.log(1);\n');
    s.repo.tree(MONGO);
    s.repo.git('add', '-A');
    s.repo.commit('app and the database');
    const refused = s.push(['main']);
    expect(refused.code).not.toBe(0);
    expect(refused.out).toMatch(/remote: .*mongo_files\//);
    // The pusher learns which of their commits brought it (the report's lines joined again).
    const joined = refused.out.replace(/\s*\n?remote:\s+/g, ' ');
    expect(joined).toContain(`from ${s.repo.git('rev-parse', 'HEAD').trim().slice(0, 10)}`);
    expect(refused.out).toContain('pre-receive hook declined');
    expect(refused.out).toMatch(/remote: Push refused/);
    // It came in the last commit: the recipe amends it.
    expect(refused.out).toMatch(/remote: +git rm -r --cached -- mongo_files\/\s/);
    expect(refused.out).toContain('git commit --amend --no-edit');
    expect(s.ref('main')).toBe(before);
    // Every report line fits beside git's `remote: ` prefix in 80 columns.
    for (const line of refused.out.split('\n').filter((l) => l.startsWith('remote: '))) expect(line.trimEnd().length).toBeLessThanOrEqual(80);

    s.repo.git('rm', '-r', '-q', '--cached', 'mongo_files');
    s.repo.git('commit', '-q', '--amend', '--no-edit', '--no-verify');
    const accepted = s.push(['main']);
    expect(accepted.code, accepted.out).toBe(0);
    expect(s.ref('main')).toBe(s.repo.git('rev-parse', 'HEAD').trim());
  });

  it('refuses junk added in one commit and deleted in the next: its blobs would stay in the history', () => {
    s.repo.git('checkout', '-q', '-b', 'sneaky');
    s.repo.write('.env', 'DB_PASSWORD=hunter2\n');
    s.repo.git('add', '.env');
    s.repo.commit('env');
    s.repo.git('rm', '-q', '.env');
    s.repo.commit('oops, remove it');
    const r = s.push(['sneaky']);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/remote: .*\.env/);
    expect(s.ref('refs/heads/sneaky')).toBe('');
    // Not the amend recipe: the last commit holds no .env; the commits must be rewritten.
    expect(r.out).not.toContain('git commit --amend');
    expect(r.out.replace(/\s*\n?remote:\s+/g, ' ')).toContain('git rebase -i');
    s.repo.git('checkout', '-q', 'main');
  });

  it('lets a branch deletion through, and a new branch that adds nothing new', () => {
    expect(s.push(['main:refs/heads/feature']).code).toBe(0);
    expect(s.ref('refs/heads/feature')).not.toBe('');
    const del = s.push([':feature']);
    expect(del.code, del.out).toBe(0);
    expect(s.ref('refs/heads/feature')).toBe('');
  });

  it('judges a tag by its commit', () => {
    s.repo.git('checkout', '-q', '-b', 'tagged');
    s.repo.write('id_rsa', '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n');
    s.repo.git('add', 'id_rsa');
    s.repo.commit('key');
    s.repo.git('tag', '-a', '-m', 'release', 'v1');
    const r = s.push(['v1']);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/remote: .*id_rsa/);
    expect(s.ref('refs/tags/v1')).toBe('');
    // A tag of a commit the server already has adds nothing.
    s.repo.git('tag', 'v0', 'main');
    expect(s.push(['v0']).code).toBe(0);
    s.repo.git('checkout', '-q', 'main');
  });

  it('takes its policy from the server: a rule turned off there lets the push through', () => {
    s.repo.git('checkout', '-q', '-b', 'logs');
    s.repo.write('debug.log', 'x\n'.repeat(10));
    s.repo.write('npm-debug.log', 'x\n');
    s.repo.write('.env', 'A=1\n');
    s.repo.git('add', 'debug.log', 'npm-debug.log', '.env');
    s.repo.commit('env');
    expect(s.push(['logs']).code).not.toBe(0);
    s.repo.git('--git-dir', s.bare, 'config', 'cruftcheck.rule.env-file', 'off');
    try {
      const r = s.push(['logs']);
      expect(r.code, r.out).toBe(0);
    } finally {
      s.repo.git('--git-dir', s.bare, 'config', '--unset', 'cruftcheck.rule.env-file');
    }
    // A bad policy value is one line that names the setting, and never a stack trace.
    s.repo.git('--git-dir', s.bare, 'config', 'cruftcheck.rule.env-file', 'sometimes');
    try {
      s.repo.write('.env', 'A=2\n');
      s.repo.git('add', '-f', '.env');
      s.repo.commit('env again');
      const r = s.push(['logs']);
      expect(r.out).toContain('rule.env-file');
      expect(r.out).not.toMatch(/at .*\.js:\d+/);
    } finally {
      s.repo.git('--git-dir', s.bare, 'config', '--unset', 'cruftcheck.rule.env-file');
    }
    s.repo.git('checkout', '-q', 'main');
  });

  it('skips the check for one push only when the server allows it (-o cruft-check=allow), and says so; a force push is judged on its new commits', () => {
    s.repo.git('--git-dir', s.bare, 'config', 'receive.advertisePushOptions', 'true');
    s.repo.git('checkout', '-q', '-b', 'bypass');
    s.repo.tree(MONGO);
    s.repo.git('add', '-A');
    s.repo.commit('db');
    const notAllowed = s.push(['-o', 'cruft-check=allow', 'bypass']);
    expect(notAllowed.code).not.toBe(0);
    expect(notAllowed.out).toContain('does not allow skipping');
    s.repo.git('--git-dir', s.bare, 'config', 'cruftcheck.allowBypass', 'true');
    const allowed = s.push(['-o', 'cruft-check=allow', 'bypass']);
    expect(allowed.code, allowed.out).toBe(0);
    expect(allowed.out).toContain('asked to skip the check');
    s.repo.git('--git-dir', s.bare, 'config', 'cruftcheck.allowBypass', 'false');
    // Rewritten without the database: the force push brings one clean commit, and passes.
    s.repo.git('reset', '-q', '--hard', 'main');
    s.repo.write('notes.md', 'clean\n');
    s.repo.git('add', 'notes.md');
    s.repo.commit('clean');
    const forced = s.push(['--force', 'bypass']);
    expect(forced.code, forced.out).toBe(0);
    s.repo.git('checkout', '-q', 'main');
  });

  it('never hangs a push: past cruftcheck.timeout it lets the push through with a notice, or refuses it when the policy says so', () => {
    s.repo.git('checkout', '-q', '-b', 'slow');
    s.repo.write('ok.txt', 'fine\n');
    s.repo.git('add', 'ok.txt');
    s.repo.commit('ok');
    s.repo.git('--git-dir', s.bare, 'config', 'cruftcheck.timeout', '0.000001');
    s.repo.git('--git-dir', s.bare, 'config', 'cruftcheck.onFailure', 'refuse');
    try {
      const refused = s.push(['slow']);
      expect(refused.code).not.toBe(0);
      expect(refused.out).toMatch(/took longer than .* refused/);
      s.repo.git('--git-dir', s.bare, 'config', '--unset', 'cruftcheck.onFailure');
      const let_ = s.push(['slow']);
      expect(let_.code, let_.out).toBe(0);
      expect(let_.out).toContain('let through unchecked');
    } finally {
      s.repo.git('--git-dir', s.bare, 'config', '--unset', 'cruftcheck.timeout');
    }
    s.repo.git('checkout', '-q', 'main');
  });

  it('keeps an existing pre-receive hook running after its own check, and uninstall puts it back', () => {
    const hook = join(s.bare, 'hooks', 'pre-receive');
    const other = makeRepo({ initialCommit: false });
    try {
      const bare2 = join(other.scratch, 'two.git');
      other.git('init', '-q', '--bare', bare2);
      const log = join(other.scratch, 'seen.txt');
      writeFileSync(join(bare2, 'hooks', 'pre-receive'), `#!/bin/sh\ncat > '${log}'\n`);
      makeExecutable(join(bare2, 'hooks', 'pre-receive'));
      expect(runCli(['init', '--server', bare2], { cwd: other.scratch, env: other.env }).code).toBe(0);
      other.write('a.txt', 'a\n');
      other.git('add', 'a.txt');
      other.commit('a');
      const r = other.gitResult(['push', `file://${bare2}`, 'HEAD:refs/heads/main']);
      expect(r.status, r.stderr).toBe(0);
      // The old hook got git's lines too.
      expect(readFileSync(log, 'utf8')).toMatch(/^0{40} [0-9a-f]{40} refs\/heads\/main\n$/);
      expect(runCli(['uninstall', '--server', bare2], { cwd: other.scratch, env: other.env }).code).toBe(0);
      expect(readFileSync(join(bare2, 'hooks', 'pre-receive'), 'utf8')).toContain(`cat > '${log}'`);
      expect(existsSync(join(bare2, 'hooks', 'pre-receive.before-cruft-check'))).toBe(false);
    } finally {
      other.cleanup();
    }
    expect(readFileSync(hook, 'utf8')).toContain('cruft-check');
  });
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForPort(port: number, deadline = Date.now() + 10_000): Promise<void> {
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const c = createConnection({ port, host: '127.0.0.1' }, () => {
        c.end();
        resolve(true);
      });
      c.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`git daemon did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('cruft-check pre-receive, pushed to over git daemon on 127.0.0.1', () => {
  let s: Server;
  let daemon: ChildProcess;
  let url: string;
  beforeAll(async () => {
    s = setUp();
    const base = join(s.repo.scratch);
    mkdirSync(base, { recursive: true });
    const port = await freePort();
    daemon = spawn('git', ['daemon', '--reuseaddr', '--listen=127.0.0.1', `--port=${port}`, `--base-path=${base}`, '--export-all', '--enable=receive-pack', base], {
      env: s.repo.env,
      stdio: 'ignore',
    });
    await waitForPort(port);
    url = `git://127.0.0.1:${port}/server.git`;
  });
  afterAll(() => {
    daemon?.kill();
    s.repo.cleanup();
  });

  it('refuses the database over the network, then accepts the clean push', () => {
    expect(s.push(['main'], { url }).code).toBe(0);
    const before = s.ref('main');
    s.repo.tree(MONGO);
    s.repo.git('add', '-A');
    s.repo.commit('db');
    const refused = s.push(['main'], { url });
    expect(refused.code).not.toBe(0);
    expect(refused.out).toMatch(/remote: .*mongo_files\//);
    expect(s.ref('main')).toBe(before);
    s.repo.git('reset', '-q', '--hard', 'HEAD~1');
    s.repo.write('ok.md', 'ok\n');
    s.repo.git('add', 'ok.md');
    s.repo.commit('ok');
    expect(s.push(['main'], { url }).code).toBe(0);
    expect(s.ref('main')).toBe(s.repo.git('rev-parse', 'HEAD').trim());
  });
});
