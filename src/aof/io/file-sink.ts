// A file's CheckedSink: every write checked, written back to the device while more is written, synced at the end.

import type { FileHandle } from 'node:fs/promises';
import { syncFully, writeFully } from './write-fully.js';
import { withPath } from './io-failure.js';

/**
 * Bytes written between background writebacks. Without them a rewrite's whole output waited for the device
 * in its final fsync (0.84 s for 1 GB here), with nothing left to do meanwhile; Redis's rewrite syncs every
 * 4 MB as it goes for the same reason (aof-rewrite-incremental-fsync).
 */
export const WRITEBACK_BYTES = 8 << 20;

/** Appends to the file being written; every write is checked (short writes resumed, errors thrown). */
export interface CheckedSink {
  write(data: Uint8Array): Promise<void>;
  /** Bytes written so far. */
  readonly size: number;
  /** True for a file's sink: each write completes before it settles, and nothing keeps its data (ByteSink.releasesChunks). */
  readonly releasesChunks?: boolean;
}

export interface FileSink extends CheckedSink {
  /** fsync once every write and writeback is done: the data is on the device, or the first error is thrown. */
  sync(): Promise<void>;
  /** Waits for a writeback in flight, its error dropped: before closing a file that is being given up. */
  settle(): Promise<void>;
}

/** Appends to `fh` (named `path` in errors) from offset 0. */
export function fileSink(fh: FileHandle, path: string): FileSink {
  let size = 0;
  let unsynced = 0;
  let writeback: Promise<void> | null = null;
  let failure: Error | null = null;
  const startWriteback = (): void => {
    unsynced = 0;
    // Never awaited by the writes: kept, and its error thrown by the next write or by sync().
    writeback = withPath(path, 'sync', () => fh.datasync()).then(
      () => {
        writeback = null;
      },
      (e: unknown) => {
        failure ??= e instanceof Error ? e : new Error(String(e));
        writeback = null;
      },
    );
  };
  return {
    async write(data) {
      if (failure !== null) throw failure;
      await writeFully(fh, path, data, size);
      size += data.length;
      unsynced += data.length;
      if (unsynced >= WRITEBACK_BYTES && writeback === null) startWriteback();
    },
    get size() {
      return size;
    },
    releasesChunks: true,
    async sync() {
      await writeback;
      if (failure !== null) throw failure;
      await syncFully(fh, path);
    },
    async settle() {
      await writeback;
    },
  };
}
