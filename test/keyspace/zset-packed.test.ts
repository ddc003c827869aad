// Sorted sets against a trivial model across the packed/mapped switch: ZADD, ZINCRBY, ZREM and pops, order, scores and the -0 rule.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Keyspace } from '../../src/keyspace/keyspace.js';
import { formatG17 } from '../../src/keyspace/core/numbers.js';
import { PACKED_MAX_ENTRIES } from '../../src/keyspace/zset/zset-packed.js';
import { ZSetValue } from '../../src/keyspace/zset/zset-value.js';
import { args, plain, type Plain } from './replay.js';

const KEY = Buffer.from('z');

/** Members with shared prefixes, bytes above 0x7f, empty and NUL ones, and a few too long for a listpack. */
function memberOf(i: number): string {
  if (i % 211 === 210) return 'L'.repeat(65 + (i % 5));
  switch (i % 5) {
    case 0:
      return String.fromCharCode(0xff, i & 0xff, i >> 8);
    case 1:
      return `m${i}`;
    case 2:
      return `m${i >> 3}`;
    case 3:
      return '\0'.repeat(i % 4);
    default:
      return `m${i}\x80`;
  }
}

const scoreArg = fc.oneof(fc.constantFrom('0', '-0', '1', '-1', '2.5', 'inf', '-inf'), fc.integer({ min: -1000, max: 1000 }).map(String));
const memberIndex = fc.nat(1599);

type Op =
  | { kind: 'zadd'; pairs: [number, string][] }
  | { kind: 'zincrby'; member: number; by: string }
  | { kind: 'zrem'; members: number[] }
  | { kind: 'pop'; max: boolean; count: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('zadd' as const),
      pairs: fc.array(fc.tuple(memberIndex, scoreArg), { minLength: 1, maxLength: 150, size: 'max' }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('zincrby' as const), member: memberIndex, by: scoreArg }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('zrem' as const), members: fc.array(memberIndex, { minLength: 1, maxLength: 120, size: 'max' }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('pop' as const), max: fc.boolean(), count: fc.integer({ min: 1, max: 300 }) }) },
);

/** Redis's rules in the plainest form: a Map, a full sort, and the listpack flag that decides whether -0 survives. */
class Model {
  scores = new Map<string, number>();
  skiplist = false;
  exists = false;

  private store(id: string, score: number): void {
    this.scores.set(id, !this.skiplist && score === 0 ? 0 : score);
  }

  private add(id: string, score: number): void {
    if (!this.exists) [this.exists, this.skiplist] = [true, id.length > 64];
    if (!this.skiplist && (this.scores.size + 1 > 128 || id.length > 64)) this.skiplist = true;
    this.store(id, score);
  }

  sorted(): { id: string; score: number }[] {
    const all = [...this.scores].map(([id, score]) => ({ id, score }));
    return all.sort((a, b) => (a.score !== b.score ? (a.score < b.score ? -1 : 1) : Buffer.compare(Buffer.from(a.id, 'latin1'), Buffer.from(b.id, 'latin1'))));
  }

  private dropIfEmpty(): void {
    if (this.scores.size === 0) [this.exists, this.skiplist] = [false, false];
  }

  apply(o: Op): Plain {
    switch (o.kind) {
      case 'zadd': {
        let added = 0;
        for (const [i, arg] of o.pairs) {
          const id = memberOf(i);
          const score = Number(arg.replace('inf', 'Infinity'));
          const cur = this.scores.get(id);
          if (cur === undefined) (this.add(id, score), added++);
          else if (score !== cur) this.store(id, score);
        }
        return added;
      }
      case 'zincrby': {
        const id = memberOf(o.member);
        const cur = this.scores.get(id);
        const by = Number(o.by.replace('inf', 'Infinity'));
        const score = cur === undefined ? by : by + cur;
        if (Number.isNaN(score)) return '-ERR resulting score is not a number (NaN)';
        if (cur === undefined) this.add(id, score);
        else if (score !== cur) this.store(id, score);
        return formatG17(score);
      }
      case 'zrem': {
        if (!this.exists) return 0;
        let removed = 0;
        for (const i of o.members) {
          if (this.scores.delete(memberOf(i))) removed++;
          if (this.scores.size === 0) break;
        }
        this.dropIfEmpty();
        return removed;
      }
      case 'pop': {
        const order = this.sorted();
        const taken = (o.max ? order.reverse() : order).slice(0, o.count);
        for (const e of taken) this.scores.delete(e.id);
        this.dropIfEmpty();
        return taken.flatMap((e) => [e.id, formatG17(e.score)]);
      }
    }
  }
}

function command(o: Op): string[] {
  switch (o.kind) {
    case 'zadd':
      return ['ZADD', 'z', ...o.pairs.flatMap(([i, s]) => [s, memberOf(i)])];
    case 'zincrby':
      return ['ZINCRBY', 'z', o.by, memberOf(o.member)];
    case 'zrem':
      return ['ZREM', 'z', ...o.members.map(memberOf)];
    case 'pop':
      return [o.max ? 'ZPOPMAX' : 'ZPOPMIN', 'z', String(o.count)];
  }
}

function expectSame(ks: Keyspace, model: Model): void {
  const value = ks.get(0, KEY)?.value as ZSetValue | undefined;
  expect(value !== undefined).toBe(model.exists);
  if (value === undefined) return;
  const expected = model.sorted();
  expect(value.sorted()).toEqual(expected);
  const walked: { id: string; score: number }[] = [];
  for (const [member, score] of value.ascending()) walked.push({ id: member.toString('latin1'), score });
  expect(walked).toEqual(expected);
  const down: { id: string; score: number }[] = [];
  for (const [member, score] of value.descending()) down.push({ id: member.toString('latin1'), score });
  expect(down).toEqual([...expected].reverse());
  expect(value.skiplist).toBe(model.skiplist);
}

describe('ZSetValue against a model', () => {
  it('keeps replies, order, scores and -0 as the model across the packed/mapped limit', () => {
    let crossed = 0;
    fc.assert(
      fc.property(fc.array(op, { minLength: 20, maxLength: 120, size: 'max' }), (ops) => {
        const ks = new Keyspace({ nowMs: 0 });
        const model = new Model();
        let grown = false;
        for (const o of ops) {
          expect(plain(ks.execute(args(command(o))))).toEqual(model.apply(o));
          expectSame(ks, model);
          if (model.scores.size > PACKED_MAX_ENTRIES) grown = true;
          else if (grown && model.scores.size <= PACKED_MAX_ENTRIES / 2) (crossed++, (grown = false));
        }
        const value = ks.get(0, KEY)?.value as ZSetValue | undefined;
        for (let i = 0; i < 1600; i++) expect(value?.score(Buffer.from(memberOf(i), 'latin1'))).toBe(model.scores.get(memberOf(i)));
      }),
      { numRuns: 40 },
    );
    // The generated sequences must actually grow past the limit and shrink back, or the test proves little.
    expect(crossed).toBeGreaterThan(1);
  });

  it('orders equal scores by member bytes, -0 equal to 0, in both representations', () => {
    for (const size of [10, PACKED_MAX_ENTRIES + 10]) {
      // A long first member makes a skiplist, which keeps -0.
      const z = new ZSetValue(true);
      const members = ['b', 'a', '', 'ab', '\xff', 'a\0', '\x80', 'L'.repeat(70)];
      for (let i = 0; members.length < size; i++) members.push(`f${i}`);
      members.forEach((m, i) => z.set(Buffer.from(m, 'latin1'), i % 2 ? -0 : 0));
      const sorted = z.sorted();
      expect(sorted.slice(0, 7).map((e) => e.id)).toEqual(['', 'L'.repeat(70), 'a', 'a\0', 'ab', 'b', 'f0']);
      expect(sorted.map((e) => Object.is(e.score, -0))).toEqual(sorted.map((e) => members.indexOf(e.id) % 2 === 1));
      expect(sorted.slice(-2).map((e) => e.id)).toEqual(['\x80', '\xff']);
      expect(z.hasNegativeZero).toBe(true);
      const copy = z.dup();
      z.set(Buffer.from('a'), 5);
      expect(copy.sorted()).toEqual(sorted);
      // Built values convert back to a listpack when they fit, which turns -0 into 0.
      copy.listpackIfFits();
      expect(copy.skiplist).toBe(true);
      copy.delete('L'.repeat(70));
      copy.listpackIfFits();
      expect(copy.skiplist).toBe(size > 128);
      expect(copy.hasNegativeZero).toBe(size > 128);
    }
  });

  it('moves a member to each place and back in a full set', () => {
    const z = new ZSetValue();
    for (let i = 0; i < 40; i++) z.set(Buffer.from(`m${i}`), i * 10);
    const base = z.sorted().map((e) => e.id);
    for (let to = -1; to <= 40; to++) {
      z.set(Buffer.from('m17'), to * 10 + 5);
      const order = z.sorted();
      expect(order.map((e) => e.score)).toEqual([...order.map((e) => e.score)].sort((a, b) => a - b));
      expect(order.map((e) => e.id).filter((id) => id !== 'm17')).toEqual(base.filter((id) => id !== 'm17'));
      expect(order.findIndex((e) => e.id === 'm17')).toBe(Math.min(39, Math.max(0, to + (to >= 17 ? 0 : 1))));
    }
    z.set(Buffer.from('m17'), 170);
    expect(z.sorted().map((e) => e.id)).toEqual(base);
  });
});
