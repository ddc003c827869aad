// While a rewrite holds a dataset, V8 grows the heap by 30% per major GC instead of up to 4×: set at run time, so
// it holds however aof was started (installed bin, `node bin/aof.js`, npx, a library call).

import { setFlagsFromString } from 'node:v8';

/**
 * V8 reads this flag each time it sizes the heap after a major GC, so setting it at run time takes effect (measured:
 * a library rewrite of a 221 MB overwrite-heavy log peaks at 215 MiB with it, 284–328 MiB without). 0 is V8's
 * default: its own growth factor.
 */
const COMPACT = '--heap-growing-percent=30';
const DEFAULT = '--heap-growing-percent=0';

let holders = 0;

/**
 * Runs `work` with the compact heap policy; the flag is the process's, so overlapping rewrites share it and the
 * last one to end gives the caller's process its default back. AOF_HEAP_FLAGS=off leaves V8 alone.
 */
export async function withCompactHeap<T>(work: () => Promise<T>, setFlags: (flags: string) => void = setFlagsFromString): Promise<T> {
  if (process.env.AOF_HEAP_FLAGS === 'off') return work();
  if (holders++ === 0) setFlags(COMPACT);
  try {
    return await work();
  } finally {
    if (--holders === 0) setFlags(DEFAULT);
  }
}
