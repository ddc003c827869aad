// A stream's entries cut into listpack nodes exactly as streamAppendItem builds them: master entry, flags, ID deltas.

import type { StreamId } from '../types.js';
import type { EncodingLimits } from './format.js';
import { EMPTY_LISTPACK_BYTES, integerEntrySize, ListpackBuilder, stringEntrySize } from './listpack-builder.js';
import type { WriteStreamEntry } from './model.js';

const FLAG_NONE = 0;
const FLAG_SAMEFIELDS = 2; // STREAM_ITEM_FLAG_SAMEFIELDS: values only, the names are the master entry's
/** STREAM_LISTPACK_MAX_SIZE: the cap when stream-node-max-bytes is 0 or larger. */
const MAX_NODE_BYTES = 1 << 30;

export interface StreamNode {
  /** The rax key: the master (first) entry's ID as 16 big-endian bytes (streamEncodeID). */
  readonly key: Buffer;
  readonly listpack: Buffer;
}

/** streamEncodeID. */
export function rawStreamId(id: StreamId): Buffer {
  const b = Buffer.allocUnsafe(16);
  b.writeBigUInt64BE(id.ms, 0);
  b.writeBigUInt64BE(id.seq, 8);
  return b;
}

/** A delta as lpAppendInteger stores it: the uint64 difference read as int64; a number when exact. */
function delta(a: bigint, b: bigint): number | bigint {
  const d = BigInt.asIntN(64, a - b);
  return d >= -9007199254740991n && d <= 9007199254740991n ? Number(d) : d;
}

/** True when the entry's field names are the master entry's, in order. */
function sameFields(fields: readonly Buffer[], master: readonly Buffer[]): boolean {
  if (fields.length !== master.length * 2) return false;
  for (let i = 0; i < master.length; i++) if (!fields[2 * i]!.equals(master[i]!)) return false;
  return true;
}

/** Bytes one entry adds to a node whose master names are `master` (flags, deltas, [count, names], values, lp-count). */
function entryBytes(e: WriteStreamEntry, masterId: StreamId, master: readonly Buffer[]): number {
  const same = sameFields(e.fields, master);
  const pairs = e.fields.length / 2;
  let n =
    integerEntrySize(same ? FLAG_SAMEFIELDS : FLAG_NONE) + integerEntrySize(delta(e.id.ms, masterId.ms)) + integerEntrySize(delta(e.id.seq, masterId.seq));
  if (!same) n += integerEntrySize(pairs);
  for (let i = same ? 1 : 0; i < e.fields.length; i += same ? 2 : 1) n += stringEntrySize(e.fields[i]!);
  return n + integerEntrySize(pairs + 3 + (same ? 0 : pairs + 1));
}

/** The node listpack of entries[from, to): the master entry (count, deleted, names, 0), then each entry. */
function buildNode(entries: readonly WriteStreamEntry[], from: number, to: number, lp: ListpackBuilder): StreamNode {
  const first = entries[from]!;
  const master = first.fields.filter((_, i) => i % 2 === 0);
  lp.reset();
  lp.appendInteger(to - from);
  lp.appendInteger(0);
  lp.appendInteger(master.length);
  for (const f of master) lp.appendString(f);
  lp.appendInteger(0);
  for (let k = from; k < to; k++) {
    const e = entries[k]!;
    const same = sameFields(e.fields, master);
    const pairs = e.fields.length / 2;
    lp.appendInteger(same ? FLAG_SAMEFIELDS : FLAG_NONE);
    lp.appendInteger(delta(e.id.ms, first.id.ms));
    lp.appendInteger(delta(e.id.seq, first.id.seq));
    if (!same) lp.appendInteger(pairs);
    for (let i = same ? 1 : 0; i < e.fields.length; i += same ? 2 : 1) lp.appendString(e.fields[i]!);
    lp.appendInteger(pairs + 3 + (same ? 0 : pairs + 1));
  }
  return { key: rawStreamId(first.id), listpack: Buffer.from(lp.finish()) };
}

/**
 * Cuts entries into nodes where streamAppendItem would open a new one: when the node's listpack bytes
 * plus the new entry's field and value bytes reach stream-node-max-bytes, or the node holds
 * stream-node-max-entries entries. The master entry takes the first entry's field names.
 */
export function streamNodes(entries: readonly WriteStreamEntry[], limits: EncodingLimits, lp: ListpackBuilder): StreamNode[] {
  const maxBytes = limits.streamNodeMaxBytes === 0 || limits.streamNodeMaxBytes > MAX_NODE_BYTES ? MAX_NODE_BYTES : limits.streamNodeMaxBytes;
  const maxEntries = limits.streamNodeMaxEntries;
  const nodes: StreamNode[] = [];
  let start = 0;
  let master: Buffer[] = [];
  let masterId: StreamId = { ms: 0n, seq: 0n };
  // lpBytes of the open node, less its count element (which grows with every entry).
  let bytes = 0;
  for (let k = 0; k < entries.length; k++) {
    const e = entries[k]!;
    let raw = 0;
    for (const f of e.fields) raw += f.length;
    const count = k - start;
    const open = count > 0;
    if (open && (bytes + integerEntrySize(count) + raw >= maxBytes || (maxEntries > 0 && count >= maxEntries))) {
      nodes.push(buildNode(entries, start, k, lp));
      start = k;
    }
    if (k === start) {
      master = e.fields.filter((_, i) => i % 2 === 0);
      masterId = e.id;
      bytes = EMPTY_LISTPACK_BYTES + integerEntrySize(0) + integerEntrySize(master.length) + integerEntrySize(0);
      for (const f of master) bytes += stringEntrySize(f);
    }
    bytes += entryBytes(e, masterId, master);
  }
  if (start < entries.length) nodes.push(buildNode(entries, start, entries.length, lp));
  return nodes;
}
