// The pieces checkRdb relies on to check without materialising: LZF validation and the duplicate search.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lzfDecompress, lzfValid } from '../../src/rdb/index.js';
import { RdbError } from '../../src/rdb/problem.js';
import { UniqueNames, refuseDuplicates } from '../../src/rdb/unique.js';

describe('lzfValid', () => {
  it('accepts exactly what lzfDecompress expands, at every stated length', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 48 }), fc.nat(8), (bytes, pad) => {
        // Embedded in a larger array, as the reader passes the cursor window with a range.
        const backing = new Uint8Array(bytes.length + 2 * pad);
        backing.set(bytes, pad);
        for (let n = 0; n <= 300; n++) {
          const whole = lzfDecompress(bytes, n);
          expect(lzfValid(backing, n, pad, pad + bytes.length)).toBe(whole !== null);
          const ranged = lzfDecompress(backing, n, pad, pad + bytes.length);
          expect(ranged === null ? null : [...ranged]).toEqual(whole === null ? null : [...whole]);
        }
      }),
    );
  });

  it('expands a one-byte run with a fill, as lzf_d.c repeats it', () => {
    // "a" then 40 more from 1 back (ctrl 0xE0, extra length 31, offset 0), then "b".
    const compressed = Buffer.from([0x00, 0x61, 0xe0, 31, 0x00, 0x00, 0x62]);
    expect(lzfDecompress(compressed, 42)?.toString()).toBe(`${'a'.repeat(41)}b`);
    expect(lzfValid(compressed, 42)).toBe(true);
    expect(lzfValid(compressed, 41)).toBe(false);
  });
});

/** The message of the first repeat, found naively, or null. */
function firstRepeat(names: string[], what: string, at: number): string | null {
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) return `${what} at offset ${at} repeats ${JSON.stringify(n)}: Redis refuses duplicates`;
    seen.add(n);
  }
  return null;
}

function thrown(f: () => void): string | null {
  try {
    f();
    return null;
  } catch (err) {
    if (!(err instanceof RdbError)) throw err;
    return err.message;
  }
}

describe('duplicate search', () => {
  const names = fc.array(fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 3 }), { maxLength: 60 });

  it('refuses the first repeat, small lists and tables alike', () => {
    fc.assert(
      fc.property(names, (list) => {
        const expected = firstRepeat(list, 'set', 5);
        expect(
          thrown(() =>
            refuseDuplicates(
              list.map((n) => Buffer.from(n, 'latin1')),
              5,
              'set',
            ),
          ),
        ).toBe(expected);
        const unique = new UniqueNames('set', list.length);
        expect(thrown(() => list.forEach((n) => unique.add(Buffer.from(n, 'latin1'), 5)))).toBe(expected);
      }),
    );
  });

  it('checks a pending name only at commit, and keeps every name across table growth', () => {
    const unique = new UniqueNames('hash');
    const bytes = Buffer.from('xfieldy');
    unique.put(bytes, 1, 6);
    unique.commit(0);
    for (let i = 0; i < 1000; i++) unique.add(Buffer.from(`k${i}`), 0);
    unique.put(bytes, 1, 6);
    expect(() => unique.commit(9)).toThrow('hash at offset 9 repeats "field"');
    expect(() => unique.add(Buffer.from('k999'), 3)).toThrow('repeats "k999"');
    unique.add(Buffer.from('k1000'), 0);
  });
});
