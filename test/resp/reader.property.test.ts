// Properties of the RESP reader: encode→chunk→decode round trip, and cut-anywhere → okUpTo.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeCommand } from '../../src/resp/index.js';
import { REUSED_MAX } from '../../src/resp/reused-args.js';
import { errors, readWithChunks } from '../helpers/chunking.js';

const arg = fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a));
const commandArb = fc.array(arg, { minLength: 1, maxLength: 6 });
const commandsArb = fc.array(commandArb, { minLength: 1, maxLength: 8 });

function chunkEnds(length: number, seeds: number[]): number[] {
  return [...new Set(seeds.map((s) => s % (length + 1)))].sort((a, b) => a - b);
}

describe('RespReader properties', () => {
  it('decodes what encodeCommand wrote, however the bytes are chunked', () => {
    fc.assert(
      fc.property(commandsArb, fc.array(fc.nat(), { maxLength: 12 }), (commands, seeds) => {
        const input = Buffer.concat(commands.map(encodeCommand));
        const events = readWithChunks(input, chunkEnds(input.length, seeds), { size: input.length });
        expect(events.map((e) => (e.kind === 'command' ? e.args : e))).toEqual(commands.map((c) => c.map((a) => a.toString('latin1'))));
      }),
      { numRuns: 300 },
    );
  });

  it('hands the same arguments as offsets (ranges) as it does as views, whatever is kept and however chunked', () => {
    fc.assert(
      fc.property(commandsArb, fc.array(fc.nat(), { maxLength: 12 }), fc.integer({ min: 0, max: 7 }), (commands, seeds, keep) => {
        const input = Buffer.concat(commands.map(encodeCommand));
        const ends = chunkEnds(input.length, seeds);
        for (const keepArgs of [keep, () => keep]) {
          const views = readWithChunks(input, ends, { size: input.length, keepArgs });
          expect(readWithChunks(input, ends, { size: input.length, keepArgs, ranges: true })).toEqual(views);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('hands the same arguments in reused Buffers as it does as views, whatever is kept and however chunked', () => {
    // Lengths on both sides of REUSED_MAX too: longer arguments stay views.
    const long = fc
      .constantFrom(REUSED_MAX - 1, REUSED_MAX, REUSED_MAX + 1)
      .chain((n) => fc.uint8Array({ minLength: n, maxLength: n }).map((a) => Buffer.from(a)));
    const commands = fc.array(fc.array(fc.oneof(arg, long), { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(commands, fc.array(fc.nat(), { maxLength: 12 }), fc.integer({ min: 0, max: 7 }), (commands, seeds, keep) => {
        const input = Buffer.concat(commands.map(encodeCommand));
        const ends = chunkEnds(input.length, seeds);
        for (const keepArgs of [keep, () => keep, undefined]) {
          const views = readWithChunks(input, ends, { size: input.length, keepArgs });
          expect(readWithChunks(input, ends, { size: input.length, keepArgs, reuseArgs: true })).toEqual(views);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a file cut at any byte is valid up to the last complete frame boundary at or before the cut', () => {
    fc.assert(
      fc.property(commandsArb, fc.nat(), fc.array(fc.nat(), { maxLength: 6 }), (commands, cutSeed, seeds) => {
        const frames = commands.map(encodeCommand);
        const input = Buffer.concat(frames);
        const cutAt = cutSeed % (input.length + 1);
        const boundaries = [0];
        for (const f of frames) boundaries.push(boundaries.at(-1)! + f.length);
        const expected = Math.max(...boundaries.filter((b) => b <= cutAt));
        const cutInput = input.subarray(0, cutAt);
        for (const size of [cutAt, undefined]) {
          const events = readWithChunks(cutInput, chunkEnds(cutAt, seeds), { size });
          const errs = errors(events);
          const okUpTo = errs.length === 0 ? cutAt : (errs[0] as { frameStart: number }).frameStart;
          expect(okUpTo).toBe(expected);
          for (const e of errs) expect(['truncated', 'bulk-beyond-eof']).toContain((e as { code: string }).code);
        }
      }),
      { numRuns: 500 },
    );
  });
});
