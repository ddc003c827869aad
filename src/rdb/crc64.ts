// CRC-64/Jones as Redis computes it over RDB files and DUMP payloads (crc64.c: reflected, poly 0xad93d23594c935a9, init 0).

// The reflected form of the Jones polynomial, split into 32-bit halves so the hot loop never touches BigInt.
const POLY_REFLECTED = 0x95ac9329ac4bc9b5n;

// Slicing-by-8 tables: TABLE_LO[k * 256 + b] / TABLE_HI[...] are the low/high halves of T_k[b].
const TABLE_LO = new Uint32Array(8 * 256);
const TABLE_HI = new Uint32Array(8 * 256);

function buildTables(): void {
  for (let b = 0; b < 256; b++) {
    let c = BigInt(b);
    for (let i = 0; i < 8; i++) c = c & 1n ? (c >> 1n) ^ POLY_REFLECTED : c >> 1n;
    TABLE_LO[b] = Number(c & 0xffffffffn);
    TABLE_HI[b] = Number(c >> 32n);
  }
  for (let k = 1; k < 8; k++) {
    for (let b = 0; b < 256; b++) {
      const prevLo = TABLE_LO[(k - 1) * 256 + b]!;
      const prevHi = TABLE_HI[(k - 1) * 256 + b]!;
      // T_k[b] = (T_{k-1}[b] >> 8) ^ T_0[T_{k-1}[b] & 0xff]
      const idx = prevLo & 0xff;
      TABLE_LO[k * 256 + b] = (((prevLo >>> 8) | (prevHi << 24)) ^ TABLE_LO[idx]!) >>> 0;
      TABLE_HI[k * 256 + b] = ((prevHi >>> 8) ^ TABLE_HI[idx]!) >>> 0;
    }
  }
}
buildTables();

/** Word reads below assume the host's byte order is little-endian; elsewhere the byte loop does it all. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** A running CRC-64 held as two 32-bit halves; feed bytes in order with update(). */
export class Crc64 {
  lo: number;
  hi: number;

  constructor(initial = 0n) {
    this.lo = Number(initial & 0xffffffffn);
    this.hi = Number((initial >> 32n) & 0xffffffffn);
  }

  update(buf: Uint8Array, start = 0, end = buf.length): this {
    let lo = this.lo;
    let hi = this.hi;
    let i = start;
    const T_LO = TABLE_LO;
    const T_HI = TABLE_HI;
    // Byte by byte up to a 4-byte boundary, so the bulk can be read as 32-bit words.
    const alignedStart = Math.min(end, i + ((4 - ((buf.byteOffset + i) & 3)) & 3));
    for (; i < alignedStart; i++) {
      const idx = (lo ^ buf[i]!) & 0xff;
      lo = ((lo >>> 8) | (hi << 24)) ^ T_LO[idx]!;
      hi = (hi >>> 8) ^ T_HI[idx]!;
    }
    // Eight bytes at a time: xor them into the CRC, then one table look-up per byte of the result.
    // Reading two words instead of eight bytes is most of the speed (the CRC is the reader's hottest loop).
    const blocks = LITTLE_ENDIAN ? (end - i) >>> 3 : 0;
    if (blocks > 0) {
      const words = new Uint32Array(buf.buffer, buf.byteOffset + i, blocks * 2);
      for (let w = 0; w < words.length; w += 2) {
        const a = (lo ^ words[w]!) >>> 0;
        const b = (hi ^ words[w + 1]!) >>> 0;
        const i7 = 7 * 256 + (a & 0xff);
        const i6 = 6 * 256 + ((a >>> 8) & 0xff);
        const i5 = 5 * 256 + ((a >>> 16) & 0xff);
        const i4 = 4 * 256 + (a >>> 24);
        const i3 = 3 * 256 + (b & 0xff);
        const i2 = 2 * 256 + ((b >>> 8) & 0xff);
        const i1 = 256 + ((b >>> 16) & 0xff);
        const i0 = b >>> 24;
        lo = T_LO[i7]! ^ T_LO[i6]! ^ T_LO[i5]! ^ T_LO[i4]! ^ T_LO[i3]! ^ T_LO[i2]! ^ T_LO[i1]! ^ T_LO[i0]!;
        hi = T_HI[i7]! ^ T_HI[i6]! ^ T_HI[i5]! ^ T_HI[i4]! ^ T_HI[i3]! ^ T_HI[i2]! ^ T_HI[i1]! ^ T_HI[i0]!;
      }
      i += blocks * 8;
    }
    for (; i < end; i++) {
      const idx = (lo ^ buf[i]!) & 0xff;
      lo = ((lo >>> 8) | (hi << 24)) ^ T_LO[idx]!;
      hi = (hi >>> 8) ^ T_HI[idx]!;
    }
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
    return this;
  }

  value(): bigint {
    return (BigInt(this.hi >>> 0) << 32n) | BigInt(this.lo >>> 0);
  }
}

/** crc64(crc, buf) as in Redis: continue `crc` over `buf` (start with 0n). */
export function crc64(crc: bigint, buf: Uint8Array): bigint {
  return new Crc64(crc).update(buf).value();
}

// A few passes through each of update()'s three loops before any real input. V8 optimizes update() while
// the first large window is in its word loop; code after that loop which has never run then has no type
// feedback, and the optimized code bailed out to the interpreter at every window's end (ten times over an
// 11 MB RDB). V8 keeps no feedback for a function's first few calls, hence more than one.
// Non-zero bytes, so the CRC's halves take the full 32-bit range they take on real data.
const warmBytes = Buffer.from(Array.from({ length: 40 }, (_, k) => 255 - k));
const warm = new Crc64();
for (let k = 0; k < 16; k++) warm.update(warmBytes, 1, 39);
