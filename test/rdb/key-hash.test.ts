// The key hashes: every byte and the length count, h1 is hash32, and table slots (low bits) spread evenly.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hash32, hashBytes, type KeyHash } from '../../src/rdb/key-hash.js';

const both = (b: Buffer, start = 0, end = b.length): KeyHash => hashBytes(b, start, end, { h1: 0, h2: 0 });

describe('hashBytes', () => {
  it('changes both hashes when any one byte of a key changes, in the word steps and in the tail', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.nat(), fc.integer({ min: 1, max: 255 }), (bytes, at, flip) => {
        const a = Buffer.from(bytes);
        const b = Buffer.from(bytes);
        const i = at % b.length;
        b[i] = b[i]! ^ flip;
        const ha = both(a);
        const hb = both(b);
        expect(ha.h1).not.toBe(hb.h1);
        expect(ha.h2).not.toBe(hb.h2);
      }),
    );
  });

  it('tells keys apart that differ only by trailing zero bytes (the tail word is zero-filled)', () => {
    const seen = new Set<string>();
    for (let n = 0; n <= 9; n++) {
      const h = both(Buffer.alloc(n));
      seen.add(`${h.h1}:${h.h2}`);
    }
    expect(seen.size).toBe(10);
  });

  it('hashes a range as it hashes the same bytes alone, and h1 is hash32', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 30 }), fc.uint8Array({ maxLength: 30 }), fc.uint8Array({ maxLength: 7 }), (pre, key, post) => {
        const all = Buffer.concat([pre, key, post]);
        const inRange = both(all, pre.length, pre.length + key.length);
        expect(inRange).toEqual(both(Buffer.from(key)));
        expect(hash32(all, pre.length, pre.length + key.length)).toBe(inRange.h1);
      }),
    );
  });

  it('spreads sequential keys evenly over the low bits a table indexes by, and gives each its own 64-bit fingerprint', () => {
    const slots = new Int32Array(1 << 12);
    const prints = new Set<string>();
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const h = both(Buffer.from(`key:${String(i).padStart(12, '0')}`));
      slots[h.h1 & (slots.length - 1)]!++;
      prints.add(`${h.h1}:${h.h2}`);
    }
    // Poisson with a mean of ~49: a skewed hash piles hundreds into some slots and leaves others empty.
    expect(Math.max(...slots)).toBeLessThan(100);
    expect(Math.min(...slots)).toBeGreaterThan(15);
    expect(prints.size).toBe(n);
  });
});
