// The commands a rewrite emits for a stream, as Redis 7.0's rewriteStreamObject writes them.
import type { EmitCommand } from './types.js';
import { idToBuffer } from './stream-id.js';
import { compareIds } from './stream-group.js';
import type { StreamValue } from './stream.js';

const XADD = Buffer.from('XADD');
const XSETID = Buffer.from('XSETID');
const XGROUP = Buffer.from('XGROUP');
const XCLAIM = Buffer.from('XCLAIM');
const CREATE = Buffer.from('CREATE');
const CREATECONSUMER = Buffer.from('CREATECONSUMER');
const ENTRIESADDED = Buffer.from('ENTRIESADDED');
const MAXDELETEDID = Buffer.from('MAXDELETEDID');
const ENTRIESREAD = Buffer.from('ENTRIESREAD');
const TIME = Buffer.from('TIME');
const RETRYCOUNT = Buffer.from('RETRYCOUNT');
const JUSTID = Buffer.from('JUSTID');
const FORCE = Buffer.from('FORCE');
/** The empty-stream trick: `XADD key MAXLEN 0 0-1 x y` creates the key and leaves it empty. */
const EMPTY_STREAM_TAIL = ['MAXLEN', '0', '0-1', 'x', 'y'].map((s) => Buffer.from(s));
const ZERO = Buffer.from('0');

function decimal(n: bigint): Buffer {
  return Buffer.from(n.toString(), 'latin1');
}

/**
 * Emits, in Redis's order: one XADD per live entry (or the MAXLEN 0 trick), XSETID with last ID,
 * entries-added and max-deleted ID, then per group (byte order) XGROUP CREATE … ENTRIESREAD, and per
 * consumer (byte order) XGROUP CREATECONSUMER when its PEL is empty, else one XCLAIM … JUSTID FORCE per
 * PEL entry in ID order.
 *
 * What Redis's own rewrite loses is lost here too, since a load replays these exact commands:
 * - PEL entries whose stream entry was deleted: their XCLAIM is skipped on load (redis/redis#15729);
 *   a consumer owning only such entries is not recreated at all (7.0 creates it only on a claim);
 * - consumers' seen-time, which becomes the load time.
 * recorded-first-entry-id and lag do come back exactly: XADD in ID order restores the first ID, XSETID
 * restores last ID, entries-added and max-deleted ID, and XGROUP CREATE the read counter lag derives from.
 */
export function emitStream(key: Buffer, value: StreamValue, emit: EmitCommand): void {
  if (value.length === 0) {
    emit([XADD, key, ...EMPTY_STREAM_TAIL]);
  } else {
    for (const entry of value.entries) emit([XADD, key, idToBuffer(entry.id), ...entry.fields]);
  }
  emit([
    XSETID,
    key,
    idToBuffer(value.lastId),
    ENTRIESADDED,
    decimal(value.entriesAdded),
    MAXDELETEDID,
    idToBuffer(value.maxDeletedId),
  ]);
  for (const group of value.groups()) {
    emit([XGROUP, CREATE, key, group.name, idToBuffer(group.lastId), ENTRIESREAD, decimal(group.entriesRead)]);
    for (const consumer of group.consumers()) {
      if (consumer.pending.size === 0) {
        emit([XGROUP, CREATECONSUMER, key, group.name, consumer.name]);
        continue;
      }
      const ids = [...consumer.pending.keys()].sort(compareIds);
      for (const id of ids) {
        const entry = consumer.pending.get(id)!;
        emit([
          XCLAIM,
          key,
          group.name,
          consumer.name,
          ZERO,
          idToBuffer(id),
          TIME,
          decimal(entry.deliveryTimeMs),
          RETRYCOUNT,
          decimal(entry.deliveryCount),
          JUSTID,
          FORCE,
        ]);
      }
    }
  }
}
