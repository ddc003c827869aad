// Counts commands and bytes per key in bounded memory: exact up to a limit, then a frequent-items sketch.
//
// The sketch is Misra-Gries with batched purges (the scheme of Apache DataSketches' frequent items), run on
// both weights (commands and bytes) in one table, so each update is one look-up. When the table is full, for
// each weight the (capacity+1)-th largest counter is subtracted from every counter of that weight (counters
// stop at zero), keys left at zero on both are dropped, and what was subtracted is added to that weight's
// offset. A counter only ever loses what the purges subtracted, so a key's true weight lies in
// [counter, counter + offset], an untracked key's is at most offset, and offset never exceeds
// total / (capacity + 1): every key heavier than that is tracked. Amortised O(1) per update.

import { HyperLogLog } from './hyperloglog.js';
import { COLUMN_A, COLUMN_B, KeyTable, type Column, type KeyTablePart } from './key-table.js';
import type { KeyHash } from '../rdb/key-hash.js';

export interface TallyEntry {
  readonly key: Buffer;
  readonly count: number;
  readonly bytes: number;
  /** How much count (or bytes, for the by-bytes ranking) may be overstated; 0 when exact. */
  readonly error: number;
  /** The other figure (bytes in the by-count ranking, count in the by-bytes one) is a lower bound. */
  readonly otherIsLowerBound: boolean;
}

/**
 * Counters kept per weight after a purge, once a tally is over its exact limit (or a quarter of the limit, if
 * smaller). The table holds up to four times this many keys, in 16 Ki slots of 64 bytes (1 MiB, and as much again
 * for the spare table a purge fills): small enough to stay in cache, and the bound total / 2049 is tight enough
 * for a top-N list (±195 in the 7 M commands of a 355 MB redis-benchmark AOF).
 */
const SKETCH_CAPACITY = 2048;

/** A tracked key: both weights as upper bounds (counter + offset), and how much each may overstate. */
export interface FrequentItem {
  readonly key: Buffer;
  /** Upper bounds of the key's two weights; the true ones are at least a - errorA and b - errorB. */
  readonly a: number;
  readonly b: number;
  readonly errorA: number;
  readonly errorB: number;
}

/** A FrequentItems as plain data, to be posted from a worker thread. */
export interface FrequentItemsPart {
  readonly table: KeyTablePart;
  readonly offsetA: number;
  readonly offsetB: number;
}

/** Frequent items over two weights at once (A and B: a key's commands and bytes), in one table. */
export class FrequentItems {
  private table: KeyTable;
  /** Where survivors of a purge go; the two tables swap, so purges allocate nothing. */
  private spare: KeyTable;
  /** What purges subtracted so far from each weight: the most any counter of it may be understated by. */
  private offsetA = 0;
  private offsetB = 0;
  private readonly limit: number;
  /** A purge's scratch: the slots in use and their two counters (the selection reorders these). */
  private readonly slots: Int32Array;
  private readonly valuesA: Float64Array;
  private readonly valuesB: Float64Array;

  constructor(readonly capacity: number) {
    this.limit = 4 * capacity;
    this.table = new KeyTable(this.limit);
    this.spare = new KeyTable(this.limit);
    this.slots = new Int32Array(this.limit);
    this.valuesA = new Float64Array(this.limit);
    this.valuesB = new Float64Array(this.limit);
  }

  add(bytes: Buffer, start: number, end: number, h: KeyHash, a: number, b: number): void {
    const t = this.table;
    t.add(t.entry(bytes, start, end, h), a, b);
    if (t.size >= this.limit) this.purge();
  }

  part(): FrequentItemsPart {
    return { table: this.table.part(), offsetA: this.offsetA, offsetB: this.offsetB };
  }

  /**
   * Counts what another sketch counted, over a stream of its own (the summaries of Misra-Gries merge): its
   * counters are added, its offsets too, so every bound holds for the two streams together.
   */
  absorb(part: FrequentItemsPart): void {
    KeyTable.fromPart(part.table).drain((bytes, start, end, h, a, b) => {
      this.add(bytes, start, end, h, a, b);
    });
    this.offsetA += part.offsetA;
    this.offsetB += part.offsetB;
  }

  /** The n keys with the largest counters of one weight, heaviest first (keys whose counter is 0 are not tracked for it). */
  top(n: number, column: Column): FrequentItem[] {
    const t = this.table;
    return t
      .top(n, column)
      .filter((e) => t.value(e, column) > 0)
      .map((e) => ({
        key: t.key(e),
        a: t.value(e, COLUMN_A) + this.offsetA,
        b: t.value(e, COLUMN_B) + this.offsetB,
        errorA: this.offsetA,
        errorB: this.offsetB,
      }));
  }

  private purge(): void {
    const old = this.table;
    const next = this.spare;
    const { slots, valuesA, valuesB, capacity } = this;
    const n = old.slotsInUse(slots);
    for (let i = 0; i < n; i++) {
      valuesA[i] = old.value(slots[i]!, COLUMN_A);
      valuesB[i] = old.value(slots[i]!, COLUMN_B);
    }
    const cutA = n > capacity ? kthLargest(valuesA, n, capacity) : 0;
    const cutB = n > capacity ? kthLargest(valuesB, n, capacity) : 0;
    for (let i = 0; i < n; i++) {
      const slot = slots[i]!;
      const a = Math.max(old.value(slot, COLUMN_A) - cutA, 0);
      const b = Math.max(old.value(slot, COLUMN_B) - cutB, 0);
      if (a > 0 || b > 0) next.insertFrom(old, slot, a, b);
    }
    old.clear(slots, n);
    this.table = next;
    this.spare = old;
    this.offsetA += cutA;
    this.offsetB += cutB;
  }
}

/** The k-th largest (0-based) of values[0..n), in O(n) expected time; reorders values. */
export function kthLargest(values: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  for (;;) {
    if (lo >= hi) return values[lo]!;
    // Three-way partition around a middle pivot (counters repeat a lot: mostly 1s): > pivot, = pivot, < pivot.
    const pivot = values[(lo + hi) >>> 1]!;
    let lt = lo;
    let gt = hi;
    let i = lo;
    while (i <= gt) {
      const v = values[i]!;
      if (v > pivot) {
        values[i++] = values[lt]!;
        values[lt++] = v;
      } else if (v < pivot) {
        values[i] = values[gt]!;
        values[gt--] = v;
      } else i++;
    }
    if (k < lt) hi = lt - 1;
    else if (k > gt) lo = gt + 1;
    else return pivot;
  }
}

/** A KeyTally as plain data, to be posted from a worker thread: its exact table, or its sketch and distinct-key registers. */
export type KeyTallyPart = { readonly exact: KeyTablePart } | { readonly sketch: FrequentItemsPart; readonly distinct: Uint8Array };

/** Per-key commands and bytes: exact while at most `limit` keys, then a frequent-items sketch. */
export class KeyTally {
  private exact: KeyTable | null;
  private sketch: FrequentItems | null = null;
  private distinctKeys: HyperLogLog | null = null;

  constructor(readonly limit: number) {
    // Small to start with (a database of a few keys), then straight to room for the limit.
    this.exact = new KeyTable(Math.min(limit, 1024), limit);
  }

  /** `touches` occurrences (default one) of the key bytes[start..end) (hash h), weighing `weight` in all. */
  add(bytes: Buffer, start: number, end: number, h: KeyHash, weight: number, touches = 1): void {
    const exact = this.exact;
    if (exact !== null) {
      // At the limit, a key already counted is still counted exactly: only one more distinct key ends that.
      const slot = exact.size < this.limit ? exact.entry(bytes, start, end, h) : exact.find(bytes, start, end, h);
      if (slot >= 0) {
        exact.add(slot, touches, weight);
        return;
      }
      this.becomeSketch(exact);
    }
    this.sketch!.add(bytes, start, end, h, touches, weight);
    this.distinctKeys!.add(h);
  }

  part(): KeyTallyPart {
    if (this.exact !== null) return { exact: this.exact.part() };
    return { sketch: this.sketch!.part(), distinct: this.distinctKeys!.part() };
  }

  /**
   * Counts what another tally (of the same limit) counted: its exact counts are added key by key, as if
   * this tally had seen its keys; a sketch makes this one a sketch too, and the two are merged.
   */
  absorb(part: KeyTallyPart): void {
    if ('sketch' in part) {
      if (this.exact !== null) this.becomeSketch(this.exact);
      this.sketch!.absorb(part.sketch);
      this.distinctKeys!.absorb(part.distinct);
      return;
    }
    // A counts commands, B bytes: add() takes the bytes (weight) first.
    KeyTable.fromPart(part.exact).drain((bytes, start, end, h, commands, weight) => {
      this.add(bytes, start, end, h, weight, commands);
    });
  }

  /** Pulls the key's slot into the cache ahead of add (see KeyTable.warm); the sketch is small enough not to need it (measured). */
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
    // The figure not ranked on is reported as counted: a lower bound.
    return this.sketch!.top(n, COLUMN_A).map((t) => ({ key: t.key, count: t.a, bytes: t.b - t.errorB, error: t.errorA, otherIsLowerBound: true }));
  }

  topByBytes(n: number): TallyEntry[] {
    if (this.exact !== null) return this.exactTop(n, COLUMN_B);
    return this.sketch!.top(n, COLUMN_B).map((t) => ({ key: t.key, count: t.a - t.errorA, bytes: t.b, error: t.errorB, otherIsLowerBound: true }));
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

  /** Hands every exact counter to the sketch, and every key to the distinct-count estimator. */
  private becomeSketch(exact: KeyTable): void {
    // A few thousand counters are plenty for a top-N list (the error bound is total / capacity) and keep
    // the sketch in cache, which is what makes it fast.
    const capacity = Math.max(1, Math.min(SKETCH_CAPACITY, Math.floor(this.limit / 4)));
    const sketch = (this.sketch = new FrequentItems(capacity));
    const distinct = (this.distinctKeys = new HyperLogLog());
    this.exact = null;
    // Drained, not dropped: up to 16 MiB would otherwise stay resident until V8's next major GC, late in a long read.
    exact.drain((bytes, start, end, h, a, b) => {
      sketch.add(bytes, start, end, h, a, b);
      distinct.add(h);
    });
  }
}
