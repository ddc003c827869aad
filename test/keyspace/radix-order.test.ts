// radixSort against Buffer.compare: shared prefixes, keys that are prefixes of others, empty keys and duplicates, at every range size, byte by byte and wide.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { radixSort } from '../../src/keyspace/core/radix-order.js';

function sortKeys(keys: Buffer[], wideFrom?: number): Buffer[] {
  const items = Int32Array.from(keys.keys());
  const byteAt = (i: number, depth: number) => (depth < keys[i]!.length ? keys[i]![depth]! + 1 : 0);
  const firstDifference = (a: number, b: number, depth: number) => {
    for (let d = depth; ; d++) {
      const x = byteAt(a, d);
      if (x !== byteAt(b, d)) return d;
      if (x === 0) return -1;
    }
  };
  const wideDigits = (i: number, depth: number) => ((byteAt(i, depth) * 257 + byteAt(i, depth + 1)) * 257 + byteAt(i, depth + 2)) * 257 + byteAt(i, depth + 3);
  return [...radixSort(items, { byteAt, firstDifference, wideDigits }, wideFrom)].map((i) => keys[i]!);
}

/** Whether sorted is keys in Buffer.compare's order (a boolean: a diff of thousands of Buffers takes minutes to print). */
function sameOrder(sorted: Buffer[], keys: Buffer[]): boolean {
  const expected = [...keys].sort(Buffer.compare);
  return sorted.length === expected.length && sorted.every((k, i) => k.equals(expected[i]!));
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
        expect(sameOrder(sortKeys(keys), keys)).toBe(true);
      }),
      // No shrinking: a case of 2,000 keys takes thousands of runs to shrink.
      { numRuns: 300, endOnFailure: true },
    );
  });

  it('orders as Buffer.compare does when ranges go several bytes at a time', () => {
    // SMALL (48) is the least range that reaches the wide pass; keys of up to 14 bytes take it up to three times.
    fc.assert(
      fc.property(fc.array(key, { maxLength: 2000, size: 'max' }), fc.integer({ min: 48, max: 300 }), (keys, wideFrom) => {
        expect(sameOrder(sortKeys(keys, wideFrom), keys)).toBe(true);
      }),
      // No shrinking: a case of 2,000 keys takes thousands of runs to shrink.
      { numRuns: 300, endOnFailure: true },
    );
  });

  it('orders 200,000 keys that share a prefix, as a large keyspace has them', () => {
    const keys = Array.from({ length: 200_000 }, (_, i) => Buffer.from(`key:${String((i * 7919) % 1_000_003).padStart(12, '0')}`));
    const sorted = sortKeys(keys);
    const misplaced = sorted.findIndex((k, i) => i > 0 && Buffer.compare(sorted[i - 1]!, k) >= 0);
    expect(misplaced).toBe(-1);
  });
});
