// Counts commands and bytes per key in bounded memory: exact up to a limit, then Space-Saving sketches.
//
// Space-Saving (Metwally, Agrawal, El Abbadi 2005) keeps `capacity` counters; a key that is not tracked
// takes over the smallest counter and inherits its value as its possible overcount (`error`). Any key whose
// true weight exceeds total/capacity is guaranteed to be tracked, and a tracked key's true weight lies in
// [weight - error, weight]. Keys are strings holding the key bytes as latin1 (one char per byte).

import { HyperLogLog } from './hyperloglog.js';

/** Space-Saving over one weight; a min-heap finds the counter to take over. */
export class SpaceSaving {
  private readonly slots = new Map<string, number>();
  private readonly keys: string[] = [];
  private readonly weights: number[] = [];
  private readonly errors: number[] = [];
  /** A second weight summed only while the key is tracked: a lower bound, shown beside the ranked one. */
  private readonly others: number[] = [];
  /** Slot numbers ordered as a min-heap on weight; pos[slot] is the slot's place in it. */
  private readonly heap: number[] = [];
  private readonly pos: number[] = [];

  constructor(readonly capacity: number) {}

  add(key: string, weight: number, other: number): void {
    const slot = this.slots.get(key);
    if (slot !== undefined) {
      this.weights[slot]! += weight;
      this.others[slot]! += other;
      this.siftDown(this.pos[slot]!);
      return;
    }
    if (this.keys.length < this.capacity) {
      this.insert(key, weight, 0, other);
      return;
    }
    const min = this.heap[0]!;
    this.slots.delete(this.keys[min]!);
    this.slots.set(key, min);
    this.keys[min] = key;
    this.errors[min] = this.weights[min]!;
    this.weights[min]! += weight;
    this.others[min] = other;
    this.siftDown(0);
  }

  /** Adds a counter known exactly (used when an exact tally turns into a sketch). */
  seed(key: string, weight: number, other: number): void {
    this.insert(key, weight, 0, other);
  }

  /** Tracked keys, heaviest first. */
  top(n: number): Array<{ key: string; weight: number; error: number; other: number }> {
    const order = this.keys.map((_, i) => i).sort((a, b) => this.weights[b]! - this.weights[a]!);
    return order.slice(0, n).map((i) => ({ key: this.keys[i]!, weight: this.weights[i]!, error: this.errors[i]!, other: this.others[i]! }));
  }

  private insert(key: string, weight: number, error: number, other: number): void {
    const slot = this.keys.length;
    this.keys.push(key);
    this.weights.push(weight);
    this.errors.push(error);
    this.others.push(other);
    this.slots.set(key, slot);
    this.heap.push(slot);
    this.pos.push(this.heap.length - 1);
    this.siftUp(this.heap.length - 1);
  }

  private siftUp(i: number): void {
    const { heap, weights } = this;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (weights[heap[parent]!]! <= weights[heap[i]!]!) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const { heap, weights } = this;
    const n = heap.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) return;
      const r = l + 1;
      const child = r < n && weights[heap[r]!]! < weights[heap[l]!]! ? r : l;
      if (weights[heap[i]!]! <= weights[heap[child]!]!) return;
      this.swap(i, child);
      i = child;
    }
  }

  private swap(a: number, b: number): void {
    const { heap, pos } = this;
    const sa = heap[a]!;
    const sb = heap[b]!;
    heap[a] = sb;
    heap[b] = sa;
    pos[sb] = a;
    pos[sa] = b;
  }
}

export interface TallyEntry {
  /** The key bytes as a latin1 string. */
  readonly key: string;
  readonly count: number;
  readonly bytes: number;
  /** How much count (or bytes, for the by-bytes ranking) may be overstated; 0 when exact. */
  readonly error: number;
  /** The other figure (bytes in the by-count ranking, count in the by-bytes one) is a lower bound. */
  readonly otherIsLowerBound: boolean;
}

interface Exact {
  count: number;
  bytes: number;
}

/** Per-key commands and bytes: an exact map while it holds at most `limit` keys, then two sketches. */
export class KeyTally {
  private exact: Map<string, Exact> | null = new Map();
  private byCount: SpaceSaving | null = null;
  private byBytes: SpaceSaving | null = null;
  private distinctKeys: HyperLogLog | null = null;

  constructor(readonly limit: number) {}

  add(key: string, bytes: number): void {
    const exact = this.exact;
    if (exact !== null) {
      const e = exact.get(key);
      if (e !== undefined) {
        e.count++;
        e.bytes += bytes;
        return;
      }
      if (exact.size < this.limit) {
        exact.set(key, { count: 1, bytes });
        return;
      }
      this.becomeSketch(exact);
    }
    this.byCount!.add(key, 1, bytes);
    this.byBytes!.add(key, bytes, 1);
    this.distinctKeys!.add(key);
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
    if (this.exact !== null) return this.exactTop(n, (e) => e.count);
    return this.byCount!.top(n).map((t) => ({ key: t.key, count: t.weight, bytes: t.other, error: t.error, otherIsLowerBound: true }));
  }

  topByBytes(n: number): TallyEntry[] {
    if (this.exact !== null) return this.exactTop(n, (e) => e.bytes);
    return this.byBytes!.top(n).map((t) => ({ key: t.key, count: t.other, bytes: t.weight, error: t.error, otherIsLowerBound: true }));
  }

  private exactTop(n: number, weight: (e: Exact) => number): TallyEntry[] {
    return [...this.exact!.entries()]
      .sort((a, b) => weight(b[1]) - weight(a[1]) || (a[0] < b[0] ? -1 : 1))
      .slice(0, n)
      .map(([key, e]) => ({ key, count: e.count, bytes: e.bytes, error: 0, otherIsLowerBound: false }));
  }

  /**
   * Keeps the heaviest `limit` keys of each ranking as exact counters. Every key dropped weighs no more
   * than the lightest kept one, which is the invariant Space-Saving needs to keep its guarantee.
   */
  private becomeSketch(exact: Map<string, Exact>): void {
    const entries = [...exact.entries()];
    this.byCount = new SpaceSaving(this.limit);
    this.byBytes = new SpaceSaving(this.limit);
    this.distinctKeys = new HyperLogLog();
    for (const [key] of entries) this.distinctKeys.add(key);
    const keep = (w: (e: Exact) => number) => entries.sort((a, b) => w(b[1]) - w(a[1])).slice(0, this.limit);
    for (const [key, e] of keep((e) => e.count)) this.byCount.seed(key, e.count, e.bytes);
    for (const [key, e] of keep((e) => e.bytes)) this.byBytes.seed(key, e.bytes, e.count);
    this.exact = null;
  }
}
