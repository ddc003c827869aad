// A shard's keys of one database in key order, handed across as batches of their encoded commands (sharded rewrite).

import { RespWriter } from '../../resp/index.js';
import type { Keyspace, KeyCursor } from '../../keyspace/keyspace.js';
import { emitKey, type MergeSource } from './emit-dataset.js';
import { droppedAsExpired, KeyTally, type EmitCounts, type ExpiryChoice } from './emit-counts.js';

/** About this many bytes of commands per batch: two in flight stay small beside the keyspace. */
const BATCH_BYTES = 256 << 10;

/** Consecutive keys of one database with their commands. Plain typed arrays, so a batch crosses threads by transfer. */
export interface PeerBatch {
  /** The database the keys are in. */
  readonly db: number;
  /** The keys' commands, one key's after another; key i's end at ends[i], commands[i] of them. */
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

/**
 * The batches of one database's keys, written as emitDataset writes them (the same emitKey), leaving out what
 * --drop-expired leaves out; the last batch carries the counts.
 */
export async function* keyBatches(keyspace: Keyspace, db: number, options: ExpiryChoice): AsyncGenerator<PeerBatch> {
  const counts: EmitCounts = { keys: {}, keysWithTtl: 0, expiredDropped: 0 };
  const tally = new KeyTally(counts);
  let chunks: Uint8Array[] = [];
  const writer = new RespWriter({
    write(data) {
      chunks.push(data);
      return Promise.resolve();
    },
  });
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
    chunks = [];
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
    let type = emitKey(cursor, writer);
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
export class PeerKeys implements MergeSource {
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
    if (writer.full) await writer.flush();
    if (this.at >= ends.length && this.tallied === null) await this.load();
  }

  /** What the database's keys added to the output (once done). */
  counts(): EmitCounts {
    if (this.tallied === null) throw new Error('PeerKeys: counts asked for before the last batch');
    return this.tallied;
  }
}
