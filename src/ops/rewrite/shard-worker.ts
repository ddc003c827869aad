// The second shard of a sharded rewrite, on its own thread: replays its share, then hands its keys over in batches.

import { parentPort, workerData } from 'node:worker_threads';
import { keyBatches, transferList, type PeerBatch } from './peer-keys.js';
import { replayShare, type ShardJob, type ShardMessage, type ShardRequest } from './shards.js';

const port = parentPort;
if (port === null) throw new Error('shard-worker.js runs only as the second thread of a sharded rewrite');
const job = workerData as ShardJob;
const post = (m: ShardMessage, transfer: ArrayBuffer[] = []) => {
  port.postMessage(m, transfer);
};

try {
  const { replay, outcome } = await replayShare(job.layout, { nowMs: job.nowMs, server: job.server }, 1);
  post({ outcome });
  if (replay !== null && !('refused' in outcome)) {
    let batches: AsyncGenerator<PeerBatch> | null = null;
    port.on('message', (r: ShardRequest) => {
      if ('keys' in r) batches = keyBatches(replay.keyspace, r.keys, job);
      if (batches === null) {
        post({ failed: 'asked for more keys before naming a database' });
        return;
      }
      // An async generator answers next() calls in the order they were made: batches go out in order.
      batches.next().then(
        ({ value }) => {
          post({ batch: value as PeerBatch }, transferList(value as PeerBatch));
        },
        (e: unknown) => {
          post({ failed: e instanceof Error ? e.message : String(e) });
        },
      );
    });
  }
} catch (e) {
  post({ failed: e instanceof Error ? e.message : String(e) });
}
