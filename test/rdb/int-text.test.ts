// intText and decimalText: an integer's decimal text, as Redis turns integer encodings back into strings.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DECIMAL_MAX, decimalText, intText, writeDecimal } from '../../src/rdb/length.js';

describe('intText', () => {
  it('is the decimal text of any integer, across many slabs, and earlier results stay as they were', () => {
    const kept: [number, Buffer][] = [];
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer(),
          fc.maxSafeInteger(),
          fc.integer({ min: -2000, max: 2000 }),
          fc.constantFrom(Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 2 ** 53 + 2, -(2 ** 60)),
        ),
        (n) => {
          const text = intText(n);
          expect(text.toString('latin1')).toBe(String(n));
          kept.push([n, text]);
        },
      ),
      { numRuns: 5000 },
    );
    for (const [n, text] of kept) expect(text.toString('latin1')).toBe(String(n));
  });

  it('decimalText hands bytes of their own: changing one text changes no other', () => {
    const texts = Array.from({ length: 3000 }, (_, i) => decimalText(i % 7));
    texts[0]!.fill(0x78);
    expect(texts.slice(1).every((t, i) => t.toString('latin1') === String((i + 1) % 7))).toBe(true);
    expect(decimalText(-0).toString('latin1')).toBe('0');
  });

  it('writeDecimal writes the text where it is asked, within DECIMAL_MAX bytes, and touches nothing around it', () => {
    fc.assert(
      fc.property(
        // Both sides of the 32-bit fast path's edges too.
        fc.oneof(
          fc.maxSafeInteger(),
          fc.integer({ min: -99, max: 99 }),
          fc.integer({ min: 2 ** 31 - 9, max: 2 ** 32 + 9 }),
          fc.nat(),
          // Each side of every digit count's edge.
          fc.tuple(fc.integer({ min: 1, max: 16 }), fc.integer({ min: -2, max: 1 })).map(([d, off]) => 10 ** d + off),
        ),
        fc.nat(8),
        (n, at) => {
          const into = Buffer.alloc(at + DECIMAL_MAX + 4, 0x78);
          const end = writeDecimal(into, at, n);
          expect(into.toString('latin1', at, end)).toBe(String(n));
          expect(end - at).toBeLessThanOrEqual(DECIMAL_MAX);
          expect(into.subarray(0, at).every((b) => b === 0x78) && into.subarray(end).every((b) => b === 0x78)).toBe(true);
        },
      ),
    );
  });
});
