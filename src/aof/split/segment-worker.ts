// Worker thread of a split check: reads one segment (a SegmentJob: workerData, or the first message) and posts its log.

import { parentPort, workerData } from 'node:worker_threads';
import { threadJob } from '../thread-ahead.js';
import { readSegment, type SegmentJob } from './read-segment.js';

const port = parentPort;
if (port === null) throw new Error('segment-worker.js runs only as a worker thread');

/** Progress is posted every this many bytes: often enough for a spinner, rarely enough to cost nothing. */
const PROGRESS_STEP = 32 << 20;
let posted = 0;
// A worker started ahead of its job (startSegmentThreadAhead) has loaded its modules by the time the job comes.
const job = await threadJob<SegmentJob>(port, workerData);
readSegment(job, (done) => {
  if (done - posted < PROGRESS_STEP) return;
  posted = done;
  port.postMessage({ progress: done });
}).then(
  (log) => {
    port.postMessage({ log }, [log.events.buffer as ArrayBuffer]);
  },
  (e: unknown) => {
    port.postMessage({ error: e instanceof Error ? e.message : String(e) });
  },
);
