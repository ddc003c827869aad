// toRdbWriteValue hands collections as walks of the keyspace's own storage: the RDB bytes equal those of arrays.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Keyspace } from '../../src/keyspace/keyspace.js';
import { toRdbWriteValue } from '../../src/keyspace/rdb-value.js';
import { MemoryOutput, RdbWriter, type RdbWriteValue } from '../../src/rdb/write/index.js';
import { args } from './replay.js';

/** The same value with every collection copied into arrays (a sorted set sorted by the writer itself). */
function asArrays(v: RdbWriteValue): RdbWriteValue {
  if (v.type === 'list') return { type: 'list', items: [...v.items] };
  if (v.type === 'set') return { type: 'set', members: [...v.members] };
  if (v.type === 'hash') return { type: 'hash', entries: [...v.entries] };
  if (v.type === 'zset') return { type: 'zset', entries: [...v.entries].reverse() };
  return v;
}

function rdbOf(ks: Keyspace, form: (v: RdbWriteValue) => RdbWriteValue): Buffer {
  const out = new MemoryOutput();
  const w = new RdbWriter(out.consumer, { version: 12, checkDuplicates: false });
  w.begin({ ctime: 1_700_000_000 });
  for (const key of ['h', 'z', 's', 'l']) {
    const entry = ks.get(0, Buffer.from(key));
    if (entry !== undefined) expect(w.writeKey({ db: 0, key: Buffer.from(key), expireAtMs: null, value: form(toRdbWriteValue(entry.value)) })).toBeNull();
  }
  w.end();
  return out.bytes();
}

describe('toRdbWriteValue', () => {
  it('writes what arrays of the same collections write, small (listpack) or large, sorted-set ties and -0 included', () => {
    // Past 512 members a sorted set leaves its packed form for the mapped one; past 128 fields a hash is a table.
    const member = fc.integer({ min: 0, max: 1200 }).map((n) => `m${n}`);
    const score = fc.constantFrom('0', '-0', '1', '1.5', '-2', 'inf', '-inf', '7');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(member, score), { maxLength: 1500, size: 'max' }),
        fc.array(fc.tuple(member, fc.boolean()), { maxLength: 700, size: 'max' }),
        (zadds, fields) => {
          const ks = new Keyspace({ nowMs: 1_700_000_000_000 });
          for (const [m, s] of zadds) ks.execute(args(['ZADD', 'z', s, m]));
          for (const [f, ttl] of fields) {
            ks.execute(args(['HSET', 'h', f, `v${f}`]));
            if (ttl) ks.execute(args(['HPEXPIREAT', 'h', '1800000000000', 'FIELDS', '1', f]));
            ks.execute(args(['SADD', 's', f]));
            ks.execute(args(['RPUSH', 'l', f]));
          }
          expect(rdbOf(ks, (v) => v).equals(rdbOf(ks, asArrays))).toBe(true);
        },
      ),
      // A failure shrinks thousands of commands for minutes: report the first counterexample as found.
      { numRuns: 40, endOnFailure: true },
    );
  });
});
