// readRdb over hand-built files: header, every opcode, every value encoding, expiry, checksum and problems.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bufferSource, openFileSource, readRdb } from '../../src/rdb/index.js';
import { tempDir } from '../helpers/tmp.js';
import { collect, keys, plain } from './helpers/collect.js';
import {
  f64le,
  i32le,
  i64le,
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

describe('header', () => {
  it('reads an empty RDB of every version 1–12', () => {
    for (let v = 1; v <= 12; v++) {
      const file = rdbFile(v, []);
      const { records, summary } = collect(file);
      expect(records).toEqual([]);
      expect(summary.version).toBe(v);
      expect(summary.end).toBe(file.length);
      expect(summary.problem).toBeNull();
      expect(summary.checksum.status).toBe(v >= 5 ? 'ok' : 'absent');
    }
  });

  it('refuses RDB 13 (Redis 8.6) and Valkey versions past 80, naming the version', () => {
    const r13 = collect(rdbFile(13, [])).summary.problem!;
    expect(r13.code).toBe('unsupported-version');
    expect(r13.message).toMatch(/version 13.*Redis 8\.6/);
    const valkey = collect(Buffer.from('VALKEY081\xff', 'latin1')).summary.problem!;
    expect(valkey.code).toBe('unsupported-version');
    expect(valkey.message).toMatch(/Valkey RDB version 81.*9\.2/);
    expect(collect(Buffer.from('VALKEY011\xff', 'latin1')).summary.problem).toMatchObject({ code: 'bad-magic', offset: 6 });
  });

  it('refuses a non-RDB, and reports a cut signature as truncated', () => {
    expect(collect(Buffer.from('*1\r\n$4\r\nPING\r\n')).summary.problem).toMatchObject({ code: 'bad-magic', offset: 0 });
    expect(collect(Buffer.alloc(0)).summary.problem?.code).toBe('bad-magic');
    expect(collect(Buffer.from('REDIS00')).summary.problem?.code).toBe('truncated');
    expect(collect(Buffer.from('REDISabcd')).summary.problem).toMatchObject({ code: 'bad-magic', offset: 5 });
  });
});

describe('opcodes', () => {
  it('yields aux, select-db, resize-db and function records with their offsets, and skips hints', () => {
    const body = [
      cat(u8(0xfa), str('redis-ver'), str('7.4.1')), // 9
      cat(u8(0xfa), str('ctime'), intStr(1700000000, 32)),
      cat(u8(0xf5), str('#!lua name=lib\nredis.register_function("f", function() return 1 end)')),
      cat(u8(0xfe), len(3)),
      cat(u8(0xfb), len(2), len(1)),
      cat(u8(0xf4), len(100), len(2), len(1)), // slot info: skipped
      cat(u8(0xf8), len(1234), u8(0xf9), u8(7)), // idle, freq: skipped
      keyRecord(0, 'k', str('v')),
    ];
    const file = rdbFile(12, body);
    const at: number[] = [];
    body.reduce((pos, part) => (at.push(pos), pos + part.length), 9);
    const { records, summary } = collect(file);
    expect(summary.problem).toBeNull();
    expect(plain(records)).toEqual([
      { type: 'aux', key: 'redis-ver', value: '7.4.1', offset: 9 },
      { type: 'aux', key: 'ctime', value: '1700000000', offset: 26 },
      { type: 'function', code: '#!lua name=lib\nredis.register_function("f", function() return 1 end)', offset: 38 },
      { type: 'select-db', db: 3, offset: at[3] },
      { type: 'resize-db', db: 3, dbSize: 2, expiresSize: 1, keysHint: 2, offset: at[4] },
      { type: 'key', db: 3, key: 'k', value: { type: 'string', encoding: 'string', value: 'v' }, expireAtMs: null, offset: at[7], end: at[7]! + 5 },
    ]);
  });

  it('turns the 7.0-rc function format into the library code Redis 7.0 builds from it', () => {
    const old = cat(u8(0xf6), str('mylib'), str('LUA'), len(1), str('a description'), str('return 1'));
    const { records } = collect(rdbFile(10, [old]));
    expect(plain(records)).toEqual([{ type: 'function', code: '#!LUA name=mylib\nreturn 1', offset: 9 }]);
  });

  it('skips module AUX data and module values by their typed fields, naming the module', () => {
    // Module type name "mymodule1" in the top 54 bits, encoding version 3 in the low 10.
    const charset = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    let id = 0n;
    for (const ch of 'mymodule1') id = (id << 6n) | BigInt(charset.indexOf(ch));
    id = (id << 10n) | 3n;
    const fields = cat(len(1), len(5), len(2), len(300), len(3), Buffer.alloc(4), len(4), f64le(1.5), len(5), str('payload'), len(0));
    const aux = cat(u8(0xf7), len(id), len(2), len(1), fields);
    const value = keyRecord(7, 'mk', cat(len(id), fields));
    const { records, summary } = collect(rdbFile(9, [aux, value]));
    expect(summary.problem).toBeNull();
    expect(records[0]).toMatchObject({ type: 'module-aux', moduleId: id, moduleName: 'mymodule1' });
    expect(records[1]).toMatchObject({ type: 'key', value: { type: 'module', encoding: 'module-value', moduleId: id, moduleName: 'mymodule1' } });
  });

  it('refuses module data whose length cannot be known', () => {
    const pre = collect(rdbFile(9, [keyRecord(6, 'm', len(1))])).summary.problem!;
    expect(pre.code).toBe('bad-module');
    const unknownField = collect(rdbFile(9, [keyRecord(7, 'm', cat(len(1234), len(9)))])).summary.problem!;
    expect(unknownField).toMatchObject({ code: 'bad-module' });
  });

  it('reports an unknown type byte at its offset', () => {
    expect(collect(rdbFile(11, [u8(8)])).summary.problem).toMatchObject({ code: 'bad-type', offset: 9 });
    expect(collect(rdbFile(11, [u8(30)])).summary.problem).toMatchObject({ code: 'bad-type', offset: 9 });
  });
});

describe('expiry', () => {
  it('converts EXPIRETIME seconds to ms, takes EXPIRETIME_MS as is, and resets after each key', () => {
    const body = [
      cat(u8(0xfd), i32le(1700000000)),
      keyRecord(0, 'a', str('1')),
      keyRecord(0, 'b', str('2'), 1700000000123),
      keyRecord(0, 'c', str('3')),
    ];
    expect(keys(rdbFile(6, body)).map((k) => [k.key, k.expireAtMs])).toEqual([
      ['a', 1700000000000],
      ['b', 1700000000123],
      ['c', null],
    ]);
  });
});

describe('strings', () => {
  it('decodes raw, integer-encoded, LZF and every length width', () => {
    const lzf = lzfStr(Buffer.from([0x02, 0x61, 0x62, 0x63, 0xe0, 0x00, 0x02]), 12);
    const body = [
      keyRecord(0, 'raw', str('hello')),
      keyRecord(0, 'i8', intStr(-5, 8)),
      keyRecord(0, 'i16', intStr(-30000, 16)),
      keyRecord(0, 'i32', intStr(2147483647, 32)),
      keyRecord(0, 'lzf', lzf),
      keyRecord(0, 'l14', cat(len(100), Buffer.alloc(100, 0x61))),
      keyRecord(0, 'l32', cat(len(5, 32), Buffer.from('abcde'))),
      keyRecord(0, 'l64', cat(len(3, 64), Buffer.from('xyz'))),
      keyRecord(0, 'empty', str('')),
    ];
    expect(keys(rdbFile(11, body)).map((k) => [k.key, (k.value as { value: string }).value])).toEqual([
      ['raw', 'hello'],
      ['i8', '-5'],
      ['i16', '-30000'],
      ['i32', '2147483647'],
      ['lzf', 'abcabcabcabc'],
      ['l14', 'a'.repeat(100)],
      ['l32', 'abcde'],
      ['l64', 'xyz'],
      ['empty', ''],
    ]);
  });

  it('refuses an absurd length before allocating, and bad LZF', () => {
    const huge = collect(rdbFile(11, [keyRecord(0, 'k', cat(len(2 ** 40, 64), Buffer.from('x')))])).summary.problem!;
    expect(huge).toMatchObject({ code: 'bad-length', offset: 12 });
    const lzfClaim = collect(rdbFile(11, [keyRecord(0, 'k', lzfStr(Buffer.from([0, 0x61]), 1e9))])).summary.problem!;
    expect(lzfClaim.code).toBe('bad-lzf');
    const lzfBad = collect(rdbFile(11, [keyRecord(0, 'k', lzfStr(Buffer.from([0x02, 0x61, 0x62, 0x63]), 4))])).summary.problem!;
    expect(lzfBad).toMatchObject({ code: 'bad-lzf', offset: 12 });
    const badEnc = collect(rdbFile(11, [keyRecord(0, 'k', u8(0xc7))])).summary.problem!;
    expect(badEnc).toMatchObject({ code: 'bad-string-encoding', offset: 12 });
    const badLen = collect(rdbFile(11, [keyRecord(0, 'k', u8(0x85))])).summary.problem!;
    expect(badLen).toMatchObject({ code: 'bad-length', offset: 12 });
  });
});

describe('lists', () => {
  const expected = { type: 'list', items: ['a', '1', '-70000', 'bb'] };
  it('decodes linked lists, ziplists, quicklists of ziplists and of listpacks/plain nodes', () => {
    const body = [
      keyRecord(1, 'linked', cat(len(4), str('a'), intStr(1, 8), intStr(-70000, 32), str('bb'))),
      keyRecord(10, 'zl', str(ziplist(['a', 1, -70000, 'bb']))),
      keyRecord(14, 'ql1', cat(len(2), str(ziplist(['a', 1])), str(ziplist([-70000, 'bb'])))),
      keyRecord(18, 'ql2', cat(len(3), len(2), str(listpack(['a', 1])), len(1), str('-70000'), len(2), str(listpack(['bb'])))),
    ];
    const got = keys(rdbFile(11, body));
    expect(got.map((k) => k.value)).toEqual([
      { ...expected, encoding: 'list-linked' },
      { ...expected, encoding: 'list-ziplist' },
      { ...expected, encoding: 'quicklist' },
      { ...expected, encoding: 'quicklist-v2' },
    ]);
  });

  it('refuses a bad quicklist container and skips empty lists as Redis does', () => {
    expect(collect(rdbFile(11, [keyRecord(18, 'q', cat(len(1), len(3), str(listpack(['a']))))])).summary.problem).toMatchObject({ code: 'bad-value', offset: 13 });
    const { records, summary } = collect(rdbFile(11, [keyRecord(1, 'empty', len(0)), keyRecord(18, 'q', cat(len(1), len(2), str(listpack([]))))]));
    expect(records).toEqual([]);
    expect(summary.emptyKeysSkipped).toBe(2);
    expect(summary.problem).toBeNull();
  });
});

describe('sets', () => {
  it('decodes plain sets, intsets and listpacks', () => {
    const body = [
      keyRecord(2, 's', cat(len(2), str('x'), intStr(7, 8))),
      keyRecord(11, 'is', str(intset(4, [-1, 100000]))),
      keyRecord(20, 'lp', str(listpack(['m', 42]))),
    ];
    expect(keys(rdbFile(11, body)).map((k) => k.value)).toEqual([
      { type: 'set', encoding: 'set-hashtable', members: ['x', '7'] },
      { type: 'set', encoding: 'set-intset', members: ['-1', '100000'] },
      { type: 'set', encoding: 'set-listpack', members: ['m', '42'] },
    ]);
  });
});

describe('sorted sets', () => {
  it('decodes text scores (with inf specials), binary scores, ziplists and listpacks', () => {
    const body = [
      keyRecord(3, 'z1', cat(len(4), str('a'), u8(3), Buffer.from('1.5'), str('b'), u8(254), str('c'), u8(255), str('d'), u8(3), Buffer.from('inf'))),
      keyRecord(5, 'z2', cat(len(2), str('a'), f64le(-0.25), str('b'), f64le(1e300))),
      keyRecord(12, 'zz', str(ziplist(['a', 1, 'b', '2.5']))),
      keyRecord(17, 'zl', str(listpack(['a', -3, 'b', '0.1']))),
    ];
    expect(keys(rdbFile(11, body)).map((k) => k.value)).toEqual([
      { type: 'zset', encoding: 'zset-v1', entries: [{ member: 'a', score: 1.5 }, { member: 'b', score: Infinity }, { member: 'c', score: -Infinity }, { member: 'd', score: Infinity }] },
      { type: 'zset', encoding: 'zset-v2', entries: [{ member: 'a', score: -0.25 }, { member: 'b', score: 1e300 }] },
      { type: 'zset', encoding: 'zset-ziplist', entries: [{ member: 'a', score: 1 }, { member: 'b', score: 2.5 }] },
      { type: 'zset', encoding: 'zset-listpack', entries: [{ member: 'a', score: -3 }, { member: 'b', score: 0.1 }] },
    ]);
  });

  it('refuses NaN scores like rdbLoadObject', () => {
    expect(collect(rdbFile(11, [keyRecord(3, 'z', cat(len(1), str('a'), u8(253)))])).summary.problem).toMatchObject({ code: 'bad-value', offset: 15 });
    expect(collect(rdbFile(11, [keyRecord(5, 'z', cat(len(1), str('a'), f64le(NaN)))])).summary.problem?.code).toBe('bad-value');
  });

  it('reads text scores inside listpacks as strtod does (Redis does not check them on load)', () => {
    const body = [keyRecord(17, 'z', str(listpack(['a', '-inf', 'b', 'x', 'c', '2.5e1junk'])))];
    expect(keys(rdbFile(11, body))[0]!.value).toMatchObject({ entries: [{ member: 'a', score: -Infinity }, { member: 'b', score: 0 }, { member: 'c', score: 25 }] });
  });
});

describe('hashes', () => {
  const fv = [{ field: 'f1', value: 'v1' }, { field: 'n', value: '5' }];
  it('decodes plain hashes, zipmaps, ziplists and listpacks', () => {
    const body = [
      keyRecord(4, 'h', cat(len(2), str('f1'), str('v1'), str('n'), intStr(5, 8))),
      keyRecord(9, 'zm', str(zipmap([['f1', 'v1', 1], ['n', '5']]))),
      keyRecord(13, 'zl', str(ziplist(['f1', 'v1', 'n', 5]))),
      keyRecord(16, 'lp', str(listpack(['f1', 'v1', 'n', 5]))),
    ];
    expect(keys(rdbFile(11, body)).map((k) => k.value)).toEqual(
      ['hash-hashtable', 'hash-zipmap', 'hash-ziplist', 'hash-listpack'].map((encoding) => ({ type: 'hash', encoding, entries: fv })),
    );
  });

  it('decodes 7.4 hash-field TTLs: relative to the stored minimum, absolute in the RC format, and in listpacks', () => {
    const min = 1800000000000;
    const body = [
      keyRecord(24, 'md', cat(i64le(min), len(2), len(0), str('a'), str('1'), len(1001), str('b'), str('2'))),
      keyRecord(22, 'mdrc', cat(len(1), len(min + 7), str('a'), str('1'))),
      keyRecord(25, 'lpex', cat(i64le(min), str(listpack(['a', '1', 0, 'b', '2', min + 5])))),
    ];
    expect(keys(rdbFile(12, body)).map((k) => k.value)).toEqual([
      { type: 'hash', encoding: 'hash-hashtable-md', entries: [{ field: 'a', value: '1' }, { field: 'b', value: '2', expireAtMs: min + 1000 }] },
      { type: 'hash', encoding: 'hash-hashtable-md-pre-release', entries: [{ field: 'a', value: '1', expireAtMs: min + 7 }] },
      { type: 'hash', encoding: 'hash-listpack-md', entries: [{ field: 'a', value: '1' }, { field: 'b', value: '2', expireAtMs: min + 5 }] },
    ]);
  });
});

describe('checksum and end', () => {
  const body = [keyRecord(0, 'k', str('v'))];

  it('reports a zero checksum as disabled and a wrong one as a problem at the checksum', () => {
    expect(collect(rdbFile(11, body, 'zero')).summary).toMatchObject({ checksum: { status: 'disabled', stored: 0n }, problem: null });
    const bad = rdbFile(11, body);
    bad[bad.length - 1]! ^= 1;
    const { summary } = collect(bad);
    expect(summary.checksum.status).toBe('mismatch');
    expect(summary.problem).toMatchObject({ code: 'bad-checksum', offset: bad.length - 8 });
    expect(summary.end).toBe(bad.length);
  });

  it('stops at the end of the RDB section of a preamble file, from any start offset', () => {
    const rdb = rdbFile(11, body);
    const tail = Buffer.from('*1\r\n$5\r\nMULTI\r\n');
    const lead = Buffer.from('junk');
    const { records, summary } = collect(cat(lead, rdb, tail), { start: lead.length });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ offset: lead.length + 9 });
    expect(summary).toMatchObject({ end: lead.length + rdb.length, checksum: { status: 'ok' }, problem: null });
  });

  it('reports a cut file as truncated at the cut', () => {
    const rdb = rdbFile(11, [keyRecord(0, 'key', str('value'))]);
    const { summary } = collect(rdb.subarray(0, 16));
    expect(summary).toMatchObject({ end: null, problem: { code: 'truncated', offset: 14 } });
  });
});

describe('sources and windows', () => {
  const body = [
    keyRecord(0, 'big', str('q'.repeat(5000))),
    keyRecord(20, 'set', str(listpack(['a', 'b']))),
    keyRecord(0, 'small', str('s')),
  ];
  const file = rdbFile(11, body);

  it('gives the same records and checksum through a tiny window as whole', () => {
    const whole = collect(file);
    const windowed = collect(file, { windowSize: 64 });
    expect(plain(windowed)).toEqual(plain(whole));
    expect(windowed.summary.checksum.status).toBe('ok');
  });

  it('reads a file through openFileSource and reports progress', () => {
    const path = join(tempDir(), 'dump.rdb');
    writeFileSync(path, file);
    const source = openFileSource(path);
    try {
      const it = readRdb(source, { windowSize: 100 });
      const offsets: number[] = [];
      let r = it.next();
      while (!r.done) {
        offsets.push(it.offset);
        r = it.next();
      }
      const first = 9 + 1 + 4 + 2 + 5000; // type, "big", 14-bit length, bytes
      const second = first + 1 + 4 + 1 + listpack(['a', 'b']).length;
      expect(offsets).toEqual([first, second, second + 1 + 6 + 2]);
      expect(r.value).toMatchObject({ end: file.length, checksum: { status: 'ok' } });
    } finally {
      source.close();
    }
  });

  it('works on a buffer source the same way', () => {
    const it = readRdb(bufferSource(file));
    expect([...it]).toHaveLength(3);
  });
});
