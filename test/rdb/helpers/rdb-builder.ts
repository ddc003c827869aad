// Test-only RDB encoder: writes lengths, strings, ziplists, listpacks, intsets, zipmaps and whole files byte by byte.
import { crc64 } from '../../../src/rdb/index.js';

export type Bytes = Buffer | string;
const b = (x: Bytes): Buffer => (typeof x === 'string' ? Buffer.from(x, 'latin1') : x);

/** rdbSaveLen: 6-bit, 14-bit, 32-bit or 64-bit big-endian lengths. */
export function len(n: number | bigint, force?: 6 | 14 | 32 | 64): Buffer {
  const v = BigInt(n);
  const kind = force ?? (v < 64n ? 6 : v < 16384n ? 14 : v <= 0xffffffffn ? 32 : 64);
  if (kind === 6) return Buffer.from([Number(v)]);
  if (kind === 14) return Buffer.from([0x40 | Number(v >> 8n), Number(v & 0xffn)]);
  if (kind === 32) {
    const out = Buffer.alloc(5);
    out[0] = 0x80;
    out.writeUInt32BE(Number(v), 1);
    return out;
  }
  const out = Buffer.alloc(9);
  out[0] = 0x81;
  out.writeBigUInt64BE(v, 1);
  return out;
}

/** A raw (length-prefixed) string. */
export function str(s: Bytes): Buffer {
  const data = b(s);
  return Buffer.concat([len(data.length), data]);
}

/** An integer-encoded string (RDB_ENC_INT8/16/32). */
export function intStr(n: number, width: 8 | 16 | 32): Buffer {
  if (width === 8) return Buffer.from([0xc0, n & 0xff]);
  if (width === 16) {
    const out = Buffer.alloc(3);
    out[0] = 0xc1;
    out.writeInt16LE(n, 1);
    return out;
  }
  const out = Buffer.alloc(5);
  out[0] = 0xc2;
  out.writeInt32LE(n, 1);
  return out;
}

/** An LZF string from hand-made compressed bytes. */
export function lzfStr(compressed: Buffer, originalLength: number): Buffer {
  return Buffer.concat([Buffer.from([0xc3]), len(compressed.length), len(originalLength), compressed]);
}

export function u8(n: number): Buffer {
  return Buffer.from([n]);
}
export function i32le(n: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeInt32LE(n);
  return out;
}
export function i64le(n: number | bigint): Buffer {
  const out = Buffer.alloc(8);
  out.writeBigInt64LE(BigInt(n));
  return out;
}
export function f64le(n: number): Buffer {
  const out = Buffer.alloc(8);
  out.writeDoubleLE(n);
  return out;
}
export function id16(ms: bigint, seq: bigint): Buffer {
  const out = Buffer.alloc(16);
  out.writeBigUInt64BE(ms, 0);
  out.writeBigUInt64BE(seq, 8);
  return out;
}

/** lpEncodeBacklen. */
function backlen(l: number): Buffer {
  if (l <= 127) return Buffer.from([l]);
  if (l < 16383) return Buffer.from([l >> 7, (l & 127) | 128]);
  if (l < 2097151) return Buffer.from([l >> 14, ((l >> 7) & 127) | 128, (l & 127) | 128]);
  if (l < 268435455) return Buffer.from([l >> 21, ((l >> 14) & 127) | 128, ((l >> 7) & 127) | 128, (l & 127) | 128]);
  return Buffer.from([Math.floor(l / 2 ** 28), ((l >> 21) & 127) | 128, ((l >> 14) & 127) | 128, ((l >> 7) & 127) | 128, (l & 127) | 128]);
}

/** One listpack element: numbers/bigints use the smallest integer encoding, strings their length class. */
export function lpEntry(e: Bytes | number | bigint): Buffer {
  let enc: Buffer;
  if (typeof e === 'number' || typeof e === 'bigint') {
    const v = BigInt(e);
    if (v >= 0n && v <= 127n) enc = Buffer.from([Number(v)]);
    else if (v >= -4096n && v <= 4095n) {
      const u = Number(v < 0n ? (1n << 13n) + v : v);
      enc = Buffer.from([0xc0 | (u >> 8), u & 0xff]);
    } else if (v >= -32768n && v <= 32767n) {
      enc = Buffer.alloc(3);
      enc[0] = 0xf1;
      enc.writeInt16LE(Number(v), 1);
    } else if (v >= -8388608n && v <= 8388607n) {
      enc = Buffer.alloc(4);
      enc[0] = 0xf2;
      enc.writeIntLE(Number(v), 1, 3);
    } else if (v >= -2147483648n && v <= 2147483647n) {
      enc = Buffer.alloc(5);
      enc[0] = 0xf3;
      enc.writeInt32LE(Number(v), 1);
    } else {
      enc = Buffer.alloc(9);
      enc[0] = 0xf4;
      enc.writeBigInt64LE(v, 1);
    }
  } else {
    const s = b(e);
    if (s.length < 64) enc = Buffer.concat([Buffer.from([0x80 | s.length]), s]);
    else if (s.length < 4096) enc = Buffer.concat([Buffer.from([0xe0 | (s.length >> 8), s.length & 0xff]), s]);
    else {
      const h = Buffer.alloc(5);
      h[0] = 0xf0;
      h.writeUInt32LE(s.length, 1);
      enc = Buffer.concat([h, s]);
    }
  }
  return Buffer.concat([enc, backlen(enc.length)]);
}

export function listpack(entries: Array<Bytes | number | bigint>, countOverride?: number): Buffer {
  const body = Buffer.concat(entries.map(lpEntry));
  const out = Buffer.alloc(6 + body.length + 1);
  out.writeUInt32LE(out.length, 0);
  out.writeUInt16LE(countOverride ?? Math.min(entries.length, 0xffff), 4);
  body.copy(out, 6);
  out[out.length - 1] = 0xff;
  return out;
}

/** Ziplist entry encodings, chosen like zipTryEncoding / zipStoreEntryEncoding. */
function zlEncode(e: Bytes | number | bigint): Buffer {
  if (typeof e === 'number' || typeof e === 'bigint') {
    const v = BigInt(e);
    if (v >= 0n && v <= 12n) return Buffer.from([0xf1 + Number(v)]);
    if (v >= -128n && v <= 127n) return Buffer.from([0xfe, Number(v) & 0xff]);
    if (v >= -32768n && v <= 32767n) {
      const o = Buffer.alloc(3);
      o[0] = 0xc0;
      o.writeInt16LE(Number(v), 1);
      return o;
    }
    if (v >= -8388608n && v <= 8388607n) {
      const o = Buffer.alloc(4);
      o[0] = 0xf0;
      o.writeIntLE(Number(v), 1, 3);
      return o;
    }
    if (v >= -2147483648n && v <= 2147483647n) {
      const o = Buffer.alloc(5);
      o[0] = 0xd0;
      o.writeInt32LE(Number(v), 1);
      return o;
    }
    const o = Buffer.alloc(9);
    o[0] = 0xe0;
    o.writeBigInt64LE(v, 1);
    return o;
  }
  const s = b(e);
  if (s.length < 64) return Buffer.concat([Buffer.from([s.length]), s]);
  if (s.length < 16384) return Buffer.concat([Buffer.from([0x40 | (s.length >> 8), s.length & 0xff]), s]);
  const h = Buffer.alloc(5);
  h[0] = 0x80;
  h.writeUInt32BE(s.length, 1);
  return Buffer.concat([h, s]);
}

export function ziplist(entries: Array<Bytes | number | bigint>): Buffer {
  const parts: Buffer[] = [];
  let prev = 0;
  let tail = 10;
  let pos = 10;
  for (const e of entries) {
    let prevlen: Buffer;
    if (prev < 254) prevlen = Buffer.from([prev]);
    else {
      prevlen = Buffer.alloc(5);
      prevlen[0] = 0xfe;
      prevlen.writeUInt32LE(prev, 1);
    }
    const entry = Buffer.concat([prevlen, zlEncode(e)]);
    parts.push(entry);
    tail = pos;
    pos += entry.length;
    prev = entry.length;
  }
  const body = Buffer.concat(parts);
  const out = Buffer.alloc(10 + body.length + 1);
  out.writeUInt32LE(out.length, 0);
  out.writeUInt32LE(tail, 4);
  out.writeUInt16LE(Math.min(entries.length, 0xffff), 8);
  body.copy(out, 10);
  out[out.length - 1] = 0xff;
  return out;
}

export function intset(width: 2 | 4 | 8, values: Array<number | bigint>): Buffer {
  const out = Buffer.alloc(8 + width * values.length);
  out.writeUInt32LE(width, 0);
  out.writeUInt32LE(values.length, 4);
  values.forEach((v, i) => {
    if (width === 2) out.writeInt16LE(Number(v), 8 + 2 * i);
    else if (width === 4) out.writeInt32LE(Number(v), 8 + 4 * i);
    else out.writeBigInt64LE(BigInt(v), 8 + 8 * i);
  });
  return out;
}

function zmLen(n: number): Buffer {
  if (n < 254) return Buffer.from([n]);
  const o = Buffer.alloc(5);
  o[0] = 254;
  o.writeUInt32LE(n, 1);
  return o;
}

export function zipmap(pairs: Array<[Bytes, Bytes, number?]>): Buffer {
  const parts: Buffer[] = [Buffer.from([pairs.length < 254 ? pairs.length : 254])];
  for (const [f, v, free = 0] of pairs) {
    const fb = b(f);
    const vb = b(v);
    parts.push(zmLen(fb.length), fb, zmLen(vb.length), Buffer.from([free]), vb, Buffer.alloc(free, 0x2e));
  }
  parts.push(Buffer.from([0xff]));
  return Buffer.concat(parts);
}

/** A key record: [expiry opcode] type key value. */
export function keyRecord(type: number, key: Bytes, value: Buffer, expireMs?: number): Buffer {
  const parts: Buffer[] = [];
  if (expireMs !== undefined) parts.push(u8(0xfc), i64le(expireMs));
  parts.push(u8(type), str(key), value);
  return Buffer.concat(parts);
}

/** A whole RDB: signature, body, EOF, checksum ('ok', 'zero', or none for RDB < 5). */
export function rdbFile(version: number, body: Buffer[], checksum: 'ok' | 'zero' | 'none' = version >= 5 ? 'ok' : 'none'): Buffer {
  const head = Buffer.from(`REDIS${String(version).padStart(4, '0')}`, 'latin1');
  const payload = Buffer.concat([head, ...body, u8(0xff)]);
  if (checksum === 'none') return payload;
  const crc = checksum === 'ok' ? crc64(0n, payload) : 0n;
  const tail = Buffer.alloc(8);
  tail.writeBigUInt64LE(crc);
  return Buffer.concat([payload, tail]);
}

/** A DUMP payload: type byte + value + RDB version + CRC-64. */
export function dumpPayload(type: number, value: Buffer, version = 11): Buffer {
  const body = Buffer.concat([u8(type), value, Buffer.from([version & 0xff, version >> 8])]);
  const tail = Buffer.alloc(8);
  tail.writeBigUInt64LE(crc64(0n, body));
  return Buffer.concat([body, tail]);
}

/** FUNCTION DUMP payload of FUNCTION2 records. */
export function functionDump(codes: Bytes[], version = 10): Buffer {
  const body = Buffer.concat([...codes.map((c) => Buffer.concat([u8(0xf5), str(c)])), Buffer.from([version & 0xff, version >> 8])]);
  const tail = Buffer.alloc(8);
  tail.writeBigUInt64LE(crc64(0n, body));
  return Buffer.concat([body, tail]);
}
