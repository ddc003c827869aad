// Writes a keyspace as the commands that rebuild it, in rewriteAppendOnlyFileRio's order, merging in another shard's keys.

import { selectCommand } from '../../aof/verdict/index.js';
import type { RespWriter } from '../../resp/index.js';
import { PEXPIREAT, valueCommands, writePacked } from '../../keyspace/emit.js';
import { emitFunctions } from '../../keyspace/functions/functions-commands.js';
import type { Keyspace, KeyCursor } from '../../keyspace/keyspace.js';
import { droppedAsExpired, KeyTally, mergeCounts, type EmitCounts, type ExpiryChoice } from './emit-counts.js';

/** Where the output stands when the keyspace's part begins (after an RDB base's keys written as read). */
export interface Continuing {
  /** The database the output has selected already (the last one the base's keys went to), -1 for none. */
  readonly selectedDb: number;
  /** The libraries are written already. */
  readonly functionsWritten: boolean;
}

export const FROM_START: Continuing = { selectedDb: -1, functionsWritten: false };

/** Another shard's keys of one database, in key order (PeerKeys). */
export interface MergeSource {
  /** Waits until the first key (or the end) is known. */
  ready(): Promise<void>;
  /** True once every key is written. */
  readonly done: boolean;
  /** True when the next key sorts before the cursor's. */
  before(cursor: KeyCursor): boolean;
  /** Writes the next key's commands. */
  write(writer: RespWriter): Promise<void>;
  /** What the database's keys added to the output (once done). */
  counts(): EmitCounts;
}

/** The other shard of a sharded rewrite: its databases, and its keys of one database in key order. */
export interface KeysElsewhere {
  readonly dbs: readonly number[];
  keys(db: number): MergeSource;
}

/**
 * Writes the key under the cursor: its value's commands, then PEXPIREAT for a TTL. Returns its type, as a
 * promise only when a large value had to wait for the output to drain.
 */
export function emitKey(cursor: KeyCursor, writer: RespWriter): string | Promise<string> {
  if (!writePacked(cursor, writer)) return emitValue(cursor, writer);
  writeTtl(cursor, writer);
  return 'string';
}

async function emitValue(cursor: KeyCursor, writer: RespWriter): Promise<string> {
  const { key, value } = cursor.record();
  for (const command of valueCommands(key, value)) {
    writer.command(command);
    // Within a key too: a hash of millions of fields must not wait in memory for the disk.
    const paced = writer.pace();
    if (paced !== undefined) await paced;
  }
  writeTtl(cursor, writer);
  return value.type;
}

function writeTtl(cursor: KeyCursor, writer: RespWriter): void {
  const expireAtMs = cursor.expireAtMs;
  if (expireAtMs === null) return;
  writer.begin(3);
  writer.arg(PEXPIREAT);
  cursor.writeKey(writer);
  writer.arg(Buffer.from(String(expireAtMs)));
}

/**
 * rewriteAppendOnlyFileRio's order: libraries, then per non-empty database SELECT and each key in byte order,
 * TTL last. With another shard's keys, each database's keys of both shards are merged in byte order: the
 * output is byte for byte the one a single keyspace holding every key writes.
 */
export async function emitDataset(
  keyspace: Keyspace,
  writer: RespWriter,
  options: ExpiryChoice,
  from: Continuing,
  elsewhere?: KeysElsewhere,
): Promise<EmitCounts> {
  const counts: EmitCounts = { keys: {}, keysWithTtl: 0, expiredDropped: 0 };
  const theirs: EmitCounts[] = [];
  const tally = new KeyTally(counts);
  if (!from.functionsWritten) {
    emitFunctions(keyspace.functions, (args) => {
      writer.command(args);
    });
  }
  const selectedDb = from.selectedDb;
  let current = selectedDb;
  const select = (db: number) => {
    if (current === db) return;
    writer.command(selectCommand(db));
    current = db;
  };
  const own = keyspace.nonEmptyDbs();
  const dbs = elsewhere === undefined ? own : [...new Set([...own, ...elsewhere.dbs])].sort((a, b) => a - b);
  // The database left selected first: each database is selected once in the whole output (TouchedKeys.streams).
  for (const db of dbs.includes(selectedDb) ? [selectedDb, ...dbs.filter((d) => d !== selectedDb)] : dbs) {
    const peer = elsewhere?.dbs.includes(db) === true ? elsewhere.keys(db) : null;
    await peer?.ready();
    // A cursor, not keys(): a keyspace of millions of small strings is written with no object per key.
    const cursor = own.includes(db) ? keyspace.keyCursor(db) : null;
    while (cursor?.next() === true) {
      while (peer !== null && !peer.done && peer.before(cursor)) {
        select(db);
        await peer.write(writer);
      }
      const expireAtMs = cursor.expireAtMs;
      if (droppedAsExpired(expireAtMs, options)) {
        counts.expiredDropped++;
        continue;
      }
      select(db);
      let type = emitKey(cursor, writer);
      if (typeof type !== 'string') type = await type;
      tally.add(db, type, expireAtMs !== null);
      const paced = writer.pace();
      if (paced !== undefined) await paced;
    }
    while (peer !== null && !peer.done) {
      select(db);
      await peer.write(writer);
    }
    if (peer !== null) theirs.push(peer.counts());
  }
  await writer.flush();
  return theirs.reduce(mergeCounts, counts);
}
