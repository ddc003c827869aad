// A worker thread of `check --jobs`: checks the paths it is sent, one at a time, and posts back plain-data outcomes.
import { parentPort, workerData } from 'node:worker_threads';
import { setInvocation } from '../aof/hint.js';
import { checkOutcome, type CheckJob } from './check-pool.js';

const port = parentPort;
if (port === null) throw new Error('check-worker.js runs only as a worker thread of check --jobs');

setInvocation(workerData as string);

port.on('message', (job: CheckJob) => {
  // The same words and exit status as a check in the main thread.
  void checkOutcome(job.path, job.options).then((outcome) => {
    port.postMessage({ index: job.index, outcome });
  });
});
