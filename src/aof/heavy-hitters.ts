// Counts commands and bytes per key in bounded memory: exact up to a limit, then frequent-items sketches.
//
// The sketch is Misra-Gries with batched purges (the scheme of Apache DataSketches' frequent items): up to
// 2 × capacity counters; when full, the (capacity+1)-th largest weight is subtracted from every counter, the
// ones left at zero or below are dropped, and the subtracted amount is added to `offset`. A tracked key's
// true weight lies in [weight, weight + offset], an untracked key's is at most offset, and offset never
// exceeds total / (capacity + 1), so every key heavier than that is tracked. Amortised O(1) per update.

import { HyperLogLog } from './hyperloglog.js';
import { COLUMN_A, COLUMN_B, hashBytes, KeyTable, type Column, type KeyHash } from './key-table.js';

export interface TallyEntry {
  readonly key: Buffer;
  readonly count: number;
  readonly bytes: number;
  /** How much count (or bytes, for the by-bytes ranking) may be overstated; 0 when exact. */
  readonly error: number;
  /** The other figure (bytes in the by-count ranking, count in the by-bytes one) is a lower bound. */
  readonly otherIsLowerBound: boolean;
}

/** Counters per sketch once a tally is over its exact limit (or half the limit, if smaller). */
const SKETCH_CAPACITY = 16_384;

/** Frequent items over one weight (column A), with a second weight (column B) summed while tracked. */
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
    t.add(t.entry(bytes, start, end, h), weight, other);
    if (t.size >= 2 * this.capacity) this.purge();
  }

  /** Tracked keys, heaviest first; weight is an upper bound that overstates by at most error. */
  top(n: number): { key: Buffer; weight: number; error: number; other: number }[] {
    const t = this.table;
    return t.top(n, COLUMN_A).map((e) => ({
      key: t.key(e),
      weight: t.value(e, COLUMN_A) + this.offset,
      error: this.offset,
      other: t.value(e, COLUMN_B),
    }));
  }

  private purge(): void {
    const old = this.table;
    const weights = new Float64Array(old.size);
    let i = 0;
    old.forEach((e) => (weights[i++] = old.value(e, COLUMN_A)));
    weights.sort();
    const cut = weights[weights.length - 1 - this.capacity]!;
    const next = new KeyTable(2 * this.capacity);
    old.forEach((e) => {
      const w = old.value(e, COLUMN_A) - cut;
      if (w <= 0) return;
      const r = old.keyRange(e);
      next.set(next.entry(r.bytes, r.start, r.end, hashBytes(r.bytes, r.start, r.end, this.scratch)), w, old.value(e, COLUMN_B));
    });
    this.table = next;
    this.offset += cut;
  }
}

/** Per-key commands and bytes: exact while at most `limit` keys, then two frequent-items sketches. */
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
        exact.add(exact.entry(bytes, start, end, h), 1, weight);
        return;
      }
      this.becomeSketch(exact);
    }
    this.byCount!.add(bytes, start, end, h, 1, weight);
    this.byBytes!.add(bytes, start, end, h, weight, 1);
    this.distinctKeys!.add(h);
  }

  /** Pulls the key's slot into the cache ahead of add (see KeyTable.warm); the sketches are small enough not to need it. */
  warm(h: KeyHash): number {
    return this.exact === null ? 0 : this.exact.warm(h);
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
    if (this.exact !== null) return this.exactTop(n, COLUMN_A);
    return this.byCount!.top(n).map((t) => ({ key: t.key, count: t.weight, bytes: t.other, error: t.error, otherIsLowerBound: true }));
  }

  topByBytes(n: number): TallyEntry[] {
    if (this.exact !== null) return this.exactTop(n, COLUMN_B);
    return this.byBytes!.top(n).map((t) => ({ key: t.key, count: t.other, bytes: t.weight, error: t.error, otherIsLowerBound: true }));
  }

  private exactTop(n: number, column: Column): TallyEntry[] {
    const t = this.exact!;
    return t.top(n, column).map((e) => ({
      key: t.key(e),
      count: t.value(e, COLUMN_A),
      bytes: t.value(e, COLUMN_B),
      error: 0,
      otherIsLowerBound: false,
    }));
  }

  /** Hands every exact counter to the sketches, and every key to the distinct-count estimator. */
  private becomeSketch(exact: KeyTable): void {
    // Each sketch holds at most 2 × capacity counters. A few thousand are plenty for a top-N list (the
    // error bound is total / capacity) and keep the sketch in cache, which is what makes it fast.
    const capacity = Math.max(1, Math.min(SKETCH_CAPACITY, Math.floor(this.limit / 2)));
    this.byCount = new FrequentItems(capacity);
    this.byBytes = new FrequentItems(capacity);
    this.distinctKeys = new HyperLogLog();
    const h: KeyHash = { h1: 0, h2: 0 };
    exact.forEach((e) => {
      const r = exact.keyRange(e);
      hashBytes(r.bytes, r.start, r.end, h);
      const count = exact.value(e, COLUMN_A);
      const bytes = exact.value(e, COLUMN_B);
      this.byCount!.add(r.bytes, r.start, r.end, h, count, bytes);
      this.byBytes!.add(r.bytes, r.start, r.end, h, bytes, count);
      this.distinctKeys!.add(h);
    });
    this.exact = null;
  }
}
