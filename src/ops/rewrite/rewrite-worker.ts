// The worker thread of a library rewrite: runs rewriteAof with the job it was given and posts what came of it.

import { parentPort, workerData } from 'node:worker_threads';
import { toCrossing, type WorkerJob, type WorkerMessage } from './in-worker.js';
import { rewriteAof } from './rewrite.js';

const port = parentPort;
if (port === null) throw new Error('rewrite-worker.js runs only as the worker thread of a library rewrite');
const job = workerData as WorkerJob;
const post = (m: WorkerMessage) => {
  port.postMessage(m);
};

try {
  post({
    report: await rewriteAof(job.input, job.output, {
      ...job.options,
      onProgress: (done, total, phase) => {
        post({ progress: [done, total, phase] });
      },
    }),
  });
} catch (e) {
  post({ error: toCrossing(e) });
}
