// readRdb with partSize: the key record and its key-part records put together are the whole value, damage or not.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bufferSource, readRdb, type RdbRecord, type RdbSummary, type RdbValue } from '../../src/rdb/index.js';
import { f64le, keyRecord, len, listpack, rdbFile, str, u8, ziplist } from './helpers/rdb-builder.js';

const cat = (...parts: Buffer[]) => Buffer.concat(parts);

/** Members from a small pool, so that duplicates (which the reader refuses) come up now and then. */
const member = fc.oneof({ weight: 9, arbitrary: fc.string({ minLength: 1, maxLength: 6 }) }, { weight: 1, arbitrary: fc.constantFrom('dup') });
const members = fc.array(member, { minLength: 0, maxLength: 60 });
const uniqueMembers = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { minLength: 0, maxLength: 60 });

/** One key of each encoding that comes in parts: linked list, both quicklists, hashtable set, zsets and hash. */
const key = fc.oneof(
  members.map((ms) => keyRecord(1, 'linked', cat(len(ms.length), ...ms.map(str)))),
  fc
    .array(fc.array(member, { minLength: 1, maxLength: 9 }), { maxLength: 8 })
    .map((nodes) => keyRecord(14, 'ql1', cat(len(nodes.length), ...nodes.map((n) => str(ziplist(n)))))),
  fc
    .array(fc.oneof(fc.array(member, { minLength: 1, maxLength: 9 }), member), { maxLength: 8 })
    .map((nodes) =>
      keyRecord(18, 'ql2', cat(len(nodes.length), ...nodes.map((n) => (Array.isArray(n) ? cat(len(2), str(listpack(n))) : cat(len(1), str(n)))))),
    ),
  fc.oneof(members, uniqueMembers).map((ms) => keyRecord(2, 'set', cat(len(ms.length), ...ms.map(str)))),
  fc.oneof(members, uniqueMembers).map((ms) => keyRecord(5, 'zset2', cat(len(ms.length), ...ms.map((m, i) => cat(str(m), f64le(i / 2)))))),
  fc.oneof(members, uniqueMembers).map((ms) => keyRecord(3, 'zset1', cat(len(ms.length), ...ms.map((m, i) => cat(str(m), u8(3), Buffer.from(`${i}.5`)))))),
  fc.oneof(members, uniqueMembers).map((ms) => keyRecord(4, 'hash', cat(len(ms.length), ...ms.map((m) => cat(str(m), str(`v${m}`)))))),
);

const file = fc.array(key, { minLength: 1, maxLength: 5 }).map((keys) => rdbFile(11, [cat(u8(0xfe), len(0)), ...keys]));

/** The elements of a value, whatever its type. */
function elements(v: RdbValue): unknown[] {
  if (v.type === 'list') return v.items;
  if (v.type === 'set') return v.members;
  if (v.type === 'zset' || v.type === 'hash') return v.entries;
  throw new Error(`no parts for ${v.type}`);
}

/** Every record, each key-part's elements appended to its key's (and its end taken), and the summary. */
function read(buf: Buffer, partSize?: number): { records: RdbRecord[]; summary: RdbSummary; parts: number } {
  const it = readRdb(bufferSource(buf), partSize === undefined ? {} : { partSize });
  const records: RdbRecord[] = [];
  let parts = 0;
  for (;;) {
    const r = it.next();
    if (r.done) return { records, summary: r.value, parts };
    const record = r.value;
    if (record.type !== 'key-part') {
      records.push(record.type === 'key' ? { ...record, value: copied(record.value) } : record);
      continue;
    }
    parts++;
    const first = records.at(-1)!;
    if (first.type !== 'key' || !first.key.equals(record.key) || first.db !== record.db) throw new Error('a key-part must follow its key');
    elements(first.value).push(...elements(record.value));
    records[records.length - 1] = { ...first, end: record.end };
  }
}

/** The value with its element array copied, so that later parts can be appended to it. */
function copied(v: RdbValue): RdbValue {
  if (v.type === 'list') return { ...v, items: [...v.items] };
  if (v.type === 'set') return { ...v, members: [...v.members] };
  if (v.type === 'zset') return { ...v, entries: [...v.entries] };
  if (v.type === 'hash') return { ...v, entries: [...v.entries] };
  return v;
}

/**
 * The same problem, and the same records, but that reading in parts may have handed over the start of the key
 * it stopped in (whole reading hands a key over only once all of it is read).
 */
function expectSame(inParts: ReturnType<typeof read>, whole: ReturnType<typeof read>): void {
  expect(inParts.summary).toEqual(whole.summary);
  const extra = inParts.records.length - whole.records.length;
  expect(extra === 0 || (extra === 1 && whole.summary.problem !== null && inParts.records.at(-1)!.type === 'key')).toBe(true);
  expect(extra === 0 ? inParts.records : inParts.records.slice(0, -1)).toEqual(whole.records);
}

function mutate(buf: Buffer, at: number, xor: number, cut: boolean): Buffer {
  const i = at % buf.length;
  if (cut) return buf.subarray(0, i);
  const out = Buffer.from(buf);
  out[i] = out[i]! ^ xor;
  return out;
}

describe('readRdb with partSize', () => {
  it('hands over the same keys, values and problem as whole values (a repeated member is refused the same)', () => {
    let split = 0;
    fc.assert(
      fc.property(file, fc.integer({ min: 1, max: 12 }), (buf, partSize) => {
        const inParts = read(buf, partSize);
        split += inParts.parts;
        expectSame(inParts, read(buf));
      }),
      { numRuns: 300 },
    );
    // The property says something only if values did come in parts.
    expect(split).toBeGreaterThan(100);
  });

  it('stops at the same problem on damage', () => {
    fc.assert(
      fc.property(file, fc.integer({ min: 1, max: 12 }), fc.nat(), fc.integer({ min: 1, max: 255 }), fc.boolean(), (buf, partSize, at, xor, cut) => {
        const damaged = mutate(buf, at, xor, cut);
        expectSame(read(damaged, partSize), read(damaged));
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a part size that would never move the reader on', () => {
    const buf = rdbFile(11, [keyRecord(2, 'set', cat(len(1), str('m')))]);
    for (const partSize of [0, -1, 1.5, Number.NaN]) expect(() => readRdb(bufferSource(buf), { partSize })).toThrow(RangeError);
  });
});
