// The large form of a hash value: field bytes (as latin1 ids) → value bytes, in insertion order, the values packed in one buffer.

/**
 * Each field value as its own Buffer costs ~150 bytes of object overhead beside a few bytes of data (and a
 * view of a command's buffer would keep the whole command alive): the values live in one private buffer
 * per hash instead, a field naming its slot there. Overwrites leave gaps; growing compacts them away.
 */
export class HashTable {
  /** Field id → slot; the Map keeps Redis's insertion order. */
  private readonly slots = new Map<string, number>();
  private starts: number[] = [];
  private lengths: number[] = [];
  private readonly freeSlots: number[] = [];
  private data = EMPTY;
  private used = 0;
  /** Bytes of data still referenced by a slot. */
  private live = 0;

  get size(): number {
    return this.slots.size;
  }

  dup(): HashTable {
    const t = new HashTable();
    for (const [id, slot] of this.slots) t.setId(id, this.view(slot));
    return t;
  }

  /** The value, as a view valid until the hash next changes. */
  get(field: Buffer): Buffer | undefined {
    const slot = this.slots.get(field.toString('latin1'));
    return slot === undefined ? undefined : this.view(slot);
  }

  /** Fields (fresh copies) and views of their values in insertion order; valid until the hash next changes. */
  *entries(): Generator<[Buffer, Buffer]> {
    for (const [id, slot] of this.slots) yield [Buffer.from(id, 'latin1'), this.view(slot)];
  }

  /** True when the field is new (hashTypeSet's return, inverted); the value is copied. */
  set(field: Buffer, value: Buffer): boolean {
    return this.setId(field.toString('latin1'), value);
  }

  delete(field: Buffer): boolean {
    const id = field.toString('latin1');
    const slot = this.slots.get(id);
    if (slot === undefined) return false;
    this.slots.delete(id);
    this.live -= this.lengths[slot]!;
    this.lengths[slot] = 0;
    this.freeSlots.push(slot);
    return true;
  }

  private setId(id: string, value: Buffer): boolean {
    let slot = this.slots.get(id);
    const isNew = slot === undefined;
    if (slot === undefined) {
      slot = this.freeSlots.pop() ?? this.starts.length;
      this.slots.set(id, slot);
      this.starts[slot] = 0;
      this.lengths[slot] = 0;
    }
    const oldLength = this.lengths[slot]!;
    this.live -= oldLength;
    this.lengths[slot] = 0;
    if (value.length > oldLength) {
      if (this.used + value.length > this.data.length) this.compact(value.length);
      this.starts[slot] = this.used;
      this.used += value.length;
    }
    value.copy(this.data, this.starts[slot]!);
    this.lengths[slot] = value.length;
    this.live += value.length;
    return isNew;
  }

  private view(slot: number): Buffer {
    const start = this.starts[slot]!;
    return this.data.subarray(start, start + this.lengths[slot]!);
  }

  /** Moves the live values into a new buffer with room for extra more bytes (twice the need, so amortised O(1)). */
  private compact(extra: number): void {
    const next = Buffer.allocUnsafeSlow(Math.max(MIN_CAPACITY, 2 * (this.live + extra)));
    let at = 0;
    for (const slot of this.slots.values()) {
      const start = this.starts[slot]!;
      const length = this.lengths[slot]!;
      this.data.copy(next, at, start, start + length);
      this.starts[slot] = at;
      at += length;
    }
    this.data = next;
    this.used = at;
  }
}

const EMPTY = Buffer.alloc(0);
/** Not pooled (a pooled slice would keep its 8 KiB slab alive), so not tiny either. */
const MIN_CAPACITY = 64;
