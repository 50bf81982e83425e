// Generated folders whose name says nothing and whose contents say everything: Django's
// collected static files (STATIC_ROOT may be called anything) and any folder a tool marked as a
// cache with CACHEDIR.TAG (https://bford.info/cachedir/: Cargo, pip, ccache, Bazel, borg, …).
import { baseName, factsUnder, parentOf } from '../facts/inventory.js';
import type { FileFact, Hit, Inventory, Needs, Rule, RuleContext } from '../model.js';
import { gitignoreLines } from './directories.js';
import { collapsePaths, isInput, join, PLACEHOLDER } from './patterns.js';

// ---------------------------------------------------------------------------------------------
// Django `collectstatic`: copies every installed app's static files into STATIC_ROOT. The copy of
// the admin's own assets (admin/css/base.css, admin/js/core.js) or of Django REST framework's is
// the evidence; a project never writes those files itself.

/** Files only a collected copy of an installed package holds, relative to STATIC_ROOT. */
const COLLECTED_MARKERS = ['admin/css/base.css', 'admin/js/core.js', 'admin/js/admin/RelatedObjectLookups.js', 'rest_framework/js/default.js', 'rest_framework/css/default.css'];
const MARKER_NAMES = new Set(COLLECTED_MARKERS.map(baseName));

/**
 * Static folders of packages from the Django ecosystem (the app label or the folder the package
 * ships under static/): what collectstatic copies in besides the project's own files.
 * Intentionally non-exhaustive: with the admin's copy present the whole folder is judged anyway.
 */
const PACKAGE_STATIC =
  /^(admin|rest_framework|debug_toolbar|django_extensions|django_.+|ckeditor5?|tinymce|jazzmin|grappelli|import_export|drf[-_].+|drf_spectacular_sidecar|summernote|admin_interface|unfold|colorfield|leaflet|gis|simpleui|crispy_forms|allauth|mptt|autocomplete_light|jet|nested_admin|cms|djangocms_.+|wagtail.*|filer|markdownx|martor|rangefilter|silk|constance|oauth2_provider|select2|easy_thumbnails)$/;

/** STATIC_ROOT names seen in settings.py files; with one of these the folder is nothing but output. */
const STATIC_ROOT_NAMES = /^(staticfiles|static_root|staticroot|static-root|collected_?static|collectstatic|static_collected|static_cdn|staticfiles_build|static_files|assets_root)$/i;

/** A hashed copy (ManifestStaticFilesStorage: `base.6b517d0d5813.css`) or a precompressed one (WhiteNoise: `.gz`, `.br`). */
const HASHED_OR_COMPRESSED = /\.[0-9a-f]{12}\.[A-Za-z0-9]+(\.(gz|br))?$|\.(gz|br)$/;

/**
 * A Django project around `dir`: `manage.py` there or in a folder above, or the project package
 * (a sibling folder holding settings.py or wsgi.py) beside it.
 */
function djangoAround(dir: string, inv: Inventory, ctx: RuleContext): boolean {
  for (const child of inv.dirs.get(dir)?.children ?? []) {
    const names = inv.dirs.get(join(dir, child))?.names;
    if (names && (names.has('settings.py') || names.has('wsgi.py') || names.has('asgi.py'))) return true;
  }
  for (let d = dir; ; d = parentOf(d)) {
    const p = join(d, 'manage.py');
    if (inv.byPath.has(p) || ctx.exists(p)) return true;
    if (d === '') return false;
  }
}

/** STATIC_ROOT candidates: folders holding a marker of a collected copy. */
function collectedRoots(inv: Inventory): string[] {
  const roots = new Set<string>();
  for (let i = 0; i < inv.facts.length; i++) {
    const p = (inv.facts[i] as FileFact).path;
    const name = baseName(p);
    if (name === 'staticfiles.json') roots.add(parentOf(p));
    if (!MARKER_NAMES.has(name)) continue;
    for (const m of COLLECTED_MARKERS) if (p === m || p.endsWith(`/${m}`)) roots.add(p.slice(0, Math.max(0, p.length - m.length - 1)));
  }
  return [...roots].sort();
}

export const collectedStatic: Rule = {
  id: 'collected-static',
  category: 'build-output',
  severity: 'error',
  title: 'Collected static files',
  why:
    "Django's collectstatic copies every installed app's static files (the admin's CSS and JavaScript, REST " +
    "framework's…) into STATIC_ROOT for the web server. The copies are rebuilt on each deploy; committed, they " +
    'duplicate the packages in your history and go stale on every upgrade.',
  fix: 'Unstage the folder and add it to .gitignore; run `python manage.py collectstatic` when deploying.',
  examples: {
    flagged: [
      ['manage.py', 'staticfiles/admin/css/base.css', 'staticfiles/admin/js/core.js', 'staticfiles/css/site.css'],
      ['backend/manage.py', 'backend/static_root/admin/css/base.css', 'backend/static_root/rest_framework/js/default.js'],
      ['manage.py', 'static/admin/css/base.css', 'static/admin/js/core.js', 'static/css/style.css'],
      ['app/staticfiles/staticfiles.json', 'app/staticfiles/admin/css/base.6b517d0d5813.css'],
      ['shop/settings.py', 'shop/wsgi.py', 'static/admin/css/base.css', 'static/admin/js/core.js'],
      ['staticfiles/admin/css/base.css', 'staticfiles/admin/img/pdf.svg'],
    ],
    clean: [
      ['django/contrib/admin/static/admin/css/base.css', 'django/contrib/admin/static/admin/js/core.js', 'django/contrib/admin/__init__.py'],
      ['manage.py', 'gym_app/static/admin/css/custom_admin.css', 'gym_app/static/admin/css/dashboard.css'],
      ['tests/fixtures/staticfiles/admin/css/base.css', 'manage.py'],
      ['theme/static/css/base.css', 'theme/static/js/core.js'],
      ['static/admin/css/base.css', 'static/admin/js/core.js', 'index.html'],
    ],
  },
  detect(inv: Inventory, ctx: RuleContext): Hit[] {
    const hits: Hit[] = [];
    const found: string[] = [];
    for (const root of collectedRoots(inv)) {
      if (found.some((f) => root === f || root.startsWith(`${f}/`)) || isInput(`${root}/x`)) continue;
      // An app's own static/ folder (a Python package beside it: Django's contrib/admin, an app
      // that overrides one admin stylesheet) is source, and so is anything under site-packages.
      const parent = parentOf(root);
      if (/(^|\/)site-packages(\/|$)/.test(root)) continue;
      if (baseName(root) === 'static' && ['__init__.py', 'apps.py', 'models.py'].some((n) => inv.byPath.has(join(parent, n)) || ctx.exists(join(parent, n)))) continue;
      const manifest = inv.byPath.has(join(root, 'staticfiles.json'));
      // Named like a STATIC_ROOT, holding the admin's own stylesheet: nothing else writes that.
      const named = STATIC_ROOT_NAMES.test(baseName(root));
      if (!manifest && !named && !djangoAround(parent, inv, ctx)) continue;
      const under = factsUnder(inv, root).filter((f) => !ctx.claimed.has(f.path) && !PLACEHOLDER.test(baseName(f.path)));
      // A folder named like STATIC_ROOT is output through and through. One called `static` may
      // also hold the project's own files put there by hand: only the packages' copies, the
      // hashed and compressed copies and the manifest are certain.
      const whole = named || manifest;
      const covers = whole
        ? under
        : under.filter((f) => {
            const rest = f.path.slice(root.length + 1);
            const top = rest.slice(0, rest.indexOf('/'));
            return (rest.includes('/') && PACKAGE_STATIC.test(top)) || HASHED_OR_COMPRESSED.test(baseName(f.path));
          });
      if (covers.length === 0) continue;
      found.push(root);
      const paths = collapsePaths(inv, covers);
      hits.push({
        paths,
        covers,
        message: `Django collectstatic output (copies of installed packages' static files)${whole ? '' : `; the other files in ${root}/ are left alone`}`,
        gitignore: gitignoreLines(whole ? [`${root}/`] : paths),
        data: { staticRoot: `${root}/` },
      });
    }
    return hits;
  },
};

// ---------------------------------------------------------------------------------------------
// CACHEDIR.TAG: the Cache Directory Tagging Specification's mark. Its first bytes are fixed.

const CACHEDIR_SIGNATURE = 'Signature: 8a477f597d28d172789f06886806bc55';

function tags(inv: Inventory): FileFact[] {
  return inv.facts.filter((f) => baseName(f.path) === 'CACHEDIR.TAG' && f.size >= CACHEDIR_SIGNATURE.length && f.size <= 4096);
}

export const cacheDirectory: Rule = {
  id: 'cache-directory',
  category: 'build-output',
  severity: 'error',
  title: 'Tool cache folder',
  why:
    'A CACHEDIR.TAG file is how build tools and package managers (Cargo, pip, ccache, Bazel, backup tools…) mark ' +
    'a folder as a cache they can rebuild at any time. Everything in it is regenerated on demand.',
  fix: 'Unstage the folder and add it to .gitignore.',
  examples: {
    flagged: [
      [{ path: 'out/CACHEDIR.TAG', head: `${CACHEDIR_SIGNATURE}\n# This file is a cache directory tag.\n` }, 'out/x86_64/deps/libfoo.rlib', 'src/main.rs'],
      [{ path: '.cache/pip/CACHEDIR.TAG', head: `${CACHEDIR_SIGNATURE}\n` }, '.cache/pip/http/a/b/c'],
    ],
    clean: [
      [{ path: 'docs/CACHEDIR.TAG', head: 'How we tag caches: see the spec.\n' }, 'docs/index.md'],
      [{ path: 'tests/fixtures/cache/CACHEDIR.TAG', head: `${CACHEDIR_SIGNATURE}\n` }, 'tests/fixtures/cache/entry'],
    ],
  },
  needs(inv: Inventory): Needs {
    return { heads: tags(inv) };
  },
  detect(inv: Inventory, ctx: RuleContext): Hit[] {
    const hits: Hit[] = [];
    const found: string[] = [];
    for (const tag of tags(inv).sort((a, b) => a.path.length - b.path.length)) {
      const dir = parentOf(tag.path);
      if (found.some((f) => dir === f || dir.startsWith(`${f}/`)) || isInput(tag.path)) continue;
      if (!ctx.probe.head(tag.path)?.toString('latin1').startsWith(CACHEDIR_SIGNATURE)) continue;
      // A tag at the top of the repository would make the whole project a cache: not believed.
      if (dir === '') continue;
      const all = factsUnder(inv, dir);
      const covers = all.filter((f) => !ctx.claimed.has(f.path));
      if (covers.length === 0) continue;
      found.push(dir);
      const shown = covers.length === all.length ? [`${dir}/`] : collapsePaths(inv, covers);
      hits.push({ paths: shown, covers, message: 'cache folder (marked with CACHEDIR.TAG)', gitignore: gitignoreLines(shown), data: { tag: tag.path } });
    }
    return hits;
  },
};
