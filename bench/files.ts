// Walking a directory tree for corpus files, shared by the benchmarks that read installed text (compress, router).
import * as fs from 'fs';
import * as path from 'path';

/**
 * Appends to `out` the files under `dir` whose name matches `exts`, skipping paths that match `skip`, until `out`
 * holds `limit` paths. Directories that cannot be read are passed over.
 */
export function walk(dir: string, exts: RegExp, out: string[], skip: RegExp, limit: number): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    if (out.length >= limit) return;
    const p = path.join(dir, e.name);
    if (skip.test(p)) continue;
    if (e.isDirectory()) walk(p, exts, out, skip, limit);
    else if (e.isFile() && exts.test(e.name)) out.push(p);
  }
}
