// LZF decompression for RDB strings (lzf_d.c), safe on hostile input: every copy is bounds-checked.

/**
 * LZF cannot expand data by more than this: a 3-byte back reference emits at most 264 bytes.
 * Used to refuse an absurd uncompressed length before allocating it.
 */
export const LZF_MAX_RATIO = 88;

/**
 * Decompresses input[start, end) into exactly `outLength` bytes: into `out` when given (at least that long; the
 * result is then a view of its start), else a Buffer of their own. Returns null when the data is malformed
 * or does not produce exactly `outLength` bytes (Redis: "Invalid LZF compressed string").
 */
export function lzfDecompress(input: Uint8Array, outLength: number, start = 0, end = input.length, into?: Buffer): Buffer | null {
  const out = into ?? Buffer.allocUnsafe(outLength);
  if (out.length < outLength) throw new Error(`lzfDecompress: ${out.length} bytes cannot hold ${outLength}`);
  const inEnd = end;
  let ip = start;
  let op = 0;
  while (ip < inEnd) {
    const ctrl = input[ip++]!;
    if (ctrl < 32) {
      // Literal run of ctrl + 1 bytes.
      const run = ctrl + 1;
      if (op + run > outLength || ip + run > inEnd) return null;
      // At most 32 bytes: a loop costs less than the view a native copy would need.
      for (let k = 0; k < run; k++) out[op++] = input[ip++]!;
    } else {
      // Back reference: length in the top 3 bits (7 = one more length byte), offset in 13 bits.
      let len = ctrl >>> 5;
      if (ip >= inEnd) return null;
      if (len === 7) {
        len += input[ip++]!;
        if (ip >= inEnd) return null;
      }
      const ref = op - ((ctrl & 0x1f) << 8) - 1 - input[ip++]!;
      len += 2;
      if (op + len > outLength || ref < 0) return null;
      if (ref === op - 1) {
        // A run of one repeated byte (how LZF writes padding and zeros): one native fill.
        if (len < 16) for (let k = 0; k < len; k++) out[op++] = out[ref]!;
        else {
          out.fill(out[ref]!, op, op + len);
          op += len;
        }
      } else if (len >= 32) {
        // An overlapping reference repeats the bytes between ref and op; copy in chunks that double.
        let done = 0;
        let span = op - ref;
        while (done < len) {
          const chunk = Math.min(span, len - done);
          out.copyWithin(op + done, ref, ref + chunk);
          done += chunk;
          span += chunk;
        }
        op += len;
      } else {
        // Byte by byte: cheaper than a native call for short copies, and an overlapping copy must repeat
        // the pattern as lzf_d.c does.
        for (let k = 0; k < len; k++) out[op++] = out[ref + k]!;
      }
    }
  }
  if (op !== outLength) return null;
  return out.length === outLength ? out : out.subarray(0, outLength);
}

/**
 * True when lzfDecompress(input, outLength, start, end) would succeed: the same bounds checks on every
 * literal run and back reference, without producing the bytes (a check that keeps nothing needs none).
 */
export function lzfValid(input: Uint8Array, outLength: number, start = 0, end = input.length): boolean {
  let ip = start;
  let op = 0;
  while (ip < end) {
    const ctrl = input[ip++]!;
    if (ctrl < 32) {
      const run = ctrl + 1;
      if (op + run > outLength || ip + run > end) return false;
      ip += run;
      op += run;
    } else {
      let len = ctrl >>> 5;
      if (ip >= end) return false;
      if (len === 7) {
        len += input[ip++]!;
        if (ip >= end) return false;
      }
      const ref = op - ((ctrl & 0x1f) << 8) - 1 - input[ip++]!;
      len += 2;
      if (op + len > outLength || ref < 0) return false;
      op += len;
    }
  }
  return op === outLength;
}
