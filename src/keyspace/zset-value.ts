// A sorted set: member → score, plus the (score, member) order that range and pop commands walk.
import { compareEntries, type ZEntry } from './zset-entry.js';
import { OrderedEntries } from './zset-order.js';
import type { RedisValue } from './types.js';

export { compareEntries, type ZEntry };

/** zset-max-listpack-entries and zset-max-listpack-value (redis.conf defaults). */
export const ZSET_MAX_LISTPACK_ENTRIES = 128;
export const ZSET_MAX_LISTPACK_VALUE = 64;

export class ZSetValue implements RedisValue {
  readonly type = 'zset' as const;
  readonly scores = new Map<string, number>();
  private readonly order = new OrderedEntries();
  /** The flattened order, rebuilt on demand after a change. */
  private flat: ZEntry[] | null = null;

  /**
   * The encoding matters for one observable thing: a listpack stores a score that double2ll takes for an
   * integer as an integer, so -0 becomes 0 (zzlInsertAt); a skiplist keeps -0. Redis never turns a skiplist
   * back into a listpack except when it builds a new value (ZUNIONSTORE…, RDB load).
   */
  constructor(public skiplist = false) {}

  get size(): number {
    return this.scores.size;
  }

  dup(): ZSetValue {
    const z = new ZSetValue(true);
    for (const [id, score] of this.scores) z.set(id, score);
    z.skiplist = this.skiplist;
    return z;
  }

  /** True when some score is -0, which only a skiplist holds. */
  get hasNegativeZero(): boolean {
    for (const score of this.scores.values()) if (Object.is(score, -0)) return true;
    return false;
  }

  /** zsetConvertToListpackIfNeeded: a freshly built value small enough goes back to a listpack (-0 → 0). */
  listpackIfFits(): void {
    if (!this.skiplist || this.size > ZSET_MAX_LISTPACK_ENTRIES) return;
    for (const id of this.scores.keys()) if (id.length > ZSET_MAX_LISTPACK_VALUE) return;
    this.skiplist = false;
    for (const [id, score] of this.scores) if (Object.is(score, -0)) this.set(id, 0);
  }

  score(id: string): number | undefined {
    return this.scores.get(id);
  }

  /** zsetAdd's insert or update; a new member that does not fit the listpack converts it first. */
  set(id: string, score: number): void {
    const old = this.scores.get(id);
    if (!this.skiplist && old === undefined && (this.size + 1 > ZSET_MAX_LISTPACK_ENTRIES || id.length > ZSET_MAX_LISTPACK_VALUE)) {
      this.skiplist = true;
    }
    if (!this.skiplist && score === 0) score = 0;
    if (old !== undefined) this.order.remove({ id, score: old });
    this.scores.set(id, score);
    this.order.insert({ id, score });
    this.flat = null;
  }

  delete(id: string): boolean {
    const old = this.scores.get(id);
    if (old === undefined) return false;
    this.scores.delete(id);
    this.order.remove({ id, score: old });
    this.flat = null;
    return true;
  }

  /** Lowest (min) or highest entry, for ZPOPMIN/ZPOPMAX. */
  edge(max: boolean): ZEntry | undefined {
    return max ? this.order.last() : this.order.first();
  }

  /** Entries in ascending (score, member) order; callers must not keep it across mutations. */
  sorted(): ZEntry[] {
    this.flat ??= this.order.toArray();
    return this.flat;
  }
}

export function isZSetValue(v: RedisValue): v is ZSetValue {
  return v instanceof ZSetValue;
}
