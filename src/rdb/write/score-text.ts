// A sorted-set score as the text stored in a listpack or ziplist (util.c d2string of each server generation).

/** "%.17g" (Redis up to 7.0) or the shortest round-trip digits of fpconv_dtoa (7.2 and later). */
export type ScoreStyle = 'printf' | 'fpconv';

/** double2ll's range: integral values within ±2^62 are printed as integers. */
const INTEGRAL_LIMIT = 2 ** 62;

/** d2string: integers as integers, infinities as "inf"/"-inf", -0 as "-0", else per `style`. */
export function scoreText(v: number, style: ScoreStyle): Buffer {
  return Buffer.from(scoreString(v, style), 'latin1');
}

function scoreString(v: number, style: ScoreStyle): string {
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  if (Number.isInteger(v) && v >= -INTEGRAL_LIMIT && v <= INTEGRAL_LIMIT) {
    return Number.isSafeInteger(v) ? String(v) : BigInt(v).toString();
  }
  const sign = v < 0 ? '-' : '';
  if (style === 'printf') {
    const [digits, x] = roundedDigits(Math.abs(v));
    return sign + printfG(digits, x);
  }
  // toExponential without a precision gives the shortest digits that read back to the same double.
  const [mantissa, exp] = Math.abs(v).toExponential().split('e') as [string, string];
  return sign + fpconvDigits(mantissa.replace('.', ''), Number(exp));
}

const PRECISION = 17;
const f64 = new DataView(new ArrayBuffer(8));

/**
 * The 17 significant digits of a positive finite `v` and its decimal exponent, rounded half to even
 * from its exact binary value as printf does. toExponential rounds exactly too, but ties up: only when
 * an 18th digit of 5 says a tie is possible are the exact digits worked out.
 */
function roundedDigits(v: number): [string, number] {
  const [m18, exp] = v.toExponential(PRECISION).split('e') as [string, string];
  const last = m18[m18.length - 1]!;
  if (last !== '5') {
    // Rounded to 18 digits, an 18th digit other than 5 tells which way the exact value rounds at 17.
    const head = m18.slice(0, 1) + m18.slice(2, PRECISION + 1);
    return last < '5' ? [head, Number(exp)] : incremented(head, Number(exp));
  }
  f64.setFloat64(0, v);
  const hi = f64.getUint32(0);
  const field = (hi >>> 20) & 0x7ff;
  const mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(f64.getUint32(4));
  const m = field === 0 ? mantissa : mantissa | (1n << 52n);
  const e = (field === 0 ? 1 : field) - 1075;
  // v = m * 2^e exactly; for e < 0 that is m * 5^-e / 10^-e, whose digits are those of m * 5^-e.
  const exact = e >= 0 ? (m << BigInt(e)).toString() : (m * 5n ** BigInt(-e)).toString();
  const x = exact.length - 1 + Math.min(e, 0);
  if (exact.length <= PRECISION) return [exact.padEnd(PRECISION, '0'), x];
  const head = exact.slice(0, PRECISION);
  const rest = exact.slice(PRECISION);
  const half = rest.startsWith('5') && /^50*$/.test(rest);
  const up = rest[0]! > '5' || (rest.startsWith('5') && !half) || (half && Number(head[PRECISION - 1]) % 2 === 1);
  return up ? incremented(head, x) : [head, x];
}

/** `digits` plus one in the last place (a carry out of the first digit raises the exponent). */
function incremented(digits: string, x: number): [string, number] {
  let i = digits.length - 1;
  while (i >= 0 && digits[i] === '9') i--;
  if (i < 0) return ['1'.padEnd(digits.length, '0'), x + 1];
  return [digits.slice(0, i) + String.fromCharCode(digits.charCodeAt(i) + 1) + '0'.repeat(digits.length - 1 - i), x];
}

/** "%.17g" of 17 `digits` and exponent `x`: fixed notation for exponents -4 to 16, else d.ddde±XX; trailing zeros dropped. */
function printfG(digits: string, x: number): string {
  if (x < -4 || x >= 17) {
    const frac = digits.slice(1).replace(/0+$/, '');
    const e = String(Math.abs(x)).padStart(2, '0');
    return `${digits.slice(0, 1)}${frac ? `.${frac}` : ''}e${x < 0 ? '-' : '+'}${e}`;
  }
  const fixed = x >= 0 ? `${digits.slice(0, x + 1)}.${digits.slice(x + 1)}` : `0.${'0'.repeat(-x - 1)}${digits}`;
  return fixed.replace(/\.?0+$/, '');
}

/** fpconv's emit_digits: plain integers and decimals near 1, scientific with a bare exponent elsewhere. */
function fpconvDigits(digits: string, x: number): string {
  const n = digits.length;
  const k = x - (n - 1);
  const exp = Math.abs(x);
  if (k >= 0 && exp < n + 7) return digits + '0'.repeat(k);
  if (k < 0 && (k > -7 || exp < 4)) {
    const offset = n + k;
    return offset <= 0 ? `0.${'0'.repeat(-offset)}${digits}` : `${digits.slice(0, offset)}.${digits.slice(offset)}`;
  }
  return `${digits.slice(0, 1)}${n > 1 ? `.${digits.slice(1)}` : ''}e${x < 0 ? '-' : '+'}${exp}`;
}
