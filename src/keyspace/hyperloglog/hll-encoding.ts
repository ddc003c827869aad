// The HyperLogLog string format of Redis 7.0 (hyperloglog.c): header, sparse opcodes, dense 6-bit registers, hashing.

const HLL_HDR_SIZE = 16;
export const HLL_REGISTERS = 16384;
const HLL_P = 14;
const HLL_Q = 64 - HLL_P;
const HLL_BITS = 6;
const HLL_REGISTER_MAX = 63;
const HLL_DENSE_SIZE = HLL_HDR_SIZE + Math.floor((HLL_REGISTERS * HLL_BITS + 7) / 8);
export const HLL_DENSE = 0;
const HLL_SPARSE = 1;
/** hll-sparse-max-bytes default: a sparse HLL growing past this is promoted to dense. */
const HLL_SPARSE_MAX_BYTES = 3000;
const VAL_MAX_VALUE = 32;
const VAL_MAX_LEN = 4;
const ZERO_MAX_LEN = 64;
const XZERO_MAX_LEN = 16384;
/** Byte 15's top bit marks the cached cardinality (bytes 8..15, little-endian) stale (HLL_INVALIDATE_CACHE). */
const CARD_STALE_BYTE = 15;

// Sparse opcodes: ZERO 00xxxxxx (1..64 zeros), XZERO 01xxxxxx yyyyyyyy (1..16384 zeros), VAL 1vvvvvxx.
const isZero = (b: number): boolean => (b & 0xc0) === 0;
const isXZero = (b: number): boolean => (b & 0xc0) === 0x40;
const isVal = (b: number): boolean => (b & 0x80) !== 0;
const zeroLen = (b: number): number => (b & 0x3f) + 1;
const xzeroLen = (b0: number, b1: number): number => (((b0 & 0x3f) << 8) | b1) + 1;
const valValue = (b: number): number => ((b >> 2) & 0x1f) + 1;
const valLen = (b: number): number => (b & 0x3) + 1;
const valOp = (value: number, len: number): number => ((value - 1) << 2) | (len - 1) | 0x80;
const zeroOps = (len: number): number[] => (len > ZERO_MAX_LEN ? [((len - 1) >> 8) | 0x40, (len - 1) & 0xff] : [len - 1]);

const M = 0xc6a4a7935bd1e995n;
const MASK64 = (1n << 64n) - 1n;

/** MurmurHash64A as Redis uses it (little-endian 8-byte blocks, seed 0xadc83b19). */
export function murmurHash64A(data: Buffer, seed = 0xadc83b19n): bigint {
  const len = data.length;
  let h = (seed ^ ((BigInt(len) * M) & MASK64)) & MASK64;
  const blocks = len - (len & 7);
  for (let i = 0; i < blocks; i += 8) {
    let k = data.readBigUInt64LE(i);
    k = (k * M) & MASK64;
    k ^= k >> 47n;
    k = (k * M) & MASK64;
    h ^= k;
    h = (h * M) & MASK64;
  }
  const rest = len & 7;
  if (rest > 0) {
    for (let i = rest - 1; i >= 0; i--) h ^= BigInt(data[blocks + i]!) << BigInt(8 * i);
    h = (h * M) & MASK64;
  }
  h ^= h >> 47n;
  h = (h * M) & MASK64;
  h ^= h >> 47n;
  return h;
}

/** hllPatLen: the register an element lands in and its run length of trailing zeros plus one. */
export function patLen(ele: Buffer): { index: number; count: number } {
  let hash = murmurHash64A(ele);
  const index = Number(hash & BigInt(HLL_REGISTERS - 1));
  hash >>= BigInt(HLL_P);
  hash |= 1n << BigInt(HLL_Q);
  let count = 1;
  while ((hash & 1n) === 0n) {
    count++;
    hash >>= 1n;
  }
  return { index, count };
}

/** createHLLObject: "HYLL", sparse, a zero (valid) cache, and XZERO opcodes covering every register. */
export function createHll(): Buffer {
  const b = Buffer.alloc(HLL_HDR_SIZE + 2);
  b.write('HYLL', 0, 'latin1');
  b[4] = HLL_SPARSE;
  b[HLL_HDR_SIZE] = ((XZERO_MAX_LEN - 1) >> 8) | 0x40;
  b[HLL_HDR_SIZE + 1] = (XZERO_MAX_LEN - 1) & 0xff;
  return b;
}

/** isHLLObjectOrReply's checks on the bytes. */
export function isValidHll(b: Buffer): boolean {
  if (b.length < HLL_HDR_SIZE || b.toString('latin1', 0, 4) !== 'HYLL') return false;
  if (b[4]! > HLL_SPARSE) return false;
  return b[4] !== HLL_DENSE || b.length === HLL_DENSE_SIZE;
}

export function invalidateCache(b: Buffer): void {
  b[CARD_STALE_BYTE] = b[CARD_STALE_BYTE]! | 0x80;
}

export function denseGet(b: Buffer, reg: number): number {
  const byte = HLL_HDR_SIZE + ((reg * HLL_BITS) >> 3);
  const fb = (reg * HLL_BITS) & 7;
  return ((b[byte]! >> fb) | ((b[byte + 1] ?? 0) << (8 - fb))) & HLL_REGISTER_MAX;
}

/** hllDenseSet: raises a register; true when it changed. */
export function denseSet(b: Buffer, reg: number, count: number): boolean {
  if (count <= denseGet(b, reg)) return false;
  const byte = HLL_HDR_SIZE + ((reg * HLL_BITS) >> 3);
  const fb = (reg * HLL_BITS) & 7;
  b[byte] = (b[byte]! & ~(HLL_REGISTER_MAX << fb) & 0xff) | ((count << fb) & 0xff);
  if (byte + 1 < b.length) b[byte + 1] = (b[byte + 1]! & ~(HLL_REGISTER_MAX >> (8 - fb))) | (count >> (8 - fb));
  return true;
}

/** Calls visit(firstRegister, runLength, value) per sparse opcode; false when the opcodes do not cover exactly 16384 registers. */
export function walkSparse(b: Buffer, visit: (first: number, len: number, value: number) => void): boolean {
  let idx = 0;
  let p = HLL_HDR_SIZE;
  while (p < b.length) {
    const op = b[p]!;
    let len: number;
    let value = 0;
    if (isZero(op)) {
      len = zeroLen(op);
      p++;
    } else if (isXZero(op)) {
      len = xzeroLen(op, b[p + 1] ?? 0);
      p += 2;
    } else {
      len = valLen(op);
      value = valValue(op);
      if (idx + len > HLL_REGISTERS) return false;
      p++;
    }
    visit(idx, len, value);
    idx += len;
  }
  return idx === HLL_REGISTERS;
}

/** hllSparseToDense: the dense string (header copied, encoding changed), or null when the sparse form is corrupt. */
export function sparseToDense(b: Buffer): Buffer | null {
  if (b[4] === HLL_DENSE) return b;
  const dense = Buffer.alloc(HLL_DENSE_SIZE);
  b.copy(dense, 0, 0, HLL_HDR_SIZE);
  dense[4] = HLL_DENSE;
  const ok = walkSparse(b, (first, len, value) => {
    if (value > 0) for (let r = first; r < first + len; r++) denseSet(dense, r, value);
  });
  return ok ? dense : null;
}

export type SparseSetResult = { readonly status: 'unchanged' | 'invalid' } | { readonly status: 'updated'; readonly bytes: Buffer };

/**
 * hllSparseSet: raises register index to count, splitting the opcode that covers it and re-merging
 * equal neighbouring VAL opcodes (at most five opcodes from the one before). Promotes to dense when
 * the value exceeds 32 or the string would grow past HLL_SPARSE_MAX_BYTES.
 */
export function sparseSet(b: Buffer, index: number, count: number): SparseSetResult {
  if (count > VAL_MAX_VALUE) return promote(b, index, count);
  let p = HLL_HDR_SIZE;
  let first = 0;
  let prev = -1;
  let span = 0;
  let oplen = 1;
  while (p < b.length) {
    const op = b[p]!;
    oplen = isXZero(op) ? 2 : 1;
    span = isZero(op) ? zeroLen(op) : isVal(op) ? valLen(op) : xzeroLen(op, b[p + 1] ?? 0);
    if (index <= first + span - 1) break;
    prev = p;
    p += oplen;
    first += span;
  }
  if (span === 0 || p >= b.length) return { status: 'invalid' };
  const op = b[p]!;
  const last = first + span - 1;
  let seq: number[];
  if (isVal(op)) {
    const cur = valValue(op);
    if (cur >= count) return { status: 'unchanged' };
    seq =
      span === 1
        ? [valOp(count, 1)]
        : [...(index !== first ? [valOp(cur, index - first)] : []), valOp(count, 1), ...(index !== last ? [valOp(cur, last - index)] : [])];
  } else if (isZero(op) && span === 1) {
    seq = [valOp(count, 1)];
  } else {
    seq = [...(index !== first ? zeroOps(index - first) : []), valOp(count, 1), ...(index !== last ? zeroOps(last - index) : [])];
  }
  const delta = seq.length - oplen;
  if (delta > 0 && b.length + delta > HLL_SPARSE_MAX_BYTES) return promote(b, index, count);
  const out = Buffer.concat([b.subarray(0, p), Buffer.from(seq), b.subarray(p + oplen)]);
  const merged = mergeAdjacent(out, prev >= 0 ? prev : HLL_HDR_SIZE);
  invalidateCache(merged);
  return { status: 'updated', bytes: merged };
}

/** The "updated:" pass of hllSparseSet: joins VAL opcodes of equal value whose lengths fit one opcode. */
function mergeAdjacent(ops: Buffer, from: number): Buffer {
  let end = ops.length;
  let p = from;
  let scan = 5;
  while (p < end && scan-- > 0) {
    const op = ops[p]!;
    if (isXZero(op)) {
      p += 2;
      continue;
    }
    if (isZero(op)) {
      p++;
      continue;
    }
    if (p + 1 < end && isVal(ops[p + 1]!) && valValue(op) === valValue(ops[p + 1]!)) {
      const len = valLen(op) + valLen(ops[p + 1]!);
      if (len <= VAL_MAX_LEN) {
        ops[p + 1] = valOp(valValue(op), len);
        ops.copyWithin(p, p + 1, end);
        end--;
        continue;
      }
    }
    p++;
  }
  return end === ops.length ? ops : ops.subarray(0, end);
}

function promote(b: Buffer, index: number, count: number): SparseSetResult {
  const dense = sparseToDense(b);
  if (dense === null) return { status: 'invalid' };
  denseSet(dense, index, count);
  return { status: 'updated', bytes: dense };
}

/** hllSigma. */
function sigma(x: number): number {
  if (x === 1) return Infinity;
  let y = 1;
  let z = x;
  let zPrime: number;
  do {
    x *= x;
    zPrime = z;
    z += x * y;
    y += y;
  } while (zPrime !== z);
  return z;
}

/** hllTau. */
function tau(x: number): number {
  if (x === 0 || x === 1) return 0;
  let y = 1;
  let z = 1 - x;
  let zPrime: number;
  do {
    x = Math.sqrt(x);
    zPrime = z;
    y *= 0.5;
    z -= (1 - x) * (1 - x) * y;
  } while (zPrime !== z);
  return z / 3;
}

/** hllCount's estimator (Ertl's improved raw estimate) over a register-value histogram. */
export function estimate(histogram: number[]): number {
  const m = HLL_REGISTERS;
  let z = m * tau((m - histogram[HLL_Q + 1]!) / m);
  for (let j = HLL_Q; j >= 1; --j) {
    z += histogram[j]!;
    z *= 0.5;
  }
  z += m * sigma(histogram[0]! / m);
  const e = (0.72134752044448170368 * m * m) / z;
  const f = Math.floor(e);
  return e - f >= 0.5 ? f + 1 : f; // llroundl: halves away from zero
}
