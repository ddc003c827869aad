// A hash value: field bytes (as latin1 ids) → value bytes, in insertion order.
import type { RedisValue } from './types.js';

export class HashValue implements RedisValue {
  readonly type = 'hash' as const;
  readonly fields = new Map<string, Buffer>();

  get size(): number {
    return this.fields.size;
  }

  dup(): HashValue {
    const h = new HashValue();
    for (const [f, v] of this.fields) h.fields.set(f, v);
    return h;
  }

  get(field: Buffer): Buffer | undefined {
    return this.fields.get(field.toString('latin1'));
  }

  /** True when the field is new (hashTypeSet's return, inverted). */
  set(field: Buffer, value: Buffer): boolean {
    const id = field.toString('latin1');
    const isNew = !this.fields.has(id);
    this.fields.set(id, value);
    return isNew;
  }

  delete(field: Buffer): boolean {
    return this.fields.delete(field.toString('latin1'));
  }
}

export function isHashValue(v: RedisValue): v is HashValue {
  return v instanceof HashValue;
}
