// Duplicate keys within one database: redis-server panics loading them, so the reader refuses them (both modes).
import { describe, expect, it } from 'vitest';
import { collect } from './helpers/collect.js';
import { intStr, keyRecord, len, rdbFile, str, u8 } from './helpers/rdb-builder.js';

const STRING = 0;
const selectDb = (db: number) => Buffer.concat([u8(0xfe), len(db)]);

describe('duplicate keys', () => {
  it('refuses a key that appears twice in one database, naming where its keys start', () => {
    const first = keyRecord(STRING, 'user:1', str('a'));
    const rdb = rdbFile(11, [selectDb(0), first, keyRecord(STRING, 'user:2', str('b')), keyRecord(STRING, 'user:1', str('c'))]);
    const { records, summary } = collect(rdb);
    expect(records.filter((r) => r.type === 'key')).toHaveLength(3);
    expect(summary.problem).toMatchObject({ code: 'bad-value', message: expect.stringContaining('DB 0 (its keys from offset 11) holds the same key twice') });
    expect(summary.problem!.offset).toBe(9 + 2);
  });

  it('compares keys as the server does, whatever their encoding (an integer-encoded key is its text)', () => {
    const rdb = rdbFile(11, [selectDb(0), keyRecord(STRING, '123', str('a')), Buffer.concat([u8(STRING), intStr(123, 8), str('b')])]);
    expect(collect(rdb).summary.problem).toMatchObject({ code: 'bad-value' });
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
