// A forward-only reader over a ByteSource through a bounded window, with absolute offsets and a running CRC-64.

import type { ByteSource } from './byte-source.js';
import { Crc64 } from './crc64.js';
import { RdbError } from './problem.js';

/** How much of a file is held in memory at once (a single value larger than this is read whole). */
export const DEFAULT_WINDOW = 1 << 20;

/** Up to this many bytes, copy() copies in a loop rather than through Buffer#copy. */
const SMALL_COPY = 64;

export interface CursorOptions {
  readonly windowSize?: number;
  /** Compute the CRC-64 of every byte consumed (default true). */
  readonly checksum?: boolean;
}

export class Cursor {
  readonly source: ByteSource;
  readonly size: number;
  private readonly windowSize: number;
  private window: Buffer;
  /** Absolute offset of window[0]. */
  private windowStart: number;
  /** Index of the next unread byte in window. */
  private p = 0;
  private readonly crc: Crc64 | null;
  /** Absolute offset up to which the CRC has been computed. */
  private crcFrom: number;

  constructor(source: ByteSource, start: number, options: CursorOptions = {}) {
    this.source = source;
    this.size = source.size;
    this.windowSize = Math.max(1, options.windowSize ?? DEFAULT_WINDOW);
    this.window = Buffer.alloc(0);
    this.windowStart = start;
    this.crc = options.checksum === false ? null : new Crc64();
    this.crcFrom = start;
  }

  /** Absolute offset of the next byte to be read. */
  get offset(): number {
    return this.windowStart + this.p;
  }

  /** Bytes left in the source after the current offset. */
  get remaining(): number {
    return this.size - this.offset;
  }

  /** Makes n bytes readable at window[p]; throws a truncation problem if the source ends first. */
  ensure(n: number): void {
    if (this.p + n <= this.window.length) return;
    const at = this.offset;
    if (n > this.size - at) {
      throw new RdbError('truncated', at, `unexpected end of input: ${n} bytes needed at offset ${at}, ${Math.max(0, this.size - at)} left`);
    }
    this.flushCrc();
    this.window = this.source.read(at, Math.max(this.windowSize, n));
    this.windowStart = at;
    this.p = 0;
    if (this.window.length < n) {
      throw new RdbError('truncated', at, `unexpected end of input at offset ${at} (the source returned fewer bytes than its size)`);
    }
  }

  /**
   * Lets go of the window (a view the source may overwrite) after checksumming what was read of it, so that
   * another reader of the same source may run; the next read fetches from the source again.
   */
  release(): void {
    this.flushCrc();
    this.windowStart = this.offset;
    this.window = Buffer.alloc(0);
    this.p = 0;
  }

  /**
   * Throws unless n more bytes exist; call before allocating anything from a length. A length the whole
   * source could not hold is `bad-length`; one that only runs past the end is `truncated`.
   */
  requireAvailable(n: number, at: number, what: string): void {
    if (!(n <= this.size - this.offset)) {
      const code = n > this.size ? 'bad-length' : 'truncated';
      throw new RdbError(code, at, `${what} of ${n} bytes at offset ${at} runs past the end of the input (${this.size - this.offset} bytes left)`);
    }
  }

  u8(): number {
    if (this.p >= this.window.length) this.ensure(1);
    return this.window[this.p++]!;
  }

  peekU8(): number {
    if (this.p >= this.window.length) this.ensure(1);
    return this.window[this.p]!;
  }

  u32be(): number {
    this.ensure(4);
    const v = this.window.readUInt32BE(this.p);
    this.p += 4;
    return v;
  }

  u32le(): number {
    this.ensure(4);
    const v = this.window.readUInt32LE(this.p);
    this.p += 4;
    return v;
  }

  i32le(): number {
    this.ensure(4);
    const v = this.window.readInt32LE(this.p);
    this.p += 4;
    return v;
  }

  u64be(): bigint {
    this.ensure(8);
    const v = this.window.readBigUInt64BE(this.p);
    this.p += 8;
    return v;
  }

  /** A signed 64-bit little-endian integer as a number (exact up to 2^53, as ms timestamps are). */
  i64le(): number {
    this.ensure(8);
    const lo = this.window.readUInt32LE(this.p);
    const hi = this.window.readInt32LE(this.p + 4);
    this.p += 8;
    return hi * 0x1_0000_0000 + lo;
  }

  f64le(): number {
    this.ensure(8);
    const v = this.window.readDoubleLE(this.p);
    this.p += 8;
    return v;
  }

  f32le(): number {
    this.ensure(4);
    const v = this.window.readFloatLE(this.p);
    this.p += 4;
    return v;
  }

  /** A view of the next n bytes, valid only until the next read. */
  view(n: number): Buffer {
    this.ensure(n);
    const v = this.window.subarray(this.p, this.p + n);
    this.p += n;
    return v;
  }

  /** The next n bytes as a Buffer of their own (safe to keep). */
  copy(n: number): Buffer {
    if (n === 0) return Buffer.alloc(0);
    if (n > this.windowSize) return this.copyLarge(n);
    this.ensure(n);
    const out = Buffer.allocUnsafe(n);
    const w = this.window;
    const p = this.p;
    // Keys and small values dominate: a plain loop beats Buffer#copy's native call below ~64 bytes.
    if (n <= SMALL_COPY) for (let k = 0; k < n; k++) out[k] = w[p + k]!;
    else w.copy(out, 0, p, p + n);
    this.p += n;
    return out;
  }

  /** How many bytes past the next unread one are already in the window (readable with no I/O). */
  get buffered(): number {
    return this.window.length - this.p;
  }

  /** The byte `ahead` bytes past the next unread one; the caller knows it is buffered. */
  peekAt(ahead: number): number {
    return this.window[this.p + ahead] ?? 0;
  }

  /** The window that take() indexes into; valid until the next read. */
  get buffer(): Buffer {
    return this.window;
  }

  /** Consumes the next n bytes and returns where they start in `buffer` (a view without a Buffer object). */
  take(n: number): number {
    this.ensure(n);
    const at = this.p;
    this.p += n;
    return at;
  }

  skip(n: number): void {
    if (n > this.windowSize) {
      // Window by window, so the CRC sees every byte and nothing the size of the value is allocated; a
      // truncation is reported as ensure(n) reports it.
      if (n > this.size - this.offset) this.ensure(n);
      for (let left = n; left > 0;) {
        const step = Math.min(left, this.windowSize);
        this.ensure(step);
        this.p += step;
        left -= step;
      }
      return;
    }
    this.ensure(n);
    this.p += n;
  }

  /**
   * A value larger than the window is read straight into its own Buffer: neither the window nor the
   * source's scratch grows to its size, so a 1 GB string costs 1 GB, not 3.
   */
  private copyLarge(n: number): Buffer {
    const at = this.offset;
    if (n > this.size - at) {
      throw new RdbError('truncated', at, `unexpected end of input: ${n} bytes needed at offset ${at}, ${Math.max(0, this.size - at)} left`);
    }
    this.flushCrc();
    const out = Buffer.allocUnsafe(n);
    const inWindow = Math.min(n, this.window.length - this.p);
    this.window.copy(out, 0, this.p, this.p + inWindow);
    for (let got = inWindow; got < n;) {
      const r = this.source.readInto(out, got, at + got, n - got);
      if (r === 0) throw new RdbError('truncated', at + got, `unexpected end of input at offset ${at + got} (the source returned fewer bytes than its size)`);
      got += r;
    }
    this.crc?.update(out, 0, n);
    this.window = Buffer.alloc(0);
    this.windowStart = at + n;
    this.p = 0;
    this.crcFrom = at + n;
    return out;
  }

  private flushCrc(): void {
    if (this.crc !== null && this.crcFrom < this.offset) {
      this.crc.update(this.window, this.crcFrom - this.windowStart, this.p);
    }
    this.crcFrom = this.offset;
  }

  /** CRC-64 of every byte from the start up to the current offset, or null when checksums are off. */
  checksum(): bigint | null {
    if (this.crc === null) return null;
    this.flushCrc();
    return this.crc.value();
  }
}
