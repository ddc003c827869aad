// MappedEntries (the large sorted set) against a plain model: a Map of scores sorted by (score, member bytes) on demand.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareEntries, type ZEntry } from '../../src/keyspace/zset/zset-entry.js';
import { MappedEntries } from '../../src/keyspace/zset/zset-mapped.js';

type Op = { kind: 'set'; member: string; score: number } | { kind: 'del' | 'score'; member: string } | { kind: 'pop'; max: boolean } | { kind: 'clone' };

function opsArbitrary(pool: number): fc.Arbitrary<Op[]> {
  // Shared prefixes and equal scores, so the member bytes decide the order often; -0 and 0 both.
  const member = fc.oneof(
    fc.nat(pool - 1).map((n) => `element:${n}`),
    fc.nat(pool - 1).map((n) => `${n % 7}\x00${'\xff'.repeat(n % 3)}`),
  );
  const score = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom(-0, 0.5, Infinity, -Infinity), fc.double({ noNaN: true }));
  return fc.array(
    fc.oneof(
      { weight: 8, arbitrary: fc.record({ kind: fc.constant('set' as const), member, score }) },
      { weight: 4, arbitrary: fc.record({ kind: fc.constant('del' as const), member }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('score' as const), member }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('pop' as const), max: fc.boolean() }) },
      { weight: 1, arbitrary: fc.constant({ kind: 'clone' as const }) },
    ),
    { maxLength: 1200, size: 'max' },
  );
}

const modelOrder = (m: Map<string, number>): ZEntry[] => [...m].map(([id, score]) => ({ id, score })).sort(compareEntries);
const b = (s: string) => Buffer.from(s, 'latin1');

function replay(ops: Op[]): void {
  let z = new MappedEntries();
  const model = new Map<string, number>();
  for (const op of ops) {
    if (op.kind === 'set') {
      expect(z.set(b(op.member), op.score)).toBe(!model.has(op.member));
      model.set(op.member, op.score);
    } else if (op.kind === 'del') {
      expect(z.delete(b(op.member))).toBe(model.delete(op.member));
    } else if (op.kind === 'score') {
      expect(z.score(b(op.member))).toBe(model.get(op.member));
    } else if (op.kind === 'pop') {
      if (model.size === 0) continue;
      const order = modelOrder(model);
      const want = op.max ? order[order.length - 1]! : order[0]!;
      const [member, score] = z.pop(op.max);
      expect([member.toString('latin1'), score]).toEqual([want.id, want.score]);
      model.delete(want.id);
    } else z = z.clone();
    expect(z.size).toBe(model.size);
  }
  const want = modelOrder(model);
  expect(z.sorted()).toEqual(want);
  const seen: ZEntry[] = [];
  for (const [member, score] of z.ascending()) seen.push({ id: member.toString('latin1'), score });
  expect(seen).toEqual(want);
  const down: ZEntry[] = [];
  for (const [member, score] of z.descending()) down.push({ id: member.toString('latin1'), score });
  expect(down).toEqual([...want].reverse());
  expect(z.byteLength).toBe([...model.keys()].reduce((n, k) => n + k.length, 0));
  expect(z.hasNegativeZero()).toBe([...model.values()].some((s) => Object.is(s, -0)));
}

describe('MappedEntries', () => {
  it('keeps Redis order (score, then member bytes) and scores, -0 included, through deletes, pops and reuse', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 3000 }), (pool) => {
        fc.assert(fc.property(opsArbitrary(pool), replay), { numRuns: 3 });
      }),
      { numRuns: 30 },
    );
  });

  it('stays in order past many block splits and merges (60,000 changes over 20,000 members)', () => {
    const ops: Op[] = [];
    let x = 12345;
    const next = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
    for (let i = 0; i < 60_000; i++) {
      const member = `element:${next() % 20_000}`;
      if (i % 5 === 4) ops.push({ kind: 'del', member });
      else if (i % 97 === 0) ops.push({ kind: 'pop', max: i % 2 === 0 });
      else ops.push({ kind: 'set', member, score: next() % 50 });
    }
    replay(ops);
  });
});
