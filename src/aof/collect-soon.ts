// Gives memory just dropped back now, not at V8's next major GC: a 16 MiB key table dropped mid-read stays resident till then.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | null = null;
let queued = false;

/** The gc function of a context made now, if the --expose-gc flag holds at this moment. */
function gcOfNewContext(): (() => void) | null {
  const gc: unknown = runInNewContext('typeof gc === "function" ? gc : null');
  return typeof gc === 'function' ? (gc as () => void) : null;
}

/**
 * V8's full collection. The --expose-gc flag is the process's: when it already holds (node started with it, this
 * thread's context perhaps not), that gc serves and the flag is left alone; else it is set for one new context and
 * put back. Another thread may put it back between this thread's two steps: then there is none this time (null),
 * the memory is left to V8's own collection, and the next call tries again.
 */
function fullCollection(): (() => void) | null {
  const own: unknown = (globalThis as { gc?: unknown }).gc;
  if (typeof own === 'function') return own as () => void;
  const held = gcOfNewContext();
  if (held !== null) return held;
  setFlagsFromString('--expose-gc');
  try {
    return gcOfNewContext();
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
