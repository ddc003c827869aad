// CRC-64/Jones known vectors and LZF decompression of hand-made compressed bytes.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Crc64, crc64, lzfDecompress } from '../../src/rdb/index.js';

function slowCrc64(buf: Buffer): bigint {
  // Bit-by-bit reference of the reflected Jones CRC (crc64.c's _crc64 with reflection).
  const poly = 0x95ac9329ac4bc9b5n;
  let crc = 0n;
  for (const byte of buf) {
    crc ^= BigInt(byte);
    for (let i = 0; i < 8; i++) crc = crc & 1n ? (crc >> 1n) ^ poly : crc >> 1n;
  }
  return crc;
}

describe('crc64', () => {
  it('matches the Redis test vector', () => {
    expect(crc64(0n, Buffer.from('123456789'))).toBe(0xe9c6d914c4b8d9can);
  });

  it('matches the vector Redis checks in crc64Test for a longer text', () => {
    const li = Buffer.from(
      'This is a test of the emergency broadcast system. This is only a test. If this had been an actual emergency, you would have been instructed where to tune in your area for news and official information.',
    );
    expect(crc64(0n, li)).toBe(slowCrc64(li));
  });

  it('is the same whole or in any split, and equals the bitwise reference', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat(200), (bytes, cut) => {
        const buf = Buffer.from(bytes);
        const at = Math.min(cut, buf.length);
        const whole = crc64(0n, buf);
        const split = new Crc64().update(buf, 0, at).update(buf, at, buf.length).value();
        expect(split).toBe(whole);
        expect(whole).toBe(slowCrc64(buf));
      }),
    );
  });

  it('gives the same CRC over views at every alignment of their memory (the word-read path)', () => {
    const backing = new Uint8Array(128);
    for (let i = 0; i < backing.length; i++) backing[i] = (i * 151 + 7) & 0xff;
    for (let shift = 0; shift < 8; shift++) {
      for (const length of [0, 1, 7, 8, 9, 15, 16, 17, 100]) {
        const view = Buffer.from(backing.buffer, shift, length);
        const expected = slowCrc64(Buffer.from(view));
        expect(crc64(0n, view), `shift ${shift} length ${length}`).toBe(expected);
        // And starting mid-view, so the byte-wise head is what aligns it.
        if (length > 3) expect(new Crc64().update(view, 0, 3).update(view, 3).value()).toBe(expected);
      }
    }
  });
});

describe('lzfDecompress', () => {
  it('expands a literal run and a long back reference', () => {
    // "abc" as a literal run (ctrl 2), then 9 bytes copied from 3 back (ctrl 0xE0, extra length 0, offset 2).
    const compressed = Buffer.from([0x02, 0x61, 0x62, 0x63, 0xe0, 0x00, 0x02]);
    expect(lzfDecompress(compressed, 12)?.toString()).toBe('abcabcabcabc');
  });

  it('expands a short back reference that overlaps its output', () => {
    // "a", then 3 bytes from 1 back (ctrl 0x20 = length 1+2, offset 0): "aaaa".
    expect(lzfDecompress(Buffer.from([0x00, 0x61, 0x20, 0x00]), 4)?.toString()).toBe('aaaa');
  });

  it('refuses data that overruns or underruns the stated length', () => {
    const compressed = Buffer.from([0x02, 0x61, 0x62, 0x63, 0xe0, 0x00, 0x02]);
    expect(lzfDecompress(compressed, 11)).toBeNull();
    expect(lzfDecompress(compressed, 13)).toBeNull();
    expect(lzfDecompress(Buffer.from([0x05, 0x61]), 6)).toBeNull(); // literal run past the input
    expect(lzfDecompress(Buffer.from([0x20, 0x05]), 3)).toBeNull(); // reference before the start
    expect(lzfDecompress(Buffer.from([0x20]), 3)).toBeNull(); // reference cut short
  });

  it('never throws on random input, and gives the same into a larger buffer given to it (a view of exactly its length)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.nat(300), fc.nat(40), (bytes, n, spare) => {
        const out = lzfDecompress(Buffer.from(bytes), n);
        if (out !== null) expect(out.length).toBe(n);
        const into = Buffer.alloc(n + spare, 0x78);
        const inPlace = lzfDecompress(Buffer.from(bytes), n, 0, bytes.length, into);
        expect(inPlace === null ? null : [inPlace.buffer === into.buffer, inPlace.byteOffset === into.byteOffset, inPlace.length]).toEqual(
          out === null ? null : [true, true, n],
        );
        if (out !== null) expect(inPlace!.equals(out)).toBe(true);
      }),
    );
  });

  it('refuses a buffer too small for the stated length (a bug in the caller, not in the data)', () => {
    expect(() => lzfDecompress(Buffer.from([0x00, 0x61]), 1, 0, 2, Buffer.alloc(0))).toThrow(/cannot hold/);
  });
});
