// One numbered database: key bytes → value and absolute TTL, in a KeyIndex (no per-key string or object).
import type { KeyDb } from './context.js';
import { KeyIndex } from './key-index.js';
import type { RedisValue } from './types.js';

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
  private table = new KeyIndex<RedisValue>();
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
    return slot < 0 ? undefined : this.table.value(slot);
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
    if (old !== value) old.release?.();
    this.table.setValue(slot, value);
    this.table.setTtl(slot, expireAtMs);
  }

  delete(key: Buffer): boolean {
    const value = this.detach(key);
    value?.release?.();
    return value !== undefined;
  }

  detach(key: Buffer): RedisValue | undefined {
    const slot = this.slotOf(key);
    if (slot < 0) return undefined;
    const value = this.table.value(slot);
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
    for (const slot of this.table.slots()) this.table.value(slot).release?.();
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
    const table = this.table;
    for (const slot of table.slotsInKeyOrder()) yield { key: table.keyView(slot), value: table.value(slot), expireAtMs: table.ttl(slot) };
  }

  /** A new key: slots may move (the table grows), so only this key's slot is remembered. */
  private insert(key: Buffer, value: RedisValue, expireAtMs: number | null): void {
    this.seenSlot = this.table.insert(key, value, expireAtMs);
    this.seenKey = key;
    this.seenEpoch = this.epoch.value;
  }

  private slotOf(key: Buffer): number {
    if (key === this.seenKey && this.seenEpoch === this.epoch.value) return this.seenSlot;
    this.seenSlot = this.table.find(key);
    this.seenKey = key;
    this.seenEpoch = this.epoch.value;
    return this.seenSlot;
  }
}
