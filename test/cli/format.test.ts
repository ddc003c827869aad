// The small text renderings: counts grouped by hand read exactly as en-US grouping does.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCount } from '../../src/cli/render/format.js';

describe('formatCount', () => {
  it('groups every safe integer as en-US does', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.integer({ min: -9999, max: 9999 })), (n) => {
        expect(formatCount(n)).toBe((n === 0 ? 0 : n).toLocaleString('en-US'));
      }),
      { numRuns: 2000 },
    );
    expect(formatCount(-0)).toBe('0');
    for (const n of [0, 999, 1000, -1000, 1234567, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]) expect(formatCount(n)).toBe(n.toLocaleString('en-US'));
  });

  it('leaves what is not a safe integer to toLocaleString', () => {
    for (const n of [1.5, 2 ** 60, -1234.5678]) expect(formatCount(n)).toBe(n.toLocaleString('en-US'));
  });
});
