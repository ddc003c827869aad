// HashValue against a Map model: random HSET/HSETNX/HDEL/HINCRBY-like sequences across the packed → table conversion, insertion order included.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HASH_MAX_PACKED_BYTES, HASH_MAX_PACKED_ENTRIES, HashValue } from '../../src/keyspace/hash/hash-value.js';

const b = (s: string) => Buffer.from(s, 'latin1');
const pairs = (h: HashValue) => [...h.entries()].map(([f, v]) => [f.toString('latin1'), v.toString('latin1')]);

/** Copies s into a scratch buffer and returns a view of it, overwritten after the call: HashValue must copy. */
const scratch = Buffer.alloc(4096);
function transient(s: string, at: number): Buffer {
  const n = scratch.write(s, at, 'latin1');
  return scratch.subarray(at, at + n);
}

type Op = { kind: 'set' | 'setnx'; field: string; value: string } | { kind: 'del' | 'incr' | 'get'; field: string } | { kind: 'dup' };

/** Mostly short fields from a pool whose size decides whether the hash outgrows the packed form; a few too long to pack. */
function opsArbitrary(pool: number): fc.Arbitrary<Op[]> {
  const field = fc.oneof(
    { weight: 10, arbitrary: fc.nat(pool - 1).map((n) => `field:${n}`) },
    // Same length, differing only in the first byte: the scan must compare every byte.
    { weight: 10, arbitrary: fc.nat(pool - 1).map((n) => `${n % 10}:field:${Math.floor(n / 10)}`) },
    { weight: 1, arbitrary: fc.constantFrom('', '\x00', '\xff\x00', 'x'.repeat(HASH_MAX_PACKED_BYTES), 'y'.repeat(HASH_MAX_PACKED_BYTES + 1)) },
  );
  const value = fc.oneof(
    { weight: 20, arbitrary: fc.string({ maxLength: 20 }).map((s) => b(s).toString('latin1')) },
    { weight: 1, arbitrary: fc.constantFrom('', 'v'.repeat(HASH_MAX_PACKED_BYTES), 'w'.repeat(HASH_MAX_PACKED_BYTES + 1)) },
  );
  const op: fc.Arbitrary<Op> = fc.oneof(
    { weight: 8, arbitrary: fc.record({ kind: fc.constant('set' as const), field, value }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('setnx' as const), field, value }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('del' as const), field }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('incr' as const), field }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('get' as const), field }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'dup' as const }) },
  );
  return fc.array(op, { maxLength: 800, size: 'max' });
}

/** Applies ops to a HashValue and a Map, checking every return value; replaces the hash by its dup on 'dup'. */
function replay(ops: Op[]): { h: HashValue; model: Map<string, string>; dups: [HashValue, [string, string][]][] } {
  let h = new HashValue();
  const model = new Map<string, string>();
  const dups: [HashValue, [string, string][]][] = [];
  for (const op of ops) {
    switch (op.kind) {
      case 'set':
        expect(h.set(transient(op.field, 0), transient(op.value, 2048))).toBe(!model.has(op.field));
        model.set(op.field, op.value);
        break;
      case 'setnx':
        if (h.get(transient(op.field, 0)) === undefined) {
          expect(model.has(op.field)).toBe(false);
          expect(h.set(transient(op.field, 0), transient(op.value, 2048))).toBe(true);
          model.set(op.field, op.value);
        } else {
          expect(model.has(op.field)).toBe(true);
        }
        break;
      case 'del':
        expect(h.delete(transient(op.field, 0))).toBe(model.delete(op.field));
        break;
      case 'incr': {
        // HINCRBY by 7: the value's length changes now and then (9 → 16), moving the packed tail.
        const cur = h.get(transient(op.field, 0));
        expect(cur?.toString('latin1')).toBe(model.get(op.field));
        const next = String((Number(cur?.toString('latin1')) || 0) + 7);
        expect(h.set(transient(op.field, 0), b(next))).toBe(!model.has(op.field));
        model.set(op.field, next);
        break;
      }
      case 'get':
        expect(h.get(transient(op.field, 0))?.toString('latin1')).toBe(model.get(op.field));
        break;
      case 'dup': {
        // The original must keep its contents whatever the dup goes through next.
        dups.push([h, [...model]]);
        h = h.dup();
        break;
      }
    }
    scratch.fill(0x7a);
    expect(h.size).toBe(model.size);
  }
  return { h, model, dups };
}

describe('HashValue against a Map model', () => {
  it('agrees on every reply, get and the entries order, across the packed → table conversion', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 * HASH_MAX_PACKED_ENTRIES }).chain((pool) => opsArbitrary(pool)),
        (ops) => {
          const { h, model, dups } = replay(ops);
          expect(pairs(h)).toEqual([...model]);
          for (const [f, v] of model) expect(h.get(b(f))?.toString('latin1')).toBe(v);
          for (const [d, contents] of dups) expect(pairs(d)).toEqual(contents);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('HashValue insertion order', () => {
  it('keeps an overwritten field in place and moves a deleted, re-added one to the end, in both forms', () => {
    const h = new HashValue();
    const model = new Map<string, string>();
    const set = (f: string, v: string) => {
      h.set(b(f), b(v));
      model.set(f, v);
    };
    const del = (f: string) => {
      h.delete(b(f));
      model.delete(f);
    };
    for (let i = 0; i < HASH_MAX_PACKED_ENTRIES; i++) set(`f${i}`, `v${i}`);
    set('f3', 'a longer value than before');
    set('f5', '');
    del('f1');
    set('f1', 'back');
    expect(pairs(h)).toEqual([...model]);
    // One more field converts the hash; the order carries over and the same rules hold after.
    set('extra', 'x');
    set('f0', 'overwritten');
    del('f2');
    set('f2', 'again');
    expect(pairs(h)).toEqual([...model]);
    expect(
      pairs(h)
        .slice(-3)
        .map(([f]) => f),
    ).toEqual(['f1', 'extra', 'f2']);
  });

  it('converts on a value too long to pack and keeps the order', () => {
    const h = new HashValue();
    h.set(b('a'), b('1'));
    h.set(b('b'), b('2'));
    expect(h.set(b('a'), Buffer.alloc(HASH_MAX_PACKED_BYTES + 1, 0x61))).toBe(false);
    h.set(b('c'), b('3'));
    expect(pairs(h).map(([f, v]) => [f, v!.length])).toEqual([
      ['a', HASH_MAX_PACKED_BYTES + 1],
      ['b', 1],
      ['c', 1],
    ]);
  });
});
