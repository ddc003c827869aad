// Counts commands and bytes per key in bounded memory: exact up to a limit, then frequent-items sketches.
//
// The sketch is Misra-Gries with batched purges (the scheme of Apache DataSketches' frequent items): up to
// 2 × capacity counters; when full, the (capacity+1)-th largest weight is subtracted from every counter, the
// ones left at zero or below are dropped, and the subtracted amount is added to `offset`. A tracked key's
// true weight lies in [weight, weight + offset], an untracked key's is at most offset, and offset never
// exceeds total / (capacity + 1), so every key heavier than that is tracked. Amortised O(1) per update.

import { HyperLogLog } from './hyperloglog.js';
import { KeyTable, type KeyHash } from './key-table.js';

export interface TallyEntry {
  readonly key: Buffer;
  readonly count: number;
  readonly bytes: number;
  /** How much count (or bytes, for the by-bytes ranking) may be overstated; 0 when exact. */
  readonly error: number;
  /** The other figure (bytes in the by-count ranking, count in the by-bytes one) is a lower bound. */
  readonly otherIsLowerBound: boolean;
}

/** Frequent items over one weight (column a), with a second weight (column b) summed while tracked. */
export class FrequentItems {
  private table: KeyTable;
  /** What purges subtracted so far: the most any weight may be understated by. */
  private offset = 0;
  private readonly scratch: KeyHash = { h1: 0, h2: 0 };

  constructor(readonly capacity: number) {
    this.table = new KeyTable(2 * capacity);
  }

  add(bytes: Buffer, start: number, end: number, h: KeyHash, weight: number, other: number): void {
    const t = this.table;
    const e = t.entry(bytes, start, end, h);
    t.a[e]! += weight;
    t.b[e]! += other;
    if (t.size >= 2 * this.capacity) this.purge();
  }

  /** Tracked keys, heaviest first; weight is an upper bound that overstates by at most error. */
  top(n: number): Array<{ key: Buffer; weight: number; error: number; other: number }> {
    const t = this.table;
    return t.top(n, t.a).map((e) => ({ key: t.key(e), weight: t.a[e]! + this.offset, error: this.offset, other: t.b[e]! }));
  }

  private purge(): void {
    const old = this.table;
    const weights = old.a.slice(0, old.size).sort();
    const cut = weights[weights.length - 1 - this.capacity]!;
    const next = new KeyTable(2 * this.capacity);
    for (let e = 0; e < old.size; e++) {
      const w = old.a[e]! - cut;
      if (w <= 0) continue;
      const r = old.keyRange(e);
      const n = next.entry(r.bytes, r.start, r.end, old.hash(e, this.scratch));
      next.a[n] = w;
      next.b[n] = old.b[e]!;
    }
    this.table = next;
    this.offset += cut;
  }
}

/** Per-key commands and bytes: exact while at most `limit` keys, then two sketches of limit/2 each. */
export class KeyTally {
  private exact: KeyTable | null;
  private byCount: FrequentItems | null = null;
  private byBytes: FrequentItems | null = null;
  private distinctKeys: HyperLogLog | null = null;

  constructor(readonly limit: number) {
    this.exact = new KeyTable(Math.min(limit, 1024));
  }

  /** One occurrence of the key bytes[start..end) (hash h), weighing `bytes`. */
  add(bytes: Buffer, start: number, end: number, h: KeyHash, weight: number): void {
    const exact = this.exact;
    if (exact !== null) {
      if (exact.size < this.limit) {
        const e = exact.entry(bytes, start, end, h);
        exact.a[e]! += 1;
        exact.b[e]! += weight;
        return;
      }
      this.becomeSketch(exact);
    }
    this.byCount!.add(bytes, start, end, h, 1, weight);
    this.byBytes!.add(bytes, start, end, h, weight, 1);
    this.distinctKeys!.add(h);
  }

  /** True while every figure is exact. */
  get isExact(): boolean {
    return this.exact !== null;
  }

  /** Distinct keys seen: exact, or a HyperLogLog estimate once over the limit. */
  get distinct(): number {
    return this.exact !== null ? this.exact.size : this.distinctKeys!.estimate();
  }

  topByCount(n: number): TallyEntry[] {
    if (this.exact !== null) return this.exactTop(n, this.exact.a);
    return this.byCount!.top(n).map((t) => ({ key: t.key, count: t.weight, bytes: t.other, error: t.error, otherIsLowerBound: true }));
  }

  topByBytes(n: number): TallyEntry[] {
    if (this.exact !== null) return this.exactTop(n, this.exact.b);
    return this.byBytes!.top(n).map((t) => ({ key: t.key, count: t.other, bytes: t.weight, error: t.error, otherIsLowerBound: true }));
  }

  private exactTop(n: number, column: Float64Array): TallyEntry[] {
    const t = this.exact!;
    return t.top(n, column).map((e) => ({ key: t.key(e), count: t.a[e]!, bytes: t.b[e]!, error: 0, otherIsLowerBound: false }));
  }

  /** Hands every exact counter to the sketches, and every key to the distinct-count estimator. */
  private becomeSketch(exact: KeyTable): void {
    // Each sketch holds at most 2 × capacity counters: together about what the exact table held.
    const capacity = Math.max(1, Math.floor(this.limit / 2));
    this.byCount = new FrequentItems(capacity);
    this.byBytes = new FrequentItems(capacity);
    this.distinctKeys = new HyperLogLog();
    const h: KeyHash = { h1: 0, h2: 0 };
    for (let e = 0; e < exact.size; e++) {
      const r = exact.keyRange(e);
      exact.hash(e, h);
      this.byCount.add(r.bytes, r.start, r.end, h, exact.a[e]!, exact.b[e]!);
      this.byBytes.add(r.bytes, r.start, r.end, h, exact.b[e]!, exact.a[e]!);
      this.distinctKeys.add(h);
    }
    this.exact = null;
  }
}
