// One numbered database: key bytes → value and absolute TTL, split over several Maps so it can exceed a Map's size limit.
import type { KeyDb } from './context.js';
import type { RedisValue } from './types.js';

export interface Entry {
  value: RedisValue;
  expireAtMs: number | null;
}

/** V8's Map throws past 2^24 entries; a new shard is opened well before that. */
const SHARD_CAPACITY = 16_000_000;

/**
 * A key's Map key: latin1 maps each byte to one UTF-16 unit, so it is 1:1 with the bytes and sorts bytewise.
 * A command looks its key up several times (type check, write, TTL): the last key's id is remembered by
 * Buffer identity until forget(), which the keyspace calls before each command (callers may reuse buffers).
 */
export class KeyIds {
  private key: Buffer | null = null;
  private id = '';
  /** Bumped by forget(): a database's remembered entry is only good within one command. */
  epoch = 0;

  of(key: Buffer): string {
    if (key !== this.key) {
      this.id = key.toString('latin1');
      this.key = key;
    }
    return this.id;
  }

  forget(): void {
    this.key = null;
    this.epoch++;
  }
}

export class Database implements KeyDb {
  private shards: Map<string, Entry>[] = [new Map()];
  /** The last key looked up in this command and what was found: handlers look a key up several times. */
  private seenKey: Buffer | null = null;
  private seenEpoch = -1;
  private seenEntry: Entry | undefined = undefined;

  constructor(
    public index: number,
    private readonly ids: KeyIds,
  ) {}

  get size(): number {
    let n = 0;
    for (const shard of this.shards) n += shard.size;
    return n;
  }

  entry(key: Buffer): Entry | undefined {
    if (key === this.seenKey && this.seenEpoch === this.ids.epoch) return this.seenEntry;
    const id = this.ids.of(key);
    let found: Entry | undefined;
    for (const shard of this.shards) {
      found = shard.get(id);
      if (found !== undefined) break;
    }
    this.seenKey = key;
    this.seenEpoch = this.ids.epoch;
    this.seenEntry = found;
    return found;
  }

  lookup(key: Buffer): RedisValue | undefined {
    return this.entry(key)?.value;
  }

  add(key: Buffer, value: RedisValue): void {
    this.insert(this.ids.of(key), { value, expireAtMs: null });
  }

  set(key: Buffer, value: RedisValue, expireAtMs: number | null = null): void {
    const e = this.entry(key);
    if (e === undefined) this.insert(this.ids.of(key), { value, expireAtMs });
    else {
      if (e.value !== value) e.value.release?.();
      e.value = value;
      e.expireAtMs = expireAtMs;
    }
  }

  delete(key: Buffer): boolean {
    const value = this.detach(key);
    value?.release?.();
    return value !== undefined;
  }

  detach(key: Buffer): RedisValue | undefined {
    const e = this.entry(key);
    if (e === undefined) return undefined;
    this.seenKey = null;
    const id = this.ids.of(key);
    for (const shard of this.shards) if (shard.delete(id)) break;
    return e.value;
  }

  expireAt(key: Buffer): number | null {
    return this.entry(key)?.expireAtMs ?? null;
  }

  setExpireAt(key: Buffer, ms: number | null): void {
    const e = this.entry(key);
    if (e !== undefined) e.expireAtMs = ms;
  }

  clear(): void {
    this.seenKey = null;
    for (const shard of this.shards) for (const e of shard.values()) e.value.release?.();
    this.shards = [new Map()];
  }

  /** Moves every key of other into this database's slot and vice versa (SWAPDB swaps contents, not indexes). */
  swapContents(other: Database): void {
    const mine = this.shards;
    this.shards = other.shards;
    other.shards = mine;
    this.seenKey = null;
    other.seenKey = null;
  }

  /** Key ids in bytewise order, for a deterministic rewrite. */
  sortedIds(): string[] {
    const ids: string[] = [];
    for (const shard of this.shards) for (const id of shard.keys()) ids.push(id);
    return ids.sort();
  }

  entryById(id: string): Entry | undefined {
    for (const shard of this.shards) {
      const e = shard.get(id);
      if (e !== undefined) return e;
    }
    return undefined;
  }

  private insert(id: string, e: Entry): void {
    this.seenKey = null;
    let last = this.shards[this.shards.length - 1]!;
    if (last.size >= SHARD_CAPACITY) {
      last = new Map();
      this.shards.push(last);
    }
    last.set(id, e);
  }
}
