// Bit commands: replies and final data recorded from redis-server 7.0.15.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Keyspace } from '../../src/keyspace/keyspace.js';
import { args, plain, runSteps, snapshot, type Snapshot, type Step } from './replay.js';

const STEPS: Step[] = [
  [['SETBIT', 'b', '7', '1'], 0],
  [['SETBIT', 'b', '7', '0'], 1],
  [['SETBIT', 'b', '100', '1'], 0],
  [['SETBIT', 'b', '-1', '1'], '-ERR bit offset is not an integer or out of range'],
  [['SETBIT', 'b', '1', '2'], '-ERR bit is not an integer or out of range'],
  [['SETBIT', 'b', 'x', '1'], '-ERR bit offset is not an integer or out of range'],
  [['SETBIT', 'b', '4294967296', '1'], '-ERR bit offset is not an integer or out of range'],
  [['SET', 's', 'ab'], '+OK'],
  [['SET', 't', 'xyz1'], '+OK'],
  [['BITOP', 'AND', 'd1', 's', 't'], 4],
  [['BITOP', 'OR', 'd2', 's', 't', 'nokey'], 4],
  [['BITOP', 'XOR', 'd3', 's', 't'], 4],
  [['BITOP', 'NOT', 'd4', 's'], 2],
  [['BITOP', 'NOT', 'd4', 's', 't'], '-ERR BITOP NOT must be called with a single source key.'],
  [['BITOP', 'NAND', 'd5', 's'], '-ERR syntax error'],
  [['SET', 'd6', 'x'], '+OK'],
  [['BITOP', 'AND', 'd6', 'nokey', 'nokey2'], 0],
  [['LPUSH', 'l', 'x'], 1],
  [['BITOP', 'OR', 'd7', 's', 'l'], '-WRONGTYPE Operation against a key holding the wrong kind of value'],
  [
    ['BITFIELD', 'f', 'SET', 'u8', '0', '255', 'GET', 'u8', '0'],
    [0, 255],
  ],
  [['BITFIELD', 'f', 'INCRBY', 'u8', '0', '10'], [9]],
  [
    ['BITFIELD', 'f', 'OVERFLOW', 'SAT', 'INCRBY', 'u8', '0', '300', 'INCRBY', 'i8', '8', '-300'],
    [255, -128],
  ],
  [
    ['BITFIELD', 'f', 'OVERFLOW', 'FAIL', 'INCRBY', 'u8', '0', '1', 'SET', 'i4', '#3', '100'],
    [null, null],
  ],
  [
    ['BITFIELD', 'f', 'SET', 'i64', '16', '-9223372036854775808', 'INCRBY', 'i64', '16', '-1'],
    [0, '9223372036854775807n'],
  ],
  [['BITFIELD', 'f', 'OVERFLOW', 'SAT', 'INCRBY', 'i64', '16', '-1'], ['9223372036854775806n']],
  [
    ['BITFIELD', 'f', 'SET', 'u63', '100', '-1', 'GET', 'u63', '100'],
    [0, '9223372036854775807n'],
  ],
  [['BITFIELD', 'f', 'OVERFLOW', 'SAT', 'SET', 'u8', '#0', '-1'], [255]],
  [['BITFIELD', 'f', 'SET', 'u64', '0', '1'], '-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.'],
  [['BITFIELD', 'f', 'SET', 'i65', '0', '1'], '-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.'],
  [['BITFIELD', 'f', 'SET', 'x8', '0', '1'], '-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.'],
  [['BITFIELD', 'f', 'OVERFLOW', 'BAD'], '-ERR Invalid OVERFLOW type specified'],
  [['BITFIELD', 'f', 'GET', 'u8'], '-ERR syntax error'],
  [['BITFIELD', 'f', 'SET', 'u8', '-1', '1'], '-ERR bit offset is not an integer or out of range'],
  [['BITFIELD', 'f', 'SET', 'u8', '0', 'x'], '-ERR value is not an integer or out of range'],
  [['BITFIELD', 'g', 'GET', 'u8', '0'], [0]],
  [['BITFIELD', 'h', 'OVERFLOW', 'FAIL', 'SET', 'u2', '10', '9'], [null]],
  [
    ['BITFIELD', 'f', 'INCRBY', 'u1', '3', '1', 'INCRBY', 'i1', '3', '1', 'INCRBY', 'i2', '200', '-3'],
    [0, -1, 1],
  ],
  [['BITFIELD', 'l', 'GET', 'u8', '0'], '-WRONGTYPE Operation against a key holding the wrong kind of value'],
  [['BITFIELD', 'f'], []],
];

const FINAL: Snapshot = {
  '0:b': ['string', '\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\b', -1],
  '0:d1': ['string', '``\u0000\u0000', -1],
  '0:d2': ['string', 'y{z1', -1],
  '0:d3': ['string', '\u0019\u001bz1', -1],
  '0:d4': ['string', '', -1],
  '0:f': ['string', 'ÿÿÿÿÿÿÿþ\u0000\u0000\u000fÿÿÿÿÿÿÿà\u0000\u0000\u0000\u0000@', -1],
  '0:h': ['string', '\u0000\u0000', -1],
  '0:l': ['list', ['x'], -1],
  '0:s': ['string', 'ab', -1],
  '0:t': ['string', 'xyz1', -1],
};

describe('SETBIT, BITOP and BITFIELD', () => {
  it('replies and stores as Redis 7.0.15 does', () => {
    expect(snapshot(runSteps(STEPS))).toEqual(FINAL);
  });
});

/**
 * Redis 8.2's operations bit by bit, as its documentation defines them (no 8.2 server here to record from):
 * DIFF X∧¬(Y1∨Y2…), DIFF1 ¬X∧(Y1∨Y2…), ANDOR X∧(Y1∨Y2…), ONE: set in exactly one source.
 */
function modelBit(op: string, bits: number[]): number {
  const [x, ...ys] = bits as [number, ...number[]];
  const anyY = ys.some((b) => b === 1) ? 1 : 0;
  if (op === 'DIFF') return x & (1 - anyY);
  if (op === 'DIFF1') return (1 - x) & anyY;
  if (op === 'ANDOR') return x & anyY;
  return bits.filter((b) => b === 1).length === 1 ? 1 : 0;
}

function model(op: string, sources: (Buffer | null)[]): Buffer {
  const len = Math.max(0, ...sources.map((s) => s?.length ?? 0));
  const out = Buffer.alloc(len);
  for (let bit = 0; bit < len * 8; bit++) {
    const bits = sources.map((s) => (s === null || bit >> 3 >= s.length ? 0 : (s[bit >> 3]! >> (7 - (bit & 7))) & 1));
    out[bit >> 3]! |= modelBit(op, bits) << (7 - (bit & 7));
  }
  return out;
}

describe("BITOP's Redis 8.2 operations", () => {
  it('match a bit-by-bit model of DIFF, DIFF1, ANDOR and ONE, missing sources as empty, an empty result deleting the destination', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('DIFF', 'DIFF1', 'ANDOR', 'ONE', 'one', 'AndOr'),
        fc.array(fc.option(fc.uint8Array({ maxLength: 40 }), { nil: null }), { minLength: 2, maxLength: 5 }),
        (op, raw) => {
          const ks = new Keyspace({ nowMs: 1_700_000_000_000 });
          ks.execute(args(['SET', 'dest', 'old']));
          const sources = raw.map((r) => (r === null ? null : Buffer.from(r)));
          const names = sources.map((s, i) => {
            if (s !== null) ks.execute([Buffer.from('SET'), Buffer.from(`k${i}`), s]);
            return `k${i}`;
          });
          const expected = model(op.toUpperCase(), sources);
          expect(plain(ks.execute(args(['BITOP', op, 'dest', ...names])))).toBe(expected.length);
          expect(snapshot(ks)['0:dest']?.[1] ?? null).toEqual(expected.length === 0 ? null : expected.toString('latin1'));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses DIFF, DIFF1 and ANDOR of one source before looking at any key; ONE of one source copies it', () => {
    const ks = runSteps([
      [['LPUSH', 'l', 'x'], 1],
      [['SET', 's', 'ab'], '+OK'],
      [['BITOP', 'diff', 'd', 'l'], '-ERR BITOP DIFF must be called with at least two source keys.'],
      [['BITOP', 'Diff1', 'd', 's'], '-ERR BITOP DIFF1 must be called with at least two source keys.'],
      [['BITOP', 'ANDOR', 'd', 's'], '-ERR BITOP ANDOR must be called with at least two source keys.'],
      [['BITOP', 'DIFF', 'd', 's', 'l'], '-WRONGTYPE Operation against a key holding the wrong kind of value'],
      [['BITOP', 'DIFFX', 'd', 's', 's'], '-ERR syntax error'],
      [['BITOP', 'ONE', 'one', 's'], 2],
      [['BITOP', 'ONE', 'twice', 's', 's'], 2],
    ]);
    const data = snapshot(ks);
    expect([data['0:d'], data['0:one']?.[1], data['0:twice']?.[1]]).toEqual([undefined, 'ab', '\u0000\u0000']);
  });
});
