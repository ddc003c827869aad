// Runs a RESP reader case whole, byte by byte and split at every offset, and checks all agree.
import { expect } from 'vitest';
import { commandArgs, RespReader, type RespReaderOptions } from '../../src/resp/index.js';

export type ReadEvent =
  | { kind: 'command'; args: string[]; argc: number; start: number; end: number; line: number }
  | { kind: 'annotation'; text: string; start: number; end: number; line: number }
  | { kind: 'problem'; severity: string; code: string; offset: number; line: number; frameStart: number };

/** Arguments are shown as latin1 strings so binary bytes compare exactly. */
export function readWithChunks(input: Buffer, chunkEnds: number[], options: RespReaderOptions = {}): ReadEvent[] {
  const events: ReadEvent[] = [];
  const reader = new RespReader(
    {
      command: (f) =>
        events.push({
          kind: 'command',
          // Read during the call, as the ranges option requires: the chunk is overwritten after feed().
          args: commandArgs(f).map((a) => a.toString('latin1')),
          argc: f.argc,
          start: f.start,
          end: f.end,
          line: f.line,
        }),
      annotation: (f) => events.push({ kind: 'annotation', text: f.text.toString('latin1'), start: f.start, end: f.end, line: f.line }),
      problem: (p) =>
        events.push({
          kind: 'problem',
          severity: p.severity,
          code: p.code,
          offset: p.offset,
          line: p.line,
          frameStart: p.frameStart,
        }),
    },
    options,
  );
  let from = 0;
  for (const to of [...chunkEnds, input.length]) {
    if (to <= from) continue;
    // A fresh copy per chunk: the reader must not rely on a chunk staying alive after feed().
    const chunk = Buffer.from(input.subarray(from, to));
    reader.feed(chunk);
    chunk.fill(0xee);
    from = to;
  }
  reader.end();
  return events;
}

/** Reads input whole, byte by byte, and in two chunks split at every offset; all must agree. */
export function readEveryWay(input: Buffer, options: RespReaderOptions = {}): ReadEvent[] {
  const whole = readWithChunks(input, [], options);
  const bytewise = readWithChunks(
    input,
    Array.from({ length: input.length }, (_, i) => i + 1),
    options,
  );
  expect(bytewise).toEqual(whole);
  for (let split = 1; split < input.length; split++) {
    expect(readWithChunks(input, [split], options), `split at ${split}`).toEqual(whole);
  }
  return whole;
}

export function errors(events: ReadEvent[]): ReadEvent[] {
  return events.filter((e) => e.kind === 'problem' && e.severity === 'error');
}
