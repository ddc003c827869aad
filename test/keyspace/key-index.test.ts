// KeyIndex, the databases' table: any sequence of inserts, updates and removals agrees with a Map, through growth and back-shifts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hash32, hashBytes } from '../../src/rdb/key-hash.js';
import { KeyIndex, hashKey } from '../../src/keyspace/core/key-index.js';

type Op = { op: 'put' | 'remove' | 'ttl'; key: Uint8Array; n: number };

// Few distinct short keys (so removals hit), keys at the 24-byte inline limit, and long ones.
const key = fc.oneof(
  fc.uint8Array({ maxLength: 2 }),
  fc.uint8Array({ minLength: 23, maxLength: 26 }).map((k) => k.map((b) => b & 3)),
  fc.uint8Array({ minLength: 30, maxLength: 40 }).map((k) => k.map((b) => b & 1)),
);
const opArb: fc.Arbitrary<Op> = fc.record({ op: fc.constantFrom('put' as const, 'put' as const, 'remove' as const, 'ttl' as const), key, n: fc.nat(1000) });

describe('KeyIndex', () => {
  it('matches a Map model', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 600 }), (ops) => {
        const t = new KeyIndex<number>();
        const model = new Map<string, [number, number | null]>();
        for (const o of ops) {
          const k = Buffer.from(o.key);
          const id = k.toString('hex');
          const slot = t.find(k);
          expect(slot >= 0).toBe(model.has(id));
          if (o.op === 'put') {
            if (slot < 0) t.insert(k, o.n, null);
            else t.setValue(slot, o.n);
            model.set(id, [o.n, model.get(id)?.[1] ?? null]);
          } else if (o.op === 'remove') {
            if (slot >= 0) t.remove(slot);
            model.delete(id);
          } else if (slot >= 0) {
            t.setTtl(slot, o.n);
            model.get(id)![1] = o.n;
          }
          expect(t.size).toBe(model.size);
        }
        const seen = new Map<string, [number, number | null]>();
        for (const s of t.slots()) seen.set(t.keyView(s).toString('hex'), [t.value(s), t.ttl(s)]);
        expect(seen).toEqual(model);
        const ordered = [...t.slotsInKeyOrder()].map((s) => t.keyView(s));
        const want = [...model.keys()].map((id) => Buffer.from(id, 'hex')).sort(Buffer.compare);
        expect(ordered).toEqual(want);
        for (const [id, [v, ttl]] of model) {
          const s = t.find(Buffer.from(id, 'hex'));
          expect([t.value(s), t.ttl(s)]).toEqual([v, ttl]);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('hands its keys over in byte order when there are enough to be sorted several bytes at a time', () => {
    // Over 1,024 keys: the sort reads each key's bytes in groups (SortKeys.wideDigits), from inline and long keys alike.
    fc.assert(
      fc.property(fc.uniqueArray(key, { minLength: 1100, maxLength: 3000, selector: (k) => Buffer.from(k).toString('hex') }), (keys) => {
        const t = new KeyIndex<number>();
        keys.forEach((k, i) => t.insert(Buffer.from(k), i, null));
        const ordered = [...t.slotsInKeyOrder()].map((s) => t.keyView(s));
        const want = keys.map((k) => Buffer.from(k)).sort(Buffer.compare);
        expect(ordered.length === want.length && ordered.every((k, i) => k.equals(want[i]!))).toBe(true);
      }),
      { numRuns: 20, endOnFailure: true },
    );
  });

  it('compares the key at a slot with bytes inside another buffer as Buffer#compare does, inline keys and long ones', () => {
    fc.assert(
      fc.property(key, key, fc.uint8Array({ maxLength: 5 }), (a, b, pad) => {
        const t = new KeyIndex<number>();
        t.insert(Buffer.from(a), 0, null);
        const other = Buffer.concat([Buffer.from(pad), Buffer.from(b), Buffer.from(pad)]);
        const got = t.compareKey(t.find(Buffer.from(a)), other, pad.length, pad.length + b.length);
        expect(Math.sign(got)).toBe(Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b))));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps finding keys that collide on the same home slot after any of them is removed', () => {
    const t = new KeyIndex<number>();
    // 11 keys is below the first growth: all share 16 slots, so long probe runs wrap around the end.
    const keys = Array.from({ length: 11 }, (_, i) => Buffer.from(`k${i}`));
    keys.forEach((k, i) => t.insert(k, i, null));
    for (let r = 0; r < keys.length; r++) {
      t.remove(t.find(keys[r]!));
      for (let i = r + 1; i < keys.length; i++) expect(t.value(t.find(keys[i]!))).toBe(i);
      expect(t.find(keys[r]!)).toBe(-1);
    }
    expect(t.size).toBe(0);
    expect(hashKey(Buffer.alloc(0))).not.toBe(0);
    // One hash for both tables: inspect's two-hash pass computes the same first hash.
    for (const k of keys) expect(hash32(k, 0, k.length)).toBe(hashBytes(k, 0, k.length, { h1: 0, h2: 0 }).h1);
  });
});
