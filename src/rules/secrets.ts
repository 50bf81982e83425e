// Secret files: environment files, private keys, credential files. cruft-check is not a secret
// scanner (it does not search source code for tokens), but it must never let an obvious secret
// file through: these are recognised by name and, where a name can hold either a secret or a
// harmless file (`server.key` may be a Keynote document, `.npmrc` may only set a registry), by
// the first bytes.
//
// Under test fixtures (`fixtures/`, `testdata/`…) these files are inputs — a TLS library's test
// key, a dotenv parser's sample `.env` — and are left alone. Template files that exist to be
// committed (`.env.example`, `.env.sample`, `.env.template`, `.env.dist`…) are never flagged.
import { baseName, inTestFixtures } from '../inventory.js';
import type { FileFact, Hit, Inventory, Needs, Rule, RuleContext } from '../model.js';
import { sniffKind } from '../sniff.js';
import { collapsePaths } from './patterns.js';
import { gitignoreLines } from './directories.js';

/** Gitlinks, symlinks and folders git listed as one entry. */
const NOT_A_FILE = new Set(['160000', '120000', '040000']);

const extOf = (name: string): string => {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
};

// ---------------------------------------------------------------------------------------------
// .env files

/**
 * Name segments that make an env file a template or an encrypted copy (meant to be committed):
 * `.env.example`, `.env.local.sample`, `example.env`, `.env.dist` (Symfony's and PHP's word for
 * "distributed defaults", as in phpunit.xml.dist), `.env.vault` (dotenv-vault, encrypted).
 */
const ENV_TEMPLATE_WORDS = new Set(['example', 'examples', 'sample', 'samples', 'template', 'templates', 'tpl', 'tmpl', 'dist', 'defaults', 'default', 'schema', 'skel', 'vault', 'enc', 'encrypted', 'gpg', 'age', 'sops', 'md', 'ts', 'js', 'py', 'rb', 'go']);

/** `.env`, `.env.local`, `.env.production`, `prod.env` — not a template, not source code about env files. */
export function isEnvFile(name: string): boolean {
  const lower = name.toLowerCase();
  if (lower !== '.env' && !lower.startsWith('.env.') && !lower.endsWith('.env')) return false;
  if (lower === '.envrc') return false;
  const segments = lower.split('.').filter(Boolean);
  return !segments.some((s) => ENV_TEMPLATE_WORDS.has(s));
}

export const envFile: Rule = {
  id: 'env-file',
  category: 'secrets',
  severity: 'error',
  title: 'Environment file with secrets',
  why:
    'An .env file holds the passwords, API keys and connection strings of one machine. Once pushed, ' +
    'anyone who can read the repository (and its history, forever) can use them: rotate them if this ever happens.',
  fix:
    'Unstage it and add `.env` and `.env.*` to .gitignore (with `!.env.example`); commit a `.env.example` with the names and no values. ' +
    '(A project that commits an .env of harmless defaults on purpose, as Symfony does, lists it in .cruftignore.)',
  examples: {
    flagged: [['.env', 'app.js'], ['backend/.env.local'], ['.env.production'], ['docker/db.env', 'docker-compose.yml']],
    clean: [
      ['.env.example', '.env.sample', '.env.template'],
      ['.env.dist', 'config/.env.local.example'],
      ['tests/fixtures/.env', 'tests/test_dotenv.py'],
      ['src/env.ts', 'src/dotenv.js', 'docs/env.md', '.envrc'],
      ['.env.vault'],
    ],
  },
  detect(inv: Inventory, ctx: RuleContext): Hit[] {
    // Folders are not env files: a virtualenv is often called `.env` (git may list it as one entry, mode 040000).
    const covers = inv.facts.filter((f) => !ctx.claimed.has(f.path) && !NOT_A_FILE.has(f.mode) && isEnvFile(baseName(f.path)) && !inTestFixtures(f.path));
    if (covers.length === 0) return [];
    const paths = covers.map((f) => f.path).sort();
    return [{ paths, covers, message: 'environment file (.env): passwords and keys of one machine', gitignore: ['.env', '.env.*', '!.env.example'] }];
  },
};

// ---------------------------------------------------------------------------------------------
// Private keys

/** SSH keys by their default names (the `.pub` halves are public and fine). */
const SSH_KEY_NAMES = new Set(['id_rsa', 'id_dsa', 'id_ecdsa', 'id_ed25519', 'id_ecdsa_sk', 'id_ed25519_sk']);
/** Key stores that hold private keys whatever their content looks like. */
const KEYSTORE_EXTS = new Set(['p12', 'pfx', 'pkcs12', 'jks', 'keystore', 'bks', 'ppk']);
/** Text formats that may hold a PEM private key: read their first bytes. */
const PEM_EXTS = new Set(['pem', 'key', 'crt', 'cer', 'cert', 'p8', 'pk8', 'priv', 'private', 'asc', 'gpg', 'txt']);

function keyByName(name: string): string | undefined {
  if (SSH_KEY_NAMES.has(name)) return 'SSH private key';
  const ext = extOf(name);
  // Android's shared debug keystore has a well-known password and is committed on purpose.
  if (KEYSTORE_EXTS.has(ext) && name !== 'debug.keystore') return ext === 'ppk' ? 'PuTTY private key' : 'key store (holds private keys)';
  if (name === 'secring.gpg' || name === 'secring.kbx') return 'GnuPG secret keyring';
  return undefined;
}

function keyCandidate(f: FileFact): boolean {
  if (f.mode === '120000' || f.mode === '160000' || f.size > 1024 * 1024) return false;
  const name = baseName(f.path);
  const ext = extOf(name);
  if (ext === 'txt') return /key|priv|secret|cred/i.test(name);
  return PEM_EXTS.has(ext) || (ext === '' && !name.startsWith('.') && /key|priv|secret|id_|cert/i.test(name));
}

export const privateKey: Rule = {
  id: 'private-key',
  category: 'secrets',
  severity: 'error',
  title: 'Private key',
  why:
    'A private key proves who you are to servers, browsers and package registries. Pushed, it can be ' +
    'copied by anyone who reads the history; the only fix then is to revoke it and make a new one.',
  fix: 'Unstage it, move it out of the repository (or add it to .gitignore), and revoke the key if it was ever pushed.',
  examples: {
    flagged: [
      ['deploy/id_rsa', 'deploy/id_rsa.pub'],
      [{ path: 'certs/server.key', head: '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n' }],
      [{ path: 'ssl/site.pem', head: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n-----BEGIN RSA PRIVATE KEY-----\nMIIE\n' }],
      ['android/app/release.keystore'],
      ['certs/client.p12'],
      [{ path: 'AuthKey_ABC123.p8', head: '-----BEGIN PRIVATE KEY-----\nMIGTAgEAMBMG\n' }],
    ],
    clean: [
      ['deploy/id_rsa.pub', 'docs/ssh.md'],
      [{ path: 'certs/ca.pem', head: '-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIE\n' }],
      [{ path: 'slides/talk.key', head: [0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00] }],
      ['tests/fixtures/tls/server.key', 'testdata/rsa.pem'],
      ['android/app/debug.keystore'],
      ['src/crypto/keys.ts', 'src/keygen.go'],
    ],
  },
  needs(inv: Inventory): Needs {
    return { heads: inv.facts.filter((f) => keyCandidate(f) && !keyByName(baseName(f.path))) };
  },
  detect(inv: Inventory, ctx: RuleContext): Hit[] {
    const hits: Hit[] = [];
    for (let i = 0; i < inv.facts.length; i++) {
      const f = inv.facts[i] as FileFact;
      if (ctx.claimed.has(f.path) || NOT_A_FILE.has(f.mode) || inTestFixtures(f.path)) continue;
      const name = baseName(f.path);
      let what = keyByName(name);
      if (!what && keyCandidate(f)) {
        const head = ctx.probe.head(f.path);
        if (head && sniffKind(head) === 'private-key') what = head.includes('PGP PRIVATE KEY') ? 'PGP private key' : 'PEM private key';
      }
      if (!what) continue;
      hits.push({ paths: [f.path], covers: [f], message: what, gitignore: gitignoreLines([f.path]), data: { kind: what } });
    }
    return hits;
  },
};

// ---------------------------------------------------------------------------------------------
// Credential files

interface CredentialKind {
  what: string;
  /**
   * Text (lower case) that every path this kind names contains: one test of a path against all
   * the kinds' hints rules out nearly every file before the name tests run (26,000 files after a bulk add).
   */
  hint: string;
  /** Does this path name such a file? */
  name: (path: string, name: string) => boolean;
  /** When set, the file is a credential file only if its first bytes say so (a token, a password, a key). */
  content?: RegExp;
  ignore?: string;
}

/**
 * A value that is a literal secret: not `${ENV_VAR}` or `$VAR` substituted at run time, and not a
 * template's placeholder (`<your-token>`, `YOUR_TOKEN`, `changeme`, `xxxxxx`, `***`).
 */
const LITERAL = String.raw`[ \t]*["']?(?!\$\{?[A-Za-z_]|<|\{\{|your|xxx|changeme|change-me|replace|placeholder|\*\*\*)[^\s"'$][^\s"']{5,}`;

const CREDENTIAL_KINDS: CredentialKind[] = [
  { what: 'AWS credentials file', hint: 'credentials', name: (p) => /(^|\/)\.aws\/credentials$/.test(p) },
  { what: 'netrc (machine logins and passwords)', hint: 'netrc', name: (_p, n) => n === '.netrc' || n === '_netrc' },
  { what: 'git credential store (.git-credentials)', hint: 'credentials', name: (_p, n) => n === '.git-credentials' },
  { what: 'PostgreSQL password file (.pgpass)', hint: 'pgpass', name: (_p, n) => n === '.pgpass' },
  { what: 'Apache password file (.htpasswd)', hint: 'htpasswd', name: (_p, n) => n === '.htpasswd' },
  { what: 'Kerberos keytab', hint: 'keytab', name: (_p, n) => extOf(n) === 'keytab' },
  { what: 'Rails master key', hint: '.key', name: (p) => /(^|\/)config\/(master\.key|credentials\/[^/]+\.key)$/.test(p) },
  { what: 'Terraform state (holds resource secrets in plain text)', hint: 'tfstate', name: (_p, n) => /\.tfstate(\.backup)?$/.test(n), ignore: '*.tfstate*' },
  { what: 's3cmd configuration with keys (.s3cfg)', hint: 's3cfg', name: (_p, n) => n === '.s3cfg', content: /secret_key\s*=\s*\S/ },
  { what: 'npm configuration with an auth token (.npmrc)', hint: 'npmrc', name: (_p, n) => n === '.npmrc', content: new RegExp(`(_authToken|_auth|_password)\\s*=${LITERAL}`, 'i') },
  { what: 'Yarn configuration with an auth token (.yarnrc.yml)', hint: 'yarnrc', name: (_p, n) => n === '.yarnrc.yml', content: new RegExp(`npmAuth(Token|Ident)\\s*:${LITERAL}`, 'i') },
  { what: 'PyPI configuration with a password (.pypirc)', hint: 'pypirc', name: (_p, n) => n === '.pypirc', content: new RegExp(`^\\s*password\\s*[=:]${LITERAL}`, 'mi') },
  { what: 'MySQL client configuration with a password', hint: 'my.cnf', name: (_p, n) => n === '.my.cnf', content: new RegExp(`^\\s*password\\s*=${LITERAL}`, 'mi') },
  { what: 'Docker registry credentials', hint: 'config.json', name: (p) => /(^|\/)\.docker\/config\.json$/.test(p), content: /"auth"\s*:\s*"[A-Za-z0-9+/=]{8,}"/ },
  {
    what: 'Kubernetes config with credentials (kubeconfig)',
    hint: 'kube',
    name: (p, n) => /(^|\/)\.kube\/config$/.test(p) || /^kubeconfig/i.test(n) || n.endsWith('.kubeconfig'),
    content: new RegExp(`(client-key-data|token|password)\\s*:${LITERAL}`, 'i'),
  },
  {
    what: 'Google Cloud service-account key',
    hint: '.json',
    name: (_p, n) => n.endsWith('.json'),
    content: /"type"\s*:\s*"service_account"[\s\S]*"private_key"\s*:\s*"-----BEGIN|"private_key"\s*:\s*"-----BEGIN[\s\S]*"type"\s*:\s*"service_account"/,
  },
  { what: 'OAuth client secret file', hint: '.json', name: (_p, n) => /^client_secret.*\.json$|^credentials\.json$/.test(n), content: /"client_secret"\s*:\s*"[^"]{8,}"/ },
];

/** Could any kind name this path? (Its hint is in the path, whatever the case.) */
const MAYBE_CREDENTIALS = new RegExp([...new Set(CREDENTIAL_KINDS.map((k) => k.hint.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))].join('|'), 'i');

/** JSON files read for service-account keys: only names that suggest one (package.json and friends are never read). */
const SERVICE_ACCOUNT_NAME = /service[-_]?account|credential|secret|key|firebase-adminsdk|-[0-9a-f]{12}\.json$|^gcp|^gcloud/i;

/** `credentials.example.json`, `kubeconfig.template`: committed on purpose, without the values. */
const TEMPLATE_NAME = /(^|[.\-_])(example|sample|template|tmpl|tpl|dist)([.\-_]|$)/i;

/**
 * The kinds whose name this file has, in the table's order. A name may fit several (a
 * `credentials.json` is an OAuth client secret or a service-account key): the first bytes decide.
 */
function credentialKinds(f: FileFact): CredentialKind[] {
  if (!MAYBE_CREDENTIALS.test(f.path)) return [];
  const name = baseName(f.path);
  if (TEMPLATE_NAME.test(name)) return [];
  return CREDENTIAL_KINDS.filter((k) => k.name(f.path, name) && (k.what !== 'Google Cloud service-account key' || SERVICE_ACCOUNT_NAME.test(name)));
}

export const credentialsFile: Rule = {
  id: 'credentials-file',
  category: 'secrets',
  severity: 'error',
  title: 'Credentials file',
  why:
    'This file holds logins, tokens or keys for a cloud account, a registry or a server. Anyone who ' +
    'reads the repository can use them; once pushed, revoke them.',
  fix: 'Unstage it and add it to .gitignore; give the credentials to tools through environment variables or a secret store instead.',
  examples: {
    flagged: [
      ['.aws/credentials'],
      ['.netrc'],
      [{ path: '.npmrc', head: 'registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=npm_abcdefghijklmnopqrstuvwxyz0123456789\n' }],
      [{ path: '.pypirc', head: '[pypi]\nusername = __token__\npassword = pypi-AgEIcHlwaS5vcmcCJGE4\n' }],
      [{ path: 'config/my-project-3f2a1b4c5d6e.json', head: '{\n  "type": "service_account",\n  "project_id": "my-project",\n  "private_key_id": "abc",\n  "private_key": "-----BEGIN PRIVATE KEY-----\\nMIIE"\n}\n' }],
      ['infra/terraform.tfstate'],
      ['config/master.key', 'config/credentials.yml.enc'],
      ['ops/.pgpass'],
      ['public/.htpasswd'],
      ['deploy/HTTP.keytab'],
      [{ path: '.s3cfg', head: '[default]\naccess_key = AKIAEXAMPLE\nsecret_key = wJalrXUtnFEMI/K7MDENG\n' }],
      [{ path: 'home/.docker/config.json', head: '{ "auths": { "ghcr.io": { "auth": "dXNlcjpnaHBfc2VjcmV0dG9rZW4=" } } }\n' }],
      [{ path: 'oauth/client_secret_1234.apps.json', head: '{"installed":{"client_id":"1234.apps","client_secret":"GOCSPX-abcdefghijkl"}}\n' }],
      [{ path: 'ci/KUBECONFIG', head: 'users:\n- name: ci\n  user:\n    token: eyJhbGciOiJSUzI1NiJ9.payload\n' }],
    ],
    clean: [
      [{ path: '.npmrc', head: '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\nengine-strict=true\n' }],
      [{ path: '.npmrc', head: 'save-exact=true\n' }],
      [{ path: '.pypirc', head: '[distutils]\nindex-servers = pypi\n[pypi]\nusername = __token__\n' }],
      [{ path: 'k8s/kubeconfig', head: 'users:\n- name: admin\n  user:\n    token: <your-token-here>\n' }],
      [{ path: '.pypirc', head: '[pypi]\nusername = __token__\npassword = YOUR_PYPI_TOKEN\n' }],
      ['package.json', 'tsconfig.json', 'app/google-services.json'],
      [{ path: 'config/service-account.example.json', head: '{ "type": "service_account", "project_id": "your-project" }\n' }],
      ['config/credentials.yml.enc', 'src/credentials.ts'],
      ['tests/fixtures/.netrc'],
    ],
  },
  needs(inv: Inventory): Needs {
    return { heads: inv.facts.filter((f) => f.size < 1024 * 1024 && credentialKinds(f).some((k) => k.content !== undefined)) };
  },
  detect(inv: Inventory, ctx: RuleContext): Hit[] {
    const byKind = new Map<CredentialKind, FileFact[]>();
    for (let i = 0; i < inv.facts.length; i++) {
      const f = inv.facts[i] as FileFact;
      if (ctx.claimed.has(f.path) || NOT_A_FILE.has(f.mode) || inTestFixtures(f.path)) continue;
      const kinds = credentialKinds(f);
      if (kinds.length === 0) continue;
      const text = kinds.some((k) => k.content) ? ctx.probe.head(f.path)?.toString('utf8') : undefined;
      const kind = kinds.find((k) => !k.content || (text !== undefined && k.content.test(text)));
      if (!kind) continue;
      const same = byKind.get(kind);
      if (same) same.push(f);
      else byKind.set(kind, [f]);
    }
    return [...byKind].map(([kind, covers]) => {
      const paths = collapsePaths(inv, covers);
      return { paths, covers, message: kind.what, gitignore: kind.ignore ? [kind.ignore] : gitignoreLines(paths), data: { kind: kind.what } };
    });
  },
};
