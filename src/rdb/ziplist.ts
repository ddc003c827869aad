// Ziplist decoding (RDB 3.2–6.2 encodings) with the checks of ziplistValidateIntegrity (deep).

import { intText } from './length.js';
import { RdbError } from './problem.js';

const ZIPLIST_HEADER_SIZE = 10; // zlbytes u32, zltail u32, zllen u16
const ZIP_END = 0xff;
const ZIP_BIG_PREVLEN = 0xfe;

/** Decodes every entry of a ziplist as a string (integers as decimal text). `at`: absolute offset, for reports. */
export function decodeZiplist(zl: Buffer, at: number): Buffer[] {
  const fail = (pos: number, why: string): never => {
    throw new RdbError('bad-ziplist', at + pos, `ziplist at offset ${at}: ${why} (byte ${pos})`);
  };
  const size = zl.length;
  if (size < ZIPLIST_HEADER_SIZE + 1) fail(0, `too short (${size} bytes)`);
  const bytes = zl.readUInt32LE(0);
  if (bytes !== size) fail(0, `header says ${bytes} bytes but the string has ${size}`);
  if (zl[size - 1] !== ZIP_END) fail(size - 1, 'does not end with 0xFF');
  const tail = zl.readUInt32LE(4);
  if (tail > size - 1) fail(4, `tail offset ${tail} is outside the ziplist`);
  const headerCount = zl.readUInt16LE(8);
  const last = size - 1; // index of the end byte
  const out: Buffer[] = [];
  let p = ZIPLIST_HEADER_SIZE;
  let prevRaw = 0;
  let prevStart = -1;
  while (p < last) {
    const start = p;
    let prevlen: number;
    if (zl[p]! < ZIP_BIG_PREVLEN) {
      prevlen = zl[p]!;
      p += 1;
    } else {
      if (p + 5 > last) fail(start, 'prevlen runs past the end');
      prevlen = zl.readUInt32LE(p + 1);
      p += 5;
    }
    if (prevlen !== prevRaw) fail(start, `prevlen ${prevlen} does not match the previous entry's ${prevRaw} bytes`);
    if (p >= last) fail(start, 'entry header runs past the end');
    const enc = zl[p]!;
    let value: Buffer;
    if (enc < 0xc0) {
      let len: number;
      const kind = enc >> 6;
      if (kind === 0) {
        len = enc & 0x3f;
        p += 1;
      } else if (kind === 1) {
        if (p + 2 > last) fail(start, 'entry header runs past the end');
        len = ((enc & 0x3f) << 8) | zl[p + 1]!;
        p += 2;
      } else if (enc === 0x80) {
        if (p + 5 > last) fail(start, 'entry header runs past the end');
        len = zl.readUInt32BE(p + 1);
        p += 5;
      } else {
        return fail(p, `invalid string encoding 0x${enc.toString(16)}`);
      }
      if (p + len > last) fail(start, 'entry runs past the end');
      value = zl.subarray(p, p + len);
      p += len;
    } else {
      p += 1;
      let width: number;
      if (enc === 0xc0) width = 2;
      else if (enc === 0xd0) width = 4;
      else if (enc === 0xe0) width = 8;
      else if (enc === 0xf0) width = 3;
      else if (enc === 0xfe) width = 1;
      else if (enc >= 0xf1 && enc <= 0xfd) width = 0;
      else return fail(p - 1, `invalid entry encoding 0x${enc.toString(16)}`);
      if (p + width > last) fail(start, 'integer runs past the end');
      if (width === 0) value = intText((enc & 0x0f) - 1);
      else if (width === 1) value = intText(zl.readInt8(p));
      else if (width === 2) value = intText(zl.readInt16LE(p));
      else if (width === 3) value = intText(zl.readIntLE(p, 3));
      else if (width === 4) value = intText(zl.readInt32LE(p));
      else value = Buffer.from(zl.readBigInt64LE(p).toString(), 'latin1');
      p += width;
    }
    out.push(value);
    prevRaw = p - start;
    prevStart = start;
  }
  if (prevStart !== -1 && prevStart !== tail) fail(4, `tail offset ${tail} does not point at the last entry (${prevStart})`);
  if (headerCount !== 0xffff && headerCount !== out.length) fail(8, `header counts ${headerCount} entries but there are ${out.length}`);
  return out;
}
