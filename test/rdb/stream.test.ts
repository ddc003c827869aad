// Streams from hand-built bytes: master-entry field compression, deleted entries, metadata, groups, PELs, consumers.
import { describe, expect, it } from 'vitest';
import { collect, keys } from './helpers/collect.js';
import { i64le, id16, keyRecord, len, listpack, rdbFile, str } from './helpers/rdb-builder.js';

const cat = (...parts: Buffer[]) => Buffer.concat(parts);
const id = (ms: number, seq: number) => ({ ms: BigInt(ms), seq: BigInt(seq) });

// Node 1 (master 1000-0, fields name/age): a same-fields entry, a deleted one, one with its own fields, another same-fields.
const node1 = listpack([3, 1, 2, 'name', 'age', 0, 2, 0, 0, 'alice', 30, 5, 3, 1, 0, 'bob', 40, 5, 0, 2, 0, 1, 'city', 'paris', 6, 2, 3, 5, 'carol', 50, 5]);
// Node 2 (master 2000-0, field x).
const node2 = listpack([1, 0, 1, 'x', 0, 2, 0, 1, 'y', 4]);

function streamBody(version: 1 | 2 | 3, second = node2): Buffer {
  const parts = [len(2), str(id16(1000n, 0n)), str(node1), str(id16(2000n, 0n)), str(second), len(4), len(2000), len(1)];
  if (version >= 2) parts.push(len(1000), len(0), len(1001), len(0), len(5));
  parts.push(len(2));
  // Group g1 with a two-entry PEL; consumers stored zed then amy.
  parts.push(str('g1'), len(1003), len(5));
  if (version >= 2) parts.push(len(3));
  parts.push(len(2), id16(1000n, 0n), i64le(1700000000000), len(2), id16(1003n, 5n), i64le(1700000000500), len(1));
  parts.push(len(2));
  parts.push(str('zed'), i64le(1700000000001));
  if (version === 3) parts.push(i64le(1700000000002));
  parts.push(len(1), id16(1003n, 5n));
  parts.push(str('amy'), i64le(1700000000003));
  if (version === 3) parts.push(i64le(1700000000004));
  parts.push(len(1), id16(1000n, 0n));
  // Group g0: entries-read invalid (-1 saved as 2^64-1), nothing pending.
  parts.push(str('g0'), len(0), len(0));
  if (version >= 2) parts.push(len((1n << 64n) - 1n));
  parts.push(len(0), len(0));
  return cat(...parts);
}

const entries = [
  { id: id(1000, 0), fields: ['name', 'alice', 'age', '30'] },
  { id: id(1002, 0), fields: ['city', 'paris'] },
  { id: id(1003, 5), fields: ['name', 'carol', 'age', '50'] },
  { id: id(2000, 1), fields: ['x', 'y'] },
];

describe('streams', () => {
  it('decodes STREAM_LISTPACKS_3 completely', () => {
    const [k] = keys(rdbFile(12, [keyRecord(21, 's', streamBody(3))]));
    expect(k!.value).toEqual({
      type: 'stream',
      encoding: 'stream-v3',
      entries,
      length: 4,
      lastId: id(2000, 1),
      firstId: id(1000, 0),
      maxDeletedId: id(1001, 0),
      entriesAdded: 5,
      groups: [
        {
          name: 'g1',
          lastId: id(1003, 5),
          entriesRead: 3,
          pending: [
            { id: id(1000, 0), deliveryTimeMs: 1700000000000, deliveryCount: 2, consumer: 'amy' },
            { id: id(1003, 5), deliveryTimeMs: 1700000000500, deliveryCount: 1, consumer: 'zed' },
          ],
          consumers: [
            { name: 'amy', seenTimeMs: 1700000000003, activeTimeMs: 1700000000004 },
            { name: 'zed', seenTimeMs: 1700000000001, activeTimeMs: 1700000000002 },
          ],
        },
        { name: 'g0', lastId: id(0, 0), entriesRead: null, pending: [], consumers: [] },
      ],
    });
  });

  it('decodes STREAM_LISTPACKS (v1) and v2 with what they carry', () => {
    const [v1] = keys(rdbFile(9, [keyRecord(15, 's', streamBody(1))]));
    expect(v1!.value).toMatchObject({ encoding: 'stream', entries, firstId: null, maxDeletedId: null, entriesAdded: null });
    const g1 = (v1!.value as { groups: Array<{ entriesRead: unknown; consumers: Array<{ activeTimeMs: number }> }> }).groups[0]!;
    expect(g1.entriesRead).toBeNull();
    expect(g1.consumers.map((c) => c.activeTimeMs)).toEqual([-1, -1]);
    const [v2] = keys(rdbFile(10, [keyRecord(19, 's', streamBody(2))]));
    expect(v2!.value).toMatchObject({ encoding: 'stream-v2', entries, entriesAdded: 5, groups: [{ entriesRead: 3 }, { entriesRead: null }] });
  });

  it('decodes an empty stream (no listpacks) with its metadata', () => {
    const body = cat(len(0), len(0), len(5), len(3), len(0), len(0), len(5), len(3), len(9), len(0));
    const [k] = keys(rdbFile(11, [keyRecord(19, 's', body)]));
    expect(k!.value).toMatchObject({ entries: [], length: 0, lastId: id(5, 3), maxDeletedId: id(5, 3), entriesAdded: 9, groups: [] });
  });

  it('reports a wrong lp-count, a bad node key and an unknown consumer PEL entry', () => {
    const badCount = listpack([1, 0, 1, 'x', 0, 2, 0, 1, 'y', 9]);
    const p1 = collect(rdbFile(11, [keyRecord(19, 's', cat(len(1), str(id16(1n, 0n)), str(badCount), len(1), len(1), len(1)))])).summary.problem;
    expect(p1?.code).toBe('bad-stream');
    const p2 = collect(rdbFile(11, [keyRecord(19, 's', cat(len(1), str('short'), str(node2)))])).summary.problem;
    expect(p2).toMatchObject({ code: 'bad-stream', offset: 13 });
    const orphan = cat(
      len(0),
      len(0),
      len(0),
      len(0),
      len(0),
      len(0),
      len(0),
      len(0),
      len(0),
      len(1),
      str('g'),
      len(0),
      len(0),
      len(0),
      len(0),
      len(1),
      str('c'),
      i64le(0),
      len(1),
      id16(1n, 1n),
    );
    const p3 = collect(rdbFile(11, [keyRecord(19, 's', orphan)])).summary.problem;
    expect(p3?.code).toBe('bad-stream');
  });

  it('accepts a node listpack whose header count is wrong, as Redis does (it never compares it for streams)', () => {
    // Found by the live differential: redis-check-rdb and the loader pass such a file, and XRANGE reads it.
    const wrongHeader = listpack([1, 0, 1, 'x', 0, 2, 0, 1, 'y', 4], 77);
    const [k] = keys(rdbFile(12, [keyRecord(21, 's', streamBody(3, wrongHeader))]));
    expect(k!.value).toMatchObject({ type: 'stream', entries });
    // A hash's listpack with the same fault is still refused: deep sanitization compares it there.
    const hash = collect(rdbFile(11, [keyRecord(16, 'h', str(listpack(['f', 'v'], 5)))])).summary.problem;
    expect(hash?.code).toBe('bad-listpack');
  });
});
