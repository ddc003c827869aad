// Makes a rename or a new file durable: POSIX persists a directory entry only when the directory is synced.

import { open } from 'node:fs/promises';
import { errnoOf, IoFailure } from './io-failure.js';

/** File systems that cannot fsync a directory say so with these; the entry change itself has happened. */
const UNSUPPORTED = new Set(['EINVAL', 'ENOTSUP', 'EOPNOTSUPP', 'EBADF', 'EISDIR']);

export async function syncDirectory(dir: string): Promise<void> {
  let fh;
  try {
    fh = await open(dir, 'r');
  } catch (e) {
    throw new IoFailure(dir, 'open directory', errnoOf(e) ?? 'EIO');
  }
  try {
    await fh.sync();
  } catch (e) {
    const code = errnoOf(e);
    if (code === null || !UNSUPPORTED.has(code)) throw new IoFailure(dir, 'sync directory', code ?? 'EIO');
  } finally {
    await fh.close().catch(() => undefined);
  }
}
