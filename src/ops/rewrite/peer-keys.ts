// A shard's keys of one database in key order, handed across as batches of their encoded commands or RDB records (sharded rewrite).

import { RespWriter } from '../../resp/index.js';
import type { Keyspace, KeyCursor } from '../../keyspace/keyspace.js';
import { toRdbWriteValue } from '../../keyspace/rdb-value.js';
import { RdbWriter, type RdbWriteVersion } from '../../rdb/write/index.js';
import { emitKey, type MergeSource } from './emit-dataset.js';
import { droppedAsExpired, KeyTally, type EmitCounts, type ExpiryChoice } from './emit-counts.js';
import { RdbTargetRefusal, type RdbMergeSource } from './rdb.js';

/** About this many bytes of commands per batch: two in flight stay small beside the keyspace. */
const BATCH_BYTES = 256 << 10;

/** Consecutive keys of one database with their commands. Plain typed arrays, so a batch crosses threads by transfer. */
export interface PeerBatch {
  /** The database the keys are in. */
  readonly db: number;
  /** The keys' commands (or RDB records), one key's after another; key i's end at ends[i], commands[i] of them. */
  readonly bytes: Uint8Array;
  readonly ends: Int32Array;
  readonly commands: Int32Array;
  /** The keys' bytes, one after another; key i's end at keyEnds[i]. */
  readonly keys: Uint8Array;
  readonly keyEnds: Int32Array;
  /** Set on the database's last batch: what its keys added to the output. */
  readonly counts: EmitCounts | null;
}

/** The ArrayBuffers of a batch, to transfer rather than copy. */
export function transferList(b: PeerBatch): ArrayBuffer[] {
  return [b.bytes.buffer, b.ends.buffer, b.commands.buffer, b.keys.buffer, b.keyEnds.buffer] as ArrayBuffer[];
}

/** Parts joined into one ArrayBuffer of its own (a pooled Buffer's would take the whole pool along when transferred). */
function joined(parts: readonly Uint8Array[], size: number): Uint8Array {
  // A batch is mostly one chunk the writer copied out into an ArrayBuffer of that size: sent as it is. (A large
  // value the writer queues uncopied never comes alone: its header is a chunk of its own before it.)
  const only = parts.length === 1 ? parts[0] : undefined;
  if (only?.byteOffset === 0 && only.byteLength === size && only.buffer.byteLength === size) return only;
  // Not zero-filled first: every byte is copied over (a batch holding a big key can be tens of MB).
  const out = Buffer.allocUnsafeSlow(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A batch's keys, copied one after another into a buffer that grows: no view or copy per key. */
class KeyBytes {
  private bytes = new Uint8Array(64 << 10);
  length = 0;

  argRange(source: Buffer, start: number, end: number): void {
    const need = this.length + end - start;
    if (need > this.bytes.length) {
      const bigger = new Uint8Array(Math.max(need, this.bytes.length * 2));
      bigger.set(this.bytes.subarray(0, this.length));
      this.bytes = bigger;
    }
    const bytes = this.bytes;
    let at = this.length;
    for (let i = start; i < end; i++) bytes[at++] = source[i] ?? 0;
    this.length = at;
  }

  /** The keys so far, in an ArrayBuffer of their own (to transfer); starts again empty. */
  take(): Uint8Array {
    const out = this.bytes.slice(0, this.length);
    this.length = 0;
    return out;
  }
}

/** Encodes a shard's keys one at a time into `chunks`: as RESP commands, or as RDB key records. */
interface KeyEncoder {
  /** Bytes and commands (an RDB record counts as one) encoded so far. */
  readonly bytes: number;
  readonly commands: number;
  /** The key under the cursor; its type, as a promise only when a large value waited for the output to drain. */
  key(cursor: KeyCursor): string | Promise<string>;
  /** Hands out into `chunks` what is still buffered. */
  flush(): Promise<void>;
}

function respEncoder(chunks: Uint8Array[]): KeyEncoder {
  const writer = new RespWriter({
    write(data) {
      chunks.push(data);
      return Promise.resolve();
    },
  });
  return {
    get bytes() {
      return writer.bytes;
    },
    get commands() {
      return writer.commands;
    },
    key: (cursor) => emitKey(cursor, writer),
    flush: () => writer.flush(),
  };
}

/** Key records as writeRdbDataset writes them (no SELECTDB: the merge writes it), to be copied into its output. */
function rdbEncoder(chunks: Uint8Array[], db: number, version: RdbWriteVersion): KeyEncoder {
  const writer = new RdbWriter(
    (chunk) => {
      chunks.push(chunk);
    },
    { version, checkDuplicates: false, checksum: false },
  );
  writer.beginKeys(db);
  let keys = 0;
  return {
    get bytes() {
      return writer.offset;
    },
    get commands() {
      return keys;
    },
    key(cursor) {
      const { key, value, expireAtMs } = cursor.record();
      const refused = writer.writeKey({ db, key, expireAtMs, value: toRdbWriteValue(value) });
      if (refused) throw new RdbTargetRefusal(refused.message);
      keys++;
      return value.type;
    },
    flush() {
      writer.flush();
      return Promise.resolve();
    },
  };
}

/**
 * The batches of one database's keys, written as emitDataset writes them (the same emitKey), or with
 * `rdbVersion` as writeRdbDataset writes them, leaving out what --drop-expired leaves out; the last batch
 * carries the counts.
 */
export async function* keyBatches(keyspace: Keyspace, db: number, options: ExpiryChoice, rdbVersion?: RdbWriteVersion): AsyncGenerator<PeerBatch> {
  const counts: EmitCounts = { keys: {}, keysWithTtl: 0, expiredDropped: 0 };
  const tally = new KeyTally(counts);
  const chunks: Uint8Array[] = [];
  // The encoders push into the array they were given: it is emptied in place, never replaced.
  const writer = rdbVersion === undefined ? respEncoder(chunks) : rdbEncoder(chunks, db, rdbVersion);
  let base = 0;
  let ends: number[] = [];
  let commands: number[] = [];
  const keys = new KeyBytes();
  let keyEnds: number[] = [];
  const cut = async (last: boolean): Promise<PeerBatch> => {
    await writer.flush();
    const batch: PeerBatch = {
      db,
      bytes: joined(chunks, writer.bytes - base),
      ends: Int32Array.from(ends),
      commands: Int32Array.from(commands),
      keys: keys.take(),
      keyEnds: Int32Array.from(keyEnds),
      counts: last ? counts : null,
    };
    chunks.length = 0;
    base = writer.bytes;
    ends = [];
    commands = [];
    keyEnds = [];
    return batch;
  };
  const cursor = keyspace.keyCursor(db);
  while (cursor.next()) {
    const expireAtMs = cursor.expireAtMs;
    if (droppedAsExpired(expireAtMs, options)) {
      counts.expiredDropped++;
      continue;
    }
    const before = writer.commands;
    let type = writer.key(cursor);
    if (typeof type !== 'string') type = await type;
    tally.add(db, type, expireAtMs !== null);
    cursor.writeKey(keys);
    keyEnds.push(keys.length);
    // Offsets within the batch: the writer's total less what earlier batches took.
    ends.push(writer.bytes - base);
    commands.push(writer.commands - before);
    if (writer.bytes - base >= BATCH_BYTES) yield await cut(false);
  }
  yield await cut(true);
}

/** Before the first batch is in: no key, and not the last batch (done stays false). */
const NOT_YET: PeerBatch = {
  db: -1,
  bytes: new Uint8Array(0),
  ends: new Int32Array(0),
  commands: new Int32Array(0),
  keys: new Uint8Array(0),
  keyEnds: new Int32Array(0),
  counts: null,
};

/** The reading side: another shard's keys of one database, taken in key order as the merge reaches them. */
export class PeerKeys implements MergeSource, RdbMergeSource {
  private batch = NOT_YET;
  private bytes: Buffer = Buffer.alloc(0);
  private keys: Buffer = Buffer.alloc(0);
  private at = 0;
  private tallied: EmitCounts | null = null;

  constructor(private readonly next: () => Promise<PeerBatch>) {}

  /** Waits for the first batch. */
  async ready(): Promise<void> {
    if (this.batch === NOT_YET) await this.load();
  }

  private async load(): Promise<void> {
    const b = await this.next();
    this.batch = b;
    this.bytes = Buffer.from(b.bytes.buffer, b.bytes.byteOffset, b.bytes.length);
    this.keys = Buffer.from(b.keys.buffer, b.keys.byteOffset, b.keys.length);
    this.at = 0;
    this.tallied = b.counts;
  }

  /** True once every key is written. */
  get done(): boolean {
    return this.tallied !== null && this.at >= this.batch.ends.length;
  }

  /** True when the next key sorts before the cursor's. */
  before(cursor: KeyCursor): boolean {
    const { keyEnds } = this.batch;
    const i = this.at;
    return cursor.compareKey(this.keys, i === 0 ? 0 : (keyEnds[i - 1] ?? 0), keyEnds[i] ?? 0) > 0;
  }

  /** Writes the next key's commands. */
  async write(writer: RespWriter): Promise<void> {
    const { ends, commands } = this.batch;
    const i = this.at++;
    writer.encoded(this.bytes.subarray(i === 0 ? 0 : (ends[i - 1] ?? 0), ends[i] ?? 0), commands[i] ?? 0);
    const paced = writer.pace();
    if (paced !== undefined) await paced;
    if (this.at >= ends.length && this.tallied === null) await this.load();
  }

  /** Copies the next key's RDB record (batches of keyBatches with an RDB version). */
  async copyInto(writer: RdbWriter, db: number): Promise<void> {
    const { ends } = this.batch;
    const i = this.at++;
    writer.beginCopy(db, null, 1);
    writer.copyBytes(this.bytes, i === 0 ? 0 : (ends[i - 1] ?? 0), ends[i] ?? 0);
    if (this.at >= ends.length && this.tallied === null) await this.load();
  }

  /** What the database's keys added to the output (once done). */
  counts(): EmitCounts {
    if (this.tallied === null) throw new Error('PeerKeys: counts asked for before the last batch');
    return this.tallied;
  }
}
