// Length encodings, integer-encoded and LZF-compressed strings, and doubles (rdbLoadLenByRef, rdbGenericLoadStringObject).

import { RDB_14BITLEN, RDB_32BITLEN, RDB_64BITLEN, RDB_6BITLEN, RDB_ENC_INT16, RDB_ENC_INT32, RDB_ENC_INT8, RDB_ENC_LZF, RDB_ENCVAL } from './constants.js';
import type { Cursor } from './cursor.js';
import { LZF_MAX_RATIO, lzfDecompress, lzfValid } from './lzf.js';
import { RdbError } from './problem.js';

/** Node's largest Buffer; a string longer than this cannot be held whatever the file says. */
const MAX_BUFFER = 2 ** 31 - 1;

/**
 * A length as a number. Like rdbLoadLen(rdb, NULL), an "encoded value" byte (11xxxxxx) yields its low
 * six bits: the server accepts that where it expects a plain length, so we do too.
 */
export function readLength(cur: Cursor): number {
  const at = cur.offset;
  const first = cur.u8();
  const kind = first >> 6;
  if (kind === RDB_6BITLEN || kind === RDB_ENCVAL) return first & 0x3f;
  if (kind === RDB_14BITLEN) return ((first & 0x3f) << 8) | cur.u8();
  if (first === RDB_32BITLEN) return cur.u32be();
  if (first === RDB_64BITLEN) return Number(cur.u64be());
  throw new RdbError('bad-length', at, `unknown length encoding 0x${first.toString(16)} at offset ${at}`);
}

/** A length as an exact unsigned 64-bit value (stream IDs and counters are written as lengths). */
export function readLengthBig(cur: Cursor): bigint {
  const at = cur.offset;
  const first = cur.peekU8();
  if (first === RDB_64BITLEN) {
    cur.u8();
    return cur.u64be();
  }
  if (first >> 6 === 2 && first !== RDB_32BITLEN) {
    throw new RdbError('bad-length', at, `unknown length encoding 0x${first.toString(16)} at offset ${at}`);
  }
  return BigInt(readLength(cur));
}

/** A count of items that each take at least `minBytes`: refused if the rest of the input cannot hold them. */
export function readCount(cur: Cursor, what: string, minBytes = 1): number {
  const at = cur.offset;
  const n = readLength(cur);
  if (n * minBytes > cur.remaining) {
    throw new RdbError(
      n * minBytes > cur.size ? 'bad-length' : 'truncated',
      at,
      `${what} count ${n} at offset ${at} is larger than the ${cur.remaining} bytes left could hold`,
    );
  }
  return n;
}

const INT_TEXT_CACHE: Buffer[] = [];
for (let i = -128; i < 1024; i++) INT_TEXT_CACHE.push(Buffer.from(String(i)));

/**
 * Decimal text of an integer, as Redis turns integer encodings back into strings. Small values come
 * from a shared cache (allocation dominates decoding time), so a returned Buffer must not be mutated.
 */
export function intText(n: number): Buffer {
  if (n >= -128 && n < 1024 && Number.isInteger(n)) return INT_TEXT_CACHE[n + 128]!;
  return decimalText(n);
}

/**
 * Decimal text of an integer in bytes no other call shares (so a caller may change them), written into a
 * shared slab as Buffer.from does with its pool, but without a string in between.
 */
export function decimalText(n: number): Buffer {
  if (!Number.isSafeInteger(n)) return Buffer.from(String(n), 'latin1');
  if (slabUsed + DECIMAL_MAX > slab.length) {
    slab = Buffer.allocUnsafe(SLAB_SIZE);
    slabUsed = 0;
  }
  const start = slabUsed;
  slabUsed = writeDecimal(slab, start, n);
  return slab.subarray(start, slabUsed);
}

/** The longest decimal text of a safe integer: a sign and 16 digits. */
export const DECIMAL_MAX = 17;

/** "00" to "99": two digits per division. */
const DIGIT_PAIRS = Uint8Array.from({ length: 200 }, (_, i) => 0x30 + (i & 1 ? (i >> 1) % 10 : Math.floor((i >> 1) / 10)));

/** How many digits a number below 2^32 has, by comparisons (a division per digit cost as much as writing them). */
function digitsBelow2p32(v: number): number {
  if (v < 100000) return v < 100 ? (v < 10 ? 1 : 2) : v < 1000 ? 3 : v < 10000 ? 4 : 5;
  return v < 10000000 ? (v < 1000000 ? 6 : 7) : v < 100000000 ? 8 : v < 1000000000 ? 9 : 10;
}

/** Writes the decimal text of the safe integer v at into[at…], as Redis prints integers; returns where it ends. */
export function writeDecimal(into: Uint8Array, at: number, v: number): number {
  // Most integers fit 32 bits, where >>> 0 divides in integers (Math.floor goes through doubles).
  if (v >= 0 && v < 0x100000000) {
    const end = at + digitsBelow2p32(v);
    let n = v;
    let i = end;
    while (n >= 100) {
      const q = (n / 100) >>> 0;
      const pair = (n - q * 100) << 1;
      into[--i] = DIGIT_PAIRS[pair + 1]!;
      into[--i] = DIGIT_PAIRS[pair]!;
      n = q;
    }
    if (n >= 10) {
      into[--i] = DIGIT_PAIRS[(n << 1) + 1]!;
      into[--i] = DIGIT_PAIRS[n << 1]!;
    } else into[--i] = 0x30 + n;
    return end;
  }
  let n = Math.abs(v);
  let digits = 1;
  for (let t = n; t >= 10; t = Math.floor(t / 10)) digits++;
  const end = at + digits + (v < 0 ? 1 : 0);
  if (v < 0) into[at] = 0x2d;
  for (let i = end - 1; i >= end - digits; i--) {
    into[i] = 0x30 + (n % 10);
    n = Math.floor(n / 10);
  }
  return end;
}

/** Node's own pool size for small Buffers: a slab is freed once no text in it is referenced. */
const SLAB_SIZE = 8192;
let slab = Buffer.allocUnsafe(SLAB_SIZE);
let slabUsed = 0;

/**
 * The bytes a plainly stored string takes (its length header and its bytes) when it starts `ahead` bytes
 * past the cursor and lies whole in the cursor's window; -1 for an encoded string (an integer, LZF) or one
 * that runs past the window. Reads nothing: a caller learns whether views of it would stay valid.
 */
export function plainStringSpan(cur: Cursor, ahead: number): number {
  const room = cur.buffered - ahead;
  if (room < 1) return -1;
  const first = cur.peekAt(ahead);
  const kind = first >> 6;
  let header: number;
  let len: number;
  if (kind === RDB_6BITLEN) {
    header = 1;
    len = first & 0x3f;
  } else if (kind === RDB_14BITLEN && room >= 2) {
    header = 2;
    len = ((first & 0x3f) << 8) | cur.peekAt(ahead + 1);
  } else if (first === RDB_32BITLEN && room >= 5) {
    header = 5;
    len = ((cur.peekAt(ahead + 1) << 24) >>> 0) + ((cur.peekAt(ahead + 2) << 16) | (cur.peekAt(ahead + 3) << 8) | cur.peekAt(ahead + 4));
  } else {
    return -1;
  }
  return header + len <= room ? header + len : -1;
}

/**
 * Reads one RDB string. `view` true may return a view into the cursor window (valid until the next
 * read); otherwise the result is a Buffer of its own.
 */
export function readString(cur: Cursor, view = false): Buffer {
  const at = cur.offset;
  const first = cur.u8();
  if (first >> 6 === RDB_ENCVAL) return readEncodedString(cur, first & 0x3f, at, true, false)!;
  const len = plainStringLength(cur, first, at);
  return view ? cur.view(len) : cur.copy(len);
}

/**
 * Consumes one RDB string with every check readString makes (lengths, integer encodings, LZF data
 * that must expand to exactly its stated size) but without producing its bytes.
 */
export function skipString(cur: Cursor): void {
  const at = cur.offset;
  const first = cur.u8();
  if (first >> 6 === RDB_ENCVAL) readEncodedString(cur, first & 0x3f, at, false, false);
  else cur.skip(plainStringLength(cur, first, at));
}

/** Takes the bytes of a string just read (a view, valid during the call): duplicate searches. */
export interface StringSink {
  put(bytes: Uint8Array, start: number, end: number): void;
}

/**
 * Reads one RDB string into `unique` as its pending name (commit it to search for a duplicate), with the
 * checks readString makes, without a Buffer of its own when it is stored plainly.
 */
export function putString(cur: Cursor, unique: StringSink): void {
  const at = cur.offset;
  const first = cur.u8();
  if (first >> 6 === RDB_ENCVAL) {
    const bytes = readEncodedString(cur, first & 0x3f, at, true, false)!;
    unique.put(bytes, 0, bytes.length);
    return;
  }
  const len = plainStringLength(cur, first, at);
  const from = cur.take(len);
  unique.put(cur.buffer, from, from + len);
}

/** The length after a string's first byte (not an encoded value), refused if the input cannot hold it. */
function plainStringLength(cur: Cursor, first: number, at: number): number {
  const kind = first >> 6;
  let len: number;
  if (kind === RDB_6BITLEN) {
    len = first & 0x3f;
  } else if (kind === RDB_14BITLEN) {
    len = ((first & 0x3f) << 8) | cur.u8();
  } else if (first === RDB_32BITLEN) {
    len = cur.u32be();
  } else if (first === RDB_64BITLEN) {
    len = Number(cur.u64be());
  } else {
    throw new RdbError('bad-length', at, `unknown length encoding 0x${first.toString(16)} at offset ${at}`);
  }
  cur.requireAvailable(len, at, 'string');
  return len;
}

/**
 * Up to this size, an LZF blob that nothing keeps is decompressed into one buffer that every such read reuses:
 * a Buffer per blob (an RDB base holds one per small collection) was a tenth of a check's time, with its GC.
 */
const SCRATCH_MAX = 1 << 20;
let scratch = Buffer.allocUnsafeSlow(0);

/** The reused buffer, at least `len` bytes long (len at most SCRATCH_MAX). */
function scratchFor(len: number): Buffer {
  if (scratch.length < len) scratch = Buffer.allocUnsafeSlow(Math.max(len, 64 * 1024));
  return scratch;
}

/**
 * An encoded string; `produce` false checks it the same way and returns null instead of its bytes. With `reuse`,
 * LZF bytes may land in the buffer the next such read overwrites.
 */
function readEncodedString(cur: Cursor, enc: number, at: number, produce: boolean, reuse: boolean): Buffer | null {
  switch (enc) {
    // Bytes of their own (decimalText, not the shared intText table): top-level strings are what callers
    // most often turn into mutable values.
    case RDB_ENC_INT8: {
      const v = (cur.u8() << 24) >> 24;
      return produce ? decimalText(v) : null;
    }
    case RDB_ENC_INT16: {
      const lo = cur.u8();
      const hi = cur.u8();
      return produce ? decimalText((((hi << 8) | lo) << 16) >> 16) : null;
    }
    case RDB_ENC_INT32: {
      const v = cur.i32le();
      return produce ? decimalText(v) : null;
    }
    case RDB_ENC_LZF: {
      const clen = readLength(cur);
      const lenAt = cur.offset;
      const len = readLength(cur);
      cur.requireAvailable(clen, at, 'LZF compressed string');
      if (len > clen * LZF_MAX_RATIO || len > MAX_BUFFER) {
        throw new RdbError('bad-lzf', lenAt, `LZF string at offset ${at} claims ${len} bytes from ${clen} compressed bytes, more than LZF can produce`);
      }
      const from = cur.take(clen);
      const window = cur.buffer;
      if (!produce) {
        if (!lzfValid(window, len, from, from + clen)) throw new RdbError('bad-lzf', at, `invalid LZF compressed string at offset ${at}`);
        return null;
      }
      const out = lzfDecompress(window, len, from, from + clen, reuse && len <= SCRATCH_MAX ? scratchFor(len) : undefined);
      if (out === null) throw new RdbError('bad-lzf', at, `invalid LZF compressed string at offset ${at}`);
      return out;
    }
    default:
      throw new RdbError('bad-string-encoding', at, `unknown string encoding ${enc} at offset ${at}`);
  }
}

/** Parses the text of a double as sscanf("%lg") would for the forms Redis writes. */
export function parseDoubleText(text: string): number {
  const t = text.trim().toLowerCase();
  if (t === 'inf' || t === '+inf' || t === 'infinity' || t === '+infinity') return Infinity;
  if (t === '-inf' || t === '-infinity') return -Infinity;
  if (t === 'nan' || t === '-nan' || t === '+nan') return NaN;
  if (t === '') return NaN;
  return Number(t);
}

/** A score of the old ZSET type: 253 NaN, 254 +inf, 255 -inf, else a length byte and text (rdbLoadDoubleValue). */
export function readTextDouble(cur: Cursor): number {
  const at = cur.offset;
  const len = cur.u8();
  if (len === 253) return NaN;
  if (len === 254) return Infinity;
  if (len === 255) return -Infinity;
  const text = cur.view(len).toString('latin1');
  const value = parseDoubleText(text);
  // sscanf failing to convert anything is a load error in Redis; a literal "nan" is caught later.
  if (Number.isNaN(value) && !text.toLowerCase().includes('nan')) {
    throw new RdbError('bad-double', at, `double at offset ${at} is not a number: ${JSON.stringify(text)}`);
  }
  return value;
}

/**
 * Reads a string holding an encoded structure (ziplist, listpack, intset, zipmap) and decodes it with
 * `decode(blob, blobOffset)`. With `keep` (the default) the blob is the caller's own memory, so decoded
 * elements may be views of it; without, it may be a view of the cursor window or of memory the next read of
 * a compressed blob reuses, for a decoder that keeps nothing. Problems inside an LZF-compressed blob have no
 * file offset of their own, so they are reported at the string's start, with the position inside the
 * decompressed bytes.
 */
export function readBlob<T>(cur: Cursor, decode: (blob: Buffer, at: number) => T, keep = true): T {
  const start = cur.offset;
  const compressed = cur.peekU8() >> 6 === RDB_ENCVAL;
  const view = compressed ? readEncodedString(cur, cur.u8() & 0x3f, start, true, !keep)! : readString(cur, true);
  if (!compressed) {
    if (!keep) return decode(view, cur.offset - view.length);
    // One owned copy of the structure, so decoders can hand out subarrays instead of allocating per element.
    const blob = Buffer.allocUnsafe(view.length);
    view.copy(blob);
    return decode(blob, cur.offset - blob.length);
  }
  const blob = view;
  try {
    return decode(blob, 0);
  } catch (err) {
    if (!(err instanceof RdbError)) throw err;
    throw new RdbError(err.code, start, `${err.message}, inside the LZF-compressed string at offset ${start}`);
  }
}
