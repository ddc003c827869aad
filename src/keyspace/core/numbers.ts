// Number parsing and formatting with Redis's exact acceptance rules (util.c string2ll, strtod-based getDoubleFromObject).

import { digitsValue } from '../../rdb/write/int64-text.js';

const LLONG_MAX = (1n << 63n) - 1n;
const LLONG_MIN = -(1n << 63n);

/** string2ll: optional '-', no '+', no spaces, no leading zeros, within 64-bit range. */
export function parseLongLong(arg: Buffer): bigint | null {
  const n = arg.length;
  if (n === 0 || n > 20) return null;
  if (n === 1 && arg[0] === 0x30) return 0n;
  let i = 0;
  if (arg[0] === 0x2d) {
    i = 1;
    if (n === 1) return null;
  }
  if (arg[i]! < 0x31 || arg[i]! > 0x39) return null;
  for (let j = i + 1; j < n; j++) if (arg[j]! < 0x30 || arg[j]! > 0x39) return null;
  const v = BigInt(arg.toString('latin1'));
  return v > LLONG_MAX || v < LLONG_MIN ? null : v;
}

export { LLONG_MAX, LLONG_MIN };

/**
 * string2ll for the common case as a plain number: up to 15 characters, so exact in a double. null means
 * "not decided here" (longer, or not an integer): ask parseLongLong, which has the full rules.
 */
export function parseShortLong(arg: Buffer): number | null {
  const n = arg.length;
  if (n === 0 || n > 15) return null;
  const negative = arg[0] === 0x2d;
  const i = negative ? 1 : 0;
  if (i === n) return null;
  if (arg[i] === 0x30 && n > 1) return null;
  const v = digitsValue(arg, i, n);
  return v < 0 ? null : negative ? -v : v;
}

/**
 * Up to 15 digits, optionally after '-': what strtod reads exactly, leading zeros and all ("007" is 7, "-0" is
 * -0). Zero-padded scores are common (redis-benchmark's are 12 digits), and the full path builds a string.
 */
function parseDigits(arg: Buffer): number | null {
  const n = arg.length;
  const negative = n > 0 && arg[0] === 0x2d;
  const i = negative ? 1 : 0;
  if (i === n || n - i > 15) return null;
  const v = digitsValue(arg, i, n);
  return v < 0 ? null : negative ? -v : v;
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const HEX = /^([+-]?)0[xX]((?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+))(?:[pP]([+-]?\d+))?$/;
const INFINITY = /^([+-]?)(?:inf|infinity)$/i;

/**
 * getDoubleFromObject: the whole argument must be one strtod number, no leading space, not NaN,
 * and not an overflow or underflow to zero (ERANGE). "inf"/"+inf"/"-inf"/"infinity" are accepted.
 */
export function parseDouble(arg: Buffer): number | null {
  const int = parseDigits(arg);
  if (int !== null) return int;
  const s = arg.toString('latin1');
  const inf = INFINITY.exec(s);
  if (inf !== null) return inf[1] === '-' ? -Infinity : Infinity;
  if (DECIMAL.test(s)) {
    const v = Number(s);
    if (!Number.isFinite(v)) return null;
    if (v === 0 && /[1-9]/.test(s.replace(/[eE].*$/, ''))) return null;
    return v;
  }
  const hex = HEX.exec(s);
  if (hex === null) return null;
  const [, sign, digits, exp] = hex;
  const [intPart, fracPart = ''] = digits!.split('.');
  const mantissa = BigInt('0x' + ((intPart ?? '') + fracPart || '0'));
  const e = Number(exp ?? '0') - 4 * fracPart.length;
  const v = mantissaTimesPow2(mantissa, e);
  if (!Number.isFinite(v) || (v === 0 && mantissa !== 0n)) return null;
  return sign === '-' ? -v : v;
}

/** m · 2^e rounded to nearest double (m exact, rounding done once through a decimal-free path). */
function mantissaTimesPow2(m: bigint, e: number): number {
  if (m === 0n) return 0;
  const bits = m.toString(2).length;
  // Keep 64 significant bits plus a sticky bit so the one final rounding is exact.
  if (bits > 64) {
    const drop = BigInt(bits - 64);
    const sticky = (m & ((1n << drop) - 1n)) !== 0n ? 1n : 0n;
    m = (m >> drop) | sticky;
    e += Number(drop);
  }
  let v = Number(m); // rounds the ≤64-bit integer to 53 bits correctly
  while (e > 0) {
    const step = Math.min(e, 1000);
    v *= 2 ** step;
    e -= step;
  }
  while (e < 0) {
    const step = Math.min(-e, 1000);
    v /= 2 ** step;
    e += step;
  }
  return v;
}

/** printf("%.17g"): how Redis 7.0 replies with a double (addReplyDouble) and writes rewrite scores. */
export function formatG17(d: number): string {
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  if (Number.isNaN(d)) return 'nan';
  if (d === 0) return Object.is(d, -0) ? '-0' : '0';
  const [mant, e] = d.toExponential(16).split('e') as [string, string];
  const x = Number(e);
  if (x < -4 || x >= 17) {
    const m = mant.includes('.') ? mant.replace(/0+$/, '').replace(/\.$/, '') : mant;
    const ex = Math.abs(x) < 10 ? `0${Math.abs(x)}` : `${Math.abs(x)}`;
    return `${m}e${x < 0 ? '-' : '+'}${ex}`;
  }
  const fixed = d.toFixed(Math.max(0, 16 - x));
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}

/** Shortest text that strtod reads back to the same double (like 7.2's fpconv_dtoa). */
export function formatShortest(d: number): string {
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  if (Number.isNaN(d)) return 'nan';
  return Object.is(d, -0) ? '-0' : String(d);
}

/** strtod over the whole text, as zslParseRange uses it: leading space allowed, overflow gives ±inf; NaN refused. */
export function parseStrtod(text: string): number | null {
  const s = text.replace(/^[ \t\n\v\f\r]+/, '');
  if (INFINITY.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (DECIMAL.test(s)) return Number(s);
  return HEX.test(s) ? parseDouble(Buffer.from(s, 'latin1')) : null;
}
