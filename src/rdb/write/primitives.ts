// RDB lengths, strings (integer-encoded, LZF-compressed or verbatim), times and doubles (rdbSaveLen, rdbSaveRawString).

import {
  RDB_14BITLEN,
  RDB_32BITLEN,
  RDB_64BITLEN,
  RDB_ENC_INT16,
  RDB_ENC_INT32,
  RDB_ENC_INT8,
  RDB_ENC_LZF,
  RDB_ENCVAL,
  RDB_OPCODE_EXPIRETIME_MS,
} from '../constants.js';
import type { ChunkWriter } from './chunk-writer.js';
import { fitsInt32, parseInt64 } from './int64-text.js';
import { lzfCompress } from './lzf-compress.js';

/** Strings this short are never compressed: LZF cannot shrink them (rdbSaveRawString's "len > 20"). */
const LZF_MIN_LENGTH = 21;
/** Strings up to this long may be integers that fit the INT8/16/32 encodings ("-2147483648"). */
const INT_MAX_LENGTH = 11;
/** Compression scratch kept between calls up to this size; a larger string gets one of its own. */
const SCRATCH_KEEP = 1 << 20;
let scratch = Buffer.allocUnsafe(4096);

/** rdbSaveLen: 6-bit, 14-bit, 32-bit big-endian or 64-bit big-endian. */
export function writeLength(out: ChunkWriter, n: number): void {
  if (n < 0x40) {
    out.u8(n);
  } else if (n < 0x4000) {
    const at = out.reserve(2);
    const b = out.buffer;
    b[at] = (RDB_14BITLEN << 6) | (n >> 8);
    b[at + 1] = n & 0xff;
    out.commit(2);
  } else if (n <= 0xffffffff) {
    const at = out.reserve(5);
    out.buffer[at] = RDB_32BITLEN;
    out.buffer.writeUInt32BE(n, at + 1);
    out.commit(5);
  } else {
    writeLengthBig(out, BigInt(n));
  }
}

/** A length that may exceed 2^53 (stream IDs and counters are unsigned 64-bit). */
export function writeLengthBig(out: ChunkWriter, n: bigint): void {
  if (n <= 0xffffffffn) {
    writeLength(out, Number(n));
    return;
  }
  const at = out.reserve(9);
  out.buffer[at] = RDB_64BITLEN;
  out.buffer.writeBigUInt64BE(BigInt.asUintN(64, n), at + 1);
  out.commit(9);
}

/** rdbEncodeInteger: the INT8/16/32 string encodings of a value that fits 32 bits. */
function writeEncodedInt(out: ChunkWriter, v: number): void {
  const at = out.reserve(5);
  const b = out.buffer;
  if (v >= -128 && v <= 127) {
    b[at] = (RDB_ENCVAL << 6) | RDB_ENC_INT8;
    b[at + 1] = v & 0xff;
    out.commit(2);
  } else if (v >= -32768 && v <= 32767) {
    b[at] = (RDB_ENCVAL << 6) | RDB_ENC_INT16;
    b.writeInt16LE(v, at + 1);
    out.commit(3);
  } else {
    b[at] = (RDB_ENCVAL << 6) | RDB_ENC_INT32;
    b.writeInt32LE(v, at + 1);
    out.commit(5);
  }
}

/**
 * rdbSaveRawString: a decimal integer that fits 32 bits as an integer encoding; otherwise, with
 * `compress`, LZF when the string is over 20 bytes and shrinks by at least 4 (rdbSaveLzfStringObject);
 * otherwise the length and the bytes.
 */
export function writeString(out: ChunkWriter, s: Uint8Array, compress: boolean): void {
  const len = s.length;
  if (len <= INT_MAX_LENGTH) {
    const v = parseInt64(s);
    if (v !== null && fitsInt32(v)) {
      writeEncodedInt(out, v);
      return;
    }
  }
  if (compress && len >= LZF_MIN_LENGTH && writeCompressed(out, s)) return;
  writeLength(out, len);
  out.bytes(s);
}

function writeCompressed(out: ChunkWriter, s: Uint8Array): boolean {
  const room = s.length - 4;
  let target = scratch;
  if (room > scratch.length) {
    target = Buffer.allocUnsafe(room);
    if (room <= SCRATCH_KEEP) scratch = target;
  }
  const clen = lzfCompress(s, target.subarray(0, room));
  if (clen === 0) return false;
  out.u8((RDB_ENCVAL << 6) | RDB_ENC_LZF);
  writeLength(out, clen);
  writeLength(out, s.length);
  out.bytes(target, 0, clen);
  return true;
}

/** rdbSaveMillisecondTime: a signed 64-bit little-endian count of milliseconds. */
export function writeMillis(out: ChunkWriter, ms: number): void {
  const at = out.reserve(8);
  const hi = Math.floor(ms / 0x1_0000_0000);
  out.buffer.writeUInt32LE(ms - hi * 0x1_0000_0000, at);
  out.buffer.writeInt32LE(hi, at + 4);
  out.commit(8);
}

/** The expiry before a key, as rdbSaveKeyValuePair writes it: RDB_OPCODE_EXPIRETIME_MS and the time. */
export function writeKeyExpiry(out: ChunkWriter, ms: number): void {
  out.u8(RDB_OPCODE_EXPIRETIME_MS);
  writeMillis(out, ms);
}

/** rdbSaveBinaryDoubleValue: IEEE 754 binary64, little-endian. */
export function writeBinaryDouble(out: ChunkWriter, v: number): void {
  const at = out.reserve(8);
  out.buffer.writeDoubleLE(v, at);
  out.commit(8);
}
