// Reads a segment on a worker thread while this one reads the rest; from the TypeScript sources (tests), on this one.

import { Worker } from 'node:worker_threads';
import { readSegment, type SegmentJob } from './read-segment.js';
import type { SegmentLog } from './segment-log.js';

export interface SegmentAside {
  /** The log, or null when the worker failed (the caller then reads the segment itself). */
  readonly log: Promise<SegmentLog | null>;
  /** Stops the worker: its log is not wanted (this thread's reading did not end on the segment's start). */
  cancel(): void;
}

/** The worker's young generation, in MiB: 4 took 4–6 MiB off the peak of a split inspect and check, at the same speed. */
const YOUNG_MB = 4;

type Message = { progress: number } | { log: SegmentLog } | { error: string };

export function readSegmentAside(job: SegmentJob, progress: (done: number) => void): SegmentAside {
  const script = new URL('./segment-worker.js', import.meta.url);
  if (!import.meta.url.endsWith('.js')) return { log: readSegment(job, progress).catch(() => null), cancel: () => undefined };
  // No flags of this process (--input-type, say, which a worker refuses): the segment needs none. Its young
  // generation is kept small: what it allocates per command dies at once, and a large one only adds resident memory.
  const worker = new Worker(script, { workerData: job, execArgv: [], resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB } });
  const log = new Promise<SegmentLog | null>((resolve) => {
    worker.on('message', (m: Message) => {
      if ('progress' in m) {
        progress(m.progress);
        return;
      }
      resolve('log' in m ? m.log : null);
      void worker.terminate();
    });
    // A worker that cannot start or dies: this thread reads the segment as if there were no split.
    worker.on('error', () => {
      resolve(null);
    });
    worker.on('exit', () => {
      resolve(null);
    });
  });
  return { log, cancel: () => void worker.terminate() };
}
