// A keyspace value as the RDB writer takes it: what SAVE would write for it (the writer picks the encoding).

import { mapOf, sized, type RdbWriteValue, type WriteHashEntry, type WriteStreamGroup, type WriteZsetEntry } from '../rdb/write/index.js';
import { isHashValue } from './hash/hash-value.js';
import { isListValue } from './list/list-value.js';
import { isSetValue } from './set/set-value.js';
import { INVALID_ENTRIES_READ, type ConsumerGroup } from './stream/stream-group.js';
import { idMs, idSeq, type EntryId } from './stream/stream-id.js';
import { StreamValue } from './stream/stream.js';
import { isStringValue } from './core/string-value.js';
import type { RedisValue } from './core/types.js';
import { isZSetValue } from './zset/zset-value.js';

const sid = (id: EntryId) => ({ ms: idMs(id), seq: idSeq(id) });

/**
 * Views into the value's storage: consume them before the value changes. Collections are walked where they lie
 * (sized iterables, not arrays): writing a million-member hash does not hold a million entry objects at once.
 */
export function toRdbWriteValue(value: RedisValue): RdbWriteValue {
  if (isStringValue(value)) return { type: 'string', value: value.bytes };
  if (isListValue(value)) return { type: 'list', items: sized(value.length, () => value.items()) };
  if (isSetValue(value)) return { type: 'set', members: sized(value.size, () => value.members()) };
  if (isZSetValue(value)) {
    const entry = ([member, score]: [Buffer, number]): WriteZsetEntry => ({ member, score });
    return { type: 'zset', entries: sized(value.size, () => mapOf(value.ascending(), entry)), descending: mapOf(value.descending(), entry) };
  }
  if (isHashValue(value)) {
    // Field TTLs go as the writer's hash-with-metadata types (RDB 12); it refuses them for an older target.
    const ttls = value.hasFieldTtls;
    const entry = ([field, v]: [Buffer, Buffer]): WriteHashEntry => {
      const at = ttls ? value.fieldExpireAt(field) : undefined;
      return at === undefined ? { field, value: v } : { field, value: v, expireAtMs: at };
    };
    return { type: 'hash', entries: sized(value.size, () => mapOf(value.entries(), entry)) };
  }
  if (value instanceof StreamValue) return streamValue(value);
  throw new Error(`no RDB form for value type ${value.type}`);
}

function streamValue(s: StreamValue): RdbWriteValue {
  return {
    type: 'stream',
    entries: Array.from(s.entries, (e) => ({ id: sid(e.id), fields: e.fields })),
    lastId: sid(s.lastId),
    firstId: s.length > 0 ? sid(s.firstId) : null,
    maxDeletedId: sid(s.maxDeletedId),
    entriesAdded: Number(s.entriesAdded),
    groups: s.groups().map(groupValue),
  };
}

function groupValue(g: ConsumerGroup): WriteStreamGroup {
  const pending = [...g.pending.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    name: g.name,
    lastId: sid(g.lastId),
    entriesRead: g.entriesRead === INVALID_ENTRIES_READ ? null : Number(g.entriesRead),
    pending: pending.map((p) => ({
      id: sid(p.id),
      deliveryTimeMs: Number(p.deliveryTimeMs),
      deliveryCount: Number(p.deliveryCount),
      consumer: p.consumer.name,
    })),
    // Active time is not kept by the keyspace: a consumer with pending entries read at its seen time, others never.
    consumers: g.consumers().map((c) => ({ name: c.name, seenTimeMs: c.seenTimeMs, activeTimeMs: c.pending.size > 0 ? c.seenTimeMs : -1 })),
  };
}
