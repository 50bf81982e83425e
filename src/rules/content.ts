// Rules that judge what is in a file rather than its name: large files (Git LFS aware),
// programs, libraries and archives by their first bytes (without an extension, or with one that
// names a program or library), and embedded repositories (gitlinks that no .gitmodules entry
// explains). Archives judged by what they list are in archives.ts.
import { formatBytes, shellQuote } from '../text.js';
import { baseName, inTestFixtures } from '../facts/inventory.js';
import type { Config, FileFact, Hit, Inventory, Needs, Rule, RuleContext } from '../model.js';
import { type Kind, sniffKind } from '../facts/sniff.js';
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
  'mach-o': 'macOS executable or library (Mach-O)',
  'java-class': 'Java class file',
  ar: 'static library (ar archive)',
  zip: 'zip archive',
  gzip: 'gzip archive',
  bzip2: 'bzip2 archive',
  xz: 'xz archive',
  zstd: 'zstd archive',
  '7z': '7-Zip archive',
  rar: 'RAR archive',
  tar: 'tar archive',
};

/**
 * Extensions of programs and libraries: flagged when the first bytes agree (a `.dll` that is a
 * text stub, or a Git LFS pointer, is not a library). Archives with these names are Java and
 * Android packages (zip inside). `.o`, `.class`, `.pyc`, `.apk`/`.aab` are not here: build-output
 * (later in the catalogue, after the first bytes are read) takes them by name, and reading the
 * thousands of class files of a compiled tree for nothing would cost a bulk add dearly; renamed
 * or extensionless, their bytes are still read like any extensionless file's.
 */
const BINARY_EXTS = new Set(['exe', 'dll', 'so', 'dylib', 'jar', 'war', 'ear', 'aar', 'node', 'pyd', 'elf', 'a', 'lib', 'bin', 'com', 'sys', 'ocx', 'scr', 'bundle']);
/** Package formats built on zip: what the name says, once the bytes say zip. */
const ZIP_PACKAGES: Record<string, string> = { jar: 'Java archive (.jar)', war: 'Java web archive (.war)', ear: 'Java enterprise archive (.ear)', aar: 'Android library (.aar)' };
/** For extensions that name no program (`.bin`, `.a`, `.lib`), the kinds that make one. */
const PROGRAM_KINDS = new Set<Kind>(['elf-executable', 'elf-shared', 'pe', 'mach-o', 'java-class', 'ar']);

/** `libfoo.so.1.2.3`: a versioned shared library. */
const binaryExt = (name: string): string => {
  if (/\.so(\.\d+)+$/.test(name)) return 'so';
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
};

/**
 * Binaries committed on purpose, by convention of the tool that needs them: the Gradle and Maven
 * wrappers (each build runs them; their docs say to commit them), NuGet's bootstrapper of old
 * Visual Studio solutions, and native plugins of a Unity project (Unity imports what is under
 * Assets/…/Plugins/ and writes a `.meta` beside each file: the project cannot build without them).
 */
const COMMITTED_ON_PURPOSE = /(^|\/)gradle\/wrapper\/gradle-wrapper\.jar$|(^|\/)\.mvn\/wrapper\/maven-wrapper\.jar$|(^|\/)\.nuget\/nuget\.exe$|(^|\/)(Assets|Packages)\/(.*\/)?Plugins\//i;

function committedOnPurpose(f: FileFact, inv: Inventory, ctx: RuleContext): boolean {
  if (COMMITTED_ON_PURPOSE.test(f.path)) return true;
  const meta = `${f.path}.meta`;
  return inv.byPath.has(meta) || ctx.exists(meta) || ctx.probe.lfs(f.path);
}

/** Candidates: no extension (`gcc main.c -o main`), `a.out`-style `.out`, or the extension of a program or library. */
const binaryCandidate = (f: FileFact): boolean => extensionless(f) || (f.size >= 64 && f.mode !== '120000' && f.mode !== '160000' && (/\.out$/.test(f.path) || BINARY_EXTS.has(binaryExt(baseName(f.path)))));

/** What the bytes make of a candidate, in words; undefined when they make nothing of it. */
function binaryWhat(f: FileFact, head: Buffer): string | undefined {
  const kind = sniffKind(head);
  if (!kind) return undefined;
  const ext = binaryExt(baseName(f.path));
  if (ext && BINARY_EXTS.has(ext)) {
    if (kind === 'zip') return ZIP_PACKAGES[ext];
    if (!PROGRAM_KINDS.has(kind)) return undefined;
  }
  if (kind === 'pe' && isDll(head)) return 'Windows library (PE DLL)';
  if (kind === 'elf-shared' && ext === 'so') return 'shared library (ELF)';
  return BINARY_KINDS[kind];
}

/** The PE file header's Characteristics carry IMAGE_FILE_DLL (0x2000) for a library. */
function isDll(head: Buffer): boolean {
  const pe = head.readUInt32LE(0x3c);
  return pe + 24 <= head.length && (head.readUInt16LE(pe + 22) & 0x2000) !== 0;
}

export const compiledBinary: Rule = {
  id: 'compiled-binary',
  category: 'binaries',
  severity: 'warning',
  title: 'Compiled binary or archive',
  why:
    'This file is a program, a library, an object file or an archive — whatever its name says, its first bytes say so: ' +
    'usually what `gcc main.c -o main` or a build leaves behind, or a downloaded tool. Built files are rebuilt from ' +
    'source (or fetched by the build tool) and only bloat the history.',
  fix:
    'Unstage it and add it to .gitignore (or have the build write into a folder you ignore); commit the source, or declare the ' +
    'dependency in the build file. A binary the project must carry goes through Git LFS or into .cruftignore.',
  examples: {
    flagged: [
      [{ path: 'hello', head: [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0x3e, 0], size: 16000 }, 'hello.c'],
      [{ path: 'a.out', head: [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3e, 0], size: 16000 }],
      [{ path: 'bin/server', head: [0xcf, 0xfa, 0xed, 0xfe, 0x07, 0x00, 0x00, 0x01, 0, 0, 0, 0, 2, 0, 0, 0], size: 900000 }],
      [{ path: 'release', head: [0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0], size: 5000 }],
      // names that say what they are are flagged too, once the bytes agree
      [{ path: 'tools/helper.exe', head: [0x4d, 0x5a, 0x90, 0x00, ...Array(56).fill(0), 0x40, 0, 0, 0, 0x50, 0x45, 0, 0, 0x64, 0x86], size: 90000 }],
      [{ path: 'lib/native/libcrypto.so.3', head: [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0x3e, 0], size: 400000 }],
      [{ path: 'Frameworks/libswift.dylib', head: [0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 2, 1, 0, 0, 7], size: 400000 }],
      [{ path: 'lib/mysql-connector-java-8.0.33.jar', head: [0x50, 0x4b, 0x03, 0x04, 0x14, 0, 8, 8], size: 2400000 }],
      [{ path: 'deps/libuv.a', head: '!<arch>\n/               0           0     0     0       4242      `\n', size: 90000 }],
    ],
    clean: [
      [{ path: 'bin/run', head: '#!/usr/bin/env node\nrequire("../dist/cli.js");\n', size: 200 }],
      [{ path: 'Makefile', head: 'all:\n\tcc -o hello hello.c\n', size: 200 }],
      [{ path: 'Assets/Plugins/Native.dll', head: [0x4d, 0x5a, 0x90, 0x00], size: 90000 }],
      [{ path: 'tests/fixtures/elf/hello', head: [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3e, 0], size: 16000 }],
      [{ path: 'scripts/deploy', head: 'set -eu\nrsync -a dist/ host:/srv/\n', size: 300 }],
      // the wrappers a build runs, a Unity plugin with its .meta, a Git LFS pointer, a text file with a binary's extension
      [{ path: 'gradle/wrapper/gradle-wrapper.jar', head: [0x50, 0x4b, 0x03, 0x04, 0x14, 0, 8, 8], size: 60000 }, 'gradle/wrapper/gradle-wrapper.properties'],
      [{ path: '.mvn/wrapper/maven-wrapper.jar', head: [0x50, 0x4b, 0x03, 0x04, 0x14, 0, 8, 8], size: 60000 }],
      [{ path: 'Game/Plugins/x86_64/steam_api64.dll', head: [0x4d, 0x5a, 0x90, 0x00, ...Array(56).fill(0), 0x40, 0, 0, 0, 0x50, 0x45, 0, 0], size: 90000 }, 'Game/Plugins/x86_64/steam_api64.dll.meta'],
      [{ path: 'vendor/tool.exe', head: 'version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 90000\n', size: 130 }],
      [{ path: 'docs/api.bin', head: 'not really binary\n', size: 900 }],
      [{ path: 'lib/fonts.jar', head: 'placeholder: run ./fetch-fonts.sh\n', size: 900 }],
    ],
  },
  needs(inv: Inventory): Needs {
    const heads = inv.facts.filter((f) => binaryCandidate(f) && !inTestFixtures(f.path) && !COMMITTED_ON_PURPOSE.test(f.path));
    // An untracked library under `filter=lfs` will be stored as a pointer; a staged one already is (its bytes say so).
    return { heads, lfs: heads.filter((f) => f.origin === 'untracked' && BINARY_EXTS.has(binaryExt(baseName(f.path)))) };
  },
  detect(inv: Inventory, ctx: RuleContext): Hit[] {
    const byKind = new Map<string, FileFact[]>();
    for (let i = 0; i < inv.facts.length; i++) {
      const f = inv.facts[i] as FileFact;
      if (ctx.claimed.has(f.path) || !binaryCandidate(f) || inTestFixtures(f.path)) continue;
      const head = ctx.probe.head(f.path);
      const what = head && binaryWhat(f, head);
      if (!what || committedOnPurpose(f, inv, ctx)) continue;
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
