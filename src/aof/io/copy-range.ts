// Copies a byte range of a file into a checked sink, a megabyte at a time.

import { open } from 'node:fs/promises';
import type { CheckedSink } from './file-sink.js';
import { FileChangedError } from './file-changed.js';

const CHUNK = 1 << 20;

/** Writes bytes [start, end) of `path` to `sink`; a file that ends early changed under us. */
export async function copyRange(path: string, start: number, end: number, sink: CheckedSink): Promise<void> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(1, end - start)));
    for (let at = start; at < end;) {
      const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, end - at), at);
      if (bytesRead === 0) throw new FileChangedError(path, end, at, 'read');
      // A copy: the sink may hold on to the bytes (a queued write) while the buffer is refilled.
      await sink.write(Buffer.from(buf.subarray(0, bytesRead)));
      at += bytesRead;
    }
  } finally {
    await fh.close();
  }
}
