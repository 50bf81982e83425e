// `tsc -p PROJECT/tsconfig.json` for a consumer of cruft-check's declarations, except that of the
// declaration files it checks only cruft-check's own (node_modules/cruft-check/), not TypeScript's
// lib files, @types/node or the dependencies' declarations: those say nothing about ours, and
// checking them cost ~5 s CPU of the ~9 s the full run took (library.test.ts). Every other file
// of the program is checked as tsc checks it, and the diagnostics are printed as tsc prints them,
// exit 2 if there are any.
//
//   node tests/helpers/consumer-typecheck.mjs PROJECT
import { createRequire } from 'node:module';
import { join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const ts = createRequire(join(ROOT, 'package.json'))('typescript');

const project = resolve(process.argv[2] ?? '.');
const configPath = join(project, 'tsconfig.json');
const read = ts.readConfigFile(configPath, ts.sys.readFile);
if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
const config = ts.parseJsonConfigFileContent(read.config, ts.sys, project, undefined, configPath);
const program = ts.createProgram({ rootNames: config.fileNames, options: config.options, configFileParsingDiagnostics: config.errors });

const ours = `${sep}node_modules${sep}cruft-check${sep}`;
const checked = program.getSourceFiles().filter((sf) => !sf.isDeclarationFile || resolve(sf.fileName).includes(ours));
const diagnostics = [
  ...program.getConfigFileParsingDiagnostics(),
  ...program.getOptionsDiagnostics(),
  ...program.getGlobalDiagnostics(),
  ...checked.flatMap((sf) => [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]),
];
// The declarations must be there and be read: a test that found none would check nothing.
const declarations = checked.filter((sf) => sf.isDeclarationFile).length;
process.stdout.write(
  ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => project, getNewLine: () => '\n' }),
);
process.stdout.write(`checked ${checked.length - declarations} files and ${declarations} of cruft-check's declaration files\n`);
process.exitCode = diagnostics.length > 0 ? 2 : 0;
