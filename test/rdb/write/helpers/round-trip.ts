// Writes keys with the RDB writer, reads them back with the repo's reader (and its check mode), and normalises both sides.
import { expect } from 'vitest';
import { bufferSource, type RdbRecord, type RdbValue, type StreamId } from '../../../../src/rdb/index.js';
import { Cursor } from '../../../../src/rdb/cursor.js';
import { readLengthBig, readString } from '../../../../src/rdb/length.js';
import {
  MemoryOutput,
  RdbWriter,
  type RdbWriteKey,
  type RdbWriterOptions,
  type RdbWriteValue,
  type RdbWriteVersion,
  type RdbWriteRefusal,
} from '../../../../src/rdb/write/index.js';
import { collect } from '../../helpers/collect.js';

const text = (b: Buffer): string => b.toString('latin1');
const id = (i: StreamId): string => `${i.ms}-${i.seq}`;
const ZERO: StreamId = { ms: 0n, seq: 0n };

/** Writes `keys` in order into one RDB; returns the file and each key's refusal (null when written). */
export function writeRdb(
  version: RdbWriteVersion,
  keys: readonly RdbWriteKey[],
  options: Partial<RdbWriterOptions> = {},
): { rdb: Buffer; refusals: Array<RdbWriteRefusal | null> } {
  const out = new MemoryOutput();
  const w = new RdbWriter(out.consumer, { chunkSize: 4096, ...options, version });
  w.begin({ ctime: 1_700_000_000 });
  const refusals = keys.map((k) => w.writeKey(k));
  const summary = w.end();
  const rdb = out.bytes();
  expect(summary.bytes).toBe(rdb.length);
  return { rdb, refusals };
}

/** Key records of a file that must read cleanly (checkRdb agreeing, via collect), with its checksum verified. */
export function readKeys(rdb: Buffer): Array<Extract<RdbRecord, { type: 'key' }>> {
  const { records, summary } = collect(rdb);
  expect(summary.problem).toBeNull();
  expect(summary.checksum.status).toBe('ok');
  expect(summary.emptyKeysSkipped ?? 0).toBe(0);
  return records.filter((r): r is Extract<RdbRecord, { type: 'key' }> => r.type === 'key');
}

/** A module key's payload: the bytes after the type byte, key and module id, up to the record's end. */
export function modulePayload(rdb: Buffer, record: { offset: number; end: number }): Buffer {
  const slice = rdb.subarray(record.offset, record.end);
  const cur = new Cursor(bufferSource(slice), 1, { checksum: false });
  readString(cur);
  readLengthBig(cur);
  return Buffer.from(slice.subarray(cur.offset));
}

const sortBy = <T>(xs: readonly T[], key: (x: T) => string): T[] => xs.slice().sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

/** A value as the reader returns it, without encodings and with unordered collections sorted. */
export function normaliseRead(v: RdbValue, payload?: Buffer): unknown {
  switch (v.type) {
    case 'string':
      return { type: 'string', value: text(v.value) };
    case 'list':
      return { type: 'list', items: Array.from(v.items, text) };
    case 'set':
      return { type: 'set', members: Array.from(v.members, text).sort() };
    case 'zset':
      return {
        type: 'zset',
        entries: sortBy(
          v.entries.map((e) => ({ member: text(e.member), score: e.score })),
          (e) => e.member,
        ),
      };
    case 'hash':
      return {
        type: 'hash',
        entries: sortBy(
          v.entries.map((e) => ({ field: text(e.field), value: text(e.value), ...(e.expireAtMs === undefined ? {} : { expireAtMs: e.expireAtMs }) })),
          (e) => e.field,
        ),
      };
    case 'stream':
      expect(v.length).toBe(v.entries.length);
      return {
        type: 'stream',
        entries: v.entries.map((e) => ({ id: id(e.id), fields: e.fields.map(text) })),
        lastId: id(v.lastId),
        firstId: v.firstId && id(v.firstId),
        maxDeletedId: v.maxDeletedId && id(v.maxDeletedId),
        entriesAdded: v.entriesAdded,
        groups: v.groups.map((g) => ({
          name: text(g.name),
          lastId: id(g.lastId),
          entriesRead: g.entriesRead,
          pending: g.pending.map((p) => ({ id: id(p.id), deliveryTimeMs: p.deliveryTimeMs, deliveryCount: p.deliveryCount, consumer: text(p.consumer) })),
          consumers: g.consumers.map((c) => ({ name: text(c.name), seenTimeMs: c.seenTimeMs, activeTimeMs: c.activeTimeMs })),
        })),
      };
    case 'module':
      return { type: 'module', moduleId: v.moduleId, payload: payload && text(payload) };
  }
}

/** What the reader should return for a written value: the same data, in the forms the target version keeps. */
export function expectedRead(v: RdbWriteValue, version: RdbWriteVersion): unknown {
  if (v.type !== 'stream') {
    if (v.type === 'module') return { type: 'module', moduleId: v.moduleId, payload: text(v.payload) };
    if (v.type === 'list') return { type: 'list', items: Array.from(v.items, text) };
    if (v.type === 'string') return { type: 'string', value: text(v.value) };
    if (v.type === 'set') return { type: 'set', members: Array.from(v.members, text).sort() };
    if (v.type === 'zset') return normaliseRead({ type: 'zset', encoding: '', entries: [...v.entries] });
    return normaliseRead({ type: 'hash', encoding: '', entries: Array.from(v.entries, (e) => ({ ...e })) });
  }
  const meta = version >= 10;
  return {
    type: 'stream',
    entries: v.entries.map((e) => ({ id: id(e.id), fields: e.fields.map(text) })),
    lastId: id(v.lastId),
    firstId: meta ? id(v.firstId ?? v.entries[0]?.id ?? ZERO) : null,
    maxDeletedId: meta ? id(v.maxDeletedId ?? ZERO) : null,
    entriesAdded: meta ? (v.entriesAdded ?? v.entries.length) : null,
    groups: sortBy(v.groups, (g) => text(g.name)).map((g) => ({
      name: text(g.name),
      lastId: id(g.lastId),
      entriesRead: meta ? g.entriesRead : null,
      pending: g.pending
        .slice()
        .sort((a, b) => (a.id.ms !== b.id.ms ? (a.id.ms < b.id.ms ? -1 : 1) : a.id.seq < b.id.seq ? -1 : a.id.seq > b.id.seq ? 1 : 0))
        .map((p) => ({ id: id(p.id), deliveryTimeMs: p.deliveryTimeMs, deliveryCount: p.deliveryCount, consumer: text(p.consumer) })),
      consumers: sortBy(g.consumers, (c) => text(c.name)).map((c) => ({
        name: text(c.name),
        seenTimeMs: c.seenTimeMs,
        activeTimeMs: version >= 11 ? c.activeTimeMs : -1,
      })),
    })),
  };
}
