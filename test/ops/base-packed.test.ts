// An RDB base's packed sets, hashes and zsets written from their bytes (BaseStream's claim): the same RESP, byte for byte, as from their decoded values.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BaseStream } from '../../src/ops/rewrite/base-stream.js';
import { TouchedKeys } from '../../src/ops/rewrite/touched-keys.js';
import * as C from '../../src/rdb/constants.js';
import { bufferSource } from '../../src/rdb/index.js';
import { readRdb, readRdbClaiming } from '../../src/rdb/reader.js';
import type { RdbRecord } from '../../src/rdb/types.js';
import { RespWriter } from '../../src/resp/index.js';
import { intset, keyRecord, listpack, lzfStr, rdbFile, str, u8 } from '../rdb/helpers/rdb-builder.js';
import { lzfCompress } from '../../src/rdb/write/lzf-compress.js';
import { rewriteAof } from '../../src/ops/rewrite/rewrite.js';
import { tempDir } from '../helpers/tmp.js';

const NOW = 1_800_000_000_000;

type Element = string | number | bigint;

/** The RESP a BaseStream writes for `rdb`: every key from its decoded record, or the packed ones claimed. */
async function written(rdb: Buffer, claimed: boolean): Promise<{ bytes: Buffer; commands: number; problem: string | null }> {
  const chunks: Buffer[] = [];
  const writer = new RespWriter({ write: async (data) => void chunks.push(Buffer.from(data)) });
  const stream = new BaseStream(new TouchedKeys(), writer, { dropExpired: false, nowMs: NOW });
  const records = claimed ? readRdbClaiming(bufferSource(rdb), stream.claim) : readRdb(bufferSource(rdb));
  let step = records.next();
  for (; !step.done; step = records.next()) {
    const r = step.value as RdbRecord | { type: 'keys-counted' };
    if (r.type === 'key' || r.type === 'key-part' || r.type === 'function') expect(stream.take(r)).toBe(true);
  }
  stream.finish();
  await writer.flush();
  return { bytes: Buffer.concat(chunks), commands: writer.commands, problem: step.value.problem?.message ?? null };
}

/** A listpack's bytes as an RDB string: plain, or LZF-compressed when that is shorter. */
function blob(bytes: Buffer, compress: boolean): Buffer {
  if (!compress) return str(bytes);
  const out = Buffer.alloc(bytes.length + 64);
  const n = lzfCompress(bytes, out);
  return n > 0 && n < bytes.length ? lzfStr(out.subarray(0, n), bytes.length) : str(bytes);
}

// Integers of every listpack width, past 2^53 too; strings short, long (past 64 bytes) and numeric-looking.
const integer = fc.oneof(
  fc.integer({ min: -5, max: 200 }),
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  fc.integer({ min: 0, max: 2 ** 32 + 5 }),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  fc.constantFrom(2 ** 53 - 1, -(2 ** 53) + 1, 2 ** 53, 2 ** 32, -(2 ** 32)),
);
const text = fc.oneof(fc.constantFrom('a', 'b', 'x'.repeat(70), '007', '-0', ''), fc.string({ maxLength: 12 }));
const element: fc.Arbitrary<Element> = fc.oneof(integer, text);
/** Scores as listpacks hold them: integers, or text strtod reads (-0, inf, a numeric prefix, garbage). */
const score: fc.Arbitrary<Element> = fc.oneof(
  integer,
  fc.constantFrom('1.5', '-0', '0', ' 2', '3abc', 'inf', '-inf', '+inf', '1e400', '0.1', 'junk', '-0.0', '1e-320'),
  fc.double({ noNaN: true }).map(String),
);

/** The text a listpack element reads as, which is what makes two names one. */
const nameOf = (e: Element): string => (typeof e === 'string' ? e : String(e));

function uniqueBy<T>(items: T[], name: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((t) => !seen.has(name(t)) && (seen.add(name(t)), true));
}

const record = fc.oneof(
  fc.array(element, { minLength: 1, maxLength: 150 }).map((members) => ({ type: C.RDB_TYPE_SET_LISTPACK, elements: uniqueBy(members, nameOf) })),
  fc
    .array(fc.tuple(element, element), { minLength: 1, maxLength: 150 })
    .map((pairs) => ({ type: C.RDB_TYPE_HASH_LISTPACK, elements: uniqueBy(pairs, ([f]) => nameOf(f)).flat() })),
  fc
    .array(fc.tuple(element, score), { minLength: 1, maxLength: 150 })
    .map((pairs) => ({ type: C.RDB_TYPE_ZSET_LISTPACK, elements: uniqueBy(pairs, ([m]) => nameOf(m)).flat() })),
  fc
    .uniqueArray(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { minLength: 1, maxLength: 150 })
    .map((members) => ({ type: C.RDB_TYPE_SET_INTSET, elements: members.sort((a, b) => (a < b ? -1 : 1)) })),
);

/** An RDB of these keys, each perhaps with a TTL, its listpack perhaps compressed, in databases 0 and 3. */
function rdbOf(keys: { type: number; elements: Element[]; ttl: boolean; compress: boolean; db3: boolean }[]): Buffer {
  const body: Buffer[] = [];
  const inDb = (db: number) => keys.map((k, i) => ({ ...k, i })).filter((k) => k.db3 === (db === 3));
  for (const db of [0, 3]) {
    body.push(u8(C.RDB_OPCODE_SELECTDB), u8(db));
    for (const k of inDb(db)) {
      const bytes = k.type === C.RDB_TYPE_SET_INTSET ? intset(8, k.elements as bigint[]) : listpack(k.elements);
      body.push(keyRecord(k.type, `key:${k.i}`, blob(bytes, k.compress), k.ttl ? NOW + 1000 + k.i : undefined));
    }
  }
  return rdbFile(11, body);
}

describe('BaseStream writing packed collections from their bytes', () => {
  it('writes what the decoded values give, command for command, TTLs and SELECTs included', async () => {
    const key = fc.record({ ttl: fc.boolean(), compress: fc.boolean(), db3: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(record, key), { minLength: 1, maxLength: 8 }), async (keys) => {
        const rdb = rdbOf(keys.map(([r, k]) => ({ ...r, ...k })));
        const decoded = await written(rdb, false);
        const claimed = await written(rdb, true);
        expect(decoded.problem).toBeNull();
        expect(claimed.problem).toBeNull();
        expect(claimed.commands).toBe(decoded.commands);
        expect(claimed.bytes.equals(decoded.bytes)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a damaged listpack or a repeated member with the message the decoded reading gives', async () => {
    const lp = listpack(['a', 1, 'b', 2]);
    const spoiled = Buffer.from(lp);
    spoiled[6] = 0x85; // the first entry's length runs into the next
    for (const value of [spoiled, listpack(['a', 1, 'a', 2]), listpack(['a', 1, 'b'])]) {
      const rdb = rdbFile(11, [u8(C.RDB_OPCODE_SELECTDB), u8(0), keyRecord(C.RDB_TYPE_HASH_LISTPACK, 'h', str(value))]);
      const decoded = await written(rdb, false);
      const claimed = await written(rdb, true);
      expect(decoded.problem).not.toBeNull();
      expect(claimed.problem).toBe(decoded.problem);
    }
  });

  it("writes a listpack element past half the writer's buffer as it was, after the reader's window has moved on", async () => {
    // A server with a raised set-max-listpack-value keeps members this large packed. The member is a view of the
    // reader's 1 MiB window until written: the megabytes read after it must not show through.
    const dir = join(tempDir(), 'appendonlydir');
    mkdirSync(dir, { recursive: true });
    const member = Buffer.alloc(700_000, 0x6d);
    const body = [u8(C.RDB_OPCODE_SELECTDB), u8(0), keyRecord(C.RDB_TYPE_SET_LISTPACK, 'big', str(listpack([member, 'small'])))];
    for (let i = 0; i < 4; i++) body.push(keyRecord(C.RDB_TYPE_STRING, `after:${i}`, str(Buffer.alloc(900_000, 0x7a))));
    writeFileSync(join(dir, 'appendonly.aof.1.base.rdb'), rdbFile(11, body));
    writeFileSync(join(dir, 'appendonly.aof.1.incr.aof'), '');
    writeFileSync(join(dir, 'appendonly.aof.manifest'), 'file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n');
    const out = join(dir, '..', 'out.aof');
    const r = await rewriteAof(dir, out, { format: 'resp', dropExpired: false, nowMs: NOW });
    expect(r.ok).toBe(true);
    const expected = Buffer.concat([Buffer.from('*4\r\n$4\r\nSADD\r\n$3\r\nbig\r\n$700000\r\n'), member, Buffer.from('\r\n$5\r\nsmall\r\n')]);
    expect(readFileSync(out).includes(expected)).toBe(true);
  });

  it('writes a -0 sorted set, decoded from a compressed listpack, as it was after the next listpack is read', async () => {
    // A zset with a -0 score is written from its decoded value; a member past half the writer's buffer is handed to
    // the sink as it is. A sink that reads its chunks only later (as an asynchronous file write does) must still
    // find it whole after the next compressed listpack has been read and decompressed.
    const member = Buffer.alloc(700_000, 0x6d);
    const rdb = rdbFile(11, [
      u8(C.RDB_OPCODE_SELECTDB),
      u8(0),
      keyRecord(C.RDB_TYPE_ZSET_LISTPACK, 'z', blob(listpack([member, '-0', 'small', '1']), true)),
      keyRecord(C.RDB_TYPE_SET_LISTPACK, 'next', blob(listpack([Buffer.alloc(600_000, 0x6e), 'other']), true)),
    ]);
    const chunks: Uint8Array[] = [];
    const writer = new RespWriter({ write: async (data) => void chunks.push(data) });
    const stream = new BaseStream(new TouchedKeys(), writer, { dropExpired: false, nowMs: NOW });
    for (const r of readRdbClaiming(bufferSource(rdb), stream.claim)) if (r.type === 'key') stream.take(r);
    stream.finish();
    await writer.flush();
    expect(Buffer.concat(chunks).includes(Buffer.concat([Buffer.from('$700000\r\n'), member, Buffer.from('\r\n')]))).toBe(true);
  });

  it('reads a string handed over as a view while taking it: a large one is not left for a later write to read', async () => {
    // Past half the writer's buffer: arg() would queue it as it is, and the reader refills its window meanwhile.
    const value = Buffer.alloc(700_000, 0x61);
    const key = Buffer.from('big');
    const chunks: Buffer[] = [];
    const writer = new RespWriter({
      write: async (data) => {
        await new Promise((resolve) => setImmediate(resolve));
        chunks.push(Buffer.from(data));
      },
    });
    const stream = new BaseStream(new TouchedKeys(), writer, { dropExpired: false, nowMs: NOW });
    expect(stream.take({ type: 'key', db: 0, key, value: { type: 'string', encoding: 'string', value }, expireAtMs: null, offset: 0, end: 0 })).toBe(true);
    // The window moves on: the view's bytes are another key's now.
    value.fill(0x7a);
    key.fill(0x7a);
    stream.finish();
    await writer.flush();
    const out = Buffer.concat(chunks);
    expect(out.includes(Buffer.concat([Buffer.from('$3\r\nbig\r\n$700000\r\n'), Buffer.alloc(700_000, 0x61), Buffer.from('\r\n')]))).toBe(true);
  });

  it("leaves strings to the reader's views when the claim takes values in place: it is never asked about one", () => {
    const rdb = rdbFile(11, [
      u8(C.RDB_OPCODE_SELECTDB),
      u8(0),
      keyRecord(C.RDB_TYPE_STRING, 's', str('v')),
      keyRecord(C.RDB_TYPE_SET_LISTPACK, 'p', str(listpack(['a']))),
    ]);
    const asked = (values: boolean) => {
      const encodings: string[] = [];
      const claim = {
        wants: (_db: number, _key: Buffer, encoding: string) => (encodings.push(encoding), false),
        took: () => undefined,
        ...(values ? { values: { listpack: () => undefined, intset: () => undefined } } : {}),
      };
      for (const r of readRdbClaiming(bufferSource(rdb), claim, { stringViews: true })) void r;
      return encodings;
    };
    expect(asked(true)).toEqual(['set-listpack']);
    expect(asked(false)).toEqual(['string', 'set-listpack']);
  });
});
