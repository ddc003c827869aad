// Keys, expiry and databases: replies and data recorded from redis-server 7.0.15, plus the loader's TTL quirks.
import { describe, expect, it } from 'vitest';
import { Keyspace } from '../../src/keyspace/keyspace.js';
import { args, plain, runSteps, snapshot, type Snapshot, type Step } from './replay.js';

const STEPS: Step[] = [
  [['SET', 'a', '1'], '+OK'],
  [['SET', 'b', '2'], '+OK'],
  [['DEL', 'a', 'b', 'c'], 2],
  [['UNLINK', 'x'], 0],
  [['SET', 'k', 'v'], '+OK'],
  [['PEXPIREAT', 'k', '99999999999000'], 1],
  [['PEXPIREAT', 'k', '99999999999500', 'NX'], 0],
  [['PEXPIREAT', 'k', '99999999999500', 'XX'], 1],
  [['PEXPIREAT', 'k', '99999999999100', 'GT'], 0],
  [['PEXPIREAT', 'k', '99999999999900', 'GT'], 1],
  [['PEXPIREAT', 'k', '99999999999950', 'LT'], 0],
  [['PEXPIREAT', 'k', '99999999999800', 'LT'], 1],
  [['PEXPIREAT', 'k', '1', 'NX', 'XX'], '-ERR NX and XX, GT or LT options at the same time are not compatible'],
  [['PEXPIREAT', 'k', '1', 'GT', 'LT'], '-ERR GT and LT options at the same time are not compatible'],
  [['PEXPIREAT', 'k', '1', 'FOO'], '-ERR Unsupported option FOO'],
  [['PEXPIREAT', 'k', 'abc'], '-ERR value is not an integer or out of range'],
  [['EXPIREAT', 'k', '99999999999'], 1],
  [['EXPIREAT', 'k', '9223372036854775807'], "-ERR invalid expire time in 'expireat' command"],
  [['PEXPIREAT', 'nokey', '99999999999000'], 0],
  [['SET', 'p', 'v'], '+OK'],
  [['PEXPIREAT', 'p', '99999999999000', 'LT'], 1],
  [['PERSIST', 'p'], 1],
  [['PEXPIREAT', 'p', '99999999999000', 'GT'], 0],
  [['PERSIST', 'p'], 0],
  [['PERSIST', 'p'], 0],
  [['PEXPIREAT', 'p', '99999999999000', 'XX'], 0],
  [['PEXPIREAT', 'p', '99999999999000', 'nx'], 1],
  [['RENAME', 'p', 'p2'], '+OK'],
  [['RENAME', 'p', 'p3'], '-ERR no such key'],
  [['RENAME', 'p2', 'p2'], '+OK'],
  [['RENAMENX', 'p2', 'p2'], 0],
  [['SET', 'q', 'x'], '+OK'],
  [['RENAMENX', 'p2', 'q'], 0],
  [['RENAME', 'p2', 'q'], '+OK'],
  [['MOVE', 'q', '1'], 1],
  [['MOVE', 'q', '1'], 0],
  [['MOVE', 'q', '0'], '-ERR source and destination objects are the same'],
  [['MOVE', 'q', '16'], '-ERR DB index is out of range'],
  [['MOVE', 'q', 'x'], '-ERR value is not an integer or out of range'],
  [['SELECT', '1'], '+OK'],
  [['SET', 'z', '1'], '+OK'],
  [['MOVE', 'q', '0'], 1],
  [['COPY', 'q', 'q2'], 0],
  [['COPY', 'q', 'q2'], 0],
  [['COPY', 'q', 'q2', 'REPLACE'], 0],
  [['COPY', 'q', 'q', 'DB', '1'], '-ERR source and destination objects are the same'],
  [['COPY', 'q', 'qq', 'DB', '0'], 0],
  [['COPY', 'q', 'qq', 'DB', '20'], '-ERR DB index is out of range'],
  [['COPY', 'q', 'qq', 'FOO'], '-ERR syntax error'],
  [['SELECT', '0'], '+OK'],
  [['LPUSH', 'l', 'a', 'b'], 2],
  [['COPY', 'l', 'l2'], 1],
  [['RPUSH', 'l', 'c'], 3],
  [['SWAPDB', '0', '1'], '+OK'],
  [['SWAPDB', '0', 'x'], '-ERR invalid second DB index'],
  [['SWAPDB', '0', '99'], '-ERR DB index is out of range'],
  [['SELECT', '99'], '-ERR DB index is out of range'],
  [['SELECT', 'x'], '-ERR value is not an integer or out of range'],
  [['SELECT', '3'], '+OK'],
  [['SET', 'f', '1'], '+OK'],
  [['FLUSHDB', 'FOO'], '-ERR syntax error'],
  [['FLUSHDB', 'ASYNC'], '+OK'],
  [['SET', 'f', '1'], '+OK'],
  [['SELECT', '4'], '+OK'],
  [['SET', 'g', '1'], '+OK'],
  [['FLUSHALL', 'SYNC', 'X'], '-ERR syntax error'],
  [['SELECT', '0'], '+OK'],
  [['SET', 'e1', 'v'], '+OK'],
  [['EXPIRE', 'e1', '9223372036854775807'], "-ERR invalid expire time in 'expire' command"],
  [['PEXPIRE', 'e1', '9223372036854775807'], "-ERR invalid expire time in 'pexpire' command"],
  [['EXPIRE', 'e1', '10', 'gt', 'lt'], '-ERR GT and LT options at the same time are not compatible'],
  [['EXPIREAT', 'e1', '99999999999', 'nx', 'gt'], '-ERR NX and XX, GT or LT options at the same time are not compatible'],
];

const FINAL: Snapshot = {
  '0:e1': ['string', 'v', -1],
  '0:z': ['string', '1', -1],
  '1:k': ['string', 'v', 99999999999000],
  '1:l': ['list', ['b', 'a', 'c'], -1],
  '1:l2': ['list', ['b', 'a'], -1],
  '1:q': ['string', 'v', 99999999999000],
  '3:f': ['string', '1', -1],
  '4:g': ['string', '1', -1],
};

describe('key, expire and db commands', () => {
  it('replies and stores as Redis 7.0.15 does', () => {
    expect(snapshot(runSteps(STEPS))).toEqual(FINAL);
  });

  it('keeps a key whose TTL is already past, as Redis does while loading', () => {
    const ks = new Keyspace({ nowMs: 1_000_000 });
    ks.execute(args(['SET', 'k', 'v']));
    expect(plain(ks.execute(args(['EXPIRE', 'k', '-10'])))).toBe(1);
    expect(ks.get(0, Buffer.from('k'))?.expireAtMs).toBe(1_000_000 - 10_000);
    expect(plain(ks.execute(args(['PEXPIREAT', 'k', '5'])))).toBe(1);
    expect(ks.get(0, Buffer.from('k'))?.expireAtMs).toBe(5);
    ks.execute(args(['SET', 's', 'v', 'EX', '3']));
    expect(ks.get(0, Buffer.from('s'))?.expireAtMs).toBe(1_003_000);
    ks.execute(args(['GETEX', 's', 'PXAT', '7']));
    expect(ks.get(0, Buffer.from('s'))?.expireAtMs).toBe(7);
  });

  it('queues MULTI/EXEC and reports unknown commands distinguishably', () => {
    const ks = new Keyspace();
    expect(plain(ks.execute(args(['EXEC'])))).toBe('-ERR EXEC without MULTI');
    expect(plain(ks.execute(args(['DISCARD'])))).toBe('-ERR DISCARD without MULTI');
    expect(plain(ks.execute(args(['multi'])))).toBe('+OK');
    expect(plain(ks.execute(args(['MULTI'])))).toBe('-ERR MULTI calls can not be nested');
    expect(plain(ks.execute(args(['SET', 'a', '1'])))).toBe('+QUEUED');
    expect(plain(ks.execute(args(['INCR', 'b', 'extra'])))).toBe('+QUEUED');
    expect(plain(ks.execute(args(['exec'])))).toEqual(['+OK', "-ERR wrong number of arguments for 'incr' command"]);
    const unknown = ks.execute(args(['NOSUCH', 'x']));
    expect(unknown).toMatchObject({ unknownCommand: 'NOSUCH' });
    expect(plain(unknown)).toBe("-ERR unknown command 'NOSUCH', with args beginning with: 'x' ");
    expect(ks.supports('set')).toBe(true);
    expect(ks.supports('NOSUCH')).toBe(false);
  });

  it('iterates keys bytewise within each database', () => {
    const ks = new Keyspace();
    for (const k of ['b', 'a', '\u00ff', 'A', 'ab']) ks.execute(args(['SET', k, '1']));
    expect([...ks.keys(0)].map((r) => r.key.toString('latin1'))).toEqual(['A', 'a', 'ab', 'b', '\u00ff']);
  });
});
