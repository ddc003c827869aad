// Interns command names: one lower-case string per distinct name, found without decoding on the hot path.

import { equalsIgnoreCase, lowerName } from '../resp/index.js';

/** A cheap key: length and three case-folded bytes; a hit is confirmed byte by byte. */
function nameKey(bytes: Buffer): number {
  const n = bytes.length;
  if (n === 0) return 0;
  return n * 0x1000000 + ((bytes[0]! | 0x20) << 16) + ((bytes[n >> 1]! | 0x20) << 8) + (bytes[n - 1]! | 0x20);
}

/** Longer "names" are not commands; they are decoded each time rather than cached without bound. */
const NAME_MAX = 32;
const CACHE_MAX = 4096;

export class NameInterner {
  private readonly cache = new Map<number, string>();

  /** The lower-case name; the same string object every time for the same bytes. */
  intern(bytes: Buffer): string {
    if (bytes.length > NAME_MAX) return lowerName(bytes);
    const h = nameKey(bytes);
    const hit = this.cache.get(h);
    if (hit !== undefined && equalsIgnoreCase(bytes, hit)) return hit;
    const name = lowerName(bytes);
    // A colliding name replaces the entry: names of one file rarely share a key.
    if (this.cache.size < CACHE_MAX || hit !== undefined) this.cache.set(h, name);
    return name;
  }
}
