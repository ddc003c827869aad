// Property tests: the list ring buffer and the sorted set's block-sorted order against plain-array models.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ListValue } from '../../src/keyspace/list/list-value.js';
import { compareEntries, ZSetValue } from '../../src/keyspace/zset/zset-value.js';

type ListOp =
  | { op: 'lpush'; v: number }
  | { op: 'rpush'; v: number }
  | { op: 'lpop' }
  | { op: 'rpop' }
  | { op: 'set'; i: number; v: number }
  | { op: 'replace'; keep: number };

describe('ListValue', () => {
  it('behaves like an array under pushes, pops, sets and rebuilds', () => {
    const op: fc.Arbitrary<ListOp> = fc.oneof(
      fc.record({ op: fc.constant('lpush' as const), v: fc.nat(999) }),
      fc.record({ op: fc.constant('rpush' as const), v: fc.nat(999) }),
      fc.record({ op: fc.constant('lpop' as const) }),
      fc.record({ op: fc.constant('rpop' as const) }),
      fc.record({ op: fc.constant('set' as const), i: fc.nat(50), v: fc.nat(999) }),
      fc.record({ op: fc.constant('replace' as const), keep: fc.nat(3) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300, size: 'max' }), (ops) => {
        const list = new ListValue();
        const model: string[] = [];
        for (const o of ops) {
          if (o.op === 'lpush') (list.pushHead(Buffer.from(String(o.v))), model.unshift(String(o.v)));
          else if (o.op === 'rpush') (list.pushTail(Buffer.from(String(o.v))), model.push(String(o.v)));
          else if (o.op === 'lpop') expect(list.popHead()?.toString()).toBe(model.shift());
          else if (o.op === 'rpop') expect(list.popTail()?.toString()).toBe(model.pop());
          else if (o.op === 'set') {
            if (o.i < model.length) (list.set(o.i, Buffer.from(String(o.v))), (model[o.i] = String(o.v)));
          } else {
            const kept = model.filter((_, i) => i % (o.keep + 1) === 0);
            list.replace(kept.map((s) => Buffer.from(s)));
            model.splice(0, model.length, ...kept);
          }
          expect(list.length).toBe(model.length);
        }
        expect(list.toArray().map((b) => b.toString())).toEqual(model);
      }),
    );
  });
});

describe('ZSetValue', () => {
  it('keeps its order equal to a full sort across block splits and removals', () => {
    const op = fc.record({ add: fc.nat(3).map((n) => n !== 0), member: fc.nat(20000), score: fc.integer({ min: -20, max: 20 }) });
    fc.assert(
      fc.property(fc.array(op, { minLength: 5000, maxLength: 9000 }), fc.nat(8999), (ops, checkAt) => {
        const z = new ZSetValue();
        const model = new Map<string, number>();
        ops.forEach((o, i) => {
          const id = `m${o.member}`;
          if (o.add) (z.set(id, o.score), model.set(id, o.score));
          else expect(z.delete(id)).toBe(model.delete(id));
          if (i === checkAt) z.sorted();
        });
        const expected = [...model].map(([id, score]) => ({ id, score })).sort(compareEntries);
        expect(z.sorted()).toEqual(expected);
      }),
      { numRuns: 8 },
    );
  });
});
