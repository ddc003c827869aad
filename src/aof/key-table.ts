// A hash table from key bytes to two numbers, in typed arrays: no string or object per key, no GC churn.
//
// inspect adds one entry per key touched, millions of times over a large AOF; a Map<string, {…}> costs a
// string decode, an object and a GC'd hash-table entry per key. Here keys are copied once into an arena,
// compared byte for byte (so counts stay exact), and found by open addressing with linear probing.

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

/** Fills out with the two hashes of bytes[start..end); returns out (reused by callers: no allocation). */
export function hashBytes(bytes: Buffer, start: number, end: number, out: KeyHash): KeyHash {
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

const EMPTY = -1;

export class KeyTable {
  /** Pairs (entry, h1) per slot, so a probe compares hashes without touching the entry arrays. */
  private slots: Int32Array;
  private mask: number;
  /** Per entry. */
  private hashes: Uint32Array;
  private hashes2: Uint32Array;
  private starts: Float64Array;
  private lengths: Uint32Array;
  /** The two numbers kept per key (e.g. commands and bytes). */
  a: Float64Array;
  b: Float64Array;
  private arena: Buffer;
  private arenaUsed = 0;
  size = 0;

  constructor(expected = 1024) {
    const entries = Math.max(16, expected);
    let slots = 16;
    while (slots < entries * 2) slots *= 2;
    this.slots = new Int32Array(slots * 2).fill(EMPTY);
    this.mask = slots - 1;
    this.hashes = new Uint32Array(entries);
    this.hashes2 = new Uint32Array(entries);
    this.starts = new Float64Array(entries);
    this.lengths = new Uint32Array(entries);
    this.a = new Float64Array(entries);
    this.b = new Float64Array(entries);
    this.arena = Buffer.allocUnsafe(entries * 16);
  }

  /** The entry for bytes[start..end) with hash h, added (with zeros) if absent. */
  entry(bytes: Buffer, start: number, end: number, h: KeyHash): number {
    const len = end - start;
    const slots = this.slots;
    const h1 = h.h1 | 0;
    let slot = h1 & this.mask;
    for (;;) {
      const e = slots[2 * slot]!;
      if (e === EMPTY) break;
      if (slots[2 * slot + 1] === h1 && this.lengths[e] === len && this.sameBytes(e, bytes, start, len)) return e;
      slot = (slot + 1) & this.mask;
    }
    if (this.size === this.hashes.length) {
      this.grow();
      return this.entry(bytes, start, end, h);
    }
    const e = this.size++;
    if (this.arenaUsed + len > this.arena.length) this.growArena(len);
    bytes.copy(this.arena, this.arenaUsed, start, end);
    this.starts[e] = this.arenaUsed;
    this.lengths[e] = len;
    this.arenaUsed += len;
    this.hashes[e] = h.h1;
    this.hashes2[e] = h.h2;
    this.a[e] = 0;
    this.b[e] = 0;
    slots[2 * slot] = e;
    slots[2 * slot + 1] = h1;
    return e;
  }

  private sameBytes(e: number, bytes: Buffer, start: number, len: number): boolean {
    const at = this.starts[e]!;
    const arena = this.arena;
    for (let i = 0; i < len; i++) if (arena[at + i] !== bytes[start + i]) return false;
    return true;
  }

  /** A copy of entry e's key bytes. */
  key(e: number): Buffer {
    const at = this.starts[e]!;
    return Buffer.from(this.arena.subarray(at, at + this.lengths[e]!));
  }

  /** Entry e's hashes (for carrying entries into another table or an estimator). */
  hash(e: number, out: KeyHash): KeyHash {
    out.h1 = this.hashes[e]!;
    out.h2 = this.hashes2[e]!;
    return out;
  }

  /** Entry e's key as a range of the arena, for re-inserting it elsewhere without a copy. */
  keyRange(e: number): { bytes: Buffer; start: number; end: number } {
    const at = this.starts[e]!;
    return { bytes: this.arena, start: at, end: at + this.lengths[e]! };
  }

  /** The n entries with the largest values in column (ties by key bytes), without sorting the table. */
  top(n: number, column: Float64Array): number[] {
    const best: number[] = [];
    const { arena, starts, lengths } = this;
    const keyBefore = (x: number, y: number) =>
      arena.compare(arena, starts[y]!, starts[y]! + lengths[y]!, starts[x]!, starts[x]! + lengths[x]!) < 0;
    const before = (x: number, y: number) => column[x]! > column[y]! || (column[x] === column[y] && keyBefore(x, y));
    for (let e = 0; e < this.size; e++) {
      if (best.length === n && !before(e, best[n - 1]!)) continue;
      let i = best.length === n ? n - 1 : best.length;
      while (i > 0 && before(e, best[i - 1]!)) {
        best[i] = best[i - 1]!;
        i--;
      }
      best[i] = e;
    }
    return best;
  }

  private grow(): void {
    const entries = this.hashes.length * 2;
    const copy = <T extends Float64Array | Uint32Array>(from: T, make: (n: number) => T): T => {
      const to = make(entries);
      to.set(from);
      return to;
    };
    this.hashes = copy(this.hashes, (n) => new Uint32Array(n));
    this.hashes2 = copy(this.hashes2, (n) => new Uint32Array(n));
    this.starts = copy(this.starts, (n) => new Float64Array(n));
    this.lengths = copy(this.lengths, (n) => new Uint32Array(n));
    this.a = copy(this.a, (n) => new Float64Array(n));
    this.b = copy(this.b, (n) => new Float64Array(n));
    this.slots = new Int32Array(entries * 4).fill(EMPTY);
    this.mask = entries * 2 - 1;
    for (let e = 0; e < this.size; e++) {
      const h1 = this.hashes[e]! | 0;
      let slot = h1 & this.mask;
      while (this.slots[2 * slot] !== EMPTY) slot = (slot + 1) & this.mask;
      this.slots[2 * slot] = e;
      this.slots[2 * slot + 1] = h1;
    }
  }

  private growArena(need: number): void {
    const bigger = Buffer.allocUnsafe(Math.max(this.arena.length * 2, this.arenaUsed + need));
    this.arena.copy(bigger, 0, 0, this.arenaUsed);
    this.arena = bigger;
  }
}
