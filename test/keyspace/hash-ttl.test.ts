// Hash-field TTLs as a loading server applies them: HPEXPIREAT's conditions, HPERSIST, HSET dropping a TTL, HINCRBY keeping it, HSETEX/HGETEX/HGETDEL.
import { describe, expect, it } from 'vitest';
import { HashValue } from '../../src/keyspace/hash/hash-value.js';
import { Keyspace } from '../../src/keyspace/keyspace.js';
import { args, plain } from './replay.js';

const NOW = 1_700_000_000_000;

function setup(): { ks: Keyspace; ttl: (field: string) => number | undefined } {
  const ks = new Keyspace({ nowMs: NOW });
  ks.execute(args(['HSET', 'h', 'a', '1', 'b', '2', 'c', '3']));
  const ttl = (field: string) => (ks.get(0, Buffer.from('h'))?.value as HashValue | undefined)?.fieldExpireAt(Buffer.from(field));
  return { ks, ttl };
}

describe('HEXPIRE and friends', () => {
  it('set a TTL per field: -2 for a missing field, 1 when set; a past time is kept, not deleted, while loading', () => {
    const { ks, ttl } = setup();
    expect(plain(ks.execute(args(['HPEXPIREAT', 'h', '5000', 'FIELDS', '2', 'a', 'zz'])))).toEqual([1, -2]);
    expect(ttl('a')).toBe(5000);
    expect(plain(ks.execute(args(['HEXPIRE', 'h', '10', 'FIELDS', '1', 'b'])))).toEqual([1]);
    expect(ttl('b')).toBe(NOW + 10_000);
    expect(plain(ks.execute(args(['HEXPIREAT', 'h', '2000000000', 'FIELDS', '1', 'c'])))).toEqual([1]);
    expect(ttl('c')).toBe(2_000_000_000_000);
    expect(plain(ks.execute(args(['HPEXPIRE', 'nokey', '10', 'FIELDS', '1', 'x'])))).toEqual([-2]);
  });

  it('follow NX, XX, GT and LT (a field without TTL fails XX and GT, passes LT)', () => {
    const { ks, ttl } = setup();
    expect(plain(ks.execute(args(['HPEXPIREAT', 'h', '100', 'XX', 'FIELDS', '1', 'a'])))).toEqual([0]);
    expect(plain(ks.execute(args(['HPEXPIREAT', 'h', '100', 'GT', 'FIELDS', '1', 'a'])))).toEqual([0]);
    expect(plain(ks.execute(args(['HPEXPIREAT', 'h', '100', 'LT', 'FIELDS', '1', 'a'])))).toEqual([1]);
    expect(plain(ks.execute(args(['HPEXPIREAT', 'h', '50', 'NX', 'FIELDS', '1', 'a'])))).toEqual([0]);
    expect(plain(ks.execute(args(['HPEXPIREAT', 'h', '50', 'GT', 'FIELDS', '1', 'a'])))).toEqual([0]);
    expect(plain(ks.execute(args(['HPEXPIREAT', 'h', '200', 'GT', 'FIELDS', '1', 'a'])))).toEqual([1]);
    expect(ttl('a')).toBe(200);
  });

  it('refuse a count that does not match, and a missing FIELDS', () => {
    const { ks } = setup();
    expect(ks.execute(args(['HPEXPIREAT', 'h', '100', 'FIELDS', '2', 'a']))).toMatchObject({ error: expect.stringMatching(/numfields/) });
    expect(ks.execute(args(['HPEXPIREAT', 'h', '100', 'NX', 'a', '1', 'b']))).toMatchObject({ error: expect.stringMatching(/FIELDS/) });
  });
});

describe('TTL and writes', () => {
  it('HPERSIST clears it; HSET drops it; HINCRBY and HINCRBYFLOAT keep it; HDEL takes it with the field', () => {
    const { ks, ttl } = setup();
    ks.execute(args(['HPEXPIREAT', 'h', '9000', 'FIELDS', '3', 'a', 'b', 'c']));
    expect(plain(ks.execute(args(['HPERSIST', 'h', 'FIELDS', '3', 'a', 'a', 'zz'])))).toEqual([1, -1, -2]);
    ks.execute(args(['HSET', 'h', 'b', '20']));
    expect(ttl('b')).toBeUndefined();
    ks.execute(args(['HINCRBY', 'h', 'c', '1']));
    ks.execute(args(['HINCRBYFLOAT', 'h', 'c', '0.5']));
    expect(ttl('c')).toBe(9000);
    ks.execute(args(['HDEL', 'h', 'c']));
    ks.execute(args(['HSET', 'h', 'c', '1']));
    expect(ttl('c')).toBeUndefined();
  });

  it('COPY keeps the TTLs of the copy apart from the original', () => {
    const { ks } = setup();
    ks.execute(args(['HPEXPIREAT', 'h', '9000', 'FIELDS', '1', 'a']));
    ks.execute(args(['COPY', 'h', 'h2']));
    ks.execute(args(['HPERSIST', 'h', 'FIELDS', '1', 'a']));
    const h2 = ks.get(0, Buffer.from('h2'))?.value as HashValue;
    expect(h2.fieldExpireAt(Buffer.from('a'))).toBe(9000);
  });
});

describe('Redis 8 hash commands', () => {
  it('HSETEX sets with PXAT, keeps a TTL with KEEPTTL, drops it without; FNX and FXX are all-or-nothing', () => {
    const { ks, ttl } = setup();
    expect(plain(ks.execute(args(['HSETEX', 'h', 'PXAT', '7000', 'FIELDS', '2', 'a', 'x', 'n', 'y'])))).toBe(1);
    expect([ttl('a'), ttl('n')]).toEqual([7000, 7000]);
    expect(plain(ks.execute(args(['HSETEX', 'h', 'KEEPTTL', 'FIELDS', '1', 'a', 'z'])))).toBe(1);
    expect(ttl('a')).toBe(7000);
    expect(plain(ks.execute(args(['HSETEX', 'h', 'FIELDS', '1', 'a', 'w'])))).toBe(1);
    expect(ttl('a')).toBeUndefined();
    expect(plain(ks.execute(args(['HSETEX', 'h', 'FNX', 'FIELDS', '2', 'new', '1', 'a', '2'])))).toBe(0);
    expect(plain(ks.execute(args(['HSETEX', 'h', 'FXX', 'EX', '5', 'FIELDS', '2', 'a', '3', 'b', '4'])))).toBe(1);
    expect(ttl('b')).toBe(NOW + 5000);
    expect(plain(ks.execute(args(['HSETEX', 'fresh', 'FXX', 'FIELDS', '1', 'a', '1'])))).toBe(0);
    expect(ks.get(0, Buffer.from('fresh'))).toBeUndefined();
    expect(ks.execute(args(['HSETEX', 'h', 'KEEPTTL', 'PX', '5', 'FIELDS', '1', 'a', '1']))).toMatchObject({ error: 'ERR syntax error' });
  });

  it('HGETEX sets or clears TTLs of the fields it reads; HGETDEL deletes them, and the key when emptied', () => {
    const { ks, ttl } = setup();
    expect(plain(ks.execute(args(['HGETEX', 'h', 'PXAT', '8000', 'FIELDS', '2', 'a', 'zz'])))).toEqual(['1', null]);
    expect(ttl('a')).toBe(8000);
    ks.execute(args(['HGETEX', 'h', 'PERSIST', 'FIELDS', '1', 'a']));
    expect(ttl('a')).toBeUndefined();
    expect(plain(ks.execute(args(['HGETDEL', 'h', 'FIELDS', '3', 'a', 'b', 'c'])))).toEqual(['1', '2', '3']);
    expect(ks.get(0, Buffer.from('h'))).toBeUndefined();
  });
});
