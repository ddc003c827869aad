// Finds every AOF under a directory tree, for checking fleets of backups: appendonlydirs, single AOF files, RDB files.

import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * In path order: each directory holding a manifest (an appendonlydir, not searched further), and each `.aof`
 * or `.rdb` file outside those. Symbolic links are not followed (a link cycle must not hang a nightly job).
 */
export async function findAofs(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (entries.some((e) => e.isFile() && e.name.endsWith('.manifest'))) {
      found.push(dir);
      return;
    }
    for (const e of entries) {
      const path = join(dir, e.name);
      if (e.isDirectory()) await walk(path);
      else if (e.isFile() && (e.name.endsWith('.aof') || e.name.endsWith('.rdb'))) found.push(path);
    }
  };
  await walk(root);
  return found;
}
