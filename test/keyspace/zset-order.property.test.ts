// OrderedEntries against a sorted array, with tiny blocks so that every insert and removal splits, empties or crosses blocks.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OrderedEntries } from '../../src/keyspace/zset/zset-order.js';

describe('OrderedEntries', () => {
  it('keeps order when entries arrive sorted, either way (an RDB sends highest first), and when removed from either end', () => {
    for (const blockSize of [1, 2, 3, 256]) {
      for (const descending of [false, true]) {
        const scores = new Map<number, number>();
        const order = new OrderedEntries(
          (e) => scores.get(e)!,
          (a, b) => a - b,
          blockSize,
        );
        const n = 1000;
        for (let i = 0; i < n; i++) {
          const e = descending ? n - 1 - i : i;
          scores.set(e, e % 10 === 0 ? 5 : e);
          order.insert(e);
        }
        const want = [...scores.keys()].sort((a, b) => scores.get(a)! - scores.get(b)! || a - b);
        expect([...order.items()]).toEqual(want);
        for (const e of [want[0]!, want.at(-1)!, want[500]!]) {
          expect(order.remove(e)).toBe(true);
          want.splice(want.indexOf(e), 1);
        }
        expect([...order.items()]).toEqual(want);
      }
    }
  });

  it('keeps (score, member) order through inserts, rescoring and removals, at any block size', () => {
    const entry = fc.nat(60);
    // Few distinct scores (and -0 beside 0), so ties fall to the member order often.
    const score = fc.oneof(fc.integer({ min: -2, max: 2 }), fc.constantFrom(-0, 0.5, Infinity, -Infinity));
    const op = fc.oneof(
      fc.record({ kind: fc.constant('insert' as const), e: entry, score }),
      fc.record({ kind: fc.constant('remove' as const), e: entry, score }),
      fc.record({ kind: fc.constant('removeAbsent' as const), e: entry }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(op, { maxLength: 400 }), (blockSize, ops) => {
        const scores = new Map<number, number>();
        // Members compare in reverse numeric order, so that member order is not entry-number order.
        const order = new OrderedEntries(
          (e) => scores.get(e)!,
          (a, b) => b - a,
          blockSize,
        );
        for (const o of ops) {
          if (o.kind === 'insert') {
            if (scores.has(o.e)) expect(order.remove(o.e)).toBe(true);
            scores.set(o.e, o.score);
            order.insert(o.e);
          } else if (o.kind === 'remove') {
            expect(order.remove(o.e)).toBe(scores.has(o.e));
            scores.delete(o.e);
          } else if (!scores.has(o.e)) {
            scores.set(o.e, 0);
            expect(order.remove(o.e)).toBe(false);
            scores.delete(o.e);
          }
        }
        const want = [...scores.keys()].sort((a, b) => scores.get(a)! - scores.get(b)! || b - a);
        expect([...order.items()]).toEqual(want);
        expect([...order.itemsDescending()]).toEqual([...want].reverse());
        expect(order.first()).toBe(want.length === 0 ? -1 : want[0]);
        expect(order.last()).toBe(want.length === 0 ? -1 : want.at(-1));
      }),
      { numRuns: 400 },
    );
  });
});
