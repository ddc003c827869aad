// parseShortLong, the fast path of counters and scores, never disagrees with string2ll (parseLongLong) or strtod (parseDouble).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRangeLong } from '../../src/keyspace/core/int-arg.js';
import { parseDouble, parseLongLong, parseShortLong } from '../../src/keyspace/core/numbers.js';

const text = fc.oneof(
  fc.stringMatching(/^-?[0-9]{0,17}$/),
  fc.stringMatching(/^[-+ 0-9a]{0,6}$/),
  fc.bigInt({ min: -(10n ** 16n), max: 10n ** 16n }).map(String),
);

describe('parseShortLong', () => {
  it('decides only what it can decide exactly, and then as string2ll does', () => {
    fc.assert(
      fc.property(text, (s) => {
        const arg = Buffer.from(s, 'latin1');
        const short = parseShortLong(arg);
        const full = parseLongLong(arg);
        if (short !== null) expect(full).toBe(BigInt(short));
        else if (full !== null) expect(s.length).toBeGreaterThan(15);
      }),
      { numRuns: 3000 },
    );
    for (const s of ['0', '-0', '007', '-', '', '+1', ' 1', '999999999999999', '-99999999999999']) {
      const short = parseShortLong(Buffer.from(s));
      expect(short === null ? null : BigInt(short)).toBe(s.length <= 15 ? parseLongLong(Buffer.from(s)) : null);
    }
  });
});

describe('parseDouble on integers', () => {
  it('reads every plain integer as strtod does, -0 and leading zeros included', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^-?[0-9]{1,18}$/), (s) => {
        expect(Object.is(parseDouble(Buffer.from(s)), Number(s))).toBe(true);
      }),
      { numRuns: 3000 },
    );
    expect(Object.is(parseDouble(Buffer.from('-0')), -0)).toBe(true);
  });
});

describe('parseRangeLong with the short form', () => {
  it('accepts, bounds and refuses exactly as with string2ll alone', () => {
    const [min, max] = [-(10n ** 12n), 10n ** 12n];
    fc.assert(
      fc.property(text, (s) => {
        const arg = Buffer.from(s, 'latin1');
        const full = parseLongLong(arg);
        const expected = full === null || full < min || full > max ? 'error' : Number(full);
        const got = parseRangeLong(arg, min, max);
        expect(typeof got === 'number' ? got : 'error').toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });
});
