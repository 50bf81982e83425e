// Table-driven name rules: build output and caches, OS and editor junk, logs, memory dumps and
// merge leftovers. Each rule is a table of patterns built by patternRule(); a pattern names
// files or directories (micromatch globs) and may add a judgement of context (sibling files,
// markers inside, the first bytes) where the name alone would mislead.
//
// The tables come from what the tools themselves write (their docs and the github/gitignore
// templates for Python, Node, Java, Gradle, Maven, Rust, C/C++, CMake, Unity, Xcode, JetBrains,
// VisualStudio, Vim, Emacs, macOS, Windows, Linux, Patch). They are deliberately not exhaustive:
// a name earns a place only if a careful reviewer would call it cruft wherever it appears, or
// if the context test below makes it so. Ambiguous names (`*.d`, `*.a`, `*.dll`, `*.jar`, `out/`,
// `public/`, `site/`, `vendor/`) are left out or judged by context.
import { baseName, dirsOutermostFirst as outermostFirst, factsUnder, inTestFixtures, parentOf, someUnder } from '../facts/inventory.js';
import type { Config, FileFact, Hit, Inventory, Needs, Rule, RuleContext } from '../model.js';
import { isBinary, sniffKind } from '../facts/sniff.js';
import { gitignoreLines } from './directories.js';
import { nameHints } from '../facts/hints.js';
import { micromatch } from './micromatch.js';

export interface NamePattern {
  /**
   * A micromatch glob for the base name (`*.pyc`), or for the end of the path when it holds a
   * `/` (`.idea/workspace.xml` matches at any depth). With `dir`, it names directories.
   */
  name: string;
  /** A directory pattern: everything inside the directory is covered, shown once as `dir/`. */
  dir?: boolean;
  /** What it is, in a few words: the finding's message. */
  what: string;
  /**
   * The judgement of context: is this match cruft here? `path` is the file, or the directory
   * without its slash. A pattern with `when` gets anchored `.gitignore` lines per path unless
   * `ignore` says otherwise.
   */
  when?: (path: string, inv: Inventory, ctx: RuleContext) => boolean;
  /** `.gitignore` line; defaults to the name (`*.pyc`, `__pycache__/`). */
  ignore?: string;
  /** `when` reads the first bytes (ctx.probe.head): ask for them. */
  sniff?: boolean;
  /** Under test fixtures, examples or docs a match is an input (a log parser's sample log), not cruft. */
  inputs?: boolean;
  /** Match the name ignoring case (`DEBUG.LOG`). */
  nocase?: boolean;
}

interface CompiledPattern extends NamePattern {
  test: (path: string) => boolean;
}

// Compiled on first use, not when the module loads: the tables hold over a hundred globs, and
// compiling them all cost more than an ordinary commit's whole check. Most never run at all:
// anyOf() below turns a table into a quick test that lets through only the names that could match.
function compile(p: NamePattern): CompiledPattern {
  const opts = { dot: true, nocase: Boolean(p.nocase) };
  let re: RegExp | undefined;
  if (p.name.includes('/')) return { ...p, test: (path) => (re ??= micromatch().makeRe(`{,**/}${p.name}`, opts)).test(path) };
  return { ...p, test: (path) => (re ??= micromatch().makeRe(p.name, opts)).test(baseName(path)) };
}

/**
 * One quick test for all the patterns of a table, so that a file no pattern names (nearly every
 * file) costs a set lookup per rule rather than a regex per pattern: 100,000 files in a bulk add.
 * It looks only at the literal text each glob requires (src/facts/hints.ts); a name that passes
 * is then tested against its patterns for real.
 */
function anyOf(patterns: CompiledPattern[]): (path: string) => boolean {
  if (patterns.length === 0) return () => false;
  let hint: ((name: string) => boolean) | undefined; // built on first use, not at start-up
  return (path) => (hint ??= nameHints(patterns))(baseName(path));
}

/** Folders whose files are inputs or illustrations, not byproducts: test fixtures, examples, docs. */
export function isInput(path: string): boolean {
  return (
    inTestFixtures(path) ||
    /(^|\/)(examples?|samples?|docs?|test[-_]?resources|test[-_]?files|test[-_]?inputs?|src\/test\/resources|spec\/support\/files)(\/|$)/i.test(parentOf(path))
  );
}

/** `dir/` + name, or name at the root. */
export const join = (dir: string, name: string): string => (dir ? `${dir}/${name}` : name);

/** Is there a file called `name` beside `path` (staged, untracked or already in the work tree)? */
export function sibling(path: string, name: string, inv: Inventory, ctx: RuleContext): boolean {
  const p = join(parentOf(path), name);
  return inv.byPath.has(p) || ctx.exists(p);
}

/** Does the directory hold a file matching `glob`, or (glob ending in `/`) a sub-directory matching it? Globs are relative to `dir`. */
export function holds(inv: Inventory, dir: string, glob: string): boolean {
  const prefix = `${dir}/`;
  const wantsDir = glob.endsWith('/');
  const r = micromatch().makeRe(wantsDir ? glob.slice(0, -1) : glob, { dot: true });
  for (const f of factsUnder(inv, dir)) {
    const rel = f.path.slice(prefix.length);
    if (!wantsDir) {
      if (r.test(rel)) return true;
      continue;
    }
    for (let i = rel.indexOf('/'); i > 0; i = rel.indexOf('/', i + 1)) if (r.test(rel.slice(0, i))) return true;
  }
  return false;
}

/**
 * The paths to show for covered files: a directory once (`logs/`) when every file in it is
 * covered and it holds at least `minFiles` of them, else each file.
 */
export function collapsePaths(inv: Inventory, covers: FileFact[], minFiles = 2): string[] {
  const count = new Map<string, number>();
  for (const f of covers) {
    for (let d = parentOf(f.path); d !== ''; d = parentOf(d)) count.set(d, (count.get(d) ?? 0) + 1);
  }
  const shown = new Set<string>();
  for (const f of covers) {
    const ancestors: string[] = [];
    for (let d = parentOf(f.path); d !== ''; d = parentOf(d)) ancestors.unshift(d);
    const whole = ancestors.find((d) => {
      const n = count.get(d) ?? 0;
      return n >= minFiles && n === inv.dirs.get(d)?.files;
    });
    shown.add(whole ? `${whole}/` : f.path);
  }
  return [...shown].sort();
}

/** `.gitignore` lines for a pattern without context: the alternatives of its name that matched (`*.pyc`, `.DS_Store`, `__pycache__/`). */
function ignoreLines(p: CompiledPattern, covers: FileFact[], dirPaths: string[]): string[] {
  // An extglob (`+([0-9])`) is not gitignore syntax: such an alternative would be a line that
  // names nothing useful. It is left out; fix then writes each flagged path's own line.
  const alternatives = micromatch()
    .braces(p.name, { expand: true })
    .filter((a) => !/[@!+*?]\(/.test(a));
  const names = p.dir ? dirPaths.map((d) => d.replace(/\/$/, '')) : covers.map((f) => f.path);
  const used = alternatives.filter((a) => {
    const t = compile({ ...p, name: a }).test;
    return names.some((n) => t(n));
  });
  return (used.length ? used : alternatives).map((a) => (p.dir ? `${a}/` : a));
}

/** A rule's metadata (as in Rule) plus the table of names it looks for. */
export interface PatternRuleSpec extends Pick<Rule, 'id' | 'category' | 'severity' | 'title' | 'why' | 'fix' | 'examples'> {
  patterns: NamePattern[];
  /** More to read than the sniffing patterns' candidates (a configuration file beside a candidate). */
  needs?: (inv: Inventory) => Needs;
}

/** Files that exist to keep a folder (and its ignore rules) in git. */
export const PLACEHOLDER = /^(\.gitkeep|\.keep|\.gitignore|\.empty|\.placeholder)$/;

/** Directories ordered parent before child. */
function dirsOutermostFirst(inv: Inventory): string[] {
  // The inventory's own order (computed once, shared with the directory rules), without the root.
  return outermostFirst(inv).filter((d) => d !== '');
}

/** A rule from a table of name patterns: one finding per pattern, covering all its matches. */
export function patternRule(spec: PatternRuleSpec): Rule {
  const patterns = spec.patterns.map(compile);
  const dirPatterns = patterns.filter((p) => p.dir);
  const filePatterns = patterns.filter((p) => !p.dir);
  const sniffing = filePatterns.filter((p) => p.sniff);
  const maybeFile = anyOf(filePatterns);
  const maybeDir = anyOf(dirPatterns);
  return {
    id: spec.id,
    category: spec.category,
    severity: spec.severity,
    title: spec.title,
    why: spec.why,
    fix: spec.fix,
    examples: spec.examples,
    needs(inv: Inventory, _config: Config): Needs {
      const extra = spec.needs?.(inv) ?? {};
      if (sniffing.length === 0) return extra;
      const maybe = anyOf(sniffing);
      return { ...extra, heads: [...(extra.heads ?? []), ...inv.facts.filter((f) => maybe(f.path) && sniffing.some((p) => p.test(f.path)))] };
    },
    detect(inv: Inventory, ctx: RuleContext): Hit[] {
      const covered = new Set<string>();
      const byPattern = new Map<CompiledPattern, { paths: string[]; covers: FileFact[] }>();
      const add = (p: CompiledPattern, path: string | undefined, facts: FileFact[]): void => {
        const entry = byPattern.get(p) ?? { paths: [], covers: [] };
        if (path) entry.paths.push(path);
        entry.covers.push(...facts);
        facts.forEach((f) => covered.add(f.path));
        byPattern.set(p, entry);
      };
      if (dirPatterns.length > 0) {
        const found: string[] = [];
        const dirs = dirsOutermostFirst(inv);
        for (let i = 0; i < dirs.length; i++) {
          const d = dirs[i] as string;
          if (!maybeDir(d) || found.some((o) => d.startsWith(`${o}/`))) continue;
          for (const p of dirPatterns) {
            if (!p.test(d)) continue;
            if (p.inputs && isInput(`${d}/x`)) continue;
            // A folder inside one an earlier rule took whole (a dist/ in node_modules/) has nothing
            // left to cover: its context is not worth judging (that can mean reading files).
            if (!someUnder(inv, d, (f) => !ctx.claimed.has(f.path))) continue;
            if (p.when && !p.when(d, inv, ctx)) continue;
            // Placeholders that keep an empty folder in git (Rails' tmp/.keep, Laravel's
            // storage/framework/cache/.gitignore) are committed on purpose: never covered.
            const facts = factsUnder(inv, d).filter((f) => !ctx.claimed.has(f.path) && !covered.has(f.path) && !PLACEHOLDER.test(baseName(f.path)));
            if (facts.length === 0) continue;
            found.push(d);
            const whole = facts.length === inv.dirs.get(d)?.files;
            add(p, whole ? `${d}/` : undefined, facts);
            if (!whole) byPattern.get(p)?.paths.push(...collapsePaths(inv, facts));
            break;
          }
        }
      }
      if (filePatterns.length > 0) {
        for (let i = 0; i < inv.facts.length; i++) {
          const f = inv.facts[i] as FileFact;
          if (!maybeFile(f.path) || ctx.claimed.has(f.path) || covered.has(f.path) || f.mode === '160000' || f.mode === '040000') continue;
          for (const p of filePatterns) {
            if (!p.test(f.path)) continue;
            if (p.inputs && isInput(f.path)) continue;
            if (p.when && !p.when(f.path, inv, ctx)) continue;
            add(p, undefined, [f]);
            break;
          }
        }
      }
      const hits: Hit[] = [];
      for (const [p, { paths, covers }] of byPattern) {
        const shown = p.dir ? [...new Set(paths)].sort() : collapsePaths(inv, covers);
        const dirs = shown.filter((s) => s.endsWith('/'));
        const gitignore = p.ignore ? [p.ignore] : p.when ? gitignoreLines(p.dir && dirs.length ? dirs : shown) : ignoreLines(p, covers, paths);
        hits.push({ paths: shown, covers, message: p.what, gitignore, data: { pattern: p.dir ? `${p.name}/` : p.name } });
        covers.forEach((f) => ctx.claimed.add(f.path));
      }
      return hits;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Context tests shared by the tables.

const MANIFESTS_JS = ['package.json'];
const BUNDLER_CONFIGS = /^(vite|webpack|rollup|parcel|esbuild|tsup|rspack|rsbuild|snowpack|vue|svelte|astro|nuxt|next)\.config\.[cm]?[jt]s$|^(angular\.json|\.parcelrc|electron-builder\.(ya?ml|json)|\.goreleaser\.ya?ml|goreleaser\.ya?ml|pyproject\.toml|setup\.py|setup\.cfg)$/;

/** Any of these names beside the directory (staged, untracked or in the work tree)? */
function besideAny(dir: string, names: string[], inv: Inventory, ctx: RuleContext): boolean {
  return names.some((n) => sibling(dir, n, inv, ctx));
}

/** Build-tool configuration beside the directory (checked among the facts and a fixed list of names on disk). */
function bundlerBeside(dir: string, inv: Inventory, ctx: RuleContext): boolean {
  const parent = parentOf(dir);
  const names = inv.dirs.get(parent)?.names ?? new Set<string>();
  for (const n of names) if (BUNDLER_CONFIGS.test(n)) return true;
  const onDisk = [
    'vite.config.js', 'vite.config.ts', 'vite.config.mjs', 'webpack.config.js', 'webpack.config.ts', 'rollup.config.js', 'rollup.config.mjs',
    'tsup.config.ts', 'angular.json', 'electron-builder.yml', '.goreleaser.yml', '.goreleaser.yaml', 'pyproject.toml', 'setup.py', 'setup.cfg',
  ];
  return besideAny(dir, onDisk, inv, ctx);
}

/** Files a build writes: source maps, minified or content-hashed bundles, wheels and sdists, packaged apps, objects. */
const GENERATED_FILE = /\.(js|css|mjs|cjs)\.map$|\.min\.(js|css)$|[.-][0-9a-f]{8,}\.(js|mjs|css)$|\.whl$|\.tar\.gz$|\.egg$|\.dmg$|\.AppImage$|\.snap$|\.deb$|\.rpm$|\.msi$|\.nupkg$|\.o$|\.class$|\.pyc$|^(artifacts|metadata)\.json$|^builder-(effective-config|debug)\.ya?ml$|^asset-manifest\.json$|^\.buildinfo$|^CMakeCache\.txt$/;

/**
 * Vite and Rollup name chunks with an 8-character base64url hash (`index-BXq2lLdB.js`). A word
 * of eight letters (`check-versions.js`, a build script) is not one: a hash nearly always holds
 * a digit or both cases.
 */
const SHORT_HASH = /[.-]([A-Za-z0-9_-]{8})\.(js|mjs|css)$/;
function hashedChunk(name: string): boolean {
  const h = SHORT_HASH.exec(name)?.[1];
  return h !== undefined && (/[0-9]/.test(h) || (/[A-Z]/.test(h) && /[a-z]/.test(h)));
}

function holdsGenerated(inv: Inventory, dir: string): boolean {
  return factsUnder(inv, dir).some((f) => GENERATED_FILE.test(baseName(f.path)) || hashedChunk(baseName(f.path)));
}

/**
 * Does the project commit this folder already? A file in it modifies a committed one, or HEAD's
 * tree holds the folder (asked of git only for output-named folders whose files are all new:
 * a release that replaces every hashed bundle modifies nothing).
 */
function alreadyCommitted(inv: Inventory, dir: string, ctx?: RuleContext): boolean {
  return factsUnder(inv, dir).some((f) => f.status === 'M' || f.status === 'R') || Boolean(ctx?.probe.inHead(dir));
}

/** Output-named folders whose presence in HEAD decides them (see alreadyCommitted). */
const COMMITTED_ON_PURPOSE_NAMES = new Set(['dist', 'build', 'out', 'target', 'public', '_site', 'bin', 'obj']);

/**
 * package.json fields that serve a file straight from the package or its repository: CDNs
 * (`unpkg`, `jsdelivr`, which also serves GitHub repositories as they are) and bundlers' `browser`.
 * A `main`/`module`/`exports` into dist/ says only where npm finds the build, which most
 * libraries make at publish time: that alone is no reason to commit it.
 */
function publishedFrom(dir: string, inv: Inventory, ctx: RuleContext): boolean {
  // Bower and Component install straight from the git repository: the bundle must be committed.
  if (besideAny(dir, ['bower.json', 'component.json'], inv, ctx)) return true;
  const text = ctx.probe.head(join(parentOf(dir), 'package.json'))?.toString('utf8');
  if (!text) return false;
  const base = baseName(dir).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const into = new RegExp(`^(\\./)?${base}/`);
  try {
    const pkg = JSON.parse(text) as Record<string, unknown>;
    const points = (v: unknown): boolean => (typeof v === 'string' ? into.test(v) : v !== null && typeof v === 'object' && Object.values(v).some(points));
    return ['unpkg', 'jsdelivr', 'browser'].some((k) => points(pkg[k]));
  } catch {
    // Cut at 4 KiB: the fields as text.
    return new RegExp(`"(unpkg|jsdelivr|browser)"\\s*:\\s*"(\\./)?${base}/`).test(text);
  }
}

/** A GitHub Action beside it whose `runs` point into this directory (`runs.main: dist/index.js`). */
function actionRunsFrom(dir: string, inv: Inventory, ctx: RuleContext): boolean {
  for (const name of ['action.yml', 'action.yaml']) {
    const p = join(parentOf(dir), name);
    if (!inv.byPath.has(p) && !ctx.exists(p)) continue;
    const text = ctx.probe.head(p)?.toString('utf8');
    // Unread (nothing asked for it): an action.yml beside dist/ is evidence enough.
    if (text === undefined) return true;
    const base = baseName(dir).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (new RegExp(`^\\s*(main|pre|post)\\s*:\\s*['"]?(\\./)?${base}/`, 'm').test(text)) return true;
  }
  return false;
}

/**
 * `dist/` (and `build/`, `out/`) are generated in most projects and committed on purpose in some.
 * The decision, in order:
 *  1. committed on purpose — a GitHub Action beside it whose action.yml runs a file inside
 *     (Actions run JavaScript straight from the repository), or files in it that modify
 *     already-committed ones (the project keeps its build in git): not cruft;
 *  2. a build produced it — a build manifest or bundler configuration beside it (package.json,
 *     vite/webpack/rollup config, pyproject.toml, setup.py, .goreleaser.yml…), or files only a
 *     build writes inside (source maps, hashed or minified bundles, wheels, packaged apps): cruft;
 *  3. otherwise (a hand-written folder that happens to be called dist): not cruft.
 */
function generatedDist(dir: string, inv: Inventory, ctx: RuleContext): boolean {
  if (actionRunsFrom(dir, inv, ctx) || alreadyCommitted(inv, dir, ctx) || publishedFrom(dir, inv, ctx)) return false;
  return besideAny(dir, MANIFESTS_JS, inv, ctx) || bundlerBeside(dir, inv, ctx) || holdsGenerated(inv, dir);
}

/**
 * `build/` also holds hand-written build scripts and resources (electron-builder's icons, a
 * cmake/ folder of modules), so a manifest beside it is not enough except for tools whose
 * build/ is only ever output (Gradle, Flutter); otherwise markers that only a build writes.
 */
const BUILD_MARKERS = [
  'intermediates/', 'tmp/', 'classes/', 'generated/', 'outputs/', 'kotlin/', 'libs/*.jar', 'reports/', // Gradle
  'CMakeCache.txt', 'CMakeFiles/', 'cmake_install.cmake', // CMake
  'lib/', 'bdist.*/', 'scripts-*/', 'temp.*/', // setuptools (with a Python manifest beside it)
  'asset-manifest.json', 'static/js/', 'static/css/', // create-react-app and friends
  'flutter_assets/', '.last_build_id', 'app/outputs/', // Flutter
  'html/.buildinfo', 'doctrees/', '.doctrees/', // Sphinx
  '*.build/', 'Release*/', 'Debug*/', 'Build/Products/', // Xcode
];

function generatedBuild(dir: string, inv: Inventory, ctx: RuleContext): boolean {
  if (alreadyCommitted(inv, dir, ctx)) return false;
  if (besideAny(dir, ['build.gradle', 'build.gradle.kts', 'pubspec.yaml'], inv, ctx)) return true;
  const python = besideAny(dir, ['setup.py', 'pyproject.toml', 'setup.cfg'], inv, ctx);
  for (const m of BUILD_MARKERS) {
    if (['lib/', 'bdist.*/', 'scripts-*/', 'temp.*/'].includes(m) && !python) continue;
    if (holds(inv, dir, m)) return true;
  }
  return holdsGenerated(inv, dir);
}

/** Cargo, Maven, sbt and Leiningen write `target/`; Cargo also leaves a CACHEDIR.TAG inside. */
function generatedTarget(dir: string, inv: Inventory, ctx: RuleContext): boolean {
  if (alreadyCommitted(inv, dir, ctx)) return false;
  if (besideAny(dir, ['Cargo.toml', 'pom.xml', 'build.sbt', 'project.clj', 'build.boot'], inv, ctx)) return true;
  return ['CACHEDIR.TAG', '.rustc_info.json', 'debug/.fingerprint/', 'release/.fingerprint/', 'maven-status/', 'classes/', 'surefire-reports/', 'streams/'].some((m) =>
    holds(inv, dir, m),
  );
}

/** IntelliJ and Next's static export write `out/`; it is also a common name for hand-made output, so markers only. */
function generatedOut(dir: string, inv: Inventory, ctx: RuleContext): boolean {
  return !alreadyCommitted(inv, dir, ctx) && ['production/', 'artifacts/**/*.jar', '_next/', '*.class', '**/*.class'].some((m) => holds(inv, dir, m));
}

const DOTNET_PROJECT = /\.(cs|fs|vb|vcx|sql)proj$|^(Directory\.Build\.props|global\.json|packages\.config)$/;

/**
 * .NET writes bin/ and obj/ beside the project file (obj/project.assets.json, bin/Debug/net8.0/…);
 * Visual C++ writes Debug/ and Release/ inside. A bin/ of shell scripts has neither.
 */
function dotnetOutput(dir: string, inv: Inventory, ctx: RuleContext): boolean {
  if (alreadyCommitted(inv, dir, ctx)) return false;
  if (['Debug/', 'Release/', 'project.assets.json', '*.nuget.*', '*.AssemblyInfo.cs', '*.csproj.*', '*.cache'].some((m) => holds(inv, dir, m))) return true;
  const names = inv.dirs.get(parentOf(dir))?.names ?? new Set<string>();
  for (const n of names) if (DOTNET_PROJECT.test(n)) return ['*.dll', '*.pdb', '*.exe', '**/*.dll', '**/*.pdb', '*.json'].some((m) => holds(inv, dir, m));
  return false;
}

/** Static-site generators whose output folder sits beside their configuration. */
const SITE_CONFIG = /^(hugo\.(toml|ya?ml|json)|gatsby-(config|node)\.(js|ts|mjs|cjs)|\.eleventy\.c?js|eleventy\.config\.(js|mjs|cjs|ts)|_quarto\.ya?ml|mkdocs\.ya?ml|docusaurus\.config\.(js|ts)|astro\.config\.(mjs|js|ts)|\.vitepress|_config\.ya?ml)$/;

/** Any site generator's configuration beside `dir` (Hugo's older `config.toml` only with its content/ or themes/ beside). */
function siteGeneratorBeside(dir: string, inv: Inventory, ctx: RuleContext, accept: RegExp = SITE_CONFIG, legacyHugo = true): boolean {
  const parent = parentOf(dir);
  for (const n of inv.dirs.get(parent)?.names ?? []) if (accept.test(n)) return true;
  const onDisk = ['hugo.toml', 'hugo.yaml', 'hugo.json', 'gatsby-config.js', 'gatsby-config.ts', 'gatsby-config.mjs', '.eleventy.js', 'eleventy.config.js', 'eleventy.config.mjs', '_quarto.yml', 'mkdocs.yml', '_config.yml', 'astro.config.mjs', 'docusaurus.config.js'];
  if (onDisk.some((n) => accept.test(n) && sibling(dir, n, inv, ctx))) return true;
  // Hugo before 0.110 and Zola: config.toml, with the generator's own folders beside it.
  const has = (name: string): boolean => inv.dirs.has(join(parent, name)) || ctx.exists(join(parent, name));
  return legacyHugo && ['config.toml', 'config.yaml', 'config.yml', 'config.json'].some((n) => sibling(dir, n, inv, ctx)) && ['archetypes', 'themes', 'content', 'layouts', 'templates'].some(has);
}

/** Jekyll's source folders beside _site/ (a site whose _config.yml is not in view). */
function jekyllSource(dir: string, inv: Inventory, ctx: RuleContext): boolean {
  const parent = parentOf(dir);
  return ['_posts', '_layouts', '_includes', '_data', '_sass'].some((n) => inv.dirs.has(join(parent, n)) || ctx.exists(join(parent, n)));
}

/** `public/` is output only with a generator's configuration beside it (Hugo, Gatsby, Hexo, Zola); a Create-React-App's public/ is its source. */
function generatedPublic(dir: string, inv: Inventory, ctx: RuleContext): boolean {
  if (alreadyCommitted(inv, dir, ctx)) return false;
  // Hexo: _config.yml with its scaffolds/ (Jekyll themes such as Poole keep a hand-written public/ beside _config.yml).
  const hexo = sibling(dir, '_config.yml', inv, ctx) && (inv.dirs.has(join(parentOf(dir), 'scaffolds')) || ctx.exists(join(parentOf(dir), 'scaffolds')));
  return hexo || siteGeneratorBeside(dir, inv, ctx, PUBLIC_WRITERS);
}
/** The generators that write public/ (Jekyll, Eleventy, Quarto write _site/; MkDocs site/; Docusaurus build/). */
const PUBLIC_WRITERS = /^(hugo\.(toml|ya?ml|json)|gatsby-(config|node)\.(js|ts|mjs|cjs))$/;

/** Go's test binaries (`go test -c`) and every compiled executable under a build name: the first bytes say so. */
const executableHead = (path: string, _inv: Inventory, ctx: RuleContext): boolean => {
  const head = ctx.probe.head(path);
  const kind = head && sniffKind(head);
  return kind === 'elf-executable' || kind === 'elf-shared' || kind === 'pe' || kind === 'mach-o';
};

/** A Go coverage profile (`go test -coverprofile`) starts with its mode line. */
const goCoverProfile = (path: string, _inv: Inventory, ctx: RuleContext): boolean => /^mode: (set|count|atomic)\r?\n/.test(ctx.probe.head(path)?.toString('latin1') ?? '');

/** MSVC program database (`Microsoft C/C++ MSF 7.00`) or a portable PDB (`BSJB`); a Protein Data Bank `.pdb` is text. */
const msvcPdb = (path: string, _inv: Inventory, ctx: RuleContext): boolean => {
  const head = ctx.probe.head(path)?.subarray(0, 32).toString('latin1') ?? '';
  return head.startsWith('Microsoft C/C++') || head.startsWith('BSJB');
};

/** Android's release folder: the signed bundle and the metadata the build writes beside it. */
function androidRelease(dir: string, inv: Inventory, ctx: RuleContext): boolean {
  return (
    ['*.apk', '*.aab', 'output-metadata.json', 'output.json', 'baselineProfiles/'].some((m) => holds(inv, dir, m)) &&
    ['build.gradle', 'build.gradle.kts', 'proguard-rules.pro'].some((n) => sibling(dir, n, inv, ctx))
  );
}

/** coverage/ is a report when it holds one (coverage.py's own package folder is called coverage/ too). */
function coverageReport(dir: string, inv: Inventory): boolean {
  return ['lcov.info', 'lcov-report/', 'coverage-final.json', 'coverage-summary.json', 'clover.xml', 'cobertura-coverage.xml', 'coverage.xml', '.resultset.json', '.last_run.json', 'index.html', 'tmp/coverage-*.json'].some(
    (m) => holds(inv, dir, m),
  );
}

/** Unity's generated folders sit beside Assets/ and ProjectSettings/. */
function unityProject(dir: string, inv: Inventory, ctx: RuleContext): boolean {
  const parent = parentOf(dir);
  const has = (name: string): boolean => inv.dirs.has(join(parent, name)) || ctx.exists(join(parent, name));
  return has('Assets') && has('ProjectSettings');
}

/** The first bytes are binary (a COFF object, not a Wavefront .obj model, which is text). */
const binaryHead = (path: string, _inv: Inventory, ctx: RuleContext): boolean => {
  const head = ctx.probe.head(path);
  return head !== undefined && isBinary(head);
};

// ---------------------------------------------------------------------------------------------

export const buildOutput = patternRule({
  id: 'build-output',
  category: 'build-output',
  severity: 'error',
  title: 'Build output or cache',
  why:
    'Compilers, bundlers and test tools write these files again on every run. Committed, they go stale, ' +
    'conflict on every merge and hide the real change in each diff.',
  fix: 'Unstage them and add the .gitignore line shown; the build recreates them.',
  patterns: [
    // Python
    { name: '__pycache__', dir: true, what: 'Python bytecode cache (__pycache__/)' },
    { name: '*.py[co]', what: 'Python bytecode (*.pyc)', ignore: '*.py[co]' },
    { name: '*$py.class', what: 'Jython bytecode' },
    { name: '{.pytest_cache,.mypy_cache,.ruff_cache,.hypothesis,.pytype,.pyre,.tox,.nox,.eggs,htmlcov}', dir: true, what: 'Python tool cache' },
    { name: '*.egg-info', dir: true, what: 'Python packaging metadata (*.egg-info/)' },
    { name: '.coverage', what: 'coverage.py data file' },
    { name: '.coverage.*', what: 'coverage.py data file', inputs: true },
    // JavaScript / TypeScript
    { name: '{.next,.nuxt,.svelte-kit,.angular,.parcel-cache,.turbo,.docusaurus,.expo,.vercel,.serverless,.webpack,.sass-cache,.jekyll-cache,.nyc_output,.cache}', dir: true, what: 'framework build output or cache' },
    { name: '.output', dir: true, what: 'Nuxt/Nitro build output (.output/)', when: (d, inv) => holds(inv, d, 'nitro.json') || holds(inv, d, 'server/') || holds(inv, d, 'public/_nuxt/') },
    { name: '{.quarto,.jekyll-cache,.astro,.vitepress/cache,.vuepress/.cache,.vuepress/.temp}', dir: true, what: 'static-site generator cache' },
    { name: '{.npm,.pnpm-store}', dir: true, what: 'npm/pnpm download cache', when: (d, inv) => ['_cacache/', '_logs/', '_npx/', 'v3/', 'v10/', '_update-notifier-last-checked', 'anonymous-cli-metrics.json'].some((m) => holds(inv, d, m)) },
    { name: '*.tsbuildinfo', what: 'TypeScript incremental build state (*.tsbuildinfo)' },
    { name: '{.eslintcache,.stylelintcache}', what: 'linter cache' },
    { name: 'coverage', dir: true, what: 'test coverage report (coverage/)', when: (d, inv) => coverageReport(d, inv) },
    { name: 'lcov.info', what: 'test coverage data (lcov.info)', inputs: true },
    { name: 'storybook-static', dir: true, what: 'Storybook static build' },
    { name: '*-+([0-9]).+([0-9]).+([0-9])*.tgz', what: 'npm pack tarball', when: (p, inv, ctx) => sibling(p, 'package.json', inv, ctx) },
    // dist/, build/, out/, target/: judged by context (see generatedDist and generatedBuild).
    { name: 'dist', dir: true, what: 'generated distribution folder (dist/)', when: generatedDist },
    { name: 'build', dir: true, what: 'build output folder (build/)', when: generatedBuild },
    { name: 'target', dir: true, what: 'Cargo/Maven/sbt build output (target/)', when: generatedTarget },
    { name: 'out', dir: true, what: 'build output folder (out/)', when: generatedOut },
    { name: '{bin,obj}', dir: true, what: '.NET build output (bin/, obj/)', when: dotnetOutput },
    { name: 'public', dir: true, what: 'static site output (public/ beside the generator configuration)', when: generatedPublic },
    { name: 'TestResults', dir: true, what: 'Visual Studio test results (TestResults/)', when: (d, inv) => ['*.trx', '**/*.trx', 'Deploy_*/', '*/In/', '**/*.coverage', '**/coverage.cobertura.xml'].some((m) => holds(inv, d, m)) },
    { name: '.gradle', dir: true, what: 'Gradle cache (.gradle/)' },
    { name: '.kotlin', dir: true, what: 'Kotlin compiler state (.kotlin/)', when: (d, inv, ctx) => ['build.gradle.kts', 'build.gradle', 'settings.gradle.kts', 'settings.gradle'].some((n) => sibling(d, n, inv, ctx)) || holds(inv, d, 'sessions/') || holds(inv, d, 'errors/') },
    { name: 'release', dir: true, what: 'Android release build (signed bundle)', when: androidRelease },
    { name: '{.cxx,.externalNativeBuild}', dir: true, what: 'Android native build cache' },
    { name: '{Library,Temp,Obj,Build,Builds,MemoryCaptures}', dir: true, what: 'Unity generated folder', when: unityProject },
    { name: '.terraform', dir: true, what: 'Terraform provider and module cache (.terraform/)' },
    // Java, C, C++, other compiled languages
    { name: '*.class', what: 'Java bytecode (*.class)', inputs: true },
    { name: '*.o', what: 'object files (*.o)', inputs: true },
    { name: '*.obj', what: 'object files (*.obj)', sniff: true, inputs: true, when: binaryHead },
    { name: '*.{lo,slo,gch,pch}', what: 'compiler intermediate files' },
    { name: '*.{ilk,idb,iobj,ipdb,tlog,lastbuildstate}', what: 'Visual C++ linker and build state', inputs: true },
    { name: '*.pdb', what: 'debug symbols (*.pdb)', sniff: true, inputs: true, when: msvcPdb },
    { name: '*.test', what: 'Go test binary (*.test)', sniff: true, inputs: true, when: executableHead },
    { name: '{cover,coverage,c,profile,coverprofile}.{out,txt}', what: 'Go coverage profile', sniff: true, inputs: true, when: goCoverProfile },
    { name: '*.{coverprofile,cover}', what: 'Go coverage profile', sniff: true, inputs: true, when: goCoverProfile },
    { name: '{CMakeFiles,cmake-build-*}', dir: true, what: 'CMake build tree' },
    { name: '{CMakeCache.txt,cmake_install.cmake,CTestTestfile.cmake}', what: 'CMake generated files' },
    { name: '*.dSYM', dir: true, what: 'debug symbols bundle (*.dSYM/)' },
    { name: 'DerivedData', dir: true, what: 'Xcode derived data' },
    { name: '.build', dir: true, what: 'Swift Package Manager build folder (.build/)', when: (d, inv, ctx) => sibling(d, 'Package.swift', inv, ctx) || holds(inv, d, 'checkouts/') || holds(inv, d, 'debug.yaml') },
    { name: '{_build,.stack-work,dist-newstyle,.dart_tool,zig-cache,.zig-cache,zig-out,.eunit,.rebar3}', dir: true, what: 'build folder' },
    { name: '*.{apk,aab,ipa}', what: 'packaged mobile app', inputs: true },
    { name: 'bazel-*', what: 'Bazel output symlink', when: (p, inv) => inv.byPath.get(p)?.mode === '120000' },
    { name: '*.{cpython-*,abi3,pypy*}.{so,pyd}', what: 'compiled Python extension (built in place)' },
    // Framework working folders, judged by the framework's own files beside them.
    { name: 'tmp', dir: true, what: 'Rails temporary files (tmp/)', when: (d, inv, ctx) => sibling(d, 'Gemfile', inv, ctx) && sibling(d, 'config.ru', inv, ctx) },
    // Rails (Sprockets, Webpacker, Vite Ruby) and Laravel (Vite, Mix) compile assets into public/, with a manifest.
    { name: 'public/{assets,packs,packs-test,vite,vite-dev,build}', dir: true, what: 'precompiled assets (public/)', when: (d, inv) => holds(inv, d, '.sprockets-manifest-*.json') || holds(inv, d, 'manifest.json') || holds(inv, d, '.manifest.json') || holds(inv, d, '.vite/manifest.json') },
    { name: 'storage/framework/{cache,sessions,views,testing}', dir: true, what: 'Laravel framework cache', when: (d, inv, ctx) => sibling(parentOf(parentOf(d)), 'artisan', inv, ctx) },
    { name: 'bootstrap/cache', dir: true, what: 'Laravel bootstrap cache', when: (d, inv, ctx) => sibling(parentOf(d), 'artisan', inv, ctx) },
    // Jekyll, Eleventy and Quarto write _site/ beside their configuration.
    { name: '_site', dir: true, what: 'static site output (_site/)', when: (d, inv, ctx) => !alreadyCommitted(inv, d, ctx) && (siteGeneratorBeside(d, inv, ctx, SITE_CONFIG, false) || jekyllSource(d, inv, ctx)) },
    { name: '.jekyll-metadata', what: 'Jekyll incremental build state' },
    { name: 'resources/_gen', dir: true, what: 'Hugo generated resources', when: (d, inv, ctx) => siteGeneratorBeside(parentOf(d), inv, ctx) || holds(inv, d, 'images/') || holds(inv, d, 'assets/') },
    { name: '{.hugo_build.lock,hugo_stats.json}', what: 'Hugo build state' },
    { name: '{Assembly-CSharp*.csproj,*.sln,*.csproj,*.unityproj,*.pidb,*.booproj,*.svd}', what: 'project files Unity generates', when: (p, inv, ctx) => unityProject(p, inv, ctx) },
  ],
  // actionRunsFrom() reads the action.yml beside a dist/ folder, publishedFrom() its
  // package.json; alreadyCommitted() asks whether HEAD holds an output-named folder of new files.
  needs: (inv) => {
    const heads: FileFact[] = [];
    const files: string[] = [];
    const inHead: string[] = [];
    for (const d of inv.dirs.keys()) {
      if (!COMMITTED_ON_PURPOSE_NAMES.has(baseName(d))) continue;
      // (Only where something is left to judge: the view holds the facts no earlier rule claimed.)
      if (someUnder(inv, d, () => true) && !someUnder(inv, d, (f) => f.status !== 'A' && f.status !== '?')) inHead.push(d);
      if (baseName(d) !== 'dist') continue;
      for (const name of ['action.yml', 'action.yaml', 'package.json']) {
        const p = join(parentOf(d), name);
        const fact = inv.byPath.get(p);
        if (fact) heads.push(fact);
        else files.push(p);
      }
    }
    return { heads, files, inHead };
  },
  examples: {
    flagged: [
      ['app/__pycache__/models.cpython-312.pyc', 'app/models.py'],
      ['legacy/util.pyc', 'legacy/util.py'],
      ['web/.next/cache/webpack/client.pack', 'web/.next/build-manifest.json', 'web/package.json'],
      ['tsconfig.tsbuildinfo', 'src/index.ts'],
      ['coverage/lcov.info', 'coverage/lcov-report/index.html'],
      ['Cargo.toml', 'target/debug/app', 'target/CACHEDIR.TAG'],
      ['pom.xml', 'target/classes/com/example/App.class', 'target/app-1.0.jar'],
      ['package.json', 'dist/index.js', 'dist/index.d.ts'],
      ['android/app/build.gradle', 'android/app/build/intermediates/dex/debug/classes.dex'],
      ['src/Main.class', 'src/Main.java'],
      ['native/obj/util.o', 'native/util.c'],
      [{ path: 'win/util.obj', head: [0x64, 0x86, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00] }],
      ['ProjectSettings/ProjectVersion.txt', 'Assets/Scenes/Main.unity', 'Library/ArtifactDB', 'Temp/UnityLockfile'],
      ['build/CMakeCache.txt', 'build/CMakeFiles/app.dir/main.c.o', 'CMakeLists.txt'],
      ['MyApp/bin/Debug/net8.0/MyApp.dll', 'MyApp/obj/project.assets.json', 'MyApp/MyApp.csproj'],
      ['Gemfile', 'config.ru', 'tmp/.keep', 'tmp/cache/bootsnap/load-path-cache', 'tmp/pids/server.pid'],
      ['artisan', 'storage/framework/views/2f1a.php', 'storage/framework/cache/.gitignore'],
      ['hugo.toml', 'content/_index.md', 'public/index.html', 'public/index.xml', 'public/css/main.min.css'],
      ['config.toml', 'archetypes/default.md', 'public/index.html', 'resources/_gen/images/cover_hu123.jpg'],
      ['gatsby-config.js', 'public/page-data/app-data.json', 'public/index.html', '.cache/redux.json'],
      ['_config.yml', 'index.md', '_site/index.html', '_site/feed.xml', '.jekyll-metadata'],
      ['.eleventy.js', '_site/index.html'],
      ['_quarto.yml', 'index.qmd', '_site/index.html', '_site/search.json', '.quarto/idx/index.qmd.json'],
      ['Api/Api.csproj', 'Api/obj/Debug/net8.0/Api.AssemblyInfo.cs', 'Api/bin/Debug/net8.0/Api.dll'],
      ['Tests/TestResults/ana_MACHINE_2024-01-01_10_00_00.trx', 'Tests/Tests.csproj'],
      [{ path: 'x64/Debug/app.pdb', head: 'Microsoft C/C++ MSF 7.00\r\n\x1aDS\0\0\0' }, 'x64/Debug/app.ilk'],
      [{ path: 'pkg/store/store.test', head: [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3e, 0] }, 'pkg/store/store.go'],
      [{ path: 'cover.out', head: 'mode: set\ngithub.com/x/y/main.go:5.13,7.2 1 1\n' }, 'go.mod'],
      ['app/build.gradle', 'app/release/app-release.aab', 'app/release/output-metadata.json'],
      ['build.gradle.kts', '.kotlin/sessions/kotlin-compiler-123.salive'],
      ['.npm/_cacache/index-v5/00/1a/abc', '.npm/_logs/2024-01-01T00_00_00_000Z-debug-0.log'],
      ['web/.nuxt/app.config.mjs', 'web/.output/nitro.json', 'web/.output/server/index.mjs', 'web/nuxt.config.ts'],
      ['pom.xml', 'out/production/classes/App.class'],
    ],
    clean: [
      ['src/app/models.py', 'src/app/views.py', 'pyproject.toml'],
      [{ path: 'action.yml', head: "runs:\n  using: 'node20'\n  main: 'dist/index.js'\n" }, 'dist/index.js', 'package.json'],
      ['build/icon.icns', 'build/entitlements.mac.plist', 'package.json'],
      ['build/build.sh', 'build/Dockerfile', 'README.md'],
      ['coverage/__init__.py', 'coverage/control.py', 'setup.py'],
      ['deploy/target/service.yaml'],
      ['bin/run', 'bin/setup'],
      [{ path: 'assets/models/teapot.obj', head: '# Blender v2.93\nv 1.0 0.0 0.0\n' }],
      ['src/dist/index.ts', 'src/dist/helpers.ts'],
      ['tests/fixtures/classes/Hello.class', 'tests/DecompilerTest.java'],
      ['gradle/wrapper/gradle-wrapper.jar', 'gradle/wrapper/gradle-wrapper.properties'],
      ['Gemfile', 'config.ru', 'tmp/.keep', 'tmp/pids/.keep', 'log/.keep'],
      ['src/tmp/index.ts', 'scripts/tmp/run.sh'],
      // A library serving its bundle from the repository (CDN fields, Bower) or already committing dist/.
      [{ path: 'package.json', head: '{"name":"lib","main":"dist/lib.cjs","unpkg":"dist/lib.umd.min.js"}' }, 'dist/lib.umd.min.js', 'dist/lib.umd.min.js.map'],
      ['bower.json', 'package.json', 'dist/widget.min.js', 'dist/widget.css'],
      ['package.json', 'public/index.html', 'public/favicon.ico', 'public/manifest.json', 'src/App.js'],
      ['index.html', 'public/css/site.css', 'public/js/app.js'],
      ['_config.yml', '_layouts/default.html', 'public/css/poole.css', 'public/apple-touch-icon-precomposed.png'],
      ['package.json', 'build/webpack.base.conf.js', 'build/build.js', 'build/check-versions.js', 'build/utils.js', 'config/index.js'],
      ['bin/setup.sh', 'bin/deploy', 'Makefile'],
      [{ path: 'structures/1abc.pdb', head: 'HEADER    HYDROLASE                               01-JAN-00   1ABC\n' }],
      [{ path: 'internal/parser.test', head: 'input for the parser test\n' }],
      [{ path: 'results/coverage.out', head: 'total coverage 81%\n' }],
      ['.terraform.lock.hcl', 'main.tf'],
      ['release/notes.md', 'release/checklist.md'],
      ['_config.yml', '_posts/2024-01-01-hello.md', 'site/_site.md'],
    ],
  },
});

export const osEditorJunk = patternRule({
  id: 'os-editor-junk',
  category: 'os-editor',
  severity: 'warning',
  title: 'Operating system or editor file',
  why:
    'Your operating system and editor write these files for their own use: folder view settings, swap ' +
    'files, per-user workspace state. They mean nothing to anyone else and change all the time.',
  fix: 'Unstage them and add the .gitignore line shown (or put them in your global git excludes file, core.excludesFile).',
  patterns: [
    // macOS
    { name: '.DS_Store', what: 'macOS Finder folder settings (.DS_Store)' },
    { name: '._*', what: 'macOS resource fork (AppleDouble) file' },
    { name: '{.AppleDouble,.Spotlight-V100,.Trashes,.fseventsd,.TemporaryItems,.DocumentRevisions-V100}', dir: true, what: 'macOS volume metadata' },
    { name: 'Icon\r', what: 'macOS custom folder icon (Icon\\r)' },
    // Windows
    { name: '{Thumbs.db,ehthumbs.db,ehthumbs_vista.db,Thumbs.db:encryptable}', what: 'Windows thumbnail cache (Thumbs.db)', nocase: true },
    { name: 'desktop.ini', what: 'Windows folder settings (desktop.ini)', nocase: true },
    { name: '$RECYCLE.BIN', dir: true, what: 'Windows recycle bin' },
    { name: '~$*', what: 'Microsoft Office lock file (~$…)' },
    // Linux desktops
    { name: '{.directory,.fuse_hidden*,.nfs*}', what: 'desktop or file-system leftover' },
    { name: '.Trash-*', dir: true, what: 'desktop trash folder' },
    { name: '.~lock.*#', what: 'LibreOffice lock file' },
    // Vim, Emacs
    { name: '*.sw[onp]', what: 'Vim swap file' },
    { name: '{Session.vim,.netrwhist,*.un~}', what: 'Vim session or undo file' },
    { name: '*~', what: 'editor backup file (name~)' },
    { name: '\\#*\\#', what: 'Emacs auto-save file (#name#)' },
    { name: '.#*', what: 'Emacs lock file (.#name)' },
    { name: 'auto-save-list', dir: true, what: 'Emacs auto-save list' },
    // JetBrains (the shared .idea/*.xml files — codeStyles, runConfigurations, modules — are fine)
    { name: '.idea/{workspace.xml,tasks.xml,usage.statistics.xml,dataSources.local.xml,contentModel.xml,dbnavigator.xml}', what: 'JetBrains per-user workspace state' },
    { name: '.idea/{shelf,caches,httpRequests,dataSources}', dir: true, what: 'JetBrains per-user workspace state' },
    { name: '*.iws', what: 'JetBrains per-user workspace file (*.iws)' },
    // A module file IntelliJ writes from the build it imported (Maven, Gradle, sbt): regenerated on
    // every import. Without a build file beside it, the .iml is the project's own definition.
    { name: '*.iml', what: 'IntelliJ module file generated from the build (*.iml)', inputs: true, when: (p, inv, ctx) => ['pom.xml', 'build.gradle', 'build.gradle.kts', 'build.sbt'].some((n) => sibling(p, n, inv, ctx)) },
    // Visual Studio, VS Code, Xcode, Eclipse, NetBeans, Sublime, Jupyter
    { name: '.vs', dir: true, what: 'Visual Studio per-user state (.vs/)' },
    { name: '*.{suo,user,userosscache,sln.docstates}', what: 'Visual Studio per-user settings' },
    { name: '*.{VC.db,VC.VC.opendb}', what: 'Visual Studio browse database' },
    { name: 'ipch', dir: true, what: 'Visual Studio precompiled header cache' },
    { name: '.history', dir: true, what: 'VS Code Local History' },
    { name: 'xcuserdata', dir: true, what: 'Xcode per-user state (xcuserdata/)' },
    { name: '*.xcuserstate', what: 'Xcode per-user state' },
    { name: '{.metadata,.recommenders}', dir: true, what: 'Eclipse workspace metadata', when: (d, inv) => holds(inv, d, '.plugins/') || holds(inv, d, '.log') || holds(inv, d, 'version.ini') },
    { name: 'nbproject/private', dir: true, what: 'NetBeans per-user settings' },
    { name: '*.sublime-workspace', what: 'Sublime Text workspace state' },
    { name: '.ipynb_checkpoints', dir: true, what: 'Jupyter checkpoints' },
    { name: 'local.properties', what: 'Android SDK location of this machine (local.properties)', when: (p, inv, ctx) => ['build.gradle', 'build.gradle.kts', 'settings.gradle', 'settings.gradle.kts', 'gradlew'].some((n) => sibling(p, n, inv, ctx)) },
    { name: 'UserSettings', dir: true, what: 'Unity per-user settings', when: unityProject },
    // Backups and temporary copies
    { name: '*.{bak,tmp}', what: 'backup or temporary copy', nocase: true, inputs: true },
    { name: '*.rs.bk', what: 'rustfmt backup (*.rs.bk)', inputs: true },
    // Windows shortcuts point at a path on one machine (header 4C 00 00 00 01 14 02 00).
    { name: '*.lnk', what: 'Windows shortcut (*.lnk)', nocase: true, inputs: true },
  ],
  examples: {
    flagged: [
      ['.DS_Store', 'src/.DS_Store', 'src/index.js'],
      ['assets/Thumbs.db', 'assets/logo.png'],
      ['src/.main.c.swp', 'src/main.c'],
      ['.idea/workspace.xml', '.idea/modules.xml'],
      ['.vs/MyApp/v17/.suo', 'MyApp.sln'],
      ['notes.txt~', 'notes.txt'],
      ['MyApp.xcodeproj/project.xcworkspace/xcuserdata/ana.xcuserdatad/UserInterfaceState.xcuserstate'],
      ['analysis/.ipynb_checkpoints/explore-checkpoint.ipynb', 'analysis/explore.ipynb'],
      ['android/local.properties', 'android/build.gradle'],
      ['pom.xml', 'my-app.iml', 'src/main/java/App.java'],
      ['src/main.rs', 'src/main.rs.bk'],
      ['Desktop/Project.lnk', 'README.md'],
    ],
    clean: [
      ['.idea/modules.xml', '.idea/codeStyles/Project.xml', '.idea/runConfigurations/App.xml'],
      ['.vscode/settings.json', '.vscode/extensions.json', '.vscode/launch.json'],
      ['src/config.local.ts', 'docs/thumbs.md'],
      ['gradle.properties', 'config/local.properties.example'],
      ['config/backup.ts', 'src/tmp.rs'],
      ['tests/fixtures/settings.bak'],
      ['PlainIdeaProject.iml', 'src/Main.java'],
      ['src/link.rs', 'docs/links.md'],
    ],
  },
});

/** Names a program gives the files it logs to, without a .log ending. */
const LOG_NAME = /\.(out|err|log\.\S+|txt)$|[._-](\d{4}-?\d{2}-?\d{2})([._-]\d+)?(\.\w+)?$|^(stdout|stderr|output|error|errors|access|debug|trace|audit|server|worker|console|app|application|production|development|staging|test|current)(\.\d+)?$|_log(\.\d+)?$|\.\d+$/i;

/** A log(s)/ folder is a program's output when every file in it has a log's name; Unity's Logs/ when beside its project. */
function logFolder(dir: string, inv: Inventory, ctx: RuleContext): boolean {
  if (baseName(dir) === 'Logs' && unityProject(dir, inv, ctx)) return true;
  const files = factsUnder(inv, dir).filter((f) => !PLACEHOLDER.test(baseName(f.path)));
  // Only for logs the file patterns miss: a folder of *.log files is reported as such (`*.log`).
  return files.some((f) => !/\.log$/i.test(f.path)) && files.every((f) => LOG_NAME.test(baseName(f.path)) || /\.log$/i.test(f.path));
}

export const logFile = patternRule({
  id: 'log-file',
  category: 'logs-dumps',
  severity: 'warning',
  title: 'Log file',
  why:
    'Logs are written by running programs: they grow, change on every run and may record personal ' +
    'data, tokens or internal addresses. Samples that tests or docs read are fine (test fixtures, examples and docs folders are left alone).',
  fix: 'Unstage them and add the .gitignore line shown (`*.log` covers most).',
  patterns: [
    { name: '{npm-debug,yarn-debug,yarn-error,pnpm-debug,lerna-debug}.log*', what: 'package manager debug log' },
    { name: '*.log', what: 'log files (*.log)', nocase: true, inputs: true },
    { name: '*.log.{+([0-9]),gz,old,bak}', what: 'rotated log files', nocase: true, inputs: true },
    { name: '*.log.+([0-9]).{gz,bz2,xz,zst}', what: 'rotated log files', nocase: true, inputs: true },
    { name: '*.log.[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*', what: 'dated log files (*.log.YYYY-MM-DD)', nocase: true, inputs: true },
    // Apache httpd's logs/ (access_log, error_log and their rotations), Tomcat's catalina.out.
    { name: '{access,error,ssl_access,ssl_error,ssl_request,request,php_error,mod_jk,suexec,rewrite,referer,agent}_log{,.*}', what: 'web server log files', inputs: true },
    { name: '{catalina,localhost,manager,host-manager}.{out,+([0-9])-+([0-9])-+([0-9]).txt}', what: 'Tomcat log files', inputs: true },
    // A log(s)/ folder a server writes into: log-like names only (rotations, dates, `.out`), no source.
    { name: '{log,logs,Log,Logs}', dir: true, what: 'log folder written by a running program', inputs: true, when: (d, inv, ctx) => logFolder(d, inv, ctx) },
    { name: 'nohup.out', what: 'nohup output (nohup.out)' },
    { name: '*.stackdump', what: 'Cygwin crash stack dump', inputs: true },
  ],
  examples: {
    flagged: [
      ['npm-debug.log', 'package.json'],
      ['logs/app.log', 'logs/error.log', 'app.py'],
      ['server/debug.log.1', 'server/main.go'],
      ['nohup.out'],
      ['var/app.log.2.gz', 'var/app.log.2024-03-01'],
      ['apache/logs/access_log', 'apache/logs/error_log', 'apache/conf/httpd.conf'],
      ['tomcat/logs/catalina.out', 'tomcat/logs/localhost.2024-01-05.txt'],
      ['logs/production', 'logs/worker.1', 'logs/.gitkeep', 'Procfile'],
      ['Assets/Scenes/Main.unity', 'ProjectSettings/ProjectVersion.txt', 'Logs/AssetImportWorker0.log', 'Logs/shadercompiler-UnityShaderCompiler0.log'],
    ],
    clean: [
      ['tests/fixtures/nginx-access.log', 'parser.py'],
      ['testdata/sample.log'],
      ['docs/examples/output.log', 'docs/index.md'],
      ['src/log.ts', 'src/logger.py', 'CHANGELOG.md'],
      ['src/main/java/com/example/log/Logger.java'],
      ['src/log/index.ts', 'src/log/format.ts'],
      ['docs/logs/2024-01-01.md', 'logs/README.md', 'logs/2024-02-03.md'],
      ['testdata/logs/access_log', 'testdata/logs/app.log.1'],
    ],
  },
});

/** A core dump: an ELF (or Mach-O) core file. */
const coreHeader = (path: string, _inv: Inventory, ctx: RuleContext): boolean => {
  const head = ctx.probe.head(path);
  if (!head) return false;
  if (sniffKind(head) === 'elf-core') return true;
  // Mach-O core: filetype MH_CORE (4) at offset 12.
  return sniffKind(head) === 'mach-o' && head.length >= 16 && (head.readUInt32LE(12) === 4 || head.readUInt32BE(12) === 4);
};

export const memoryDump = patternRule({
  id: 'memory-dump',
  category: 'logs-dumps',
  severity: 'error',
  title: 'Core dump or heap snapshot',
  why:
    "A core dump or heap snapshot is a copy of a program's memory: large, useless to others, and full of " +
    'whatever the program held — passwords, tokens, customer data.',
  fix: 'Unstage it, delete it when you are done debugging, and add the .gitignore line shown.',
  patterns: [
    { name: '{core,core.+([0-9]),vgcore.+([0-9]),*.core}', what: 'core dump', sniff: true, inputs: true, when: coreHeader },
    { name: '*.{heapsnapshot,heapprofile,heaptimeline}', what: 'V8 heap snapshot', inputs: true },
    { name: '*.hprof', what: 'Java heap dump (*.hprof)', inputs: true },
    { name: '*.{dmp,mdmp}', what: 'Windows memory dump', sniff: true, inputs: true, when: (p, _inv, ctx) => { const h = ctx.probe.head(p); return h !== undefined && (sniffKind(h) === 'minidump' || h.subarray(0, 8).toString('latin1').startsWith('PAGEDU')); } },
    { name: '{hs_err_pid,replay_pid}*.log', what: 'JVM crash log (hs_err_pid*.log)', inputs: true },
  ],
  examples: {
    flagged: [
      [{ path: 'core', head: [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0x3e, 0] }],
      [{ path: 'server/core.12345', head: [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0x3e, 0] }],
      ['Heap-20240101T120000.heapsnapshot'],
      ['java_pid4242.hprof'],
      ['hs_err_pid4242.log', 'src/Main.java'],
      [{ path: 'crash/app.dmp', head: 'MDMP\x93\xa7\x00\x00' }],
    ],
    clean: [
      ['src/core/index.ts', 'src/core/engine.ts'],
      [{ path: 'core', head: '#!/bin/sh\nexec node core.js "$@"\n' }],
      ['lib/app.core.ts', 'src/core.py'],
      ['tests/fixtures/core.1234', 'tests/test_gdb.py'],
    ],
  },
});

export const mergeLeftover = patternRule({
  id: 'merge-leftover',
  category: 'merge-leftovers',
  severity: 'warning',
  title: 'Merge or patch leftover',
  why:
    'git mergetool and patch leave these copies behind (the .orig backup, the rejected hunks, the BASE, ' +
    'LOCAL and REMOTE versions). They are a snapshot of a conflict, not part of the project.',
  fix: 'Unstage and delete them once the conflict is resolved; `git config --global mergetool.keepBackup false` stops the .orig files.',
  patterns: [
    { name: '*.orig', what: 'merge backup (*.orig)', inputs: true },
    { name: '*.rej', what: 'rejected patch hunks (*.rej)', inputs: true },
    { name: '*_{BACKUP,BASE,LOCAL,REMOTE}_+([0-9])*', what: 'git mergetool copy (_BACKUP_/_BASE_/_LOCAL_/_REMOTE_)', ignore: '*_BACKUP_*', inputs: true },
  ],
  examples: {
    flagged: [['src/app.js.orig', 'src/app.js'], ['src/app.c.rej'], ['src/app_BACKUP_4242.js', 'src/app_BASE_4242.js', 'src/app_LOCAL_4242.js', 'src/app_REMOTE_4242.js']],
    clean: [['src/origin.ts', 'docs/BASE_URL.md', 'src/LOCAL_STORAGE_KEY.ts'], ['tests/fixtures/patches/fix.rej'], ['src/DATABASE_BASE_URL.txt']],
  },
});
