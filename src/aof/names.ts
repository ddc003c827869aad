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

/** Exact byte equality of bytes[start, end) and `written`. */
function sameBytes(bytes: Buffer, start: number, end: number, written: Buffer): boolean {
  if (end - start !== written.length) return false;
  for (let i = start; i < end; i++) if (bytes[i] !== written[i - start]) return false;
  return true;
}

/**
 * Interns command names: one lower-case string per distinct name, and one Buffer per spelling as written,
 * handed out as a command's name argument instead of a view of each command (writtenName).
 */
export class NameInterner {
  private readonly lower: (string | undefined)[] = new Array<string | undefined>(1 << CACHE_BITS);
  private readonly written: (Buffer | undefined)[] = new Array<Buffer | undefined>(1 << CACHE_BITS);
  /** The range intern() read last and the Buffer of its spelling: the reader asks for it right after. */
  private lastBytes: Buffer | null = null;
  private lastStart = 0;
  private lastEnd = 0;
  private lastWritten: Buffer | undefined = undefined;

  /** The lower-case name of bytes[start, end); the same string object every time for the same bytes. */
  intern(bytes: Buffer, start = 0, end = bytes.length): string {
    this.lastBytes = bytes;
    this.lastStart = start;
    this.lastEnd = end;
    if (end - start > NAME_MAX) {
      this.lastWritten = undefined;
      return lowerName(bytes.subarray(start, end));
    }
    const at = Math.imul(nameKey(bytes, start, end), 0x9e3779b1) >>> (32 - CACHE_BITS);
    const hit = this.lower[at];
    if (hit !== undefined) {
      // The spelling seen last in this slot: one exact comparison serves the name and its Buffer.
      const written = this.written[at];
      if (written !== undefined && sameBytes(bytes, start, end, written)) {
        this.lastWritten = written;
        return hit;
      }
      if (sameName(bytes, start, end, hit)) {
        // Another case of the same name: the slot keeps the newer spelling (a file writes each name in one case).
        this.lastWritten = this.written[at] = Buffer.from(bytes.subarray(start, end));
        return hit;
      }
    }
    const name = lowerName(bytes.subarray(start, end));
    // A colliding name replaces the entry: names of one file rarely share a slot.
    this.lower[at] = name;
    this.lastWritten = this.written[at] = Buffer.from(bytes.subarray(start, end));
    return name;
  }

  /**
   * A Buffer equal to bytes[start, end), shared by every command of that spelling, when those are the bytes
   * intern() read last; undefined otherwise (then use a view). Never written to by its takers.
   */
  writtenName(bytes: Buffer, start: number, end: number): Buffer | undefined {
    return bytes === this.lastBytes && start === this.lastStart && end === this.lastEnd ? this.lastWritten : undefined;
  }
}
