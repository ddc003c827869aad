// Gives memory just dropped back now, not at V8's next major GC: a 16 MiB key table dropped mid-read stays resident till then.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | null = null;
let queued = false;

/**
 * V8's full collection, taken from a context made while --expose-gc held; the flag is then put back. The flag is
 * the process's: another thread (a split inspect's worker) may put it back between this thread's two steps, and
 * then there is none this time (null): the memory is left to V8's own collection, and the next call tries again.
 */
function fullCollection(): (() => void) | null {
  setFlagsFromString('--expose-gc');
  try {
    const gc: unknown = runInNewContext('typeof gc === "function" ? gc : null');
    return typeof gc === 'function' ? (gc as () => void) : null;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
}

/**
 * Runs a full garbage collection once the current job is done, by when its caller has dropped what it let go
 * (one collection of a small heap: about 7 ms). Not by detaching the ArrayBuffer (sending it to a closed
 * port frees it as fast): the first detach in a process makes V8 throw away every optimized function that
 * reads a typed array and compile them again with a check on each access, and a split inspect of 1 GB ran
 * 7-9% slower for it.
 */
export function collectSoon(): void {
  if (queued) return;
  queued = true;
  collect ??= fullCollection();
  queueMicrotask(() => {
    queued = false;
    collect?.();
  });
}
