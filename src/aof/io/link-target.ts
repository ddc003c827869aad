// Where a write to a path lands: a symlink is followed to the file it names, so replacing an output keeps the link.

import { lstat, readlink } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { errnoOf, IoFailure, withPath } from './io-failure.js';

/** As the kernel allows (ELOOP past 40 links). */
const MAX_LINKS = 40;

/**
 * The path a rename must replace so that `path` reads the new file afterwards. A plain rename onto a symlink
 * would replace the link with a file and leave the file it named as it was; following the links first writes
 * the new file where the link points (also when the link dangles: its file is created) and leaves the link.
 */
export async function throughLinks(path: string): Promise<string> {
  let at = path;
  for (let hops = 0; hops <= MAX_LINKS; hops++) {
    const st = await lstat(at).catch((e: unknown) => {
      if (errnoOf(e) === 'ENOENT') return null;
      throw new IoFailure(at, 'stat', errnoOf(e) ?? 'EIO');
    });
    if (!st?.isSymbolicLink()) return at;
    const link = at;
    at = resolve(dirname(link), await withPath(link, 'read the link', () => readlink(link)));
  }
  throw new IoFailure(path, 'follow the links of', 'ELOOP', 'too many levels of symbolic links');
}
