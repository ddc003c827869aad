// Starts the worker thread that reads a split file's second segment; one may be started ahead and taken later.

import { Worker } from 'node:worker_threads';

/** The worker's young generation, in MiB: 4 took 4–6 MiB off the peak of a split inspect and check, at the same speed. */
const YOUNG_MB = 4;

/** Files whose RESP part is at least this big are split by a check (and a fix, which checks first). */
export const CHECK_SPLIT_BYTES = 64 << 20;
/**
 * And by an inspect. Putting two parts together costs a worker's start and, where both parts hold exact key
 * tables, up to 150,000 keys added one by one: on 112 MB whose halves each fit the exact limit but not together,
 * a split took 1.6–1.7 s and one pass 1.1 s.
 */
export const INSPECT_SPLIT_BYTES = 256 << 20;

/** A worker started ahead, waiting for its job; null once taken, or if it ended first. */
let ahead: Worker | null = null;

/**
 * A segment worker: with its job, or (none) one that waits for it as a message. No flags of this process
 * (--input-type, say, which a worker refuses): the segment needs none. Its young generation is kept small: what
 * it allocates per command dies at once, and a large one only adds resident memory.
 */
export function startSegmentWorker(job?: unknown): Worker {
  const script = new URL('./segment-worker.js', import.meta.url);
  return new Worker(script, { workerData: job ?? null, execArgv: [], resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB } });
}

/**
 * Starts a worker now, for a split that is likely to come: Node takes ~0.15 s of CPU to start a thread, which
 * then runs on the core the main thread leaves idle while it loads the command's modules, not on the core the
 * split needs. It does not keep the process alive: one never taken ends with it.
 */
export function startWorkerAhead(): void {
  if (ahead !== null) return;
  const worker = startSegmentWorker();
  worker.unref();
  const gone = () => {
    if (ahead === worker) ahead = null;
  };
  worker.on('error', gone);
  worker.on('exit', gone);
  ahead = worker;
}

/** The worker started ahead, if there is one: its job is the caller's to post, its end the caller's to await. */
export function takeWorkerAhead(): Worker | null {
  const worker = ahead;
  ahead = null;
  // Its listener for the log holds the process open from now on; ref() says so outright, whatever Node's default.
  worker?.ref();
  return worker;
}
