// Bit addressing shared by SETBIT and BITFIELD (bitops.c getBitOffsetFromArgument, lookupStringForBitCommand).
import type { CoreContext } from '../core/context.js';
import { parseLongLong } from '../core/numbers.js';
import { StringValue } from '../core/string-value.js';
import { lookupString, MAX_STRING_LENGTH } from './string.js';
import type { ErrorReply } from '../core/types.js';

const BAD_OFFSET: ErrorReply = { error: 'ERR bit offset is not an integer or out of range' };

/**
 * A bit offset; with `bits` > 0 a "#n" form means n·bits. Redis skips the 512MB limit for the AOF
 * client (mustObeyClient); we keep it to bound memory.
 */
export function parseBitOffset(arg: Buffer, bits: number): number | ErrorReply {
  const hash = bits > 0 && arg[0] === 0x23;
  const v = parseLongLong(hash ? arg.subarray(1) : arg);
  if (v === null) return BAD_OFFSET;
  const offset = hash ? v * BigInt(bits) : v;
  if (offset < 0n || offset >> 3n >= BigInt(MAX_STRING_LENGTH)) return BAD_OFFSET;
  return Number(offset);
}

/** The string at key grown to hold bit maxBit (created zero-filled when absent), or WRONGTYPE. */
export function stringForBits(ctx: CoreContext, key: Buffer, maxBit: number): StringValue | ErrorReply {
  const cur = lookupString(ctx, key);
  if (cur !== undefined && 'error' in cur) return cur;
  const bytes = Math.floor(maxBit / 8) + 1;
  if (cur === undefined) {
    const created = new StringValue(Buffer.alloc(bytes));
    ctx.db.add(key, created);
    return created;
  }
  cur.growTo(bytes);
  return cur;
}

export function getBit(bytes: Buffer, offset: number): number {
  const byte = offset >>> 3;
  return byte < bytes.length ? (bytes[byte]! >> (7 - (offset & 7))) & 1 : 0;
}

export function setBit(bytes: Buffer, offset: number, on: number): void {
  const byte = offset >>> 3;
  const mask = 1 << (7 - (offset & 7));
  bytes[byte] = on ? bytes[byte]! | mask : bytes[byte]! & ~mask;
}
