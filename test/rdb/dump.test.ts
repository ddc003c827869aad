// DUMP and FUNCTION DUMP payloads: footer checks (version, CRC) and the decoded value or libraries.
import { describe, expect, it } from 'vitest';
import { decodeDumpPayload, decodeFunctionDump } from '../../src/rdb/index.js';
import { plain } from './helpers/collect.js';
import { dumpPayload, functionDump, len, listpack, str } from './helpers/rdb-builder.js';

describe('decodeDumpPayload', () => {
  it('decodes a value', () => {
    expect(plain(decodeDumpPayload(dumpPayload(0, str('hello'))))).toEqual({ value: { type: 'string', encoding: 'string', value: 'hello' } });
    expect(plain(decodeDumpPayload(dumpPayload(16, str(listpack(['f', 1])), 12)))).toEqual({
      value: { type: 'hash', encoding: 'hash-listpack', entries: [{ field: 'f', value: '1' }] },
    });
  });

  it('matches a payload from Redis 7.0 DUMP of a string "bar"', () => {
    // redis-cli DUMP of SET foo bar on 7.0.15: \x00\x03bar\x0a\x00 + CRC.
    const p = dumpPayload(0, str('bar'), 10);
    expect(p.subarray(0, 7)).toEqual(Buffer.from([0, 3, 0x62, 0x61, 0x72, 10, 0]));
    expect(plain(decodeDumpPayload(p))).toMatchObject({ value: { value: 'bar' } });
  });

  it('refuses a newer version, a bad CRC, a short payload, an unknown type and an empty value', () => {
    expect(decodeDumpPayload(dumpPayload(0, str('x'), 13))).toMatchObject({ problem: { code: 'unsupported-version' } });
    const bad = dumpPayload(0, str('x'));
    bad[1]! ^= 0xff;
    expect(decodeDumpPayload(bad)).toMatchObject({ problem: { code: 'bad-checksum' } });
    expect(decodeDumpPayload(Buffer.alloc(5))).toMatchObject({ problem: { code: 'truncated' } });
    expect(decodeDumpPayload(dumpPayload(8, str('x')))).toMatchObject({ problem: { code: 'bad-type', offset: 0 } });
    expect(decodeDumpPayload(dumpPayload(1, len(0)))).toMatchObject({ problem: { code: 'bad-value' } });
    expect(decodeDumpPayload(dumpPayload(0, len(9)))).toMatchObject({ problem: { code: 'bad-length', offset: 1 } });
  });
});

describe('decodeFunctionDump', () => {
  it('returns the library codes in order', () => {
    const codes = ['#!lua name=a\nredis.register_function("a", function() return 1 end)', '#!lua name=b\nreturn'];
    expect(plain(decodeFunctionDump(functionDump(codes)))).toEqual({ libraries: codes });
    expect(plain(decodeFunctionDump(functionDump([])))).toEqual({ libraries: [] });
  });

  it('refuses anything but FUNCTION2 records', () => {
    const p = functionDump(['x']);
    p[0] = 0xf6;
    // Re-sign so only the record type is wrong.
    const body = p.subarray(0, p.length - 8);
    const fixed = Buffer.concat([body, Buffer.alloc(8)]);
    fixed.writeBigUInt64LE(crc(body), body.length);
    expect(decodeFunctionDump(fixed)).toMatchObject({ problem: { code: 'bad-function', offset: 0 } });
  });
});

import { crc64 } from '../../src/rdb/index.js';
function crc(b: Buffer): bigint {
  return crc64(0n, b);
}
