// fast-check generators of writer values, sized around the server's encoding thresholds.
import fc from 'fast-check';
import type { RdbWriteValue, WriteStream, WriteStreamGroup } from '../../../../src/rdb/write/index.js';
import { len, str } from '../../helpers/rdb-builder.js';

const buf = (s: string): Buffer => Buffer.from(s, 'latin1');

/** Decimal texts of every integer width, and texts that only look like integers. */
export const integerText = fc.oneof(
  fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }).map((v) => v.toString()),
  fc.integer({ min: -70000, max: 70000 }).map(String),
  fc.constantFrom('0', '12', '-128', '32767', '-32769', '8388608', '2147483647', '-2147483648', '2147483648', '9223372036854775807', '-9223372036854775808'),
);
const nearInteger = fc.constantFrom('-0', '007', '+1', ' 1', '1 ', '1e3', '9223372036854775808', '0x10', '3.14', '');

/** Element bytes: short text, integers, binary, and lengths on both sides of 64 (the listpack value limit). */
export const element = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 12 }).map(buf) },
  { weight: 2, arbitrary: integerText.map(buf) },
  { weight: 1, arbitrary: nearInteger.map(buf) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 30 }).map((a) => Buffer.from(a)) },
  { weight: 1, arbitrary: fc.integer({ min: 60, max: 70 }).map((n) => Buffer.alloc(n, 'v')) },
  { weight: 1, arbitrary: fc.string({ minLength: 21, maxLength: 300 }).map(buf) },
);

/** Collection sizes: small, and around 128 and 512 (listpack and intset limits). */
const size = fc.oneof(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 124, max: 132 }), fc.integer({ min: 508, max: 516 }));
const uniqueElements = (n: number, of: fc.Arbitrary<Buffer>) => fc.uniqueArray(of, { minLength: n, maxLength: n, selector: (b) => b.toString('latin1') });

export const stringValue = element.map((value): RdbWriteValue => ({ type: 'string', value }));

/** Lists of many short items (several nodes), and some items past 8 KB (plain nodes in 7.4). */
export const listValue = fc
  .tuple(fc.array(element, { minLength: 1, maxLength: 400 }), fc.array(fc.integer({ min: 8000, max: 9000 }), { maxLength: 2 }))
  .map(([items, big]): RdbWriteValue => ({ type: 'list', items: [...items, ...big.map((n, i) => Buffer.alloc(n, 97 + i))] }));

export const setValue = fc
  .tuple(size, fc.boolean())
  .chain(([n, ints]) => uniqueElements(n, ints ? integerText.map(buf) : element))
  .map((members): RdbWriteValue => ({ type: 'set', members }));

const score = fc.oneof(fc.double({ noNaN: true }), fc.integer({ min: -1000, max: 1000 }), fc.constantFrom(0, -0, Infinity, -Infinity, 0.1, 1e-7));

export const zsetValue = size
  .filter((n) => n < 300)
  .chain((n) => fc.tuple(uniqueElements(n, element), fc.array(score, { minLength: n, maxLength: n })))
  .map(([members, scores]): RdbWriteValue => ({ type: 'zset', entries: members.map((member, i) => ({ member, score: scores[i]! })) }));

/** Hashes; with `ttls`, some fields carry 7.4 field expiries (RDB 12 only). */
export const hashValue = (ttls: boolean) =>
  size
    .chain((n) =>
      fc.tuple(
        uniqueElements(n, element),
        fc.array(element, { minLength: n, maxLength: n }),
        fc.array(fc.option(fc.integer({ min: 1, max: 2 ** 48 - 1 }), { freq: 2 }), { minLength: n, maxLength: n }),
      ),
    )
    .map(([fields, values, expiries]): RdbWriteValue => ({
      type: 'hash',
      entries: fields.map((field, i) => ({ field, value: values[i]!, ...(ttls && expiries[i] != null ? { expireAtMs: expiries[i]! } : {}) })),
    }));

const fieldName = fc.constantFrom('a', 'b', 'name', 'temp', '1', '-7').map(buf);
const streamId = (ms: bigint, seq: bigint) => ({ ms, seq });

/** Streams with shared and changing field names (SAMEFIELDS and not), large ID gaps, groups, PELs and consumers. */
export const streamValue = (version: number): fc.Arbitrary<RdbWriteValue> =>
  fc
    .record({
      steps: fc.array(
        fc.tuple(
          fc.bigInt({ min: 0n, max: 1n << 50n }),
          fc.bigInt({ min: 0n, max: 5n }),
          fc.array(fc.tuple(fieldName, element), { minLength: 1, maxLength: 4 }),
        ),
        { maxLength: 250 },
      ),
      start: fc.bigInt({ min: 0n, max: (1n << 63n) - 1n }),
      tail: fc.bigInt({ min: 0n, max: 1000n }),
      groupCount: fc.integer({ min: 0, max: 3 }),
      picks: fc.array(fc.nat(), { maxLength: 20 }),
      times: fc.array(fc.integer({ min: -1, max: 2 ** 45 }), { minLength: 8, maxLength: 8 }),
    })
    .map(({ steps, start, tail, groupCount, picks, times }): WriteStream => {
      let ms = start;
      let seq = 0n;
      const entries = steps.map(([dms, dseq, pairs]) => {
        if (dms === 0n) seq += 1n + dseq;
        else {
          ms += dms;
          seq = dseq;
        }
        return { id: streamId(ms & ((1n << 64n) - 1n), seq), fields: pairs.flatMap(([f, v]) => [f, v]) };
      });
      const last = entries.at(-1)?.id ?? streamId(0n, 0n);
      const groups: WriteStreamGroup[] = Array.from({ length: groupCount }, (_, g) => {
        const consumers = ['alice', 'bob', 'carol']
          .slice(0, 1 + (g % 3))
          .map((name, c) => ({ name: buf(name), seenTimeMs: times[c]!, activeTimeMs: version >= 11 ? times[c + 3]! : -1 }));
        const ids = [...new Set(picks.map((p) => (entries.length ? p % entries.length : -1)).filter((i) => i >= 0))];
        const pending = ids.map((i, k) => ({
          id: entries[i]!.id,
          deliveryTimeMs: times[6]!,
          deliveryCount: k + 1,
          consumer: consumers[k % consumers.length]!.name,
        }));
        return {
          name: buf(`group-${g}`),
          lastId: entries[Math.min(g, entries.length - 1)]?.id ?? last,
          entriesRead: version >= 10 && g !== 1 ? g * 3 : null,
          pending,
          consumers,
        };
      });
      return {
        type: 'stream',
        entries,
        lastId: streamId(last.ms, last.seq + tail),
        ...(version >= 10 ? { firstId: entries[0]?.id ?? null, maxDeletedId: streamId(0n, tail), entriesAdded: entries.length + Number(tail) } : {}),
        groups,
      };
    });

/** Module values: a type id and typed fields (signed, unsigned, float, double, string) ending in EOF. */
export const moduleValue = fc
  .tuple(
    fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
    fc.array(
      fc.oneof(
        fc.tuple(fc.constantFrom(1, 2), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n })).map(([op, v]) => Buffer.concat([len(op), len(v)])),
        fc.uint8Array({ minLength: 4, maxLength: 4 }).map((a) => Buffer.concat([len(3), Buffer.from(a)])),
        fc.uint8Array({ minLength: 8, maxLength: 8 }).map((a) => Buffer.concat([len(4), Buffer.from(a)])),
        element.map((e) => Buffer.concat([len(5), str(e)])),
      ),
      { maxLength: 8 },
    ),
  )
  .map(([moduleId, fields]): RdbWriteValue => ({ type: 'module', moduleId, payload: Buffer.concat([...fields, len(0)]) }));
