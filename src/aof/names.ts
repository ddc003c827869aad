// Interns command names: one lower-case string per distinct name, found without decoding on the hot path.

import { lowerName } from '../resp/index.js';

/** A cheap key: length and three case-folded bytes; a hit is confirmed byte by byte. */
function nameKey(bytes: Buffer, start: number, end: number): number {
  const n = end - start;
  if (n === 0) return 0;
  return n * 0x1000000 + ((bytes[start]! | 0x20) << 16) + ((bytes[start + (n >> 1)]! | 0x20) << 8) + (bytes[end - 1]! | 0x20);
}

function sameName(bytes: Buffer, start: number, end: number, lower: string): boolean {
  if (end - start !== lower.length) return false;
  for (let i = start; i < end; i++) {
    let c = bytes[i]!;
    if (c >= 0x41 && c <= 0x5a) c |= 0x20;
    if (c !== lower.charCodeAt(i - start)) return false;
  }
  return true;
}

/** Longer "names" are not commands; they are decoded each time rather than cached without bound. */
const NAME_MAX = 32;
/** A direct-mapped cache: one array read per command, where a Map look-up cost ~17 ns (a sixth of inspect's per-command time). */
const CACHE_BITS = 12;

export class NameInterner {
  private readonly cache: (string | undefined)[] = new Array<string | undefined>(1 << CACHE_BITS);

  /** The lower-case name of bytes[start, end); the same string object every time for the same bytes. */
  intern(bytes: Buffer, start = 0, end = bytes.length): string {
    if (end - start > NAME_MAX) return lowerName(bytes.subarray(start, end));
    const at = Math.imul(nameKey(bytes, start, end), 0x9e3779b1) >>> (32 - CACHE_BITS);
    const hit = this.cache[at];
    if (hit !== undefined && sameName(bytes, start, end, hit)) return hit;
    const name = lowerName(bytes.subarray(start, end));
    // A colliding name replaces the entry: names of one file rarely share a slot.
    this.cache[at] = name;
    return name;
  }
}

/**
 * One Buffer per command name as written (case kept), handed out instead of a view of each command's
 * name; only names a file uses again and again are worth it, so the cache is small and keyed by the
 * interned lower-case name.
 */
export class NameBuffers {
  private readonly byName = new Map<string, Buffer>();
  /** The last name asked for and its entry: commands come in runs of one name, and a run needs no look-up. */
  private lastName = '';
  private lastHit: Buffer | undefined = undefined;

  /** A Buffer equal to bytes[start, end) whose lower case is name, or undefined (then use a view). */
  get(name: string, bytes: Buffer, start: number, end: number): Buffer | undefined {
    if (name !== this.lastName) {
      this.lastName = name;
      this.lastHit = this.byName.get(name);
    }
    const hit = this.lastHit;
    if (hit?.length === end - start) {
      let i = 0;
      while (i < hit.length && hit[i] === bytes[start + i]) i++;
      if (i === hit.length) return hit;
    }
    if (end - start > NAME_MAX || (hit === undefined && this.byName.size >= BUFFERS_MAX)) return undefined;
    // A name seen in another case replaces the entry: a file writes each command in one case.
    const copy = Buffer.from(bytes.subarray(start, end));
    this.byName.set(name, copy);
    this.lastHit = copy;
    return copy;
  }
}

const BUFFERS_MAX = 256;
