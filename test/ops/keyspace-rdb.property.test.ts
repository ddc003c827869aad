// Keyspace → RDB writer → RDB reader → keyspace is the identity, for every type, encoding size and target RDB version, values whole or in parts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HashValue } from '../../src/keyspace/hash/hash-value.js';
import { Keyspace } from '../../src/keyspace/keyspace.js';
import { ListValue } from '../../src/keyspace/list/list-value.js';
import { addRdbPart, loadRdbValue } from '../../src/keyspace/rdb-load.js';
import { SetValue } from '../../src/keyspace/set/set-value.js';
import { StreamValue } from '../../src/keyspace/stream/stream.js';
import { StringValue } from '../../src/keyspace/core/string-value.js';
import { ZSetValue } from '../../src/keyspace/zset/zset-value.js';
import { emitValue } from '../../src/keyspace/emit.js';
import { writeRdbDataset } from '../../src/ops/rewrite/rdb.js';
import { bufferSource, readRdb } from '../../src/rdb/index.js';

const NOW = 1_700_000_000_000;
const b = (s: string) => Buffer.from(s, 'latin1');

/** Values short and long (past the 64-byte listpack limit), integers (intsets, int encodings) and text. */
const value = fc.oneof(
  fc.integer({ min: -1_000_000, max: 1_000_000 }).map(String),
  fc.string({ minLength: 0, maxLength: 12 }),
  fc.string({ minLength: 65, maxLength: 90 }),
);
/** Hash fields from a small pool, so that field TTLs land on fields that exist. */
const field = fc.oneof(fc.constantFrom('a', 'b', 'c', 'd'), value);
const many = <T>(arb: fc.Arbitrary<T>) => fc.oneof(fc.array(arb, { minLength: 1, maxLength: 6 }), fc.array(arb, { minLength: 120, maxLength: 200 }));

/** One write: each type on its own keys, so no WRONGTYPE; TTLs on keys and (RDB 12) on hash fields. */
const step = (fieldTtls: boolean) =>
  fc.oneof(
    fc.tuple(fc.nat(4), value).map(([k, v]) => ['SET', `s${k}`, v]),
    fc.tuple(fc.nat(3), many(value)).map(([k, vs]) => ['RPUSH', `l${k}`, ...vs]),
    fc.tuple(fc.nat(3), many(value)).map(([k, vs]) => ['SADD', `t${k}`, ...vs]),
    fc
      .tuple(fc.nat(3), many(fc.tuple(fc.double({ noNaN: true, min: -1e9, max: 1e9 }), value)))
      .map(([k, ps]) => ['ZADD', `z${k}`, ...ps.flatMap(([s, m]) => [String(s), m])]),
    fc.tuple(fc.nat(3), many(fc.tuple(field, value))).map(([k, ps]) => ['HSET', `h${k}`, ...ps.flat()]),
    fc
      .tuple(fc.nat(3), fc.constantFrom('a', 'b', 'c', 'd'), fc.integer({ min: 1, max: 2 ** 40 }))
      .map(([k, f, t]) => (fieldTtls ? ['HPEXPIREAT', `h${k}`, String(t), 'FIELDS', '1', f] : ['DEL', `none`])),
    fc.tuple(fc.nat(2), fc.nat(30), value).map(([k, id, v]) => ['XADD', `x${k}`, `${id + 1}-${id}`, 'f', v]),
    fc.nat(2).map((k) => ['XGROUP', 'CREATE', `x${k}`, 'g', '0', 'MKSTREAM']),
    fc.tuple(fc.nat(2), fc.nat(30)).map(([k, id]) => ['XCLAIM', `x${k}`, 'g', 'c', '0', `${id + 1}-${id}`, 'FORCE', 'JUSTID']),
    fc
      .tuple(fc.constantFrom('s', 'l', 't', 'z', 'h', 'x'), fc.nat(3), fc.integer({ min: 1, max: 2 ** 42 }))
      .map(([t, k, at]) => ['PEXPIREAT', `${t}${k}`, String(at)]),
    fc.tuple(fc.nat(2), fc.nat(15)).map(([db, k]) => ['MOVE', `s${k % 5}`, String(db + 1)]),
  );

/** A key's content in a form equal for equal datasets: sets and hashes sorted, -0 told apart, streams as their rewrite. */
function canonical(ks: Keyspace): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const db of ks.nonEmptyDbs()) {
    for (const { key, value: v, expireAtMs } of ks.keys(db)) {
      let data: unknown;
      if (v instanceof StringValue) data = v.bytes.toString('latin1');
      else if (v instanceof ListValue) data = v.toArray().map((x) => x.toString('latin1'));
      else if (v instanceof SetValue) data = Array.from(v.members(), (m) => m.toString('latin1')).sort();
      else if (v instanceof ZSetValue) data = v.sorted().map((e) => [e.id, Object.is(e.score, -0) ? '-0' : e.score]);
      else if (v instanceof HashValue) {
        data = [...v.entries()]
          .map(([f, x]) => [f.toString('latin1'), x.toString('latin1'), v.fieldExpireAt(f) ?? -1])
          .sort((p, q) => (p[0]! < q[0]! ? -1 : 1));
      } else if (v instanceof StreamValue) {
        const cmds: string[] = [];
        emitValue(key, v, (argv) => cmds.push(argv.map((a) => a.toString('latin1')).join(' ')));
        data = cmds;
      }
      out[`${db}:${key.toString('latin1')}`] = [v.type, data, expireAtMs ?? -1];
    }
  }
  return out;
}

/** key-part records seen, so the parts case is known to have happened. */
let partsSeen = 0;

/** The keyspace an RDB loads into, its values whole or (partSize) in parts as the rewrite's replay loads them. */
function load(rdb: Buffer, partSize?: number): Keyspace {
  const back = new Keyspace({ nowMs: NOW });
  const gen = readRdb(bufferSource(rdb), partSize === undefined ? {} : { partSize });
  for (;;) {
    const r = gen.next();
    if (r.done) {
      expect(r.value.problem).toBeNull();
      return back;
    }
    if (r.value.type === 'key') expect(loadRdbValue(back, r.value.db, r.value.key, r.value.value, r.value.expireAtMs)).toBeNull();
    if (r.value.type === 'key-part') {
      partsSeen++;
      addRdbPart(back.get(r.value.db, r.value.key)!.value, r.value.value);
    }
  }
}

async function throughRdb(ks: Keyspace, version: 10 | 11 | 12): Promise<[Keyspace, Keyspace]> {
  const chunks: Buffer[] = [];
  let size = 0;
  const sink = {
    write: async (d: Uint8Array) => {
      chunks.push(Buffer.from(d));
      size += d.length;
    },
    get size() {
      return size;
    },
  };
  await writeRdbDataset(ks, sink, { version, aofBase: false, dropExpired: false, nowMs: NOW });
  const rdb = Buffer.concat(chunks);
  // 129: the smallest part size the replay may use (above every packed encoding's limit), so parts do happen.
  return [load(rdb), load(rdb, 129)];
}

describe('keyspace → RDB → keyspace', () => {
  for (const version of [10, 11, 12] as const) {
    it(`is the identity at RDB ${version}`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(step(version === 12), { minLength: 1, maxLength: 40 }), async (steps) => {
          const ks = new Keyspace({ nowMs: NOW });
          for (const s of steps) ks.execute(s.map(b));
          const [whole, inParts] = await throughRdb(ks, version);
          expect(canonical(whole)).toEqual(canonical(ks));
          expect(canonical(inParts)).toEqual(canonical(ks));
        }),
        { numRuns: 60 },
      );
      expect(partsSeen).toBeGreaterThan(0);
    }, 120_000);
  }
});
