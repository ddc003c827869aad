// Writes that either complete or fail loudly: short writes are resumed, sync and close errors surface.

import type { FileHandle } from 'node:fs/promises';
import { IoFailure, withPath } from './io-failure.js';

/**
 * Writes all of `data` at `position` (or at the current offset when null). A short write is resumed
 * where it stopped; a write that makes no progress is ENOSPC, as write(2) returning 0 on a regular file
 * means the device is full.
 */
export async function writeFully(fh: FileHandle, path: string, data: Uint8Array, position: number | null): Promise<void> {
  let done = 0;
  while (done < data.length) {
    const at = position === null ? null : position + done;
    const { bytesWritten } = await withPath(path, 'write', () => fh.write(data, done, data.length - done, at));
    if (bytesWritten <= 0) throw new IoFailure(path, 'write', 'ENOSPC');
    done += bytesWritten;
  }
}

/** fsync: the data is on the device, or the error is reported (EIO after a failed writeback included). */
export async function syncFully(fh: FileHandle, path: string): Promise<void> {
  await withPath(path, 'sync', () => fh.sync());
}

/** close, with its error reported (NFS and some FUSE file systems report write errors only here). */
export async function closeChecked(fh: FileHandle, path: string): Promise<void> {
  await withPath(path, 'close', () => fh.close());
}

/** close on a path that is failing anyway: the first error is the one to report. */
export async function closeQuietly(fh: FileHandle): Promise<void> {
  await fh.close().catch(() => undefined);
}
