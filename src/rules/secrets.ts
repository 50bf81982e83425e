// Secret files: environment files, private keys, credential files. cruft-check is not a secret
// scanner (it does not search source code for tokens): it finds files whose purpose is to hold a
// secret. These are recognised by name and, where a name can hold either a secret or a harmless
// file (`server.key` may be a Keynote document, `.npmrc` may only set a registry, `admin.conf` may
// only run a cloud CLI), by the first bytes; keys are also recognised by their bytes under any
// name (a deploy key called `github`, a PKCS#12 bundle saved as `.cer`). Source files are never
// read for secrets, whatever they contain.
//
// Under test fixtures (`fixtures/`, `testdata/`…) these files are inputs — a TLS library's test
// key, a dotenv parser's sample `.env` — and are left alone. Template files that exist to be
// committed (`.env.example`, `.env.sample`, `.env.template`, `.env.dist`…) are never flagged.
import { baseName, inTestFixtures, parentOf } from '../facts/inventory.js';
import type { FileFact, Hit, Inventory, Needs, Rule, RuleContext } from '../model.js';
import { sniffKind } from '../facts/sniff.js';
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
/** Formats that may hold a private key (PEM text, or DER/PKCS#12 bytes): read their first bytes. */
const PEM_EXTS = new Set(['pem', 'key', 'crt', 'cer', 'cert', 'der', 'p8', 'pk8', 'priv', 'private', 'asc', 'gpg', 'txt', 'ssh', 'openssh', 'rsa', 'ec', 'ed25519', 'bak', 'old', 'backup', 'orig']);
/** Extensions that only ever add a suffix to a key's name (`id_rsa.bak`, `server.key.old`): read only when the rest of the name says key. */
const BACKUP_EXTS = new Set(['txt', 'bak', 'old', 'backup', 'orig']);
/** Names of Java trust stores: public CA certificates, nothing private. */
const TRUST_STORE = /trust|cacerts/i;

function keyByName(name: string): string | undefined {
  if (SSH_KEY_NAMES.has(name)) return 'SSH private key';
  const ext = extOf(name);
  // Android's shared debug keystore has a well-known password and is committed on purpose.
  // A trust store's bytes decide (keyCandidate): it usually holds certificates only.
  if (KEYSTORE_EXTS.has(ext) && name !== 'debug.keystore' && !TRUST_STORE.test(name)) return ext === 'ppk' ? 'PuTTY private key' : 'key store (holds private keys)';
  if (name === 'secring.gpg' || name === 'secring.kbx') return 'GnuPG secret keyring';
  return undefined;
}

/**
 * Files whose first bytes are read for a private key: the key formats' extensions, backups of a
 * key-like name, and any file without an extension (`deploy_key`, `.ssh/github`, a renamed
 * id_rsa): keys are committed under every name, and an extensionless file's first bytes are
 * read anyway for compiled binaries, so it costs no extra read.
 */
function keyCandidate(f: FileFact): boolean {
  if (f.mode === '120000' || f.mode === '160000' || f.mode === '040000' || f.size > 1024 * 1024 || f.size < 32) return false;
  const name = baseName(f.path);
  const ext = extOf(name);
  if (BACKUP_EXTS.has(ext)) return /key|priv|secret|cred|id_|\.pem|cert/i.test(name);
  if (PEM_EXTS.has(ext) || (KEYSTORE_EXTS.has(ext) && TRUST_STORE.test(name))) return true;
  if (ext === '') return name.startsWith('.') ? /key|id_/i.test(name) : !TEXT_NAME.test(name);
  return false;
}

/** Extensionless names that are text by convention (README, LICENSE, Makefile, Dockerfile): never read for a key. */
const TEXT_NAME = /^[A-Z0-9_-]+$|file$|^(gradlew|mvnw|configure)$/;

/** What a key candidate's first bytes show, if a private key or a key store. */
function keyByContent(name: string, head: Buffer): string | undefined {
  const kind = sniffKind(head);
  if (kind === 'private-key') {
    if (head.includes('PGP PRIVATE KEY')) return 'PGP private key';
    if (head.includes('PuTTY-User-Key-File-')) return 'PuTTY private key';
    if (head.includes('OPENSSH PRIVATE KEY') || head.includes('SSH2 ')) return 'SSH private key';
    return head[0] === 0x30 ? 'private key (DER)' : 'PEM private key';
  }
  if (kind === 'pkcs12') return 'PKCS#12 key store (certificate with its private key)';
  // A Java key store's first entry: tag 1 is a private key, 2 a trusted certificate (a trust store).
  if (kind === 'java-keystore') return head.length >= 16 && head.readUInt32BE(12) === 2 && TRUST_STORE.test(name) ? undefined : 'Java key store (holds private keys)';
  return undefined;
}

/** A folder of tests, where a crypto library keeps the keys its tests need (`tests/`, `test-ca/`, `testdata/`, `unit-tests/`). */
const TEST_TREE = /(^|\/)(test[^/]*|[^/]*[-_.]tests?|spec|specs|__tests__|t)(\/|$)/i;
/** The files that say what a project is, read when a key sits in its tests. */
const MANIFESTS = ['package.json', 'Cargo.toml', 'pyproject.toml', 'setup.py', 'setup.cfg', 'go.mod', 'pom.xml', 'build.gradle', 'composer.json', 'mix.exs', 'CMakeLists.txt', 'configure.ac', 'meson.build'];
/** What a TLS, SSH, JWT, crypto or blockchain library says of itself in its manifest. */
const CRYPTO_PROJECT = /tls|ssl|x\.?509|crypt|\bpki\b|\bssh|jwt|\bjose\b|jwk|certif|asn\.?1|keystore|\bpem\b|\bacme\b|letsencrypt|\bsigning\b|\bsignature|ethereum|web3|blockchain|wallet|bitcoin|solana|tendermint|cometbft/i;

/**
 * Is this key (or keystore) a test input of a crypto library? It sits in a tests folder and the project's manifest
 * (the nearest one above it that the repository has) names TLS, SSH, JWT or cryptography.
 * Test keys of a web app are not excused: a tests folder alone is not evidence.
 */
function cryptoLibraryTestKey(path: string, ctx: RuleContext): boolean {
  const m = TEST_TREE.exec(path);
  if (!m) return false;
  const root = path.slice(0, m.index);
  for (let dir = root; ; dir = parentOf(dir)) {
    for (const name of MANIFESTS) {
      const head = ctx.probe.head(dir ? `${dir}/${name}` : name);
      if (head && CRYPTO_PROJECT.test(head.toString('utf8'))) return true;
    }
    if (dir === '') return false;
  }
}

/** The manifests cryptoLibraryTestKey() may read for these keys. */
function manifestsFor(paths: string[]): string[] {
  const out = new Set<string>();
  for (const path of paths) {
    const m = TEST_TREE.exec(path);
    if (!m) continue;
    for (let dir = path.slice(0, m.index); ; dir = parentOf(dir)) {
      for (const name of MANIFESTS) out.add(dir ? `${dir}/${name}` : name);
      if (dir === '') break;
    }
  }
  return [...out];
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
      // whatever the name: an OpenSSH key called `deploy`, a PuTTY key in a .txt, an encrypted PEM
      [{ path: 'ops/deploy', head: '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n' }],
      [{ path: 'keys/server-key.txt', head: 'PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: eddsa-key-20240101\n' }],
      [{ path: 'mysql-data-copy/client-key.pem', head: '-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,3F2A\n\nMIIE\n' }],
      // DER: a PKCS#12 bundle renamed .cer, a PKCS#8 key in a .der, a Java key store without its extension
      [{ path: 'ios/distribution.cer', head: [0x30, 0x82, 0x0a, 0x51, 0x02, 0x01, 0x03, 0x30, 0x82, 0x0a, 0x17, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01] }],
      [{ path: 'certs/signing.der', head: [0x30, 0x82, 0x04, 0xbe, 0x02, 0x01, 0x00, 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00, 0x04, 0x82] }],
      [{ path: 'server/keystore', head: [0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 1, 0, 6, 0x73, 0x65, 0x72, 0x76, 0x65, 0x72] }],
      // a crypto-looking project's key outside its tests is still a key
      [{ path: 'package.json', head: '{ "name": "tls-proxy", "keywords": ["tls"] }' }, { path: 'certs/prod.key', head: '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n' }],
      // a web app's tests folder is no excuse
      [{ path: 'package.json', head: '{ "name": "shop" }' }, { path: 'test/keys/jwt.pem', head: '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n' }],
    ],
    clean: [
      ['deploy/id_rsa.pub', 'docs/ssh.md'],
      [{ path: 'certs/ca.pem', head: '-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIE\n' }],
      [{ path: 'slides/talk.key', head: [0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00] }],
      ['tests/fixtures/tls/server.key', 'testdata/rsa.pem'],
      ['android/app/debug.keystore'],
      ['src/crypto/keys.ts', 'src/keygen.go'],
      [{ path: 'keys/public.pem', head: '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n' }],
      [{ path: 'deploy/authorized_keys', head: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMq ci@example\n' }],
      // a DER certificate, and a trust store whose first entry is a trusted certificate
      [{ path: 'certs/root.cer', head: [0x30, 0x82, 0x03, 0x75, 0x30, 0x82, 0x02, 0x5d, 0xa0, 0x03, 0x02, 0x01, 0x02, 0x02, 0x0b, 0x04] }],
      [{ path: 'config/truststore.jks', head: [0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 2, 0, 6, 0x72, 0x6f, 0x6f, 0x74, 0x63, 0x61] }],
      // a TLS library's test keys (its manifest says so), and a docs page about keys
      [{ path: 'package.json', head: '{ "name": "node-forge", "description": "JavaScript implementations of network transports, cryptography, ciphers, PKI" }' }, { path: 'tests/keys/server.key', head: '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n' }],
      [{ path: 'Cargo.toml', head: '[package]\nname = "rustls-pemfile"\ndescription = "Basic parser for PEM formatted keys and certificates"\n' }, { path: 'tests/data/rsa2048key.pem', head: '-----BEGIN PRIVATE KEY-----\nMIIE\n' }],
      [{ path: 'README', head: '-----BEGIN OPENSSH PRIVATE KEY----- is how a key starts\n' }, { path: 'docs/keys.md', head: '-----BEGIN RSA PRIVATE KEY-----\n' }],
    ],
  },
  needs(inv: Inventory): Needs {
    const heads = inv.facts.filter((f) => keyCandidate(f) && !keyByName(baseName(f.path)) && !inTestFixtures(f.path));
    const files = manifestsFor(heads.map((f) => f.path));
    // Manifests staged in this change are read from the index; the rest from the work tree.
    const staged = files.map((p) => inv.byPath.get(p)).filter((f): f is FileFact => f !== undefined);
    return { heads: [...heads, ...staged], files: files.filter((p) => !inv.byPath.has(p)) };
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
        if (head) what = keyByContent(name, head);
      }
      if (!what || cryptoLibraryTestKey(f.path, ctx)) continue;
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
  hint: string | string[];
  /** Does this path name such a file? */
  name: (path: string, name: string) => boolean;
  /** When set, the file is a credential file only if its first bytes say so (a token, a password, a key). */
  content?: RegExp | ((text: string) => boolean);
  ignore?: string;
}

/**
 * A value that is a literal secret: not `${ENV_VAR}` or `$VAR` substituted at run time, and not a
 * template's placeholder (`<your-token>`, `YOUR_TOKEN`, `changeme`, `xxxxxx`, `***`).
 */
const LITERAL = String.raw`[ \t]*["']?(?!\$\{?[A-Za-z_]|<|\{\{|your|xxx|changeme|change-me|replace|placeholder|\*\*\*)[^\s"'$][^\s"']{5,}`;
/** The same for a JSON string value: `"key": "<literal>"`. */
const JSON_LITERAL = String.raw`\s*:\s*"(?!\$\{?[A-Za-z_]|<|\{\{|your|xxx|changeme|change-me|replace|placeholder|\*\*\*)[^"\s$][^"]{7,}"`;
const jsonField = (key: string): RegExp => new RegExp(`"${key}"${JSON_LITERAL}`, 'i');

/**
 * A kubeconfig: a YAML document of `clusters:`, `users:` and `contexts:`, whose users carry a
 * secret (client key, token, password); one whose users run `exec:` (cloud CLIs) or carry only a
 * certificate holds nothing to steal. (`users:` is what every kubeconfig with a secret has; a
 * hand-written one may leave out the clusters.)
 */
const isKubeconfig = (t: string): boolean => /^users:/m.test(t) && new RegExp(`(client-key-data|token|password|client-secret)\\s*:${LITERAL}`, 'i').test(t);

/** An Ethereum-style (Web3 Secret Storage) keystore: `crypto` (or `Crypto`) with a `ciphertext` and a `kdf`. */
const isWeb3Keystore = (t: string): boolean => /"crypto"\s*:/i.test(t) && /"ciphertext"\s*:/.test(t) && /"kdf"\s*:/.test(t);

/** geth's and its forks' node key: the secp256k1 key as 64 hex digits, nothing else. */
const isNodeKey = (t: string): boolean => /^\s*[0-9a-fA-F]{64}\s*$/.test(t);

/** A Solana keypair: the 64 bytes of an ed25519 secret key as a JSON array of numbers. */
const isByteArrayKey = (t: string): boolean => /^\s*\[\s*\d{1,3}(\s*,\s*\d{1,3}){63}\s*\]\s*$/.test(t);

/** An `.htpasswd`-format line: a user and an Apache/bcrypt/SHA/crypt hash. */
const HTPASSWD_LINE = /^[^:#\s]+:(\$apr1\$|\$2[abxy]?\$|\{SHA\}|\$[156]\$|[A-Za-z0-9./]{13}$)/m;

const CREDENTIAL_KINDS: CredentialKind[] = [
  { what: 'AWS credentials file', hint: 'credentials', name: (p) => /(^|\/)\.aws\/credentials$/.test(p) },
  { what: 'AWS configuration with a secret key', hint: '.aws', name: (p) => /(^|\/)\.aws\/config$/.test(p), content: new RegExp(`aws_secret_access_key\\s*=${LITERAL}`, 'i') },
  { what: 'netrc (machine logins and passwords)', hint: 'netrc', name: (_p, n) => n === '.netrc' || n === '_netrc' },
  { what: 'git credential store (.git-credentials)', hint: 'credentials', name: (_p, n) => n === '.git-credentials' },
  { what: 'PostgreSQL password file (.pgpass)', hint: 'pgpass', name: (_p, n) => n === '.pgpass' },
  // pgAdmin's container reads a `pgpass` without the dot: host:port:database:user:password lines decide.
  { what: 'PostgreSQL password file (pgpass)', hint: 'pgpass', name: (_p, n) => n === 'pgpass' || n === 'pgpass.conf', content: /^[^:#\s]+:(\d+|\*):[^:\s]+:[^:\s]+:\S+/m },
  // A replica set's shared secret (`openssl rand -base64 756 > mongo-keyfile`): base64 text and nothing else.
  { what: 'MongoDB replica-set key file', hint: 'key', name: (_p, n) => /^(mongo(db)?[-_.]?)?key[-_.]?file$|^mongo(db)?[-_.](replica[-_.]?set[-_.]?)?key$|^replica[-_.]?set[-_.]?key$/i.test(n), content: /^\s*[A-Za-z0-9+/=\s]{40,1100}$/ },
  { what: 'Apache password file (.htpasswd)', hint: 'htpasswd', name: (_p, n) => n === '.htpasswd' },
  // Other names for the same format (a Docker registry's `auth/htpasswd`, nginx's `htpasswd.users`): the lines decide.
  { what: 'password file (htpasswd format)', hint: 'htpasswd', name: (_p, n) => /htpasswd/i.test(n) && n !== '.htpasswd' && !/\.(c|h|go|py|rb|js|ts|java|php|md|txt|html|rst)$/i.test(n), content: HTPASSWD_LINE },
  { what: 'Kerberos keytab', hint: 'keytab', name: (_p, n) => extOf(n) === 'keytab' },
  { what: 'Rails master key', hint: '.key', name: (p) => /(^|\/)config\/(master\.key|credentials\/[^/]+\.key)$/.test(p) },
  // terraform.tfstate, its .backup, and the timestamped backups `terraform apply -backup` leaves (terraform.tfstate.1712345678.backup).
  { what: 'Terraform state (holds resource secrets in plain text)', hint: 'tfstate', name: (_p, n) => /\.tfstate(\.\d+)?(\.backup)?$/.test(n), ignore: '*.tfstate*' },
  { what: 's3cmd configuration with keys (.s3cfg)', hint: 's3cfg', name: (_p, n) => n === '.s3cfg', content: /secret_key\s*=\s*\S/ },
  { what: 'gsutil/boto configuration with keys (.boto)', hint: 'boto', name: (_p, n) => n === '.boto' || n === 'boto.cfg', content: new RegExp(`(gs|aws)_secret_access_key\\s*=${LITERAL}`, 'i') },
  { what: 's3fs password file', hint: 'passwd-s3fs', name: (_p, n) => n === '.passwd-s3fs' || n === 'passwd-s3fs', content: /^[^:\s#]+:[^:\s]{8,}/m },
  { what: 'rclone configuration with keys or tokens', hint: 'rclone.conf', name: (_p, n) => n === 'rclone.conf', content: new RegExp(`^\\s*(secret_access_key|pass|password|token|client_secret|key)\\s*=${LITERAL}`, 'mi') },
  // MinIO keeps its root and IAM users' keys in .minio.sys/config/; the client `mc` in .mc/config.json.
  { what: 'MinIO credentials (object store configuration)', hint: 'config', name: (p) => /(^|\/)\.minio\.sys\/config\//.test(p) || /(^|\/)\.mc\/config\.json$/.test(p), content: (t) => jsonField('secretKey').test(t) || jsonField('secret_key').test(t) },
  { what: 'npm configuration with an auth token (.npmrc)', hint: 'npmrc', name: (_p, n) => n === '.npmrc', content: new RegExp(`(_authToken|_auth|_password)\\s*=${LITERAL}`, 'i') },
  { what: 'Yarn configuration with an auth token (.yarnrc.yml)', hint: 'yarnrc', name: (_p, n) => n === '.yarnrc.yml', content: new RegExp(`npmAuth(Token|Ident)\\s*:${LITERAL}`, 'i') },
  { what: 'PyPI configuration with a password (.pypirc)', hint: 'pypirc', name: (_p, n) => n === '.pypirc', content: new RegExp(`^\\s*password\\s*[=:]${LITERAL}`, 'mi') },
  { what: 'Cargo registry token', hint: 'credentials', name: (p) => /(^|\/)\.cargo\/credentials(\.toml)?$/.test(p), content: new RegExp(`token\\s*=${LITERAL}`, 'i') },
  { what: 'RubyGems API key', hint: 'credentials', name: (p) => /(^|\/)\.gem\/credentials$/.test(p), content: new RegExp(`api_key:${LITERAL}`, 'i') },
  { what: 'GitHub CLI token (gh/hosts.yml)', hint: 'hosts.y', name: (p) => /(^|\/)gh\/hosts\.ya?ml$/.test(p), content: new RegExp(`oauth_token:${LITERAL}`, 'i') },
  { what: 'Composer credentials (auth.json)', hint: 'auth.json', name: (_p, n) => n === 'auth.json', content: /"(github-oauth|gitlab-oauth|gitlab-token|bitbucket-oauth|http-basic|bearer)"\s*:\s*\{\s*"[^"]+"\s*:/ },
  { what: 'MySQL client configuration with a password', hint: 'my.cnf', name: (_p, n) => n === '.my.cnf', content: new RegExp(`^\\s*password\\s*=${LITERAL}`, 'mi') },
  { what: 'MySQL login path file (.mylogin.cnf)', hint: 'mylogin', name: (_p, n) => n === '.mylogin.cnf' },
  { what: 'Docker registry credentials', hint: ['config.json', 'dockercfg'], name: (p, n) => /(^|\/)\.docker\/config\.json$/.test(p) || n === '.dockercfg', content: /"auth"\s*:\s*"[A-Za-z0-9+/=]{8,}"/ },
  {
    what: 'Kubernetes config with credentials (kubeconfig)',
    hint: ['kube', 'k3s', 'k8s', '.conf', 'config'],
    // kubectl's own file, the names kubeadm (admin.conf), k3s (k3s.yaml), RKE (kube_config_*.yml),
    // the EKS Terraform module (kubeconfig_<cluster>) and people give it; the content decides.
    name: (p, n) =>
      /(^|\/)\.kube\/config$/.test(p) ||
      (/kube_?config|^k3s\.ya?ml$|^k8s[-_.]?config|^(admin|kubelet|controller-manager|scheduler|super-admin)\.conf$/i.test(n) && !/\.(go|py|rb|js|ts|java|sh|md|rst|txt|tf|tpl|j2)$/i.test(n)) ||
      (/(^|\/)(\.?kube|k8s|k3s)\//.test(p) && /^config(\.ya?ml)?$/.test(n)),
    content: isKubeconfig,
  },
  {
    what: 'Google Cloud service-account key',
    hint: '.json',
    name: (_p, n) => n.endsWith('.json'),
    content: /"type"\s*:\s*"service_account"[\s\S]*"private_key"\s*:\s*"-----BEGIN|"private_key"\s*:\s*"-----BEGIN[\s\S]*"type"\s*:\s*"service_account"/,
  },
  { what: 'OAuth client secret file', hint: '.json', name: (_p, n) => /^client_secrets?.*\.json$|^(oauth[-_]?)?credentials.*\.json$|^oauth.*\.json$/i.test(n), content: jsonField('client_secret') },
  // What an OAuth flow caches after the first login (Google's quickstarts write token.json / token.pickle): a refresh token.
  { what: 'cached OAuth token', hint: '.json', name: (_p, n) => /token|credential|creds|oauth|auth/i.test(n) && n.endsWith('.json'), content: (t) => jsonField('refresh_token').test(t) || (jsonField('access_token').test(t) && /"(client_id|token_uri|expires_in|expiry)"/.test(t)) },
  {
    what: 'cached OAuth credentials (pickled)',
    hint: ['.pickle', '.pkl'],
    // Not tokenizer.pickle: the pickled object's class names say what it is.
    name: (_p, n) => /\.(pickle|pkl)$/i.test(n) && /token|cred|auth/i.test(n) && !/tokeni[sz]er/i.test(n),
    content: /oauth2|refresh_token|Credentials/,
  },
  {
    what: 'Ethereum keystore (an account key, encrypted with a password)',
    hint: ['utc--', 'keystore', 'wallet', 'key'],
    // geth's file names (UTC--<time>--<address>), anything in a keystore/ folder, JSON named for a wallet or key.
    name: (p, n) => /^UTC--\d{4}-\d\d-\d\dT/.test(n) || /(^|\/)keystore\//i.test(p) || (/wallet|keystore|key/i.test(n) && n.endsWith('.json')),
    content: isWeb3Keystore,
  },
  { what: 'blockchain node key (nodekey)', hint: 'nodekey', name: (_p, n) => n === 'nodekey' || n.endsWith('.nodekey'), content: isNodeKey },
  { what: 'Tendermint/CometBFT validator or node key', hint: 'key.json', name: (_p, n) => n === 'priv_validator_key.json' || n === 'node_key.json', content: /"priv_key"\s*:/ },
  { what: 'Solana keypair (secret key bytes)', hint: ['keypair', 'id.json', 'wallet', 'key'], name: (_p, n) => /keypair.*\.json$|^id\.json$|wallet.*\.json$|key.*\.json$/i.test(n), content: isByteArrayKey },
];

/** Could any kind name this path? (Its hint is in the path, whatever the case.) */
const MAYBE_CREDENTIALS = new RegExp([...new Set(CREDENTIAL_KINDS.flatMap((k) => k.hint).map((h) => h.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))].join('|'), 'i');

const matches = (content: RegExp | ((text: string) => boolean), text: string): boolean => (typeof content === 'function' ? content(text) : content.test(text));

/** JSON files read for service-account keys: only names that suggest one (package.json and friends are never read). */
const SERVICE_ACCOUNT_NAME = /service[-_]?account|credential|creds?\b|creds?[-_.]|secret|key|auth|firebase|adminsdk|bigquery|google|-[0-9a-f]{12}\.json$|gcp|gcloud|gcs|^sa[-_.]|account/i;

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
      // by content, whatever the name a tool gave it
      [{ path: '.aws/config', head: '[default]\nregion = eu-west-1\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = wJalrXUtnFEMIK7MDENGbPxRfiCY\n' }],
      [{ path: 'registry/auth/htpasswd', head: 'admin:$2y$05$3zL9q0mD1oZlAFq3h7f8CeRPz8dS7H0wz3nq1m2WcPr1eWkS0ZxgS\n' }],
      ['infra/terraform.tfstate.1712345678.backup'],
      [{ path: 'minio/data/.minio.sys/config/config.json', head: '{"version":"33","credential":{"accessKey":"minioadmin","secretKey":"minioadmin123"},"region":"us-east-1"}' }],
      [{ path: 'cluster/admin.conf', head: 'apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: LS0tLS1CRUdJTg==\n    server: https://10.0.0.1:6443\n  name: kubernetes\nusers:\n- name: kubernetes-admin\n  user:\n    client-certificate-data: LS0tLS1CRUdJTg==\n    client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQ==\n' }],
      [{ path: 'gmail/token.json', head: '{"token": "ya29.a0AfH6SMBx", "refresh_token": "1//0gLq9w8example", "token_uri": "https://oauth2.googleapis.com/token", "client_id": "123.apps.googleusercontent.com"}' }],
      [{ path: 'bot/token.pickle', head: [0x80, 0x04, 0x95, 0x10, 0x02, 0, 0, 0, 0, 0, 0, 0x8c, 0x19, ...Buffer.from('google.oauth2.credentials'), 0x94, 0x8c, 0x0b, ...Buffer.from('Credentials')] }],
      [{ path: 'wallet/UTC--2024-03-06T18-26-46.040477236Z--4a02341be8e888617faedd979d25adc80061cece', head: '{"address":"4a02341be8e888617faedd979d25adc80061cece","crypto":{"cipher":"aes-128-ctr","ciphertext":"a1b2","cipherparams":{"iv":"c3d4"},"kdf":"scrypt","kdfparams":{"n":262144},"mac":"e5f6"},"id":"1b2c","version":3}' }],
      [{ path: 'node1/geth/nodekey', head: '4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318' }],
      [{ path: 'config/priv_validator_key.json', head: '{"address":"A1B2","pub_key":{"type":"tendermint/PubKeyEd25519","value":"abc="},"priv_key":{"type":"tendermint/PrivKeyEd25519","value":"def="}}' }],
      [{ path: 'target/deploy/escrow-keypair.json', head: `[${Array.from({ length: 64 }, (_, i) => (i * 37) % 256).join(',')}]` }],
      [{ path: 'home/.cargo/credentials.toml', head: '[registry]\ntoken = "cio1234567890abcdefghij"\n' }],
      [{ path: 'docker/mongo-keyfile', head: 'dGhpcyBpcyBub3QgYSByZWFsIGtleWZpbGUgYnV0IGl0IGhhcyB0aGUgc2hhcGUgb2Ygb25l\nZXhhbXBsZWV4YW1wbGVleGFtcGxl\n' }],
      [{ path: 'pgadmin/pgpass', head: 'db:5432:*:postgres:example-password\n' }],
      [{ path: 'backend/serviceAccountKey.json', head: '{\n  "type": "service_account",\n  "project_id": "my-app",\n  "private_key_id": "0123",\n  "private_key": "-----BEGIN PRIVATE KEY-----\\nMIIE"\n}\n' }],
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
      // the same names holding no secret
      [{ path: '.aws/config', head: '[default]\nregion = eu-west-1\noutput = json\n' }],
      [{ path: 'cluster/admin.conf', head: 'apiVersion: v1\nclusters:\n- cluster:\n    server: https://eks.example.com\n  name: eks\nusers:\n- name: eks\n  user:\n    exec:\n      command: aws\n      args: [eks, get-token]\n' }],
      [{ path: 'nlp/tokenizer.pickle', head: [0x80, 0x04, 0x95, 0x10, 0x02, 0, 0, 0, 0, 0, 0, 0x8c, 0x08, ...Buffer.from('keras.preprocessing.text')] }],
      [{ path: 'design/tokens.json', head: '{ "color": { "primary": { "value": "#0050b3" } } }' }],
      [{ path: 'artifacts/contracts/Token.sol/Token.json', head: '{ "_format": "hh-sol-artifact-1", "contractName": "Token", "abi": [] }' }],
      [{ path: 'keystore/README.md', head: '# Keystore\nPut your UTC-- files here.\n' }],
      [{ path: 'node1/geth/nodekey', head: 'put the node key here\n' }],
      [{ path: 'nginx/htpasswd.conf', head: 'auth_basic_user_file /etc/nginx/.htpasswd;\n' }],
      [{ path: 'docs/keyfile', head: '# How to make a key file\nRun openssl rand -base64 756 and keep it out of git.\n' }],
      // a blockchain library's test keystore: its manifest says what it is
      [{ path: 'build.gradle', head: "description = 'web3j is a lightweight Java library for integration with Ethereum clients'\n" }, { path: 'core/src/test/resources/keyfiles/UTC--2016-11-03T05-55-06.340672473Z--ef678007d18427e6022059dbc264f27507cd1ffc', head: '{"address":"ef67","crypto":{"cipher":"aes-128-ctr","ciphertext":"a1","kdf":"scrypt"},"version":3}' }],
    ],
  },
  needs(inv: Inventory): Needs {
    const heads = inv.facts.filter((f) => f.size < 1024 * 1024 && !NOT_A_FILE.has(f.mode) && !inTestFixtures(f.path) && credentialKinds(f).length > 0);
    const files = manifestsFor(heads.map((f) => f.path));
    const staged = files.map((p) => inv.byPath.get(p)).filter((f): f is FileFact => f !== undefined);
    return { heads: [...heads.filter((f) => credentialKinds(f).some((k) => k.content !== undefined)), ...staged], files: files.filter((p) => !inv.byPath.has(p)) };
  },
  detect(inv: Inventory, ctx: RuleContext): Hit[] {
    const byKind = new Map<CredentialKind, FileFact[]>();
    for (let i = 0; i < inv.facts.length; i++) {
      const f = inv.facts[i] as FileFact;
      if (ctx.claimed.has(f.path) || NOT_A_FILE.has(f.mode) || inTestFixtures(f.path)) continue;
      const kinds = credentialKinds(f);
      if (kinds.length === 0) continue;
      const text = kinds.some((k) => k.content) ? ctx.probe.head(f.path)?.toString('utf8') : undefined;
      const kind = kinds.find((k) => !k.content || (text !== undefined && matches(k.content, text)));
      if (!kind || cryptoLibraryTestKey(f.path, ctx)) continue;
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
