// Hand-built RDB files in the encodings Redis 7 no longer writes (zipmap, ziplist, quicklist v1, linked list,
// ZSET v1, EXPIRETIME in seconds), kept as golden files in fixtures/rdb-handmade with their expected decode.
// Regenerate on purpose with UPDATE_GOLDEN=1 and review the diff; redis-check-rdb 7.0 accepts both files.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect, plain } from './helpers/collect.js';
import { f64le, i32le, intset, intStr, keyRecord, len, rdbFile, str, u8, ziplist, zipmap } from './helpers/rdb-builder.js';

const dir = join(import.meta.dirname, '../../fixtures/rdb-handmade');
const cat = (...parts: Buffer[]) => Buffer.concat(parts);

/** Redis 2.4-era file (RDB 4: no checksum): zipmap hash, ziplist list, intset, linked list, ZSET v1, EXPIRETIME. */
function legacyV4(): Buffer {
  return rdbFile(4, [
    cat(u8(0xfe), len(0)),
    keyRecord(
      9,
      'hash:zipmap',
      str(
        zipmap([
          ['name', 'redis', 2],
          ['version', '2.4'],
        ]),
      ),
    ),
    keyRecord(10, 'list:ziplist', str(ziplist(['a', 1, -300, 'tail']))),
    keyRecord(11, 'set:intset', str(intset(2, [-2, 7, 300]))),
    cat(u8(0xfd), i32le(2000000000)),
    keyRecord(1, 'list:linked', cat(len(3), str('x'), intStr(-1, 8), intStr(100000, 32))),
    keyRecord(3, 'zset:v1', cat(len(3), str('a'), u8(3), Buffer.from('1.5'), str('b'), u8(254), str('c'), u8(2), Buffer.from('-2'))),
    keyRecord(2, 'set:plain', cat(len(2), str('p'), str('q'))),
    keyRecord(4, 'hash:plain', cat(len(1), str('f'), str('v'))),
    keyRecord(0, 'str', str('old')),
  ]);
}

/** Redis 3.2–6.2-era file (RDB 9): quicklist of ziplists, ziplist zset/hash, ZSET_2, EXPIRETIME_MS, aux fields. */
function legacyV9(): Buffer {
  return rdbFile(9, [
    cat(u8(0xfa), str('redis-ver'), str('5.0.14')),
    cat(u8(0xfa), str('redis-bits'), intStr(64, 8)),
    cat(u8(0xfe), len(0), u8(0xfb), len(5), len(1)),
    keyRecord(14, 'list:quicklist', cat(len(2), str(ziplist(['n1', 2, 3])), str(ziplist([-40000, 'last'])))),
    keyRecord(12, 'zset:ziplist', str(ziplist(['a', 1, 'b', '2.5', 'c', '-inf']))),
    keyRecord(13, 'hash:ziplist', str(ziplist(['f1', 'v1', 'f2', 12]))),
    keyRecord(5, 'zset:v2', cat(len(2), str('x'), f64le(0.5), str('y'), f64le(-7))),
    keyRecord(0, 'str:ms', str('v'), 4102444800123),
    cat(u8(0xfe), len(3)),
    keyRecord(0, 'db3', intStr(42, 8)),
  ]);
}

const cases: Array<[string, () => Buffer]> = [
  ['legacy-rdb4.rdb', legacyV4],
  ['legacy-rdb9.rdb', legacyV9],
];

describe('legacy encodings (golden files)', () => {
  for (const [name, build] of cases) {
    it(name, () => {
      const bytes = build();
      const decoded = collect(bytes);
      const shown = JSON.stringify(
        plain(decoded),
        (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : typeof v === 'number' && !Number.isFinite(v) ? String(v) : v),
        2,
      );
      const file = join(dir, name);
      const expectedFile = file.replace(/\.rdb$/, '.expected.json');
      if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
        writeFileSync(file, bytes);
        writeFileSync(expectedFile, `${shown}\n`);
      }
      expect(bytes.equals(readFileSync(file))).toBe(true);
      expect(`${shown}\n`).toBe(readFileSync(expectedFile, 'utf8'));
      expect(decoded.summary.problem).toBeNull();
    });
  }
});
