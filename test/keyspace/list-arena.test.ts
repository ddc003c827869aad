// List items in arena slots: any mix of pushes, pops, trims, sets and rebuilds keeps every list equal to an array model.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_SLOT } from '../../src/keyspace/core/byte-arena.js';
import { ListValue } from '../../src/keyspace/list/list-value.js';

type Op =
  | { op: 'pushHead' | 'pushTail' | 'set'; list: number; at: number; item: Uint8Array }
  | { op: 'popHead' | 'popTail' | 'dropHead' | 'dropTail' | 'dup' | 'rebuild' | 'release'; list: number; at: number };

// Empty items, slot-sized ones and ones past MAX_SLOT (kept as buffers of their own).
const item = fc.oneof(fc.uint8Array({ maxLength: 3 }), fc.uint8Array({ maxLength: 100 }), fc.uint8Array({ minLength: MAX_SLOT - 2, maxLength: MAX_SLOT + 3 }));
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constantFrom('pushHead' as const, 'pushTail' as const, 'set' as const), list: fc.nat(3), at: fc.nat(), item }),
  fc.record({
    op: fc.constantFrom(
      'popHead' as const,
      'popTail' as const,
      'dropHead' as const,
      'dropTail' as const,
      'dup' as const,
      'rebuild' as const,
      'release' as const,
    ),
    list: fc.nat(3),
    at: fc.nat(),
  }),
);

describe('ListValue in the shared arena', () => {
  it('matches an array model, and no list sees another one reuse its slots', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 200 }), (ops) => {
        const lists = [new ListValue(), new ListValue(), new ListValue(), new ListValue()];
        const model: Buffer[][] = [[], [], [], []];
        for (const o of ops) {
          const l = lists[o.list]!;
          const m = model[o.list]!;
          switch (o.op) {
            case 'pushHead':
              l.pushHead(Buffer.from(o.item));
              m.unshift(Buffer.from(o.item));
              break;
            case 'pushTail':
              l.pushTail(Buffer.from(o.item));
              m.push(Buffer.from(o.item));
              break;
            case 'set':
              if (m.length === 0) break;
              l.set(o.at % m.length, Buffer.from(o.item));
              m[o.at % m.length] = Buffer.from(o.item);
              break;
            case 'popHead':
              expect(l.popHead()?.equals(m.shift()!) ?? m.length === 0).toBe(true);
              break;
            case 'popTail':
              expect(l.popTail()?.equals(m.pop()!) ?? m.length === 0).toBe(true);
              break;
            case 'dropHead':
              l.dropHead();
              m.shift();
              break;
            case 'dropTail':
              l.dropTail();
              m.pop();
              break;
            case 'dup':
              lists[(o.list + 1) % 4]!.release();
              lists[(o.list + 1) % 4] = l.dup();
              model[(o.list + 1) % 4] = m.map((b) => Buffer.from(b));
              break;
            case 'rebuild': {
              // LREM's way: views of the list itself, filtered, then put back.
              const keep = l.toArray().filter((_, i) => i % 3 !== o.at % 3);
              l.replace(keep);
              model[o.list] = m.filter((_, i) => i % 3 !== o.at % 3);
              break;
            }
            case 'release':
              l.release();
              lists[o.list] = new ListValue();
              model[o.list] = [];
              break;
          }
          for (let j = 0; j < 4; j++) {
            expect(lists[j]!.length).toBe(model[j]!.length);
            expect(lists[j]!.toArray().map((b) => b.toString('hex'))).toEqual(model[j]!.map((b) => b.toString('hex')));
          }
        }
        for (const l of lists) l.release();
      }),
      { numRuns: 300 },
    );
  });

  it('hands out copies on pop, so a popped item survives the slot being reused', () => {
    const l = ListValue.of([Buffer.from('first item')]);
    const popped = l.popHead()!;
    l.pushTail(Buffer.from('other item'));
    expect(popped.toString()).toBe('first item');
  });
});
