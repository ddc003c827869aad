// inspect read in two parts (the second on a worker thread, here in this one) reports what one pass reports.
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { inspectAof } from '../../src/ops/inspect/inspect.js';
import { InspectTally } from '../../src/ops/inspect/tally.js';
import { AofBuilder } from '../helpers/aof-builder.js';
import { tempDir, writeFiles } from '../helpers/tmp.js';

const dir = tempDir();
afterEach(() => {
  vi.restoreAllMocks();
});

/**
 * Everything a part read apart cannot know alone: the database (SELECTs, some inside a transaction), the
 * time (#TS), runs of deletes with neutral commands inside them and across any split point, flushes,
 * SWAPDB, a command large enough to lead the largest list, keys shared by both halves.
 */
function workload(): Buffer {
  const b = new AofBuilder();
  b.command('SET', 'user:0', 'a');
  b.annotation('TS:1700000000');
  for (let round = 0; round < 3; round++) {
    b.command('SELECT', String(round));
    for (let i = 0; i < 6; i++) b.command('SET', `user:${i}`, 'v'.repeat(i + round));
    b.command('DEL', 'user:1', 'user:2').command('SELECT', '5').command('UNLINK', 'user:3');
    b.command('MULTI').command('DEL', 'user:4').command('EXEC').command('DEL', 'user:5');
    b.annotation(`TS:${1_700_000_010 + round * 4000}`);
    b.command('MULTI')
      .command('SELECT', String(round + 7))
      .command('INCR', 'counter')
      .command('HSET', `h:${round}`, 'f', 'v')
      .command('EXEC');
    b.command('LPUSH', 'list', 'x', 'y').command('RPUSH', 'list', 'z');
    b.command('SET', `blob:${round}`, 'x'.repeat(300 + round));
    b.command('DEL', 'list', 'nothing');
    b.command('FLUSHDB')
      .command('SWAPDB', '0', String(round + 1))
      .command('DEL', 'user:0');
    b.command('MSET', 'k:1', 'a', 'k:2', 'b').command('FLUSHALL', 'ASYNC');
  }
  b.command('DEL', 'tail:1').command('DEL', 'tail:2', 'tail:3');
  return b.build();
}

/**
 * Offsets of every command's `*` in a file the builder wrote (annotations' `#` are not split points). The
 * split point looked for near an offset is the first `*` after a line end from there: pass `start - 2`.
 */
function commandStarts(bytes: Buffer): number[] {
  const starts: number[] = [];
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x2a && (i === 0 || bytes[i - 1] === 0x0a)) starts.push(i);
  return starts;
}

describe('inspect read in two parts', () => {
  const bytes = workload();
  writeFiles(dir, { 'w.aof': bytes });
  const path = join(dir, 'w.aof');

  it('reports what one pass reports, wherever the second part starts', async () => {
    const whole = await inspectAof(path, { split: false, top: 5 });
    const absorb = vi.spyOn(InspectTally.prototype, 'absorb');
    const starts = commandStarts(bytes).slice(1);
    for (const start of starts) {
      const parts = await inspectAof(path, { split: { minBytes: 0, near: start - 2 }, top: 5 });
      expect(parts, `split at ${start}`).toEqual(whole);
    }
    // Each reading was put together from two parts: the split happened.
    expect(absorb).toHaveBeenCalledTimes(starts.length);
  });

  it('reports what one pass reports when the worker log fills up and this thread reads on', async () => {
    const whole = await inspectAof(path, { split: false, top: 5 });
    const starts = commandStarts(bytes);
    const absorb = vi.spyOn(InspectTally.prototype, 'absorb');
    for (const start of starts.slice(1, 30)) {
      expect(await inspectAof(path, { split: { minBytes: 0, near: start - 2, maxEvents: 3 }, top: 5 })).toEqual(whole);
    }
    expect(absorb).toHaveBeenCalledTimes(29);
  });

  it('keeps every exact figure of random workloads, any split point (property)', async () => {
    const command = fc.oneof(
      fc
        .tuple(fc.constantFrom('SET', 'INCR', 'LPUSH', 'DEL', 'UNLINK', 'HSET'), fc.integer({ min: 0, max: 40 }))
        .map(([c, k]) => (c === 'HSET' ? [c, `h:${k}`, 'f', 'v'] : c === 'SET' || c === 'LPUSH' ? [c, `key:${k}`, 'v'.repeat(k % 7)] : [c, `key:${k}`])),
      fc.integer({ min: 0, max: 3 }).map((db) => ['SELECT', String(db)]),
      fc.constantFrom(['MULTI'], ['EXEC'], ['FLUSHDB'], ['FLUSHALL'], ['SWAPDB', '0', '1'], ['MSET', 'a', '1', 'b', '2']),
      fc.integer({ min: 0, max: 5000 }).map((t) => ['#TS', String(1_700_000_000 + t * 1000)]),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 2, maxLength: 120 }), fc.nat(), fc.constantFrom(1_000, 8), async (steps, at, exactKeys) => {
        const b = new AofBuilder();
        for (const s of steps) {
          if (s[0] === '#TS') b.annotation(`TS:${s[1]}`);
          else b.command(...s);
        }
        const file = b.build();
        const starts = commandStarts(file);
        if (starts.length < 2) return;
        writeFiles(dir, { 'p.aof': file });
        const p = join(dir, 'p.aof');
        const near = starts[1 + (at % (starts.length - 1))]! - 2;
        const whole = await inspectAof(p, { split: false, exactKeys });
        const parts = await inspectAof(p, { split: { minBytes: 0, near }, exactKeys });
        // Past the exact limit, the sketches of two parts merge into estimates of their own (checked apart).
        const exactFields = ['files', 'totals', 'commands', 'types', 'time', 'dangerous', 'largest', 'approximate'] as const;
        for (const field of exactFields) expect(parts[field], field).toEqual(whole[field]);
        if (whole.approximate.length === 0) expect(parts).toEqual(whole);
      }),
      { numRuns: 60 },
    );
  });
});
