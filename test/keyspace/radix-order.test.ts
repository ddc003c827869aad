// radixSort against Buffer.compare: shared prefixes, keys that are prefixes of others, empty keys and duplicates, at every range size.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { radixSort } from '../../src/keyspace/core/radix-order.js';

function sortKeys(keys: Buffer[]): Buffer[] {
  const items = Int32Array.from(keys.keys());
  const byteAt = (i: number, depth: number) => (depth < keys[i]!.length ? keys[i]![depth]! + 1 : 0);
  const firstDifference = (a: number, b: number, depth: number) => {
    for (let d = depth; ; d++) {
      const x = byteAt(a, d);
      if (x !== byteAt(b, d)) return d;
      if (x === 0) return -1;
    }
  };
  return [...radixSort(items, { byteAt, firstDifference })].map((i) => keys[i]!);
}

// A few bytes from a small alphabet after a common prefix: long runs of equal bytes, prefixes and duplicates.
const key = fc
  .tuple(
    fc.constantFrom('', 'key:', 'key:0000'),
    fc.uint8Array({ maxLength: 6 }).map((a) => a.map((b) => [0, 1, 0x30, 0xff][b & 3]!)),
  )
  .map(([p, rest]) => Buffer.concat([Buffer.from(p), Buffer.from(rest)]));

describe('radixSort', () => {
  it('orders as Buffer.compare does', () => {
    fc.assert(
      fc.property(fc.array(key, { maxLength: 2000, size: 'max' }), (keys) => {
        expect(sortKeys(keys)).toEqual([...keys].sort(Buffer.compare));
      }),
      { numRuns: 300 },
    );
  });
});
