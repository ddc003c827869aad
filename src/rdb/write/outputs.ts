// Where written chunks go: a file descriptor (synchronous writes), memory (tests, DUMP-sized data), or a Node stream.

import { writeSync } from 'node:fs';
import type { Writable } from 'node:stream';
import type { ChunkConsumer } from './chunk-writer.js';

/** Writes each chunk to `fd` before returning, so the writer may reuse its chunk Buffer (reuseChunks). */
export function fdConsumer(fd: number): ChunkConsumer {
  return (chunk) => {
    let done = 0;
    while (done < chunk.length) done += writeSync(fd, chunk, done, chunk.length - done);
  };
}

/** Keeps every chunk; bytes() joins them. */
export class MemoryOutput {
  private readonly chunks: Buffer[] = [];
  readonly consumer: ChunkConsumer = (chunk) => {
    this.chunks.push(chunk);
  };

  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/**
 * Writes chunks to a Node Writable. The writer itself is synchronous: between keys, a caller awaits
 * drained() while it returns a promise, so a slow destination holds back the producer.
 */
export class StreamOutput {
  private pending: Promise<void> | null = null;
  readonly consumer: ChunkConsumer = (chunk) => {
    if (!this.stream.write(chunk) && this.pending === null) {
      this.pending = new Promise((resolve) =>
        this.stream.once('drain', () => {
          this.pending = null;
          resolve();
        }),
      );
    }
  };

  constructor(private readonly stream: Writable) {}

  /** A promise while the stream's buffer is full, else null. */
  drained(): Promise<void> | null {
    return this.pending;
  }
}
