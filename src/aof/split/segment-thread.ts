// Starts the worker thread that reads a split file's second segment; one may be started ahead and taken later.

import { Worker, type WorkerOptions } from 'node:worker_threads';
import { sendJob, startThreadAhead, takeThreadAhead } from '../thread-ahead.js';

/** Files whose RESP part is at least this big are split by a check (and a fix, which checks first). */
export const CHECK_SPLIT_BYTES = 64 << 20;
/**
 * And by an inspect. Putting two parts together costs a worker's start and, where both parts hold exact key
 * tables, up to 150,000 keys added one by one: on 112 MB whose halves each fit the exact limit but not together,
 * a split took 1.6–1.7 s and one pass 1.1 s.
 */
export const INSPECT_SPLIT_BYTES = 256 << 20;

const SCRIPT = new URL('./segment-worker.js', import.meta.url);

/**
 * No flags of this process (--input-type, say, which a worker refuses): the segment needs none. Its young
 * generation is kept small (4 MiB took 4–6 MiB off the peak of a split inspect and check, at the same speed):
 * what it allocates per command dies at once, and a large one only adds resident memory.
 */
const OPTIONS: WorkerOptions = { execArgv: [], resourceLimits: { maxYoungGenerationSizeMb: 4 } };

/** A segment worker for `job`: the one started ahead (startSegmentThreadAhead) if there is one. */
export function segmentThread(job: unknown): Worker {
  const ahead = takeThreadAhead(SCRIPT);
  if (ahead === null) return new Worker(SCRIPT, { ...OPTIONS, workerData: job });
  sendJob(ahead, job);
  return ahead;
}

/** Starts a segment worker now, for a split that is likely to come (see startThreadAhead). */
export function startSegmentThreadAhead(): void {
  startThreadAhead(SCRIPT, OPTIONS);
}
