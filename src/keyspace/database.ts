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

  of(key: Buffer): string {
    if (key !== this.key) {
      this.id = key.toString('latin1');
      this.key = key;
    }
    return this.id;
  }

  forget(): void {
    this.key = null;
  }
}

export class Database implements KeyDb {
  private shards: Map<string, Entry>[] = [new Map()];

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
    const id = this.ids.of(key);
    for (const shard of this.shards) {
      const e = shard.get(id);
      if (e !== undefined) return e;
    }
    return undefined;
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
      e.value = value;
      e.expireAtMs = expireAtMs;
    }
  }

  delete(key: Buffer): boolean {
    const id = this.ids.of(key);
    for (const shard of this.shards) if (shard.delete(id)) return true;
    return false;
  }

  expireAt(key: Buffer): number | null {
    return this.entry(key)?.expireAtMs ?? null;
  }

  setExpireAt(key: Buffer, ms: number | null): void {
    const e = this.entry(key);
    if (e !== undefined) e.expireAtMs = ms;
  }

  clear(): void {
    this.shards = [new Map()];
  }

  /** Moves every key of other into this database's slot and vice versa (SWAPDB swaps contents, not indexes). */
  swapContents(other: Database): void {
    const mine = this.shards;
    this.shards = other.shards;
    other.shards = mine;
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
    let last = this.shards[this.shards.length - 1]!;
    if (last.size >= SHARD_CAPACITY) {
      last = new Map();
      this.shards.push(last);
    }
    last.set(id, e);
  }
}
