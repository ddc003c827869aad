// INCRBYFLOAT/HINCRBYFLOAT arithmetic in x87 80-bit long double, as Redis 7.0 does it (string2ld, ld2string LD_STR_HUMAN).
import type { ErrorReply } from './types.js';

/** A finite long double: (-1)^neg · m · 2^e with m < 2^64 (0 has m = 0). */
export interface LongDouble {
  readonly neg: boolean;
  readonly m: bigint;
  readonly e: number;
}

const MANTISSA_BITS = 64;
/** Largest exponent of the leading bit is 16383; smallest subnormal is 2^-16445. */
const MAX_BIT_EXP = 16383;
const MIN_SUBNORMAL_EXP = -16445;
/** MAX_LONG_DOUBLE_CHARS: string2ld refuses inputs this long or longer. */
const MAX_CHARS = 5 * 1024;

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const HEX = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/;
const INFINITY = /^[+-]?(?:inf|infinity)$/i;

function bitLength(v: bigint): number {
  return v === 0n ? 0 : v.toString(2).length;
}

/** Rounds num/den · 2^e (positive) to a 64-bit mantissa, ties to even; null on overflow. Subnormal precision loss is ignored. */
function roundRational(neg: boolean, num: bigint, den: bigint, e: number): LongDouble | null {
  if (num === 0n) return { neg, m: 0n, e: 0 };
  // Scale so the quotient has at least 66 bits (64 kept, guard and sticky from the remainder).
  const shift = Math.max(0, MANTISSA_BITS + 2 - (bitLength(num) - bitLength(den)));
  let q = (num << BigInt(shift)) / den;
  const rem = (num << BigInt(shift)) % den;
  e -= shift;
  const extra = bitLength(q) - MANTISSA_BITS;
  if (extra > 0) {
    const dropped = q & ((1n << BigInt(extra)) - 1n);
    q >>= BigInt(extra);
    e += extra;
    const half = 1n << BigInt(extra - 1);
    const above = dropped > half || (dropped === half && rem !== 0n);
    if (above || (dropped === half && rem === 0n && (q & 1n) === 1n)) q += 1n;
    if (bitLength(q) > MANTISSA_BITS) {
      q >>= 1n;
      e += 1;
    }
  }
  if (e + MANTISSA_BITS - 1 > MAX_BIT_EXP) return null;
  return { neg, m: q, e };
}

/** string2ld: the whole argument must be one strtold number; overflow, underflow to zero and NaN are refused. */
export function parseLongDouble(arg: Buffer): LongDouble | 'inf' | '-inf' | null {
  if (arg.length === 0 || arg.length >= MAX_CHARS) return null;
  const s = arg.toString('latin1');
  if (INFINITY.test(s)) return s.startsWith('-') ? '-inf' : 'inf';
  const dec = DECIMAL.exec(s);
  if (dec !== null && (dec[2]! + (dec[3] ?? '')).length > 0) {
    const digits = dec[2]! + (dec[3] ?? '');
    const exp10 = Number(dec[4] ?? '0') - (dec[3] ?? '').length;
    const neg = dec[1] === '-';
    const mant = BigInt(digits);
    if (mant === 0n) return { neg, m: 0n, e: 0 };
    const magnitude = exp10 + digits.replace(/^0+/, '').length;
    if (magnitude > 4940) return null; // ≥ 1e4940 overflows the long double range
    if (magnitude < -4960) return null; // underflows to zero
    const r = exp10 >= 0 ? roundRational(neg, mant * 10n ** BigInt(exp10), 1n, 0) : roundRational(neg, mant, 10n ** BigInt(-exp10), 0);
    return r === null || tooSmall(r) ? null : r;
  }
  const hex = HEX.exec(s);
  if (hex !== null && (hex[2]! + (hex[3] ?? '')).length > 0) {
    const frac = hex[3] ?? '';
    const mant = BigInt('0x' + (hex[2]! + frac));
    const e = Number(hex[4] ?? '0') - 4 * frac.length;
    if (mant === 0n) return { neg: hex[1] === '-', m: 0n, e: 0 };
    if (e + bitLength(mant) > MAX_BIT_EXP + 1) return null;
    const r = roundRational(hex[1] === '-', mant, 1n, e);
    return r === null || tooSmall(r) ? null : r;
  }
  return null;
}

function tooSmall(v: LongDouble): boolean {
  return v.m !== 0n && v.e + bitLength(v.m) - 1 < MIN_SUBNORMAL_EXP;
}

export const LD_ZERO: LongDouble = { neg: false, m: 0n, e: 0 };

/** a + b rounded once to long double; null when the sum overflows to infinity. */
export function addLongDouble(a: LongDouble, b: LongDouble): LongDouble | null {
  const e = Math.min(a.e, b.e);
  const av = (a.neg ? -a.m : a.m) << BigInt(a.e - e);
  const bv = (b.neg ? -b.m : b.m) << BigInt(b.e - e);
  const sum = av + bv;
  if (sum === 0n) return { neg: false, m: 0n, e: 0 };
  return roundRational(sum < 0n, sum < 0n ? -sum : sum, 1n, e);
}

/** ld2string(LD_STR_HUMAN): "%.17Lf" (exact value, ties to even), trailing zeros and '.' trimmed, "-0" → "0". */
export function formatLongDoubleHuman(v: LongDouble): string {
  const scale = 10n ** 17n;
  let scaled: bigint;
  if (v.e >= 0) scaled = (v.m << BigInt(v.e)) * scale;
  else {
    const den = 1n << BigInt(-v.e);
    const num = v.m * scale;
    scaled = num / den;
    const rem = num % den;
    if (rem * 2n > den || (rem * 2n === den && (scaled & 1n) === 1n)) scaled += 1n;
  }
  const text = scaled.toString().padStart(18, '0');
  let out = `${text.slice(0, -17)}.${text.slice(-17)}`.replace(/0+$/, '').replace(/\.$/, '');
  if (v.neg) out = `-${out}`;
  return out === '-0' ? '0' : out;
}

/** incrbyfloatCommand's arithmetic: the new value's text, or the error Redis replies with. */
export function incrByFloat(current: Buffer | null, increment: Buffer): Buffer | ErrorReply {
  const notFloat = { error: 'ERR value is not a valid float' };
  const value = current === null ? LD_ZERO : parseLongDouble(current);
  if (value === null) return notFloat;
  const incr = parseLongDouble(increment);
  if (incr === null) return notFloat;
  if (typeof value === 'string' || typeof incr === 'string') {
    return { error: 'ERR increment would produce NaN or Infinity' };
  }
  const sum = addLongDouble(value, incr);
  if (sum === null) return { error: 'ERR increment would produce NaN or Infinity' };
  return Buffer.from(formatLongDoubleHuman(sum), 'latin1');
}
