// Model → writer → the repo's reader (and check mode) is the identity, for every type, target version and encoding threshold.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RDB_WRITE_VERSIONS, type RdbWriteKey, type RdbWriteValue, type RdbWriteVersion } from '../../../src/rdb/write/index.js';
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
    case 'set':
      if (v.members.every(isInt) && v.members.length <= 512) return 'set-intset';
      return version >= 11 && small(v.members.length, 128, v.members.map((m) => m.length)) ? 'set-listpack' : 'set-hashtable';
    case 'zset':
      if (!small(v.entries.length, 128, v.entries.map((e) => e.member.length))) return 'zset-v2';
      return version === 9 ? 'zset-ziplist' : 'zset-listpack';
    case 'hash': {
      const compact = small(v.entries.length, 512, v.entries.flatMap((e) => [e.field.length, e.value.length]));
      if (v.entries.some((e) => e.expireAtMs !== undefined)) return compact ? 'hash-listpack-md' : 'hash-hashtable-md';
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

describe('RDB 12 hash-field TTLs', () => {
  it('hashes with field expiries read back with them', () => {
    fc.assert(fc.property(fc.array(hashValue(true), { minLength: 1, maxLength: 3 }), (values) => roundTrip(12, values)), { numRuns: 40 });
  });
});
