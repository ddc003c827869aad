// Replaces a file atomically: write a temp file beside it, sync, rename over the target, sync the directory.

import { chmod, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `target` through `write` so that a crash at any moment leaves either the old file or the
 * complete new one, never a half-written file.
 */
export async function replaceFile(target: string, write: (fh: FileHandle) => Promise<void>, mode = 0o644): Promise<void> {
  const temp = join(dirname(target), `.${basename(target)}.aof-${process.pid}-${Date.now()}.tmp`);
  const fh = await open(temp, 'wx', 0o600);
  try {
    try {
      await write(fh);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await chmod(temp, mode);
    await rename(temp, target);
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    throw e;
  }
  await syncDirectory(dirname(target));
}

/** Makes a rename durable (POSIX: a rename is persisted by syncing its directory). */
export async function syncDirectory(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } catch {
    // Some file systems refuse fsync on a directory; the rename itself has happened.
  } finally {
    await fh.close();
  }
}
