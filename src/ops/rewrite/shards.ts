// A rewrite's replay on two cores: each thread reads the whole input but runs only the commands of its own keys.

import type { Worker } from 'node:worker_threads';
import { sendJob } from '../../aof/thread-ahead.js';
import type { AofLayout } from '../../aof/layout.js';
import { loadedFiles } from '../../aof/layout.js';
import { droppedAsExpired, type ExpiryChoice } from './emit-counts.js';
import { RdbTargetRefusal, type RdbKeysElsewhere } from './rdb.js';
import type { RdbWriteVersion } from '../../rdb/write/index.js';
import type { KeysElsewhere } from './emit-dataset.js';
import { keyBatches, PeerKeys, type PeerBatch } from './peer-keys.js';
import { replayLayout, type ReplayOptions, type ReplayResult } from './replay.js';
import { PeerStopped } from './peer-stopped.js';
import { EVEN, NotShardable, ShardFilter } from './shard-filter.js';
import { freeForUs, roomToShard, SHARD_MIN_BYTES, startShardThread, takeShardThreadAhead } from './shard-thread.js';

/**
 * Bytes of a log the first replay gets through, on its share of the keys, while the second thread starts (a
 * worker loads Node and aof's modules again: 0.5–0.7 s measured on a 221 MB overwrite-heavy log, where a
 * thread's keyspace work runs at about 18 MB of the log a second). A machine slower at one is slower at both.
 */
const START_BYTES = 12 << 20;

/**
 * The share of the keys the first replay keeps, so that both end together: it starts at once, the second only
 * once its thread is up, START_BYTES later; a thread started ahead (startShardThreadAhead) is up as soon as this
 * one, and the keys are shared evenly. A small log's bias is capped: either share must stay large enough to be
 * worth a thread.
 */
export function mainShare(inputBytes: number, startedAhead = false): number {
  return startedAhead ? EVEN : EVEN + Math.min(0.1, START_BYTES / (2 * Math.max(1, inputBytes)));
}

/** A database's keys an output keeps (--drop-expired), and how many of those have a TTL: what RESIZEDB states. */
export interface DbSizes {
  readonly keys: number;
  readonly expires: number;
}

/**
 * What one shard's replay came to: the databases it holds keys of (with their sizes, for an RDB output), or why
 * its share cannot stand for its keys.
 */
export type ShardOutcome = { readonly dbs: number[]; readonly sizes?: Record<number, DbSizes> } | { readonly refused: string };

/**
 * What crosses to the other thread: the layout as this thread listed it, so that both read the same files and
 * sizes (a file that changes meanwhile stops either walk, as it stops one replay).
 */
export interface ShardJob {
  readonly layout: AofLayout;
  /** Of the keys, the share the first replay keeps (mainShare). */
  readonly share: number;
  readonly nowMs: number;
  readonly server: string | undefined;
  readonly dropExpired: boolean;
  /** The RDB version of an RDB output, whose keys the other shard sends as RDB records; absent for RESP. */
  readonly rdbVersion?: RdbWriteVersion;
}

/**
 * Whether a share's replay stands for its keys. A failure, a refused command or a warning (a caveat) is left to an
 * unsharded replay, which reports it as one pass does (which command came first, the counts over all keys).
 */
function outcomeOf(r: ReplayResult, sizesFor: ExpiryChoice | undefined): ShardOutcome {
  if (r.failure) return { refused: r.failure.message };
  if (r.failedCommands > 0) return { refused: `${r.failedCommands} command${r.failedCommands === 1 ? ' was' : 's were'} refused` };
  if (r.keyspace.caveats.size > 0) return { refused: 'some commands carry a warning, which one replay counts over all keys' };
  const dbs = r.keyspace.nonEmptyDbs();
  if (sizesFor === undefined) return { dbs };
  const sizes: Record<number, DbSizes> = {};
  for (const db of dbs) {
    let keys = 0;
    let expires = 0;
    r.keyspace.forEachExpiry(db, (at) => {
      if (droppedAsExpired(at, sizesFor)) return;
      keys++;
      if (at !== null) expires++;
    });
    sizes[db] = { keys, expires };
  }
  return { dbs, sizes };
}

/**
 * Replays shard `index`'s part of the layout, the first replay keeping `share` of the keys; with `sizesFor`
 * (an RDB output's expiry choice), the outcome tells each database's sizes.
 */
export async function replayShare(
  layout: AofLayout,
  options: ReplayOptions,
  index: number,
  share: number,
  sizesFor?: ExpiryChoice,
): Promise<{ replay: ReplayResult | null; outcome: ShardOutcome }> {
  try {
    const replay = await replayLayout(layout, { ...options, shard: new ShardFilter(index, share) });
    return { replay, outcome: outcomeOf(replay, sizesFor) };
  } catch (e) {
    if (!(e instanceof NotShardable)) throw e;
    return { replay: null, outcome: { refused: e.message } };
  }
}

/** The other shard, on whichever thread it runs. */
interface Peer {
  readonly outcome: Promise<ShardOutcome>;
  /** The next batch of its keys of db, each call. */
  batches(db: number): () => Promise<PeerBatch>;
  close(): Promise<void>;
}

/** The other shard on this thread (aof run from its TypeScript sources, as its tests do), interleaved with this one. */
class PeerHere implements Peer {
  readonly outcome: Promise<ShardOutcome>;
  private replay: ReplayResult | null = null;

  constructor(
    layout: AofLayout,
    options: ReplayOptions,
    private readonly job: ShardJob,
  ) {
    const sizesFor = job.rdbVersion === undefined ? undefined : job;
    this.outcome = replayShare(layout, { ...options, onProgress: undefined }, 1, job.share, sizesFor).then((r) => {
      this.replay = r.replay;
      return r.outcome;
    });
  }

  batches(db: number): () => Promise<PeerBatch> {
    if (this.replay === null) throw new Error('PeerHere: keys asked for before the replay or after close');
    const batches = keyBatches(this.replay.keyspace, db, this.job, this.job.rdbVersion);
    return async () => (await batches.next()).value as PeerBatch;
  }

  close(): Promise<void> {
    this.replay = null;
    return Promise.resolve();
  }
}

/** What the shard worker posts: its outcome, then its databases' batches in order (databases ascending), or why it stopped. */
export type ShardMessage =
  | { readonly outcome: ShardOutcome }
  | { readonly batch: PeerBatch }
  | { readonly failed: string }
  /** A key the RDB output's version cannot hold (RdbTargetRefusal's message). */
  | { readonly refusal: string };
/** What it is told: the bytes of its batches this thread has taken, which lets it encode that many more. */
export interface ShardRequest {
  readonly consumed: number;
}

/**
 * Bytes of batches the worker encodes ahead of the merge, from the moment its replay ends. One batch at a time,
 * asked for and answered, left both threads waiting on each other for a third of the merge (measured on the
 * 1.1 GB log of redis-benchmark).
 */
export const PEER_AHEAD_BYTES = 8 << 20;

/** The other shard on a worker thread. */
class PeerThread implements Peer {
  readonly outcome: Promise<ShardOutcome>;
  private readonly worker: Worker;
  /** Batches posted before they were due, and the merge waiting for one that is not in yet. */
  private readonly arrived: PeerBatch[] = [];
  private readonly waiting: { resolve: (b: PeerBatch) => void; reject: (e: Error) => void }[] = [];
  /** Why the worker ended, once it has: a batch asked for later is refused at once, not waited for. */
  private stopped: PeerStopped | RdbTargetRefusal | null = null;

  /** `ahead`: the worker started ahead (takeShardThreadAhead), given the job here; else one is started for it. */
  constructor(job: ShardJob, ahead: Worker | null) {
    if (ahead !== null) sendJob(ahead, job);
    this.worker = ahead ?? startShardThread(job);
    this.outcome = new Promise((resolve) => {
      const fail = (why: string, refusal?: RdbTargetRefusal) => {
        resolve({ refused: `the second thread stopped: ${why}` });
        this.stopped ??= refusal ?? new PeerStopped(job.layout.path, why);
        for (const w of this.waiting.splice(0)) w.reject(this.stopped);
      };
      this.worker.on('message', (m: ShardMessage) => {
        if ('outcome' in m) resolve(m.outcome);
        else if ('batch' in m) {
          const w = this.waiting.shift();
          if (w === undefined) this.arrived.push(m.batch);
          else w.resolve(m.batch);
        } else if ('refusal' in m) fail(m.refusal, new RdbTargetRefusal(m.refusal));
        else fail(m.failed);
      });
      this.worker.on('error', (e) => {
        fail(e.message);
      });
      this.worker.on('exit', (code) => {
        fail(`exit ${code}`);
      });
    });
  }

  /** The batches of db: the merge asks for databases in the order the worker sends them (ascending). */
  batches(db: number): () => Promise<PeerBatch> {
    let ended = false;
    return async () => {
      if (ended) throw new Error('PeerThread: a batch asked for after the last');
      const stopped = this.stopped;
      const b =
        this.arrived.shift() ??
        (await new Promise<PeerBatch>((resolve, reject) => {
          if (stopped === null) this.waiting.push({ resolve, reject });
          else reject(stopped);
        }));
      if (b.db !== db) throw new Error(`the rewrite's second thread sent keys of database ${b.db} where database ${db}'s were due`);
      this.worker.postMessage({ consumed: b.bytes.length } satisfies ShardRequest);
      ended = b.counts !== null;
      return b;
    };
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

/** A replay of this thread's share, with the other shard's keys to merge into the output. */
export interface ShardedReplay {
  readonly replay: ReplayResult;
  readonly elsewhere: KeysElsewhere & RdbKeysElsewhere;
  close(): Promise<void>;
}

/**
 * Whether a rewrite of this layout replays in shards (RewriteOptions.shards): an input of commands alone (an RDB
 * base streams instead), unless asked for large enough and with the memory free for it.
 */
export function worthSharding(layout: AofLayout, mode: 'auto' | 'on' | 'off' = 'auto', freeBytes = freeForUs()): boolean {
  if (mode === 'off' || loadedFiles(layout).some((f) => f.rdb || f.packed)) return false;
  const size = logBytes(layout);
  return mode === 'on' || (size >= SHARD_MIN_BYTES && roomToShard(size, freeBytes));
}

/** The bytes of the files a replay of the layout reads. */
function logBytes(layout: AofLayout): number {
  return loadedFiles(layout).reduce((n, f) => n + (f.size ?? 0), 0);
}

/**
 * Replays the layout in two shards, this thread's and another's (a worker thread when aof runs compiled). Why
 * not, when either share cannot stand for its keys (a command that needs keys of both, a failure): the caller
 * replays unsharded, and a shard that refused ends the other's replay early.
 */
export async function replayInShards(
  layout: AofLayout,
  options: ReplayOptions,
  asked: Omit<ShardJob, 'share'>,
): Promise<ShardedReplay | { readonly refused: string }> {
  const compiled = import.meta.url.endsWith('.js');
  const ahead = compiled ? takeShardThreadAhead() : null;
  const job: ShardJob = { ...asked, share: mainShare(logBytes(layout), ahead !== null) };
  const peer: Peer = compiled ? new PeerThread(job, ahead) : new PeerHere(layout, options, job);
  let refusedThere: string | null = null;
  void peer.outcome.then((o) => {
    if ('refused' in o) refusedThere = o.refused;
  });
  try {
    const mine = await replayShare(
      layout,
      {
        ...options,
        pause: () => {
          if (refusedThere !== null) throw new NotShardable(refusedThere);
          return options.pause?.();
        },
      },
      0,
      job.share,
    );
    const theirs = 'refused' in mine.outcome ? mine.outcome : await peer.outcome;
    if ('refused' in theirs) {
      await peer.close();
      return theirs;
    }
    // A share that stands has its replay (replayShare's replay is null only with a refusal).
    if (mine.replay === null) throw new Error('replayInShards: a share stood without its replay');
    const sizes = theirs.sizes;
    return {
      replay: mine.replay,
      elsewhere: {
        dbs: theirs.dbs,
        keys: (db) => new PeerKeys(peer.batches(db)),
        sizes(db) {
          const s = sizes?.[db];
          if (s === undefined) throw new Error(`replayInShards: no sizes of database ${db} (the job named no RDB output)`);
          return s;
        },
      },
      close: () => peer.close(),
    };
  } catch (e) {
    await peer.close();
    throw e;
  }
}
