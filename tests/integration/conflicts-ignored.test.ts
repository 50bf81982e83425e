// Conflict blocks left in staged text files, and new files the repository's .gitignore ignores
// (force-added): real repositories, real merges, the built CLI.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/model.js';
import { makeRepo, type TestRepo } from '../helpers/repo.js';

let repo: TestRepo;
beforeEach(() => {
  repo = makeRepo();
});
afterEach(() => repo.cleanup());

function findings(args: string[] = ['--staged', '--format', 'json']): Finding[] {
  return JSON.parse(repo.cli(args).stdout).findings as Finding[];
}
const of = (rule: string, fs: Finding[]): Finding[] => fs.filter((f) => f.rule === rule);

describe('conflict-markers', () => {
  /** A real conflicted merge of `file`, both sides changing its second line. */
  function conflictedMerge(file: string, before: string, ours: string, theirs: string): void {
    repo.write(file, before);
    repo.git('add', file);
    repo.commit('base');
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write(file, theirs);
    repo.git('commit', '-q', '-am', 'theirs');
    repo.git('checkout', '-q', 'main');
    repo.write(file, ours);
    repo.git('commit', '-q', '-am', 'ours');
    const r = repo.gitResult(['merge', 'feature']);
    expect(r.status).not.toBe(0); // the conflict happened
  }

  it('blocks a file staged with the conflict block git wrote, naming the line', () => {
    conflictedMerge('src/app.js', 'const a = 1;\nconst b = 1;\n', 'const a = 1;\nconst b = 2;\n', 'const a = 1;\nconst b = 3;\n');
    repo.git('add', 'src/app.js'); // "resolved" without looking
    const r = repo.cli(['--staged', '--format', 'json']);
    const hits = of('conflict-markers', JSON.parse(r.stdout).findings);
    expect(hits.map((f) => f.paths)).toEqual([['src/app.js']]);
    expect(hits[0]?.data).toEqual({ line: 2 });
    expect(r.code).toBe(1);
  });

  it('reads the staged content, not the work tree: resolved on disk but not staged again is still flagged', () => {
    conflictedMerge('notes.txt', 'a\nb\n', 'a\nours\n', 'a\ntheirs\n');
    repo.git('add', 'notes.txt');
    repo.write('notes.txt', 'a\nresolved\n');
    expect(of('conflict-markers', findings()).map((f) => f.paths)).toEqual([['notes.txt']]);
  });

  it('finds a block far past the first 4 KiB', () => {
    const filler = 'x = 1\n'.repeat(2000);
    repo.write('big.py', `${filler}<<<<<<< HEAD\ny = 1\n=======\ny = 2\n>>>>>>> topic\n`);
    repo.git('add', 'big.py');
    expect(of('conflict-markers', findings())[0]?.data).toEqual({ line: 2001 });
  });

  it('leaves alone Markdown and reStructuredText underlines, quoted replies and a merge tool’s fixtures', () => {
    repo.tree({
      'README.md': 'Title\n=======\n\nText\n',
      'index.rst': '=======\nProject\n=======\n\n>>>>>>> quoted\n',
      tests: { fixtures: { 'conflict.txt': '<<<<<<< HEAD\na\n=======\nb\n>>>>>>> other\n' } },
      src: { 'markers.ts': "export const START = '<<<<<<< ';\nexport const END = '>>>>>>> ';\n" },
    });
    repo.git('add', '.');
    expect(of('conflict-markers', findings())).toEqual([]);
  });
});

describe('ignored-file', () => {
  it('warns about a force-added file and names the ignoring line', () => {
    repo.write('.gitignore', '# local settings\nnode_modules/\n*.local.json\n');
    repo.git('add', '.gitignore');
    repo.commit('ignore');
    repo.write('config/app.local.json', '{"token":"x"}\n');
    repo.write('src/index.ts', 'export {};\n');
    repo.git('add', '-f', 'config/app.local.json');
    repo.git('add', 'src/index.ts');
    const r = repo.cli(['--staged', '--format', 'json']);
    const hits = of('ignored-file', JSON.parse(r.stdout).findings);
    expect(hits.map((f) => [f.paths, f.data, f.severity])).toEqual([[['config/app.local.json'], { source: '.gitignore', line: 3, pattern: '*.local.json' }, 'warning']]);
    expect(r.code).toBe(0); // a warning does not block
  });

  it("uses a nested .gitignore's own line, and leaves alone a file a `!` line lets in", () => {
    repo.tree({ web: { '.gitignore': 'generated/\n', generated: { 'api.ts': 'export {};\n' } }, '.gitignore': '*.log\n!keep.log\n', 'keep.log': 'kept\n' });
    repo.git('add', '-f', '.');
    const hits = of('ignored-file', findings());
    expect(hits.map((f) => [f.paths, f.data])).toEqual([[['web/generated/api.ts'], { source: 'web/.gitignore', line: 1, pattern: 'generated/' }]]);
  });

  it('ignores a line from .git/info/exclude (personal, not the repository’s) and files already tracked', () => {
    repo.write('.git/info/exclude', 'scratch.txt\n');
    repo.write('.gitignore', 'tracked.txt\n');
    repo.write('tracked.txt', 'old\n');
    repo.git('add', '-f', '.gitignore', 'tracked.txt');
    repo.commit('tracked on purpose');
    repo.write('tracked.txt', 'new\n');
    repo.write('scratch.txt', 'mine\n');
    repo.git('add', '-f', 'tracked.txt', 'scratch.txt');
    expect(of('ignored-file', findings())).toEqual([]);
  });

  it('asks git only when a .gitignore line could name a new file (an ordinary commit starts no check-ignore)', () => {
    repo.write('.gitignore', '*.log\n.DS_Store\nnode_modules/\n');
    repo.git('add', '.gitignore');
    repo.commit('ignore');
    const checkIgnoreRuns = (): number => {
      const trace = join(repo.scratch, `trace-${Math.random()}`);
      repo.cli(['--staged', '--format', 'json'], { env: { GIT_TRACE: trace } });
      return readFileSync(trace, 'utf8').split('\n').filter((l) => l.includes('check-ignore')).length;
    };
    repo.write('src/feature/new.ts', 'export {};\n');
    repo.git('add', 'src/feature/new.ts');
    expect(checkIgnoreRuns()).toBe(0);
    repo.write('debug.log', 'x\n');
    repo.git('add', '-f', 'debug.log');
    expect(checkIgnoreRuns()).toBe(1);
  });
});
