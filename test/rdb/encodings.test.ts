// Each compact encoding decoded from hand-built bytes: listpack, ziplist, intset, zipmap, plus their damage checks.
import { describe, expect, it } from 'vitest';
import { decodeIntset } from '../../src/rdb/intset.js';
import { decodeListpack, decodeListpackStrings } from '../../src/rdb/listpack.js';
import { decodeZiplist } from '../../src/rdb/ziplist.js';
import { decodeZipmap } from '../../src/rdb/zipmap.js';
import { RdbError } from '../../src/rdb/problem.js';
import { intset, listpack, ziplist, zipmap } from './helpers/rdb-builder.js';

const text = (xs: Buffer[]) => xs.map((x) => x.toString('latin1'));

function problemOf(fn: () => unknown): { code: string; offset: number } {
  try {
    fn();
  } catch (e) {
    if (e instanceof RdbError) return { code: e.code, offset: e.offset };
    throw e;
  }
  throw new Error('no problem raised');
}

describe('listpack', () => {
  const longStr = 'x'.repeat(100);
  const hugeStr = 'y'.repeat(5000);
  const values = ['a', 0, 127, 128, -1, -4096, 4095, 4096, -32768, 32767, 40000, -8388608, 8388607, 2 ** 31 - 1, -(2 ** 31), 2 ** 40, -(2n ** 63n), 2n ** 63n - 1n, longStr, hugeStr, ''];

  it('decodes every integer width and string length class', () => {
    const out = decodeListpack(listpack(values), 0);
    expect(out.map((e) => (Buffer.isBuffer(e) ? e.toString('latin1') : e))).toEqual(values);
  });

  it('gives integers back as their decimal text', () => {
    expect(text(decodeListpackStrings(listpack(['f', -5, 2n ** 63n - 1n]), 0))).toEqual(['f', '-5', '9223372036854775807']);
  });

  it('accepts an unknown count (65535)', () => {
    expect(decodeListpack(listpack(['a', 'b'], 0xffff), 0)).toHaveLength(2);
  });

  it('reports a wrong count, a wrong total, a bad terminator and a bad back-length at their bytes', () => {
    expect(problemOf(() => decodeListpack(listpack(['a', 'b'], 3), 100))).toEqual({ code: 'bad-listpack', offset: 104 });
    const lp = listpack(['a', 'b']);
    const wrongTotal = Buffer.from(lp);
    wrongTotal.writeUInt32LE(lp.length + 1, 0);
    expect(problemOf(() => decodeListpack(wrongTotal, 0)).offset).toBe(0);
    const noEof = Buffer.from(lp);
    noEof[noEof.length - 1] = 0;
    expect(problemOf(() => decodeListpack(noEof, 0)).offset).toBe(lp.length - 1);
    const badBacklen = Buffer.from(lp);
    badBacklen[8] = 5; // 'a' is 0x81 'a' then backlen 2
    expect(problemOf(() => decodeListpack(badBacklen, 0)).code).toBe('bad-listpack');
    const badEnc = Buffer.from(lp);
    badEnc[6] = 0xf5;
    expect(problemOf(() => decodeListpack(badEnc, 0))).toEqual({ code: 'bad-listpack', offset: 6 });
  });

  it('reads a back-length past its own bytes as lpDecodeBacklen does (redis-check-rdb accepts this flip)', () => {
    // 256 as a 13-bit integer is c1 00, back-length 02. With the continuation bit set (82) the decoder
    // goes on into the 00 data byte and still gets 2; over a non-zero byte it gets a wrong length.
    const lp = listpack([256, 'a']);
    expect(lp.subarray(6, 9)).toEqual(Buffer.from([0xc1, 0x00, 0x02]));
    const flipped = Buffer.from(lp);
    flipped[8] = 0x82;
    expect(decodeListpack(flipped, 0)).toEqual([256, Buffer.from('a')]);
    const overData = listpack([257, 'a']);
    overData[8] = 0x82;
    expect(problemOf(() => decodeListpack(overData, 0))).toEqual({ code: 'bad-listpack', offset: 8 });
  });
});

describe('ziplist', () => {
  const values: Array<string | number | bigint> = ['hello', 0, 12, 13, -1, -128, 127, 300, -32768, 100000, -8388608, 2 ** 31 - 1, 2 ** 40, -(2n ** 63n), 'z'.repeat(300), 'w'.repeat(20000)];

  it('decodes strings of every length class and every integer encoding', () => {
    expect(text(decodeZiplist(ziplist(values), 0))).toEqual(values.map(String));
  });

  it('checks prevlen, tail, count and the end byte', () => {
    const zl = ziplist(['a', 'b', 'c']);
    const badPrev = Buffer.from(zl);
    badPrev[10 + 3] = 9; // second entry's prevlen
    expect(problemOf(() => decodeZiplist(badPrev, 50))).toEqual({ code: 'bad-ziplist', offset: 63 });
    const badTail = Buffer.from(zl);
    badTail.writeUInt32LE(10, 4);
    expect(problemOf(() => decodeZiplist(badTail, 0)).code).toBe('bad-ziplist');
    const badCount = Buffer.from(zl);
    badCount.writeUInt16LE(2, 8);
    expect(problemOf(() => decodeZiplist(badCount, 0)).offset).toBe(8);
    const cut = ziplist(['a', 'b']).subarray(0, 15);
    expect(problemOf(() => decodeZiplist(cut, 0)).code).toBe('bad-ziplist');
  });
});

describe('intset', () => {
  it('decodes 16-, 32- and 64-bit members', () => {
    expect(text(decodeIntset(intset(2, [-3, 1, 2]), 0))).toEqual(['-3', '1', '2']);
    expect(text(decodeIntset(intset(4, [-70000, 70000]), 0))).toEqual(['-70000', '70000']);
    expect(text(decodeIntset(intset(8, [-(2n ** 63n), 2n ** 62n]), 0))).toEqual(['-9223372036854775808', '4611686018427387904']);
  });

  it('refuses unsorted members, bad widths and wrong sizes', () => {
    expect(problemOf(() => decodeIntset(intset(2, [2, 1]), 0)).code).toBe('bad-intset');
    const badWidth = intset(2, [1]);
    badWidth.writeUInt32LE(3, 0);
    expect(problemOf(() => decodeIntset(badWidth, 0)).code).toBe('bad-intset');
    expect(problemOf(() => decodeIntset(intset(2, [1, 2]).subarray(0, 10), 0)).code).toBe('bad-intset');
  });
});

describe('zipmap', () => {
  it('decodes pairs, skipping free bytes, with big lengths', () => {
    const big = 'v'.repeat(300);
    const out = decodeZipmap(zipmap([['foo', 'bar', 2], ['hello', big]]), 0);
    expect(out.map((p) => [p.field.toString(), p.value.toString()])).toEqual([['foo', 'bar'], ['hello', big]]);
  });

  it('matches the example in zipmap.c', () => {
    const zm = Buffer.from('\x02\x03foo\x03\x00bar\x05hello\x05\x00world\xff', 'latin1');
    expect(decodeZipmap(zm, 0).map((p) => [p.field.toString(), p.value.toString()])).toEqual([['foo', 'bar'], ['hello', 'world']]);
  });

  it('refuses an empty zipmap, a wrong count and values past the end', () => {
    expect(problemOf(() => decodeZipmap(Buffer.from([0, 0xff]), 0)).code).toBe('bad-zipmap');
    const zm = zipmap([['a', 'b']]);
    const badCount = Buffer.from(zm);
    badCount[0] = 3;
    expect(problemOf(() => decodeZipmap(badCount, 0)).code).toBe('bad-zipmap');
    const overrun = Buffer.from(zm);
    overrun[3] = 40; // value length
    expect(problemOf(() => decodeZipmap(overrun, 0)).code).toBe('bad-zipmap');
  });
});
