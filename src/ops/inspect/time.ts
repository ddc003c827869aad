// Commands over time from #TS annotations, in a bounded number of buckets that widen as the span grows.

import type { TimeStats } from './report.js';

/** Buckets kept at most: past this, bucket width doubles and neighbours merge. */
const BUCKETS_MAX = 2048;

/**
 * The time of commands read on another thread before the first #TS of their part: the time this thread
 * ends its own part at, known only when the parts are put together (timestamps are never negative).
 */
export const INHERITED_TS = -1;

/** A histogram as plain data, to be posted from a worker thread and absorbed. */
export interface TimePart {
  readonly width: number;
  readonly buckets: [number, number][];
  readonly first: number | null;
  readonly last: number | null;
  readonly untimed: number;
  /** Commands at INHERITED_TS. */
  readonly inherited: number;
}

export class TimeHistogram {
  private width = 1;
  /** Bucket index (ts / width, floored) → commands. */
  private buckets = new Map<number, number>();
  private first: number | null = null;
  private last: number | null = null;
  private untimed = 0;
  private inherited = 0;

  /** Commands at pendingTs not yet added to a bucket: consecutive commands share a timestamp. */
  private pendingTs: number | null = null;
  private pending = 0;

  /** Counts one command that ran at ts (null: before any #TS). */
  add(ts: number | null): void {
    if (ts === this.pendingTs) {
      this.pending++;
      return;
    }
    this.flush();
    this.pendingTs = ts;
    this.pending = 1;
  }

  private flush(): void {
    const ts = this.pendingTs;
    if (this.pending === 0) return;
    if (ts === null) this.untimed += this.pending;
    else if (ts === INHERITED_TS) this.inherited += this.pending;
    else {
      const b = Math.floor(ts / this.width);
      this.buckets.set(b, (this.buckets.get(b) ?? 0) + this.pending);
      while (this.buckets.size > BUCKETS_MAX) this.widen();
    }
    this.pending = 0;
  }

  /** Notes a timestamp annotation, so first/last also cover stretches without commands. */
  see(ts: number): void {
    if (this.first === null || ts < this.first) this.first = ts;
    if (this.last === null || ts > this.last) this.last = ts;
  }

  /** What was counted, to be absorbed by the histogram of the part before. */
  part(): TimePart {
    this.flush();
    return { width: this.width, buckets: [...this.buckets], first: this.first, last: this.last, untimed: this.untimed, inherited: this.inherited };
  }

  /** Adds the counts of the part after this one; its commands at INHERITED_TS ran at `ts`, the time this part ends at. */
  absorb(part: TimePart, ts: number | null): void {
    this.flush();
    this.pendingTs = ts;
    this.pending = part.inherited;
    this.flush();
    this.untimed += part.untimed;
    while (this.width < part.width) this.widen();
    // Widths are powers of two: a bucket of the narrower one lies inside one bucket of the wider.
    const ratio = this.width / part.width;
    for (const [b, n] of part.buckets) {
      const m = Math.floor(b / ratio);
      this.buckets.set(m, (this.buckets.get(m) ?? 0) + n);
    }
    while (this.buckets.size > BUCKETS_MAX) this.widen();
    if (part.first !== null) this.see(part.first);
    if (part.last !== null) this.see(part.last);
  }

  private widen(): void {
    const merged = new Map<number, number>();
    for (const [b, n] of this.buckets) {
      const m = Math.floor(b / 2);
      merged.set(m, (merged.get(m) ?? 0) + n);
    }
    this.width *= 2;
    this.buckets = merged;
  }

  result(): TimeStats | null {
    this.flush();
    if (this.first === null || this.last === null) return null;
    if (this.buckets.size === 0) {
      return { first: this.first, last: this.last, start: this.first, width: this.width, counts: [], untimed: this.untimed };
    }
    // Far-apart timestamps (a stray #TS:0) would make a dense array huge: widen until it is bounded.
    let lo: number;
    let hi: number;
    for (;;) {
      const indexes = [...this.buckets.keys()];
      lo = Math.min(...indexes);
      hi = Math.max(...indexes);
      if (hi - lo < BUCKETS_MAX) break;
      this.widen();
    }
    const counts = Array.from({ length: hi - lo + 1 }, (_, i) => this.buckets.get(lo + i) ?? 0);
    return { first: this.first, last: this.last, start: lo * this.width, width: this.width, counts, untimed: this.untimed };
  }
}
