// NameBuffers: the shared args[0] is always byte-identical to the name as written, whatever the case mix.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NameBuffers, NameInterner } from '../../src/aof/names.js';

describe('NameBuffers', () => {
  it('hands out a Buffer equal to the bytes, shared across commands of the same spelling', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('SET', 'set', 'Set', 'HSET', 'hset', 'x'.repeat(40), 'ZADD', 'zadd'), { maxLength: 60 }), (names) => {
        const interner = new NameInterner();
        const buffers = new NameBuffers();
        const seen = new Map<string, Buffer>();
        for (const n of names) {
          // The name sits inside a larger chunk, as the reader sees it.
          const chunk = Buffer.from(`*1\r\n$${n.length}\r\n${n}\r\n`);
          const start = chunk.indexOf(n);
          const lower = interner.intern(chunk, start, start + n.length);
          const b = buffers.get(lower, chunk, start, start + n.length);
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
