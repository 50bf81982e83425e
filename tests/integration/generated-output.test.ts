// Frameworks' generated output, each recognised with its context, and the same folder names in
// other projects left alone: real repositories, the built CLI.
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Finding } from '../../src/model.js';
import { makeRepo, type TestRepo } from '../helpers/repo.js';

let repo: TestRepo;
beforeEach(() => {
  repo = makeRepo();
});
afterEach(() => repo.cleanup());

function judge(): { findings: Finding[]; code: number } {
  repo.git('add', '-A');
  const r = repo.cli(['--staged', '--format', 'json']);
  return { findings: (JSON.parse(r.stdout) as { findings: Finding[] }).findings.filter((f) => f.rule !== 'bulk-add'), code: r.code };
}
const shown = (fs: Finding[]): string[][] => fs.map((f) => [f.rule, ...f.paths]);

it('Django collectstatic output: the whole STATIC_ROOT, not an app’s own static folder', () => {
  repo.tree({
    'manage.py': '#!/usr/bin/env python\n',
    mysite: { 'settings.py': "STATIC_ROOT = BASE_DIR / 'staticfiles'\n" },
    polls: { '__init__.py': '', static: { admin: { css: { 'custom.css': 'body{}\n' } }, polls: { 'style.css': 'li{}\n' } } },
    staticfiles: {
      admin: { css: { 'base.css': '/* admin */\n', 'base.6b517d0d5813.css': '/* admin */\n' }, js: { 'core.js': '//\n' } },
      rest_framework: { js: { 'default.js': '//\n' } },
      polls: { 'style.css': 'li{}\n' },
      'staticfiles.json': '{"paths":{}}\n',
    },
  });
  const { findings, code } = judge();
  expect(shown(findings)).toEqual([['collected-static', 'staticfiles/']]);
  expect(findings[0]?.files).toBe(6);
  expect(code).toBe(1);
});

it('Hugo public/ and resources/_gen/ beside hugo.toml; a Create React App public/ and a plain site stay clean', () => {
  repo.tree({
    blog: { 'hugo.toml': "baseURL = '/'\n", content: { '_index.md': '# hi\n' }, public: { 'index.html': '<html>\n', 'index.xml': '<rss/>\n' }, resources: { _gen: { images: { 'a_hu1.jpg': 'x' } } } },
    app: { 'package.json': '{"name":"app","scripts":{"start":"react-scripts start"}}\n', public: { 'index.html': '<div id="root"></div>\n', 'manifest.json': '{}\n' }, src: { 'App.js': 'export default 1;\n' } },
    site: { 'index.html': '<html>\n', public: { css: { 'site.css': 'body{}\n' } } },
  });
  expect(shown(judge().findings).sort()).toEqual([
    ['build-output', 'blog/public/'],
    ['build-output', 'blog/resources/_gen/'],
  ]);
});

it('Jekyll _site/ beside _config.yml; a Quarto _site/ beside _quarto.yml', () => {
  repo.tree({
    jekyll: { '_config.yml': 'title: x\n', 'index.md': '# x\n', _site: { 'index.html': '<html>\n', 'feed.xml': '<feed/>\n' } },
    report: { '_quarto.yml': 'project:\n  type: website\n', 'index.qmd': '# x\n', _site: { 'index.html': '<html>\n', 'search.json': '[]\n' } },
  });
  expect(shown(judge().findings)).toEqual([['build-output', 'jekyll/_site/', 'report/_site/']]);
});

it('.NET bin/ and obj/ beside a project file; a bin/ of shell scripts stays clean', () => {
  repo.tree({
    Api: { 'Api.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web"/>\n', 'Program.cs': '//\n', obj: { 'project.assets.json': '{}\n', 'Api.csproj.nuget.g.props': '<x/>\n' }, bin: { Debug: { 'net8.0': { 'Api.dll': 'MZ' } } } },
    bin: { 'setup.sh': '#!/bin/sh\n', deploy: '#!/bin/sh\n' },
  });
  expect(shown(judge().findings)).toEqual([['build-output', 'Api/bin/', 'Api/obj/']]);
});

it('a library that serves its bundle from the repository keeps dist/: CDN fields, or dist/ already in HEAD', () => {
  repo.tree({
    cdn: { 'package.json': '{"name":"cdn","main":"dist/cdn.cjs","jsdelivr":"dist/cdn.umd.min.js"}\n', dist: { 'cdn.umd.min.js': '!function(){}();\n', 'cdn.cjs': 'module.exports=1;\n' } },
    old: { 'package.json': '{"name":"old","main":"dist/old.js"}\n', dist: { 'old.a1b2c3d4e5.js': '1;\n' } },
  });
  repo.git('add', '-A');
  repo.commit('libraries with their bundles');
  // The next release: new hashed names only (nothing in dist/ is modified), in a folder HEAD holds.
  repo.tree({ old: { dist: { 'old.f6a7b8c9d0.js': '2;\n' } } });
  expect(judge().findings).toEqual([]);
});

it('a service whose package.json only names its build as main still has its new dist/ flagged', () => {
  repo.tree({ 'package.json': '{"name":"svc","main":"dist/index.js","scripts":{"build":"tsc"}}\n', src: { 'index.ts': 'export {};\n' }, dist: { 'index.js': '"use strict";\n' } });
  expect(shown(judge().findings)).toEqual([['build-output', 'dist/']]);
});

it('a CACHEDIR.TAG marks a cache folder whatever its name; a build/ of source scripts and a Go vendor/ stay clean', () => {
  repo.tree({
    'go.mod': 'module example.com/x\n',
    vendor: { 'modules.txt': '# github.com/pkg/errors v0.9.1\n', github: { 'errors.go': 'package errors\n' } },
    web: { 'package.json': '{"name":"web"}\n', build: { 'webpack.base.conf.js': 'module.exports = {};\n', 'build.js': 'require("./webpack.base.conf");\n' } },
    scratch: { 'CACHEDIR.TAG': 'Signature: 8a477f597d28d172789f06886806bc55\n# a cache\n', objects: { aa: 'x' } },
  });
  expect(shown(judge().findings)).toEqual([['cache-directory', 'scratch/']]);
});

it('rotated and dated logs and a server’s log folder; a log parser’s samples stay clean', () => {
  repo.tree({
    server: { logs: { access_log: '127.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET / HTTP/1.1" 200 1\n', 'error_log.1': '[error]\n' }, 'app.log.2.gz': Buffer.from([0x1f, 0x8b, 8, 0]) },
    parser: { testdata: { access_log: '127.0.0.1 - - [x]\n', 'app.log.1': 'x\n' }, 'parse.go': 'package parser\n' },
  });
  expect(shown(judge().findings)).toEqual([
    ['log-file', 'server/logs/'],
    ['log-file', 'server/app.log.2.gz'],
  ]);
});
