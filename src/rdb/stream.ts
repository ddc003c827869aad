// Stream values (STREAM_LISTPACKS 1–3): entries from the listpack nodes, metadata, consumer groups, PELs, consumers.

import type { Cursor } from './cursor.js';
import { readBlob, readCount, readLength, readLengthBig, readString } from './length.js';
import { decodeStreamListpack, entryText, type ListpackEntry } from './listpack.js';
import { RdbError } from './problem.js';
import { UniqueNames } from './unique.js';
import type { RdbStream, RdbStreamConsumer, RdbStreamEntry, RdbStreamGroup, RdbStreamPendingEntry, StreamId } from './types.js';

const STREAM_ITEM_FLAG_DELETED = 1; // entry deleted, kept as a tombstone
const STREAM_ITEM_FLAG_SAMEFIELDS = 2; // values only; the fields are the master entry's
const U64 = (1n << 64n) - 1n;
/** SCG_INVALID_ENTRIES_READ (-1) saved through rdbSaveLen becomes 2^64-1. */
const INVALID_ENTRIES_READ = U64;

export interface StreamFormat {
  /** STREAM_LISTPACKS_2+: first id, max deleted id, entries added, group entries-read. */
  readonly v2: boolean;
  /** STREAM_LISTPACKS_3: consumer active time. */
  readonly v3: boolean;
  readonly encoding: string;
}

function readId(cur: Cursor): StreamId {
  const ms = readLengthBig(cur);
  const seq = readLengthBig(cur);
  return { ms, seq };
}

/** A 16-byte big-endian raw ID (streamEncodeID), as rax keys and PEL entries store it. */
function rawId(buf: Buffer, at: number): StreamId {
  if (buf.length !== 16) throw new RdbError('bad-stream', at, `stream ID at offset ${at} is ${buf.length} bytes, not 16`);
  return { ms: buf.readBigUInt64BE(0), seq: buf.readBigUInt64BE(8) };
}

const INT64_TEXT = /^(0|-?[1-9][0-9]{0,18})$/;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/** A string element read as an integer the way lpGetIntegerIfValid does (string2ll), or null. */
function textInteger(b: Buffer): number | bigint | null {
  const t = b.toString('latin1');
  if (!INT64_TEXT.test(t)) return null;
  const v = BigInt(t);
  if (v < INT64_MIN || v > INT64_MAX) return null;
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/** Walks one node's listpack the way streamValidateListpackIntegrity does, collecting live entries. */
function decodeNode(master: StreamId, lp: ListpackEntry[], at: number, out: RdbStreamEntry[]): void {
  let i = 0;
  const fail = (why: string): never => {
    throw new RdbError('bad-stream', at, `stream listpack at offset ${at}: ${why} (element ${i})`);
  };
  const next = (): ListpackEntry => {
    if (i >= lp.length) fail('ends early');
    return lp[i++]!;
  };
  const int = (): number | bigint => {
    const e = next();
    if (!Buffer.isBuffer(e)) return e;
    // Redis always writes integers, but it accepts one written as decimal text.
    return textInteger(e) ?? fail('expected an integer');
  };
  const small = (): number => {
    const v = int();
    if (typeof v !== 'number' || v < 0) return fail(`bad count ${v}`);
    return v;
  };
  if (lp.length === 0) fail('empty listpack inside stream');
  const count = small();
  const deleted = small();
  const masterFieldCount = small();
  if (masterFieldCount > lp.length) fail('master field count larger than the listpack');
  const masterFields: Buffer[] = [];
  for (let f = 0; f < masterFieldCount; f++) masterFields.push(entryText(next()));
  if (int() !== 0) fail('master entry not terminated by 0');
  const total = count + deleted;
  for (let n = 0; n < total; n++) {
    const flags = Number(int());
    const msDelta = BigInt(int());
    const seqDelta = BigInt(int());
    let fields: Buffer[];
    let expectedLpCount: number;
    if (flags & STREAM_ITEM_FLAG_SAMEFIELDS) {
      fields = new Array<Buffer>(masterFieldCount * 2);
      for (let f = 0; f < masterFieldCount; f++) {
        fields[2 * f] = masterFields[f]!;
        fields[2 * f + 1] = entryText(next());
      }
      expectedLpCount = masterFieldCount + 3;
    } else {
      const numFields = small();
      if (numFields * 2 > lp.length - i) fail('field count larger than the listpack');
      fields = new Array<Buffer>(numFields * 2);
      for (let f = 0; f < numFields * 2; f++) fields[f] = entryText(next());
      expectedLpCount = numFields * 2 + 4;
    }
    const lpCount = int();
    if (Number(lpCount) !== expectedLpCount) fail(`lp-count ${lpCount} should be ${expectedLpCount}`);
    if (flags & STREAM_ITEM_FLAG_DELETED) continue;
    const id = { ms: (master.ms + msDelta) & U64, seq: (master.seq + seqDelta) & U64 };
    out.push({ id, fields });
  }
  if (i !== lp.length) fail('data after the last entry');
}

export function readStream(cur: Cursor, format: StreamFormat): RdbStream {
  const entries: RdbStreamEntry[] = [];
  const nodes = readCount(cur, 'stream listpack', 2);
  const masters = new UniqueNames('stream node key');
  for (let n = 0; n < nodes; n++) {
    const keyAt = cur.offset;
    const key = readString(cur, true);
    const master = rawId(key, keyAt);
    // "Listpack re-added with existing key". A copy: the view dies with the cursor's next read.
    masters.add(Buffer.from(key), keyAt);
    const lpAt = cur.offset;
    readBlob(cur, (blob, blobAt) => {
      decodeNode(master, decodeStreamListpack(blob, blobAt), lpAt, entries);
    });
  }
  const lengthAt = cur.offset;
  const length = readLength(cur);
  if (length !== 0 && nodes === 0) {
    throw new RdbError('bad-stream', lengthAt, `stream length ${length} at offset ${lengthAt} but no listpacks`);
  }
  const lastId = readId(cur);
  let firstId: StreamId | null = null;
  let maxDeletedId: StreamId | null = null;
  let entriesAdded: number | null = null;
  if (format.v2) {
    firstId = readId(cur);
    maxDeletedId = readId(cur);
    entriesAdded = Number(readLengthBig(cur));
  }
  const groups: RdbStreamGroup[] = [];
  const groupCount = readCount(cur, 'consumer group', 3);
  const groupNames = new UniqueNames('consumer group name');
  for (let g = 0; g < groupCount; g++) {
    const nameAt = cur.offset;
    const group = readGroup(cur, format);
    groupNames.add(group.name, nameAt);
    groups.push(group);
  }
  return { type: 'stream', encoding: format.encoding, entries, length, lastId, firstId, maxDeletedId, entriesAdded, groups };
}

function readGroup(cur: Cursor, format: StreamFormat): RdbStreamGroup {
  const name = readString(cur);
  const lastId = readId(cur);
  let entriesRead: number | null = null;
  if (format.v2) {
    const v = readLengthBig(cur);
    entriesRead = v === INVALID_ENTRIES_READ ? null : Number(v);
  }
  // The global PEL: raw ID, delivery time, delivery count; owners come with the consumers below.
  const pelAt = cur.offset;
  const pelCount = readCount(cur, 'PEL entry', 16 + 8 + 1);
  const pel = new Map<string, { id: StreamId; deliveryTimeMs: number; deliveryCount: number; consumer: Buffer | null }>();
  const order: string[] = [];
  for (let k = 0; k < pelCount; k++) {
    const at = cur.offset;
    const raw = cur.view(16);
    const key = raw.toString('latin1');
    const id = rawId(raw, at);
    const deliveryTimeMs = cur.i64le();
    const deliveryCount = readLength(cur);
    if (pel.has(key)) throw new RdbError('bad-stream', at, `duplicated PEL entry at offset ${at}`);
    pel.set(key, { id, deliveryTimeMs, deliveryCount, consumer: null });
    order.push(key);
  }
  const consumers: RdbStreamConsumer[] = [];
  const consumerCount = readCount(cur, 'consumer', 10);
  const seen = new Set<string>();
  for (let c = 0; c < consumerCount; c++) {
    const nameAt = cur.offset;
    const cname = readString(cur);
    const ckey = cname.toString('latin1');
    if (seen.has(ckey)) throw new RdbError('bad-stream', nameAt, `duplicate stream consumer at offset ${nameAt}`);
    seen.add(ckey);
    const seenTimeMs = cur.i64le();
    const activeTimeMs = format.v3 ? cur.i64le() : -1;
    const owned = readCount(cur, 'consumer PEL entry', 16);
    for (let k = 0; k < owned; k++) {
      const at = cur.offset;
      const key = cur.view(16).toString('latin1');
      const nack = pel.get(key);
      if (nack === undefined) throw new RdbError('bad-stream', at, `consumer PEL entry at offset ${at} is not in the group PEL`);
      // Redis 7.0.15 as Debian ships it now (deb12u10) refuses this too ("Stream consumer PEL entry already has a
      // consumer assigned"); Debian's deb12u7 build of it still loaded such a file.
      if (nack.consumer !== null) throw new RdbError('bad-stream', at, `PEL entry at offset ${at} owned by two consumers (or listed twice)`);
      nack.consumer = cname;
    }
    consumers.push({ name: cname, seenTimeMs, activeTimeMs });
  }
  // Rax order is byte order of the 16-byte big-endian keys; the file already has it, but sort to be sure.
  order.sort();
  const pending: RdbStreamPendingEntry[] = order.map((key) => {
    const n = pel.get(key)!;
    // Deep sanitization (redis-check-rdb, sanitize-dump-payload yes) refuses an entry no consumer owns; a
    // server that loads it anyway crashes on the first command that follows the missing owner.
    if (n.consumer === null)
      throw new RdbError('bad-stream', pelAt, `stream group PEL entry ${n.id.ms}-${n.id.seq} (group PEL at offset ${pelAt}) has no consumer`);
    return { id: n.id, deliveryTimeMs: n.deliveryTimeMs, deliveryCount: n.deliveryCount, consumer: n.consumer };
  });
  consumers.sort((a, b) => Buffer.compare(a.name, b.name));
  return { name, lastId, entriesRead, pending, consumers };
}
