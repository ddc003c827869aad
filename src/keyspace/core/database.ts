// One numbered database: key bytes → value and absolute TTL, in a KeyIndex (no per-key string or object).
import { MAX_SLOT } from './byte-arena.js';
import type { KeyDb } from './context.js';
import { KeyIndex } from './key-index.js';
import { isStringValue, slotCopy, slotFree, slotOverwrite, slotView, slotWrite, StringValue } from './string-value.js';
import type { ArgOut, RedisValue } from './types.js';

/*
 * A small string is kept packed: its arena slot in the value column and its length in the slot's extra
 * integer, with no object at all. Two million string keys as StringValue objects cost 107 MiB of heap,
 * and every major GC walked them (a third of an RDB-based rewrite's time). A look-up that hands the value
 * out unpacks it into a StringValue owning the same slot; setString packs it again.
 */
type Stored = RedisValue | number;

/** One key as the rewrite and tests see it. */
export interface KeyRecord {
  /** From sorted(): a view of the database's own bytes, valid while it does not change. */
  readonly key: Buffer;
  readonly value: RedisValue;
  readonly expireAtMs: number | null;
}

/**
 * A command looks its key up several times (type check, write, TTL): a database remembers the last key's
 * slot by Buffer identity until the epoch moves on, which the keyspace does before each command (callers
 * may reuse buffers).
 */
export class LookupEpoch {
  value = 0;

  next(): void {
    this.value++;
  }
}

export class Database implements KeyDb {
  private table = new KeyIndex<Stored>();
  private seenKey: Buffer | null = null;
  private seenEpoch = -1;
  private seenSlot = -1;

  constructor(
    public readonly index: number,
    private readonly epoch: LookupEpoch,
  ) {}

  get size(): number {
    return this.table.size;
  }

  lookup(key: Buffer): RedisValue | undefined {
    const slot = this.slotOf(key);
    if (slot < 0) return undefined;
    const v = this.table.value(slot);
    if (typeof v !== 'number') return v;
    // The caller may change it in place: from now on it is an object.
    const s = StringValue.adopt(v, this.table.extra(slot));
    this.table.setValue(slot, s);
    return s;
  }

  has(key: Buffer): boolean {
    return this.slotOf(key) >= 0;
  }

  /** The bytes of the string at key (a view, valid until the key changes); undefined: no key; null: not a string. */
  peekString(key: Buffer): Buffer | undefined | null {
    const slot = this.slotOf(key);
    if (slot < 0) return undefined;
    const v = this.table.value(slot);
    if (typeof v === 'number') return slotView(v, this.table.extra(slot));
    return isStringValue(v) ? v.bytes : null;
  }

  /** Redis's setKey for a string: replaces any value with a copy of bytes; the TTL is cleared unless keepTtl. */
  setString(key: Buffer, bytes: Buffer, keepTtl: boolean): void {
    const n = bytes.length;
    const slot = this.slotOf(key);
    if (slot < 0) {
      if (n > MAX_SLOT) this.insert(key, StringValue.copyOf(bytes), null);
      else this.table.setExtra(this.insert(key, slotCopy(bytes), null), n);
      return;
    }
    const table = this.table;
    if (!keepTtl) table.setTtl(slot, null);
    const cur = table.value(slot);
    if (typeof cur === 'number') {
      const len = table.extra(slot);
      // An overwrite of similar size: the same slot.
      if (slotOverwrite(cur, len, bytes)) {
        table.setExtra(slot, n);
        return;
      }
      slotFree(cur, len);
    } else if (isStringValue(cur) && n > MAX_SLOT) {
      cur.replace(bytes);
      return;
    } else cur.release?.();
    if (n > MAX_SLOT) table.setValue(slot, StringValue.copyOf(bytes));
    else {
      table.setValue(slot, slotCopy(bytes));
      table.setExtra(slot, n);
    }
  }

  /** Room for `keys` more keys without growing the table key by key. */
  reserve(keys: number): void {
    this.table.reserve(keys);
  }

  add(key: Buffer, value: RedisValue): void {
    this.insert(key, value, null);
  }

  set(key: Buffer, value: RedisValue, expireAtMs: number | null = null): void {
    const slot = this.slotOf(key);
    if (slot < 0) {
      this.insert(key, value, expireAtMs);
      return;
    }
    const old = this.table.value(slot);
    if (typeof old === 'number') slotFree(old, this.table.extra(slot));
    else if (old !== value) old.release?.();
    this.table.setValue(slot, value);
    this.table.setTtl(slot, expireAtMs);
  }

  delete(key: Buffer): boolean {
    const slot = this.slotOf(key);
    if (slot < 0) return false;
    this.release(slot);
    this.seenKey = null;
    this.table.remove(slot);
    return true;
  }

  detach(key: Buffer): RedisValue | undefined {
    const value = this.lookup(key);
    if (value === undefined) return undefined;
    const slot = this.slotOf(key);
    this.seenKey = null;
    this.table.remove(slot);
    return value;
  }

  expireAt(key: Buffer): number | null {
    const slot = this.slotOf(key);
    return slot < 0 ? null : this.table.ttl(slot);
  }

  setExpireAt(key: Buffer, ms: number | null): void {
    const slot = this.slotOf(key);
    if (slot >= 0) this.table.setTtl(slot, ms);
  }

  clear(): void {
    this.seenKey = null;
    for (const slot of this.table.slots()) this.release(slot);
    this.table = new KeyIndex();
  }

  /** Moves every key of other into this database's slot and vice versa (SWAPDB swaps contents, not indexes). */
  swapContents(other: Database): void {
    const mine = this.table;
    this.table = other.table;
    other.table = mine;
    this.seenKey = null;
    other.seenKey = null;
  }

  /** Every key in bytewise order, for a deterministic rewrite; keys are views, and the database must not change meanwhile. */
  *sorted(): Generator<KeyRecord> {
    const cursor = this.sortedCursor();
    while (cursor.next()) yield cursor.record();
  }

  /** Calls `each` with every key's expiry (null for none), in no particular order: counting needs no sort. */
  forEachExpiry(each: (expireAtMs: number | null) => void): void {
    const table = this.table;
    for (const slot of table.slots()) each(table.ttl(slot));
  }

  /** sorted() as a cursor: no object per key, and packed strings written where they lie (see KeyCursor). */
  sortedCursor(): KeyCursor {
    return new KeyCursor(this.table, this.table.slotsInKeyOrder());
  }

  /** Gives back what the value at slot holds (it is leaving the database). */
  private release(slot: number): void {
    const v = this.table.value(slot);
    if (typeof v === 'number') slotFree(v, this.table.extra(slot));
    else v.release?.();
  }

  /** A new key: slots may move (the table grows), so only this key's slot is remembered. */
  private insert(key: Buffer, value: Stored, expireAtMs: number | null): number {
    this.seenSlot = this.table.insert(key, value, expireAtMs);
    this.seenKey = key;
    this.seenEpoch = this.epoch.value;
    return this.seenSlot;
  }

  private slotOf(key: Buffer): number {
    if (key === this.seenKey && this.seenEpoch === this.epoch.value) return this.seenSlot;
    this.seenSlot = this.table.find(key);
    this.seenKey = key;
    this.seenEpoch = this.epoch.value;
    return this.seenSlot;
  }
}

/**
 * A database's keys in bytewise order, one at a time, without an object, view or generator step per key:
 * a rewrite of millions of small strings spends most of its output time on those. The database must not
 * change while a cursor is in use.
 */
export class KeyCursor {
  private at = -1;
  private slot = -1;

  constructor(
    private readonly table: KeyIndex<Stored>,
    private readonly order: Int32Array,
  ) {}

  /** Back before the first key, for another pass in the same order (it is sorted once). */
  rewind(): void {
    this.at = -1;
  }

  /** Moves to the next key; false past the last. */
  next(): boolean {
    if (++this.at >= this.order.length) return false;
    this.slot = this.order[this.at]!;
    return true;
  }

  get expireAtMs(): number | null {
    return this.table.ttl(this.slot);
  }

  /** True when the value is a small string kept packed: writeString hands its bytes over, record() is not needed. */
  get packedString(): boolean {
    return typeof this.table.value(this.slot) === 'number';
  }

  writeKey(out: ArgOut): void {
    this.table.writeKey(this.slot, out);
  }

  /** The packed string's bytes (only when packedString). */
  writeString(out: ArgOut): void {
    slotWrite(this.table.value(this.slot) as number, this.table.extra(this.slot), out);
  }

  /** The key compared with other[start, end), as Buffer#compare orders them: a merge's test, with no view per key. */
  compareKey(other: Buffer, start: number, end: number): number {
    return this.table.compareKey(this.slot, other, start, end);
  }

  /** The key's bytes, a view valid while the database does not change. */
  key(): Buffer {
    return this.table.keyView(this.slot);
  }

  /** The key as sorted() yields it. */
  record(): KeyRecord {
    const { table, slot } = this;
    const v = table.value(slot);
    const value = typeof v === 'number' ? StringValue.view(slotView(v, table.extra(slot))) : v;
    return { key: table.keyView(slot), value, expireAtMs: table.ttl(slot) };
  }
}
