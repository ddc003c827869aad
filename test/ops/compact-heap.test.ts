// withCompactHeap: the heap flag is set once while any rewrite holds a dataset, and V8's default comes back after the last.
import { afterEach, describe, expect, it } from 'vitest';
import { withCompactHeap } from '../../src/ops/rewrite/compact-heap.js';

const calls: string[] = [];
const record = (flags: string) => {
  calls.push(flags);
};

afterEach(() => {
  calls.length = 0;
  delete process.env.AOF_HEAP_FLAGS;
});

describe('withCompactHeap', () => {
  it('sets the flag before the work and gives the default back after it', async () => {
    const seen = await withCompactHeap(async () => [...calls], record);
    expect(seen).toEqual(['--heap-growing-percent=30']);
    expect(calls).toEqual(['--heap-growing-percent=30', '--heap-growing-percent=0']);
  });

  it('keeps the flag while overlapping rewrites run, until the last one ends', async () => {
    let release!: () => void;
    const first = withCompactHeap(() => new Promise<void>((r) => (release = r)), record);
    await withCompactHeap(async () => undefined, record);
    expect(calls).toEqual(['--heap-growing-percent=30']);
    release();
    await first;
    expect(calls).toEqual(['--heap-growing-percent=30', '--heap-growing-percent=0']);
  });

  it('gives the default back when the work throws', async () => {
    await expect(
      withCompactHeap(async () => {
        throw new Error('boom');
      }, record),
    ).rejects.toThrow('boom');
    expect(calls.at(-1)).toBe('--heap-growing-percent=0');
  });

  it('leaves V8 alone with AOF_HEAP_FLAGS=off', async () => {
    process.env.AOF_HEAP_FLAGS = 'off';
    expect(await withCompactHeap(async () => 7, record)).toBe(7);
    expect(calls).toEqual([]);
  });
});
