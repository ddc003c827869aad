// Feeds a file's bytes to a RESP reader, reading the next chunk while the reader parses the current one.

import { open } from 'node:fs/promises';
import type { RespReader } from '../resp/index.js';

export interface FeedOptions {
  chunkSize?: number;
  /** Awaited (when it returns a promise) after each chunk: a slow consumer holds the reading here. */
  pause?: () => Promise<void> | undefined;
}

export const DEFAULT_CHUNK = 1 << 20;

/** Feeds the file's bytes [from, size) to the reader until it stops. */
export async function feedFile(
  path: string,
  from: number,
  size: number,
  reader: RespReader,
  options: FeedOptions,
  progress: (done: number) => void,
): Promise<void> {
  const fh = await open(path, 'r');
  try {
    // Two buffers: the next chunk is read while the reader parses the current one.
    const chunkSize = Math.min(options.chunkSize ?? DEFAULT_CHUNK, size - from);
    const buffers = [Buffer.allocUnsafe(chunkSize), Buffer.allocUnsafe(chunkSize)];
    let position = from;
    const readAt = (buf: Buffer, at: number) => fh.read(buf, 0, Math.min(buf.length, size - at), at);
    let next = readAt(buffers[0]!, position);
    for (let turn = 0; position < size && !reader.stopped; turn ^= 1) {
      const { bytesRead, buffer } = await next;
      if (bytesRead === 0) break; // the file shrank while being read: what is there ends here
      position += bytesRead;
      if (position < size) next = readAt(buffers[turn ^ 1]!, position);
      reader.feed(bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead));
      progress(position);
      const held = options.pause?.();
      if (held !== undefined) await held;
    }
    if (position < size) await next.catch(() => undefined);
  } finally {
    await fh.close();
  }
}
