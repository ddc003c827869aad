// A worker thread of `check --jobs`: checks the paths it is sent, one at a time, and posts back plain-data outcomes.
import { parentPort } from 'node:worker_threads';
import { UnreadablePathError } from '../aof/layout.js';
import { checkAof, type CheckOptions } from '../ops/check.js';
import { describeFailure } from './errors.js';
import type { CheckOutcome, CheckJob } from './check-pool.js';

const port = parentPort;
if (port === null) throw new Error('check-worker.js runs only as a worker thread of check --jobs');

port.on('message', (job: CheckJob) => {
  void run(job.path, job.options).then((outcome) => {
    port.postMessage({ index: job.index, outcome });
  });
});

async function run(path: string, options: CheckOptions): Promise<CheckOutcome> {
  try {
    return { path, report: await checkAof(path, options) };
  } catch (e) {
    // The same words and exit status as a check in the main thread; an unreadable path keeps its reason for --json.
    return { path, failure: describeFailure(e), unreadable: e instanceof UnreadablePathError ? e.reason : null };
  }
}
