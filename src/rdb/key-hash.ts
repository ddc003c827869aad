// Two 32-bit hashes of a key's bytes in one pass: for hash tables of keys and for 64-bit key fingerprints.

/** 32-bit hashes of a byte range, computed in one pass four bytes a step: murmur3 and a murmur2-style mix, each finalised. */
export interface KeyHash {
  h1: number;
  h2: number;
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The bytes at i..i+3 as a little-endian 32-bit word (the caller keeps i + 3 within the range). */
function word(bytes: Uint8Array, i: number): number {
  return bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
}

/** The last (end - i) < 4 bytes as one little-endian word, zero-filled. */
function tailWord(bytes: Uint8Array, i: number, end: number): number {
  let k = 0;
  for (let s = 0; i < end; i++, s += 8) k |= bytes[i]! << s;
  return k;
}

/** One word into the first hash: murmur3's block step. */
function mix1(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  h ^= Math.imul(k, 0x1b873593);
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** One word into the second hash: a murmur2-style step with other constants, so the two stay independent. */
function mix2(h: number, k: number): number {
  h = Math.imul(h ^ k, 0x5bd1e995);
  return h ^ (h >>> 15);
}

/**
 * The first hash of bytes[start..end) (h1 of hashBytes), finalised so nearby keys spread over a table; unsigned.
 * Four bytes a step: keys are hashed once per command, and a byte at a time took twice as long.
 */
export function hash32(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5 ^ (end - start);
  let i = start;
  for (const last = end - 4; i <= last; i += 4) h = mix1(h, word(bytes, i));
  return fmix32(mix1(h, tailWord(bytes, i, end)));
}

/** Fills out with the two hashes of bytes[start..end); returns out (reused by callers: no allocation). h1 is hash32. */
export function hashBytes(bytes: Uint8Array, start: number, end: number, out: KeyHash): KeyHash {
  let h1 = 0x811c9dc5 ^ (end - start);
  let h2 = 0x9747b28c ^ (end - start);
  let i = start;
  for (const last = end - 4; i <= last; i += 4) {
    const k = word(bytes, i);
    h1 = mix1(h1, k);
    h2 = mix2(h2, k);
  }
  const k = tailWord(bytes, i, end);
  out.h1 = fmix32(mix1(h1, k));
  out.h2 = fmix32(mix2(h2, k));
  return out;
}
