// Builds a ziplist entry by entry as ziplistPush does (RDB 9, Redis 5 and 6): prevlen, encoding, data.

import { BlobBuilder, putTaggedInt } from './blob-builder.js';
import { parseInt64 } from './int64-text.js';

const HEADER = 10; // total bytes u32, tail offset u32, entry count u16
const BIG_PREVLEN = 0xfe;
const COUNT_UNKNOWN = 0xffff;
/** zipTryEncoding only looks at strings shorter than this. */
const INT_MAX_LENGTH = 31;

/** Bytes of the integer encoding zipTryEncoding picks (encoding byte included). */
function intSize(v: number | bigint): number {
  if (v >= 0 && v <= 12) return 1;
  if (v >= -128 && v <= 127) return 2;
  if (v >= -32768 && v <= 32767) return 3;
  if (v >= -8388608 && v <= 8388607) return 4;
  if (v >= -2147483648 && v <= 2147483647) return 5;
  return 9;
}

/** A reusable ziplist under construction; finish() returns a view valid until the next reset(). */
export class ZiplistBuilder extends BlobBuilder {
  private prev = 0;
  private tail = HEADER;

  constructor() {
    super(HEADER);
  }

  override reset(): void {
    super.reset();
    this.prev = 0;
    this.tail = HEADER;
  }

  /** ziplistPush at the tail: an integer encoding when the string is one, else a string encoding. */
  appendString(s: Uint8Array): void {
    const v = s.length <= INT_MAX_LENGTH ? parseInt64(s) : null;
    const len = s.length;
    const data = v === null ? len : 0;
    const enc = v !== null ? intSize(v) : len <= 63 ? 1 : len <= 16383 ? 2 : 5;
    const prevSize = this.prev < BIG_PREVLEN ? 1 : 5;
    const entry = prevSize + enc + data;
    let at = this.room(entry);
    const b = this.buf;
    this.tail = at;
    if (prevSize === 1) b[at++] = this.prev;
    else {
      b[at] = BIG_PREVLEN;
      b.writeUInt32LE(this.prev, at + 1);
      at += 5;
    }
    if (v !== null) writeInt(b, at, v, enc);
    else {
      if (enc === 1) b[at] = len;
      else if (enc === 2) {
        b[at] = 0x40 | (len >> 8);
        b[at + 1] = len & 0xff;
      } else {
        b[at] = 0x80;
        b.writeUInt32BE(len, at + 1);
      }
      this.put(s, at + enc);
    }
    this.pos += entry;
    this.prev = entry;
    this.n++;
  }

  /** The finished ziplist (header filled in, end byte appended), as a view of the builder's memory. */
  finish(): Buffer {
    const blob = this.seal();
    blob.writeUInt32LE(this.tail, 4);
    blob.writeUInt16LE(Math.min(this.n, COUNT_UNKNOWN), 8);
    return blob;
  }
}

/** ZIP_INT_8B, 16B, 24B, 32B and 64B by encoded size (type byte included). */
const INT_TAGS: Record<number, number> = { 2: 0xfe, 3: 0xc0, 4: 0xf0, 5: 0xd0, 9: 0xe0 };

/** The ziplist integer encodings: 0–12 in the encoding byte, else a type byte and little-endian bytes. */
function writeInt(b: Buffer, at: number, v: number | bigint, size: number): void {
  if (size === 1) b[at] = 0xf1 + Number(v);
  else putTaggedInt(b, at, INT_TAGS[size]!, size - 1, v);
}
