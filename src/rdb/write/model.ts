// What the RDB writer takes: one key at a time (db, name, expiry, value by type), plus functions and aux fields.

import type { StreamId } from '../types.js';

/**
 * The value shapes follow the reader's RdbValue (src/rdb/types.ts) without its `encoding`, so a key the
 * reader yields can be written back; the writer picks encodings itself, as the server's SAVE would.
 */
export interface WriteZsetEntry {
  readonly member: Buffer;
  /** Any double but NaN. */
  readonly score: number;
}

export interface WriteHashEntry {
  readonly field: Buffer;
  readonly value: Buffer;
  /** Absolute unix time in ms of a 7.4 hash-field TTL (1 to 2^48-1); only RDB 12 holds one. */
  readonly expireAtMs?: number;
}

export interface WriteStreamEntry {
  readonly id: StreamId;
  /** Field/value pairs, flattened: f1, v1, f2, v2, … */
  readonly fields: readonly Buffer[];
}

export interface WriteStreamPending {
  readonly id: StreamId;
  readonly deliveryTimeMs: number;
  readonly deliveryCount: number;
  /** The consumer that owns the entry; it must be one of the group's consumers. */
  readonly consumer: Buffer;
}

export interface WriteStreamConsumer {
  readonly name: Buffer;
  readonly seenTimeMs: number;
  /** RDB 11+ (7.2); -1 for a consumer that never read, as 7.2 itself keeps it. */
  readonly activeTimeMs: number;
}

export interface WriteStreamGroup {
  readonly name: Buffer;
  readonly lastId: StreamId;
  /** null: not known (saved as SCG_INVALID_ENTRIES_READ, and the server estimates it). */
  readonly entriesRead: number | null;
  readonly pending: readonly WriteStreamPending[];
  readonly consumers: readonly WriteStreamConsumer[];
}

export interface WriteStream {
  readonly type: 'stream';
  /** Live entries, IDs strictly ascending. */
  readonly entries: readonly WriteStreamEntry[];
  readonly lastId: StreamId;
  /** RDB 10+ metadata; null or absent: what the server would derive (first entry, 0-0, the length). */
  readonly firstId?: StreamId | null;
  readonly maxDeletedId?: StreamId | null;
  readonly entriesAdded?: number | null;
  readonly groups: readonly WriteStreamGroup[];
}

/**
 * A collection's elements: an array, or anything that says how many it holds and can be walked more than once
 * (each walk a fresh iterator). A rewrite hands its collections this way, so a million-member hash is never
 * an array of a million entry objects at once.
 */
export interface Sized<T> extends Iterable<T> {
  readonly length: number;
}

export type RdbWriteValue =
  | { readonly type: 'string'; readonly value: Buffer }
  | { readonly type: 'list'; readonly items: Sized<Buffer> }
  | { readonly type: 'set'; readonly members: Sized<Buffer> }
  | {
      readonly type: 'zset';
      readonly entries: Sized<WriteZsetEntry>;
      /**
       * Given when `entries` are already in the server's order (score, then member bytes): the same entries from
       * the greatest down, so the writer neither sorts nor copies them.
       */
      readonly descending?: Iterable<WriteZsetEntry>;
    }
  | { readonly type: 'hash'; readonly entries: Sized<WriteHashEntry> }
  | WriteStream
  | {
      readonly type: 'module';
      /** The module type id (name and encoding version), written before the payload. */
      readonly moduleId: bigint;
      /** The module's typed fields as read, through RDB_MODULE_OPCODE_EOF, carried verbatim. */
      readonly payload: Buffer;
    };

export interface RdbWriteKey {
  readonly db: number;
  readonly key: Buffer;
  /** Absolute unix time in ms, or null for a key without a TTL. */
  readonly expireAtMs: number | null;
  readonly value: RdbWriteValue;
}
