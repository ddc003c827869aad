// Strings: replies and final data recorded from redis-server 7.0.15 (no TTL in the past: a live server would expire it).
import { describe, expect, it } from 'vitest';
import { runSteps, snapshot, type Snapshot, type Step } from './replay.js';

const STEPS: Step[] = [
  [['SET', 'a', '1'], '+OK'],
  [['SET', 'a', '2', 'NX'], null],
  [['SET', 'a', '3', 'XX', 'GET'], '1'],
  [['SET', 'b', 'x', 'NX', 'XX'], '-ERR syntax error'],
  [['SET', 'b', 'x', 'EX', '10', 'PX', '5'], '-ERR syntax error'],
  [['SET', 'b', 'x', 'EX', '0'], "-ERR invalid expire time in 'set' command"],
  [['SET', 'b', 'x', 'EX', '-1'], "-ERR invalid expire time in 'set' command"],
  [['SET', 'b', 'x', 'EX', 'abc'], '-ERR value is not an integer or out of range'],
  [['SET', 'b', 'x', 'KEEPTTL', 'EX', '5'], '-ERR syntax error'],
  [['SET', 'b', 'x', 'PXAT', '4102444800000'], '+OK'],
  [['SET', 'b', 'y', 'KEEPTTL'], '+OK'],
  [['SET', 'b', 'z', 'GET'], 'y'],
  [['SET', 'c', 'v', 'FOO'], '-ERR syntax error'],
  [['SET', 'c'], "-ERR wrong number of arguments for 'set' command"],
  [['SETNX', 'c', '1'], 1],
  [['SETNX', 'c', '2'], 0],
  [['SETEX', 'd', '0', 'v'], "-ERR invalid expire time in 'setex' command"],
  [['PSETEX', 'd', 'abc', 'v'], '-ERR value is not an integer or out of range'],
  [['MSET', 'e', '1', 'f'], "-ERR wrong number of arguments for 'mset' command"],
  [['MSET', 'e', '1', 'f', '2'], '+OK'],
  [['MSETNX', 'e', '1', 'g', '2'], 0],
  [['MSETNX', 'g', '1', 'h', '2'], 1],
  [['APPEND', 'g', 'xyz'], 4],
  [['APPEND', 'newk', 'abc'], 3],
  [['SETRANGE', 'sr', '5', 'hi'], 7],
  [['SETRANGE', 'sr', '-1', 'x'], '-ERR offset is out of range'],
  [['SETRANGE', 'sr2', '0', ''], 0],
  [['SETRANGE', 'sr', '1', ''], 7],
  [['INCR', 'n'], 1],
  [['INCRBY', 'n', '-5'], -4],
  [['INCRBY', 'n', '+5'], '-ERR value is not an integer or out of range'],
  [['INCRBY', 'n', ' 5'], '-ERR value is not an integer or out of range'],
  [['INCRBY', 'n', '05'], '-ERR value is not an integer or out of range'],
  [['DECRBY', 'n', '-9223372036854775808'], '-ERR decrement would overflow'],
  [['SET', 'big', '9223372036854775807'], '+OK'],
  [['INCR', 'big'], '-ERR increment or decrement would overflow'],
  [['DECR', 'big'], '9223372036854775806n'],
  [['INCR', 'g'], '-ERR value is not an integer or out of range'],
  [['INCRBYFLOAT', 'f1', '0.1'], '0.1'],
  [['INCRBYFLOAT', 'f1', '0.2'], '0.3'],
  [
    ['INCRBYFLOAT', 'f2', '1e308'],
    '99999999999999999996685879655845645660560099847415567207797047994921734868838061872100126921888539320446747225054013223152134749593960583597420814430196418767959100019603190778663109604507106667939153395788938914560543563061268364901618630217086589253444881623791300855757318142424510452728255046343928578048',
  ],
  [['INCRBYFLOAT', 'f3', '3.0e3'], '3000'],
  [['INCRBYFLOAT', 'f3', '-3000'], '0'],
  [['INCRBYFLOAT', 'f4', 'inf'], '-ERR increment would produce NaN or Infinity'],
  [['INCRBYFLOAT', 'f5', '1.5'], '1.5'],
  [['INCRBYFLOAT', 'f5', '-0.0000000000000000001'], '1.5'],
  [['INCRBYFLOAT', 'f6', '10.5'], '10.5'],
  [['INCRBYFLOAT', 'f6', '0x10'], '26.5'],
  [['INCRBYFLOAT', 'f7', '5.0e-20'], '0'],
  [['INCRBYFLOAT', 'f8', '123456789012345678'], '123456789012345678'],
  [['INCRBYFLOAT', 'f8', '0.5'], '123456789012345678.5'],
  [['GETSET', 'g', 'new'], '1xyz'],
  [['GETSET', 'lst', 'x'], null],
  [['GETDEL', 'e'], '1'],
  [['GETDEL', 'nokey'], null],
  [['SET', 'i', '10'], '+OK'],
  [['PEXPIREAT', 'i', '99999999999999'], 1],
  [['INCR', 'i'], 11],
  [['SET', 'm', '1', 'GET', 'GET'], null],
  [['SET', 'tt', 'v', 'PXAT', '99999999999000'], '+OK'],
  [['GETEX', 'tt', 'PERSIST'], 'v'],
  [['GETEX', 'tt', 'PXAT', '99999999999001'], 'v'],
  [['GETEX', 'tt', 'EXAT', '5', 'PXAT', '6'], '-ERR syntax error'],
  [['GETEX', 'tt', 'FOO'], '-ERR syntax error'],
  [['GETEX', 'missing', 'PX', '-5'], null],
  [['GETEX', 'tt', 'PX', '-5'], "-ERR invalid expire time in 'getex' command"],
  [['GETEX', 'tt', 'PX', 'abc'], '-ERR value is not an integer or out of range'],
  [['GETEX', 'tt'], 'v'],
  [['INCRBYFLOAT', 'f9', 'abc'], '-ERR value is not a valid float'],
  [['INCRBYFLOAT', 'f9', ' 1'], '-ERR value is not a valid float'],
  [['INCRBYFLOAT', 'f9', '1.5e'], '-ERR value is not a valid float'],
  [['SET', 'f10', '1.0'], '+OK'],
  [['INCRBYFLOAT', 'f10', '2'], '3'],
  [['INCRBYFLOAT', 'f11', '-0.1'], '-0.1'],
  [['INCRBYFLOAT', 'f11', '0.1'], '0'],
  [['INCRBYFLOAT', 'f12', '1.23456789012345678901234'], '1.23456789012345679'],
  [['INCRBYFLOAT', 'f13', '1e-17'], '0.00000000000000001'],
  [['INCRBYFLOAT', 'f14', '-5e-18'], '0'],
];

const FINAL: Snapshot = {
  '0:a': ['string', '3', -1],
  '0:b': ['string', 'z', -1],
  '0:big': ['string', '9223372036854775806', -1],
  '0:c': ['string', '1', -1],
  '0:f': ['string', '2', -1],
  '0:f1': ['string', '0.3', -1],
  '0:f10': ['string', '3', -1],
  '0:f11': ['string', '0', -1],
  '0:f12': ['string', '1.23456789012345679', -1],
  '0:f13': ['string', '0.00000000000000001', -1],
  '0:f14': ['string', '0', -1],
  '0:f2': [
    'string',
    '99999999999999999996685879655845645660560099847415567207797047994921734868838061872100126921888539320446747225054013223152134749593960583597420814430196418767959100019603190778663109604507106667939153395788938914560543563061268364901618630217086589253444881623791300855757318142424510452728255046343928578048',
    -1,
  ],
  '0:f3': ['string', '0', -1],
  '0:f5': ['string', '1.5', -1],
  '0:f6': ['string', '26.5', -1],
  '0:f7': ['string', '0', -1],
  '0:f8': ['string', '123456789012345678.5', -1],
  '0:g': ['string', 'new', -1],
  '0:h': ['string', '2', -1],
  '0:i': ['string', '11', 99999999999999],
  '0:lst': ['string', 'x', -1],
  '0:m': ['string', '1', -1],
  '0:n': ['string', '-4', -1],
  '0:newk': ['string', 'abc', -1],
  '0:sr': ['string', '\u0000\u0000\u0000\u0000\u0000hi', -1],
  '0:tt': ['string', 'v', 99999999999001],
};

describe('string commands', () => {
  it('replies and stores as Redis 7.0.15 does', () => {
    const ks = runSteps(STEPS);
    expect(snapshot(ks)).toEqual(FINAL);
  });
});

describe("SET's compare-and-set conditions (Valkey 8.1, Redis 8.4; from their documentation, no such server here)", () => {
  it('IFEQ sets an existing string equal to its argument, IFNE one that differs or is missing; neither combines with NX or XX', () => {
    const ks = runSteps([
      [['SET', 'k', 'v1'], '+OK'],
      [['SET', 'k', 'v2', 'IFEQ', 'other'], null],
      [['SET', 'k', 'v2', 'IFEQ', 'v1'], '+OK'],
      [['SET', 'k', 'v3', 'IFNE', 'v2'], null],
      [['SET', 'k', 'v3', 'ifne', 'zzz', 'GET'], 'v2'],
      [['SET', 'missing', 'x', 'IFEQ', 'x'], null],
      [['SET', 'created', 'x', 'IFNE', 'x', 'PX', '5000'], '+OK'],
      [['LPUSH', 'l', 'a'], 1],
      [['SET', 'l', 'x', 'IFEQ', 'a'], '-WRONGTYPE Operation against a key holding the wrong kind of value'],
      [['SET', 'l', 'x', 'IFNE', 'a'], '-WRONGTYPE Operation against a key holding the wrong kind of value'],
      [['SET', 'k', 'x', 'IFEQ', 'v3', 'NX'], '-ERR syntax error'],
      [['SET', 'k', 'x', 'XX', 'IFNE', 'v3'], '-ERR syntax error'],
      [['SET', 'k', 'x', 'IFEQ', 'v3', 'IFNE', 'v3'], '-ERR syntax error'],
      [['SET', 'k', 'x', 'IFEQ'], '-ERR syntax error'],
    ]);
    const data = snapshot(ks);
    expect([data['0:k'], data['0:missing'], data['0:created'], data['0:l']]).toEqual([
      ['string', 'v3', -1],
      undefined,
      ['string', 'x', 1_700_000_005_000],
      ['list', ['a'], -1],
    ]);
  });
});

describe('MSETEX (Redis 8.4, Valkey 9.1; from their documentation, no such server here)', () => {
  it('sets every pair or none (NX: none exists, XX: all do), with one expiry, KEEPTTL, or dropping the TTLs as MSET does', () => {
    const ks = runSteps([
      [['SET', 'a', '1', 'PXAT', '1700000100000'], '+OK'],
      [['MSETEX', '2', 'a', 'x', 'b', 'y', 'NX'], 0],
      [['MSETEX', '2', 'a', 'x', 'b', 'y', 'XX'], 0],
      [['MSETEX', '2', 'a', 'x', 'b', 'y', 'KEEPTTL'], 1],
      [['MSETEX', '2', 'a', 'x2', 'b', 'y2', 'XX', 'PX', '5000'], 1],
      [['MSETEX', '1', 'c', 'z', 'NX', 'EXAT', '1800000000'], 1],
      [['MSETEX', '1', 'd', 'w', 'PXAT', '1'], 1],
      [['SET', 'e', 'v', 'PXAT', '1700000200000'], '+OK'],
      [['MSETEX', '2', 'e', 'first', 'e', 'last'], 1],
      [['MSETEX', '3', 'a', 'x', 'b', 'y'], '-ERR invalid numkeys value'],
      [['MSETEX', '0', 'a', 'x'], '-ERR invalid numkeys value'],
      [['MSETEX', '1', 'a', 'x', 'NX', 'XX'], '-ERR syntax error'],
      [['MSETEX', '1', 'a', 'x', 'GET'], '-ERR syntax error'],
      [['MSETEX', '1', 'a', 'x', 'KEEPTTL', 'PX', '5'], '-ERR syntax error'],
      [['MSETEX', '1', 'a', 'x', 'EX', '0'], "-ERR invalid expire time in 'msetex' command"],
    ]);
    const data = snapshot(ks);
    expect([data['0:a'], data['0:b'], data['0:c'], data['0:d'], data['0:e']]).toEqual([
      ['string', 'x2', 1_700_000_005_000],
      ['string', 'y2', 1_700_000_005_000],
      ['string', 'z', 1_800_000_000_000],
      // A time already past is kept while loading (checkAlreadyExpired is off), as for SET.
      ['string', 'w', 1],
      ['string', 'last', -1],
    ]);
  });
});

describe('DELEX (Redis 8.4, Valkey 9.2; from their documentation, no such server here)', () => {
  it('deletes any key bare, a string equal (IFEQ) or unequal (IFNE) to the value given; a condition on a non-string is WRONGTYPE', () => {
    const ks = runSteps([
      [['SET', 'a', 'v'], '+OK'],
      [['SET', 'b', 'v'], '+OK'],
      [['SET', 'c', 'v'], '+OK'],
      [['LPUSH', 'l', 'x'], 1],
      [['LPUSH', 'm', 'x'], 1],
      [['DELEX', 'a', 'IFEQ', 'w'], 0],
      [['DELEX', 'a', 'ifeq', 'v'], 1],
      [['DELEX', 'b', 'IFNE', 'v'], 0],
      [['DELEX', 'b', 'IFNE', 'w'], 1],
      [['DELEX', 'missing', 'IFNE', 'w'], 0],
      [['DELEX', 'l', 'IFNE', 'w'], '-WRONGTYPE Operation against a key holding the wrong kind of value'],
      [['DELEX', 'm'], 1],
      [['DELEX', 'c', 'IFDEQ', '5c1a'], '-ERR syntax error'],
      [['DELEX', 'c', 'IFEQ'], '-ERR syntax error'],
      [['DELEX', 'c', 'IFEQ', 'v', 'IFNE', 'v'], '-ERR syntax error'],
    ]);
    expect(Object.keys(snapshot(ks)).sort()).toEqual(['0:c', '0:l']);
  });
});
