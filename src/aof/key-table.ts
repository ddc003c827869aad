// A hash table from key bytes to two numbers, in typed arrays: no string or object per key, no GC churn.
//
// inspect adds one entry per key touched, millions of times over a large AOF; a Map<string, {…}> costs a
// string decode, an object and a GC'd hash-table entry per key. Here keys are copied once, into their slot
// when short or an arena when long, and compared byte for byte (so counts stay exact); each slot holds
// hashes, length, key bytes and both numbers side by side, so a look-up of a short key touches one cache line.

import { collectSoon } from './collect-soon.js';
import type { KeyHash } from '../rdb/key-hash.js';

/**
 * Slot layout, 64 bytes (one cache line): as Int32 [h1, h2, key length + 1 (0: empty), arena offset], then
 * the key's first INLINE bytes, then as Float64 [a, b]. A key of at most INLINE bytes lives in its slot
 * alone, so finding it reads one cache line; only longer keys are copied to the arena, and their bytes
 * are compared only when both 32-bit hashes and the length match.
 */
const SLOT_BYTES = 64;
const I32 = SLOT_BYTES / 4;
const F64 = SLOT_BYTES / 8;
const H1 = 0;
const H2 = 1;
const LENGTH = 2;
const START = 3;
/** Byte offset of the inline key bytes within a slot, and how many it holds. */
const INLINE_AT = 16;
const INLINE = 32;
const A = 6;
const B = 7;
/** Slots in use at most this share of the table, so linear probes stay short. */
const LOAD = 0.6;

/** Slots (a power of two) for `keys` keys at most LOAD full. */
function slotsFor(keys: number): number {
  let slots = 16;
  while (slots * LOAD < keys) slots *= 2;
  return slots;
}

export type Column = typeof A | typeof B;
export const COLUMN_A: Column = A;
export const COLUMN_B: Column = B;

/** A table as plain data, to be posted from a worker thread (see KeyTable.part and KeyTable.fromPart). */
export interface KeyTablePart {
  readonly cells: ArrayBuffer;
  readonly arena: Uint8Array;
  readonly size: number;
}

export class KeyTable {
  private ints: Int32Array;
  private nums: Float64Array;
  /** The slots as bytes, where short keys are. */
  private bytes: Buffer;
  private mask: number;
  private arena: Buffer;
  private arenaUsed = 0;
  /** Keys held. */
  size = 0;
  private readonly scratch: KeyHash = { h1: 0, h2: 0 };
  /** Keys to make room for at the first growth (0: double as usual). */
  private readonly most: number;

  /**
   * Room for `expected` keys. A table that outgrows it grows straight to room for `most` keys (default: it
   * doubles): every table allocated is fresh memory the process must fault in, so one jump costs less than
   * doubling up to the same size.
   */
  constructor(expected = 1024, most = 0) {
    this.most = most;
    const slots = slotsFor(expected);
    const cells = new ArrayBuffer(slots * SLOT_BYTES);
    this.ints = new Int32Array(cells);
    this.nums = new Float64Array(cells);
    this.bytes = Buffer.from(cells);
    this.mask = slots - 1;
    this.arena = Buffer.allocUnsafe(256);
  }

  /** Its slots and keys as plain data (views of its memory: post them, then drop the table). */
  part(): KeyTablePart {
    return { cells: this.ints.buffer as ArrayBuffer, arena: this.arena.subarray(0, this.arenaUsed), size: this.size };
  }

  /**
   * Hands every key to `take` (its bytes, the hashes stored with it, both numbers), then gives the table's
   * memory back at once (see collectSoon): the table is moved elsewhere and must not be used again.
   */
  drain(take: (bytes: Buffer, start: number, end: number, h: KeyHash, a: number, b: number) => void): void {
    const { ints, nums } = this;
    const h: KeyHash = { h1: 0, h2: 0 };
    this.forEach((slot) => {
      h.h1 = ints[slot * I32 + H1]! >>> 0;
      h.h2 = ints[slot * I32 + H2]! >>> 0;
      const start = this.keyStart(slot);
      take(this.keySource(slot), start, start + this.keyLength(slot), h, nums[slot * F64 + A]!, nums[slot * F64 + B]!);
    });
    // Nothing of it is reachable from here on, whoever still holds the table.
    this.ints = new Int32Array(0);
    this.nums = new Float64Array(0);
    this.bytes = Buffer.alloc(0);
    this.arena = this.bytes;
    this.arenaUsed = 0;
    this.mask = 0;
    this.size = 0;
    collectSoon();
  }

  /** A table holding what part() gave, to be drained. */
  static fromPart(part: KeyTablePart): KeyTable {
    const t = new KeyTable(0);
    t.ints = new Int32Array(part.cells);
    t.nums = new Float64Array(part.cells);
    t.bytes = Buffer.from(part.cells);
    t.mask = part.cells.byteLength / SLOT_BYTES - 1;
    t.arena = Buffer.from(part.arena.buffer, part.arena.byteOffset, part.arena.byteLength);
    t.arenaUsed = part.arena.byteLength;
    t.size = part.size;
    return t;
  }

  /** The slot of bytes[start..end) (hash h), or -1 when the table does not hold it. */
  find(bytes: Buffer, start: number, end: number, h: KeyHash): number {
    const ints = this.ints;
    const h1 = h.h1 | 0;
    const h2 = h.h2 | 0;
    const tag = end - start + 1;
    for (let slot = h1 & this.mask; ; slot = (slot + 1) & this.mask) {
      const at = slot * I32;
      const len = ints[at + LENGTH]!;
      if (len === 0) return -1;
      if (ints[at + H1] === h1 && ints[at + H2] === h2 && len === tag && this.sameBytes(slot, bytes, start, tag - 1)) return slot;
    }
  }

  /** The slot of bytes[start..end) (hash h), added with both numbers at 0 if absent. */
  entry(bytes: Buffer, start: number, end: number, h: KeyHash): number {
    const ints = this.ints;
    const h1 = h.h1 | 0;
    const h2 = h.h2 | 0;
    const tag = end - start + 1;
    let slot = h1 & this.mask;
    for (;;) {
      const at = slot * I32;
      const len = ints[at + LENGTH]!;
      if (len === 0) break;
      if (ints[at + H1] === h1 && ints[at + H2] === h2 && len === tag && this.sameBytes(slot, bytes, start, tag - 1)) {
        return slot;
      }
      slot = (slot + 1) & this.mask;
    }
    if (this.size + 1 > (this.mask + 1) * LOAD) {
      this.grow();
      return this.entry(bytes, start, end, h);
    }
    const len = end - start;
    const at = slot * I32;
    ints[at + H1] = h1;
    ints[at + H2] = h2;
    ints[at + LENGTH] = tag;
    // A slot freed by clear() still holds its old numbers.
    this.nums[slot * F64 + A] = 0;
    this.nums[slot * F64 + B] = 0;
    if (len <= INLINE) {
      const own = this.bytes;
      const to = slot * SLOT_BYTES + INLINE_AT;
      for (let i = 0; i < len; i++) own[to + i] = bytes[start + i]!;
    } else {
      if (this.arenaUsed + len > this.arena.length) this.growArena(len);
      bytes.copy(this.arena, this.arenaUsed, start, end);
      ints[at + START] = this.arenaUsed;
      this.arenaUsed += len;
    }
    this.size++;
    return slot;
  }

  /**
   * Reads the home slot of a key with hash h and returns what it read
   * (the caller keeps it, so the reads are not optimised away). Called for a batch of keys before their
   * entry() calls, the cache misses of the batch overlap instead of stalling one after another.
   */
  warm(h: KeyHash): number {
    return this.ints[((h.h1 | 0) & this.mask) * I32 + LENGTH]!;
  }

  add(slot: number, a: number, b: number): void {
    const at = slot * F64;
    this.nums[at + A]! += a;
    this.nums[at + B]! += b;
  }

  set(slot: number, a: number, b: number): void {
    const at = slot * F64;
    this.nums[at + A] = a;
    this.nums[at + B] = b;
  }

  value(slot: number, column: Column): number {
    return this.nums[slot * F64 + column]!;
  }

  private sameBytes(slot: number, bytes: Buffer, start: number, len: number): boolean {
    if (len <= INLINE) {
      const own = this.bytes;
      const at = slot * SLOT_BYTES + INLINE_AT;
      for (let i = 0; i < len; i++) if (own[at + i] !== bytes[start + i]) return false;
      return true;
    }
    const arena = this.arena;
    const at = this.ints[slot * I32 + START]!;
    for (let i = 0; i < len; i++) if (arena[at + i] !== bytes[start + i]) return false;
    return true;
  }

  /** Writes the slots in use to out (room for size of them), in one scan; returns how many. */
  slotsInUse(out: Int32Array): number {
    const ints = this.ints;
    let n = 0;
    for (let slot = 0; slot <= this.mask; slot++) if (ints[slot * I32 + LENGTH] !== 0) out[n++] = slot;
    return n;
  }

  /**
   * Empties the table for reuse, its memory kept, given every slot in use (slotsInUse): a sketch that purges
   * often moves its survivors to a second table and back, allocating nothing.
   */
  clear(inUse: Int32Array, n: number): void {
    const ints = this.ints;
    for (let i = 0; i < n; i++) ints[inUse[i]! * I32 + LENGTH] = 0;
    this.size = 0;
    this.arenaUsed = 0;
  }

  /** Adds the key of another table's slot with the numbers a and b, reusing the hashes stored with it. */
  insertFrom(other: KeyTable, slot: number, a: number, b: number): void {
    const from = slot * I32;
    const h = this.scratch;
    h.h1 = other.ints[from + H1]!;
    h.h2 = other.ints[from + H2]!;
    const source = other.keySource(slot);
    const start = other.keyStart(slot);
    this.set(this.entry(source, start, start + other.keyLength(slot), h), a, b);
  }

  /** Calls fn for every slot in use. */
  forEach(fn: (slot: number) => void): void {
    const ints = this.ints;
    for (let slot = 0; slot <= this.mask; slot++) if (ints[slot * I32 + LENGTH] !== 0) fn(slot);
  }

  private keyLength(slot: number): number {
    return this.ints[slot * I32 + LENGTH]! - 1;
  }

  /** Where the slot's key bytes are: the slot itself, or the arena. */
  private keySource(slot: number): Buffer {
    return this.keyLength(slot) <= INLINE ? this.bytes : this.arena;
  }

  private keyStart(slot: number): number {
    return this.keyLength(slot) <= INLINE ? slot * SLOT_BYTES + INLINE_AT : this.ints[slot * I32 + START]!;
  }

  private keyEnd(slot: number): number {
    return this.keyStart(slot) + this.keyLength(slot);
  }

  /** A copy of the slot's key bytes. */
  key(slot: number): Buffer {
    return Buffer.from(this.keySource(slot).subarray(this.keyStart(slot), this.keyEnd(slot)));
  }

  /** Where the slot's key is (valid until the next insertion), to re-insert it elsewhere. */
  keyRange(slot: number): { bytes: Buffer; start: number; end: number } {
    return { bytes: this.keySource(slot), start: this.keyStart(slot), end: this.keyEnd(slot) };
  }

  /** The n slots with the largest values in column (ties by key bytes), without sorting the table. */
  top(n: number, column: Column): number[] {
    const { nums } = this;
    const keyBefore = (x: number, y: number) =>
      this.keySource(x).compare(this.keySource(y), this.keyStart(y), this.keyEnd(y), this.keyStart(x), this.keyEnd(x)) < 0;
    const before = (x: number, y: number) => {
      const vx = nums[x * F64 + column]!;
      const vy = nums[y * F64 + column]!;
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
    const oldInts = this.ints;
    const slots = Math.max((this.mask + 1) * 2, slotsFor(this.most));
    const cells = new ArrayBuffer(slots * SLOT_BYTES);
    const ints = (this.ints = new Int32Array(cells));
    this.nums = new Float64Array(cells);
    this.bytes = Buffer.from(cells);
    this.mask = slots - 1;
    for (let from = 0; from < oldInts.length; from += I32) {
      if (oldInts[from + LENGTH] === 0) continue;
      let slot = oldInts[from + H1]! & this.mask;
      while (ints[slot * I32 + LENGTH] !== 0) slot = (slot + 1) & this.mask;
      // The whole slot as 32-bit words, the doubles' bits included: no subarray objects per key.
      const to = slot * I32;
      for (let w = 0; w < I32; w++) ints[to + w] = oldInts[from + w]!;
    }
  }

  private growArena(need: number): void {
    const bigger = Buffer.allocUnsafe(Math.max(this.arena.length * 2, this.arenaUsed + need));
    this.arena.copy(bigger, 0, 0, this.arenaUsed);
    this.arena = bigger;
  }
}
