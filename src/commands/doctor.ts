// `cruft-check doctor`: is this repository protected? One screen, three questions, and for each
// "no" the command that fixes it:
// 1. which hooks run cruft-check here (the repository's hook, husky, the global hooks folder, the
//    hook managers' config files, pre-push) — found by reading the hook files git would run;
// 2. does .gitignore keep out the cruft this kind of project makes (`git check-ignore --no-index`
//    over a sample path of each kind, so git's own matching decides, not ours);
// 3. does HEAD already hold cruft (audit of HEAD's tree, in one line).
// Exit 0 when a commit hook runs cruft-check, .gitignore covers the usual cruft and HEAD holds no
// error; 1 otherwise. A pre-push hook is reported but not required.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pc from 'picocolors';
import { formatBytes, plural, printable, safeText } from '../text.js';
import { encodePath, splitNul } from '../git/parse.js';
import { gitZ, openRepo, type Repo } from '../git/read.js';
import { configDir } from './global.js';

/**
 * What each kind of project leaves lying around, by the file that marks the project. The names
 * are those the catalogue flags (rule ids given), the lines those its fixes write. Intentionally
 * short: the cruft a beginner of that kind of project meets in the first week.
 */
export const PROJECT_CRUFT: { kind: string; markers: string[]; items: { probe: string; line: string; rule: string }[] }[] = [
  { kind: 'any', markers: [], items: [
    { probe: '.env', line: '.env', rule: 'env-file' },
    { probe: '.DS_Store', line: '.DS_Store', rule: 'os-editor-junk' },
  ] },
  { kind: 'Node.js', markers: ['package.json'], items: [
    { probe: 'node_modules/probe/index.js', line: 'node_modules/', rule: 'dependency-directory' },
  ] },
  { kind: 'Python', markers: ['pyproject.toml', 'requirements.txt', 'setup.py', 'Pipfile'], items: [
    { probe: '__pycache__/probe.cpython-312.pyc', line: '__pycache__/', rule: 'build-output' },
    { probe: '.venv/pyvenv.cfg', line: '.venv/', rule: 'dependency-directory' },
  ] },
  { kind: 'Ruby', markers: ['Gemfile'], items: [{ probe: 'vendor/bundle/probe.rb', line: '/vendor/bundle/', rule: 'dependency-directory' }] },
  { kind: 'PHP (Composer)', markers: ['composer.json'], items: [{ probe: 'vendor/autoload.php', line: '/vendor/', rule: 'dependency-directory' }] },
  { kind: 'CocoaPods', markers: ['Podfile'], items: [{ probe: 'Pods/Manifest.lock', line: 'Pods/', rule: 'dependency-directory' }] },
  { kind: 'Java', markers: ['pom.xml', 'build.gradle', 'build.gradle.kts'], items: [{ probe: 'target/classes/Probe.class', line: '*.class', rule: 'build-output' }] },
];

export interface HookRoute {
  name: string;
  runs: boolean;
  detail: string;
}

function read(file: string): string | undefined {
  try {
    return statSync(file).isFile() ? readFileSync(file, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

const executable = (file: string): boolean => {
  try {
    return (statSync(file).mode & 0o111) !== 0;
  } catch {
    return false;
  }
};

/** Does this hook file run cruft-check (our block, the global forwarder, or a line someone wrote)? */
const runsCruftCheck = (text: string | undefined, pushing = false): boolean =>
  text !== undefined && (pushing ? /cruft-check[^\n]*pre-push/.test(text) : /cruft-check[^\n]*--hook|>>> cruft-check >>>/.test(text));

async function config(repo: Repo, args: string[]): Promise<string | undefined> {
  const r = await gitZ(repo.root, ['config', ...args], { env: repo.env, allowFail: true });
  return r.code === 0 ? r.stdout.toString('utf8').replace(/\n$/, '') : undefined;
}

/** The hooks that run here, and which of them run cruft-check. */
async function hookRoutes(repo: Repo, env: NodeJS.ProcessEnv): Promise<{ commit: HookRoute[]; push: HookRoute[] }> {
  const hooksDir = resolve(repo.root, (await gitZ(repo.root, ['rev-parse', '--git-path', 'hooks'], { env: repo.env })).stdout.toString('utf8').trim());
  const scoped = await config(repo, ['--show-scope', '--get', 'core.hooksPath']);
  const scope = scoped?.split('\t')[0];
  const globalDir = join(configDir(env), 'hooks');
  const isGlobal = scope === 'global' && resolve(hooksDir) === resolve(globalDir);
  const husky = /(^|\/)\.husky(\/_)?\/?$/.test(scoped?.split('\t').slice(1).join('\t') ?? '');
  const commonHooks = resolve(repo.root, (await gitZ(repo.root, ['rev-parse', '--git-common-dir'], { env: repo.env })).stdout.toString('utf8').trim(), 'hooks');

  const route = (hook: 'pre-commit' | 'pre-push'): HookRoute[] => {
    const pushing = hook === 'pre-push';
    const routes: HookRoute[] = [];
    if (isGlobal) {
      const own = join(commonHooks, hook);
      const ownRuns = executable(own) && runsCruftCheck(read(own), pushing);
      const globalRuns = !pushing && runsCruftCheck(read(join(globalDir, hook)));
      routes.push({ name: 'global hooks folder', runs: globalRuns, detail: printable(globalDir) });
      if (ownRuns) routes.push({ name: 'repository hook', runs: true, detail: printable(own) });
    } else if (husky) {
      const file = join(repo.root, '.husky', hook);
      routes.push({ name: 'husky', runs: runsCruftCheck(read(file), pushing), detail: printable(file) });
    } else {
      const file = join(hooksDir, hook);
      const text = read(file);
      const runs = executable(file) && runsCruftCheck(text, pushing);
      routes.push({ name: scope ? `hooks path (${scope} core.hooksPath)` : 'repository hook', runs, detail: `${printable(file)}${text !== undefined && !executable(file) ? ' (not executable)' : ''}` });
    }
    if (!pushing) {
      // Hook managers that write .git/hooks from their own file: what that file says is what runs.
      for (const f of ['lefthook.yml', '.lefthook.yml', 'lefthook.yaml', '.pre-commit-config.yaml']) {
        const text = read(join(repo.root, f));
        if (text !== undefined && /cruft-check/.test(text)) routes.push({ name: f.includes('lefthook') ? 'lefthook' : 'pre-commit framework', runs: true, detail: f });
      }
    }
    return routes;
  };
  return { commit: route('pre-commit'), push: route('pre-push') };
}

export interface IgnoreGap {
  kind: string;
  probe: string;
  line: string;
  rule: string;
  /** Ignored, but by a file that does not travel with the repository (info/exclude, a global excludes file). */
  local?: string;
  ignored: boolean;
}

/** Which of the usual cruft paths git would not ignore here. */
async function ignoreCoverage(repo: Repo): Promise<{ kinds: string[]; items: IgnoreGap[] }> {
  const kinds = PROJECT_CRUFT.filter((k) => k.markers.length === 0 || k.markers.some((m) => existsSync(join(repo.root, m))));
  const items = kinds.flatMap((k) => k.items.map((i) => ({ kind: k.kind, ...i })));
  // `check-ignore -v -n -z` prints `source NUL line NUL pattern NUL path NUL` for every path; an
  // empty source, or a `!` pattern, means "not ignored". --no-index: the probe paths are not files.
  const out = await gitZ(repo.root, ['check-ignore', '--no-index', '-v', '-n', '-z', '--stdin'], {
    env: repo.env,
    stdin: Buffer.concat(items.map((i) => Buffer.concat([encodePath(i.probe), Buffer.of(0)]))),
    allowFail: true,
  });
  const f = splitNul(out.stdout);
  const bySource = new Map<string, { source: string; pattern: string }>();
  for (let i = 0; i + 3 < f.length; i += 4) bySource.set(f[i + 3] ?? '', { source: f[i] ?? '', pattern: f[i + 2] ?? '' });
  return {
    kinds: kinds.filter((k) => k.markers.length > 0).map((k) => k.kind),
    items: items.map((i) => {
      const m = bySource.get(i.probe);
      const ignored = m !== undefined && m.source !== '' && !m.pattern.startsWith('!');
      const local = ignored && m && !/(^|\/)\.gitignore$/.test(m.source) ? m.source : undefined;
      return { ...i, ignored: ignored && !local, ...(local ? { local } : {}) };
    }),
  };
}

/** `cruft-check doctor`: returns the exit code. */
export async function runDoctor(cwd: string, opts: { color: boolean; env: NodeJS.ProcessEnv }): Promise<number> {
  const repo = await openRepo(cwd);
  const c = pc.createColors(opts.color);
  const ok = c.green('✔');
  const no = c.red('✖');
  const maybe = c.yellow('·');
  const lines: string[] = [`${c.bold('cruft-check doctor')} ${printable(repo.root)}`, ''];
  const fixes: string[] = [];

  const routes = await hookRoutes(repo, opts.env);
  const commitGuarded = routes.commit.some((r) => r.runs);
  lines.push(c.bold('Hooks'));
  for (const r of routes.commit) lines.push(`  ${r.runs ? ok : no} pre-commit via ${r.name}: ${r.runs ? 'runs cruft-check' : 'does not run cruft-check'}  ${c.dim(r.detail)}`);
  for (const r of routes.push) lines.push(`  ${r.runs ? ok : maybe} pre-push via ${r.name}: ${r.runs ? 'runs cruft-check' : 'does not run cruft-check (optional)'}  ${c.dim(r.detail)}`);
  if (!commitGuarded) {
    const husky = routes.commit.some((r) => r.name === 'husky');
    const viaGlobal = routes.commit.some((r) => r.name === 'global hooks folder');
    fixes.push(husky || viaGlobal ? 'npx cruft-check init' : 'npx cruft-check init   (this repository)   or   npx cruft-check init --global   (every repository of yours)');
  }
  if (!routes.push.some((r) => r.runs)) lines.push(`    ${c.dim('to also check what you push (commits made with --no-verify or from a GUI): npx cruft-check init --pre-push')}`);

  const cover = await ignoreCoverage(repo);
  const missing = cover.items.filter((i) => !i.ignored);
  lines.push('', c.bold(`.gitignore${cover.kinds.length ? ` (a ${cover.kinds.join(' + ')} project)` : ''}`));
  for (const i of cover.items) {
    const why = i.ignored ? 'ignored' : i.local ? `ignored only by ${printable(i.local)}, which does not travel with the repository` : 'not ignored';
    lines.push(`  ${i.ignored ? ok : no} ${printable(i.probe.replace(/\/.*$/, '/'))}  ${why}  ${c.dim(i.rule)}`);
  }
  if (missing.length > 0) {
    const add = [...new Set(missing.map((i) => i.line))];
    fixes.push(`printf '%s\\n' ${add.map((l) => `'${l}'`).join(' ')} >> .gitignore`);
  }

  lines.push('', c.bold('Already committed (HEAD)'));
  let headClean = true;
  if (!repo.head) lines.push(`  ${ok} nothing committed yet`);
  else {
    const { audit } = await import('./audit.js');
    const r = await audit(repo.root, { history: false, all: false, env: opts.env });
    const errors = r.findings.filter((f) => f.severity === 'error');
    headClean = errors.length === 0;
    const paths = [...new Set(r.findings.filter((f) => f.severity !== 'info').flatMap((f) => f.paths))];
    if (paths.length === 0) lines.push(`  ${ok} HEAD holds no cruft (${plural(r.summary.files, 'file')}, ${formatBytes(r.summary.bytes)})`);
    else {
      const shown = paths.slice(0, 4).map(printable).join(', ') + (paths.length > 4 ? ', …' : '');
      const n = r.summary.findings;
      lines.push(`  ${headClean ? maybe : no} HEAD holds ${plural(n.error + n.warning, 'problem')} (${plural(n.error, 'error')}): ${shown}`);
      fixes.push('npx cruft-check audit   (shows each one, with the commands that stop tracking it)');
    }
  }

  const protectedNow = commitGuarded && missing.length === 0 && headClean;
  lines.push('');
  if (protectedNow) lines.push(`${ok} ${c.bold('Protected.')}`);
  else {
    lines.push(`${no} ${c.bold('Not protected yet. To fix:')}`);
    for (const f of fixes) lines.push(`    ${safeText(f)}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return protectedNow ? 0 : 1;
}
