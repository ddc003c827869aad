// withCompactHeap: the heap flag is set once while any rewrite holds a dataset, and V8's default comes back after the last.
import { afterEach, describe, expect, it } from 'vitest';
import { withCompactHeap, type HeapSettings } from '../../src/ops/rewrite/compact-heap.js';

const calls: string[] = [];
const settings = (over: Partial<HeapSettings> = {}): HeapSettings => ({
  execArgv: [],
  env: {},
  setFlags: (flags) => {
    calls.push(flags);
  },
  ...over,
});

afterEach(() => {
  calls.length = 0;
});

describe('withCompactHeap', () => {
  it('sets the flag before the work and gives the default back after it', async () => {
    const seen = await withCompactHeap(async () => [...calls], settings());
    expect(seen).toEqual(['--heap-growing-percent=30']);
    expect(calls).toEqual(['--heap-growing-percent=30', '--heap-growing-percent=0']);
  });

  it('keeps the flag while overlapping rewrites run, until the last one ends', async () => {
    let release!: () => void;
    const first = withCompactHeap(() => new Promise<void>((r) => (release = r)), settings());
    await withCompactHeap(async () => undefined, settings());
    expect(calls).toEqual(['--heap-growing-percent=30']);
    release();
    await first;
    expect(calls).toEqual(['--heap-growing-percent=30', '--heap-growing-percent=0']);
  });

  it('gives the default back when the work throws', async () => {
    await expect(
      withCompactHeap(async () => {
        throw new Error('boom');
      }, settings()),
    ).rejects.toThrow('boom');
    expect(calls.at(-1)).toBe('--heap-growing-percent=0');
  });

  it('leaves V8 alone with AOF_HEAP_FLAGS=off', async () => {
    expect(await withCompactHeap(async () => 7, settings({ env: { AOF_HEAP_FLAGS: 'off' } }))).toBe(7);
    expect(calls).toEqual([]);
  });

  it('leaves V8 alone when node was started with its own heap growth', async () => {
    await withCompactHeap(async () => undefined, settings({ execArgv: ['--heap-growing-percent=50'] }));
    await withCompactHeap(async () => undefined, settings({ execArgv: ['--heap_growing_percent=10'] }));
    expect(calls).toEqual([]);
    await withCompactHeap(async () => undefined, settings({ execArgv: ['--max-old-space-size=4096'] }));
    expect(calls).toEqual(['--heap-growing-percent=30', '--heap-growing-percent=0']);
  });
});
