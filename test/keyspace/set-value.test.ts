// SetValue against a JS Set model: membership, size and insertion order across the packed → Set conversion, and the set commands built on it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emitValue } from '../../src/keyspace/emit.js';
import { Keyspace } from '../../src/keyspace/keyspace.js';
import { SET_MAX_PACKED_ENTRIES, SET_MAX_PACKED_VALUE, SetValue } from '../../src/keyspace/set/set-value.js';
import { args, plain } from './replay.js';

const b = (s: string) => Buffer.from(s, 'latin1');
const order = (s: SetValue) => Array.from(s.members(), (m) => m.toString('latin1'));

/**
 * Members that exercise the packed scan: a pool large enough to pass SET_MAX_PACKED_ENTRIES, shared prefixes
 * and suffixes, the empty member, bytes equal to length bytes, and lengths either side of SET_MAX_PACKED_VALUE.
 */
const member = fc.oneof(
  { weight: 8, arbitrary: fc.noBias(fc.nat(SET_MAX_PACKED_ENTRIES + 60)).map((i) => `m${i}`) },
  { weight: 1, arbitrary: fc.constantFrom('', 'm', '1m', 'mm1') },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 5 }).map((a) => Buffer.from(a).toString('latin1')) },
  { weight: 1, arbitrary: fc.integer({ min: SET_MAX_PACKED_VALUE - 2, max: SET_MAX_PACKED_VALUE + 1 }).map((n) => 'x'.repeat(n)) },
);

type Op = { kind: 'add' | 'delete' | 'has'; member: string } | { kind: 'pop'; index: number } | { kind: 'dup' };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 12, arbitrary: member.map((m): Op => ({ kind: 'add', member: m })) },
  { weight: 2, arbitrary: member.map((m): Op => ({ kind: 'delete', member: m })) },
  { weight: 2, arbitrary: member.map((m): Op => ({ kind: 'has', member: m })) },
  { weight: 1, arbitrary: fc.nat().map((i): Op => ({ kind: 'pop', index: i })) },
  { weight: 1, arbitrary: fc.constant<Op>({ kind: 'dup' }) },
);

describe('SetValue', () => {
  it('behaves as a JS Set, iteration order included, across the conversion', () => {
    let crossed = 0;
    fc.assert(
      fc.property(fc.array(op, { minLength: 400, maxLength: 1200 }), (ops) => {
        let s = new SetValue();
        const model = new Set<string>();
        let largest = 0;
        for (const o of ops) {
          if (o.kind === 'add') {
            const isNew = !model.has(o.member);
            model.add(o.member);
            expect(s.add(b(o.member))).toBe(isNew);
          } else if (o.kind === 'delete') expect(s.delete(b(o.member))).toBe(model.delete(o.member));
          else if (o.kind === 'has') expect(s.has(b(o.member))).toBe(model.has(o.member));
          else if (o.kind === 'pop') {
            // SPOP-like: a member chosen by position leaves, wherever it is.
            if (model.size === 0) continue;
            const victim = [...model][o.index % model.size]!;
            model.delete(victim);
            expect(s.delete(b(victim))).toBe(true);
            expect(order(s)).toEqual([...model]);
          } else {
            // The copy goes on; the original is changed to show the two share nothing.
            const original = s;
            s = s.dup();
            original.add(b('\xffonly in the original'));
            original.delete(b([...model][0] ?? ''));
          }
          expect(s.size).toBe(model.size);
          largest = Math.max(largest, model.size);
        }
        expect(order(s)).toEqual([...model]);
        for (const m of model) expect(s.has(b(m))).toBe(true);
        if (largest > SET_MAX_PACKED_ENTRIES) crossed++;
      }),
      { numRuns: 150 },
    );
    expect(crossed).toBeGreaterThan(50);
  });

  it('sends a deleted then re-added member to the end, packed and converted', () => {
    for (const n of [5, SET_MAX_PACKED_ENTRIES + 5]) {
      const s = new SetValue();
      const names = Array.from({ length: n }, (_, i) => `m${i}`);
      for (const m of names) s.add(b(m));
      expect(s.delete(b('m2'))).toBe(true);
      expect(s.add(b('m2'))).toBe(true);
      expect(s.add(b('m2'))).toBe(false);
      expect(order(s)).toEqual([...names.filter((m) => m !== 'm2'), 'm2']);
    }
  });

  it('converts on a member longer than the packed limit, keeping the order', () => {
    const s = new SetValue();
    const long = 'y'.repeat(SET_MAX_PACKED_VALUE + 1);
    for (const m of ['a', 'x'.repeat(SET_MAX_PACKED_VALUE), long, 'b']) s.add(b(m));
    expect(order(s)).toEqual(['a', 'x'.repeat(SET_MAX_PACKED_VALUE), long, 'b']);
    expect(s.has(b(long))).toBe(true);
  });

  it('copies the bytes it adds', () => {
    const s = new SetValue();
    const m = b('abc');
    s.add(m);
    m.fill(0x7a);
    expect(s.has(b('abc'))).toBe(true);
    expect(s.has(b('zzz'))).toBe(false);
    expect(order(s)).toEqual(['abc']);
  });
});

type Model = Map<string, Set<string>>;
const KEYS = ['a', 'b', 'c'];

type Cmd =
  | ['SADD' | 'SREM', string, ...string[]]
  | ['SMOVE', string, string, string]
  | ['SPOP', string, string]
  | ['SINTERSTORE' | 'SUNIONSTORE' | 'SDIFFSTORE', string, string, string];

const key = fc.constantFrom(...KEYS);
const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 16, arbitrary: fc.tuple(key, fc.array(member, { minLength: 1, maxLength: 12 })).map(([k, ms]): Cmd => ['SADD', k, ...ms]) },
  { weight: 3, arbitrary: fc.tuple(key, fc.array(member, { minLength: 1, maxLength: 4 })).map(([k, ms]): Cmd => ['SREM', k, ...ms]) },
  { weight: 2, arbitrary: fc.tuple(key, key, member).map(([s, d, m]): Cmd => ['SMOVE', s, d, m]) },
  { weight: 1, arbitrary: fc.tuple(key, fc.nat(300)).map(([k, n]): Cmd => ['SPOP', k, String(n)]) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.constantFrom('SINTERSTORE', 'SUNIONSTORE', 'SDIFFSTORE'), key, key, key).map(([c, d, x, y]) => [c, d, x, y] as Cmd),
  },
);

/** The set commands on JS Sets, as they were implemented before the packed form: replies and result orders. */
function applyModel(model: Model, c: Cmd): number | string[] | { irreproducible: true } {
  const [name, k] = c;
  const put = (dst: string, s: Set<string>) => (s.size === 0 ? model.delete(dst) : model.set(dst, s));
  if (name === 'SADD') {
    const s = model.get(k) ?? new Set<string>();
    model.set(k, s);
    let added = 0;
    for (const m of c.slice(2)) {
      if (s.has(m)) continue;
      s.add(m);
      added++;
    }
    return added;
  }
  if (name === 'SREM') {
    const s = model.get(k);
    if (s === undefined) return 0;
    let removed = 0;
    for (const m of c.slice(2)) {
      if (s.delete(m)) removed++;
      if (s.size === 0) {
        model.delete(k);
        break;
      }
    }
    return removed;
  }
  if (name === 'SMOVE') {
    const [, src, dst, m] = c as ['SMOVE', string, string, string];
    const s = model.get(src);
    if (s === undefined) return 0;
    if (src === dst) return s.has(m) ? 1 : 0;
    if (!s.delete(m)) return 0;
    if (s.size === 0) model.delete(src);
    model.set(dst, (model.get(dst) ?? new Set()).add(m));
    return 1;
  }
  if (name === 'SPOP') {
    const s = model.get(k);
    if (s === undefined) return [];
    if (Number(c[2]) === 0) return [];
    if (Number(c[2]) < s.size) return { irreproducible: true };
    model.delete(k);
    return [...s];
  }
  const sets = c.slice(2).map((x) => model.get(x));
  let result: Set<string>;
  if (name === 'SINTERSTORE') {
    if (sets.some((s) => s === undefined)) result = new Set();
    else {
      const sorted = [...(sets as Set<string>[])].sort((x, y) => x.size - y.size);
      result = new Set([...sorted[0]!].filter((m) => sorted.every((s) => s.has(m))));
    }
  } else if (name === 'SUNIONSTORE') {
    result = new Set();
    for (const s of sets) for (const m of s ?? []) result.add(m);
  } else {
    result = new Set(sets[0] ?? []);
    for (const s of sets.slice(1)) for (const m of s ?? []) result.delete(m);
  }
  put(k, result);
  return result.size;
}

function emittedMembers(ks: Keyspace): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const rec of ks.keys(0)) {
    const members: string[] = [];
    emitValue(rec.key, rec.value, (argv) => members.push(...argv.slice(2).map((a) => a.toString('latin1'))));
    out[rec.key.toString('latin1')] = members;
  }
  return out;
}

describe('set commands on SetValue', () => {
  it('reply and emit members in the order the Set-based implementation did', () => {
    let crossed = 0;
    fc.assert(
      fc.property(fc.array(cmd, { minLength: 150, maxLength: 300 }), (cmds) => {
        const ks = new Keyspace();
        const model: Model = new Map();
        let largest = 0;
        for (const c of cmds) {
          const expected = applyModel(model, c);
          const reply = ks.execute(args(c));
          if (typeof expected === 'object' && !Array.isArray(expected)) expect(reply).toMatchObject(expected);
          else expect([c, plain(reply)]).toEqual([c, expected]);
          largest = Math.max(largest, ...[...model.values()].map((s) => s.size));
        }
        const want: Record<string, string[]> = {};
        for (const [k, s] of model) want[k] = [...s];
        expect(emittedMembers(ks)).toEqual(want);
        if (largest > SET_MAX_PACKED_ENTRIES) crossed++;
      }),
      { numRuns: 150 },
    );
    expect(crossed).toBeGreaterThan(30);
  });
});
