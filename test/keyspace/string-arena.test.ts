// String values in arena slots: every mutation and release sequence keeps each value's bytes, and slots are reused only once freed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteArena, MAX_SLOT } from '../../src/keyspace/core/byte-arena.js';
import { Keyspace } from '../../src/keyspace/keyspace.js';
import { StringValue, isStringValue } from '../../src/keyspace/core/string-value.js';

const b = (s: string) => Buffer.from(s, 'latin1');

type Op =
  | { op: 'replace'; at: number; data: Uint8Array }
  | { op: 'append'; at: number; data: Uint8Array }
  | { op: 'writeAt'; at: number; offset: number; data: Uint8Array }
  | { op: 'growTo'; at: number; size: number }
  | { op: 'release'; at: number }
  | { op: 'create'; data: Uint8Array };

// Lengths straddle the slot classes and MAX_SLOT, where a value moves between a slot and a buffer of its own.
const data = fc.uint8Array({ minLength: 0, maxLength: MAX_SLOT + 40 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('replace' as const), at: fc.nat(), data }),
  fc.record({ op: fc.constant('append' as const), at: fc.nat(), data: fc.uint8Array({ maxLength: 90 }) }),
  fc.record({ op: fc.constant('writeAt' as const), at: fc.nat(), offset: fc.nat(MAX_SLOT + 20), data: fc.uint8Array({ maxLength: 30 }) }),
  fc.record({ op: fc.constant('growTo' as const), at: fc.nat(), size: fc.nat(MAX_SLOT + 60) }),
  fc.record({ op: fc.constant('release' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('create' as const), data }),
);

describe('StringValue in the shared arena', () => {
  it('matches a model of plain buffers through any mix of mutations and releases', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 120 }), (ops) => {
        const values: StringValue[] = [];
        const model: Buffer[] = [];
        for (const o of ops) {
          if (o.op === 'create') {
            values.push(StringValue.copyOf(Buffer.from(o.data)));
            model.push(Buffer.from(o.data));
            continue;
          }
          if (values.length === 0) continue;
          const i = o.at % values.length;
          const v = values[i]!;
          if (o.op === 'release') {
            v.release();
            expect(() => v.bytes).toThrow(/released/);
            values.splice(i, 1);
            model.splice(i, 1);
          } else if (o.op === 'replace') {
            v.replace(Buffer.from(o.data));
            model[i] = Buffer.from(o.data);
          } else if (o.op === 'append') {
            v.append(Buffer.from(o.data));
            model[i] = Buffer.concat([model[i]!, o.data]);
          } else if (o.op === 'writeAt') {
            v.writeAt(o.offset, Buffer.from(o.data));
            const m = Buffer.alloc(Math.max(model[i]!.length, o.offset + o.data.length));
            model[i]!.copy(m);
            Buffer.from(o.data).copy(m, o.offset);
            model[i] = m;
          } else {
            v.growTo(o.size);
            if (o.size > model[i]!.length) model[i] = Buffer.concat([model[i]!, Buffer.alloc(o.size - model[i]!.length)]);
          }
          // Every live value, not just the one touched: a slot handed out twice would show here.
          for (let j = 0; j < values.length; j++) expect(values[j]!.bytes.equals(model[j]!)).toBe(true);
        }
        for (const v of values) v.release();
      }),
      { numRuns: 300 },
    );
  });

  it('sizes slots by class and copies what it is given', () => {
    expect(ByteArena.slotSize(1)).toBe(8);
    expect(ByteArena.slotSize(8)).toBe(8);
    expect(ByteArena.slotSize(9)).toBe(16);
    expect(ByteArena.slotSize(65)).toBe(80);
    expect(ByteArena.slotSize(MAX_SLOT)).toBe(MAX_SLOT);
    const source = b('hello');
    const v = StringValue.copyOf(source);
    source.fill(0x21);
    expect(v.bytes.toString()).toBe('hello');
    const big = Buffer.alloc(MAX_SLOT + 1, 0x61);
    const w = StringValue.copyOf(big);
    big.fill(0x62);
    expect(w.bytes.equals(Buffer.alloc(MAX_SLOT + 1, 0x61))).toBe(true);
  });
});

describe('databases give string slots back only when the value leaves', () => {
  it('keeps a renamed or moved string intact while its old key is reused', () => {
    const ks = new Keyspace();
    const run = (...w: string[]) => ks.execute(w.map(b));
    const bytesOf = (db: number, key: string) => {
      const v = ks.get(db, b(key))?.value;
      return v !== undefined && isStringValue(v) ? v.bytes.toString('latin1') : null;
    };
    run('SET', 'a', 'first value');
    run('RENAME', 'a', 'b');
    // A freed slot of the same class would be handed to the next values: a wrong release shows as overwritten bytes.
    run('SET', 'a', 'xxxxxxxxxxx');
    run('SET', 'c', 'yyyyyyyyyyy');
    expect(bytesOf(0, 'b')).toBe('first value');
    run('MOVE', 'b', '3');
    run('SET', 'b', 'zzzzzzzzzzz');
    run('DEL', 'a');
    run('SET', 'd', 'wwwwwwwwwww');
    expect(bytesOf(3, 'b')).toBe('first value');
    run('COPY', 'c', 'e');
    run('DEL', 'c');
    run('SET', 'f', 'vvvvvvvvvvv');
    expect(bytesOf(0, 'e')).toBe('yyyyyyyyyyy');
    run('SET', 'e', 'longer value, another slot class');
    run('SET', 'g', 'uuuuuuuuuuu');
    expect(bytesOf(0, 'e')).toBe('longer value, another slot class');
    expect(bytesOf(0, 'g')).toBe('uuuuuuuuuuu');
    run('FLUSHALL');
    run('SET', 'h', 'ttttttttttt');
    expect(bytesOf(0, 'h')).toBe('ttttttttttt');
  });
});
