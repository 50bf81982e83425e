// Secret files by content and binaries by their bytes, through the built CLI on real repositories:
// keys written by openssl and ssh-keygen under names that do not say "key", programs and libraries
// whose names do say what they are, and archives listed from their directory (the zip's central
// directory at its end, a tarball's first headers), staged small and large, and untracked.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Finding, Report } from '../../src/model.js';
import { tarOf, tgzOf, zipOf } from '../helpers/archives.js';
import { makeRepo, type TestRepo } from '../helpers/repo.js';

const repos: TestRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});
const newRepo = (): TestRepo => {
  const r = makeRepo();
  repos.push(r);
  return r;
};

function run(r: TestRepo, args: string[] = []): Report {
  const res = r.cli(['--format', 'json', ...args]);
  if (res.code === 2 || !res.stdout) throw new Error(`exit ${res.code}: ${res.stderr}`);
  return JSON.parse(res.stdout) as Report;
}
const byRule = (report: Report, rule: string): Finding[] => report.findings.filter((f) => f.rule === rule);
const pathsOf = (report: Report, rule: string): string[] => byRule(report, rule).flatMap((f) => f.paths).sort();

const have = (tool: string): boolean => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;

/** Keys of every format, made by the tools themselves in the test's scratch folder. */
function makeKeys(r: TestRepo): Record<string, Buffer> {
  const at = (name: string): string => join(r.scratch, name);
  const ssl = (...args: string[]): void => void execFileSync('openssl', args, { stdio: 'ignore' });
  ssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:1024', '-out', at('rsa.pem'));
  ssl('pkey', '-in', at('rsa.pem'), '-outform', 'DER', '-out', at('rsa.der'));
  ssl('pkcs8', '-topk8', '-in', at('rsa.pem'), '-passout', 'pass:secret', '-out', at('enc.pem'));
  ssl('req', '-x509', '-key', at('rsa.pem'), '-subj', '/CN=test', '-days', '1', '-out', at('cert.pem'));
  ssl('req', '-x509', '-key', at('rsa.pem'), '-subj', '/CN=test', '-days', '1', '-outform', 'DER', '-out', at('cert.der'));
  ssl('pkcs12', '-export', '-inkey', at('rsa.pem'), '-in', at('cert.pem'), '-passout', 'pass:secret', '-out', at('bundle.p12'));
  ssl('pkey', '-in', at('rsa.pem'), '-pubout', '-out', at('pub.pem'));
  const keys: Record<string, Buffer> = {};
  for (const name of ['rsa.pem', 'rsa.der', 'enc.pem', 'cert.pem', 'cert.der', 'bundle.p12', 'pub.pem']) keys[name] = readFileSync(at(name));
  if (have('ssh-keygen')) {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'ci@example', '-f', at('ed')], { stdio: 'ignore' });
    keys.ed = readFileSync(at('ed'));
    keys['ed.pub'] = readFileSync(at('ed.pub'));
  }
  return keys;
}

describe('private keys by content, whatever the name', () => {
  it('flags PEM, encrypted PEM, DER, PKCS#12 and OpenSSH keys under any name, and leaves certificates and public keys alone', () => {
    const r = newRepo();
    const k = makeKeys(r);
    r.tree({
      'deploy/github': k.ed ?? k['rsa.pem'] as Buffer, // an OpenSSH key named for what it opens
      'deploy/github.pub': k['ed.pub'] ?? k['pub.pem'] as Buffer,
      'ops/prod-key.txt': k['enc.pem'] as Buffer, // an encrypted key in a .txt
      'certs/signing.der': k['rsa.der'] as Buffer,
      'ios/distribution.cer': k['bundle.p12'] as Buffer, // a PKCS#12 bundle under a certificate's extension
      'certs/root.cer': k['cert.der'] as Buffer,
      'certs/ca.pem': k['cert.pem'] as Buffer,
      'keys/public.pem': k['pub.pem'] as Buffer,
      'src/app.js': 'console.log(1);\n',
    });
    r.git('add', '.');
    const report = run(r);
    expect(pathsOf(report, 'private-key')).toEqual(['certs/signing.der', 'deploy/github', 'ios/distribution.cer', 'ops/prod-key.txt']);
    expect(report.findings.flatMap((f) => f.paths)).not.toContain('certs/root.cer');
  });

  it("leaves a TLS library's test keys alone, but not a web app's", () => {
    const lib = newRepo();
    const k = makeKeys(lib);
    lib.write('package.json', '{ "name": "tiny-tls", "description": "TLS 1.3 for Node", "keywords": ["tls", "x509"] }\n');
    lib.git('add', 'package.json');
    lib.commit('manifest');
    lib.write('test/keys/server.key', k['rsa.pem'] as Buffer);
    lib.git('add', '.');
    expect(pathsOf(run(lib), 'private-key')).toEqual([]);

    const app = newRepo();
    app.write('package.json', '{ "name": "shop", "description": "an online shop" }\n');
    app.write('test/keys/server.key', k['rsa.pem'] as Buffer);
    app.git('add', '.');
    expect(pathsOf(run(app), 'private-key')).toEqual(['test/keys/server.key']);
  });
});

describe('credential files by content', () => {
  it('flags a kubeconfig, a cached OAuth token, a web3 keystore and a node key; leaves their look-alikes alone', () => {
    const r = newRepo();
    r.tree({
      'cluster/admin.conf': 'apiVersion: v1\nclusters:\n- cluster:\n    server: https://10.0.0.1:6443\n  name: kubernetes\nusers:\n- name: kubernetes-admin\n  user:\n    client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQo=\n',
      'eks/admin.conf': 'apiVersion: v1\nclusters:\n- cluster:\n    server: https://eks.example.com\n  name: eks\nusers:\n- name: eks\n  user:\n    exec:\n      command: aws\n',
      'quickstart/token.json': '{"token": "ya29.a0AfH6SMBexample", "refresh_token": "1//0gLq9w8exampleexample", "token_uri": "https://oauth2.googleapis.com/token"}\n',
      'theme/tokens.json': '{ "color": { "primary": { "value": "#0050b3" } } }\n',
      'chain/keystore/UTC--2018-11-16T04-33-59.589600000Z--0c4480d8dfa01b8bd5cea3d04321be6965f676a9': '{"address":"0c44","crypto":{"cipher":"aes-128-ctr","ciphertext":"ab","kdf":"scrypt","mac":"cd"},"version":3}\n',
      'chain/geth/nodekey': '4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318',
      'chain/genesis.json': '{ "config": { "chainId": 15 }, "alloc": {} }\n',
      'infra/terraform.tfstate.1712345678.backup': '{ "version": 4, "resources": [] }\n',
    });
    r.git('add', '.');
    const report = run(r);
    expect(pathsOf(report, 'credentials-file')).toEqual([
      'chain/geth/nodekey',
      'chain/keystore/UTC--2018-11-16T04-33-59.589600000Z--0c4480d8dfa01b8bd5cea3d04321be6965f676a9',
      'cluster/admin.conf',
      'infra/terraform.tfstate.1712345678.backup',
      'quickstart/token.json',
    ]);
  });
});

describe('binaries whatever their names say', () => {
  it('flags a real ELF program, a shared library and a jar; leaves the Gradle wrapper and a Unity plugin alone', () => {
    const r = newRepo();
    const elf = readFileSync('/bin/ls');
    const jar = zipOf({ 'META-INF/MANIFEST.MF': 'Manifest-Version: 1.0\n', 'com/example/App.class': Buffer.from([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 0x41]) });
    r.tree({
      'tools/ls.exe-copy': elf,
      'lib/libhelper.so': elf,
      'lib/mysql-connector.jar': jar,
      'gradle/wrapper/gradle-wrapper.jar': jar,
      'Assets/Plugins/Native.dll': elf,
      'src/Main.java': 'class Main {}\n',
    });
    r.git('add', '.');
    const report = run(r);
    expect(pathsOf(report, 'compiled-binary')).toEqual(['lib/libhelper.so', 'lib/mysql-connector.jar']);
  });
});

describe('archives by what their directory lists', () => {
  const NODE_MODULES = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`node_modules/pkg-${i}/index.js`, `module.exports = ${i};\n`.repeat(200)]));

  it('flags node_modules and virtualenv archives (zip, tar.gz, tar), staged small and large, and a zipped MongoDB dbpath', () => {
    const r = newRepo();
    r.tree({
      'backup/project.zip': zipOf({ 'server.js': '1\n', ...NODE_MODULES }), // larger than one read window: the directory is at its end
      'deploy/env.tar.gz': tgzOf({ 'env/': '', 'env/pyvenv.cfg': 'home = /usr/bin\n', 'env/lib/python3.11/site-packages/six.py': 'x\n' }),
      'lambda/layer.tar': tarOf({ 'python/lib/python3.12/site-packages/requests/__init__.py': 'x\n' }),
      'db/mongo-copy.zip': zipOf({ 'data/db/WiredTiger': 'WiredTiger\n', 'data/db/WiredTiger.turtle': 'x', 'data/db/WiredTiger.wt': 'x', 'data/db/collection-0-1.wt': 'x' }),
      'docs/handouts.zip': zipOf({ 'week1.md': '# one\n', 'week2.md': '# two\n' }),
      'release/app-1.0.tar.gz': tgzOf({ 'app-1.0/package.json': '{}\n', 'app-1.0/index.js': '1\n' }),
    });
    expect(readFileSync(join(r.dir, 'backup/project.zip')).length).toBeGreaterThan(128 * 1024);
    r.git('add', '.');
    const report = run(r);
    expect(pathsOf(report, 'dependency-archive')).toEqual(['backup/project.zip', 'deploy/env.tar.gz', 'lambda/layer.tar']);
    expect(pathsOf(report, 'database-archive')).toEqual(['db/mongo-copy.zip']);
    expect(report.findings.flatMap((f) => f.paths)).not.toContain('docs/handouts.zip');
    expect(report.findings.flatMap((f) => f.paths)).not.toContain('release/app-1.0.tar.gz');
  });

  it('lists an archive that is untracked, and one whose staged content differs from the work tree', () => {
    const r = newRepo();
    r.write('site.zip', zipOf({ 'index.html': '<p>hi</p>\n', ...NODE_MODULES }));
    expect(pathsOf(run(r), 'dependency-archive')).toEqual(['site.zip']);
    r.git('add', 'site.zip');
    // The work tree now holds a harmless zip; the commit would hold the staged one.
    r.write('site.zip', zipOf({ 'index.html': '<p>changed</p>\n' }));
    expect(pathsOf(run(r, ['--staged']), 'dependency-archive')).toEqual(['site.zip']);
  });
});
