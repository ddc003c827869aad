// A sorted set: member → score, plus the (score, member) order that range and pop commands walk.
import { compareEntries, type ZEntry } from './zset-entry.js';
import { OrderedEntries } from './zset-order.js';
import type { RedisValue } from './types.js';

export { compareEntries, type ZEntry };

export class ZSetValue implements RedisValue {
  readonly type = 'zset' as const;
  readonly scores = new Map<string, number>();
  private readonly order = new OrderedEntries();
  /** The flattened order, rebuilt on demand after a change. */
  private flat: ZEntry[] | null = null;

  get size(): number {
    return this.scores.size;
  }

  dup(): ZSetValue {
    const z = new ZSetValue();
    for (const [id, score] of this.scores) z.set(id, score);
    return z;
  }

  score(id: string): number | undefined {
    return this.scores.get(id);
  }

  set(id: string, score: number): void {
    const old = this.scores.get(id);
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
