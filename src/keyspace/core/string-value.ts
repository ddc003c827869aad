// A string value: small ones in a slot of the shared arena, larger ones in a buffer of their own with spare capacity.
import { ByteArena, MAX_SLOT, sharedArena as arena } from './byte-arena.js';
import type { ArgOut, RedisValue } from './types.js';

/*
 * A Buffer per value costs ~250 bytes of objects beside its data, and every overwrite of a long-lived value
 * leaves them as old-generation garbage; an arena slot costs nothing beside its bytes, and an overwrite of
 * similar size writes over the same slot.
 */
const EMPTY = Buffer.alloc(0);
const NO_SLOT = -1;

/*
 * A string's bytes in the arena, named by its slot and length: a StringValue holds these two, and a database
 * holds them without the object (packed). Every change keeps a slot of the length's class.
 */

/** A new slot holding a copy of bytes (1..MAX_SLOT of them), or NO_SLOT for none. */
export function slotCopy(bytes: Buffer): number {
  if (bytes.length === 0) return NO_SLOT;
  const slot = arena.take(bytes.length);
  // TypedArray set: for a few bytes, cheaper than Buffer copy and its argument checks.
  arena.slabOf(slot).set(bytes, arena.offsetOf(slot));
  return slot;
}

/** The len bytes at slot, as a view. */
export function slotView(slot: number, len: number): Buffer {
  if (slot === NO_SLOT) return EMPTY;
  const at = arena.offsetOf(slot);
  return arena.slabOf(slot).subarray(at, at + len);
}

/** Hands the len bytes at slot to out where they lie. */
export function slotWrite(slot: number, len: number, out: ArgOut): void {
  if (slot === NO_SLOT) {
    out.argRange(EMPTY, 0, 0);
    return;
  }
  const at = arena.offsetOf(slot);
  out.argRange(arena.slabOf(slot), at, at + len);
}

/** Overwrites the len bytes at slot with bytes when they fit its class (true), else leaves it (false). */
export function slotOverwrite(slot: number, len: number, bytes: Buffer): boolean {
  const n = bytes.length;
  if (slot === NO_SLOT || n === 0 || n > MAX_SLOT || ByteArena.slotSize(n) !== ByteArena.slotSize(len)) return false;
  arena.slabOf(slot).set(bytes, arena.offsetOf(slot));
  return true;
}

/** Gives back a slot taken for len bytes. */
export function slotFree(slot: number, len: number): void {
  if (slot !== NO_SLOT) arena.give(slot, ByteArena.slotSize(len));
}

export class StringValue implements RedisValue {
  declare readonly type: 'string';
  /*
   * Three fields, not six: a keyspace of a million small strings holds a million of these. The slab and offset
   * follow from the slot, and a slot's size from the length (every change keeps a slot of the length's class).
   */
  /** The arena slot holding the bytes, or NO_SLOT (then own holds them, or the value is empty). */
  private slot = NO_SLOT;
  /** -1 once released. */
  private len = 0;
  /** A buffer of its own for values larger than a slot, with spare capacity. */
  private own: Buffer | null = null;

  /** Keeps bytes: small ones are copied into the arena, larger ones are taken as they are (a private copy). */
  constructor(bytes: Buffer) {
    this.store(bytes);
  }

  /** A value holding a copy of bytes, which may be a view of someone else's buffer. */
  static copyOf(bytes: Buffer): StringValue {
    return new StringValue(bytes.length > MAX_SLOT ? ownBytes(bytes) : bytes);
  }

  /** The value a database kept packed (an arena slot taken for len bytes, or NO_SLOT when empty): the slot becomes this value's. */
  static adopt(slot: number, len: number): StringValue {
    const v = new StringValue(EMPTY);
    v.slot = slot;
    v.len = len;
    return v;
  }

  /**
   * A value reading bytes where they lie (a packed string the rewrite walks past): it owns nothing, so
   * releasing or replacing it leaves those bytes alone; it is valid while they do not change.
   */
  static view(bytes: Buffer): StringValue {
    const v = new StringValue(EMPTY);
    v.own = bytes;
    v.len = bytes.length;
    return v;
  }

  dup(): StringValue {
    return StringValue.copyOf(this.bytes);
  }

  get length(): number {
    return this.len;
  }

  /** The current bytes; a view, valid until the next mutation. */
  get bytes(): Buffer {
    if (this.len < 0) throw new Error('bug: a released string value was used');
    if (this.own !== null) return this.own.subarray(0, this.len);
    return slotView(this.slot, this.len);
  }

  /** Replaces the content with a copy of bytes (SET over an existing string), in place when the slot fits. */
  replace(bytes: Buffer): void {
    if (slotOverwrite(this.slot, this.len, bytes)) {
      this.len = bytes.length;
      return;
    }
    this.freeSlot();
    this.store(bytes.length > MAX_SLOT ? ownBytes(bytes) : bytes);
  }

  /** Replaces the content with bytes, taken as they are when large (HyperLogLog updates rebuild the string). */
  assign(bytes: Buffer): void {
    this.freeSlot();
    this.store(bytes);
  }

  append(data: Buffer): void {
    const at = this.len;
    this.reserve(at + data.length);
    this.len = at + data.length;
    data.copy(this.bytes, at);
  }

  /** Writes data at offset, zero-padding any gap (setrangeCommand). */
  writeAt(offset: number, data: Buffer): void {
    this.growTo(offset + data.length);
    data.copy(this.bytes, offset);
  }

  /** Grows to at least size bytes, zero-filled (used by SETBIT/BITFIELD). */
  growTo(size: number): void {
    const at = this.len;
    if (size <= at) return;
    this.reserve(size);
    this.len = size;
    this.bytes.fill(0, at, size);
  }

  /** Gives the bytes back to the arena: the key is gone and nothing may use this value again. */
  release(): void {
    this.freeSlot();
    this.own = null;
    this.len = -1;
  }

  /** Bytes the value can hold without moving. */
  private get capacity(): number {
    if (this.own !== null) return this.own.length;
    return this.slot === NO_SLOT ? 0 : ByteArena.slotSize(this.len);
  }

  private store(bytes: Buffer): void {
    const n = bytes.length;
    this.own = null;
    if (n > MAX_SLOT) this.own = bytes;
    else this.slot = slotCopy(bytes);
    this.len = n;
  }

  private freeSlot(): void {
    slotFree(this.slot, this.len);
    this.slot = NO_SLOT;
  }

  /** Room for size bytes, keeping the content: a bigger slot, or an own buffer grown geometrically; the caller then sets len. */
  private reserve(size: number): void {
    const cap = this.capacity;
    if (size <= cap) return;
    const old = this.bytes;
    if (size <= MAX_SLOT) {
      const slot = arena.take(size);
      old.copy(arena.slabOf(slot), arena.offsetOf(slot));
      this.freeSlot();
      this.slot = slot;
      return;
    }
    const next = Buffer.alloc(Math.max(size, Math.min(cap * 2, size + 1024 * 1024)));
    old.copy(next);
    this.freeSlot();
    this.own = next;
  }
}
// On the prototype, not in each of a million instances.
Object.defineProperty(StringValue.prototype, 'type', { value: 'string' });

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
