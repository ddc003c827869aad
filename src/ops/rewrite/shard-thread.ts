// Whether a rewrite's replay may take a second thread, and that thread: started now, or ahead of the rewrite's modules.

import { freemem } from 'node:os';
import { Worker } from 'node:worker_threads';
import { startThreadAhead, takeThreadAhead } from '../../aof/thread-ahead.js';

/**
 * Below this many bytes of commands a second thread costs more than it saves (its start, and the input read
 * twice); above it the replay is most of a rewrite's time.
 */
export const SHARD_MIN_BYTES = 32 << 20;

/**
 * Two keyspaces take about a third more memory than one (measured on a 1.1 GB log of redis-benchmark: 896 MiB
 * against 656): sharding on its own needs room for that, guessed from the input, whose dataset it cannot know
 * ahead. A rewrite slowed down is better than one killed for want of memory.
 */
export function roomToShard(inputBytes: number, freeBytes: number): boolean {
  return freeBytes >= 2 * inputBytes + (512 << 20);
}

/**
 * Memory this process may still take: the machine's free memory, or less under a cgroup's limit (a container's
 * memory limit, which the machine's figure does not show; no limit reads as 2^64).
 */
export function freeForUs(free = freemem(), limit = process.constrainedMemory(), rss = process.memoryUsage.rss()): number {
  return limit > 0 && limit < Number.MAX_SAFE_INTEGER ? Math.min(free, limit - rss) : free;
}

const SCRIPT = new URL('./shard-worker.js', import.meta.url);

/** The second shard's worker started ahead (startShardThreadAhead), its modules loaded: give it its job (sendJob). */
export function takeShardThreadAhead(): Worker | null {
  return takeThreadAhead(SCRIPT);
}

/** The second shard's worker for `job`, started now. */
export function startShardThread(job: unknown): Worker {
  return new Worker(SCRIPT, { workerData: job });
}

/** Starts the second shard's worker now, for a sharded rewrite that is likely to come (see startThreadAhead). */
export function startShardThreadAhead(): void {
  startThreadAhead(SCRIPT);
}
