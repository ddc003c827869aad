// Hand-built RDB files on the edges of what Redis refuses (duplicates, stream PEL ownership), with Redis 7.0's verdict.
import { f64le, i64le, id16, keyRecord, len, listpack, rdbFile, str, u8, ziplist, zipmap } from './rdb-builder.js';

export interface RefusalCase {
  readonly name: string;
  readonly bytes: Buffer;
  /** redis-check-rdb 7.0.15 (deep sanitization) refuses the file. */
  readonly refused: boolean;
  /** Set for an RDB 7.0 cannot read (set listpacks are RDB 11): the verdict is redis-check-rdb 7.2.6's. */
  readonly since?: '7.2';
}

const cat = (...parts: Buffer[]) => Buffer.concat(parts);
/** A v10 file (Redis 7.0) holding one key. */
const one = (type: number, value: Buffer, version = 10) => rdbFile(version, [u8(0xfe), len(0), keyRecord(type, 'k', value)]);

/** A STREAM_LISTPACKS_2 body with one node (1-0, field f) and the given groups. */
function stream(groups: Buffer[], nodes: Array<[bigint, Buffer]> = [[1n, listpack([1, 0, 1, 'f', 0, 2, 0, 0, 'v', 4])]]): Buffer {
  const parts = [len(nodes.length)];
  for (const [ms, lp] of nodes) parts.push(str(id16(ms, 0n)), str(lp));
  parts.push(len(nodes.length), len(9), len(0), len(1), len(0), len(0), len(0), len(nodes.length), len(groups.length), ...groups);
  return cat(...parts);
}
/** A group with a PEL of `pel` IDs (ms-0) and consumers owning the listed IDs. */
function group(name: string, pel: bigint[], consumers: Array<[string, bigint[]]>): Buffer {
  const parts = [str(name), len(9), len(0), len(1), len(pel.length)];
  for (const ms of pel) parts.push(id16(ms, 0n), i64le(1700000000000), len(1));
  parts.push(len(consumers.length));
  for (const [cname, owned] of consumers) parts.push(str(cname), i64le(1700000000000), len(owned.length), ...owned.map((ms) => id16(ms, 0n)));
  return cat(...parts);
}

export const REFUSAL_CASES: RefusalCase[] = [
  { name: 'set with a duplicate member', bytes: one(2, cat(len(3), str('a'), str('b'), str('a'))), refused: true },
  { name: 'set with 1 and 01 (different strings)', bytes: one(2, cat(len(2), str('1'), str('01'))), refused: false },
  { name: 'set of integers with a duplicate (intset path)', bytes: one(2, cat(len(2), str('7'), str('7'))), refused: true },
  { name: 'zset (binary scores) with a duplicate member', bytes: one(5, cat(len(2), str('m'), f64le(1), str('m'), f64le(2))), refused: true },
  { name: 'zset (text scores) with a duplicate member', bytes: one(3, cat(len(2), str('m'), u8(1), Buffer.from('1'), str('m'), u8(1), Buffer.from('2'))), refused: true },
  { name: 'hash with a duplicate field', bytes: one(4, cat(len(2), str('f'), str('1'), str('f'), str('2'))), refused: true },
  { name: 'hash with equal values under different fields', bytes: one(4, cat(len(2), str('f'), str('1'), str('g'), str('1'))), refused: false },
  { name: 'hash listpack with a duplicate field', bytes: one(16, str(listpack(['f', 1, 'f', 2]))), refused: true },
  { name: 'hash listpack with field 5 as text and value 5 as integer', bytes: one(16, str(listpack(['5', 5, 'g', 5]))), refused: false },
  { name: 'zset listpack with a duplicate member', bytes: one(17, str(listpack(['m', 1, 'm', 2]))), refused: true },
  { name: 'hash listpack with an odd number of elements', bytes: one(16, str(listpack(['f', 1, 'g']))), refused: true },
  // Both wrong: the odd count is what is reported, as when every element is decoded before the search.
  { name: 'hash listpack with a duplicate field and an odd count', bytes: one(16, str(listpack(['f', 1, 'f']))), refused: true },
  { name: 'set listpack with -5 as an integer and as text', bytes: one(20, str(listpack([-5, 'a', '-5'])), 11), refused: true, since: '7.2' },
  { name: 'set listpack with -5 as an integer and 5 as text', bytes: one(20, str(listpack([-5, 'a', '5'])), 11), refused: false, since: '7.2' },
  { name: 'set listpack with a 40-bit integer and its text', bytes: one(20, str(listpack([1099511627776, '1099511627776'])), 11), refused: true, since: '7.2' },
  { name: 'zset listpack with member 5 as integer and as text', bytes: one(17, str(listpack([5, 1, '5', 2]))), refused: true },
  { name: 'hash ziplist with a duplicate field', bytes: one(13, str(ziplist(['f', 1, 'f', 2])), 9), refused: true },
  { name: 'zset ziplist with a duplicate member', bytes: one(12, str(ziplist(['m', 1, 'm', 2])), 9), refused: true },
  { name: 'hash zipmap with a duplicate field', bytes: one(9, str(zipmap([['f', 'a'], ['f', 'b']])), 4), refused: true },
  {
    name: 'stream with two nodes under the same master ID',
    bytes: one(19, stream([], [[1n, listpack([1, 0, 1, 'f', 0, 2, 0, 0, 'v', 4])], [1n, listpack([1, 0, 1, 'f', 0, 2, 0, 0, 'v', 4])]])),
    refused: true,
  },
  {
    name: 'stream with two nodes under different master IDs',
    bytes: one(19, stream([], [[1n, listpack([1, 0, 1, 'f', 0, 2, 0, 0, 'v', 4])], [2n, listpack([1, 0, 1, 'f', 0, 2, 0, 0, 'v', 4])]])),
    refused: false,
  },
  { name: 'stream with two groups of one name', bytes: one(19, stream([group('g', [], []), group('g', [], [])])), refused: true },
  { name: 'stream PEL entry owned by two consumers', bytes: one(19, stream([group('g', [1n], [['a', [1n]], ['b', [1n]]])])), refused: true },
  { name: 'stream consumer listing one PEL entry twice', bytes: one(19, stream([group('g', [1n], [['a', [1n, 1n]]])])), refused: true },
  { name: 'stream PEL entry no consumer owns', bytes: one(19, stream([group('g', [1n], [['a', []]])])), refused: true },
  { name: 'stream node counts written as decimal text', bytes: one(19, stream([], [[1n, listpack(['1', '0', '1', 'f', '0', '2', '0', '0', 'v', '4'])]])), refused: false },
  { name: 'stream node count written as non-canonical text', bytes: one(19, stream([], [[1n, listpack(['01', 0, 1, 'f', 0, 2, 0, 0, 'v', 4])]])), refused: true },
];
