// The bounded-memory counting inspect relies on: exact key table, frequent-items bounds, distinct-count estimate.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrequentItems, KeyTally, kthLargest } from '../../src/aof/heavy-hitters.js';
import { HyperLogLog } from '../../src/aof/hyperloglog.js';
import { KeyTable, COLUMN_A, COLUMN_B } from '../../src/aof/key-table.js';
import { hashBytes, type KeyHash } from '../../src/rdb/key-hash.js';
import { runInNewContext } from 'node:vm';
import { collectSoon } from '../../src/aof/collect-soon.js';

const h: KeyHash = { h1: 0, h2: 0 };
const add = (t: KeyTally, key: Buffer, bytes: number) => t.add(key, 0, key.length, hashBytes(key, 0, key.length, h), bytes);

describe('KeyTable', () => {
  it('keeps both numbers of every key, fractions and large values included, across many doublings', () => {
    const t = new KeyTable(16);
    const keyOf = (i: number) => Buffer.from(`k:${i}`);
    for (let i = 0; i < 20_000; i++) {
      const k = keyOf(i);
      t.add(t.entry(k, 0, k.length, hashBytes(k, 0, k.length, h)), i + 0.5, 2 ** 40 + i);
    }
    expect(t.size).toBe(20_000);
    for (let i = 0; i < 20_000; i += 7) {
      const k = keyOf(i);
      const slot = t.entry(k, 0, k.length, hashBytes(k, 0, k.length, h));
      expect([t.value(slot, COLUMN_A), t.value(slot, COLUMN_B)]).toEqual([i + 0.5, 2 ** 40 + i]);
      expect(t.key(slot)).toEqual(k);
    }
    expect(t.size).toBe(20_000);
  });

  it('counts exactly per key bytes, through growth, binary keys and keys that are views', () => {
    const t = new KeyTable(4);
    const big = Buffer.from('xxuser:1yyuser:1zz');
    const a = big.subarray(2, 8);
    const b = big.subarray(10, 16);
    for (const k of [a, b, Buffer.from([0, 255]), Buffer.from([0, 254]), Buffer.alloc(0)]) {
      t.add(t.entry(k, 0, k.length, hashBytes(k, 0, k.length, h)), 1, k.length);
    }
    for (let i = 0; i < 1000; i++) {
      const k = Buffer.from(`k${i}`);
      t.add(t.entry(k, 0, k.length, hashBytes(k, 0, k.length, h)), 1, 0);
    }
    expect(t.size).toBe(4 + 1000);
    const top = t.top(1, COLUMN_A);
    expect(t.key(top[0]!).toString()).toBe('user:1');
    expect(t.value(top[0]!, COLUMN_A)).toBe(2);
  });
});

describe('KeyTable key storage', () => {
  it('tells apart keys that fit in a slot and keys that do not, around the boundary, and orders ties by bytes', () => {
    const t = new KeyTable(4);
    const keys: Buffer[] = [];
    for (let len = 0; len <= 70; len++) {
      keys.push(Buffer.alloc(len, 0x61));
      if (len > 0) keys.push(Buffer.concat([Buffer.alloc(len - 1, 0x61), Buffer.from([0x62])]));
    }
    for (const k of keys) t.add(t.entry(k, 0, k.length, hashBytes(k, 0, k.length, h)), 1, k.length);
    for (const k of keys) t.add(t.entry(k, 0, k.length, hashBytes(k, 0, k.length, h)), 1, 0);
    expect(t.size).toBe(keys.length);
    const top = t.top(keys.length, COLUMN_A);
    const sorted = [...keys].sort(Buffer.compare);
    expect(top.map((s) => t.key(s))).toEqual(sorted);
    for (const s of top) {
      const r = t.keyRange(s);
      expect(r.bytes.subarray(r.start, r.end)).toEqual(t.key(s));
      expect([t.value(s, COLUMN_A), t.value(s, COLUMN_B)]).toEqual([2, t.key(s).length]);
    }
  });
});

describe('FrequentItems', () => {
  // With a cut, the stream's two parts go to two sketches, the second absorbed by the first (as a split inspect does).
  it.each([false, true])('keeps every key heavier than total/(capacity+1) on either weight and bounds each estimate, parts merged: %s (property)', (merged) => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ x: fc.integer({ min: 0, max: 60 }), bytes: fc.integer({ min: 1, max: 500 }) }), { minLength: 1, maxLength: 600 }),
        fc.integer({ min: 1, max: 8 }),
        fc.nat(),
        (stream, capacity, cut0) => {
          const sketch = new FrequentItems(capacity);
          const second = merged ? new FrequentItems(capacity) : sketch;
          const cut = cut0 % (stream.length + 1);
          const truth = new Map<number, { count: number; bytes: number }>();
          let totalBytes = 0;
          for (const [i, { x, bytes }] of stream.entries()) {
            const key = Buffer.from(`k${x}`);
            (i < cut ? sketch : second).add(key, 0, key.length, hashBytes(key, 0, key.length, h), 1, bytes);
            const t = truth.get(x) ?? { count: 0, bytes: 0 };
            t.count++;
            t.bytes += bytes;
            truth.set(x, t);
            totalBytes += bytes;
          }
          // Through a structured clone, as a worker thread posts it.
          if (merged) sketch.absorb(structuredClone(second.part()));
          const id = (key: Buffer) => Number(key.toString().slice(1));
          const byCount = new Map(sketch.top(1000, COLUMN_A).map((t) => [id(t.key), t]));
          const byBytes = new Map(sketch.top(1000, COLUMN_B).map((t) => [id(t.key), t]));
          for (const [x, { count, bytes }] of truth) {
            if (count > stream.length / (capacity + 1)) expect(byCount.get(x)).toBeDefined();
            if (bytes > totalBytes / (capacity + 1)) expect(byBytes.get(x)).toBeDefined();
            for (const t of [byCount.get(x), byBytes.get(x)]) {
              if (!t) continue;
              expect(t.a).toBeGreaterThanOrEqual(count);
              expect(t.a - t.errorA).toBeLessThanOrEqual(count);
              expect(t.b).toBeGreaterThanOrEqual(bytes);
              expect(t.b - t.errorB).toBeLessThanOrEqual(bytes);
            }
          }
          expect(byCount.size).toBeLessThanOrEqual(4 * capacity);
        },
      ),
    );
  });

  it('finds the k-th largest of values with many repeats (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 300 }), fc.nat(), (values, k0) => {
        const k = k0 % values.length;
        const sorted = [...values].sort((a, b) => b - a);
        expect(kthLargest(Float64Array.from(values), values.length, k)).toBe(sorted[k]);
      }),
    );
  });
});

describe('KeyTally', () => {
  it('is exact up to its limit, then says it estimates', () => {
    const t = new KeyTally(100);
    for (let i = 0; i < 100; i++) add(t, Buffer.from(`k${i}`), 10);
    expect(t.isExact).toBe(true);
    expect(t.distinct).toBe(100);
    add(t, Buffer.from('one-more'), 10);
    expect(t.isExact).toBe(false);
    expect(t.distinct).toBeGreaterThan(90);
    expect(t.distinct).toBeLessThan(110);
  });
});

describe('memory given back', () => {
  const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

  it('collectSoon frees memory just dropped within a few turns, not at a later GC, and leaves the process without an exposed gc', async () => {
    const before = process.memoryUsage().arrayBuffers;
    // 16 MiB, a key table's size: small enough that V8 would not collect it soon for its own reasons.
    let b: ArrayBuffer | null = new ArrayBuffer(16 << 20);
    new Uint8Array(b).fill(1);
    expect(process.memoryUsage().arrayBuffers - before).toBeGreaterThan(15 << 20);
    b = null;
    collectSoon();
    await settle();
    expect(b).toBeNull();
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(4 << 20);
    expect(runInNewContext('typeof gc')).toBe('undefined');
  });

  it('a tally that turns into a sketch gives its exact table (16 MiB at the default limit) back at once', async () => {
    const t = new KeyTally(150_000);
    for (let i = 0; i < 150_000; i++) add(t, Buffer.from(`k${i}`), 1);
    await settle();
    const exact = process.memoryUsage().arrayBuffers;
    add(t, Buffer.from('one-more'), 1);
    expect(t.isExact).toBe(false);
    await settle();
    expect(exact - process.memoryUsage().arrayBuffers).toBeGreaterThan(12 << 20);
  });
});

describe('KeyTally of two parts', () => {
  const keys = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => Buffer.from(`k${from + i}`));

  it('counts exactly what one tally counts while the union stays within the limit', () => {
    const one = new KeyTally(100);
    const first = new KeyTally(100);
    const second = new KeyTally(100);
    for (const k of keys(0, 60)) [one, first].forEach((t) => add(t, k, 3));
    for (const k of keys(30, 100)) [one, second].forEach((t) => add(t, k, 5));
    first.absorb(structuredClone(second.part()));
    expect(first.isExact).toBe(true);
    expect(first.distinct).toBe(100);
    expect(first.topByCount(100)).toEqual(one.topByCount(100));
    expect(first.topByBytes(100)).toEqual(one.topByBytes(100));
  });

  it('estimates once the union passes the limit, or when the part absorbed estimates', () => {
    const first = new KeyTally(100);
    const second = new KeyTally(100);
    for (const k of keys(0, 80)) add(first, k, 1);
    for (const k of keys(50, 140)) add(second, k, 1);
    first.absorb(second.part());
    expect(first.isExact).toBe(false);
    expect(Math.abs(first.distinct - 140)).toBeLessThan(7);

    const small = new KeyTally(1000);
    const big = new KeyTally(1000);
    for (const k of keys(0, 10)) add(small, k, 1);
    for (const k of keys(0, 5000)) add(big, k, 1);
    small.absorb(structuredClone(big.part()));
    expect(small.isExact).toBe(false);
    expect(Math.abs(small.distinct - 5000) / 5000).toBeLessThan(0.03);
  });
});

describe('HyperLogLog', () => {
  it('estimates the union of two estimators’ items', () => {
    const a = new HyperLogLog();
    const b = new HyperLogLog();
    for (let i = 0; i < 40_000; i++) {
      const k = Buffer.from(`user:${i}`);
      (i < 25_000 ? a : b).add(hashBytes(k, 0, k.length, h));
      if (i >= 15_000 && i < 25_000) b.add(hashBytes(k, 0, k.length, h));
    }
    a.absorb(b.part());
    expect(Math.abs(a.estimate() - 40_000) / 40_000).toBeLessThan(0.03);
  });

  it('estimates distinct counts within a few percent', () => {
    for (const n of [1_000, 50_000, 300_000]) {
      const hll = new HyperLogLog();
      for (let i = 0; i < n; i++) {
        const k = Buffer.from(`user:${i}`);
        hll.add(hashBytes(k, 0, k.length, h));
      }
      expect(Math.abs(hll.estimate() - n) / n).toBeLessThan(0.03);
    }
  });
});
