// Integer arguments with Redis's range checks and messages (object.c getRangeLongFromObjectOrReply and friends).
import { parseDouble, parseLongLong, parseShortLong } from './numbers.js';
import type { ErrorReply } from './types.js';

const LONG_MAX = (1n << 63n) - 1n;

/** getRangeLongFromObjectOrReply: with a message, that message is used for a parse failure too. */
export function parseRangeLong(arg: Buffer, min: bigint, max: bigint, message?: string): number | ErrorReply {
  // A number and a bigint compare exactly, so the short form needs no BigInt.
  const v = parseShortLong(arg) ?? parseLongLong(arg);
  if (v === null) return { error: `ERR ${message ?? 'value is not an integer or out of range'}` };
  if (v < min || v > max) return { error: `ERR ${message ?? `value is out of range, value must between ${min} and ${max}`}` };
  return Number(v);
}

/** getIntFromObjectOrReply. */
export function parseIntArg(arg: Buffer, message?: string): number | ErrorReply {
  return parseRangeLong(arg, -2147483648n, 2147483647n, message);
}

/** getPositiveLongFromObjectOrReply (0 is allowed). */
export function parsePositiveLong(arg: Buffer): number | ErrorReply {
  return parseRangeLong(arg, 0n, LONG_MAX, 'value is out of range, must be positive');
}

/** getLongFromObjectOrReply: any 64-bit integer; results beyond 2^53 lose precision, which no caller needs. */
export function parseLongArg(arg: Buffer): number | ErrorReply {
  const v = parseShortLong(arg) ?? parseLongLong(arg);
  return v === null ? { error: 'ERR value is not an integer or out of range' } : Number(v);
}

/** getTimeoutFromObjectOrReply (seconds as a double): blocking commands are only validated, never wait. */
export function checkTimeout(arg: Buffer): ErrorReply | null {
  const v = parseDouble(arg);
  if (v === null || !Number.isFinite(v)) return { error: 'ERR timeout is not a float or out of range' };
  if (v < 0) return { error: 'ERR timeout is negative' };
  return null;
}
