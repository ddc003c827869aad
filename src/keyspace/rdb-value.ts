// A keyspace value as the RDB writer takes it: what SAVE would write for it (the writer picks the encoding).

import type { RdbWriteValue, WriteStreamGroup } from '../rdb/write/index.js';
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

/** Views into the value's storage: consume them before the value changes. */
export function toRdbWriteValue(value: RedisValue): RdbWriteValue {
  if (isStringValue(value)) return { type: 'string', value: value.bytes };
  if (isListValue(value)) return { type: 'list', items: value.toArray() };
  if (isSetValue(value)) return { type: 'set', members: [...value.members()] };
  if (isZSetValue(value)) {
    const entries: Array<{ member: Buffer; score: number }> = [];
    for (const [member, score] of value.ascending()) entries.push({ member, score });
    return { type: 'zset', entries };
  }
  if (isHashValue(value)) {
    // Field TTLs go as the writer's hash-with-metadata types (RDB 12); it refuses them for an older target.
    const ttl = (field: Buffer) => {
      const at = value.fieldExpireAt(field);
      return at === undefined ? {} : { expireAtMs: at };
    };
    return { type: 'hash', entries: Array.from(value.entries(), ([field, v]) => ({ field, value: v, ...ttl(field) })) };
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
