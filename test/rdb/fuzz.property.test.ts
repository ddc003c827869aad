// Random cuts, byte flips and insertions never make the reader throw or hang: damage comes back as a problem.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeDumpPayload, decodeFunctionDump } from '../../src/rdb/index.js';
import { collect, collectAsHanded, plain } from './helpers/collect.js';
import {
  dumpPayload,
  f64le,
  functionDump,
  i64le,
  id16,
  intset,
  intStr,
  keyRecord,
  len,
  listpack,
  lzfStr,
  rdbFile,
  str,
  u8,
  ziplist,
  zipmap,
} from './helpers/rdb-builder.js';

const cat = (...parts: Buffer[]) => Buffer.concat(parts);

/** One file with every encoding the reader knows, so mutations reach every decoder. */
function everything(): Buffer {
  const node = listpack([2, 0, 1, 'f', 0, 2, 0, 0, 'v', 4, 0, 1, 0, 1, 'g', 'w', 6]);
  const stream = cat(
    len(1),
    str(id16(5n, 0n)),
    str(node),
    len(2),
    len(5),
    len(0),
    len(5),
    len(0),
    len(0),
    len(0),
    len(2),
    len(1),
    str('grp'),
    len(5),
    len(0),
    len(1),
    len(1),
    id16(5n, 0n),
    i64le(1700000000000),
    len(1),
    len(1),
    str('c'),
    i64le(1),
    i64le(2),
    len(1),
    id16(5n, 0n),
  );
  return rdbFile(12, [
    cat(u8(0xfa), str('redis-ver'), str('7.4.1')),
    cat(u8(0xf5), str('#!lua name=x\nreturn 1')),
    cat(u8(0xfe), len(0), u8(0xfb), len(20), len(1)),
    keyRecord(0, 's', str('hello'), 1700000000000),
    keyRecord(0, 'i', intStr(-1234, 16)),
    keyRecord(0, 'z', lzfStr(Buffer.from([0x02, 0x61, 0x62, 0x63, 0xe0, 0x00, 0x02]), 12)),
    keyRecord(1, 'l', cat(len(2), str('a'), str('b'))),
    keyRecord(10, 'zl', str(ziplist(['a', 5, -70000, 'x'.repeat(70)]))),
    keyRecord(14, 'q1', cat(len(1), str(ziplist(['a', 2])))),
    keyRecord(18, 'q2', cat(len(2), len(2), str(listpack(['a', 300])), len(1), str('plain'))),
    keyRecord(2, 'st', cat(len(1), str('m'))),
    keyRecord(11, 'is', str(intset(2, [1, 2, 3]))),
    keyRecord(20, 'sl', str(listpack(['a', 'b']))),
    keyRecord(3, 'z1', cat(len(1), str('a'), u8(3), Buffer.from('1.5'))),
    keyRecord(5, 'z2', cat(len(1), str('a'), f64le(2))),
    keyRecord(12, 'zz', str(ziplist(['a', 1]))),
    keyRecord(17, 'zp', str(listpack(['a', '1.5']))),
    keyRecord(4, 'h', cat(len(1), str('f'), str('v'))),
    keyRecord(9, 'hm', str(zipmap([['f', 'v', 1]]))),
    keyRecord(13, 'hz', str(ziplist(['f', 'v']))),
    keyRecord(16, 'hl', str(listpack(['f', 'v']))),
    keyRecord(24, 'hx', cat(i64le(1800000000000), len(1), len(3), str('f'), str('v'))),
    keyRecord(25, 'hy', cat(i64le(1800000000000), str(listpack(['f', 'v', 1800000000000])))),
    keyRecord(21, 'x', stream),
    keyRecord(7, 'm', cat(len(123456789), len(2), len(9), len(5), str('s'), len(0))),
  ]);
}

const seeds: Array<[string, Buffer]> = [['everything', everything()]];
const handmade = join(import.meta.dirname, '../../fixtures/rdb-handmade/redis-7.0-types.rdb');
if (existsSync(handmade)) seeds.push(['redis-7.0-types', readFileSync(handmade)]);
const allEncodings = join(import.meta.dirname, '../../fixtures/rdb/all-encodings.rdb');
if (existsSync(allEncodings)) seeds.push(['all-encodings', readFileSync(allEncodings)]);

type Mutation = { kind: 'cut'; at: number } | { kind: 'flip'; at: number; xor: number } | { kind: 'insert'; at: number; byte: number };

function mutate(buf: Buffer, ms: Mutation[]): Buffer {
  let out = Buffer.from(buf);
  for (const m of ms) {
    const at = out.length === 0 ? 0 : m.at % out.length;
    if (m.kind === 'cut') out = out.subarray(0, at);
    else if (m.kind === 'flip') {
      if (out.length > 0) out[at] = out[at]! ^ m.xor;
    } else out = Buffer.concat([out.subarray(0, at), Buffer.from([m.byte]), out.subarray(at)]);
  }
  return out;
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
);

describe('damaged input', () => {
  for (const [name, seed] of seeds) {
    it(`${name}: decodes cleanly undamaged`, () => {
      const { summary } = collect(seed);
      expect(summary).toMatchObject({ problem: null, end: seed.length, checksum: { status: 'ok' } });
    });

    it(`${name}: decodes the same through every window size (the reader's equivalent of every split)`, () => {
      const whole = plain(collect(seed));
      for (let windowSize = 1; windowSize <= 200; windowSize++) {
        expect(plain(collect(seed, { windowSize })), `window ${windowSize}`).toEqual(whole);
      }
    });

    it(`${name}: hands string keys as views of its window that read the same, through every window size`, () => {
      const whole = plain(collect(seed));
      for (let windowSize = 1; windowSize <= 200; windowSize++) {
        expect(collectAsHanded(seed, { windowSize, stringViews: true }), `window ${windowSize}`).toEqual(whole);
      }
      expect(collectAsHanded(seed, { stringViews: true })).toEqual(whole);
    });

    it(`${name}: every cut is a problem at or before the cut, never an exception`, () => {
      for (let at = 0; at < seed.length; at++) {
        const { summary } = collect(seed.subarray(0, at));
        expect(summary.problem, `cut at ${at}`).not.toBeNull();
        expect(summary.problem!.offset).toBeLessThanOrEqual(at);
      }
      // One parse per byte of the fixture, each checked twice: minutes on a loaded machine, not a hang.
    }, 300_000);

    it(`${name}: random flips, insertions and cuts only ever produce problems, the same through any window`, () => {
      fc.assert(
        fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 300 }), (ms, windowSize) => {
          const damaged = mutate(seed, ms);
          const whole = collect(damaged);
          if (whole.summary.problem) {
            expect(whole.summary.problem.offset).toBeGreaterThanOrEqual(0);
            expect(whole.summary.problem.offset).toBeLessThanOrEqual(damaged.length);
          }
          expect(plain(collect(damaged, { windowSize }))).toEqual(plain(whole));
          expect(collectAsHanded(damaged, { windowSize, stringViews: true })).toEqual(plain(whole));
        }),
        { numRuns: Number(process.env.RDB_FUZZ_RUNS ?? 2000) },
      );
    });
  }

  it('hands string keys as views only where the next read cannot move the window under them', () => {
    // Strings longer than the reader makes readable ahead of a key, beside short ones and encoded ones.
    const file = rdbFile(12, [
      cat(u8(0xfe), len(0)),
      keyRecord(0, 'a', str('x'.repeat(5000))),
      keyRecord(0, 'b', str('y')),
      keyRecord(0, 'k'.repeat(3000), str('z'.repeat(3000))),
      keyRecord(0, 'c', intStr(-1234, 16)),
      keyRecord(0, 'd'.repeat(4000), str('w'.repeat(200)), 1700000000000),
      keyRecord(0, 'e', str('v'.repeat(70_000))),
      keyRecord(0, 'f', str('u')),
    ]);
    const whole = plain(collect(file));
    for (const windowSize of [1, 7, 100, 4095, 4096, 4097, 6000, 1 << 20]) {
      expect(collectAsHanded(file, { windowSize, stringViews: true }), `window ${windowSize}`).toEqual(whole);
    }
  });

  it('DUMP and FUNCTION DUMP decoders never throw on damaged payloads', () => {
    const payloads = [dumpPayload(18, cat(len(1), len(2), str(listpack(['a', 1])))), functionDump(['#!lua name=a\nreturn 1'])];
    fc.assert(
      fc.property(fc.constantFrom(...payloads), fc.array(mutation, { minLength: 1, maxLength: 3 }), (p, ms) => {
        const damaged = mutate(p, ms);
        decodeDumpPayload(damaged);
        decodeFunctionDump(damaged);
      }),
      { numRuns: 2000 },
    );
  });
});
