// LZF compression for RDB strings: literal runs and back references that lzf_d.c (and src/rdb/lzf.ts) expand.

/** Longest literal run one control byte announces. */
const MAX_LITERAL = 32;
/** Farthest a back reference reaches (13 bits of offset, plus one). */
const MAX_DISTANCE = 8192;
/** Longest back reference: 7 in the control byte, 255 in the next, plus the implied 2. */
const MAX_MATCH = 264;
const HASH_BITS = 14;
/** Table entries are stamped with a per-call base so a call never has to clear the table; kept below 2^30 (small integers). */
const table = new Int32Array(1 << HASH_BITS);
let base = 0;

/** Table slot of three bytes held as one 24-bit value. */
function slot(v: number): number {
  return Math.imul(v, 0x9e3779b1) >>> (32 - HASH_BITS);
}

function bytes3(input: Uint8Array, at: number): number {
  return (input[at]! << 16) | (input[at + 1]! << 8) | input[at + 2]!;
}

/**
 * Compresses `input` into `out` and returns the compressed length, or 0 when the result would not fit in
 * `out` (lzf_compress's contract, which rdbSaveLzfStringObject uses to keep only strings that shrink).
 * Greedy: each position looks up the last one with the same three bytes, as liblzf does.
 */
export function lzfCompress(input: Uint8Array, out: Uint8Array): number {
  const n = input.length;
  const limit = out.length;
  if (base + n + MAX_DISTANCE + 2 > 0x3fffffff) {
    table.fill(0);
    base = 0;
  }
  const stamp = base + 1;
  base += n + MAX_DISTANCE + 1;
  // The control byte of the open literal run sits at `run`; `lit` literals follow it.
  let op = 1;
  let run = 0;
  let lit = 0;
  let ip = 0;
  // The three bytes at ip, rolled forward one byte per literal (one load per byte, not three).
  let v = n > 2 ? bytes3(input, 0) : 0;
  while (ip < n) {
    // Look up the last position with the same next three bytes, and remember this one (inline: the
    // per-byte cost is the compressor's speed).
    if (ip < n - 2) {
      const h = slot(v);
      const ref = table[h]! - stamp;
      table[h] = ip + stamp;
      if (ref >= 0 && ip - ref <= MAX_DISTANCE && input[ref] === input[ip] && input[ref + 1] === input[ip + 1] && input[ref + 2] === input[ip + 2]) {
        const max = Math.min(MAX_MATCH, n - ip);
        let len = 3;
        while (len < max && input[ref + len] === input[ip + len]) len++;
        if (op + 4 > limit) return 0;
        if (lit === 0) op--;
        else out[run] = lit - 1;
        const code = len - 2;
        const off = ip - ref - 1;
        if (code < 7) out[op++] = (code << 5) | (off >> 8);
        else {
          out[op++] = (7 << 5) | (off >> 8);
          out[op++] = code - 7;
        }
        out[op++] = off & 0xff;
        run = op++;
        lit = 0;
        ip += len;
        // Like liblzf, remember the two positions before the next one so runs keep matching.
        if (ip < n - 2) {
          table[slot(bytes3(input, ip - 2))] = ip - 2 + stamp;
          table[slot(bytes3(input, ip - 1))] = ip - 1 + stamp;
          v = bytes3(input, ip);
        }
        continue;
      }
    }
    if (op + 2 > limit) return 0;
    out[op++] = input[ip++]!;
    if (ip + 2 < n) v = ((v << 8) & 0xffffff) | input[ip + 2]!;
    if (++lit === MAX_LITERAL) {
      out[run] = MAX_LITERAL - 1;
      run = op++;
      lit = 0;
    }
  }
  if (lit === 0) op--;
  else out[run] = lit - 1;
  return op;
}
