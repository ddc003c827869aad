// Loading decoded RDB values into the keyspace (preamble keys), and what it refuses.
import { describe, expect, it } from 'vitest';
import { HashValue } from '../../src/keyspace/hash/hash-value.js';
import { Keyspace } from '../../src/keyspace/keyspace.js';
import { loadRdbValue } from '../../src/keyspace/rdb-load.js';
import { snapshot } from './replay.js';

const b = (s: string): Buffer => Buffer.from(s, 'latin1');

describe('loadRdbValue', () => {
  it('stores each type with its TTL, replacing what was there', () => {
    const ks = new Keyspace();
    expect(loadRdbValue(ks, 0, b('s'), { type: 'string', encoding: 'raw', value: b('v') }, 5)).toBeNull();
    loadRdbValue(ks, 1, b('l'), { type: 'list', encoding: 'quicklist', items: [b('a'), b('b')] }, null);
    loadRdbValue(ks, 1, b('t'), { type: 'set', encoding: 'intset', members: [b('2'), b('1')] }, null);
    loadRdbValue(ks, 1, b('z'), { type: 'zset', encoding: 'listpack', entries: [{ member: b('m'), score: 1.5 }] }, null);
    loadRdbValue(ks, 1, b('h'), { type: 'hash', encoding: 'listpack', entries: [{ field: b('f'), value: b('v') }] }, 7);
    loadRdbValue(ks, 0, b('s'), { type: 'string', encoding: 'int', value: b('12') }, null);
    expect(snapshot(ks)).toEqual({
      '0:s': ['string', '12', -1],
      '1:h': ['hash', ['f', 'v'], 7],
      '1:l': ['list', ['a', 'b'], -1],
      '1:t': ['set', ['1', '2'], -1],
      '1:z': ['zset', ['m', '1.5'], -1],
    });
  });

  it('refuses module values', () => {
    const ks = new Keyspace();
    expect(loadRdbValue(ks, 0, b('m'), { type: 'module', encoding: 'module2', moduleId: 1n, moduleName: 'ReJSON-RL' }, null)).toMatchObject({
      error: expect.stringContaining('ReJSON-RL'),
    });
    expect(ks.nonEmptyDbs()).toEqual([]);
  });

  it('keeps 7.4 hash-field TTLs with their fields', () => {
    const ks = new Keyspace();
    const withTtl = {
      type: 'hash' as const,
      encoding: 'listpack',
      entries: [
        { field: b('f'), value: b('v'), expireAtMs: 9 },
        { field: b('g'), value: b('w') },
      ],
    };
    expect(loadRdbValue(ks, 0, b('h'), withTtl, null)).toBeNull();
    const h = ks.get(0, b('h'))!.value as HashValue;
    expect([h.fieldExpireAt(b('f')), h.fieldExpireAt(b('g'))]).toEqual([9, undefined]);
  });
});
