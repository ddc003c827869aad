// A hash table from key bytes to two numbers, in typed arrays: no string or object per key, no GC churn.
//
// inspect adds one entry per key touched, millions of times over a large AOF; a Map<string, {…}> costs a
// string decode, an object and a GC'd hash-table entry per key. Here keys are copied once into an arena and
// compared byte for byte (so counts stay exact); each slot holds hash, length, arena offset and both numbers
// side by side, so a look-up touches one slot and the key's bytes, not five scattered arrays.

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

/** Slot layout: [h1 (-1: empty), key length, arena offset, a, b]. */
const STRIDE = 5;
const HASH = 0;
const LENGTH = 1;
const START = 2;
const A = 3;
const B = 4;
/** Slots in use at most this share of the table, so linear probes stay short. */
const LOAD = 0.6;

export type Column = typeof A | typeof B;
export const COLUMN_A: Column = A;
export const COLUMN_B: Column = B;

export class KeyTable {
  private cells: Float64Array;
  private mask: number;
  private arena: Buffer;
  private arenaUsed = 0;
  /** Keys held. */
  size = 0;

  constructor(expected = 1024) {
    let slots = 16;
    while (slots * LOAD < expected) slots *= 2;
    this.cells = new Float64Array(slots * STRIDE).fill(-1);
    this.mask = slots - 1;
    this.arena = Buffer.allocUnsafe(Math.max(256, expected * 16));
  }

  /** The slot of bytes[start..end) (hash h), added with both numbers at 0 if absent. */
  entry(bytes: Buffer, start: number, end: number, h: KeyHash): number {
    const cells = this.cells;
    const len = end - start;
    const h1 = h.h1;
    let slot = h1 & this.mask;
    for (;;) {
      const at = slot * STRIDE;
      const tag = cells[at + HASH]!;
      if (tag < 0) break;
      if (tag === h1 && cells[at + LENGTH] === len && this.sameBytes(cells[at + START]!, bytes, start, len)) return slot;
      slot = (slot + 1) & this.mask;
    }
    if (this.size + 1 > (this.mask + 1) * LOAD) {
      this.grow();
      return this.entry(bytes, start, end, h);
    }
    if (this.arenaUsed + len > this.arena.length) this.growArena(len);
    bytes.copy(this.arena, this.arenaUsed, start, end);
    const at = slot * STRIDE;
    cells[at + HASH] = h1;
    cells[at + LENGTH] = len;
    cells[at + START] = this.arenaUsed;
    cells[at + A] = 0;
    cells[at + B] = 0;
    this.arenaUsed += len;
    this.size++;
    return slot;
  }

  add(slot: number, a: number, b: number): void {
    const at = slot * STRIDE;
    this.cells[at + A] += a;
    this.cells[at + B] += b;
  }

  set(slot: number, a: number, b: number): void {
    const at = slot * STRIDE;
    this.cells[at + A] = a;
    this.cells[at + B] = b;
  }

  value(slot: number, column: Column): number {
    return this.cells[slot * STRIDE + column]!;
  }

  private sameBytes(at: number, bytes: Buffer, start: number, len: number): boolean {
    const arena = this.arena;
    for (let i = 0; i < len; i++) if (arena[at + i] !== bytes[start + i]) return false;
    return true;
  }

  /** Calls fn for every slot in use. */
  forEach(fn: (slot: number) => void): void {
    const cells = this.cells;
    for (let slot = 0; slot <= this.mask; slot++) if (cells[slot * STRIDE + HASH]! >= 0) fn(slot);
  }

  /** A copy of the slot's key bytes. */
  key(slot: number): Buffer {
    const at = this.cells[slot * STRIDE + START]!;
    return Buffer.from(this.arena.subarray(at, at + this.cells[slot * STRIDE + LENGTH]!));
  }

  /** The slot's key as a range of the arena (valid until the next insertion), to re-insert elsewhere. */
  keyRange(slot: number): { bytes: Buffer; start: number; end: number } {
    const at = this.cells[slot * STRIDE + START]!;
    return { bytes: this.arena, start: at, end: at + this.cells[slot * STRIDE + LENGTH]! };
  }

  /** The n slots with the largest values in column (ties by key bytes), without sorting the table. */
  top(n: number, column: Column): number[] {
    const { cells, arena } = this;
    const keyBefore = (x: number, y: number) => {
      const xs = cells[x * STRIDE + START]!;
      const ys = cells[y * STRIDE + START]!;
      return arena.compare(arena, ys, ys + cells[y * STRIDE + LENGTH]!, xs, xs + cells[x * STRIDE + LENGTH]!) < 0;
    };
    const before = (x: number, y: number) => {
      const vx = cells[x * STRIDE + column]!;
      const vy = cells[y * STRIDE + column]!;
      return vx > vy || (vx === vy && keyBefore(x, y));
    };
    const best: number[] = [];
    if (n <= 0) return best;
    this.forEach((slot) => {
      if (best.length === n && !before(slot, best[n - 1]!)) return;
      let i = best.length === n ? n - 1 : best.length;
      while (i > 0 && before(slot, best[i - 1]!)) {
        best[i] = best[i - 1]!;
        i--;
      }
      best[i] = slot;
    });
    return best;
  }

  private grow(): void {
    const old = this.cells;
    const slots = (this.mask + 1) * 2;
    this.cells = new Float64Array(slots * STRIDE).fill(-1);
    this.mask = slots - 1;
    for (let from = 0; from < old.length; from += STRIDE) {
      const h1 = old[from + HASH]!;
      if (h1 < 0) continue;
      let slot = h1 & this.mask;
      while (this.cells[slot * STRIDE + HASH]! >= 0) slot = (slot + 1) & this.mask;
      this.cells.set(old.subarray(from, from + STRIDE), slot * STRIDE);
    }
  }

  private growArena(need: number): void {
    const bigger = Buffer.allocUnsafe(Math.max(this.arena.length * 2, this.arenaUsed + need));
    this.arena.copy(bigger, 0, 0, this.arenaUsed);
    this.arena = bigger;
  }
}
