// Redis's strict integer parsing (util.c string2ll / string2ull), shared by the stream commands.

const LLONG_MAX = (1n << 63n) - 1n;
const LLONG_MIN = -(1n << 63n);
const ULLONG_MAX = (1n << 64n) - 1n;
/** string2ll refuses strings of LONG_STR_SIZE (21) bytes or more. */
const LONG_STR_SIZE = 21;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** util.c string2ll: no spaces, no '+', no leading zeros, no "-0"; null when not a long long. */
export function parseLongLong(bytes: Buffer): bigint | null {
  const len = bytes.length;
  if (len === 0 || len >= LONG_STR_SIZE) return null;
  if (len === 1 && bytes[0] === 0x30) return 0n;
  let i = 0;
  const negative = bytes[0] === 0x2d;
  if (negative) i++;
  if (i === len || bytes[i]! < 0x31 || bytes[i]! > 0x39) return null;
  // Up to 15 digits fit a double exactly: accumulate as a number and convert once.
  let small = 0;
  const smallEnd = Math.min(len, i + 15);
  for (; i < smallEnd; i++) {
    const c = bytes[i]!;
    if (!isDigit(c)) return null;
    small = small * 10 + (c - 0x30);
  }
  let v = BigInt(small);
  for (; i < len; i++) {
    const c = bytes[i]!;
    if (!isDigit(c)) return null;
    v = v * 10n + BigInt(c - 0x30);
  }
  if (negative) return -v < LLONG_MIN ? null : -v;
  return v > LLONG_MAX ? null : v;
}

function isCSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/** glibc strtoull(s, &end, 10) on a whole C string: leading spaces, a sign ('-' negates modulo 2^64). */
function parseStrtoull(text: Buffer): bigint | null {
  let i = 0;
  while (i < text.length && isCSpace(text[i]!)) i++;
  let negative = false;
  if (i < text.length && (text[i] === 0x2b || text[i] === 0x2d)) {
    negative = text[i] === 0x2d;
    i++;
  }
  const start = i;
  let v = 0n;
  for (; i < text.length && isDigit(text[i]!); i++) {
    v = v * 10n + BigInt(text[i]! - 0x30);
    if (v > ULLONG_MAX) return null; // ERANGE
  }
  if (i === start || i !== text.length) return null; // nothing converted, or trailing junk
  return negative ? (ULLONG_MAX + 1n - v) & ULLONG_MAX : v;
}

/** util.c string2ull on a C string: string2ll first (negatives refused), else strtoull. */
export function parseUnsignedLongLong(text: Buffer): bigint | null {
  const ll = parseLongLong(text);
  if (ll !== null) return ll < 0n ? null : ll;
  if (text.length === 0) return null;
  return parseStrtoull(text);
}
