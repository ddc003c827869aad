// resyncAfter: after damage, the sound commands that follow are found and counted, whatever the damage.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resyncAfter } from '../../src/aof/resync.js';
import { bufferSource } from '../../src/rdb/index.js';
import { AofBuilder, flip, insert } from '../helpers/aof-builder.js';

/** 200 commands of a few kinds, binary values included; boundaries[i] is where command i starts. */
function log(): { bytes: Buffer; starts: number[] } {
  const b = new AofBuilder();
  for (let i = 0; i < 200; i++) {
    if (i % 3 === 0) b.command('SET', `key:${i}`, Buffer.from([0x2a, 0x0a, 0x2a, 0x33, 0x0d, 0x0a, i & 0xff]));
    else if (i % 3 === 1) b.command('RPUSH', `list:${i % 7}`, 'a', 'b');
    else b.command('HSET', `h:${i}`, 'f', String(i));
  }
  return { bytes: b.build(), starts: b.boundaries };
}

describe('resyncAfter', () => {
  it('counts every command after a flipped byte in a header', async () => {
    const { bytes, starts } = log();
    const damaged = flip(bytes, starts[50]! + 1, 0x78); // *3 -> *x: a bad count
    const r = await resyncAfter(bufferSource(damaged), starts[50]! + 1);
    expect(r).toMatchObject({ commands: 149, complete: true });
    expect(r.runs).toEqual([{ start: starts[51], end: bytes.length, commands: 149 }]);
  });

  it('skips a zeroed 4 KiB block and inserted garbage, finding each sound run', async () => {
    const { bytes, starts } = log();
    const zeroed = Buffer.from(bytes);
    zeroed.fill(0, starts[20]! + 5, starts[20]! + 5 + 1000);
    const garbage = Buffer.from('*2\r\n$3\r\nXYZ\r\n$1\r\n*\r\n*9999\r\n\x00\x01*', 'latin1');
    const damaged = insert(zeroed, starts[150]! + 3, garbage);
    const r = await resyncAfter(bufferSource(damaged), starts[20]! + 1);
    expect(r.complete).toBe(true);
    expect(r.runs.length).toBe(2);
    const lostByZeros = starts.filter((s) => s >= starts[20]! && s < starts[20]! + 1005).length;
    expect(r.runs[0]!.commands).toBe(150 - 20 - lostByZeros);
    expect(r.runs[1]).toMatchObject({ commands: 49 });
  });

  it('counts nothing in a file that is all garbage, and ends', async () => {
    const junk = Buffer.alloc(64 * 1024);
    for (let i = 0; i < junk.length; i++) junk[i] = i % 3 === 0 ? 0x2a : i % 3 === 1 ? 0x0a : 0x31;
    const r = await resyncAfter(bufferSource(junk), 1);
    expect(r).toMatchObject({ commands: 0, runs: [] });
  });

  it('never counts more commands than follow the damage', async () => {
    const { bytes, starts } = log();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: bytes.length - 1 }), fc.integer({ min: 0, max: 255 }), async (at, value) => {
        const r = await resyncAfter(bufferSource(flip(bytes, at, value)), at);
        const after = starts.filter((s) => s > at - 1).length;
        expect(r.commands).toBeLessThanOrEqual(after);
        expect(r.commands).toBeGreaterThanOrEqual(after - 2);
      }),
      { numRuns: 150, seed: 11 },
    );
  });
});
