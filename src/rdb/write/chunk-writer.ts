// The writer's output: bytes gathered into fixed-size chunks handed to a consumer, with the running CRC-64 and offset.

import { Crc64 } from '../crc64.js';

/** Receives each full chunk, and the last partial one at the end. */
export type ChunkConsumer = (chunk: Buffer) => void;

export interface ChunkWriterOptions {
  /** Bytes per chunk (default 64 KiB). */
  readonly chunkSize?: number;
  /**
   * Hand out the same chunk Buffer every time (default false). Only for a consumer that is done with a
   * chunk when it returns (a synchronous file write); a stream that queues chunks needs fresh ones.
   */
  readonly reuseChunks?: boolean;
  /** Keep the running CRC-64 (default true); off for bytes another writer copies in, which sums them itself. */
  readonly checksum?: boolean;
}

const DEFAULT_CHUNK = 64 * 1024;

/** Appends bytes; a full chunk goes to the consumer, so memory stays at one chunk whatever is written. */
export class ChunkWriter {
  private chunk: Buffer;
  private pos = 0;
  private flushed = 0;
  private readonly crc: Crc64 | null;
  private readonly size: number;
  private readonly reuse: boolean;

  constructor(
    private readonly consumer: ChunkConsumer,
    options: ChunkWriterOptions = {},
  ) {
    this.size = Math.max(64, options.chunkSize ?? DEFAULT_CHUNK);
    this.reuse = options.reuseChunks ?? false;
    this.crc = options.checksum === false ? null : new Crc64();
    this.chunk = Buffer.allocUnsafe(this.size);
  }

  /** Bytes written so far (the offset of the next byte in the output). */
  get offset(): number {
    return this.flushed + this.pos;
  }

  /** CRC-64 of everything written so far (0 when it is not kept). */
  checksum(): bigint {
    if (this.crc === null) return 0n;
    // The buffered bytes are folded into a copy: the running CRC takes them when the chunk is flushed.
    return new Crc64(this.crc.value()).update(this.chunk, 0, this.pos).value();
  }

  u8(b: number): void {
    if (this.pos === this.size) this.flush();
    this.chunk[this.pos++] = b;
  }

  /** Room for n bytes at the returned position of `buffer` (n at most the chunk size); call commit(n) after. */
  reserve(n: number): number {
    if (this.pos + n > this.size) this.flush();
    return this.pos;
  }

  get buffer(): Buffer {
    return this.chunk;
  }

  commit(n: number): void {
    this.pos += n;
  }

  /** Copies `b[start, end)` into the output. */
  bytes(b: Uint8Array, start = 0, end = b.length): void {
    let from = start;
    while (from < end) {
      if (this.pos === this.size) this.flush();
      const n = Math.min(end - from, this.size - this.pos);
      if (n <= 16) for (let i = 0; i < n; i++) this.chunk[this.pos + i] = b[from + i]!;
      else this.chunk.set(b.subarray(from, from + n), this.pos);
      this.pos += n;
      from += n;
    }
  }

  /** Hands the buffered bytes to the consumer. */
  flush(): void {
    if (this.pos === 0) return;
    this.crc?.update(this.chunk, 0, this.pos);
    const out = this.chunk.subarray(0, this.pos);
    this.flushed += this.pos;
    this.pos = 0;
    if (!this.reuse) this.chunk = Buffer.allocUnsafe(this.size);
    this.consumer(out);
  }
}
