// KeyFigures against a plain Map reference: batched look-ups, long and short keys, separators of any length.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyFigures } from '../../src/ops/inspect/keys.js';

interface Touch {
  db: number;
  key: Buffer;
  bytes: number;
}

/** Leftmost non-overlapping separators, up to depth of them: the prefix ends after the last one found. */
function referencePrefix(key: Buffer, separator: Buffer, depth: number): string {
  let end = 0;
  for (let found = 0; found < depth; found++) {
    const at = key.indexOf(separator, end);
    if (at < 0) break;
    end = at + separator.length;
  }
  return key.subarray(0, end).toString('latin1');
}

function reference(touches: Touch[], separator: Buffer, depth: number) {
  const keys = new Map<string, { count: number; bytes: number }>();
  const prefixes = new Map<string, { count: number; bytes: number }>();
  const bump = (m: Map<string, { count: number; bytes: number }>, k: string, bytes: number) => {
    const e = m.get(k) ?? { count: 0, bytes: 0 };
    e.count++;
    e.bytes += bytes;
    m.set(k, e);
  };
  for (const t of touches) {
    bump(keys, `${t.db} ${t.key.toString('latin1')}`, t.bytes);
    bump(prefixes, referencePrefix(t.key, separator, depth), t.bytes);
  }
  return { keys, prefixes };
}

function feed(touches: Touch[], separator: Buffer, depth: number): KeyFigures {
  const f = new KeyFigures({ exactKeys: 1_000_000, separator, depth });
  // Every key is a view into one buffer holding all of them, as the reader's views into a chunk are.
  const all = Buffer.concat(touches.map((t) => t.key));
  let at = 0;
  for (const t of touches) {
    f.add(t.db, all.subarray(at, at + t.key.length), t.bytes);
    at += t.key.length;
  }
  return f;
}

const keyArb = fc.oneof(
  fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a)),
  fc.stringMatching(/^[a-c:]{0,40}$/).map((s) => Buffer.from(s)),
);

describe('KeyFigures', () => {
  it('counts every key and prefix exactly, whatever the key lengths and separator (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ db: fc.integer({ min: 0, max: 2 }), key: keyArb, bytes: fc.integer({ min: 0, max: 1000 }) }), { maxLength: 1500 }),
        fc.constantFrom(':', '::', 'ab', 'a'),
        fc.integer({ min: 1, max: 3 }),
        (touches, sep, depth) => {
          const separator = Buffer.from(sep);
          const f = feed(touches, separator, depth);
          const ref = reference(touches, separator, depth);
          const n = 1_000_000;
          const hot = f.hotKeys(n);
          expect(hot.length).toBe(ref.keys.size);
          for (const k of hot) expect({ count: k.count, bytes: k.bytes }).toEqual(ref.keys.get(`${k.db} ${k.key.toString('latin1')}`));
          const { byCount } = f.topPrefixes(n);
          expect(byCount.length).toBe(ref.prefixes.size);
          for (const p of byCount) expect({ count: p.count, bytes: p.bytes }).toEqual(ref.prefixes.get(p.prefix.toString('latin1')));
          for (const db of [0, 1, 2]) {
            const distinct = new Set(touches.filter((t) => t.db === db).map((t) => t.key.toString('latin1'))).size;
            expect(f.distinct(db)).toEqual({ keys: distinct, approximate: false });
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('keeps counting across batches and keys longer than a batch holds', () => {
    const huge = Buffer.alloc(200_000, 0x78);
    huge.write('big:', 0);
    const touches: Touch[] = [];
    for (let i = 0; i < 5000; i++) touches.push({ db: 0, key: Buffer.from(`user:${i % 700}`), bytes: 3 });
    touches.push({ db: 0, key: huge, bytes: 10 }, { db: 0, key: huge, bytes: 10 });
    for (let i = 0; i < 5000; i++) touches.push({ db: 0, key: Buffer.from(`long:${'y'.repeat(40)}:${i % 300}`), bytes: 1 });
    const f = feed(touches, Buffer.from(':'), 1);
    expect(f.distinct(0)).toEqual({ keys: 700 + 1 + 300, approximate: false });
    const big = f.hotKeys(2000).find((k) => k.key.length === huge.length);
    expect(big).toMatchObject({ count: 2, bytes: 20 });
    expect(big!.key.equals(huge)).toBe(true);
    expect(f.topPrefixes(3).byCount.map((p) => [p.prefix.toString(), p.count, p.bytes])).toEqual([
      ['long:', 5000, 5000],
      ['user:', 5000, 15000],
      ['big:', 2, 20],
    ]);
  });
});

describe('KeyFigures past the exact limit', () => {
  // Few distinct keys and runs of one key (the run path), so that small limits force the sketches.
  const touchArb = fc.record({
    db: fc.integer({ min: 0, max: 1 }),
    key: fc.integer({ min: 0, max: 40 }).map((i) => Buffer.from(i % 3 === 0 ? `user:${i}` : `k${i}`)),
    bytes: fc.integer({ min: 1, max: 500 }),
  });
  const runsArb = fc
    .array(fc.tuple(touchArb, fc.integer({ min: 1, max: 4 })), { maxLength: 400 })
    .map((runs) => runs.flatMap(([t, n]) => Array.from({ length: n }, () => t)));

  it('is exact up to the limit and bounded past it: heavy keys kept, counts overstated by at most error (property)', () => {
    fc.assert(
      fc.property(runsArb, fc.integer({ min: 1, max: 60 }), (touches, exactKeys) => {
        const separator = Buffer.from(':');
        const f = new KeyFigures({ exactKeys, separator, depth: 1 });
        for (const t of touches) f.add(t.db, t.key, t.bytes);
        const ref = reference(touches, separator, 1);
        const capacity = Math.max(1, Math.min(2048, Math.floor(exactKeys / 4)));
        const hot = f.hotKeys(1_000_000);
        const big = f.bigWriters(1_000_000);
        for (const db of [0, 1]) {
          const inDb = touches.filter((t) => t.db === db);
          const distinct = new Set(inDb.map((t) => t.key.toString('latin1'))).size;
          const d = f.distinct(db);
          if (distinct <= exactKeys) expect(d).toEqual({ keys: distinct, approximate: false });
          else {
            expect(d.approximate).toBe(true);
            // HyperLogLog on a few dozen keys: linear counting over 16,384 registers, all but exact.
            expect(Math.abs(d.keys - distinct)).toBeLessThanOrEqual(2);
          }
          const totalBytes = inDb.reduce((n, t) => n + t.bytes, 0);
          for (const [k, truth] of ref.keys) {
            if (!k.startsWith(`${db} `)) continue;
            const byCount = hot.find((h) => `${h.db} ${h.key.toString('latin1')}` === k);
            const byBytes = big.find((h) => `${h.db} ${h.key.toString('latin1')}` === k);
            if (!d.approximate) {
              // Exact: every key listed with its exact figures.
              expect(byCount).toMatchObject({ count: truth.count, bytes: truth.bytes, error: 0, approximate: false });
              continue;
            }
            if (truth.count > inDb.length / (capacity + 1)) expect(byCount).toBeDefined();
            if (truth.bytes > totalBytes / (capacity + 1)) expect(byBytes).toBeDefined();
            if (byCount) {
              expect(byCount.count).toBeGreaterThanOrEqual(truth.count);
              expect(byCount.count - byCount.error).toBeLessThanOrEqual(truth.count);
              expect(byCount.bytes).toBeLessThanOrEqual(truth.bytes);
            }
            if (byBytes) {
              expect(byBytes.bytes).toBeGreaterThanOrEqual(truth.bytes);
              expect(byBytes.bytes - byBytes.error).toBeLessThanOrEqual(truth.bytes);
              expect(byBytes.count).toBeLessThanOrEqual(truth.count);
            }
          }
        }
        const approximate = f.approximate();
        const anyOver = [0, 1].some((db) => f.distinct(db).approximate);
        expect(approximate.includes('hotKeys')).toBe(anyOver);
        // Prefixes (user:, and none for k…) are few: always exact here.
        if (ref.prefixes.size <= exactKeys) {
          for (const p of f.topPrefixes(100).byCount) expect({ count: p.count, bytes: p.bytes }).toEqual(ref.prefixes.get(p.prefix.toString('latin1')));
        }
      }),
      { numRuns: 150 },
    );
  });
});
