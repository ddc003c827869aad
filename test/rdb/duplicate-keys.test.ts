// Duplicate keys within one database: redis-server panics loading them, so the reader refuses them (both modes).
import { describe, expect, it } from 'vitest';
import { bufferSource, checkRdb, readRdb } from '../../src/rdb/index.js';
import type { ByteSource } from '../../src/rdb/byte-source.js';
import { findDuplicateKey } from '../../src/rdb/duplicate-key.js';
import { hashBytes } from '../../src/rdb/key-hash.js';
import type { RdbRecord, RdbSummary } from '../../src/rdb/types.js';
import { collect } from './helpers/collect.js';
import { intStr, keyRecord, len, rdbFile, str, u8 } from './helpers/rdb-builder.js';

const STRING = 0;
const selectDb = (db: number) => Buffer.concat([u8(0xfe), len(db)]);

/** checkRdb's summary of `rdb` (keys counted, not yielded). */
function checkOf(rdb: Buffer): RdbSummary {
  const it = checkRdb(bufferSource(rdb));
  for (;;) {
    const step = it.next();
    if (step.done) return step.value;
  }
}

describe('duplicate keys', () => {
  it('refuses a key that appears twice in one database, naming it and where its two records start, as the server names it', () => {
    const first = keyRecord(STRING, 'user:1', str('a'));
    const second = keyRecord(STRING, 'user:2', str('b'));
    const rdb = rdbFile(11, [selectDb(0), first, second, keyRecord(STRING, 'user:1', str('c'))]);
    const { records, summary } = collect(rdb);
    expect(records.filter((r) => r.type === 'key')).toHaveLength(3);
    const at = 9 + 2 + first.length + second.length;
    expect(summary.problem).toEqual({
      code: 'bad-value',
      offset: at,
      message: `DB 0 holds the key "user:1" twice, at offsets 11 and ${at}: redis-server panics loading it ("Duplicated key found in RDB file")`,
    });
    // The key counter of a check reads the database again just the same.
    expect(checkOf(rdb).problem).toEqual(summary.problem);
  });

  it('names the key whose second record comes first, as the server panics there, whatever the fingerprints sort by', () => {
    for (const [a, b] of [
      ['x', 'y'],
      ['y', 'x'],
      ['key:1', 'key:2'],
      ['key:2', 'key:1'],
    ] as const) {
      const recs = [a, b, b, a].map((k, i) => keyRecord(STRING, k, str(String(i))));
      const { summary } = collect(rdbFile(11, [selectDb(0), ...recs]));
      expect(summary.problem!.message).toContain(`holds the key "${b}" twice`);
      expect(summary.problem!.offset).toBe(11 + recs[0]!.length + recs[1]!.length);
    }
  });

  it('quotes a binary key', () => {
    const key = Buffer.from([0, 0x22, 0xff, 0x41]);
    const rec = Buffer.concat([u8(STRING), len(key.length), key, str('v')]);
    const rdb = rdbFile(11, [selectDb(2), rec, rec, selectDb(3), keyRecord(STRING, 'x', str('y'))]);
    expect(collect(rdb).summary.problem).toMatchObject({
      offset: 11 + rec.length,
      message: expect.stringContaining('DB 2 holds the key "\\x00\\x22\\xffA" twice'),
    });
  });

  it('calls keys that only share a fingerprint no duplicate (a collision), and finds a repeat among them', () => {
    const records = ['a', 'b', 'a', 'b'].map((k, i) => ({ type: 'key', db: 0, key: Buffer.from(k), offset: 10 * (i + 1) }) as RdbRecord);
    const printOf = (k: string) => {
      return hashBytes(Buffer.from(k), 0, k.length, { h1: 0, h2: 0 });
    };
    // Only 'b' has this fingerprint before 35: one record of it, so no duplicate.
    expect(findDuplicateKey(records, 0, 35, [printOf('b')])).toBeNull();
    expect(findDuplicateKey(records, 0, 100, [printOf('b')])).toEqual({ key: Buffer.from('b'), first: 20, second: 40 });
    // Only the database's keys count: the same key in another database is another key.
    expect(findDuplicateKey(records, 1, 100, [printOf('a')])).toBeNull();
  });

  it('compares keys as the server does, whatever their encoding (an integer-encoded key is its text)', () => {
    const rdb = rdbFile(11, [selectDb(0), keyRecord(STRING, '123', str('a')), Buffer.concat([u8(STRING), intStr(123, 8), str('b')])]);
    expect(collect(rdb).summary.problem).toMatchObject({ code: 'bad-value' });
  });

  it('refuses a key repeated in a database selected again after another, as the server adds both to one database', () => {
    const k0 = keyRecord(STRING, 'k', str('a'));
    const rdb = rdbFile(11, [selectDb(0), k0, selectDb(3), keyRecord(STRING, 'k', str('b')), selectDb(0), keyRecord(STRING, 'k', str('c'))]);
    const second = 9 + 2 + k0.length + 2 + k0.length + 2;
    expect(collect(rdb).summary.problem).toMatchObject({
      offset: second,
      message: expect.stringContaining(`DB 0 holds the key "k" twice, at offsets 11 and ${second}`),
    });
    expect(checkOf(rdb).problem).toMatchObject({ offset: second });
  });

  it('reads a file once when no key repeats, its first SELECTDB included', () => {
    const rdb = rdbFile(11, [selectDb(0), keyRecord(STRING, 'k', str('a')), selectDb(3), keyRecord(STRING, 'k', str('b'))]);
    for (const read of [(s: ByteSource) => readRdb(s, { windowSize: 4 }), (s: ByteSource) => checkRdb(s, { windowSize: 4 })]) {
      const source = bufferSource(rdb);
      // A second reading starts over: a read behind the one before it.
      let last = 0;
      let backwards = 0;
      const watched: ByteSource = {
        ...source,
        read: (at, n) => {
          if (at < last) backwards++;
          last = at;
          return source.read(at, n);
        },
      };
      const it = read(watched);
      while (it.next().done !== true);
      expect(backwards).toBe(0);
    }
  });

  it('accepts the same key in two databases', () => {
    const rdb = rdbFile(11, [
      selectDb(0),
      keyRecord(STRING, 'k', str('a')),
      selectDb(3),
      keyRecord(STRING, 'k', str('b')),
      selectDb(0),
      keyRecord(STRING, 'j', str('c')),
    ]);
    expect(collect(rdb).summary.problem).toBeNull();
  });
});

describe('duplicate keys among many', () => {
  it('finds one repeated key among 20,000, whichever partition it falls in', () => {
    const body: Buffer[] = [selectDb(0)];
    for (let i = 0; i < 20_000; i++) body.push(keyRecord(STRING, `key:${i}`, str('v')));
    expect(collect(rdbFile(11, body)).summary.problem).toBeNull();
    for (const repeat of [0, 777, 19_999]) {
      expect(collect(rdbFile(11, [...body, keyRecord(STRING, `key:${repeat}`, str('w'))])).summary.problem).toMatchObject({ code: 'bad-value' });
    }
  });
});
