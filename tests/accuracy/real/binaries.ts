// Layouts copied from real public repositories (see each scenario's `source`), labelled file by
// file as a careful reviewer would. Programs, libraries and archives are synthesised with the
// bytes their format starts with (ELF, PE, zip with its central directory, tar headers), not
// copied: only the repositories' paths are.
import { tarOf, tgzOf, zipOf } from '../../helpers/archives.js';
import { C, ELF_EXEC, ELF_PIE, L, elf, pad } from '../content.js';
import type { Scenario } from '../scenarios.js';

/** A PE image as a linker writes it: MZ stub, e_lfanew at 0x3c, `PE\0\0`, the COFF header (machine, characteristics). */
const pe = (dll: boolean, size = 40_000): Buffer => {
  const b = Buffer.alloc(size);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(0x80, 0x3c);
  b.write('PE\0\0', 0x80, 'latin1');
  b.writeUInt16LE(0x8664, 0x84);
  b.writeUInt16LE(dll ? 0x2022 : 0x0022, 0x80 + 22);
  return b;
};
const CLASS_BYTES = pad(Buffer.from([0xca, 0xfe, 0xba, 0xbe, 0x00, 0x00, 0x00, 0x34]), 700, 0);
const jar = (pkg: string): Buffer => zipOf({ 'META-INF/': '', 'META-INF/MANIFEST.MF': 'Manifest-Version: 1.0\nCreated-By: 1.8.0\n', [`${pkg}/Assert.class`]: CLASS_BYTES, [`${pkg}/Test.class`]: CLASS_BYTES });
/** A node_modules tree as `zip -r node_modules.zip node_modules` writes it: big enough that its directory is past the first read window. */
const nodeModules = (prefix: string, n = 60): Record<string, string> =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}node_modules/pkg-${i}/index.js`, `module.exports = function pkg${i}() { return ${i}; };\n`.repeat(40)]));
const venv = (root: string): Record<string, string> => ({
  [`${root}/`]: '',
  [`${root}/pyvenv.cfg`]: 'home = /usr/bin\ninclude-system-site-packages = false\nversion = 3.11.4\n',
  [`${root}/bin/activate`]: '# This file must be used with "source bin/activate"\n',
  [`${root}/lib/python3.11/site-packages/flask/__init__.py`]: 'from .app import Flask\n',
  [`${root}/lib/python3.11/site-packages/six.py`]: '"""Utilities for writing code that runs on Python 2 and 3"""\n',
});

export const REAL_BINARIES: Scenario[] = [
  // --- ELF programs: `gcc` output committed beside the source -----------------------------------
  {
    name: 'a C exercise with a.out and a named build',
    family: 'elf',
    source: '0-Rajat/C_Isosceles_triangle (a.out)',
    files: {
      'a.out': C('binaries', ELF_PIE),
      'triangle.c': L('#include <stdio.h>\nint main(void) { return 0; }\n'),
      triangle: C('binaries', ELF_EXEC),
    },
  },
  {
    name: 'libft with its test binary and the static library',
    family: 'elf',
    source: '000000z/libft (a.out)',
    files: {
      'a.out': C('binaries', ELF_PIE),
      'libft.a': C('binaries', pad(Buffer.from('!<arch>\n/               0           0     0     0       4242      `\n', 'latin1'), 9000, 0x20)),
      'ft_strlen.c': L('#include "libft.h"\n'),
      'libft.h': L('#ifndef LIBFT_H\n#define LIBFT_H\n#endif\n'),
      Makefile: L('NAME = libft.a\n'),
    },
  },
  {
    name: 'learning C: executables named after their exercises, and a shared library',
    family: 'elf',
    source: '00sen/learning_c (a.out); 0112Nieves/SP (a.out)',
    files: {
      'a.out': C('binaries', ELF_PIE),
      'pointers/pointers': C('binaries', ELF_PIE),
      'pointers/pointers.c': L('int main(void) { int *p = 0; return !p; }\n'),
      'lib/libmylist.so': C('binaries', elf(3, 20_000)),
      'lib/mylist.c': L('int mylist_len(void) { return 0; }\n'),
    },
  },
  // --- Windows executables and libraries -----------------------------------------------------------
  {
    name: 'a C++ library manager built with MinGW',
    family: 'pe',
    source: '0-Hossam-0/Library-Managment (main.exe)',
    files: {
      'main.exe': C('binaries', pe(false)),
      'main.cpp': L('#include <iostream>\nint main() {}\n'),
      'books.txt': L('1,Dune,Herbert\n'),
    },
  },
  {
    name: 'a CHIP-8 emulator with its exe and SDL2 DLL',
    family: 'pe',
    source: '000nico/chip8-emulator (main.exe)',
    files: {
      'main.exe': C('binaries', pe(false)),
      'SDL2.dll': C('binaries', pe(true, 60_000)),
      'src/chip8.c': L('#include "chip8.h"\n'),
      'roms/PONG': L(Buffer.from([0x6a, 0x02, 0x6b, 0x0c, 0x6c, 0x3f, 0x6d, 0x0c])),
    },
  },
  {
    name: 'an IRC bot with Newtonsoft.Json.dll and its build',
    family: 'pe',
    source: 'GGulati/IRCBot (Newtonsoft.Json.dll); 00zgit/stopwatch-in-C (main.exe)',
    files: {
      'lib/Newtonsoft.Json.dll': C('binaries', pe(true, 80_000)),
      'IRCBot/IRCBot.exe': C('binaries', pe(false)),
      'IRCBot/Program.cs': L('class Program { static void Main() {} }\n'),
      'IRCBot/IRCBot.csproj': L('<Project Sdk="Microsoft.NET.Sdk"></Project>\n'),
    },
  },
  // --- Java archives ---------------------------------------------------------------------------------
  {
    name: 'a Java project with its libraries in lib/',
    family: 'jar',
    source: 'JPaxos/JPaxos (lib/junit-4.12.jar)',
    files: {
      'lib/junit-4.12.jar': C('binaries', jar('org/junit')),
      'lib/hamcrest-core-1.3.jar': C('binaries', jar('org/hamcrest')),
      'src/lsr/paxos/Paxos.java': L('package lsr.paxos;\n'),
      'build.xml': L('<project name="JPaxos"></project>\n'),
    },
  },
  {
    name: 'FizzBuzz kata with JUnit committed, and the Gradle wrapper that is meant to be',
    family: 'jar',
    source: 'QueraltSM/FizzBuzz (lib/junit-4.12.jar)',
    files: {
      'lib/junit-4.12.jar': C('binaries', jar('org/junit')),
      'gradle/wrapper/gradle-wrapper.jar': L(zipOf({ 'META-INF/MANIFEST.MF': 'Manifest-Version: 1.0\n', 'org/gradle/wrapper/GradleWrapperMain.class': CLASS_BYTES })),
      'gradle/wrapper/gradle-wrapper.properties': L('distributionUrl=https\\://services.gradle.org/distributions/gradle-8.5-bin.zip\n'),
      'src/FizzBuzz.java': L('public class FizzBuzz {}\n'),
    },
  },
  {
    name: 'a homework with JUnit in lib/ and the Maven wrapper',
    family: 'jar',
    source: 'daniaaqel/HW1 (lib/junit-4.12.jar)',
    files: {
      'lib/junit-4.12.jar': C('binaries', jar('org/junit')),
      '.mvn/wrapper/maven-wrapper.jar': L(zipOf({ 'META-INF/MANIFEST.MF': 'Manifest-Version: 1.0\n', 'org/apache/maven/wrapper/MavenWrapperMain.class': CLASS_BYTES })),
      '.mvn/wrapper/maven-wrapper.properties': L('distributionUrl=https://repo.maven.apache.org/maven2/org/apache/maven/apache-maven/3.9.6/apache-maven-3.9.6-bin.zip\n'),
      'src/HW1.java': L('public class HW1 {}\n'),
    },
  },
  // --- archives of a dependency tree ---------------------------------------------------------------
  {
    name: 'a shopping cart with node_modules.zip',
    family: 'archive-deps',
    source: '04vibs/Shopping-Cart (node_modules.zip)',
    committed: { 'package.json': '{ "name": "shopping-cart", "dependencies": { "express": "^4" } }\n' },
    files: {
      'node_modules.zip': C('dependencies', zipOf(nodeModules(''))),
      'app.js': L("const express = require('express');\n"),
      'views/index.ejs': L('<h1>Cart</h1>\n'),
    },
  },
  {
    name: 'a memory game with node_modules zipped from inside the folder',
    family: 'archive-deps',
    source: '0Erzi/MemoryMatchingGame (node_modules.zip)',
    files: {
      'node_modules.zip': C('dependencies', zipOf(Object.fromEntries(Object.entries(nodeModules('')).map(([p, c]) => [p.replace(/^node_modules\//, ''), c])))),
      'index.html': L('<div id="board"></div>\n'),
      'game.js': L('const cards = [];\n'),
    },
  },
  {
    name: 'a canteen system with the whole backend zipped, node_modules inside',
    family: 'archive-deps',
    source: '12akash34/Canteen-Management-System (node_modules.zip)',
    files: {
      'backend.zip': C('dependencies', zipOf({ 'backend/server.js': 'require("express")\n', 'backend/package.json': '{}\n', ...nodeModules('backend/') })),
      'frontend/index.html': L('<h1>Canteen</h1>\n'),
      'docs/handouts.zip': L(zipOf({ 'week1.pdf': '%PDF-1.4\n', 'week2.pdf': '%PDF-1.4\n' })),
    },
  },
  {
    name: 'a chatbot with its virtualenv zipped',
    family: 'archive-deps',
    source: 'ABIYA156/CHATBOT (venv.zip)',
    files: {
      'venv.zip': C('dependencies', zipOf(venv('venv'))),
      'app.py': L('from flask import Flask\n'),
      'requirements.txt': L('flask\n'),
    },
  },
  {
    name: 'a virtualenv shipped as a tarball under another name, and a Lambda layer',
    family: 'archive-deps',
    source: 'knight-rider-2000/venv (venv.zip); AditiChandrawanshi/ADDRESSPARSER (venv.zip)',
    files: {
      'env-backup.tar.gz': C('dependencies', tgzOf(venv('env'))),
      'layer.tar': C('dependencies', tarOf({ 'python/lib/python3.12/site-packages/requests/__init__.py': '__version__ = "2.31.0"\n', 'python/lib/python3.12/site-packages/idna/__init__.py': '\n' })),
      'parser.py': L('import re\n'),
      'data/addresses.tar.gz': L(tgzOf({ 'addresses/train.csv': 'street,city\n1 Main St,Springfield\n' })),
    },
  },
];
