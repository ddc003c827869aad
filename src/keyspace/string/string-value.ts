// A string value: small ones in a slot of the shared arena, larger ones in a buffer of their own with spare capacity.
import { ByteArena, MAX_SLOT, sharedArena as arena } from '../core/byte-arena.js';
import type { RedisValue } from '../core/types.js';

/*
 * A Buffer per value costs ~250 bytes of objects beside its data, and every overwrite of a long-lived value
 * leaves them as old-generation garbage; an arena slot costs nothing beside its bytes, and an overwrite of
 * similar size writes over the same slot.
 */
const EMPTY = Buffer.alloc(0);
const NO_SLOT = -1;

export class StringValue implements RedisValue {
  readonly type = 'string' as const;
  /** The slab (slot >= 0) or own buffer (slot < 0) holding the bytes at off. */
  private buf: Buffer = EMPTY;
  private off = 0;
  private len = 0;
  /** Bytes available at off; -1 once released. */
  private cap = 0;
  private slot = NO_SLOT;

  /** Keeps bytes: small ones are copied into the arena, larger ones are taken as they are (a private copy). */
  constructor(bytes: Buffer) {
    this.store(bytes);
  }

  /** A value holding a copy of bytes, which may be a view of someone else's buffer. */
  static copyOf(bytes: Buffer): StringValue {
    return new StringValue(bytes.length > MAX_SLOT ? ownBytes(bytes) : bytes);
  }

  dup(): StringValue {
    return StringValue.copyOf(this.bytes);
  }

  get length(): number {
    return this.len;
  }

  /** The current bytes; a view, valid until the next mutation. */
  get bytes(): Buffer {
    if (this.cap < 0) throw new Error('bug: a released string value was used');
    return this.buf.subarray(this.off, this.off + this.len);
  }

  /** Replaces the content with a copy of bytes (SET over an existing string), in place when the slot fits. */
  replace(bytes: Buffer): void {
    const n = bytes.length;
    if (this.slot >= 0 && n > 0 && n <= this.cap && ByteArena.slotSize(n) === this.cap) {
      // TypedArray set: for a few bytes, cheaper than Buffer copy and its argument checks.
      this.buf.set(bytes, this.off);
      this.len = n;
      return;
    }
    this.freeSlot();
    this.store(n > MAX_SLOT ? ownBytes(bytes) : bytes);
  }

  /** Replaces the content with bytes, taken as they are when large (HyperLogLog updates rebuild the string). */
  assign(bytes: Buffer): void {
    this.freeSlot();
    this.store(bytes);
  }

  append(data: Buffer): void {
    this.reserve(this.len + data.length);
    data.copy(this.buf, this.off + this.len);
    this.len += data.length;
  }

  /** Writes data at offset, zero-padding any gap (setrangeCommand). */
  writeAt(offset: number, data: Buffer): void {
    this.growTo(offset + data.length);
    data.copy(this.buf, this.off + offset);
  }

  /** Grows to at least size bytes, zero-filled (used by SETBIT/BITFIELD). */
  growTo(size: number): void {
    if (size <= this.len) return;
    this.reserve(size);
    this.buf.fill(0, this.off + this.len, this.off + size);
    this.len = size;
  }

  /** Gives the bytes back to the arena: the key is gone and nothing may use this value again. */
  release(): void {
    this.freeSlot();
    this.buf = EMPTY;
    this.len = 0;
    this.cap = -1;
  }

  private store(bytes: Buffer): void {
    const n = bytes.length;
    if (n === 0) {
      this.buf = EMPTY;
      this.off = 0;
      this.cap = 0;
    } else if (n <= MAX_SLOT) {
      this.slot = arena.take(n);
      this.buf = arena.slabOf(this.slot);
      this.off = arena.offsetOf(this.slot);
      this.cap = ByteArena.slotSize(n);
      this.buf.set(bytes, this.off);
    } else {
      this.buf = bytes;
      this.off = 0;
      this.cap = n;
    }
    this.len = n;
  }

  private freeSlot(): void {
    if (this.slot >= 0) arena.give(this.slot, this.cap);
    this.slot = NO_SLOT;
  }

  /** Room for size bytes, keeping the content: a bigger slot, or an own buffer grown geometrically. */
  private reserve(size: number): void {
    if (size <= this.cap) return;
    const old = this.bytes;
    if (size <= MAX_SLOT) {
      const slot = arena.take(size);
      const slab = arena.slabOf(slot);
      const off = arena.offsetOf(slot);
      old.copy(slab, off);
      this.freeSlot();
      this.slot = slot;
      this.buf = slab;
      this.off = off;
      this.cap = ByteArena.slotSize(size);
      return;
    }
    const next = Buffer.alloc(Math.max(size, Math.min(this.cap * 2, size + 1024 * 1024)));
    old.copy(next);
    this.freeSlot();
    this.buf = next;
    this.off = 0;
    this.cap = next.length;
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
