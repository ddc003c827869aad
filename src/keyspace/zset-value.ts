// A sorted set: member → score, with a (score, member)-ordered view kept lazily for range commands.
import type { RedisValue } from './types.js';

export interface ZEntry {
  readonly id: string; // member bytes as latin1
  readonly score: number;
}

/** zslValueGteMin order: by score, then member bytes (latin1 strings compare bytewise). */
export function compareEntries(a: ZEntry, b: ZEntry): number {
  if (a.score < b.score) return -1;
  if (a.score > b.score) return 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Past this size an insertion drops the ordered view instead of patching it (a splice is O(n)); removals always patch. */
const PATCH_LIMIT = 4096;

export class ZSetValue implements RedisValue {
  readonly type = 'zset' as const;
  readonly scores = new Map<string, number>();
  private order: ZEntry[] | null = [];

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
    if (old !== undefined) this.unorder({ id, score: old });
    this.scores.set(id, score);
    if (this.order !== null) {
      if (this.order.length >= PATCH_LIMIT) this.order = null;
      else this.order.splice(this.position({ id, score }), 0, { id, score });
    }
  }

  delete(id: string): boolean {
    const old = this.scores.get(id);
    if (old === undefined) return false;
    this.scores.delete(id);
    this.unorder({ id, score: old });
    return true;
  }

  /** Entries in ascending (score, member) order; callers must not keep it across mutations. */
  sorted(): ZEntry[] {
    if (this.order === null) {
      this.order = [...this.scores].map(([id, score]) => ({ id, score })).sort(compareEntries);
    }
    return this.order;
  }

  /** Index of the first entry not less than e (binary search over the ordered view). */
  position(e: ZEntry): number {
    const order = this.sorted();
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareEntries(order[mid]!, e) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private unorder(e: ZEntry): void {
    if (this.order === null) return;
    const at = this.position(e);
    this.order.splice(at, 1);
  }
}

export function isZSetValue(v: RedisValue): v is ZSetValue {
  return v instanceof ZSetValue;
}
