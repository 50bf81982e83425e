// SARIF as GitHub's code scanning needs it: every result placed on a real file and line, a folder
// finding pointing at a file in that folder (the marker that identified a database, else the
// folder's first file) and naming the folder in its message and properties, and Microsoft's own
// validator (sarif-multitool, rule kinds "Gh;Sarif": GitHub's ingestion rules and SARIF's
// authoring rules) reporting no error and no warning on real reports.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitNul } from '../../src/git/parse.js';
import { PROJECT, makeRepo, type TestRepo } from '../helpers/repo.js';
import { sarifErrors } from '../helpers/sarif.js';

// The validator is installed apart from the project, in tests/tools (a 104 MB .NET program that,
// as a devDependency, every install of cruft-check from git would download). The package's own
// bin.js runs the binary through a shell (`shell: true`), which splits "Gh;Sarif" at the
// semicolon: the binary is run directly, as its package exports it.
const MULTITOOL = createRequire(join(PROJECT, 'tests', 'tools', 'package.json'))('@microsoft/sarif-multitool') as string;

interface SarifLocation {
  physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } };
  message?: { text: string };
  properties?: { directory?: string };
}
interface SarifResult {
  ruleId: string;
  message: { text: string };
  locations: SarifLocation[];
  properties: { paths: string[] };
}

type Findings = string[];

/**
 * What the multitool finds at error or warning level in each document, as `ruleId: message`
 * lines per name. One run over all the documents: each start of the .NET tool costs over a second.
 */
function multitool(r: TestRepo, docs: Record<string, string>): Map<string, Findings> {
  const files = new Map<string, string>();
  for (const [name, sarif] of Object.entries(docs)) {
    const file = join(r.scratch, `${name}.sarif`);
    writeFileSync(file, sarif);
    files.set(pathToFileURL(file).href, name);
  }
  const out = join(r.scratch, 'validation.sarif');
  // DOTNET_TieredCompilation=0: .NET compiles each method once, fully, instead of quickly first and
  // again once it is hot; for one short run that is less work (3.1 -> 2.7 s CPU on the 2-core
  // machine, three runs each). What the tool checks is the same.
  const run = spawnSync(MULTITOOL, ['validate', '--rule-kind', 'Gh;Sarif', '--output', out, ...[...files.keys()].map((u) => fileURLToPath(u))], {
    encoding: 'utf8',
    env: { ...process.env, DOTNET_TieredCompilation: '0' },
  });
  expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
  const log = JSON.parse(readFileSync(out, 'utf8')) as {
    runs: Array<{ results?: Array<{ ruleId: string; level?: string; message: { text?: string; arguments?: string[] }; locations?: Array<{ physicalLocation?: { artifactLocation?: { uri?: string } } }> }> }>;
  };
  const found = new Map<string, Findings>([...files.values()].map((name) => [name, []]));
  // (A result without a level is a warning, SARIF's default.)
  for (const x of log.runs[0]?.results ?? []) {
    if (!(x.level === undefined || x.level === 'error' || x.level === 'warning')) continue;
    const line = `${x.ruleId}: ${x.message.text ?? x.message.arguments?.join(' ')}`;
    const name = files.get(x.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '');
    // A result not placed on one of the documents counts against every one of them.
    for (const n of name === undefined ? found.keys() : [name]) found.get(n)!.push(line);
  }
  return found;
}

let repo: TestRepo;

beforeAll(() => {
  repo = makeRepo();
  repo.git('checkout', '-q', '-b', 'topic');
  // A PostgreSQL data directory (its marker: PG_VERSION), a dependency tree, an .env file, and
  // enough new files for a bulk add whose summary names folders.
  repo.tree({
    data: { db: { PG_VERSION: '16\n', global: { pg_control: Buffer.alloc(8192) }, base: { '1': { '1259': Buffer.alloc(100) } } } },
    node_modules: { 'left-pad': { 'index.js': 'module.exports = 1;\n', 'package.json': '{}\n' } },
    '.env': 'SECRET=1\n',
    app: Object.fromEntries(Array.from({ length: 210 }, (_, i) => [`f${i}.txt`, `${i}\n`])),
  });
  repo.git('add', '-A');
  // Untracked, a dependency tree git lists as one entry: nobody looked inside it before.
  repo.tree({ loose: { node_modules: { zz: { 'z.js': '1\n' }, aa: { 'a.js': '1\n', 'b.js': '2\n' } } } });
  // Each report once: the tests that place results and the ones that validate read the same run.
  reports = { preflight: sarifOf([]), staged: sarifOf(['--staged']) };
  repo.commit('cruft');
  try {
    reports.range = sarifOf(['--range', 'main...HEAD']);
  } finally {
    repo.git('reset', '-q', '--soft', 'HEAD~1');
  }
});
afterAll(() => repo.cleanup());

let reports: Record<string, { text: string; results: SarifResult[] }>;

/** The staged report with its first location's region taken away (it must draw SARIF2017). */
function broken(): string {
  const doc = JSON.parse(reports.staged!.text) as { runs: Array<{ results: SarifResult[] }> };
  doc.runs[0]!.results[0]!.locations[0]!.physicalLocation = { artifactLocation: { uri: 'data/db/' } };
  return JSON.stringify(doc);
}

let validated: Map<string, Findings> | undefined;
/** The multitool's findings for a report, from one run over all of them, made the first time a test asks. */
function validation(name: string): Findings {
  validated ??= multitool(repo, { preflight: reports.preflight!.text, staged: reports.staged!.text, range: reports.range!.text, broken: broken() });
  return validated.get(name)!;
}

function sarifOf(args: string[]): { text: string; results: SarifResult[] } {
  const run = repo.cli([...args, '--format', 'sarif']);
  expect(run.stderr).toBe('');
  const text = run.stdout;
  return { text, results: (JSON.parse(text) as { runs: Array<{ results: SarifResult[] }> }).runs[0]!.results };
}

const filesInRepo = (): Set<string> => new Set(splitNul(spawnSync('git', ['ls-files', '-z', '--cached', '--others'], { cwd: repo.dir, env: repo.env }).stdout));

describe('every result is placed on a real file and a line', () => {
  for (const [scope, name] of [
    ['preflight', 'preflight'],
    ['--staged', 'staged'],
  ] as const) {
    it(`${scope}: folders point at a file inside them, named in the message and properties`, () => {
      const { results } = reports[name]!;
      const files = filesInRepo();
      const folders = results.flatMap((x) => x.locations.filter((l) => l.properties?.directory !== undefined).map((l) => ({ result: x, l })));
      expect(folders.length).toBeGreaterThanOrEqual(scope === 'preflight' ? 4 : 3);
      for (const x of results) {
        for (const l of x.locations) {
          const uri = decodeURIComponent(l.physicalLocation.artifactLocation.uri);
          expect(l.physicalLocation.region, `${x.ruleId} ${uri}`).toEqual({ startLine: 1 });
          expect(uri.endsWith('/'), `${x.ruleId} ${uri}`).toBe(false);
          expect(files.has(uri), `${x.ruleId} ${uri} is a file of the repository`).toBe(true);
        }
      }
      for (const { result, l } of folders) {
        const dir = l.properties!.directory!;
        expect(decodeURIComponent(l.physicalLocation.artifactLocation.uri).startsWith(dir)).toBe(true);
        expect(l.message?.text).toBe(`in ${dir}`);
        if (result.ruleId !== 'bulk-add') {
          expect(result.properties.paths).toContain(dir);
          expect(result.message.text).toContain(dir);
        }
      }
      const at = (rule: string, dir: string): string | undefined =>
        results.find((x) => x.ruleId === rule && x.properties.paths.includes(dir))?.locations.find((l) => l.properties?.directory === dir)?.physicalLocation.artifactLocation.uri;
      // The database is placed on the marker that identified it; a dependency tree on its first file.
      expect(at('database-directory', 'data/db/')).toBe('data/db/PG_VERSION');
      expect(at('dependency-directory', 'node_modules/')).toBe('node_modules/left-pad/index.js');
      if (scope === 'preflight') expect(at('dependency-directory', 'loose/node_modules/')).toBe('loose/node_modules/aa/a.js');
    });

    it(`${scope}: the SARIF multitool reports no error or warning, and the schema holds`, () => {
      const { text } = reports[name]!;
      expect(sarifErrors(JSON.parse(text))).toEqual([]);
      expect(validation(name)).toEqual([]);
    });
  }

  it('--range: the same, for a branch that committed them', () => {
    const { results } = reports.range!;
    expect(results.map((x) => x.ruleId).sort()).toEqual(['bulk-add', 'database-directory', 'dependency-directory', 'env-file']);
    for (const x of results) for (const l of x.locations) expect(l.physicalLocation.region).toEqual({ startLine: 1 });
    expect(validation('range')).toEqual([]);
  });

  it('the multitool check is real: a folder location without a region draws its warning', () => {
    expect(validation('broken').join('\n')).toContain('SARIF2017');
  });
});
