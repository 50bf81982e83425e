// `npm run demo`: the course notes' scenario in a throwaway repository. A student's homework,
// a MongoDB dbpath in mongo_files/, a node_modules/ and an .env; `git add .`; `git commit`,
// with cruft-check installed as the pre-commit hook.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeMongoDbPath } from './layouts/mongodb.mjs';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js');
const dir = join(realpathSync(mkdtempSync(join(tmpdir(), 'cruft-check-demo-'))), 'assignment_05');
mkdirSync(dir);
const env = { ...process.env };
for (const k of Object.keys(env)) if (k.startsWith('GIT_')) delete env[k];
Object.assign(env, { GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' });
const git = (...args) => execFileSync('git', args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'inherit'] });
const write = (path, text) => {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
};

console.log(`Demo repository: ${dir}\n`);
git('init', '-q', '-b', 'main');
git('config', 'user.name', 'Student');
git('config', 'user.email', 'student@example.com');
write('README.md', '# Assignment 05: social network on MongoDB\n');
write('requirements.txt', 'pymongo\n');
write('main.py', 'import pymongo\n\nclient = pymongo.MongoClient()\n');
git('add', '.');
git('commit', '-q', '-m', 'Start assignment 05');

// A week of work later: mongod ran with --dbpath mongo_files, npm installed a tool, .env holds a password.
writeMongoDbPath(join(dir, 'mongo_files'));
write('social_network.py', 'def add_user(db, user_id, email):\n    return db.users.insert_one({"_id": user_id, "email": email})\n');
write('node_modules/prettier/package.json', '{ "name": "prettier", "version": "3.3.3" }\n');
write('node_modules/prettier/index.js', 'module.exports = {};\n');
write('.env', 'MONGO_PASSWORD=hunter2\n');

execFileSync(process.execPath, [cli, 'init'], { cwd: dir, env, stdio: 'inherit' });
console.log('\n$ git add .\n$ git commit -m "Finish assignment 05"\n');
git('add', '.');
const commit = spawnSync('git', ['commit', '-m', 'Finish assignment 05'], { cwd: dir, env, stdio: 'inherit' });
console.log(
  commit.status === 0
    ? '\nThe commit went through (you answered y).'
    : `\nThe commit was stopped, as it should be. Look around: cd ${dir} && git status`,
);
