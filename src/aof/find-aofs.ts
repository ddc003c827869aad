// Finds every AOF under a directory tree, for checking fleets of backups: appendonlydirs, single AOF files, RDB files, packed backups.

import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** `.aof` and `.rdb` files, and backups packed by name: `.aof.gz`, `.rdb.zst`, `.tar`, `.tar.gz`, `.tgz`, `.tar.zst`. */
const AOF_NAME = /\.(aof|rdb)(\.(gz|zst))?$|\.(tar|tar\.gz|tgz|tar\.zst|tzst)$/;

/**
 * In path order: each directory holding a manifest (an appendonlydir, not searched further), and each AOF_NAME
 * file outside those. Symbolic links are not followed (a link cycle must not hang a nightly job).
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
      else if (e.isFile() && AOF_NAME.test(e.name)) found.push(path);
    }
  };
  await walk(root);
  return found;
}
