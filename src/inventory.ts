// Folds the flat list of file facts into a directory tree with counts and bytes, so directory
// rules (database and dependency folders) and the bulk-add summary never walk the facts again.
import type { DirSummary, FileFact, Inventory } from './model.js';

function dir(dirs: Map<string, DirSummary>, path: string): DirSummary {
  let d = dirs.get(path);
  if (!d) {
    d = { path, files: 0, bytes: 0, children: new Set(), names: new Set() };
    dirs.set(path, d);
  }
  return d;
}

export function buildInventory(facts: FileFact[]): Inventory {
  const dirs = new Map<string, DirSummary>();
  const byPath = new Map<string, FileFact>();
  const root = dir(dirs, '');
  for (const fact of facts) {
    byPath.set(fact.path, fact);
    const parts = fact.path.split('/');
    const name = parts.pop() ?? '';
    let current = root;
    current.files++;
    current.bytes += fact.size;
    let prefix = '';
    for (const part of parts) {
      current.children.add(part);
      prefix = prefix ? `${prefix}/${part}` : part;
      current = dir(dirs, prefix);
      current.files++;
      current.bytes += fact.size;
    }
    current.names.add(name);
  }
  return { facts, byPath, dirs };
}

/** Facts at or below a directory (`''` is the whole inventory). */
export function factsUnder(inv: Inventory, dirPath: string): FileFact[] {
  if (dirPath === '') return inv.facts;
  const prefix = `${dirPath}/`;
  return inv.facts.filter((f) => f.path.startsWith(prefix));
}

export function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Does any segment of the path's directories name a test-input folder? */
export function inTestFixtures(path: string): boolean {
  return /(^|\/)(fixtures?|__fixtures__|testdata|test-data|test_data|__snapshots__)(\/|$)/i.test(parentOf(path));
}
