// Encodes an intset (RDB_TYPE_SET_INTSET): the narrowest width that holds every member, members ascending.

/** `values` are the members (already checked to be distinct signed 64-bit integers); returns the blob. */
export function encodeIntset(values: (number | bigint)[]): Buffer {
  let width = 2;
  for (const v of values) {
    if (v < -2147483648 || v > 2147483647) {
      width = 8;
      break;
    }
    if (v < -32768 || v > 32767) width = 4;
  }
  // bigints only hold values past 2^53, so comparing mixed kinds orders them correctly.
  const sorted = values.slice().sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const out = Buffer.allocUnsafe(8 + width * sorted.length);
  out.writeUInt32LE(width, 0);
  out.writeUInt32LE(sorted.length, 4);
  let at = 8;
  for (const v of sorted) {
    if (width === 2) out.writeInt16LE(Number(v), at);
    else if (width === 4) out.writeInt32LE(Number(v), at);
    else out.writeBigInt64LE(BigInt(v), at);
    at += width;
  }
  return out;
}
