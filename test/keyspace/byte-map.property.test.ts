// ByteMap against a Map model: random sets, overwrites, deletes and dups, through index growth, squeezes and compaction.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteMap } from '../../src/keyspace/core/byte-map.js';

const b = (s: string) => Buffer.from(s, 'latin1');

/** A view of a scratch buffer that is overwritten after the call: the map must copy what it keeps. */
const scratch = Buffer.alloc(4096);
function transient(s: string, at: number): Buffer {
  const n = scratch.write(s, at, 'latin1');
  return scratch.subarray(at, at + n);
}

type Op = { kind: 'set'; key: string; value: string } | { kind: 'del' | 'get'; key: string } | { kind: 'dup' };

/** Keys from a small pool (so deletes and overwrites hit), values of changing lengths (moves and in-place writes). */
function opsArbitrary(pool: number): fc.Arbitrary<Op[]> {
  const key = fc.oneof(
    { weight: 10, arbitrary: fc.nat(pool - 1).map((n) => `element:${n}`) },
    // Same length, differing in the first byte only.
    { weight: 5, arbitrary: fc.nat(pool - 1).map((n) => `${n % 10}:k:${Math.floor(n / 10)}`) },
    { weight: 1, arbitrary: fc.constantFrom('', '\x00', '\xff\x00', 'x'.repeat(300)) },
  );
  const value = fc.oneof(
    { weight: 10, arbitrary: fc.string({ maxLength: 12 }).map((s) => b(s).toString('latin1')) },
    { weight: 1, arbitrary: fc.constantFrom('', 'v'.repeat(200)) },
  );
  const op: fc.Arbitrary<Op> = fc.oneof(
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('set' as const), key, value }) },
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('del' as const), key }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('get' as const), key }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'dup' as const }) },
  );
  return fc.array(op, { maxLength: 1500, size: 'max' });
}

const contents = (m: ByteMap) => [...m.entries()].map(([k, v]) => [k.toString('latin1'), v.toString('latin1')]);

function replay(ops: Op[], withValues: boolean): void {
  let m = new ByteMap(withValues);
  const model = new Map<string, string>();
  const dups: [ByteMap, string[][]][] = [];
  for (const op of ops) {
    if (op.kind === 'set') {
      const value = withValues ? op.value : '';
      expect(m.set(transient(op.key, 0), transient(value, 2048))).toBe(!model.has(op.key));
      model.set(op.key, value);
    } else if (op.kind === 'del') {
      expect(m.delete(transient(op.key, 0))).toBe(model.delete(op.key));
    } else if (op.kind === 'get') {
      expect(m.get(transient(op.key, 0))?.toString('latin1')).toBe(model.get(op.key));
      expect(m.has(transient(op.key, 0))).toBe(model.has(op.key));
    } else {
      // The copy must not share bytes or columns with the original: later changes to either stay apart.
      dups.push([m, [...model]]);
      m = m.dup();
    }
    expect(m.size).toBe(model.size);
  }
  expect(contents(m)).toEqual([...model]);
  for (const [d, snapshot] of dups) expect(contents(d)).toEqual(snapshot);
}

describe('ByteMap', () => {
  it('behaves as an insertion-ordered Map (values kept in place on overwrite), through growth and squeezes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 400 }), fc.boolean(), (pool, withValues) => {
        fc.assert(
          fc.property(opsArbitrary(pool), (ops) => replay(ops, withValues)),
          { numRuns: 3 },
        );
      }),
      { numRuns: 40 },
    );
  });

  it('keeps the order and every value through a million deletes and re-adds', () => {
    const m = new ByteMap(true);
    const model = new Map<string, string>();
    for (let i = 0; i < 1_000_000; i++) {
      const k = `element:${(i * 7919) % 50_000}`;
      if (i % 3 === 2) expect(m.delete(b(k))).toBe(model.delete(k));
      else {
        const v = 'x'.repeat(i % 17);
        m.set(b(k), b(v));
        model.set(k, v);
      }
    }
    expect(contents(m)).toEqual([...model]);
  });

  it('a set has empty values and yields keys in insertion order', () => {
    const s = new ByteMap(false);
    for (const k of ['b', 'a', 'c', 'a']) s.set(b(k));
    s.delete(b('b'));
    s.set(b('b'));
    expect([...s.keysInOrder()].map(String)).toEqual(['a', 'c', 'b']);
    expect(s.get(b('a'))).toEqual(Buffer.alloc(0));
  });
});
