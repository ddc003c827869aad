// Zipmap decoding (RDB_TYPE_HASH_ZIPMAP, Redis 2.x hashes) with the checks of zipmapValidateIntegrity (deep).

import { RdbError } from './problem.js';

const ZIPMAP_BIGLEN = 254;
const ZIPMAP_END = 255;

/** Field/value pairs of a zipmap in stored order. */
export function decodeZipmap(zm: Buffer, at: number): { field: Buffer; value: Buffer }[] {
  const fail = (pos: number, why: string): never => {
    throw new RdbError('bad-zipmap', at + pos, `zipmap at offset ${at}: ${why} (byte ${pos})`);
  };
  const size = zm.length;
  if (size < 2) fail(0, `too short (${size} bytes)`);
  if (zm[size - 1] !== ZIPMAP_END) fail(size - 1, 'does not end with 0xFF');
  const last = size - 1;
  // A length is one byte below 254, or 254 then a 4-byte little-endian length (zipmapDecodeLength).
  const readLen = (p: number): [number, number] => {
    const b = zm[p]!;
    if (b < ZIPMAP_BIGLEN) return [b, 1];
    if (b === ZIPMAP_END) fail(p, 'unexpected end marker');
    if (p + 5 > last) fail(p, 'length runs past the end');
    return [zm.readUInt32LE(p + 1), 5];
  };
  const out: { field: Buffer; value: Buffer }[] = [];
  let p = 1;
  while (p < last && zm[p] !== ZIPMAP_END) {
    const [flen, fsize] = readLen(p);
    p += fsize;
    if (p + flen > last) fail(p, 'field runs past the end');
    const field = zm.subarray(p, p + flen);
    p += flen;
    if (p >= last) fail(p, 'value missing');
    const [vlen, vsize] = readLen(p);
    p += vsize;
    if (p >= last) fail(p, 'free byte missing');
    const free = zm[p]!;
    p += 1;
    if (p + vlen + free > last) fail(p, 'value runs past the end');
    const value = zm.subarray(p, p + vlen);
    p += vlen + free;
    out.push({ field, value });
  }
  if (p !== last) fail(p, 'data after the end marker');
  if (out.length === 0) fail(0, 'empty zipmap');
  const header = zm[0] ?? 0;
  if (header !== ZIPMAP_BIGLEN && header !== out.length) fail(0, `header counts ${header} pairs but there are ${out.length}`);
  return out;
}
