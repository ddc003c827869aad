// A hash value: small hashes packed field, value, field, value… in one private buffer (like Redis's listpack), large ones a ByteMap.
import { ByteMap } from '../core/byte-map.js';
import type { RedisValue } from '../core/types.js';

/**
 * Redis's hash-max-listpack-entries. Measured with cold hashes: at 128 fields an overwrite costs about what the
 * Map form does and a miss ~0.6 µs (4× a Map look-up), doubling with each doubling of the size; past it, a ByteMap.
 */
export const HASH_MAX_PACKED_ENTRIES = 128;
/** Longest field or value kept packed (the one-byte prefix); tail moves of even 255-byte values measured cheaper than the Map form. */
export const HASH_MAX_PACKED_BYTES = 255;

/**
 * A JS string and a Map entry per field cost ~70 bytes beside a few bytes of data, and every look-up would
 * build a latin1 string. While the hash is small, the packed buffer holds each entry as
 * [field length u8][field][value length u8][value] in insertion order: a look-up scans it comparing bytes,
 * an overwrite rewrites the value where it is (moving the tail when its length changes), a delete closes
 * the gap and a new field is appended, so the order is exactly a Map's. Converted once, never back.
 */
export class HashValue implements RedisValue {
  readonly type = 'hash' as const;
  private data = EMPTY;
  /** Bytes of data holding entries. */
  private used = 0;
  private count = 0;
  /** The large form, once the hash outgrows the packed one (data is then empty). */
  private table: ByteMap | null = null;
  /** Field TTLs (absolute ms, Redis 7.4+ HPEXPIREAT) by the field's latin1 form; null until a field gets one. */
  private ttls: Map<string, number> | null = null;

  get size(): number {
    return this.table === null ? this.count : this.table.size;
  }

  dup(): HashValue {
    const h = new HashValue();
    if (this.table !== null) {
      h.table = this.table.dup();
    } else if (this.used > 0) {
      h.data = Buffer.allocUnsafeSlow(Math.max(MIN_CAPACITY, this.used));
      this.data.copy(h.data, 0, 0, this.used);
      h.used = this.used;
      h.count = this.count;
    }
    if (this.ttls !== null && this.ttls.size > 0) h.ttls = new Map(this.ttls);
    return h;
  }

  /** True when some field has a TTL. */
  get hasFieldTtls(): boolean {
    return this.ttls !== null && this.ttls.size > 0;
  }

  /** The field's TTL (absolute ms), or undefined when it has none. */
  fieldExpireAt(field: Buffer): number | undefined {
    return this.ttls?.get(field.toString('latin1'));
  }

  /** Sets (a number) or clears (null) the TTL of a field that exists. */
  setFieldExpireAt(field: Buffer, ms: number | null): void {
    const key = field.toString('latin1');
    if (ms === null) this.ttls?.delete(key);
    else (this.ttls ??= new Map()).set(key, ms);
  }

  /** The value, as a view valid until the hash next changes. */
  get(field: Buffer): Buffer | undefined {
    if (this.table !== null) return this.table.get(field);
    const at = this.find(field);
    if (at < 0) return undefined;
    const valueAt = at + 1 + field.length;
    return this.data.subarray(valueAt + 1, valueAt + 1 + this.data[valueAt]!);
  }

  /** Fields and values in insertion order, as views valid until the hash next changes. */
  *entries(): Generator<[Buffer, Buffer]> {
    if (this.table !== null) {
      yield* this.table.entries();
      return;
    }
    const d = this.data;
    for (let at = 0; at < this.used;) {
      const valueAt = at + 1 + d[at]!;
      const end = valueAt + 1 + d[valueAt]!;
      yield [d.subarray(at + 1, valueAt), d.subarray(valueAt + 1, end)];
      at = end;
    }
  }

  /**
   * True when the field is new (hashTypeSet's return, inverted); the value is copied (it must not be a view of
   * this hash). The field's TTL goes unless keepTtl (HINCRBY and HINCRBYFLOAT pass HASH_SET_KEEP_TTL, HSET does not).
   */
  set(field: Buffer, value: Buffer, keepTtl = false): boolean {
    if (!keepTtl && this.ttls !== null) this.ttls.delete(field.toString('latin1'));
    return this.store(field, value);
  }

  private store(field: Buffer, value: Buffer): boolean {
    if (this.table !== null) return this.table.set(field, value);
    const at = this.find(field);
    if (value.length > HASH_MAX_PACKED_BYTES || (at < 0 && (this.count === HASH_MAX_PACKED_ENTRIES || field.length > HASH_MAX_PACKED_BYTES))) {
      return this.convert().set(field, value);
    }
    if (at < 0) {
      this.append(field, value);
      return true;
    }
    const valueAt = at + 1 + field.length;
    const delta = value.length - this.data[valueAt]!;
    if (delta !== 0) {
      if (delta > 0) this.reserve(delta);
      this.data.copyWithin(valueAt + 1 + value.length, valueAt + 1 + value.length - delta, this.used);
      this.used += delta;
      this.data[valueAt] = value.length;
    }
    this.data.set(value, valueAt + 1);
    return false;
  }

  delete(field: Buffer): boolean {
    if (this.ttls !== null) this.ttls.delete(field.toString('latin1'));
    if (this.table !== null) return this.table.delete(field);
    const at = this.find(field);
    if (at < 0) return false;
    const valueAt = at + 1 + field.length;
    const end = valueAt + 1 + this.data[valueAt]!;
    this.data.copyWithin(at, end, this.used);
    this.used -= end - at;
    this.count--;
    return true;
  }

  /** Offset of field's entry, or -1. Bytes are compared from the end: fields often share a prefix (field:1, field:2). */
  private find(field: Buffer): number {
    const d = this.data;
    const n = field.length;
    for (let at = 0; at < this.used;) {
      const fieldLength = d[at]!;
      if (fieldLength === n) {
        let i = n;
        while (i > 0 && d[at + i] === field[i - 1]) i--;
        if (i === 0) return at;
      }
      const valueAt = at + 1 + fieldLength;
      at = valueAt + 1 + d[valueAt]!;
    }
    return -1;
  }

  private append(field: Buffer, value: Buffer): void {
    this.reserve(2 + field.length + value.length);
    const d = this.data;
    let at = this.used;
    // TypedArray set: cheaper than Buffer copy's argument checks for a few bytes.
    d[at++] = field.length;
    d.set(field, at);
    at += field.length;
    d[at++] = value.length;
    d.set(value, at);
    this.used = at + value.length;
    this.count++;
  }

  /** Room for extra more bytes; growing by half the need keeps appends amortised O(1) with a third of slack at most. */
  private reserve(extra: number): void {
    const need = this.used + extra;
    if (need <= this.data.length) return;
    const next = Buffer.allocUnsafeSlow(Math.max(MIN_CAPACITY, need + (need >> 1)));
    this.data.copy(next, 0, 0, this.used);
    this.data = next;
  }

  private convert(): ByteMap {
    const table = new ByteMap(true);
    for (const [field, value] of this.entries()) table.set(field, value);
    this.table = table;
    this.data = EMPTY;
    this.used = 0;
    this.count = 0;
    return table;
  }
}

const EMPTY = Buffer.alloc(0);
/** Not pooled (a pooled slice would keep its 8 KiB slab alive), so not tiny either. */
const MIN_CAPACITY = 64;

export function isHashValue(v: RedisValue): v is HashValue {
  return v instanceof HashValue;
}
