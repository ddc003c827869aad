// sin, cos and asin rounded correctly, via double-double arithmetic: glibc's (which Redis's distances use) are
// correctly rounded in practice, while V8's Math.sin/cos/asin miss the last bit for a few percent of inputs.

/** A value hi + lo with |lo| ≤ ulp(hi)/2. */
type DD = readonly [number, number];

const SPLITTER = 134217729; // 2^27 + 1, Veltkamp's split constant.
// π/2 as three doubles (π/2 = P1 + P2 + P3 to about 160 bits).
const P1 = 1.5707963267948966;
const P2 = 6.123233995736766e-17;
const P3 = -1.4973849048591698e-33;
/** Series terms below this (relative to 1) no longer move a double-double. */
const EPS = 1e-34;

function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}

function twoProd(a: number, b: number): DD {
  const p = a * b;
  let c = SPLITTER * a;
  const ah = c - (c - a);
  const al = a - ah;
  c = SPLITTER * b;
  const bh = c - (c - b);
  const bl = b - bh;
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}

function add(x: DD, y: DD): DD {
  const [s, e] = twoSum(x[0], y[0]);
  return twoSum(s, e + x[1] + y[1]);
}

function mul(x: DD, y: DD): DD {
  const [p, e] = twoProd(x[0], y[0]);
  return twoSum(p, e + x[0] * y[1] + x[1] * y[0]);
}

function divNumber(x: DD, d: number): DD {
  const q = x[0] / d;
  const [p, e] = twoProd(q, d);
  return twoSum(q, (x[0] - p - e + x[1]) / d);
}

function div(x: DD, y: DD): DD {
  const q = x[0] / y[0];
  const r = add(x, mul(y, [-q, 0]));
  return twoSum(q, r[0] / y[0]);
}

const neg = (x: DD): DD => [-x[0], -x[1]];

/** Σ sign^n r^(2n+start) / (2n+start)!: sin (start 1) or cos (start 0) of a reduced |r| ≤ π/4. */
function series(r: DD, start: 0 | 1): DD {
  const r2 = mul(r, r);
  let term: DD = start === 1 ? r : [1, 0];
  let sum = term;
  for (let n = start + 1; Math.abs(term[0]) > EPS; n += 2) {
    term = neg(divNumber(mul(term, r2), n * (n + 1)));
    sum = add(sum, term);
  }
  return sum;
}

/** sin (quadrant offset 0) or cos (offset 1) of x as a double-double, by reduction modulo π/2. */
function sinCos(x: number, offset: 0 | 1): DD {
  const k = Math.round(x / P1);
  let r: DD = [x, 0];
  for (const p of [P1, P2, P3]) r = add(r, neg(twoProd(k, p)));
  const quadrant = (((k + offset) % 4) + 4) % 4;
  const v = series(r, quadrant % 2 === 0 ? 1 : 0);
  return quadrant >= 2 ? neg(v) : v;
}

export function sin(x: number): number {
  return x === 0 || !Number.isFinite(x) ? Math.sin(x) : sinCos(x, 0)[0];
}

export function cos(x: number): number {
  return Number.isFinite(x) ? sinCos(x, 1)[0] : NaN;
}

/** One Newton step on sin(z) = y from V8's asin, in double-double: the error squares to well below 2^-106. */
export function asin(y: number): number {
  const z0 = Math.asin(y);
  if (y === 0 || Math.abs(y) >= 1 || Number.isNaN(y)) return z0;
  const delta = div(add([y, 0], neg(sinCos(z0, 0))), sinCos(z0, 1));
  return twoSum(z0, delta[0])[0] + delta[1];
}
