// Layouts copied from real public repositories (see each scenario's `source`), labelled file by
// file as a careful reviewer would. The secret files are synthesised with the structure the real
// ones have (the tool's own format, its field names, its file name) and values that are no one's
// secret; nothing is copied from the repositories but their paths.
import { C, CERT, L, OPENSSH_KEY, PEM_KEY, RSA_KEY } from '../content.js';
import type { Scenario } from '../scenarios.js';

const ENCRYPTED_KEY = '-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkqhkiG9w0BBQwwHAQI3xQ9\n-----END ENCRYPTED PRIVATE KEY-----\n';
const PUTTY_KEY = 'PuTTY-User-Key-File-3: ssh-rsa\nEncryption: none\nComment: rsa-key-20230519\nPublic-Lines: 6\nAAAAB3NzaC1yc2EAAAADAQABAAABAQCnVqse\nPrivate-Lines: 14\nAAABAQCExampleExampleExample\nPrivate-MAC: 0123456789abcdef\n';
const SERVICE_ACCOUNT = (project: string): string =>
  `{\n  "type": "service_account",\n  "project_id": "${project}",\n  "private_key_id": "0123456789abcdef0123456789abcdef01234567",\n  "private_key": "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY-----\\n",\n  "client_email": "firebase-adminsdk-abcde@${project}.iam.gserviceaccount.com",\n  "client_id": "100000000000000000000",\n  "auth_uri": "https://accounts.google.com/o/oauth2/auth",\n  "token_uri": "https://oauth2.googleapis.com/token"\n}\n`;
const OAUTH_CLIENT = '{"installed":{"client_id":"123456789012-abcdefghijklmnop.apps.googleusercontent.com","project_id":"quickstart-1234","auth_uri":"https://accounts.google.com/o/oauth2/auth","token_uri":"https://oauth2.googleapis.com/token","client_secret":"GOCSPX-exampleexampleexample","redirect_uris":["http://localhost"]}}\n';
const OAUTH_TOKEN = '{"token": "ya29.a0AfB_byExampleExample", "refresh_token": "1//0gExampleExampleExample", "token_uri": "https://oauth2.googleapis.com/token", "client_id": "123456789012-abc.apps.googleusercontent.com", "client_secret": "GOCSPX-exampleexample", "scopes": ["https://www.googleapis.com/auth/gmail.readonly"], "expiry": "2024-05-01T10:00:00Z"}\n';
/** What pickle.dump(creds) writes for google.oauth2.credentials.Credentials (protocol 4). */
const TOKEN_PICKLE = Buffer.concat([
  Buffer.from([0x80, 0x04, 0x95, 0x2a, 0x03, 0, 0, 0, 0, 0, 0, 0x8c, 0x19]),
  Buffer.from('google.oauth2.credentials'),
  Buffer.from([0x94, 0x8c, 0x0b]),
  Buffer.from('Credentials'),
  Buffer.from([0x94, 0x93, 0x94, 0x29, 0x81, 0x94, 0x7d, 0x94, 0x28, 0x8c, 0x05]),
  Buffer.from('token'),
  Buffer.alloc(600, 0x61),
]);
const TFSTATE = (serial: number): string =>
  `{\n  "version": 4,\n  "terraform_version": "1.5.7",\n  "serial": ${serial},\n  "lineage": "3f2a1b4c-0000-4000-8000-000000000000",\n  "outputs": {},\n  "resources": [\n    {\n      "mode": "managed",\n      "type": "aws_instance",\n      "name": "web",\n      "instances": [ { "attributes": { "ami": "ami-0abcdef", "password_data": "" } } ]\n    }\n  ]\n}\n`;
const KUBECONFIG = (user: string, secret: string): string =>
  `apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t\n    server: https://203.0.113.10:6443\n  name: ${user}-cluster\ncontexts:\n- context:\n    cluster: ${user}-cluster\n    user: ${user}\n  name: ${user}\ncurrent-context: ${user}\nkind: Config\npreferences: {}\nusers:\n- name: ${user}\n  user:\n    ${secret}\n`;
const KEYSTORE_JSON = (address: string): string =>
  `{"address":"${address}","crypto":{"cipher":"aes-128-ctr","ciphertext":"0f6d343b2a34fe571639235fc16250823c6fe3bc30525d98c41dfdf21a97aedb","cipherparams":{"iv":"cabce7fb34e4881870a2419b93f6c796"},"kdf":"scrypt","kdfparams":{"dklen":32,"n":262144,"p":1,"r":8,"salt":"1af9c4a44cf45fe6fb03dcc126fa56cb0f9e81463683dd6493fb4dc76edddd51"},"mac":"5cf4012fffd1fbe41b122386122350c3825a709619224961a16e908c2a366aa6"},"id":"8e1e5d2b-0000-4000-8000-000000000000","version":3}`;
const NODEKEY = '1b2c3d4e5f60718293a4b5c6d7e8f9011b2c3d4e5f60718293a4b5c6d7e8f901';

const tfstateScenario = ([repo, dir, extra]: [string, string, boolean], i: number): Scenario => ({
  name: `Terraform state committed after \`terraform apply\` (${repo})`,
  family: 'tfstate',
  source: `${repo} (terraform.tfstate)`,
  files: {
    [`${dir}main.tf`]: L('provider "aws" { region = "us-east-1" }\n'),
    [`${dir}variables.tf`]: L('variable "instance_type" {}\n'),
    [`${dir}.terraform.lock.hcl`]: L('provider "registry.terraform.io/hashicorp/aws" {}\n'),
    [`${dir}terraform.tfstate`]: C('secrets', TFSTATE(i + 3)),
    [`${dir}terraform.tfstate.backup`]: C('secrets', TFSTATE(i + 2)),
    // `terraform apply -backup=…` and some wrappers leave timestamped backups beside it.
    ...(extra ? { [`${dir}terraform.tfstate.1712345678.backup`]: C('secrets', TFSTATE(1)) } : {}),
  },
});

export const REAL_SECRETS: Scenario[] = [
  // --- private keys under names that do not say "id_rsa" ---------------------------------------
  {
    name: "a Let's Encrypt key pair copied into a Node proxy",
    family: 'private-key',
    source: '1gross/ducktex (privkey.pem at the root)',
    committed: { 'package.json': '{ "name": "ducktex", "main": "index.js" }\n' },
    files: {
      'privkey.pem': C('secrets', PEM_KEY),
      'fullchain.pem': L(CERT + CERT),
      'index.js': L("const https = require('https');\n"),
    },
  },
  {
    name: 'a parser service with its TLS key beside the code',
    family: 'private-key',
    source: '3s3s/simpleparser (privkey.pem)',
    files: {
      'privkey.pem': C('secrets', RSA_KEY),
      'cert.pem': L(CERT),
      'server.js': L("require('https').createServer({ key, cert });\n"),
      'package.json': L('{ "name": "simpleparser" }\n'),
    },
  },
  {
    name: 'an SSL lab: an encrypted key, a PuTTY key and an OpenSSH deploy key',
    family: 'private-key',
    source: 'BreezeZhang/RAS-RAS_SSL (privkey.pem); the .ppk and deploy-key names of Carlos-VQZ/openSSL_Trial-style labs',
    files: {
      'privkey.pem': C('secrets', ENCRYPTED_KEY),
      'keys/server.ppk': C('secrets', PUTTY_KEY),
      'keys/deploy_key': C('secrets', OPENSSH_KEY),
      'keys/deploy_key.pub': L('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample deploy@ci\n'),
      'public.pem': L('-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMx\n-----END PUBLIC KEY-----\n'),
      'README.md': L('# RSA + SSL\n'),
      'ssl.c': L('#include <openssl/ssl.h>\n'),
    },
  },
  {
    name: "a TLS library's test keys (its manifest says what it is) stay in",
    family: 'private-key',
    source: 'look-alike: the test-ca/ and tests/ layout of rustls/rustls',
    committed: { 'Cargo.toml': '[package]\nname = "tinytls"\ndescription = "A TLS 1.3 implementation"\nkeywords = ["tls", "ssl", "x509"]\n' },
    files: {
      'test-ca/rsa/end.key': L(RSA_KEY),
      'test-ca/rsa/end.cert': L(CERT),
      'tests/keys/ecdsa.pem': L(PEM_KEY),
      'src/lib.rs': L('pub mod tls;\n'),
    },
  },
  // --- cloud service-account keys -----------------------------------------------------------------
  {
    name: 'a price checker with its Firebase Admin key',
    family: 'service-account',
    source: '0110111101101001/price-checker (serviceAccountKey.json)',
    files: {
      'serviceAccountKey.json': C('secrets', SERVICE_ACCOUNT('price-checker-1a2b3')),
      'main.py': L('import firebase_admin\n'),
      'requirements.txt': L('firebase-admin\n'),
      'firebase.json': L('{ "hosting": { "public": "public" } }\n'),
    },
  },
  {
    name: 'a Nuxt app talking to Firestore',
    family: 'service-account',
    source: '0xywzx/nuxt-firestore-proto (serviceAccountKey.json)',
    committed: { 'package.json': '{ "name": "nuxt-firestore-proto" }\n', 'nuxt.config.js': 'export default {}\n' },
    files: {
      'serviceAccountKey.json': C('secrets', SERVICE_ACCOUNT('nuxt-firestore-proto')),
      'plugins/firebase.js': L("import firebase from 'firebase/app';\n"),
      '.firebaserc': L('{ "projects": { "default": "nuxt-firestore-proto" } }\n'),
    },
  },
  {
    name: 'a chart dashboard with its admin key under the downloaded name',
    family: 'service-account',
    source: '1HoWK/ChartJS_with_Firebase (serviceAccountKey.json); the name the Firebase console downloads',
    files: {
      'chartjs-with-firebase-firebase-adminsdk-x1y2z-3f2a1b4c5d.json': C('secrets', SERVICE_ACCOUNT('chartjs-with-firebase')),
      'app/google-services.json': L('{ "project_info": { "project_id": "chartjs-with-firebase" }, "client": [] }\n'),
      'index.html': L('<canvas id="chart"></canvas>\n'),
    },
  },
  // --- OAuth client secrets and cached tokens ---------------------------------------------------
  {
    name: "Google's Python quickstart after the first login",
    family: 'oauth-token',
    source: '03musab/Job-Alert-Automation (token.pickle, token.json); credentials.json as the quickstart names it',
    files: {
      'credentials.json': C('secrets', OAUTH_CLIENT),
      'token.pickle': C('secrets', TOKEN_PICKLE),
      'token.json': C('secrets', OAUTH_TOKEN),
      'main.py': L('from google_auth_oauthlib.flow import InstalledAppFlow\n'),
    },
  },
  {
    name: 'a Toggl to Calendar sync with its cached credentials',
    family: 'oauth-token',
    source: '1tsuk1/toggl2calendar (token.pickle)',
    files: {
      'token.pickle': C('secrets', TOKEN_PICKLE),
      'client_secret.json': C('secrets', OAUTH_CLIENT),
      'toggl2calendar.py': L('import pickle\n'),
    },
  },
  {
    name: 'a Gmail agent with a cached token, and an NLP tokenizer beside it',
    family: 'oauth-token',
    source: '0825aman/Gmail-Orchestrate-Agent (token.json)',
    files: {
      'token.json': C('secrets', OAUTH_TOKEN),
      'models/tokenizer.pickle': L(Buffer.concat([Buffer.from([0x80, 0x04, 0x95, 0x10, 0x02, 0, 0, 0, 0, 0, 0, 0x8c, 0x1e]), Buffer.from('keras.preprocessing.text'), Buffer.alloc(900, 0x62)])),
      'design/tokens.json': L('{ "color": { "primary": { "value": "#0050b3" } } }\n'),
      'agent.py': L('from googleapiclient.discovery import build\n'),
    },
  },
  // --- Terraform state -------------------------------------------------------------------------------
  ...([
    ['0007ishav/Terraform_1', '', false],
    ['001munawar/Terraform_aws_project', 'infra/', false],
    ['00aje00/terraform-ec2', '', true],
  ] as [string, string, boolean][]).map(tfstateScenario),
  // --- kubeconfig -----------------------------------------------------------------------------------
  {
    name: 'a DigitalOcean cluster config written by Terraform',
    family: 'kubeconfig',
    source: '0lehKondratov/do-tf-app (kubeconfig)',
    files: {
      kubeconfig: C('secrets', KUBECONFIG('do-admin', 'token: dop_v1_0123456789abcdef0123456789abcdef')),
      'main.tf': L('resource "digitalocean_kubernetes_cluster" "app" {}\n'),
      'k8s/deployment.yaml': L('apiVersion: apps/v1\nkind: Deployment\n'),
    },
  },
  {
    name: 'an AKS homework with the cluster credentials',
    family: 'kubeconfig',
    source: 'Abdo-Mos/cst8918-w24-h09 (kubeconfig)',
    files: {
      kubeconfig: C('secrets', KUBECONFIG('clusterUser_rg_aks', 'client-certificate-data: LS0tLS1CRUdJTg==\n    client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQ==')),
      'main.tf': L('resource "azurerm_kubernetes_cluster" "aks" {}\n'),
      'sample.yaml': L('apiVersion: v1\nkind: Service\n'),
    },
  },
  {
    name: 'a lab with ~/.kube/config copied in, and an EKS config that only runs the AWS CLI',
    family: 'kubeconfig',
    source: '21saikat/K8s-auto-healing-system-Ai (.kube/config)',
    files: {
      '.kube/config': C('secrets', KUBECONFIG('minikube', 'client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQ==')),
      'eks/kubeconfig': L('apiVersion: v1\nclusters:\n- cluster:\n    server: https://ABC.gr7.us-east-1.eks.amazonaws.com\n  name: eks\nusers:\n- name: eks\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: aws\n      args: [eks, get-token, --cluster-name, demo]\n'),
      'app.py': L('from kubernetes import client, config\n'),
    },
  },
  // --- login and password files -------------------------------------------------------------------
  {
    name: 'dotfiles with a netrc',
    family: 'netrc',
    source: '12Jack21/dotfiles (.netrc)',
    files: {
      '.netrc': C('secrets', 'machine github.com\n  login jack\n  password ghp_exampleexampleexample0123456789\n'),
      '.bashrc': L('export PATH=$HOME/bin:$PATH\n'),
      '.gitconfig': L('[user]\n\tname = Jack\n'),
    },
  },
  {
    name: 'a learning repository with the git credential store',
    family: 'netrc',
    source: '1995hjh/learngit (.git-credentials)',
    files: {
      '.git-credentials': C('secrets', 'https://hjh:ghp_exampleexample0123456789@github.com\n'),
      'readme.txt': L('Git is a distributed version control system.\n'),
    },
  },
  {
    name: 'a mirror sync script with both git credentials and a netrc',
    family: 'netrc',
    source: '2694484453/git-sync (.git-credentials, .netrc)',
    files: {
      '.git-credentials': C('secrets', 'https://sync:glpat-exampleexample0123@gitlab.com\n'),
      '.netrc': C('secrets', 'machine gitee.com login sync password example-password-0123\n'),
      'sync.sh': L('#!/bin/sh\ngit push --mirror\n'),
    },
  },
  {
    name: 'a PHP site protected with basic auth',
    family: 'netrc',
    source: '0806cinnie/TestDeploy (.htpasswd); 5l1v3r1/DirectoryLister-1 (.htpasswd)',
    files: {
      '.htpasswd': C('secrets', 'admin:$apr1$exampl3$0123456789abcdefghijkl\n'),
      '.htaccess': L('AuthType Basic\nAuthUserFile .htpasswd\nRequire valid-user\n'),
      'index.php': L('<?php echo "hi";\n'),
    },
  },
  // --- package registry credentials -----------------------------------------------------------------
  {
    name: 'a Python package with its upload token',
    family: 'registry-token',
    source: '092113219/pp_blog (.pypirc)',
    files: {
      '.pypirc': C('secrets', '[distutils]\nindex-servers =\n    pypi\n\n[pypi]\nusername = __token__\npassword = pypi-AgEIcHlwaS5vcmcCJGExampleExampleExample\n'),
      'setup.py': L('from setuptools import setup\nsetup(name="pp_blog")\n'),
    },
  },
  {
    name: 'a library with .pypirc holding a user password',
    family: 'registry-token',
    source: '13241308289/paradox_common (.pypirc)',
    files: {
      '.pypirc': C('secrets', '[pypi]\nrepository: https://upload.pypi.org/legacy/\nusername: paradox\npassword: S3cretExamplePass\n'),
      'pyproject.toml': L('[project]\nname = "paradox_common"\n'),
    },
  },
  {
    name: 'a monorepo whose .npmrc has a token, and one that reads it from the environment',
    family: 'registry-token',
    source: '1u1s4/INEipc (.pypirc); a scoped-registry .npmrc of a GitHub Packages monorepo',
    files: {
      '.pypirc': C('secrets', '[pypi]\nusername = __token__\npassword = pypi-AgENdGVzdC5weXBpLm9yZwExample\n'),
      '.npmrc': C('secrets', '@acme:registry=https://npm.pkg.github.com\n//npm.pkg.github.com/:_authToken=ghp_exampleexampleexample0123456789\n'),
      'packages/web/.npmrc': L('//registry.npmjs.org/:_authToken=${NPM_TOKEN}\nsave-exact=true\n'),
      'packages/web/package.json': L('{ "name": "@acme/web" }\n'),
    },
  },
  // --- blockchain keystores and node keys -----------------------------------------------------------
  {
    name: 'a private Ethereum network with its accounts and node key',
    family: 'keystore',
    source: 'ma1vvare/ethereum_test (keystore/UTC--…, nodekey)',
    files: {
      'keystore/UTC--2016-06-14T09-41-07.255192061Z--edc173eb9c2ee30e4544b621b0528945f1fc0473': C('secrets', KEYSTORE_JSON('edc173eb9c2ee30e4544b621b0528945f1fc0473')),
      'keystore/UTC--2016-06-14T10-05-22.014797606Z--3e154820c8fc31068605799e1918f56a6fc7093f': C('secrets', KEYSTORE_JSON('3e154820c8fc31068605799e1918f56a6fc7093f')),
      'keystore/UTC--2016-06-14T12-21-50.559687692Z--70e5cce288c4f700993555b2414600e51a8da90e': C('secrets', KEYSTORE_JSON('70e5cce288c4f700993555b2414600e51a8da90e')),
      nodekey: C('secrets', NODEKEY),
      'geth_server_start.sh': L('#!/bin/sh\ngeth --datadir . --networkid 15\n'),
      'static_nodes.json': L('["enode://abc@127.0.0.1:30303"]\n'),
    },
  },
  {
    name: 'a private network lab with the node key at the root',
    family: 'keystore',
    source: 'monaalomari99/Private_Etherem_network_w10_ass3 (nodekey, technet.json)',
    files: {
      nodekey: C('secrets', NODEKEY.replace(/1/g, '7')),
      'technet.json': L('{ "config": { "chainId": 2024 }, "alloc": {} }\n'),
    },
  },
  {
    name: 'Quorum nodes: a node key, and a keystore in the folder geth made',
    family: 'keystore',
    source: 'kbhokray/QuorumNetworkManager (nodekey); BulathgeLakmal/geth (nodekey)',
    files: {
      'Blockchain/geth/nodekey': C('secrets', NODEKEY.replace(/2/g, '9')),
      'Blockchain/keystore/UTC--2018-11-16T04-33-59.589600000Z--0c4480d8dfa01b8bd5cea3d04321be6965f676a9': C('secrets', KEYSTORE_JSON('0c4480d8dfa01b8bd5cea3d04321be6965f676a9')),
      'Blockchain/genesis.json': L('{ "config": { "chainId": 10 } }\n'),
      'setup.sh': L('#!/bin/bash\ngeth init genesis.json\n'),
    },
  },
  // --- object-store and cloud CLI credentials --------------------------------------------------------
  {
    name: 'a backup job with its s3cmd configuration',
    family: 'cloud-credentials',
    source: 'R2fn/.s3cfg; alexanderczigler/docker-postgres-backup (.s3cfg)',
    files: {
      '.s3cfg': C('secrets', '[default]\naccess_key = AKIAIOSFODNN7EXAMPLE\nhost_base = s3.amazonaws.com\nsecret_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\nuse_https = True\n'),
      'backup.sh': L('#!/bin/sh\ns3cmd put dump.sql s3://backups/\n'),
      Dockerfile: L('FROM alpine\n'),
    },
  },
  {
    name: 'a lab with the AWS CLI files copied in',
    family: 'cloud-credentials',
    source: '19myersj96/lab5git (.aws/credentials); 1fumo/lab6 (.aws/credentials)',
    files: {
      '.aws/credentials': C('secrets', '[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n'),
      '.aws/config': L('[default]\nregion = us-east-1\noutput = json\n'),
      'lambda_function.py': L('import boto3\n'),
    },
  },
  {
    name: 'a shop deployed from CI with the Docker login and a MinIO config',
    family: 'cloud-credentials',
    source: '154562edmck/mini-shop (.docker/config.json); the .minio.sys/config/config.json MinIO writes',
    files: {
      '.docker/config.json': C('secrets', '{\n\t"auths": {\n\t\t"https://index.docker.io/v1/": {\n\t\t\t"auth": "bWluaXNob3A6ZXhhbXBsZS1wYXNzd29yZA=="\n\t\t}\n\t}\n}\n'),
      'minio/.minio.sys/config/config.json': C('secrets', '{"version":"33","credential":{"accessKey":"minioadmin","secretKey":"minioadmin-example"},"region":"us-east-1"}\n'),
      'docker-compose.yml': L('services:\n  minio:\n    image: minio/minio\n'),
      'src/index.js': L('const Minio = require("minio");\n'),
    },
  },
];
