// KeyHashes holds hash pairs as a set would, through growth and long probe chains (many keys with one h1).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyHashes } from '../../src/ops/rewrite/key-hashes.js';

describe('KeyHashes', () => {
  it('answers as a set of (h1, h2 with its low bit set) would, the only pairs it cannot tell apart', () => {
    // Few distinct h1 values: most pairs share a home slot, so probes run long and wrap around the table.
    const h1 = fc.oneof(fc.constantFrom(0, 1, -1, 1023, 1024, 0x7fffffff), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }));
    const h2 = fc.oneof(fc.constantFrom(0, 1, 2, 3, -1, -2), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }));
    fc.assert(
      fc.property(fc.array(fc.tuple(h1, h2), { maxLength: 3000 }), fc.array(fc.tuple(h1, h2), { maxLength: 300 }), (adds, probes) => {
        const set = new KeyHashes();
        const model = new Set<string>();
        for (const [a, b] of adds) {
          set.add(a, b);
          model.add(`${a | 0}:${b | 1}`);
        }
        expect(set.size).toBe(model.size);
        for (const [a, b] of [...adds, ...probes]) expect(set.has(a, b)).toBe(model.has(`${a | 0}:${b | 1}`));
      }),
      { numRuns: 60, endOnFailure: true },
    );
  });

  it('grows past its first table and keeps every pair', () => {
    const set = new KeyHashes();
    for (let i = 0; i < 50_000; i++) set.add(i * 7919, i);
    expect(set.size).toBe(50_000);
    for (let i = 0; i < 50_000; i++) expect(set.has(i * 7919, i)).toBe(true);
    expect(set.has(7919, 3)).toBe(false);
  });
});
