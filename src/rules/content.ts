// Rules that judge what is in a file rather than its name: large files (Git LFS aware),
// compiled binaries whose names do not say so, and embedded repositories (gitlinks that no
// .gitmodules entry explains).
import { formatBytes, shellQuote } from '../format.js';
import { baseName, inTestFixtures } from '../inventory.js';
import type { Config, FileFact, Hit, Inventory, Needs, Rule, RuleContext } from '../model.js';
import { type Kind, sniffKind } from '../sniff.js';
import { gitignoreLines } from './directories.js';

/** Status letters of content this change adds: new, copied, type-changed, untracked. */
export const adds = (f: FileFact): boolean => f.status === 'A' || f.status === 'C' || f.status === 'T' || f.status === '?';

/**
 * Extensionless names that are text by convention (build files, project documents): never read.
 * Names in capitals (README, LICENSE, CODEOWNERS) and names ending in `file` (Makefile,
 * Dockerfile, Gemfile, Jenkinsfile) are skipped by rule; these are the rest.
 */
const TEXT_NAMES = new Set(['gradlew', 'mvnw', 'configure', 'Kbuild', 'Kconfig', 'WORKSPACE', 'BUILD', 'go.mod', 'go.sum', 'Pipfile', 'Podfile', 'Cartfile']);

/** A file with no extension that could be anything: what content sniffing is for. */
export function extensionless(f: FileFact): boolean {
  if (f.mode === '120000' || f.mode === '160000' || f.size < 64) return false;
  const name = baseName(f.path);
  if (name.startsWith('.') || name.includes('.') || TEXT_NAMES.has(name)) return false;
  if (/^[A-Z0-9_-]+$/.test(name) || /file$/i.test(name)) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------

export const largeFile: Rule = {
  id: 'large-file',
  category: 'large-files',
  severity: 'error',
  title: 'Large file',
  why:
    'Every version of a large file stays in the history forever: each clone downloads it, and it cannot ' +
    'be removed without rewriting history. Git LFS stores large files outside the history.',
  fix: 'Unstage it; store it with Git LFS (`git lfs track`), or keep it out of the repository. The limit is `largeFile.bytes` in .cruftcheck.json.',
  examples: {
    flagged: [[{ path: 'assets/video.mp4', size: 40 * 1024 * 1024 }], [{ path: 'data/export.csv', size: 6 * 1024 * 1024, status: '?' }]],
    clean: [
      [{ path: 'assets/logo.png', size: 200 * 1024 }],
      [{ path: 'assets/video.mp4', size: 40 * 1024 * 1024, status: 'M' }],
    ],
  },
  needs(inv: Inventory, config: Config): Needs {
    return { lfs: inv.facts.filter((f) => adds(f) && f.size > config.thresholds.largeFileBytes) };
  },
  detect(inv: Inventory, ctx: RuleContext): Hit[] {
    const limit = ctx.config.thresholds.largeFileBytes;
    const hits: Hit[] = [];
    for (let i = 0; i < inv.facts.length; i++) {
      const f = inv.facts[i] as FileFact;
      // Only content this change adds: a modified file's earlier versions are already in history.
      if (ctx.claimed.has(f.path) || !adds(f) || f.size <= limit || f.mode === '160000' || f.mode === '120000') continue;
      const lfs = ctx.probe.lfs(f.path);
      // An untracked file under filter=lfs will be stored as a pointer when added. A staged blob
      // this large under filter=lfs means the LFS filter did not run (git-lfs not installed).
      if (lfs && f.origin === 'untracked') continue;
      const ext = /\.[A-Za-z0-9]+$/.exec(baseName(f.path))?.[0];
      const track = `git lfs track ${shellQuote(ext ? `*${ext}` : f.path)}`;
      const message = lfs
        ? `${formatBytes(f.size)}, marked filter=lfs but stored in git: Git LFS is not active here (run \`git lfs install\`, then \`git rm --cached\` and add it again)`
        : `${formatBytes(f.size)} (limit ${formatBytes(limit)}): keep it out of git, or store it with Git LFS: ${track}`;
      hits.push({ paths: [f.path], covers: [f], message, gitignore: gitignoreLines([f.path]), data: { bytes: f.size, limit, lfs, lfsTrack: track } });
    }
    return hits;
  },
};

// ---------------------------------------------------------------------------------------------

const BINARY_KINDS: Partial<Record<Kind, string>> = {
  'elf-executable': 'compiled executable (ELF)',
  'elf-shared': 'compiled executable or shared library (ELF)',
  'elf-object': 'object file (ELF)',
  pe: 'Windows executable (PE)',
  'mach-o': 'macOS executable (Mach-O)',
  'java-class': 'Java class file',
  zip: 'zip archive',
  gzip: 'gzip archive',
  bzip2: 'bzip2 archive',
  xz: 'xz archive',
  zstd: 'zstd archive',
  '7z': '7-Zip archive',
  rar: 'RAR archive',
  tar: 'tar archive',
};

/** Candidates: no extension (`gcc main.c -o main`), or `a.out`-style `.out`. Names that say what they are (`.exe`, `.so`, `.jar`) are deliberate. */
const binaryCandidate = (f: FileFact): boolean => extensionless(f) || (/\.out$/.test(f.path) && f.size >= 64);

export const compiledBinary: Rule = {
  id: 'compiled-binary',
  category: 'binaries',
  severity: 'warning',
  title: 'Compiled binary or archive',
  why:
    'This file is a program, an object file or an archive, though its name does not say so — usually ' +
    'what `gcc main.c -o main` or a build leaves behind. Built files are rebuilt from source and only bloat the history.',
  fix: 'Unstage it and add it to .gitignore (or have the build write into a folder you ignore); commit the source instead.',
  examples: {
    flagged: [
      [{ path: 'hello', head: [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0x3e, 0], size: 16000 }, 'hello.c'],
      [{ path: 'a.out', head: [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3e, 0], size: 16000 }],
      [{ path: 'bin/server', head: [0xcf, 0xfa, 0xed, 0xfe, 0x07, 0x00, 0x00, 0x01, 0, 0, 0, 0, 2, 0, 0, 0], size: 900000 }],
      [{ path: 'release', head: [0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0], size: 5000 }],
    ],
    clean: [
      [{ path: 'bin/run', head: '#!/usr/bin/env node\nrequire("../dist/cli.js");\n', size: 200 }],
      [{ path: 'Makefile', head: 'all:\n\tcc -o hello hello.c\n', size: 200 }],
      [{ path: 'Assets/Plugins/Native.dll', head: [0x4d, 0x5a, 0x90, 0x00], size: 90000 }],
      [{ path: 'tests/fixtures/elf/hello', head: [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3e, 0], size: 16000 }],
      [{ path: 'scripts/deploy', head: 'set -eu\nrsync -a dist/ host:/srv/\n', size: 300 }],
    ],
  },
  needs(inv: Inventory): Needs {
    return { heads: inv.facts.filter((f) => binaryCandidate(f) && !inTestFixtures(f.path)) };
  },
  detect(inv: Inventory, ctx: RuleContext): Hit[] {
    const byKind = new Map<string, FileFact[]>();
    for (let i = 0; i < inv.facts.length; i++) {
      const f = inv.facts[i] as FileFact;
      if (ctx.claimed.has(f.path) || !binaryCandidate(f) || inTestFixtures(f.path)) continue;
      const head = ctx.probe.head(f.path);
      const kind = head && sniffKind(head);
      const what = kind ? BINARY_KINDS[kind] : undefined;
      if (!what) continue;
      const same = byKind.get(what);
      if (same) same.push(f);
      else byKind.set(what, [f]);
    }
    return [...byKind].map(([what, covers]) => {
      const paths = covers.map((f) => f.path).sort();
      return { paths, covers, message: `${what}, recognised by its first bytes`, gitignore: gitignoreLines(paths), data: { kind: what } };
    });
  },
};

// ---------------------------------------------------------------------------------------------

export const embeddedRepository: Rule = {
  id: 'embedded-repository',
  category: 'embedded-repository',
  severity: 'error',
  title: 'Embedded repository',
  why:
    'This folder is a git repository of its own (it has a .git inside), so git records only a pointer to ' +
    'one of its commits, without any of its files — and no .gitmodules entry says where to fetch it. ' +
    'Anyone who clones yours gets an empty folder. It is what `git add .` does to a cloned project inside yours.',
  fix: 'Unstage it (`git rm --cached <path>`). To depend on it, add it properly with `git submodule add <url> <path>`; to keep its files, remove its .git folder first; otherwise add it to .gitignore.',
  examples: {
    flagged: [[{ path: 'vendor/awesome-lib', mode: '160000' }, 'index.js'], [{ path: 'homework-template', mode: '160000', status: '?' }]],
    clean: [
      [{ path: '.gitmodules', head: '[submodule "awesome-lib"]\n\tpath = vendor/awesome-lib\n\turl = https://example.com/awesome-lib.git\n' }, { path: 'vendor/awesome-lib', mode: '160000' }],
      [{ path: 'vendor/awesome-lib', mode: '160000', status: 'M' }],
      ['vendor/awesome-lib/index.js', 'vendor/awesome-lib/package.json'],
    ],
  },
  needs(inv: Inventory): Needs {
    return inv.facts.some((f) => f.mode === '160000' && f.status !== 'M') ? { gitmodules: true } : {};
  },
  detect(inv: Inventory, ctx: RuleContext): Hit[] {
    const hits: Hit[] = [];
    // Only new gitlinks: moving an existing one's pointer (`M`) is an ordinary submodule update.
    const gitlinks = inv.facts.filter((f) => f.mode === '160000' && f.status !== 'M' && !ctx.claimed.has(f.path));
    if (gitlinks.length === 0) return hits;
    const registered = ctx.probe.submodules();
    for (const f of gitlinks) {
      if (registered.has(f.path)) continue;
      hits.push({
        paths: [f.path],
        covers: [f],
        message: `git repository inside the repository (${f.origin === 'untracked' ? 'the next `git add .` would record it as a bare pointer' : 'recorded as a bare pointer'}, with no .gitmodules entry)`,
        gitignore: gitignoreLines([`${f.path}/`]),
        data: { gitlink: f.oid || undefined },
      });
    }
    return hits;
  },
};
