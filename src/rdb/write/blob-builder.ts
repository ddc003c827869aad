// A growable byte buffer reused across values: the base of the listpack and ziplist builders.

export class BlobBuilder {
  protected buf = Buffer.allocUnsafe(256);
  protected pos: number;
  /** Elements appended since the last reset. */
  protected n = 0;

  constructor(private readonly headerSize: number) {
    this.pos = headerSize;
  }

  /** Total bytes of the blob as it stands: header, entries and the end byte (lpBytes, ziplistBlobLen). */
  get bytes(): number {
    return this.pos + 1;
  }

  get count(): number {
    return this.n;
  }

  reset(): void {
    this.pos = this.headerSize;
    this.n = 0;
  }

  /** Appends the end byte (0xFF in both formats), stores the total size first, returns a view of the blob. */
  protected seal(): Buffer {
    this.room(1);
    this.buf[this.pos] = 0xff;
    const total = this.pos + 1;
    this.buf.writeUInt32LE(total, 0);
    return this.buf.subarray(0, total);
  }

  /** Makes room for n more bytes and returns where they start. */
  protected room(n: number): number {
    if (this.pos + n > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n + 1));
      this.buf.copy(bigger, 0, 0, this.pos);
      this.buf = bigger;
    }
    return this.pos;
  }

  /** Copies `s` to `at` (a loop for short strings, where it beats the native copy). */
  protected put(s: Uint8Array, at: number): void {
    if (s.length <= 16) for (let i = 0; i < s.length; i++) this.buf[at + i] = s[i]!;
    else this.buf.set(s, at);
  }
}

/** A type byte `tag` at `at`, then `v` as a `width`-byte little-endian signed integer (listpack and ziplist integers). */
export function putTaggedInt(b: Buffer, at: number, tag: number, width: number, v: number | bigint): void {
  b[at] = tag;
  if (width === 8) b.writeBigInt64LE(BigInt(v), at + 1);
  else b.writeIntLE(Number(v), at + 1, width);
}
