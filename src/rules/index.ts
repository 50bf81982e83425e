// The rule catalogue: the one list a reader needs. Rules run in this order; a file covered by
// an earlier finding (say, inside a database directory) is not reported again by a later rule.
import type { Rule } from '../model.js';
import { databaseArchive, dependencyArchive } from './archives.js';
import { bulkAdd } from './bulk.js';
import { conflictMarkers, ignoredFile } from './conflicts.js';
import { compiledBinary, embeddedRepository, largeFile } from './content.js';
import { databaseFile } from './databases.js';
import { databaseDirectory, dependencyDirectory } from './directories.js';
import { cacheDirectory, collectedStatic } from './generated.js';
import { buildOutput, logFile, memoryDump, mergeLeftover, osEditorJunk } from './patterns.js';
import { caseCollision, windowsReservedName } from './portability.js';
import { credentialsFile, envFile, privateKey } from './secrets.js';
import { type Judge, makeCruftInCommits } from './history.js';

// cruft-in-commits judges a branch's deleted files with the other rules. The runner
// (src/judge/run.ts) registers itself here when it loads, so the catalogue never imports the
// judge back: dependencies point one way, judge → rules.
let runner: Judge['run'] = () => [];
export function registerRunner(run: Judge['run']): void {
  runner = run;
}
const cruftInCommits = makeCruftInCommits({ rules: () => RULES, run: (inv, ctx) => runner(inv, ctx) });

export const RULES: readonly Rule[] = [
  databaseDirectory, // database-directory
  dependencyDirectory, // dependency-directory
  // Secrets before anything that could claim them by folder (a dist/ holding an .env).
  envFile, // env-file
  privateKey, // private-key
  credentialsFile, // credentials-file
  // Archives by what their directory lists, before build output and large files claim them by name or size.
  dependencyArchive, // dependency-archive
  databaseArchive, // database-archive
  buildOutput, // build-output
  collectedStatic, // collected-static
  cacheDirectory, // cache-directory
  memoryDump, // memory-dump
  // OS junk before database-file: Thumbs.db and *.VC.db are junk whatever their bytes say.
  osEditorJunk, // os-editor-junk
  databaseFile, // database-file
  // After the error rules (a big build product is reported as build output), before the
  // warnings (a 40 MB log must still block as a large file).
  largeFile, // large-file
  logFile, // log-file
  mergeLeftover, // merge-leftover
  conflictMarkers, // conflict-markers
  compiledBinary, // compiled-binary
  embeddedRepository, // embedded-repository
  caseCollision, // case-collision
  windowsReservedName, // windows-reserved-name
  // Files a range added and deleted again, judged by the rules above.
  cruftInCommits, // cruft-in-commits
  // Last before bulk-add: only a file nothing else explains is worth a word about its ignore line.
  ignoredFile, // ignored-file
  bulkAdd, // bulk-add
];

export function findRule(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
