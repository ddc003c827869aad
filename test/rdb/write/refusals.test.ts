// Values a target cannot hold, or that the server would refuse, come back as refusals and leave the file sound.
import { describe, expect, it } from 'vitest';
import type { RdbWriteKey, RdbWriteValue, RdbWriteVersion, WriteStream } from '../../../src/rdb/write/index.js';
import { collect } from '../helpers/collect.js';
import { writeRdb } from './helpers/round-trip.js';

const b = (s: string) => Buffer.from(s, 'latin1');
const id = (ms: number, seq = 0) => ({ ms: BigInt(ms), seq: BigInt(seq) });
const stream = (over: Partial<WriteStream> = {}): WriteStream => ({
  type: 'stream',
  entries: [
    { id: id(5), fields: [b('f'), b('1')] },
    { id: id(6), fields: [b('f'), b('2')] },
  ],
  lastId: id(6),
  groups: [],
  ...over,
});
const group = (over: object = {}) => ({
  name: b('g'),
  lastId: id(5),
  entriesRead: null,
  pending: [{ id: id(5), deliveryTimeMs: 1, deliveryCount: 1, consumer: b('alice') }],
  consumers: [{ name: b('alice'), seenTimeMs: 10, activeTimeMs: -1 }],
  ...over,
});

const cases: Array<[string, RdbWriteVersion, RdbWriteValue | { expireAtMs: number }, string, string]> = [
  ['hash-field TTLs before RDB 12', 11, { type: 'hash', entries: [{ field: b('f'), value: b('v'), expireAtMs: 1_900_000_000_000 }] }, 'not-in-version', 'hash field TTLs need RDB 12 (Redis 7.4) but the target is RDB 11; write RDB 12 or later'],
  ['a field TTL of 0', 12, { type: 'hash', entries: [{ field: b('f'), value: b('v'), expireAtMs: 0 }] }, 'bad-value', 'field "f" expires at 0, outside 1 to 2^48-1 ms'],
  ['a field TTL past 2^48-1', 12, { type: 'hash', entries: [{ field: b('f'), value: b('v'), expireAtMs: 2 ** 48 }] }, 'bad-value', 'outside 1 to 2^48-1 ms'],
  ['stream metadata in RDB 9', 9, stream({ maxDeletedId: id(4) }), 'not-in-version', 'need RDB 10 (Redis 7.0) but the target is RDB 9'],
  ['group entries-read in RDB 9', 9, stream({ groups: [group({ entriesRead: 1 })] }), 'not-in-version', 'group entries-read need RDB 10'],
  ['entries-added in RDB 9', 9, stream({ entriesAdded: 3 }), 'not-in-version', 'need RDB 10'],
  ['consumer active time in RDB 10', 10, stream({ groups: [group({ consumers: [{ name: b('alice'), seenTimeMs: 10, activeTimeMs: 11 }] })] }), 'not-in-version', 'stream consumer active times need RDB 11 (Redis 7.2)'],
  ['an empty list', 12, { type: 'list', items: [] }, 'empty-collection', 'an empty list'],
  ['an empty set', 12, { type: 'set', members: [] }, 'empty-collection', 'an empty set'],
  ['an empty sorted set', 12, { type: 'zset', entries: [] }, 'empty-collection', 'an empty sorted set'],
  ['an empty hash', 12, { type: 'hash', entries: [] }, 'empty-collection', 'an empty hash'],
  ['a duplicate set member', 10, { type: 'set', members: [b('1'), b('2'), b('1')] }, 'bad-value', 'set member "1" appears twice'],
  ['a duplicate zset member', 10, { type: 'zset', entries: [{ member: b('m'), score: 1 }, { member: b('m'), score: 2 }] }, 'bad-value', 'sorted set member "m" appears twice'],
  ['a NaN score', 10, { type: 'zset', entries: [{ member: b('m'), score: NaN }] }, 'bad-value', 'member "m" has a NaN score'],
  ['a duplicate hash field', 10, { type: 'hash', entries: [{ field: b('f'), value: b('1') }, { field: b('f'), value: b('2') }] }, 'bad-value', 'hash field "f" appears twice'],
  ['stream IDs out of order', 11, stream({ entries: [{ id: id(6), fields: [b('f'), b('1')] }, { id: id(6), fields: [b('f'), b('1')] }] }), 'bad-value', 'stream entry 6-0 does not come after 6-0; IDs must ascend'],
  ['a last ID below the last entry', 11, stream({ lastId: id(5, 9) }), 'bad-value', 'stream last ID 5-9 is below its last entry 6-0'],
  ['an odd field list', 11, stream({ entries: [{ id: id(5), fields: [b('f')] }] }), 'bad-value', 'has 1 field/value elements'],
  ['an entry without fields', 11, stream({ entries: [{ id: id(5), fields: [] }] }), 'bad-value', 'has 0 field/value elements'],
  ['a pending entry of an unknown consumer', 11, stream({ groups: [group({ consumers: [{ name: b('bob'), seenTimeMs: 1, activeTimeMs: -1 }] })] }), 'bad-value', 'pending entry 5-0 belongs to "alice", which is not among its consumers'],
  ['a pending entry twice', 11, stream({ groups: [group({ pending: [group().pending[0], group().pending[0]] })] }), 'bad-value', 'has pending entry 5-0 twice'],
  ['a consumer twice', 11, stream({ groups: [group({ consumers: [group().consumers[0], group().consumers[0]] })] }), 'bad-value', 'lists consumer "alice" twice'],
  ['a group twice', 11, stream({ groups: [group(), group()] }), 'bad-value', 'consumer group "g" appears twice'],
  ['a stream ID past 64 bits', 11, stream({ lastId: { ms: 1n << 64n, seq: 0n } }), 'bad-value', 'stream ID 18446744073709551616-0 is outside'],
  ['a negative delivery count', 11, stream({ groups: [group({ pending: [{ ...group().pending[0], deliveryCount: -1 }] })] }), 'bad-value', 'a stream counter or time is not a whole number'],
  ['a fractional seen time', 11, stream({ groups: [group({ consumers: [{ name: b('alice'), seenTimeMs: 0.5, activeTimeMs: -1 }] })] }), 'bad-value', 'a stream counter or time is not a whole number'],
  ['a fractional key expiry', 12, { expireAtMs: 1.5 }, 'bad-value', 'expiry 1.5 is not a whole number of milliseconds'],
];

describe('refusals', () => {
  it.each(cases)('%s', (_, version, what, code, message) => {
    const ok: RdbWriteKey = { db: 0, key: b('ok'), expireAtMs: null, value: { type: 'string', value: b('fine') } };
    const bad: RdbWriteKey = 'type' in what ? { db: 2, key: b('bad'), expireAtMs: null, value: what } : { ...ok, key: b('bad'), db: 2, ...what };
    const { rdb, refusals } = writeRdb(version, [ok, bad, { ...ok, key: b('after') }]);
    expect(refusals[0]).toBeNull();
    expect(refusals[2]).toBeNull();
    expect(refusals[1]).toMatchObject({ code, db: 2, key: b('bad') });
    expect(refusals[1]!.message).toContain(`key "bad" in db 2: `);
    expect(refusals[1]!.message).toContain(message);
    // Nothing of the refused key was written, not even a SELECTDB of its db: the file holds the other two.
    expect(collect(rdb).records.map((r) => (r.type === 'key' ? `${r.db}:${r.key}` : r.type === 'select-db' ? `select ${r.db}` : r.type))).toEqual(['aux', 'aux', 'aux', 'aux', 'aux', 'select 0', '0:ok', '0:after']);
  });

  it('with checkDuplicates off, unique names are the caller\'s promise', () => {
    const set: RdbWriteKey = { db: 0, key: b('s'), expireAtMs: null, value: { type: 'set', members: [b('x'), b('x')] } };
    expect(writeRdb(12, [set]).refusals[0]?.message).toContain('appears twice');
    expect(writeRdb(12, [set], { checkDuplicates: false }).refusals).toEqual([null]);
  });

  it('stream metadata the RDB 9 loader derives anyway is not refused', () => {
    const s = stream({ firstId: id(5), maxDeletedId: id(0), entriesAdded: 2, groups: [group({ consumers: [{ name: b('alice'), seenTimeMs: 10, activeTimeMs: 10 }] })] });
    expect(writeRdb(9, [{ db: 0, key: b('s'), expireAtMs: null, value: s }]).refusals).toEqual([null]);
  });
});
