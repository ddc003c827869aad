// Model → writer → the repo's reader (and check mode) is the identity, for every type, target version and encoding threshold.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RDB_WRITE_VERSIONS, sized, type RdbWriteKey, type RdbWriteValue, type RdbWriteVersion, type Sized } from '../../../src/rdb/write/index.js';
import { hashValue, listValue, moduleValue, setValue, streamValue, stringValue, zsetValue } from './helpers/arbitraries.js';
import { expectedRead, modulePayload, normaliseRead, readKeys, writeRdb } from './helpers/round-trip.js';

const isInt = (b: Buffer) => /^(0|-?[1-9][0-9]*)$/.test(b.toString('latin1')) && b.length <= 20 && BigInt(b.toString('latin1')) >= -(2n ** 63n) && BigInt(b.toString('latin1')) < 2n ** 63n;

/** The encoding each target's server gives a value once loaded, restated from its defaults (512/128/64 limits). */
function expectedEncoding(v: RdbWriteValue, version: RdbWriteVersion): string {
  const small = (n: number, limit: number, lengths: number[]) => n <= limit && lengths.every((l) => l <= 64);
  switch (v.type) {
    case 'string':
      return 'string';
    case 'list':
      return version === 9 ? 'quicklist' : 'quicklist-v2';
    case 'set': {
      const members = Array.from(v.members);
      if (members.every(isInt) && v.members.length <= 512) return 'set-intset';
      return version >= 11 && small(members.length, 128, members.map((m) => m.length)) ? 'set-listpack' : 'set-hashtable';
    }
    case 'zset':
      if (!small(v.entries.length, 128, Array.from(v.entries, (e) => e.member.length))) return 'zset-v2';
      return version === 9 ? 'zset-ziplist' : 'zset-listpack';
    case 'hash': {
      const entries = Array.from(v.entries);
      const compact = small(entries.length, 512, entries.flatMap((e) => [e.field.length, e.value.length]));
      if (entries.some((e) => e.expireAtMs !== undefined)) return compact ? 'hash-listpack-md' : 'hash-hashtable-md';
      return compact ? (version === 9 ? 'hash-ziplist' : 'hash-listpack') : 'hash-hashtable';
    }
    case 'stream':
      return version === 9 ? 'stream' : version === 10 ? 'stream-v2' : 'stream-v3';
    case 'module':
      return 'module-value';
  }
}

function roundTrip(version: RdbWriteVersion, values: RdbWriteValue[], options = {}): void {
  const keys: RdbWriteKey[] = values.map((value, i) => ({ db: i % 3, key: Buffer.from(`key:${i}`), expireAtMs: i % 2 ? 1_800_000_000_000 + i : null, value }));
  const { rdb, refusals } = writeRdb(version, keys, options);
  expect(refusals).toEqual(keys.map(() => null));
  const read = readKeys(rdb);
  const payload = (i: number) => (read[i]!.value.type === 'module' ? modulePayload(rdb, read[i]!) : undefined);
  expect(read.map((r) => [r.db, r.key.toString(), r.expireAtMs])).toEqual(keys.map((k) => [k.db, k.key.toString(), k.expireAtMs]));
  read.forEach((r, i) => {
    expect(normaliseRead(r.value, payload(i))).toEqual(expectedRead(values[i]!, version));
    expect(r.value.encoding).toBe(expectedEncoding(values[i]!, version));
  });
}

const RUNS = 25;

describe.each(RDB_WRITE_VERSIONS)('RDB %i', (version) => {
  it('strings', () => {
    fc.assert(fc.property(fc.array(stringValue, { minLength: 1, maxLength: 20 }), (values) => roundTrip(version, values)), { numRuns: RUNS });
  });

  it('lists', () => {
    fc.assert(fc.property(fc.array(listValue, { minLength: 1, maxLength: 3 }), (values) => roundTrip(version, values)), { numRuns: RUNS });
  });

  it('sets', () => {
    fc.assert(fc.property(fc.array(setValue, { minLength: 1, maxLength: 3 }), (values) => roundTrip(version, values)), { numRuns: RUNS });
  });

  it('sorted sets', () => {
    fc.assert(fc.property(fc.array(zsetValue, { minLength: 1, maxLength: 3 }), (values) => roundTrip(version, values)), { numRuns: RUNS });
  });

  it('hashes', () => {
    fc.assert(fc.property(fc.array(hashValue(false), { minLength: 1, maxLength: 3 }), (values) => roundTrip(version, values)), { numRuns: RUNS });
  });

  it('streams', () => {
    fc.assert(fc.property(fc.array(streamValue(version), { minLength: 1, maxLength: 3 }), (values) => roundTrip(version, values)), { numRuns: RUNS });
  });

  it('module values', () => {
    fc.assert(fc.property(fc.array(moduleValue, { minLength: 1, maxLength: 5 }), (values) => roundTrip(version, values)), { numRuns: RUNS });
  });

  it('without compression, and in tiny chunks', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(stringValue, listValue, setValue, zsetValue, hashValue(false)), { minLength: 1, maxLength: 4 }), fc.boolean(), (values, compression) =>
        roundTrip(version, values, { compression, chunkSize: 64 }),
      ),
      { numRuns: RUNS },
    );
  });
});

/** A walk of an array's elements that is not an array: what a rewrite hands the writer. */
const walked = <T>(items: Iterable<T>): Sized<T> => {
  const all = [...items];
  return sized(all.length, () => all[Symbol.iterator]());
};

/** The value with its collection as a sized iterable; a sorted set in the server's order with its walk from the top. */
function asWalks(v: RdbWriteValue): RdbWriteValue {
  switch (v.type) {
    case 'list':
      return { type: 'list', items: walked(v.items) };
    case 'set':
      return { type: 'set', members: walked(v.members) };
    case 'hash':
      return { type: 'hash', entries: walked(v.entries) };
    case 'zset': {
      const inOrder = [...v.entries].sort((a, b) => (a.score < b.score ? -1 : a.score > b.score ? 1 : Buffer.compare(a.member, b.member)));
      return { type: 'zset', entries: walked(inOrder), descending: [...inOrder].reverse() };
    }
    default:
      return v;
  }
}

describe('collections handed as walks', () => {
  it('write the same bytes as arrays of the same elements, duplicates checked or not', () => {
    const anyValue = fc.oneof(listValue, setValue, zsetValue, hashValue(true));
    fc.assert(
      fc.property(fc.array(anyValue, { minLength: 1, maxLength: 4 }), fc.boolean(), (values, checkDuplicates) => {
        const keys = (form: (v: RdbWriteValue) => RdbWriteValue): RdbWriteKey[] =>
          values.map((v, i) => ({ db: 0, key: Buffer.from(`key:${i}`), expireAtMs: null, value: form(v) }));
        const arrays = writeRdb(12, keys((v) => v), { checkDuplicates });
        const walks = writeRdb(12, keys(asWalks), { checkDuplicates });
        expect(walks.refusals).toEqual(arrays.refusals);
        expect(walks.rdb.equals(arrays.rdb)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});

describe('a walk whose length is wrong', () => {
  it('stops the writer (a bug in the caller) instead of writing a count its elements do not match', () => {
    const names = Array.from({ length: 600 }, (_, i) => Buffer.from(`m${i}`));
    const lying = <T>(items: readonly T[], length: number) => sized(length, () => items[Symbol.iterator]());
    for (const length of [599, 601]) {
      const values: RdbWriteValue[] = [
        { type: 'set', members: lying(names, length) },
        { type: 'hash', entries: lying(names.map((field) => ({ field, value: field })), length) },
        { type: 'zset', entries: lying([], length), descending: names.map((member, i) => ({ member, score: -i })) },
      ];
      for (const value of values) {
        expect(() => writeRdb(11, [{ db: 0, key: Buffer.from('k'), expireAtMs: null, value }], { checkDuplicates: false })).toThrow(
          /said it holds \d+ elements, but its walk gave/,
        );
      }
    }
  });
});

describe('RDB 12 hash-field TTLs', () => {
  it('hashes with field expiries read back with them', () => {
    fc.assert(fc.property(fc.array(hashValue(true), { minLength: 1, maxLength: 3 }), (values) => roundTrip(12, values)), { numRuns: 40 });
  });
});
