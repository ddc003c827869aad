// NameInterner: one lower-case string per name, and a shared args[0] always byte-identical to the name as written.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NameInterner } from '../../src/aof/names.js';

describe('NameInterner', () => {
  it('hands out a Buffer equal to the bytes, shared across commands of the same spelling', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('SET', 'set', 'Set', 'HSET', 'hset', 'x'.repeat(40), 'ZADD', 'zadd'), { maxLength: 60 }), (names) => {
        const interner = new NameInterner();
        const seen = new Map<string, Buffer>();
        for (const n of names) {
          // The name sits inside a larger chunk, as the reader sees it.
          const chunk = Buffer.from(`*1\r\n$${n.length}\r\n${n}\r\n`);
          const start = chunk.indexOf(n);
          const lower = interner.intern(chunk, start, start + n.length);
          expect(lower).toBe(n.toLowerCase());
          const b = interner.writtenName(chunk, start, start + n.length);
          // Only for the bytes it read last: another range (or chunk) gets no shared Buffer.
          expect(interner.writtenName(chunk, start + 1, start + n.length)).toBeUndefined();
          expect(interner.writtenName(Buffer.from(chunk), start, start + n.length)).toBeUndefined();
          if (n.length > 32) {
            expect(b).toBeUndefined();
            continue;
          }
          expect(b!.toString()).toBe(n);
          // The same spelling twice in a row gets the very same Buffer.
          if (seen.get(lower)?.toString() === n) expect(b).toBe(seen.get(lower));
          seen.set(lower, b!);
        }
      }),
    );
  });
});
