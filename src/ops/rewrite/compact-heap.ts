// While a rewrite holds a dataset, V8 grows the heap by 30% per major GC instead of up to 4×: set at run time, so
// it holds however aof was started (installed bin, `node bin/aof.js`, npx, a library call).

import { setFlagsFromString } from 'node:v8';

/**
 * V8 reads this flag each time it sizes the heap after a major GC, so setting it at run time takes effect (measured:
 * a library rewrite of a 221 MB overwrite-heavy log peaks at 205–217 MiB with it, 284–328 MiB without). 0 is V8's
 * default: its own growth factor.
 */
const COMPACT = '--heap-growing-percent=30';
const DEFAULT = '--heap-growing-percent=0';
const FLAG = /^--heap[-_]growing[-_]percent\b/;

let holders = 0;

/** What the process was started with (node refuses this flag in NODE_OPTIONS, so only its command line can hold it). */
export interface HeapSettings {
  readonly execArgv: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly setFlags: (flags: string) => void;
}

const processSettings: HeapSettings = { execArgv: process.execArgv, env: process.env, setFlags: setFlagsFromString };

/**
 * Runs `work` with the compact heap policy; the flag is the process's, so overlapping rewrites share it and the
 * last one to end gives the caller's process its default back. V8 is left alone with AOF_HEAP_FLAGS=off, and when
 * node was started with its own heap growth (`node --heap-growing-percent=N`): that choice is the caller's.
 */
export async function withCompactHeap<T>(work: () => Promise<T>, settings: HeapSettings = processSettings): Promise<T> {
  const chosen = settings.execArgv.some((a) => FLAG.test(a));
  if (settings.env.AOF_HEAP_FLAGS === 'off' || chosen) return work();
  if (holders++ === 0) settings.setFlags(COMPACT);
  try {
    return await work();
  } finally {
    if (--holders === 0) settings.setFlags(DEFAULT);
  }
}
