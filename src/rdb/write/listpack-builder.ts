// Builds a listpack entry by entry, encoding each element as lpAppend does (integers where string2ll accepts them).

import { BlobBuilder, putTaggedInt } from './blob-builder.js';
import { parseInt64 } from './int64-text.js';

const HEADER = 6; // total bytes u32, element count u16
/** lpBytes of an empty listpack: the header and the end byte. */
export const EMPTY_LISTPACK_BYTES = HEADER + 1;
const NUMELE_UNKNOWN = 0xffff;

/** Bytes of lpEncodeBacklen for an entry of `l` bytes (its thresholds, off-by-one ones included). */
function backlenSize(l: number): number {
  return l <= 127 ? 1 : l < 16383 ? 2 : l < 2097151 ? 3 : l < 268435455 ? 4 : 5;
}

/** Bytes of the integer encoding lpEncodeIntegerGetType picks for `v`. */
function intEncodingSize(v: number | bigint): number {
  if (v >= 0 && v <= 127) return 1;
  if (v >= -4096 && v <= 4095) return 2;
  if (v >= -32768 && v <= 32767) return 3;
  if (v >= -8388608 && v <= 8388607) return 4;
  if (v >= -2147483648 && v <= 2147483647) return 5;
  return 9;
}

/** Bytes lpAppendInteger adds for `v`: the encoding and its back-length. */
export function integerEntrySize(v: number | bigint): number {
  return intEncodingSize(v) + 1;
}

/** Bytes lpAppend adds for the string `s` (an integer encoding when string2ll accepts it). */
export function stringEntrySize(s: Uint8Array): number {
  const v = parseInt64(s);
  if (v !== null) return integerEntrySize(v);
  const len = s.length;
  const entry = (len < 64 ? 1 : len < 4096 ? 2 : 5) + len;
  return entry + backlenSize(entry);
}

/** A reusable listpack under construction; finish() returns a view valid until the next reset(). */
export class ListpackBuilder extends BlobBuilder {
  constructor() {
    super(HEADER);
  }

  /** lpAppend of a string: stored as an integer when it is one string2ll accepts, else as a string. */
  appendString(s: Uint8Array): void {
    const v = parseInt64(s);
    if (v !== null) {
      this.appendInteger(v);
      return;
    }
    const len = s.length;
    const head = len < 64 ? 1 : len < 4096 ? 2 : 5;
    const entry = head + len;
    const at = this.room(entry + backlenSize(entry));
    const b = this.buf;
    if (head === 1) b[at] = 0x80 | len;
    else if (head === 2) {
      b[at] = 0xe0 | (len >> 8);
      b[at + 1] = len & 0xff;
    } else {
      b[at] = 0xf0;
      b.writeUInt32LE(len, at + 1);
    }
    this.put(s, at + head);
    this.finishEntry(at + entry, entry);
  }

  /** lpAppendInteger: the smallest integer encoding that holds `v` (a signed 64-bit value). */
  appendInteger(v: number | bigint): void {
    const entry = intEncodingSize(v);
    const at = this.room(entry + 1);
    const b = this.buf;
    if (entry === 1) b[at] = Number(v);
    else if (entry === 2) {
      const u = Number(v) & 0x1fff;
      b[at] = 0xc0 | (u >> 8);
      b[at + 1] = u & 0xff;
    } else {
      // 16, 24, 32 and 64 bits: tags 0xF1 to 0xF4.
      putTaggedInt(b, at, entry === 9 ? 0xf4 : 0xee + entry, entry - 1, v);
    }
    this.finishEntry(at + entry, entry);
  }

  /** The finished listpack (header filled in, end byte appended), as a view of the builder's memory. */
  finish(): Buffer {
    const blob = this.seal();
    blob.writeUInt16LE(Math.min(this.n, NUMELE_UNKNOWN), 4);
    return blob;
  }

  /** Writes the back-length of an `entry`-byte entry at `at` and counts the element. */
  private finishEntry(at: number, entry: number): void {
    const b = this.buf;
    const size = backlenSize(entry);
    // Most significant 7-bit group first; every byte but the first carries the continuation bit.
    for (let i = size - 1, v = entry; i >= 0; i--, v = Math.floor(v / 128)) b[at + i] = (v & 127) | (i === 0 ? 0 : 128);
    this.pos = at + size;
    this.n++;
  }
}
