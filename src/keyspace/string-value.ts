// A string value: bytes with spare capacity so repeated APPEND/SETRANGE stay linear.
import type { RedisValue } from './types.js';

export class StringValue implements RedisValue {
  readonly type = 'string' as const;
  private buf: Buffer;
  private len: number;

  /** Takes ownership of bytes (callers pass a private copy). */
  constructor(bytes: Buffer) {
    this.buf = bytes;
    this.len = bytes.length;
  }

  dup(): StringValue {
    return new StringValue(Buffer.from(this.bytes));
  }

  get length(): number {
    return this.len;
  }

  /** The current bytes; a view, valid until the next mutation. */
  get bytes(): Buffer {
    return this.buf.subarray(0, this.len);
  }

  /** Replaces the content (HyperLogLog updates rebuild the string). */
  assign(bytes: Buffer): void {
    this.buf = bytes;
    this.len = bytes.length;
  }

  append(data: Buffer): void {
    this.reserve(this.len + data.length);
    data.copy(this.buf, this.len);
    this.len += data.length;
  }

  /** Writes data at offset, zero-padding any gap (setrangeCommand). */
  writeAt(offset: number, data: Buffer): void {
    const end = offset + data.length;
    if (end > this.len) {
      this.reserve(end);
      this.buf.fill(0, this.len, end);
      this.len = end;
    }
    data.copy(this.buf, offset);
  }

  /** Grows to at least size bytes, zero-filled (used by SETBIT/BITFIELD). */
  growTo(size: number): void {
    if (size <= this.len) return;
    this.reserve(size);
    this.buf.fill(0, this.len, size);
    this.len = size;
  }

  private reserve(size: number): void {
    if (size <= this.buf.length) return;
    const next = Buffer.alloc(Math.max(size, Math.min(this.buf.length * 2, size + 1024 * 1024)));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }
}

/**
 * A private copy of bytes a value keeps, sized exactly and not pooled: Buffer.from would slice Node's
 * shared 8 KiB pool, and one surviving slice keeps the whole slab alive (after overwrites, nearly all do).
 */
export function ownBytes(bytes: Buffer): Buffer {
  const copy = Buffer.allocUnsafeSlow(bytes.length);
  bytes.copy(copy);
  return copy;
}

export function isStringValue(v: RedisValue): v is StringValue {
  return v instanceof StringValue;
}
