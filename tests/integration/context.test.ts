// Judgements of context, both sides of each: database data beside the configuration that belongs
// in the repository, a data directory's own keys, dist/ and build/ generated or committed on
// purpose, logs and node_modules as test inputs. Real repositories, the built CLI.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error — plain JavaScript module shared with the demo
import { mongoDbPathFiles, writeMongoDbPath } from '../../scripts/layouts/mongodb.mjs';
import type { Finding, Report } from '../../src/model.js';
import { makeRepo, type TestRepo } from '../helpers/repo.js';

let repo: TestRepo;
afterEach(() => repo?.cleanup());

function run(r: TestRepo): { code: number; report: Report } {
  r.git('add', '.');
  const res = r.cli(['--format', 'json']);
  if (!res.stdout) throw new Error(`exit ${res.code}: ${res.stderr}`);
  return { code: res.code, report: JSON.parse(res.stdout) as Report };
}
const rules = (report: Report): string[] => report.findings.map((f) => f.rule).sort();
const only = (report: Report, rule: string): Finding => {
  const f = report.findings.filter((x) => x.rule === rule);
  expect(f).toHaveLength(1);
  return f[0] as Finding;
};

describe('database data beside its configuration', () => {
  it('covers the MongoDB data in docker/mongo/ and not mongod.conf or init-mongo.js beside it', () => {
    repo = makeRepo();
    writeMongoDbPath(join(repo.dir, 'docker/mongo'), { scale: 0.01 });
    repo.tree({ docker: { mongo: { 'mongod.conf': 'storage:\n  dbPath: /data/db\n', 'init-mongo.js': 'db.createUser({ user: "app" })\n' } }, 'docker-compose.yml': 'services:\n  mongo:\n    volumes: ["./docker/mongo:/data/db"]\n' });
    const { code, report } = run(repo);
    expect(code).toBe(1);
    expect(rules(report)).toEqual(['database-directory']);
    const f = only(report, 'database-directory');
    expect(f.files).toBe(Object.keys(mongoDbPathFiles()).length);
    expect(f.paths).not.toContain('docker/mongo/');
    expect(f.paths.some((p) => p.endsWith('mongod.conf') || p.endsWith('init-mongo.js'))).toBe(false);
    expect(f.fix.unstage).toContain('docker/mongo/journal/');
  });

  it('covers a PostgreSQL data directory with its own server.key, naming the key instead of reporting it twice', () => {
    repo = makeRepo();
    repo.tree({
      pgdata: { PG_VERSION: '16\n', global: { pg_control: Buffer.alloc(8192, 1) }, base: { '1': { '1259': Buffer.alloc(8192, 2) } }, 'server.key': '-----BEGIN PRIVATE KEY-----\nMIIE\n', 'server.crt': '-----BEGIN CERTIFICATE-----\nMIIB\n' },
      docker: { postgres: { 'postgresql.conf': "listen_addresses = '*'\n", 'init.sql': 'CREATE TABLE t (id int);\n' } },
      'docker-compose.yml': 'services: {}\n',
    });
    const { report } = run(repo);
    expect(rules(report)).toEqual(['database-directory']);
    const f = only(report, 'database-directory');
    expect(f.paths).toEqual(['pgdata/']);
    expect(f.files).toBe(5);
    expect(f.data?.secrets).toEqual(['pgdata/server.key']);
  });

  it('covers a MySQL volume (db_data/) with its *-key.pem files, and leaves the my.cnf in docker/ alone', () => {
    repo = makeRepo();
    repo.tree({
      db_data: { ibdata1: Buffer.alloc(4096, 1), ib_logfile0: Buffer.alloc(4096, 2), 'auto.cnf': '[auto]\nserver-uuid=1\n', 'ca-key.pem': '-----BEGIN RSA PRIVATE KEY-----\n', 'server-key.pem': '-----BEGIN RSA PRIVATE KEY-----\n', mysql: { 'user.frm': Buffer.alloc(100, 3) } },
      docker: { mysql: { 'my.cnf': '[mysqld]\nbind-address=0.0.0.0\n' } },
    });
    const { report } = run(repo);
    expect(rules(report)).toEqual(['database-directory']);
    const f = only(report, 'database-directory');
    expect(f.paths).toEqual(['db_data/']);
    expect(f.data?.secrets).toEqual(['db_data/ca-key.pem', 'db_data/server-key.pem']);
  });

  it('leaves configuration templates without data alone', () => {
    repo = makeRepo();
    repo.tree({ docker: { postgres: { 'postgresql.conf': "shared_buffers = '128MB'\n", 'init.sql': 'CREATE TABLE t (id int);\n' }, mongo: { 'mongod.conf': 'net:\n  port: 27017\n' } }, mysql: { 'my.cnf': '[mysqld]\n' } });
    const { code, report } = run(repo);
    expect(report.findings).toEqual([]);
    expect(code).toBe(0);
  });
});

describe('dist/ and build/', () => {
  it("leaves a GitHub Action's committed dist/ alone", () => {
    repo = makeRepo();
    repo.tree({ 'action.yml': "name: x\nruns:\n  using: 'node20'\n  main: 'dist/index.js'\n", 'package.json': '{"name":"x","scripts":{"build":"ncc build src/index.ts"}}\n', dist: { 'index.js': 'module.exports=1\n', 'licenses.txt': 'MIT\n' }, src: { 'index.ts': 'export {}\n' } });
    expect(run(repo).report.findings).toEqual([]);
  });

  it("flags dist/ of a package whose action.yml does not run from it, and a library's generated dist/", () => {
    repo = makeRepo();
    repo.tree({ 'action.yml': "runs:\n  using: 'docker'\n  image: 'Dockerfile'\n", 'package.json': '{"name":"x","main":"dist/index.js"}\n', dist: { 'index.js': '1\n', 'index.js.map': '{}\n' } });
    const f = only(run(repo).report, 'build-output');
    expect(f.paths).toEqual(['dist/']);
  });

  it('keeps dist/ when the project already commits it (the change modifies tracked files)', () => {
    repo = makeRepo();
    repo.tree({ 'package.json': '{"name":"x"}\n', dist: { 'lib.umd.js': '1\n' } });
    repo.git('add', '.');
    repo.commit('release 1');
    repo.write('dist/lib.umd.js', '2\n');
    expect(run(repo).report.findings).toEqual([]);
  });

  it('tells an electron-builder resources build/ from a create-react-app build/', () => {
    repo = makeRepo();
    repo.tree({ 'package.json': '{"name":"x"}\n', build: { 'icon.icns': 'x', 'entitlements.mac.plist': '<plist/>\n' } });
    expect(run(repo).report.findings).toEqual([]);
    repo.tree({ web: { 'package.json': '{"name":"web"}\n', build: { 'index.html': '<html>', 'asset-manifest.json': '{}', static: { js: { 'main.8f3a2c1d.js': '1' } } } } });
    expect(only(run(repo).report, 'build-output').paths).toEqual(['web/build/']);
  });

  it('flags target/ beside a Cargo.toml committed earlier', () => {
    repo = makeRepo();
    repo.write('Cargo.toml', '[package]\nname = "x"\n');
    repo.git('add', '.');
    repo.commit('crate');
    repo.tree({ target: { debug: { 'x.d': 'x', deps: { 'x-1234.d': 'x' } } } });
    expect(only(run(repo).report, 'build-output').paths).toEqual(['target/']);
  });
});

describe('inputs, not cruft', () => {
  it("leaves a log parser's sample logs and a resolver's fixture node_modules alone, flags the app's own logs", () => {
    repo = makeRepo();
    repo.tree({
      tests: { fixtures: { 'access.log': '127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200\n', resolver: { node_modules: { dep: { 'index.js': '1\n', 'package.json': '{}\n' } } } } },
      src: { 'parser.py': 'def parse(line): ...\n' },
    });
    expect(run(repo).report.findings).toEqual([]);
    repo.write('logs/app.log', 'started\n');
    repo.write('logs/error.log', 'failed\n');
    const f = only(run(repo).report, 'log-file');
    expect(f.paths).toEqual(['logs/']);
    expect(f.fix.gitignore).toEqual(['*.log']);
  });
});
