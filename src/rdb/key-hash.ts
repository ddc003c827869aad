// Two 32-bit hashes of a key's bytes in one pass: for hash tables of keys and for 64-bit key fingerprints.

/** 32-bit hashes of a byte range, computed in one pass: FNV-1a and a murmur-style mix, each finalised. */
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

/** FNV-1a of bytes[start..end), finalised with fmix32 so nearby keys spread over a table; unsigned. */
export function hash32(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return fmix32(h);
}

/** Fills out with the two hashes of bytes[start..end); returns out (reused by callers: no allocation). h1 is hash32. */
export function hashBytes(bytes: Uint8Array, start: number, end: number, out: KeyHash): KeyHash {
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c ^ (end - start);
  for (let i = start; i < end; i++) {
    const b = bytes[i]!;
    h1 = Math.imul(h1 ^ b, 0x01000193);
    h2 = Math.imul(h2 ^ b, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  out.h1 = fmix32(h1);
  out.h2 = fmix32(h2);
  return out;
}
