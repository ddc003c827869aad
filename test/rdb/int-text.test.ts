// intText: an integer encoding's decimal text, as Redis turns it back into a string, from its cache or its slab.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { intText } from '../../src/rdb/length.js';

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
});
