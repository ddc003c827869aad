// Listpack decoding with the checks of lpValidateIntegrity (deep): sizes, entry bounds, back-lengths, count.

import { intText } from './length.js';
import { RdbError } from './problem.js';

/** A listpack element: bytes for strings, a number (or bigint beyond 2^53) for integer encodings. */
export type ListpackEntry = Buffer | number | bigint;

const LP_HDR_SIZE = 6; // 32-bit total bytes + 16-bit element count
const LP_HDR_NUMELE_UNKNOWN = 0xffff;
const LP_EOF = 0xff;

/** Bytes lpEncodeBacklen uses for an entry of length l (note the odd thresholds, kept as Redis has them). */
function backlenSize(l: number): number {
  if (l <= 127) return 1;
  if (l < 16383) return 2;
  if (l < 2097151) return 3;
  if (l < 268435455) return 4;
  return 5;
}

/**
 * lpDecodeBacklen: 7 bits per byte read backwards from `last`; the continuation bit is 128. Like Redis it
 * stops only at a byte without that bit (or after five bytes), even when that runs back into the entry's
 * own data: a flipped continuation bit over a 0 data byte still decodes to the right length, and Redis
 * accepts it.
 */
function decodeBacklen(lp: Buffer, last: number): number {
  let val = 0;
  let mult = 1;
  for (let i = last; i >= 0; i--) {
    const b = lp[i]!;
    val += (b & 127) * mult;
    if (!(b & 128)) return val;
    mult *= 128;
    if (mult > 2 ** 28) return -1;
  }
  return -1;
}

/** Decodes every element of a listpack (strings are views of `lp`). `at`: the blob's absolute offset, for reports. */
export function decodeListpack(lp: Buffer, at: number): ListpackEntry[] {
  const out: ListpackEntry[] = [];
  walkListpack(lp, at, false, out);
  return out;
}

/**
 * A stream node's listpack, checked as streamValidateListpackIntegrity does: every entry, but not the
 * header's element count, which Redis never compares for streams (redis-check-rdb and the loader accept a
 * wrong one).
 */
export function decodeStreamListpack(lp: Buffer, at: number): ListpackEntry[] {
  const out: ListpackEntry[] = [];
  walkListpack(lp, at, false, out, false);
  return out;
}

/** Every element as a string (integers as decimal text), in one pass. */
export function decodeListpackStrings(lp: Buffer, at: number): Buffer[] {
  const out: Buffer[] = [];
  walkListpack(lp, at, true, out);
  return out;
}

/** The number of elements, after the same checks as decodeListpack, without producing any of them. */
export function countListpack(lp: Buffer, at: number): number {
  return walkListpack(lp, at, false, null);
}

/**
 * Takes every `stride`-th element of a listpack (from the first) as it is checked: the members or fields a
 * duplicate search needs, seen in place. `start, end` bound a string's bytes; an integer comes as `value`.
 */
export interface ListpackNames {
  readonly stride: number;
  take(lp: Buffer, value: number | bigint | null, start: number, end: number): void;
}

/**
 * The number of elements, after the same checks as decodeListpack, handing every `names.stride`-th one to
 * `names` in place (no Buffer per element).
 */
export function walkListpackNames(lp: Buffer, at: number, names: ListpackNames): number {
  return walkListpack(lp, at, false, null, true, names);
}

/** Checks every entry; pushes each one's value to `out` unless it is null. Returns the element count. */
function walkListpack(lp: Buffer, at: number, asText: boolean, out: ListpackEntry[] | null, checkCount = true, names: ListpackNames | null = null): number {
  const fail = (pos: number, why: string): never => {
    throw new RdbError('bad-listpack', at + pos, `listpack at offset ${at}: ${why} (byte ${pos})`);
  };
  const size = lp.length;
  if (size < LP_HDR_SIZE + 1) fail(0, `too short (${size} bytes)`);
  const total = lp.readUInt32LE(0);
  if (total !== size) fail(0, `header says ${total} bytes but the string has ${size}`);
  if (lp[size - 1] !== LP_EOF) fail(size - 1, 'does not end with 0xFF');
  const numele = lp.readUInt16LE(4);
  let count = 0;
  const end = size - 1; // index of the EOF byte
  let p = LP_HDR_SIZE;
  while (p < end) {
    const b = lp[p]!;
    let headerLen: number;
    let dataLen: number;
    let value: ListpackEntry | null = null;
    if (b < 0x80) {
      // 0xxxxxxx: 7-bit unsigned integer
      headerLen = 1;
      dataLen = 0;
      value = b;
    } else if (b < 0xc0) {
      // 10xxxxxx: string up to 63 bytes
      headerLen = 1;
      dataLen = b & 0x3f;
    } else if (b < 0xe0) {
      // 110xxxxx yyyyyyyy: 13-bit signed integer
      headerLen = 2;
      dataLen = 0;
      if (p + 1 >= end) fail(p, 'entry header runs past the end');
      const u = ((b & 0x1f) << 8) | lp[p + 1]!;
      value = u >= 4096 ? u - 8192 : u;
    } else if (b < 0xf0) {
      // 1110xxxx yyyyyyyy: string up to 4095 bytes
      headerLen = 2;
      if (p + 1 >= end) fail(p, 'entry header runs past the end');
      dataLen = ((b & 0x0f) << 8) | lp[p + 1]!;
    } else if (b === 0xf0) {
      // 32-bit length string
      headerLen = 5;
      if (p + 4 >= end) fail(p, 'entry header runs past the end');
      dataLen = lp.readUInt32LE(p + 1);
    } else if (b >= 0xf1 && b <= 0xf4) {
      const width = b === 0xf1 ? 2 : b === 0xf2 ? 3 : b === 0xf3 ? 4 : 8;
      headerLen = 1 + width;
      dataLen = 0;
      if (p + width >= end) fail(p, 'integer runs past the end');
      if (width === 2) value = lp.readInt16LE(p + 1);
      else if (width === 3) value = lp.readIntLE(p + 1, 3);
      else if (width === 4) value = lp.readInt32LE(p + 1);
      else {
        // Two 32-bit halves while the value is a safe integer (|high| < 2^21): no BigInt per entry.
        const high = lp.readInt32LE(p + 5);
        if (high > -0x200000 && high < 0x200000) value = high * 0x100000000 + lp.readUInt32LE(p + 1);
        else {
          const big = lp.readBigInt64LE(p + 1);
          value = big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
        }
      }
    } else {
      return fail(p, `invalid entry encoding 0x${b.toString(16)}`);
    }
    const entryLen = headerLen + dataLen;
    const blen = backlenSize(entryLen);
    if (p + entryLen + blen > end) fail(p, 'entry runs past the end');
    if (decodeBacklen(lp, p + entryLen + blen - 1) !== entryLen) fail(p + entryLen, 'back-length does not match the entry');
    if (names !== null && count % names.stride === 0) names.take(lp, value, p + headerLen, p + headerLen + dataLen);
    if (out !== null) {
      if (value === null) {
        const s = p + headerLen;
        value = lp.subarray(s, s + dataLen);
      } else if (asText) {
        value = entryText(value);
      }
      out.push(value);
    }
    count++;
    p += entryLen + blen;
  }
  if (checkCount && numele !== LP_HDR_NUMELE_UNKNOWN && numele !== count) {
    fail(4, `header counts ${numele} elements but there are ${count}`);
  }
  return count;
}

/** A listpack element as the string Redis returns for it (integers as decimal text). */
export function entryText(e: ListpackEntry): Buffer {
  if (Buffer.isBuffer(e)) return e;
  return typeof e === 'number' ? intText(e) : Buffer.from(e.toString(), 'latin1');
}
