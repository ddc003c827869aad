// Builds a StreamValue from the RDB reader's decoded stream, filling what old RDBs lack as rdbLoadObject does.
import type { RdbStream } from '../../rdb/types.js';
import { MAX_ID, MIN_ID, idFromRdb } from './stream-id.js';
import { INVALID_ENTRIES_READ, type PendingEntry } from './stream-group.js';
import { StreamEntry } from './stream-entries.js';
import { StreamValue } from './stream.js';

/**
 * RDB 10+ (STREAM_LISTPACKS_2) carries first ID, max-deleted ID, entries-added and each group's read
 * counter. For older files Redis 7.0 sets entries-added to the length, max-deleted to 0-0, the first ID
 * to the first entry (streamGetEdgeID, which yields the maximal ID for an empty stream) and estimates
 * each group's counter (streamEstimateDistanceFromFirstEverEntry); we do the same.
 */
export function streamFromRdb(rdb: RdbStream): StreamValue {
  const stream = new StreamValue();
  for (const entry of rdb.entries) stream.entries.append(StreamEntry.pack(idFromRdb(entry.id), entry.fields));
  stream.lastId = idFromRdb(rdb.lastId);
  const modern = rdb.firstId !== null;
  if (modern) {
    stream.firstId = idFromRdb(rdb.firstId);
    stream.maxDeletedId = rdb.maxDeletedId === null ? MIN_ID : idFromRdb(rdb.maxDeletedId);
    stream.entriesAdded = BigInt(rdb.entriesAdded ?? rdb.length);
  } else {
    stream.firstId = stream.entries.first()?.id ?? MAX_ID;
    stream.maxDeletedId = MIN_ID;
    stream.entriesAdded = BigInt(rdb.length);
  }
  for (const rdbGroup of rdb.groups) {
    const lastId = idFromRdb(rdbGroup.lastId);
    let entriesRead: bigint;
    if (rdbGroup.entriesRead !== null) entriesRead = BigInt(rdbGroup.entriesRead);
    else if (modern) entriesRead = INVALID_ENTRIES_READ;
    else entriesRead = stream.estimateEntriesRead(lastId);
    const group = stream.createGroup(rdbGroup.name, lastId, entriesRead)!;
    for (const rdbConsumer of rdbGroup.consumers) group.createConsumer(rdbConsumer.name, rdbConsumer.seenTimeMs);
    for (const pending of rdbGroup.pending) {
      // The reader names each entry's owner from the consumer PELs; an owner missing from the consumer list is recreated.
      const consumer = group.consumer(pending.consumer) ?? group.createConsumer(pending.consumer, 0)!;
      const entry: PendingEntry = {
        id: idFromRdb(pending.id),
        deliveryTimeMs: BigInt(pending.deliveryTimeMs),
        deliveryCount: BigInt(pending.deliveryCount),
        consumer,
      };
      group.pending.set(entry.id, entry);
      consumer.pending.set(entry.id, entry);
    }
  }
  return stream;
}
