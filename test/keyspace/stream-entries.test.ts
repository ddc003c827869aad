// StreamEntries against a plain sorted array, across chunk boundaries, plus a million-entry replay.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StreamEntries, StreamEntry } from '../../src/keyspace/stream/stream-entries.js';
import { streamCommands } from '../../src/keyspace/stream/stream-commands.js';
import { FakeDb } from './stream-harness.js';

type Op = { kind: 'append'; n: number } | { kind: 'delete'; at: number } | { kind: 'trim'; n: number } | { kind: 'below'; at: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('append' as const), n: fc.integer({ min: 1, max: 1500 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('trim' as const), n: fc.integer({ min: 0, max: 900 }) }),
  fc.record({ kind: fc.constant('below' as const), at: fc.nat() }),
);

describe('StreamEntries', () => {
  it('behaves like a sorted array for append, delete, front trim, countBelow, range and get', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const entries = new StreamEntries();
        let model: bigint[] = [];
        let next = 1n;
        for (const o of ops) {
          if (o.kind === 'append') {
            for (let i = 0; i < o.n; i++) {
              const id = next;
              next += 1n + BigInt(i % 3);
              entries.append(StreamEntry.pack(id, []));
              model.push(id);
            }
          } else if (o.kind === 'delete') {
            const id = model.length === 0 ? 5n : model[o.at % model.length]!;
            const had = model.includes(id);
            expect(entries.delete(id)).toBe(had);
            model = model.filter((m) => m !== id);
          } else if (o.kind === 'trim') {
            const removed = Math.min(o.n, model.length);
            expect(entries.removeFirst(o.n)).toBe(removed);
            model = model.slice(removed);
          } else {
            const probe = BigInt(o.at % Number(next + 2n));
            expect(entries.countBelow(probe)).toBe(model.filter((m) => m < probe).length);
            const to = probe + 700n;
            expect([...entries.range(probe, to)].map((e) => e.id)).toEqual(model.filter((m) => m >= probe && m <= to));
            expect(entries.has(probe)).toBe(model.includes(probe));
          }
          expect(entries.size).toBe(model.length);
          expect(entries.first()?.id).toBe(model[0]);
          expect(entries.last()?.id).toBe(model[model.length - 1]);
        }
        expect([...entries].map((e) => e.id)).toEqual(model);
      }),
      { numRuns: 60 },
    );
  });

  // No timed assertion (speed is the bench's job): a quadratic store would not finish within the test timeout.
  it('replays a million XADDs with trimming and deletes', () => {
    const db = new FakeDb();
    const xadd = streamCommands['xadd']!;
    const xdel = streamCommands['xdel']!;
    const name = Buffer.from('XADD');
    const key = Buffer.from('big');
    const field = Buffer.from('field');
    for (let i = 1; i <= 1_000_000; i++) {
      xadd({ db, nowMs: 0 }, [name, key, Buffer.from(`${i}-0`), field, Buffer.from(String(i))]);
      if (i % 1000 === 0) xdel({ db, nowMs: 0 }, [Buffer.from('XDEL'), key, Buffer.from(`${i - 500}-0`)]);
    }
    xadd({ db, nowMs: 0 }, [name, key, Buffer.from('MAXLEN'), Buffer.from('100000'), Buffer.from('1000001-0'), field, field]);
    expect(db.stream('big').length).toBe(100_000);
  });
});
