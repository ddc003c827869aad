// What the RDB reader yields: typed records and decoded values, shared with inspect and rewrite.

/** A stream entry ID; both parts are unsigned 64-bit. */
export interface StreamId {
  readonly ms: bigint;
  readonly seq: bigint;
}

export interface RdbStreamEntry {
  readonly id: StreamId;
  /** Field/value pairs, flattened: f1, v1, f2, v2, … */
  readonly fields: Buffer[];
}

export interface RdbStreamPendingEntry {
  readonly id: StreamId;
  readonly deliveryTimeMs: number;
  readonly deliveryCount: number;
  /** Owning consumer's name (from the consumer PELs). */
  readonly consumer: Buffer;
}

export interface RdbStreamConsumer {
  readonly name: Buffer;
  readonly seenTimeMs: number;
  /** RDB 12 (7.2+) only; -1 where the file does not carry it. */
  readonly activeTimeMs: number;
}

export interface RdbStreamGroup {
  readonly name: Buffer;
  readonly lastId: StreamId;
  /** null where the file does not carry it (RDB < 10) or Redis recorded it as invalid (-1). */
  readonly entriesRead: number | null;
  /** The group's PEL in ID order. */
  readonly pending: RdbStreamPendingEntry[];
  /** Consumers in name order. */
  readonly consumers: RdbStreamConsumer[];
}

export interface RdbStream {
  readonly type: 'stream';
  readonly encoding: string;
  /** Live (not deleted) entries in ID order. */
  readonly entries: RdbStreamEntry[];
  readonly length: number;
  readonly lastId: StreamId;
  /** RDB 10+ (STREAM_LISTPACKS_2); null before. */
  readonly firstId: StreamId | null;
  readonly maxDeletedId: StreamId | null;
  readonly entriesAdded: number | null;
  readonly groups: RdbStreamGroup[];
}

export type RdbValue =
  | { readonly type: 'string'; readonly encoding: string; readonly value: Buffer }
  | { readonly type: 'list'; readonly encoding: string; readonly items: Buffer[] }
  | { readonly type: 'set'; readonly encoding: string; readonly members: Buffer[] }
  | {
      readonly type: 'zset';
      readonly encoding: string;
      readonly entries: { readonly member: Buffer; readonly score: number }[];
    }
  | {
      readonly type: 'hash';
      readonly encoding: string;
      /** expireAtMs is set only for 7.4 hash-field TTLs. */
      readonly entries: { readonly field: Buffer; readonly value: Buffer; readonly expireAtMs?: number }[];
    }
  | RdbStream
  | {
      readonly type: 'module';
      readonly encoding: string;
      readonly moduleId: bigint;
      /** The 9-character module type name decoded from the id. */
      readonly moduleName: string;
    };

export type RdbRecord =
  | { readonly type: 'aux'; readonly key: Buffer; readonly value: Buffer; readonly offset: number }
  | { readonly type: 'select-db'; readonly db: number; readonly offset: number }
  | {
      readonly type: 'resize-db';
      /** The database the hint is for (the last SELECTDB's). */
      readonly db: number;
      readonly dbSize: number;
      readonly expiresSize: number;
      /** dbSize, or fewer when the bytes left could not hold that many keys: the most a reader should reserve room for. */
      readonly keysHint: number;
      readonly offset: number;
    }
  | { readonly type: 'function'; readonly code: Buffer; readonly offset: number }
  | { readonly type: 'module-aux'; readonly moduleId: bigint; readonly moduleName: string; readonly offset: number }
  | {
      readonly type: 'key';
      readonly db: number;
      readonly key: Buffer;
      readonly value: RdbValue;
      /** Absolute unix time in ms, or null when the key has no TTL. */
      readonly expireAtMs: number | null;
      readonly offset: number;
      readonly end: number;
    }
  | {
      /** More elements of the key just yielded, of the same type (only with readRdb's partSize). */
      readonly type: 'key-part';
      readonly db: number;
      readonly key: Buffer;
      readonly value: RdbValue;
      /** The key record's offset; end is where this part ends. */
      readonly offset: number;
      readonly end: number;
    };

/** What checkRdb yields now and then in place of key records: how many keys it has read so far. */
export interface RdbKeysCounted {
  readonly type: 'keys-counted';
  readonly keys: number;
}

/**
 * Takes keys from a reader without their values (readRdbClaiming): asked once a key's name is read; the
 * value of a key it wants is checked as checkRdb checks it, and the key is reported by where it lies instead
 * of being yielded.
 */
export interface RdbKeyClaim {
  /** `encoding` is the value's type name (RDB_TYPE_NAMES), `expireAtMs` the key's absolute expiry or null. */
  wants(db: number, key: Buffer, encoding: string, expireAtMs: number | null): boolean;
  /**
   * The wanted key's record (type byte, name and value) lies at [offset, end) of the source. Not called for
   * an empty collection, which Redis skips on load (the summary's emptyKeysSkipped counts it).
   */
  took(offset: number, end: number): void;
  /**
   * When given, a wanted key's packed value is handed here once it has passed every check (visitValue)
   * instead of being dropped; `wants` must then want only the encodings in HANDED_ENCODINGS.
   */
  readonly values?: PackedValueSink;
}

/**
 * Takes a packed collection where it lies, checked and not empty, before the claim's took(): a listpack
 * set, hash or zset (walk it with walkListpackNames) or an intset (walkIntset). Views valid during the call.
 */
export interface PackedValueSink {
  listpack(encoding: string, lp: Buffer, at: number, count: number): void;
  intset(is: Buffer, at: number, count: number): void;
}

export interface RdbProblem {
  readonly code: string;
  /** Absolute byte offset of the bad bytes. */
  readonly offset: number;
  readonly message: string;
}

/** What is known once the reader stops. */
export interface RdbSummary {
  readonly version: number | null;
  /** Offset just past the RDB section (after the checksum), or null when the reader stopped on a problem. */
  readonly end: number | null;
  readonly checksum: { readonly status: 'ok' | 'disabled' | 'mismatch' | 'absent'; readonly stored?: bigint; readonly computed?: bigint };
  readonly problem: RdbProblem | null;
  /** Keys whose collection was empty: Redis skips them on load (rdbLoadObject "emptykey"), and so does the reader. */
  readonly emptyKeysSkipped?: number;
}
