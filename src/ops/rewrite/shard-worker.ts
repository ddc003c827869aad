// The second shard of a sharded rewrite, on its own thread: replays its share, then hands its keys over in batches.

import { parentPort, workerData } from 'node:worker_threads';
import { threadJob } from '../../aof/thread-ahead.js';
import { keyBatches, transferList } from './peer-keys.js';
import { RdbTargetRefusal } from './rdb.js';
import { PEER_AHEAD_BYTES, replayShare, type ShardJob, type ShardMessage, type ShardRequest } from './shards.js';

const port = parentPort;
if (port === null) throw new Error('shard-worker.js runs only as the second thread of a sharded rewrite');
// A worker started ahead of its job (startShardThreadAhead) has loaded its modules by the time the job comes.
const job = await threadJob<ShardJob>(port, workerData);
const post = (m: ShardMessage, transfer: ArrayBuffer[] = []) => {
  port.postMessage(m, transfer);
};

try {
  const sizesFor = job.rdbVersion === undefined ? undefined : job;
  const { replay, outcome } = await replayShare(job.layout, { nowMs: job.nowMs, server: job.server }, 1, job.share, sizesFor);
  post({ outcome });
  if (replay !== null && !('refused' in outcome)) {
    // Batches go out as they are made, up to PEER_AHEAD_BYTES ahead of what the merge has taken: the first while
    // the main thread is still replaying, the rest while it writes the ones before.
    let sent = 0;
    let consumed = 0;
    let wake: (() => void) | null = null;
    port.on('message', (r: ShardRequest) => {
      consumed += r.consumed;
      wake?.();
      wake = null;
    });
    for (const db of [...outcome.dbs].sort((a, b) => a - b)) {
      for await (const batch of keyBatches(replay.keyspace, db, job, job.rdbVersion)) {
        while (sent - consumed >= PEER_AHEAD_BYTES) {
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
        }
        sent += batch.bytes.length;
        post({ batch }, transferList(batch));
      }
    }
  }
} catch (e) {
  // A key the output's RDB version cannot hold stops the rewrite as it would on one thread.
  if (e instanceof RdbTargetRefusal) post({ refusal: e.message });
  else post({ failed: e instanceof Error ? e.message : String(e) });
}
