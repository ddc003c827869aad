// Stream entry IDs as one 128-bit bigint (ms in the high 64 bits), parsed and printed like t_stream.c.
import type { StreamId } from '../../rdb/types.js';
import type { ErrorReply } from '../core/types.js';
import { parseUnsignedLongLong } from './stream-number.js';

/**
 * An ID packed as `ms << 64 | seq`: the same big-endian order Redis gets from its rax keys
 * (streamEncodeID), so comparison is `<`, and `+ 1n` is streamIncrID (seq overflow carries into ms).
 */
export type EntryId = bigint;

const U64_MASK = (1n << 64n) - 1n;
export const MIN_ID: EntryId = 0n;
export const MAX_ID: EntryId = (1n << 128n) - 1n;

export const INVALID_STREAM_ID: ErrorReply = { error: 'ERR Invalid stream ID specified as stream command argument' };

export function makeId(ms: bigint, seq: bigint): EntryId {
  return (ms << 64n) | seq;
}

export function idMs(id: EntryId): bigint {
  return id >> 64n;
}

export function idSeq(id: EntryId): bigint {
  return id & U64_MASK;
}

/** `<ms>-<seq>`, as createStreamIDString formats it. */
export function formatId(id: EntryId): string {
  return `${idMs(id)}-${idSeq(id)}`;
}

export function idToBuffer(id: EntryId): Buffer {
  return Buffer.from(formatId(id), 'latin1');
}

export function idFromRdb(id: StreamId): EntryId {
  return makeId(id.ms, id.seq);
}

export interface ParsedId {
  readonly id: EntryId;
  /** False only for the `<ms>-*` form, when the caller allows it. */
  readonly seqGiven: boolean;
}

export interface ParseIdOptions {
  /** Sequence used when only `<ms>` is given. */
  readonly missingSeq?: bigint;
  /** Refuse the special `-` and `+` IDs. */
  readonly strict?: boolean;
  /** Accept `<ms>-*` (XADD only). */
  readonly allowAutoSeq?: boolean;
}

/** streamGenericParseIDOrReply: returns null where Redis replies "Invalid stream ID …". */
export function parseId(arg: Buffer, options: ParseIdOptions = {}): ParsedId | null {
  // Redis copies the argument into a 128-byte C buffer and reads it as a C string.
  if (arg.length > 127) return null;
  const nul = arg.indexOf(0);
  const text = nul === -1 ? arg : arg.subarray(0, nul);
  const single = text.length === 1 ? text[0] : undefined;
  if (single === 0x2d || single === 0x2b) {
    if (options.strict === true) return null;
    return { id: single === 0x2d ? MIN_ID : MAX_ID, seqGiven: true };
  }
  const dash = text.indexOf(0x2d);
  const ms = parseUnsignedLongLong(dash === -1 ? text : text.subarray(0, dash));
  if (ms === null) return null;
  if (dash === -1) return { id: makeId(ms, options.missingSeq ?? 0n), seqGiven: true };
  const rest = text.subarray(dash + 1);
  if (options.allowAutoSeq === true && rest.length === 1 && rest[0] === 0x2a) {
    return { id: makeId(ms, 0n), seqGiven: false };
  }
  const seq = parseUnsignedLongLong(rest);
  if (seq === null) return null;
  return { id: makeId(ms, seq), seqGiven: true };
}

/** A strict (`-`/`+` refused) ID or null; the common case for write commands. */
export function parseStrictId(arg: Buffer): EntryId | null {
  return parseId(arg, { strict: true })?.id ?? null;
}
