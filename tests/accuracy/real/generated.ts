// Layouts copied from real public repositories (see each scenario's `source`), labelled file by
// file as a careful reviewer would. Helpers for content live in ../content.ts.
//
// The file lists come from the public code index (find_files over each repository's committed
// paths). That index keeps one copy of a file whose bytes many repositories share, so a
// framework's stock files (a Rails app's public/404.html, Django's manage.py, a Jekyll site's
// _config.yml) are sometimes missing from a repository's listing; where a scenario adds one of
// those it says so (`stock:` in the comment) and labels it legit. Contents are stand-ins with
// the kind of bytes the real file has; only names and places are copied.
import type { Content, Entry, Scenario } from '../scenarios.js';
import { C, CLASS, L, PNG, PYC, ZIP, elf } from '../content.js';

type Files = Record<string, Entry>;

/** Every path labelled the same (cruft of a category, or legit), with an optional content per path. */
function all(label: 'legit' | 'build-output' | 'os-editor' | 'logs-dumps' | 'merge-leftovers', paths: string[], content?: (p: string) => Content | undefined): Files {
  const out: Files = {};
  for (const p of paths) {
    const c = content?.(p);
    out[p] = label === 'legit' ? L(c) : C(label, c);
  }
  return out;
}
const under = (dir: string, paths: string[]): string[] => paths.map((p) => `${dir}/${p}`);
const pyc = (p: string): Content | undefined => (p.endsWith('.pyc') ? PYC : undefined);
const cls = (p: string): Content | undefined => (p.endsWith('.class') ? CLASS : p.endsWith('.jar') ? ZIP : p.endsWith('.png') ? PNG : undefined);
const OBJ = elf(1, 3000);

// ---------------------------------------------------------------------------------------------
// Django collectstatic (STATIC_ROOT committed)

const DJANGO: Scenario[] = [
  {
    name: 'Django app with WhiteNoise: staticfiles/ holds hashed, gzip and brotli copies of the admin and the site CSS',
    family: 'django-static',
    source: 'Afani97/Timary (staticfiles/, commits 59b4cca, 1f8d054, 76325ef)',
    committed: { 'manage.py': '#!/usr/bin/env python\n', 'requirements.txt': 'django\nwhitenoise\n' }, // stock: manage.py
    files: {
      ...all('legit', ['timary/settings.py', 'timary/urls.py', 'timary/views.py', 'templates/base.html', 'static/css/input.css']),
      ...all(
        'build-output',
        under('staticfiles', [
          'admin/css/base.01580fff1759.css', 'admin/css/base.css', 'admin/css/base.css.br', 'admin/css/base.css.gz', 'admin/css/dark_mode.css.br', 'admin/css/dark_mode.css.gz',
          'admin/css/rtl.8473f45bd49b.css', 'admin/css/rtl.css', 'admin/css/rtl.css.br', 'admin/css/rtl.css.gz', 'admin/img/gis/move_vertex_off.svg.br',
          'admin/img/gis/move_vertex_on.0047eba25b67.svg.br', 'admin/js/admin/RelatedObjectLookups.js.br', 'css/dist/styles.019835e3e4a6.css', 'css/dist/styles.019835e3e4a6.css.br',
          'css/dist/styles.019835e3e4a6.css.gz', 'css/dist/styles.032aca75c5d2.css', 'css/dist/styles.032aca75c5d2.css.br', 'css/dist/styles.032aca75c5d2.css.gz', 'css/dist/styles.03bb3f18ba59.css',
        ]),
      ),
    },
  },
  {
    name: 'Django admin dashboard: its own admin overrides in static/, collectstatic output in staticfiles/',
    family: 'django-static',
    source: 'Emos21/Django-Admin-Dashboard (cbb4610)',
    files: {
      ...all('legit', [
        'manage.py', 'requirements.txt', 'Happyapp/asgi.py', 'Happyapp/settings.py', 'Happyapp/urls.py', 'Happyapp/wsgi.py', 'happy/admin.py', 'happy/models.py', 'happy/urls.py', 'happy/views.py',
        'happy/migrations/0001_initial.py', 'static/admin/admin.css', 'static/admin/base.css', 'static/assets/Glock.png', 'templates/Happypage.html', 'templates/admin/app_list.html',
        'templates/admin/base.html', 'templates/admin/base_site.html', 'templates/admin/index.html', 'templates/admin/login.html', 'templates/admin/sidebar.html', 'templates/admin/top_navbar.html', 'templates/base.html',
      ]),
      ...all('build-output', ['staticfiles/admin/css/base.css', 'staticfiles/admin/css/responsive.css']),
      ...all('build-output', [
        'Happyapp/__pycache__/__init__.cpython-310.pyc', 'Happyapp/__pycache__/settings.cpython-310.pyc', 'happy/__pycache__/models.cpython-310.pyc', 'happy/migrations/__pycache__/0001_initial.cpython-310.pyc',
      ], pyc),
    },
  },
  {
    name: 'Django business-intelligence project: staticfiles/ beside the apps, IntelliJ state',
    family: 'django-static',
    source: 'Abner-22/BISystem (62ec112)',
    files: {
      ...all('legit', [
        'BISystem/asgi.py', 'BISystem/settings.py', 'BISystem/urls.py', 'BISystem/wsgi.py', 'Clientes/admin.py', 'Clientes/models.py', 'Clientes/views.py', 'Clientes/templates/clientes.html',
        'Clientes/migrations/0001_initial.py', 'Cobros/admin.py', 'Cobros/apps.py', 'Cobros/models.py', 'Productos/templates/inventario.html', '.idea/modules.xml', '.idea/inspectionProfiles/Project_Default.xml',
      ]),
      ...all('build-output', ['staticfiles/admin/css/base.css', 'staticfiles/admin/img/pdf.svg']),
      ...all('build-output', ['BISystem/__pycache__/settings.cpython-37.pyc', 'Clientes/__pycache__/models.cpython-37.pyc', 'Clientes/migrations/__pycache__/0001_initial.cpython-37.pyc'], pyc),
      '.idea/workspace.xml': C('os-editor', '<project/>\n'),
    },
  },
  {
    name: 'Django photo-sharing homework: staticfiles/ with the admin stylesheet, images in static/',
    family: 'django-static',
    source: '4ourpixels/photoshare (f6d9bef)',
    files: {
      ...all('legit', [
        'README.md', 'requirements.txt', 'photos/forms.py', 'photos/models.py', 'photos/urls.py', 'photos/views.py', 'photos/migrations/0001_initial.py', 'photos/templates/photos/add.html',
        'photos/templates/photos/base.html', 'photos/templates/photos/gallery.html', 'photoshare/settings.py', 'photoshare/urls.py',
      ]),
      ...all('legit', ['static/images/05_ltVNRMJ.jpg', 'static/images/08.jpg', 'static/images/hoodie.jpg'], () => PNG),
      'staticfiles/admin/css/base.css': C('build-output', '/* DJANGO Admin styles */\n'),
      ...all('build-output', ['photos/__pycache__/models.cpython-311.pyc', 'photoshare/__pycache__/settings.cpython-311.pyc'], pyc),
      '.DS_Store': C('os-editor', Buffer.alloc(6148, 0)),
    },
  },
];

// ---------------------------------------------------------------------------------------------
// Rails Webpacker output (public/packs) beside the app's own public/ files

const railsApp = (extra: string[] = []): Files =>
  all('legit', ['app/controllers/application_controller.rb', 'app/javascript/packs/application.js', 'config/webpacker.yml', 'config/routes.rb', ...extra]);
// stock: public/404.html, 422.html, 500.html, robots.txt, favicon.ico come with every `rails new`.
const RAILS_PUBLIC = all('legit', ['public/404.html', 'public/422.html', 'public/500.html', 'public/robots.txt', 'public/favicon.ico']);
const RAILS_CONTEXT = { Gemfile: "source 'https://rubygems.org'\ngem 'webpacker'\n", 'config.ru': 'run Rails.application\n', 'package.json': '{"name":"app","dependencies":{"@rails/webpacker":"5.4.0"}}\n' };

const RAILS: Scenario[] = [
  {
    name: 'Rails 6 tutorial app: public/packs with its manifest',
    family: 'rails-assets',
    source: '021327/microposts (41485fd, 78c27f7)',
    committed: RAILS_CONTEXT,
    files: {
      ...railsApp(['app/models/micropost.rb']),
      ...RAILS_PUBLIC,
      ...all('build-output', ['public/packs/js/application-b40c51a96e21851dae61.js', 'public/packs/js/application-b40c51a96e21851dae61.js.map', 'public/packs/manifest.json']),
    },
  },
  {
    name: 'Rails Ajax exercise: every compiled pack kept, one commit after another',
    family: 'rails-assets',
    source: '0522ash/ajax_app (4b77647, c4a8002, d06db5b)',
    committed: RAILS_CONTEXT,
    files: {
      ...railsApp(['app/models/post.rb', 'app/javascript/post.js']),
      ...RAILS_PUBLIC,
      ...all(
        'build-output',
        under('public/packs', [
          'js/application-1210dbb2ebd8609c1634.js.map', 'js/application-3de13e46f3b16ba1c161.js', 'js/application-3de13e46f3b16ba1c161.js.map', 'js/application-6dd63730f5605a33a15c.js',
          'js/application-6dd63730f5605a33a15c.js.map', 'js/application-84c585ecda29fc8c6aa8.js', 'js/application-84c585ecda29fc8c6aa8.js.map', 'js/application-8b15de167fb4cfa694a6.js',
          'js/application-8b15de167fb4cfa694a6.js.map', 'js/application-932e92f2668c7ac43e7e.js', 'js/application-932e92f2668c7ac43e7e.js.map', 'js/application-b30ae7911dbc80630329.js.map', 'manifest.json',
        ]),
      ),
    },
  },
  {
    name: 'Rails blog: public/packs compiled for production',
    family: 'rails-assets',
    source: '8968harsimranjit/Blog_on_rails (1068297)',
    committed: RAILS_CONTEXT,
    files: {
      ...railsApp(['app/models/article.rb', 'app/views/articles/index.html.erb']),
      ...RAILS_PUBLIC,
      ...all('build-output', ['public/packs/js/application-3fe9137635d707ab0d4e.js', 'public/packs/js/application-3fe9137635d707ab0d4e.js.map', 'public/packs/manifest.json']),
    },
  },
];

// ---------------------------------------------------------------------------------------------
// Static-site generators: Jekyll _site/, Hugo public/ and resources/_gen/

const JEKYLL: Scenario[] = [
  {
    name: 'Jekyll step-by-step tutorial site with its generated _site/',
    family: 'jekyll',
    source: 'cjdunteman/jekyll-step-by-step (c40e470)',
    files: {
      ...all('legit', ['README.md', 'Gemfile.lock', '_includes/navigation.html']),
      ...all(
        'build-output',
        under('_site', [
          '2018/08/20/bananas.html', '2018/08/21/apples.html', '2018/08/22/kiwifruit.html', 'about.html', 'assets/css/styles.css.map', 'authors/jill.html', 'authors/ted.html', 'blog.html',
          'feed.xml', 'index.html', 'sitemap.xml', 'staff.html',
        ]),
      ),
    },
  },
  {
    name: 'personal Jekyll blog: _site/ committed next to the sources',
    family: 'jekyll',
    source: 'cjessett/new-site (_site/ at 7855a09, adf102f, e89fccb)',
    committed: { '_config.yml': 'title: cjessett\nmarkdown: kramdown\n', Gemfile: "source 'https://rubygems.org'\ngem 'jekyll'\n" }, // stock: _config.yml
    files: {
      ...all('legit', ['_posts/2016-10-01-create-github-repos-from-the-command-line.md', 'index.html', 'css/main.scss']),
      ...all('build-output', under('_site', ['2016/10/01/create-github-repos-from-the-command-line/index.html', 'Gemfile', 'blog/index.html', 'css/main.css', 'index.html'])),
    },
  },
  {
    name: 'academic Jekyll site: _site/ with copies of every post asset',
    family: 'jekyll',
    source: 'cjekel/cjekel.github.io (_site/ at c440ded, ba19e35, 6c3d5dd)',
    committed: { '_config.yml': 'title: Charles Jekel\n' }, // stock: _config.yml
    files: {
      ...all('legit', ['_posts/2015-09-13-Least-Squares-Sphere-Fit.md', 'assets/2016-10-16/fitMyData.py', 'about.md', 'CNAME']),
      ...all('legit', ['assets/2015-09-13/fittedPointsIn3DSpace.png'], () => PNG),
      ...all(
        'build-output',
        under('_site', [
          '2015/Least-Squares-Sphere-Fit/index.html', '2016/Population-Density-Plots/index.html', '2017/Python-with-Numba-faster-than-fortran/index.html', 'CNAME', 'README.md',
          'about/index.html', 'assets/2016-10-16/fitMyData.py', 'assets/2016-10-16/myData.npy', 'assets/2017-09-27/Matlab/addTest.m', 'assets/Charles.Jekel.asc', 'cv/index.html', 'feed.xml', 'index.html',
        ]),
      ),
      ...all('build-output', ['_site/assets/2015-09-13/fittedPointsIn3DSpace.png', '_site/assets/images/avatar.old.png'], () => PNG),
    },
  },
];

const HUGO: Scenario[] = [
  {
    name: 'Hugo test site: resources/_gen/ written by Hugo Pipes beside config.yml',
    family: 'hugo',
    source: 'er453r/hugotest (76b6f19)',
    files: {
      ...all('legit', [
        'config.yml', 'content/About.md', 'content/article/First.md', 'content/article/Second.md', 'content/my-derp-two.md', 'themes/ives/assets/css/main.scss',
        'themes/ives/layouts/article/list.html', 'themes/ives/layouts/article/single.html', 'themes/ives/layouts/partials/footer.html', 'themes/ives/layouts/partials/head.html', 'themes/ives/theme.toml',
      ]),
      ...all(
        'build-output',
        under('resources/_gen/assets', [
          'js/app.js_d11fe7b62c27961c87ecd0f2490357b9.json', 'js/js/app.js_d11fe7b62c27961c87ecd0f2490357b9.content', 'js/js/app.js_d11fe7b62c27961c87ecd0f2490357b9.json',
          'scss/css/main.scss_48b060fe05b0a273d182ef83c0605941.json', 'scss/main.scss_48b060fe05b0a273d182ef83c0605941.content', 'scss/main.scss_48b060fe05b0a273d182ef83c0605941.json',
        ]),
      ),
    },
  },
  {
    name: 'Hugo theme example: the compiled SCSS under resources/_gen/',
    family: 'hugo',
    source: 'guylyons/noncomplex-example (3fa20bc, 93ec78a)',
    files: {
      'config.toml': L("baseURL = 'https://example.org/'\ntheme = 'noncomplex'\n"),
      ...all('build-output', ['resources/_gen/assets/scss/main.scss_48b060fe05b0a273d182ef83c0605941.content', 'resources/_gen/assets/scss/main.scss_48b060fe05b0a273d182ef83c0605941.json']),
    },
  },
  {
    name: 'Hugo blog with its whole public/ committed',
    family: 'hugo',
    source: 'bart747/mywebsite (1db5cc9, 9463f4a, cafbe93)',
    files: {
      ...all('legit', ['config.toml', 'content/posts/alt-lazy-load.md', 'content/posts/complexity.md', 'content/posts/crowd.md', 'content/posts/planck.md', 'content/projects/testproj.html']),
      ...all(
        'build-output',
        under('public', [
          'alt-lazy-load/index.html', 'categories/code/index.html', 'categories/code/index.xml', 'categories/index.html', 'complexity/index.html', 'index.html', 'index.xml',
          'js/contact.min.200179b2fd2d01bd4d5ae5279e599c0bba42204520486f6731c6b53b697d259f.js', 'posts/index.html', 'posts/index.xml',
          'scss/main.min.32a3d9422c9e56921a36b8f853eabb3764c29e228552c3b58545ba7ab10397d7.css', 'sitemap.xml', 'tags/index.html', 'tags/index.xml',
        ]),
      ),
    },
  },
];

// ---------------------------------------------------------------------------------------------
// Compiled languages: Cargo and Maven target/, .NET bin/ and obj/

const RUST: Scenario[] = [
  {
    name: 'Rust calculator exercise: target/debug with incremental objects',
    family: 'rust-target',
    source: '0SU2/Calc-rust (d8aae18)',
    files: {
      ...all('legit', ['README.md', 'src/main.rs']),
      ...all('build-output', [
        'target/.rustc_info.json', 'target/debug/.fingerprint/problems-57eb4e71a5d409da/bin-problems', 'target/debug/.fingerprint/problems-57eb4e71a5d409da/bin-problems.json',
        'target/debug/deps/problems-57eb4e71a5d409da.d', 'target/debug/incremental/problems-914vuhio3nhc/s-ghrsno62rn-161erkw-3ow4fk97oln8/dep-graph.bin',
        'target/debug/incremental/problems-914vuhio3nhc/s-ghrsno62rn-161erkw-3ow4fk97oln8/query-cache.bin', 'target/debug/problems.d',
      ]),
      ...all('build-output', ['target/debug/incremental/problems-914vuhio3nhc/s-ghrsno62rn-161erkw-3ow4fk97oln8/19rpsckvndkzz0eh.o', 'target/debug/incremental/problems-914vuhio3nhc/s-ghrsno62rn-161erkw-3ow4fk97oln8/1igprtqn8mx3wwgz.o'], () => OBJ),
    },
  },
  {
    name: 'Rust to-do CLI: target/ committed with Cargo.toml',
    family: 'rust-target',
    source: '07CalC/rustodo (4956b9a, 7c19cda)',
    files: {
      ...all('legit', ['Cargo.lock', 'Cargo.toml', 'src/main.rs']),
      ...all('build-output', [
        'target/.rustc_info.json', 'target/debug/.fingerprint/rustodo-79638fda8c6cde33/bin-rustodo', 'target/debug/.fingerprint/rustodo-79638fda8c6cde33/bin-rustodo.json',
        'target/debug/.fingerprint/rustodo-81436bbf2b81d949/test-bin-rustodo', 'target/debug/deps/rustodo-79638fda8c6cde33.d',
        'target/debug/incremental/rustodo-1r59ng517n13g/s-h5bkogv5ye-1y5dspt-cienxu4zhp5cupcr5nvf9o2pb/dep-graph.bin',
        'target/debug/incremental/rustodo-1y1gcymqgkoew/s-h5bkogv9d9-0bpzp6g-cavke29w8uwaitxvtfqloqcfx/query-cache.bin',
      ]),
    },
  },
  {
    name: 'Rust learning workspace: many src/bin programs and their fingerprints',
    family: 'rust-target',
    source: '0xNickLopez/hello_cargo (9b17543)',
    files: {
      ...all('legit', ['Cargo.lock', 'Cargo.toml', 'README.md', 'src/main.rs', 'src/bin/bool.rs', 'src/bin/enums.rs', 'src/bin/loop.rs', 'src/bin/match.rs', 'src/bin/tuple.rs']),
      ...all('build-output', [
        'target/.rustc_info.json', 'target/debug/.fingerprint/autocfg-30493ed3e6e655b6/lib-autocfg', 'target/debug/.fingerprint/chrono-bbba4bc7bbf1cbba/lib-chrono.json',
        'target/debug/.fingerprint/hello_cargo-0625321b156575f7/bin-bool', 'target/debug/.fingerprint/hello_cargo-09b25c68fc89a490/test-bin-match.json',
        'target/debug/.fingerprint/hello_cargo-1667ba4fe5cde010/dep-bin-custenum', 'target/debug/.fingerprint/hello_cargo-3bc2c4edbdb235d8/output-bin-custenum',
      ]),
    },
  },
];

const MAVEN: Scenario[] = [
  {
    name: 'Maven quickstart from a course: target/ with classes, jar and surefire reports',
    family: 'maven-target',
    source: '0070Alex/my-app (0736546)',
    files: {
      ...all('legit', ['pom.xml', 'src/main/java/com/cursomaven/app/App.java', 'src/main/java/com/dase/myapp/entity/TestEntity.java', 'src/test/java/com/dase/app/AppTest.java']),
      ...all(
        'build-output',
        under('target', [
          'classes/META-INF/MANIFEST.MF', 'classes/META-INF/maven/com.dase.app/my-app/pom.properties', 'classes/META-INF/maven/com.dase.app/my-app/pom.xml', 'classes/com/dase/myapp/entity/TestEntity.class',
          'maven-archiver/pom.properties', 'maven-status/maven-compiler-plugin/compile/default-compile/inputFiles.lst', 'maven-status/maven-compiler-plugin/testCompile/default-testCompile/inputFiles.lst',
          'my-app-1.0-SNAPSHOT.jar', 'surefire-reports/TEST-com.dase.app.AppTest.xml', 'surefire-reports/com.dase.app.AppTest.txt', 'test-classes/com/dase/app/AppTest.class',
        ]),
        cls,
      ),
    },
  },
  {
    name: 'Spring Boot image demo: target/ pushed with the Dockerfile',
    family: 'maven-target',
    source: '00acount/hello-world-image (c9ceb06)',
    files: {
      ...all('legit', ['Dockerfile', 'README.md', '.github/workflows/publish.yml', 'src/main/java/com/test/test/TestBackendApplication.java', 'src/main/resources/application.properties', 'src/test/java/com/test/test/TestBackendApplicationTests.java']),
      ...all(
        'build-output',
        under('target', [
          'classes/META-INF/maven/com.test/test-backend/pom.properties', 'classes/META-INF/maven/com.test/test-backend/pom.xml', 'classes/com/test/test/TestBackendApplication.class',
          'maven-archiver/pom.properties', 'maven-status/maven-compiler-plugin/compile/default-compile/inputFiles.lst', 'surefire-reports/TEST-com.test.test.TestBackendApplicationTests.xml',
          'test-backend-0.0.1-SNAPSHOT.jar.original', 'test-classes/com/test/test/TestBackendApplicationTests.class',
        ]),
        cls,
      ),
    },
  },
  {
    name: 'JUnit exercise: target/ with two jars and the Maven site report',
    family: 'maven-target',
    source: '007VL/Junit (target/ at 251620c, 7c6cce8)',
    committed: { 'pom.xml': '<project><modelVersion>4.0.0</modelVersion></project>\n' }, // stock: pom.xml
    files: {
      ...all('legit', ['src/main/java/core/App.java', 'src/test/java/core/AppTest.java']),
      ...all(
        'build-output',
        under('target', [
          'Junit-1.1.jar', 'Junit-1.2.jar', 'classes/core/App.class', 'maven-archiver/pom.properties', 'maven-status/maven-compiler-plugin/compile/default-compile/inputFiles.lst', 'site/index.html',
          'site/dependencies.html', 'site/surefire-report.html', 'surefire-reports/TEST-core.AppTest.xml', 'surefire-reports/core.AppTest.txt', 'test-classes/core/AppTest.class',
        ]),
        cls,
      ),
    },
  },
];

const DOTNET: Scenario[] = [
  {
    name: 'ASP.NET catalog service: obj/ at the root and bin/ + obj/ of the API project',
    family: 'dotnet-obj',
    source: '0-darrin-0/Catalog (48bd558, 508816e, d652524)',
    files: {
      ...all('legit', [
        'Catalog.csproj', 'Controllers/ItemsController.cs', 'DTOs/ItemDTO.cs', 'Entities/item.cs', 'Startup.cs', 'appsettings.json', 'Properties/launchSettings.json', 'kubernetes/catalog.yaml',
        'Catalog.Api/Catalog.Api.csproj', 'Catalog.Api/Controllers/ItemsController.cs', 'Catalog.Api/Startup.cs', 'Catalog.Api/appsettings.json', 'Catalog.UnitTests/Catalog.UnitTests.csproj',
        'Catalog.UnitTests/ItemsControllerTests.cs', '.vscode/settings.json', '.vscode/tasks.json',
      ]),
      ...all('build-output', ['obj/Catalog.csproj.nuget.dgspec.json', 'obj/Catalog.csproj.nuget.g.props', 'obj/project.assets.json']),
      ...all('build-output', [
        'Catalog.Api/bin/Debug/net5.0/Catalog.Api.deps.json', 'Catalog.Api/bin/Debug/net5.0/Catalog.Api.runtimeconfig.dev.json', 'Catalog.Api/obj/Catalog.Api.csproj.nuget.dgspec.json',
        'Catalog.Api/obj/Debug/net5.0/Catalog.Api.AssemblyInfo.cs', 'Catalog.Api/obj/Debug/net5.0/Catalog.Api.GeneratedMSBuildEditorConfig.editorconfig',
        'Catalog.Api/obj/Debug/net5.0/Catalog.Api.csproj.FileListAbsolute.txt', 'Catalog.Api/obj/Debug/net5.0/Catalog.Api.dll', 'Catalog.Api/obj/Debug/net5.0/ref/Catalog.Api.dll', 'Catalog.Api/obj/project.assets.json',
      ]),
    },
  },
  {
    name: 'minimal ASP.NET API: obj/ with the NuGet restore state',
    family: 'dotnet-obj',
    source: '00Theory/BookStoreApi (693fa64)',
    files: {
      ...all('legit', ['BookStoreApi.http', 'BookStoreApi.sln', 'Properties/launchSettings.json']),
      ...all('build-output', [
        'obj/BookStoreApi.csproj.nuget.dgspec.json', 'obj/BookStoreApi.csproj.nuget.g.props', 'obj/Debug/net8.0/BookStoreApi.GeneratedMSBuildEditorConfig.editorconfig',
        'obj/Debug/net8.0/BookStoreApi.assets.cache', 'obj/Debug/net8.0/BookStoreApi.csproj.AssemblyReference.cache', 'obj/project.assets.json', 'obj/project.nuget.cache',
      ]),
    },
  },
  {
    name: 'C# console login exercise: the built .exe in bin/ and obj/',
    family: 'dotnet-obj',
    source: '0001182406-bot/LoginSistema (d45fff9)',
    files: {
      ...all('legit', ['Program.cs', 'README.md']),
      'bin/Debug/net8.0/SistemaLogin.exe': C('build-output', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(2000, 0)])),
      ...all('build-output', [
        'obj/Debug/net8.0/SistemaLogin.GeneratedMSBuildEditorConfig.editorconfig', 'obj/Debug/net8.0/SistemaLogin.assets.cache', 'obj/Debug/net8.0/SistemaLogin.csproj.CoreCompileInputs.cache',
        'obj/Debug/net8.0/SistemaLogin.csproj.FileListAbsolute.txt', 'obj/Debug/net8.0/SistemaLogin.dll', 'obj/Debug/net8.0/SistemaLogin.genruntimeconfig.cache', 'obj/Debug/net8.0/SistemaLogin.pdb',
        'obj/Debug/net8.0/refint/SistemaLogin.dll', 'obj/SistemaLogin.csproj.nuget.dgspec.json', 'obj/project.assets.json', 'obj/project.nuget.cache',
      ]),
    },
  },
];

// ---------------------------------------------------------------------------------------------
// Look-alikes: the same folder names in projects where a careful reviewer keeps them.

const LOOKALIKES: Scenario[] = [
  {
    name: "a Django app's own static/admin overrides (no collected copies)",
    source: 'Akshino/gym_management_system (gym_app/static/admin/, 3454daa)',
    committed: { 'manage.py': '#!/usr/bin/env python\n' },
    files: all('legit', ['gym_app/__init__.py', 'gym_app/admin.py', 'gym_app/apps.py', 'gym_app/models.py', 'gym_app/static/admin/css/custom_admin.css', 'gym_app/static/admin/css/dashboard.css']),
  },
  {
    name: "Django's own source: the admin's static files in contrib/admin/static",
    source: 'django/django (django/contrib/admin/static/admin/)',
    files: all('legit', [
      'django/contrib/admin/__init__.py', 'django/contrib/admin/apps.py', 'django/contrib/admin/static/admin/css/base.css', 'django/contrib/admin/static/admin/css/responsive.css',
      'django/contrib/admin/static/admin/js/core.js', 'django/contrib/admin/static/admin/js/admin/RelatedObjectLookups.js', 'setup.py',
    ]),
  },
  {
    name: 'Vue 2 webpack template: build/ holds the build scripts, not output',
    source: 'vuejs-templates/webpack (template/build/)',
    files: all('legit', [
      'package.json', 'index.html', 'build/build.js', 'build/check-versions.js', 'build/utils.js', 'build/vue-loader.conf.js', 'build/webpack.base.conf.js', 'build/webpack.dev.conf.js',
      'build/webpack.prod.conf.js', 'config/index.js', 'config/dev.env.js', 'config/prod.env.js', 'src/App.vue', 'src/main.js',
    ]),
  },
  {
    name: 'Create React App: public/ is the HTML template and icons',
    source: 'facebook/create-react-app (packages/cra-template/template/)',
    files: {
      ...all('legit', ['package.json', 'public/index.html', 'public/manifest.json', 'public/robots.txt', 'src/App.js', 'src/index.js', 'src/App.css']),
      ...all('legit', ['public/favicon.ico', 'public/logo192.png', 'public/logo512.png'], () => PNG),
    },
  },
  {
    name: "Jekyll theme Poole: a hand-written public/ beside _config.yml",
    source: 'poole/poole (public/css/, public/*.png)',
    files: {
      ...all('legit', ['_config.yml', '_layouts/default.html', '_includes/head.html', 'index.html', 'public/css/poole.css', 'public/css/syntax.css']),
      ...all('legit', ['public/apple-touch-icon-precomposed.png', 'public/favicon.ico'], () => PNG),
    },
  },
  {
    name: 'Rails app: bin/ holds the binstubs, public/ the error pages',
    source: 'rails/rails (railties app generator templates)',
    committed: RAILS_CONTEXT,
    files: { ...all('legit', ['bin/rails', 'bin/rake', 'bin/setup', 'bin/dev']), ...RAILS_PUBLIC },
  },
  {
    name: "a module resolver's test fixtures hold node_modules trees",
    source: 'browserify/resolve (test/resolver/)',
    files: all('legit', [
      'index.js', 'package.json', 'test/resolver/bir/node_modules/bar/package.json', 'test/resolver/bir/node_modules/bar/index.js', 'test/resolver/nested_symlinks/common/node_modules/buffer/package.json',
      'test/resolver/multirepo/package.json', 'test/resolver.js',
    ]),
  },
  {
    name: 'Go module with vendor/modules.txt',
    source: 'a Go module after `go mod vendor` (vendor/modules.txt)',
    committed: { 'go.mod': 'module example.com/svc\n\ngo 1.22\n', 'go.sum': '' },
    files: all('legit', ['main.go', 'vendor/modules.txt', 'vendor/github.com/pkg/errors/errors.go', 'vendor/github.com/pkg/errors/LICENSE', 'vendor/golang.org/x/sys/unix/syscall.go']),
  },
  {
    name: 'a library that serves its bundle from dist/ (unpkg and jsdelivr point there)',
    source: 'axios/axios (package.json "unpkg"/"jsdelivr": dist/axios.min.js, dist/ tracked)',
    files: {
      'package.json': L('{"name":"axios","main":"index.js","unpkg":"dist/axios.min.js","jsdelivr":"dist/axios.min.js","browser":{"./lib/adapters/http.js":"./lib/helpers/null.js"}}\n'),
      ...all('legit', ['index.js', 'lib/axios.js', 'dist/axios.js', 'dist/axios.js.map', 'dist/axios.min.js', 'dist/axios.min.js.map', 'dist/esm/axios.js']),
    },
  },
  {
    name: "a log parser's sample logs in testdata/",
    source: 'a log parsing library (testdata/ of rotated and server logs)',
    files: all('legit', ['parser.go', 'parser_test.go', 'testdata/access_log', 'testdata/error_log', 'testdata/app.log.1', 'testdata/app.log.2.gz', 'testdata/catalina.out']),
  },
  {
    name: 'environment templates beside the code',
    source: 'common layouts (.env.example, .env.sample, .env.template)',
    files: all('legit', ['.env.example', '.env.sample', '.env.template', 'src/facts/config.ts']),
  },
  {
    name: 'reStructuredText and Markdown with ======= underlines',
    source: 'docs with setext and RST titles',
    files: {
      'README.rst': L('=======\nProject\n=======\n\nUsage\n=====\n\n>>>>>>> not a conflict\n'),
      'CHANGES.md': L('Release 2.0\n=======\n\n* fixes\n'),
    },
  },
  {
    name: 'Terraform: the lock file is committed, modules are source',
    source: 'Terraform docs (.terraform.lock.hcl is meant to be committed)',
    files: all('legit', ['.terraform.lock.hcl', 'main.tf', 'variables.tf', 'modules/vpc/main.tf']),
  },
  {
    name: 'a logs/ folder of hand-written notes',
    source: 'dev diaries (logs/*.md)',
    files: all('legit', ['logs/README.md', 'logs/2024-01-15.md', 'logs/2024-01-16.md', 'notes.md']),
  },
  {
    name: 'a Go package whose test data is named *.test',
    source: 'Go repositories with golden inputs (testdata/*.test)',
    files: all('legit', ['lexer.go', 'testdata/numbers.test', 'testdata/strings.test', 'internal/spec.test']),
  },
  {
    name: 'protein structures named *.pdb (text)',
    source: 'bioinformatics repositories (Protein Data Bank files)',
    files: {
      'structures/1crn.pdb': L('HEADER    PLANT PROTEIN                           30-APR-81   1CRN\nATOM      1  N   THR A   1      17.047  14.099   3.625\n'),
      'analysis.py': L('import Bio.PDB\n'),
    },
  },
  {
    name: 'Hugo site: static/ and assets/ are sources',
    source: 'Hugo project skeleton (hugo new site)',
    files: all('legit', ['hugo.toml', 'archetypes/default.md', 'content/_index.md', 'static/images/logo.svg', 'assets/css/main.scss', 'layouts/index.html']),
  },
  {
    name: 'Electron app: build/ holds icons and entitlements',
    source: 'electron-builder convention (build/ = buildResources)',
    files: {
      ...all('legit', ['package.json', 'electron-builder.yml', 'build/entitlements.mac.plist', 'src/main.js']),
      ...all('legit', ['build/icon.icns', 'build/icon.png'], () => PNG),
    },
  },
  {
    name: 'a plain IntelliJ project: the .iml is its project definition',
    source: 'IntelliJ projects without a build tool',
    files: all('legit', ['Homework.iml', 'src/Main.java', '.idea/misc.xml', '.idea/modules.xml']),
  },
  {
    name: 'a k8s deploy/target folder and an out/ of docs',
    source: 'deployment repositories',
    files: all('legit', ['deploy/target/service.yaml', 'deploy/target/ingress.yaml', 'docs/out/README.md']),
  },
];

// ---------------------------------------------------------------------------------------------
// Gradle's project cache (.gradle/) and build/, Jupyter checkpoints

const GRADLE: Scenario[] = [
  {
    name: 'Gradle JUnit exercise: .gradle/ and build/ committed with the sources',
    family: 'gradle',
    source: '000deepak/Day_20 (852c48e)',
    files: {
      ...all('legit', ['build.gradle', 'settings.gradle', 'src/main/java/com/junit/UserRegistration.java', 'src/test/java/com/junit/UserRegistrationTest.java']),
      ...all('build-output', [
        '.gradle/7.1/dependencies-accessors/dependencies-accessors.lock', '.gradle/7.1/executionHistory/executionHistory.bin', '.gradle/7.1/executionHistory/executionHistory.lock',
        '.gradle/7.1/fileHashes/fileHashes.bin', '.gradle/7.1/fileHashes/fileHashes.lock', '.gradle/7.1/fileHashes/resourceHashesCache.bin', '.gradle/buildOutputCleanup/buildOutputCleanup.lock',
        '.gradle/buildOutputCleanup/cache.properties', '.gradle/buildOutputCleanup/outputFiles.bin', '.gradle/checksums/checksums.lock', '.gradle/checksums/md5-checksums.bin', '.gradle/checksums/sha1-checksums.bin',
        'build/classes/java/main/com/junit/UserRegistration.class', 'build/classes/java/test/com/junit/UserRegistrationTest.class', 'build/reports/tests/test/index.html',
        'build/tmp/compileJava/previous-compilation-data.bin', 'build/tmp/compileTestJava/previous-compilation-data.bin',
      ], cls),
    },
  },
  {
    name: 'Android dice roller from a course: Gradle 5.4 project cache',
    family: 'gradle',
    source: '02daniel/diceroller1 (.gradle/ at 500d582)',
    committed: { 'settings.gradle': "include ':app'\n", 'build.gradle': '// top\n', gradlew: '#!/bin/sh\n' },
    files: {
      ...all('legit', ['app/build.gradle', 'app/src/main/AndroidManifest.xml', 'app/src/main/java/com/example/diceroller/MainActivity.kt', 'gradle/wrapper/gradle-wrapper.properties']),
      ...all('build-output', under('.gradle', [
        '5.4.1/executionHistory/executionHistory.bin', '5.4.1/executionHistory/executionHistory.lock', '5.4.1/fileContent/fileContent.lock', '5.4.1/fileHashes/fileHashes.bin',
        '5.4.1/fileHashes/fileHashes.lock', '5.4.1/fileHashes/resourceHashesCache.bin', '5.4.1/javaCompile/classAnalysis.bin', '5.4.1/javaCompile/jarAnalysis.bin', '5.4.1/javaCompile/javaCompile.lock',
        '5.4.1/javaCompile/taskHistory.bin', 'buildOutputCleanup/buildOutputCleanup.lock', 'buildOutputCleanup/cache.properties', 'buildOutputCleanup/outputFiles.bin',
      ])),
    },
  },
  {
    name: 'Android weather app: caches of two Gradle versions',
    family: 'gradle',
    source: '01gopal/weather (.gradle/ at 04b5bd0)',
    committed: { 'settings.gradle': "include ':app'\n", 'build.gradle': '// top\n' },
    files: {
      ...all('legit', ['app/build.gradle', 'app/src/main/AndroidManifest.xml', 'app/src/main/java/com/example/weather/MainActivity.java']),
      ...all('build-output', under('.gradle', [
        '4.10.2/fileContent/fileContent.lock', '4.10.2/fileHashes/fileHashes.bin', '4.10.2/fileHashes/fileHashes.lock', '4.10.2/javaCompile/jarAnalysis.bin', '4.10.2/taskHistory/taskHistory.bin',
        '4.6/fileContent/annotation-processors.bin', '4.6/fileHashes/fileHashes.bin', '4.6/taskHistory/taskHistory.lock', 'buildOutputCleanup/buildOutputCleanup.lock', 'buildOutputCleanup/cache.properties',
        'buildOutputCleanup/outputFiles.bin',
      ])),
    },
  },
];

const NOTEBOOK = '{"cells":[],"metadata":{},"nbformat":4,"nbformat_minor":5}\n';
const JUPYTER: Scenario[] = [
  {
    name: 'churn analysis: notebooks and their .ipynb_checkpoints/',
    family: 'jupyter',
    source: '000lamaanish/Customer_Churn_Analysis (2a6e75d, 9e85fdb)',
    files: {
      ...all('legit', ['Customer_Churn_Analysis.ipynb', 'Untitled.ipynb', 'notebook/Churn_model_test.ipynb', 'notebook/Customer_Churn_Analysis.ipynb'], () => NOTEBOOK),
      ...all('legit', ['README.md', 'Churn_app/app.py', 'Churn_app/pages/Analytics.py', 'Churn_app/pages/Prediction.py']),
      ...all('os-editor', ['.ipynb_checkpoints/Customer_Churn_Analysis-checkpoint.ipynb', '.ipynb_checkpoints/Untitled-checkpoint.ipynb'], () => NOTEBOOK),
    },
  },
  {
    name: 'movie recommender: a checkpoint beside each notebook',
    family: 'jupyter',
    source: '00surya/movie_recommender (2555c5c)',
    files: {
      'mov_recm.ipynb': L(NOTEBOOK),
      ...all('legit', ['README.md', 'mv_recm.py', 'setup.py']),
      ...all('os-editor', ['.ipynb_checkpoints/Untitled-checkpoint.ipynb', '.ipynb_checkpoints/mov_recm-checkpoint.ipynb'], () => NOTEBOOK),
    },
  },
  {
    name: 'a hex-to-decimal experiment whose only checkpoint went in',
    family: 'jupyter',
    source: '0b01/nalu_hex2dec (c4c90fc)',
    committed: { 'nalu.ipynb': NOTEBOOK },
    files: { '.ipynb_checkpoints/Untitled-checkpoint.ipynb': C('os-editor', NOTEBOOK) },
  },
];

// ---------------------------------------------------------------------------------------------
// Conflict blocks left in committed files. The public code index finds their text
// (find_string '>>>>>>> origin/master') but does not name the repository of a text hit: the
// source gives the index's file id, and the texts are copied as they are.

const CONFLICTS: Scenario[] = [
  {
    name: 'Java class committed with the conflict over its superclass',
    family: 'conflict-markers',
    source: "public code index, file 44782633952 (package M2; Swimmer.java, '>>>>>>> origin/master')",
    committed: { 'src/M2/Athlete.java': 'package M2;\npublic abstract class Athlete {}\n' },
    files: {
      'src/M2/Swimmer.java': C(
        'merge-leftovers',
        'package M2;\n\nimport java.util.Random;\n\n<<<<<<< HEAD\npublic class Swimmer extends Athlete {\n=======\npublic class Swimmer extends Athletes implements ICompetable {\n>>>>>>> origin/master\n\t// Constructor\n\tpublic Swimmer(String ID, int age, String name, String state) {\n\t\tsuper(ID, age, name, state);\n\t}\n}\n',
      ),
      'src/M2/ICompetable.java': L('package M2;\npublic interface ICompetable { int compete(int seconds); }\n'),
    },
  },
  {
    name: 'Rails ApplicationJob with an empty side of a conflict',
    family: 'conflict-markers',
    source: "public code index, file 21676585967 (app/jobs/application_job.rb, '>>>>>>> origin/master')",
    committed: { Gemfile: "source 'https://rubygems.org'\n", 'config.ru': 'run Rails.application\n' },
    files: {
      'app/jobs/application_job.rb': C(
        'merge-leftovers',
        'class ApplicationJob < ActiveJob::Base\n<<<<<<< HEAD\n=======\n  # Automatically retry jobs that encountered a deadlock\n  # retry_on ActiveRecord::Deadlocked\n\n  # Most jobs are safe to ignore if the underlying records are no longer available\n  # discard_on ActiveJob::DeserializationError\n>>>>>>> origin/master\nend\n',
      ),
      'app/models/application_record.rb': L('class ApplicationRecord < ActiveRecord::Base\n  primary_abstract_class\nend\n'),
    },
  },
  {
    name: 'PHP team project: the database connection chosen by neither side',
    family: 'conflict-markers',
    source: "public code index, file 27323375057 (PHP db connection, '>>>>>>> origin/master')",
    files: {
      'db.php': C(
        'merge-leftovers',
        "<?php\n$slavDb = 'php_teamproject';\n$asyaDBname = 'firstDB';\n$dbLocation = 'localhost';\n\n<<<<<<< HEAD\n$mysqli = mysqli_connect( $dbLocation, 'root', '', $asyaDBname );\n=======\n$mysqli = mysqli_connect( $dbLocation, 'root', '', $slavDb );\n\n>>>>>>> origin/master\nif ($mysqli->connect_errno) {\n    die('Failed to connect to MySQL');\n}\n",
      ),
      'index.php': L("<?php require 'db.php';\n"),
    },
  },
];

const CONFLICT_LOOKALIKES: Scenario[] = [
  {
    name: "obsidian-git's conflict note: a quoted block inside a code fence",
    source: 'ChrisWhite1024/Course-Notes and ryancranie/notes (conflict-files-obsidian-git.md)',
    files: {
      'conflict-files-obsidian-git.md': L(
        '# Conflicts\nPlease resolve them and commit them using the commands `Git: Commit all changes` followed by `Git: Push`\n\n- [[README]]\n\n# Additional Instructions\n\n```diff\n<<<<<<< HEAD\n    File changes in local repository\n=======\n    File changes in remote repository\n>>>>>>> origin/main\n```\n',
      ),
      'README.md': L('# Notes\n'),
    },
  },
  {
    name: "a merge tool's tests build conflicts from string literals",
    source: "public code index, file 71612729072 (parseConflicts/resolveConflicts tests)",
    files: {
      'src/merge/resolve.test.ts': L(
        'it("merges both sides", () => {\n  const roadmapConflict = [\n    "# Roadmap",\n    "<<<<<<< HEAD",\n    "- [x] Item A",\n    "=======",\n    "- [x] Item B",\n    ">>>>>>> origin/master",\n  ].join("\\n");\n  expect(parseConflicts(roadmapConflict).malformed).toBe(false);\n});\n',
      ),
      'src/merge/resolve.ts': L('export function parseConflicts(text: string) { return { malformed: false, text }; }\n'),
    },
  },
];

// ---------------------------------------------------------------------------------------------
// Next.js .next/ (build output and webpack/babel caches)

const NEXT_CONTEXT = { 'package.json': '{"name":"site","scripts":{"dev":"next dev","build":"next build"}}\n' };
const NEXT: Scenario[] = [
  {
    name: 'Next.js pages app: .next/ with webpack packs, server pages and hashed chunks',
    family: 'next',
    source: '000000f0/button (.next/ at 059505a, 7a7f32a, 95a04b7)',
    committed: NEXT_CONTEXT,
    files: {
      ...all('legit', ['pages/index.js', 'pages/_app.js', 'pages/ChatModal.js', 'pages/ApiCallComponent.js', 'styles/globals.css', 'next.config.js']),
      ...all('build-output', under('.next', [
        'BUILD_ID', 'build-manifest.json', 'cache/next-server.js.nft.json', 'cache/webpack/client-development/0.pack', 'cache/webpack/client-development/index.pack.old',
        'cache/webpack/client-production/index.pack', 'cache/webpack/server-production/0.pack', 'prerender-manifest.json', 'routes-manifest.json', 'server/chunks/367.js', 'server/pages-manifest.json',
        'server/pages/404.html', 'server/pages/index.html', 'server/pages/index.js.nft.json', 'static/B2nvV0kIaMEwFtlXgcl5b/_buildManifest.js', 'static/chunks/154-635cf101fbf84568.js',
        'static/chunks/pages/index-0d7d0793e6fee9c3.js', 'static/css/15f283e8e9e2c78c.css', 'static/webpack/pages/_app.1a8c3c6a0432e931.hot-update.js',
      ])),
      '.DS_Store': C('os-editor', Buffer.alloc(6148, 0)),
    },
  },
  {
    name: 'Next.js 9 learning project: .next/cache of babel-loader results',
    family: 'next',
    source: '0o0o00o0o0/nextjs-learn (a85b7f3)',
    committed: NEXT_CONTEXT,
    files: {
      ...all('legit', ['pages/index.js', 'pages/about.js', 'components/Layout.js']),
      ...all('build-output', under('.next', [
        'build-manifest.json', 'cache/autodll-webpack-plugin/development_instance_0_2028986c7f3d9a39352fef12a917bf31/stats.json', 'cache/autodll-webpack-plugin/package.json.hash',
        'cache/next-babel-loader/00ffdc621b5fc95270f72c607899f53b.json', 'cache/next-babel-loader/015fb24b1faee637cc055d95404a3f65.json', 'cache/next-babel-loader/019aee5a7c7ac9d76cc5914513e6ecd6.json',
        'cache/next-babel-loader/03059004f60a703100bffb31f3d80e27.json', 'cache/next-babel-loader/042a5cd90134fbb490e3c04c9444bc99.json',
      ])),
    },
  },
  {
    name: 'Next.js 15 app router with Turbopack: .next/server chunks and source maps',
    family: 'next',
    source: '0404233/REST-Client (.next/ at 36a1313, 862f9b7)',
    committed: NEXT_CONTEXT,
    files: {
      ...all('legit', ['src/app/[locale]/page.tsx', 'src/app/[locale]/login/page.tsx', 'src/app/api/history/route.ts', 'next.config.ts', 'tsconfig.json']),
      ...all('build-output', under('.next', [
        'BUILD_ID', 'app-build-manifest.json', 'build-manifest.json', 'cache/.previewinfo', 'cache/.rscinfo', 'cache/eslint/.cache_pxu7q6', 'prerender-manifest.json',
        'server/app/[locale]/history/page.js', 'server/app/[locale]/login/page.js.nft.json', 'server/app/_not-found/page.js', 'server/app/api/route.js',
        'server/chunks/[root-of-the-server]__4f674a2f._.js', 'server/chunks/[root-of-the-server]__4f674a2f._.js.map', 'server/chunks/ssr/_25f233dc._.js', 'server/chunks/ssr/node_modules_398322cf._.js.map',
      ])),
    },
  },
];

// ---------------------------------------------------------------------------------------------
// Terraform's working folder (.terraform/, written by `terraform init`). The state files beside
// it (terraform.tfstate, which hold credentials) are the secret rules' to judge: left out here.

const TERRAFORM: Scenario[] = [
  {
    name: 'GKE infrastructure with modules: .terraform/ committed beside the lock file',
    family: 'terraform',
    source: '5cr4b/terraform_test (44db354)',
    files: {
      ...all('legit', ['.terraform.lock.hcl', 'locals.tf', 'main.tf', 'provider.tf', 'variables.tf', 'terraform.tfvars', 'modules/gke/main.tf', 'modules/network_vpc/main.tf', 'modules/network_vpc/output.tf', '.github/workflows/main.yml']),
      '.terraform/modules/modules.json': C('build-output', '{"Modules":[{"Key":"","Source":"","Dir":"."}]}\n'),
    },
  },
  {
    name: 'Terraform Docker course: .terraform/ of the root module',
    family: 'terraform',
    source: '8carroll/terraform-docker (01203ca)',
    files: {
      ...all('legit', ['.terraform.lock.hcl', 'main.tf', 'outputs.tf', 'providers.tf', 'variables.tf', 'container/outputs.tf', 'image/providers.tf']),
      '.terraform/modules/modules.json': C('build-output', '{"Modules":[{"Key":"image","Source":"./image","Dir":"image"}]}\n'),
    },
  },
  {
    name: 'Terraform module with Terratest examples: a .terraform/ in every example',
    family: 'terraform',
    source: 'AdamLisicki/terraform-docker (8512394, e9ec63f, 7b52c29)',
    files: {
      ...all('legit', ['README.md', 'example.tf', 'terraform-module/main.tf', 'terraform-module/outputs.tf', 'terraform-module/variables.tf', 'testing/examples/example.tf', 'testing/examples/hello_world_nginx/example.tf', 'testing/test/go.mod', 'testing/test/nginx_test.go', 'webproject/index.html']),
      ...all('build-output', ['.terraform/modules/modules.json', 'testing/examples/.terraform/modules/modules.json', 'testing/examples/hello_world_nginx/.terraform/modules/modules.json'], () => '{"Modules":[]}\n'),
    },
  },
];

export const REAL_GENERATED: Scenario[] = [...NEXT, ...TERRAFORM, ...DJANGO, ...RAILS, ...JEKYLL, ...HUGO, ...RUST, ...MAVEN, ...DOTNET, ...GRADLE, ...JUPYTER, ...CONFLICTS, ...LOOKALIKES, ...CONFLICT_LOOKALIKES];
