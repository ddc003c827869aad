// rewrite's RDB output: the dataset as SAVE writes it (an AOF base with aof-base 1, or a standalone dump.rdb).

import type { CheckedSink } from '../../aof/io/file-sink.js';
import type { ServerTable } from '../../aof/commands/servers.js';
import { openFileBytes } from '../../aof/file-bytes.js';
import type { AofLayout } from '../../aof/layout.js';
import { loadedFiles } from '../../aof/layout.js';
import { RDB_WRITE_VERSIONS, RdbWriter, type RdbWriteVersion } from '../../rdb/write/index.js';
import type { KeyCursor, Keyspace } from '../../keyspace/keyspace.js';
import { toRdbWriteValue } from '../../keyspace/rdb-value.js';
import { WriteQueue } from '../../resp/index.js';
import { droppedAsExpired, mergeCounts, type EmitCounts } from './emit-counts.js';
import type { CopiedBase } from './rdb-copy.js';

/** Bytes queued from the writer before they are handed to the (asynchronous) sink. */
const FLUSH_AT = 1 << 20;

/** A key or library the target RDB version cannot hold: the rewrite stops, writing nothing. */
export class RdbTargetRefusal extends Error {}

export interface RdbDatasetOptions {
  readonly version: RdbWriteVersion;
  /** aof-base 1: the file is an AOF base (or preamble), as rewriteAppendOnlyFileRio's RDB writes it. */
  readonly aofBase: boolean;
  readonly dropExpired: boolean;
  readonly nowMs: number;
}

/** Another shard's keys of one database in key order, as RDB key records (PeerKeys). */
export interface RdbMergeSource {
  /** Waits until the first key (or the end) is known. */
  ready(): Promise<void>;
  /** True once every key is written. */
  readonly done: boolean;
  /** True when the next key sorts before the cursor's. */
  before(cursor: KeyCursor): boolean;
  /** Copies the next key's record into the writer. */
  copyInto(writer: RdbWriter, db: number): Promise<void>;
  /** What the database's keys added to the output (once done). */
  counts(): EmitCounts;
}

/** The other shard of a sharded rewrite into an RDB: its databases, how many keys each holds, and its keys. */
export interface RdbKeysElsewhere {
  readonly dbs: readonly number[];
  /** Its keys of db the output keeps (--drop-expired), and how many of those have a TTL: for RESIZEDB. */
  sizes(db: number): { readonly keys: number; readonly expires: number };
  keys(db: number): RdbMergeSource;
}

export interface RdbDatasetCounts {
  keys: Record<string, Record<string, number>>;
  keysWithTtl: number;
  expiredDropped: number;
  bytes: number;
}

/**
 * The RDB version a rewrite writes by default: the newest the --server loads, else the input's own RDB base or preamble version (capped to
 * what the writer writes: a Valkey 9 base becomes RDB 11, which Valkey 9 loads), else 10, which the oldest
 * supported server (Redis 7.0) loads.
 */
export function defaultRdbVersion(layout: AofLayout, server?: ServerTable): RdbWriteVersion {
  if (server !== undefined) return rdbVersionOf(server);
  const first = loadedFiles(layout).find((f) => f.size !== null && f.size > 0);
  if (!first?.rdb) return 10;
  const source = openFileBytes(first);
  try {
    const head = Buffer.from(source.read(0, 9));
    if (head.subarray(0, 6).toString('latin1') === 'VALKEY') return 11;
    const v = Number(head.subarray(5, 9).toString('latin1'));
    const known = [...RDB_WRITE_VERSIONS].sort((a, b) => a - b);
    return (known.filter((k) => k <= v).at(-1) ?? known[0])!;
  } finally {
    source.close();
  }
}

/** The newest RDB the writer writes that `server` loads: Redis 7.0 → 10, 7.2 → 11, 7.4 and later → 12; Valkey → 11. */
function rdbVersionOf(server: ServerTable): RdbWriteVersion {
  if (server.server === 'valkey') return 11;
  const [major = 0, minor = 0] = server.version.split('.').map(Number);
  if (!Number.isFinite(major) || major > 7 || (major === 7 && minor >= 4)) return 12;
  return major === 7 && minor >= 2 ? 11 : 10;
}

/**
 * Writes the keyspace as one RDB: aux fields, function libraries, then per database its keys in byte order,
 * after the base's keys copied as they are (CopiedBase), when there are any. With another shard's keys, each
 * database's keys of both are merged in byte order: the file one keyspace holding every key writes.
 */
export async function writeRdbDataset(
  keyspace: Keyspace,
  sink: CheckedSink,
  options: RdbDatasetOptions,
  copied?: CopiedBase,
  elsewhere?: RdbKeysElsewhere,
): Promise<RdbDatasetCounts> {
  const queue: Buffer[] = [];
  let queued = 0;
  const writer = new RdbWriter(
    (chunk) => {
      queue.push(chunk);
      queued += chunk.length;
    },
    { version: options.version, checkDuplicates: false },
  );
  const writes = new WriteQueue(sink);
  // The queued chunks go to the sink while the next ones are made: the wait is for the batch before them.
  const flush = async () => {
    const before = writes.settled();
    for (const chunk of queue.splice(0)) writes.push(chunk);
    queued = 0;
    await before;
  };
  const drain = () => (queued >= FLUSH_AT ? flush() : undefined);
  const counts: RdbDatasetCounts = { keys: {}, keysWithTtl: copied?.counts.keysWithTtl ?? 0, expiredDropped: copied?.counts.expiredDropped ?? 0, bytes: 0 };
  writer.begin({ aofBase: options.aofBase });
  for (const lib of keyspace.functions.libraries()) {
    const refused = writer.writeFunction(lib.code);
    if (refused) throw new RdbTargetRefusal(`${refused.message} (library ${lib.name.toString('latin1')})`);
  }
  const expired = (at: number | null) => droppedAsExpired(at, options);
  const own = keyspace.nonEmptyDbs();
  const dbs = [...new Set([...own, ...(copied?.dbs() ?? []), ...(elsewhere?.dbs ?? [])])].sort((a, b) => a - b);
  const theirs: EmitCounts[] = [];
  for (const db of dbs) {
    // Sorted once: a pass to count what RESIZEDB states, then one to write.
    const cursor = own.includes(db) ? keyspace.keyCursor(db) : null;
    const there = elsewhere?.dbs.includes(db) === true ? elsewhere : null;
    const peer = there?.keys(db) ?? null;
    let { keys, expires } = copied?.sizes(db) ?? { keys: 0, expires: 0 };
    if (there !== null) {
      const sizes = there.sizes(db);
      keys += sizes.keys;
      expires += sizes.expires;
    }
    while (cursor?.next() === true) {
      const expireAtMs = cursor.expireAtMs;
      if (expired(expireAtMs)) {
        counts.expiredDropped++;
        continue;
      }
      keys++;
      if (expireAtMs !== null) expires++;
    }
    // A database of the other shard's expired keys alone: its batches are read all the same, to keep the order.
    if (keys > 0) writer.selectDb(db, { keys, expires });
    const perType: Record<string, number> = { ...copied?.counts.keys[String(db)] };
    await copied?.write(db, writer, drain);
    await peer?.ready();
    cursor?.rewind();
    while (cursor?.next() === true) {
      while (peer !== null && !peer.done && peer.before(cursor)) {
        await peer.copyInto(writer, db);
        if (queued >= FLUSH_AT) await flush();
      }
      const { key, value, expireAtMs } = cursor.record();
      if (expired(expireAtMs)) continue;
      const refused = writer.writeKey({ db, key, expireAtMs, value: toRdbWriteValue(value) });
      // The writer's message names the key and its database.
      if (refused) throw new RdbTargetRefusal(refused.message);
      if (expireAtMs !== null) counts.keysWithTtl++;
      perType[value.type] = (perType[value.type] ?? 0) + 1;
      if (queued >= FLUSH_AT) await flush();
    }
    while (peer !== null && !peer.done) {
      await peer.copyInto(writer, db);
      if (queued >= FLUSH_AT) await flush();
    }
    if (peer !== null) theirs.push(peer.counts());
    if (keys > 0) counts.keys[String(db)] = perType;
  }
  counts.bytes = writer.end().bytes;
  await flush();
  await writes.settled();
  const merged = theirs.reduce(mergeCounts, counts);
  return { ...merged, bytes: counts.bytes };
}
