// Which byte strings Redis stores as integers: the exact acceptance of util.c string2ll, on Buffers.

/** string2ll refuses 21 bytes or more (LONG_STR_SIZE). */
const MAX_DIGITS_LENGTH = 20;
/** Up to 15 digits the value is exact as a double; past that it is built as a bigint. */
const NUMBER_DIGITS = 15;
const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

/**
 * The signed 64-bit value of `b` when string2ll accepts it (optional '-', no '+', no spaces, no leading
 * zeros, no "-0", in range), else null. A number when it has at most 15 digits, else a bigint, so callers
 * never round: listpack, ziplist and intset encodings, and the RDB's integer-encoded strings, hang on it.
 */
export function parseInt64(b: Uint8Array): number | bigint | null {
  const len = b.length;
  if (len === 0 || len > MAX_DIGITS_LENGTH) return null;
  if (len === 1 && b[0] === 0x30) return 0;
  const negative = b[0] === 0x2d;
  const p = negative ? 1 : 0;
  if (p === len) return null;
  const first = b[p]!;
  if (first < 0x31 || first > 0x39) return null;
  const digits = len - p;
  if (digits <= NUMBER_DIGITS) {
    const v = digitsValue(b, p, len);
    return v < 0 ? null : negative ? -v : v;
  }
  for (let i = p; i < len; i++) if (b[i]! < 0x30 || b[i]! > 0x39) return null;
  let v = BigInt(Buffer.from(b.buffer, b.byteOffset + p, digits).toString('latin1'));
  if (negative) v = -v;
  return v < INT64_MIN || v > INT64_MAX ? null : v;
}

/**
 * The value of the decimal digits b[from, to), or -1 when a byte there is not a digit. At most 15 digits (exact
 * as a double): every fast path of string2ll and strtod on integers reads them here.
 */
export function digitsValue(b: Uint8Array, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = b[i]! - 0x30;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** True for a value that fits a signed 32-bit integer (the RDB's INT8/16/32 string encodings). */
export function fitsInt32(v: number | bigint): v is number {
  return typeof v === 'number' && v >= -2147483648 && v <= 2147483647;
}
