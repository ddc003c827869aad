// The writer's building blocks against the reader's decoders: LZF, string2ll, listpacks, ziplists, intsets, lengths, chunks.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bufferSource, crc64, lzfDecompress } from '../../../src/rdb/index.js';
import { Cursor } from '../../../src/rdb/cursor.js';
import { decodeIntset } from '../../../src/rdb/intset.js';
import { readLengthBig, readString } from '../../../src/rdb/length.js';
import { decodeListpackStrings } from '../../../src/rdb/listpack.js';
import { decodeZiplist } from '../../../src/rdb/ziplist.js';
import { ChunkWriter } from '../../../src/rdb/write/chunk-writer.js';
import { parseInt64 } from '../../../src/rdb/write/int64-text.js';
import { encodeIntset } from '../../../src/rdb/write/intset-encode.js';
import { integerEntrySize, ListpackBuilder, stringEntrySize } from '../../../src/rdb/write/listpack-builder.js';
import { lzfCompress } from '../../../src/rdb/write/lzf-compress.js';
import { writeLength, writeLengthBig, writeString } from '../../../src/rdb/write/primitives.js';
import { scoreText } from '../../../src/rdb/write/score-text.js';
import { ZiplistBuilder } from '../../../src/rdb/write/ziplist-builder.js';

/** Byte strings that hit the integer paths: decimal texts near every width boundary, near-integers, random bytes. */
const element = fc.oneof(
  fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }).map((v) => Buffer.from(v.toString())),
  fc
    .constantFrom(0, 12, 13, 127, 128, -128, -129, 4095, 4096, -4096, -4097, 32767, 32768, -32769, 8388607, 8388608, 2147483647, 2147483648, -2147483649)
    .map((v) => Buffer.from(String(v))),
  fc.constantFrom('-0', '007', '+1', ' 1', '9223372036854775808', '-9223372036854775809', '', '-', '1e3').map((s) => Buffer.from(s)),
  fc.uint8Array({ maxLength: 100 }).map((a) => Buffer.from(a)),
  fc.integer({ min: 60, max: 5000 }).map((n) => Buffer.alloc(n, 0x61)),
);

function writeBytes(fn: (w: ChunkWriter) => void, chunkSize = 64): Buffer {
  const chunks: Buffer[] = [];
  const w = new ChunkWriter((c) => chunks.push(Buffer.from(c)), { chunkSize });
  fn(w);
  w.flush();
  return Buffer.concat(chunks);
}

describe('lzfCompress', () => {
  it('output expands back to the input with the reader decompressor', () => {
    const data = fc.oneof(
      fc.uint8Array({ minLength: 21, maxLength: 3000 }),
      fc
        .tuple(fc.uint8Array({ minLength: 3, maxLength: 12 }), fc.integer({ min: 2, max: 3000 }))
        .map(([unit, n]) => Buffer.from(Array.from({ length: n }, (_, i) => unit[(i * i) % unit.length]!))),
      fc.integer({ min: 21, max: 70000 }).map((n) => Buffer.alloc(n, 7)),
    );
    fc.assert(
      fc.property(data, (input) => {
        const out = Buffer.alloc(input.length + Math.ceil(input.length / 32) + 2);
        const n = lzfCompress(input, out);
        expect(n).toBeGreaterThan(0);
        expect(lzfDecompress(out, input.length, 0, n)?.equals(input)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('returns 0 when the result does not fit, and compresses repetitive data well', () => {
    const random = Buffer.from(Array.from({ length: 200 }, (_, i) => (i * 7919 + 13) % 251));
    expect(lzfCompress(random, Buffer.alloc(random.length - 4))).toBe(0);
    const runs = Buffer.alloc(10000, 'x');
    const out = Buffer.alloc(runs.length);
    const n = lzfCompress(runs, out);
    expect(n).toBeLessThan(150);
  });
});

describe('parseInt64', () => {
  it('accepts exactly what string2ll accepts', () => {
    fc.assert(
      fc.property(element, (b) => {
        const t = b.toString('latin1');
        const canonical = /^(0|-?[1-9][0-9]*)$/.test(t) && b.length <= 20;
        const v = canonical ? BigInt(t) : null;
        const expected = v !== null && v >= -(1n << 63n) && v < 1n << 63n ? v : null;
        const got = parseInt64(b);
        expect(got === null ? null : BigInt(got)).toBe(expected);
        if (typeof got === 'number') expect(Number.isSafeInteger(got)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('ListpackBuilder and ZiplistBuilder', () => {
  it('listpacks decode to the appended strings, with the sizes the builder predicts', () => {
    const lp = new ListpackBuilder();
    fc.assert(
      fc.property(fc.array(element, { maxLength: 80 }), (items) => {
        lp.reset();
        let expectedBytes = 7;
        for (const s of items) {
          lp.appendString(s);
          expectedBytes += stringEntrySize(s);
          expect(lp.bytes).toBe(expectedBytes);
        }
        const blob = Buffer.from(lp.finish());
        expect(blob.length).toBe(expectedBytes);
        expect(decodeListpackStrings(blob, 0)).toEqual(items);
      }),
      { numRuns: 100 },
    );
  });

  it('listpack integers take the smallest encoding and decode exactly', () => {
    const lp = new ListpackBuilder();
    const values = [0, 127, 128, -1, 4095, -4096, 4096, 32767, -32768, 8388607, -8388608, 2147483647, -2147483648, 2 ** 40, -(2n ** 63n), 2n ** 63n - 1n];
    for (const v of values) lp.appendInteger(v);
    const blob = lp.finish();
    expect(blob.length).toBe(7 + values.reduce<number>((n, v) => n + integerEntrySize(v), 0));
    expect(decodeListpackStrings(Buffer.from(blob), 0).map(String)).toEqual(values.map(String));
    expect(integerEntrySize(127)).toBe(2);
    expect(integerEntrySize(128)).toBe(3);
    expect(integerEntrySize(2n ** 62n)).toBe(10);
  });

  it('a listpack of 65535 elements or more says its count is unknown', () => {
    const lp = new ListpackBuilder();
    for (let i = 0; i < 70000; i++) lp.appendInteger(1);
    expect(lp.finish().readUInt16LE(4)).toBe(0xffff);
  });

  it('ziplists decode to the appended strings', () => {
    const zl = new ZiplistBuilder();
    fc.assert(
      fc.property(fc.array(element, { maxLength: 80 }), (items) => {
        zl.reset();
        for (const s of items) zl.appendString(s);
        const blob = Buffer.from(zl.finish());
        expect(zl.bytes).toBe(blob.length);
        expect(decodeZiplist(blob, 0)).toEqual(items);
      }),
      { numRuns: 100 },
    );
  });
});

describe('encodeIntset', () => {
  it('sorts the members and picks the narrowest width', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }), { minLength: 1, maxLength: 50 }), (vals) => {
        const members = vals.map((v) => (v >= -(2n ** 53n) && v <= 2n ** 53n ? Number(v) : v));
        const blob = encodeIntset(members);
        const sorted = vals.slice().sort((a, b) => (a < b ? -1 : 1));
        expect(decodeIntset(blob, 0).map(String)).toEqual(sorted.map(String));
        const width = sorted.some((v) => v < -(2n ** 31n) || v >= 2n ** 31n) ? 8 : sorted.some((v) => v < -32768n || v > 32767n) ? 4 : 2;
        expect(blob.readUInt32LE(0)).toBe(width);
      }),
    );
  });
});

describe('lengths and strings', () => {
  it('every length reads back, 64-bit ones included', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (n) => {
        const bytes = writeBytes((w) => writeLengthBig(w, n));
        expect(readLengthBig(new Cursor(bufferSource(bytes), 0))).toBe(n);
      }),
    );
    expect(writeBytes((w) => writeLength(w, 63))).toEqual(Buffer.from([63]));
    expect(writeBytes((w) => writeLength(w, 64))).toEqual(Buffer.from([0x40, 64]));
    expect(writeBytes((w) => writeLength(w, 16384))).toEqual(Buffer.from([0x80, 0, 0, 0x40, 0]));
  });

  it('strings read back; integers that fit 32 bits are integer-encoded, long compressible ones LZF', () => {
    fc.assert(
      fc.property(element, fc.boolean(), (s, compress) => {
        const bytes = writeBytes((w) => writeString(w, s, compress));
        expect(readString(new Cursor(bufferSource(bytes), 0))).toEqual(s);
      }),
      { numRuns: 300 },
    );
    expect(writeBytes((w) => writeString(w, Buffer.from('-2147483648'), true))[0]).toBe(0xc2);
    expect(writeBytes((w) => writeString(w, Buffer.from('2147483648'), true))[0]).toBe(10);
    expect(writeBytes((w) => writeString(w, Buffer.from('007'), true))[0]).toBe(3);
    expect(writeBytes((w) => writeString(w, Buffer.alloc(20, 'a'), true))[0]).toBe(20);
    expect(writeBytes((w) => writeString(w, Buffer.alloc(21, 'a'), true))[0]).toBe(0xc3);
    expect(writeBytes((w) => writeString(w, Buffer.alloc(21, 'a'), false))[0]).toBe(21);
  });
});

describe('scoreText', () => {
  // Expected texts: what 7.0 (printf "%.17g") and 7.2+ (fpconv_dtoa) store for ZADD of these scores.
  const cases: Array<[number, string, string]> = [
    [0.1, '0.10000000000000001', '0.1'],
    [1.5, '1.5', '1.5'],
    [3, '3', '3'],
    [-0, '-0', '-0'],
    [Infinity, 'inf', 'inf'],
    [-Infinity, '-inf', '-inf'],
    [1e-5, '1.0000000000000001e-05', '0.00001'],
    [1e-7, '9.9999999999999995e-08', '1e-7'],
    [123456.789, '123456.789', '123456.789'],
    [2 ** 62, '4611686018427387904', '4611686018427387904'],
    [2 ** 63, '9.2233720368547758e+18', '9223372036854776000'],
    [1e21, '1e+21', '1e+21'],
    [1.7976931348623157e308, '1.7976931348623157e+308', '1.7976931348623157e+308'],
    [284847380984124.125, '284847380984124.12', '284847380984124.1'],
  ];
  it.each(cases)('%s', (v, printf, fpconv) => {
    expect(scoreText(v, 'printf').toString()).toBe(printf);
    expect(scoreText(v, 'fpconv').toString()).toBe(fpconv);
  });

  it('every text reads back as the same double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (v) => {
        for (const style of ['printf', 'fpconv'] as const) {
          const t = scoreText(v, style).toString();
          const back = t === 'inf' ? Infinity : t === '-inf' ? -Infinity : Number(t);
          expect(Object.is(back, v) || (back === v && v !== 0)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('ChunkWriter', () => {
  it('gives the same bytes and CRC-64 whatever the chunk size, and never a chunk past it', () => {
    const payload = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 31) % 256));
    for (const size of [64, 100, 4096, 1 << 16]) {
      const chunks: Buffer[] = [];
      const w = new ChunkWriter((c) => chunks.push(Buffer.from(c)), { chunkSize: size });
      w.bytes(payload.subarray(0, 10));
      w.u8(payload[10]!);
      w.bytes(payload, 11);
      expect(w.offset).toBe(payload.length);
      expect(w.checksum()).toBe(crc64(0n, payload));
      w.flush();
      expect(Buffer.concat(chunks)).toEqual(payload);
      expect(Math.max(...chunks.map((c) => c.length))).toBeLessThanOrEqual(size);
    }
  });
});
