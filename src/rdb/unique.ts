// Duplicate member/field detection: Redis refuses a set, zset or hash that names the same element twice.

import { RdbError } from './problem.js';

/** Slots of a fresh table; it doubles whenever it would be more than half full. */
const MIN_SLOTS = 16;
/**
 * A count read from the file sizes the table up to here only (16 MiB of slots): a lying count must not
 * allocate gigabytes. Callers have checked the count against the bytes left, so a small file cannot ask for
 * this much; a million-member set no longer rehashes its table four times on the way.
 */
const MAX_PRESIZE = 1 << 20;

/**
 * Remembers names seen in one collection and throws `bad-value` at the second occurrence, as rdbLoadObject
 * does ("Duplicate set members detected", "Duplicate zset fields detected", "Duplicate hash fields
 * detected", and the listpack/ziplist/zipmap dup searches of deep sanitization, which redis-check-rdb runs).
 *
 * Names are copied into one growing arena and found through an open-addressing table of FNV-1a hashes:
 * no Map entry, string or Buffer per name, which made this the hot spot of checking big collections.
 */
export class UniqueNames {
  private what: string;
  private hashes: Int32Array;
  /** 1-based name numbers (0: empty slot). */
  private slots: Int32Array;
  private arena = new Uint8Array(256);
  /** Name k occupies arena[starts[k], starts[k + 1]); the last start is where the pending name begins. */
  private starts = new Int32Array(MIN_SLOTS + 1);
  private count = 0;

  /** `expected`: how many names will be added, when known, so the table is sized once. */
  constructor(what: string, expected = 0) {
    this.what = what;
    const size = tableSize(expected);
    this.hashes = new Int32Array(size);
    this.slots = new Int32Array(size);
  }

  /** Forgets every name, to search another collection (one table serves many small ones: no allocation each). */
  reset(what: string, expected: number): void {
    this.what = what;
    const size = tableSize(expected);
    // A table a big collection grew is not cleared for each small one after it.
    if (size > this.slots.length || this.slots.length > Math.max(size, 1024)) {
      this.hashes = new Int32Array(size);
      this.slots = new Int32Array(size);
    } else if (this.count > 0) {
      this.slots.fill(0);
    }
    this.count = 0;
  }

  add(name: Uint8Array, at: number): void {
    this.put(name, 0, name.length);
    this.commit(at);
  }

  /** Sets bytes[start, end) as the pending name, to be checked by commit() (after the caller reads on). */
  put(bytes: Uint8Array, start: number, end: number): void {
    const from = this.starts[this.count]!;
    const need = from + (end - start);
    if (need > this.arena.length) {
      const bigger = new Uint8Array(Math.max(need, this.arena.length * 2));
      bigger.set(this.arena.subarray(0, from));
      this.arena = bigger;
    }
    const arena = this.arena;
    if (end - start <= 32) for (let i = start, o = from; i < end; i++, o++) arena[o] = bytes[i]!;
    else arena.set(bytes.subarray(start, end), from);
    if (this.count + 2 > this.starts.length) {
      const more = new Int32Array(this.starts.length * 2);
      more.set(this.starts);
      this.starts = more;
    }
    this.starts[this.count + 1] = need;
  }

  /** Throws if the pending name was seen before, else remembers it. */
  commit(at: number): void {
    if (!this.insertPending()) this.refuse(this.starts[this.count]!, this.starts[this.count + 1]!, at);
  }

  /** A copy of the pending name if it was seen before (then it is not added again), else null, once remembered. */
  commitQuietly(): Buffer | null {
    if (this.insertPending()) return null;
    return Buffer.from(this.arena.subarray(this.starts[this.count], this.starts[this.count + 1]));
  }

  /** The `bad-value` error for a repeated name. */
  repeats(name: Uint8Array, at: number): RdbError {
    return duplicate(this.what, name, at);
  }

  /** Adds the pending name; false, and nothing added, when it was seen before. */
  private insertPending(): boolean {
    const arena = this.arena;
    const from = this.starts[this.count]!;
    const to = this.starts[this.count + 1]!;
    let h = 0x811c9dc5 | 0; // int32 like the Int32Array it is compared with, even for an empty name
    for (let i = from; i < to; i++) h = Math.imul(h ^ arena[i]!, 0x01000193);
    if ((this.count + 1) * 2 > this.slots.length) this.grow();
    const mask = this.slots.length - 1;
    const slots = this.slots;
    const hashes = this.hashes;
    // FNV-1a's low bits alone cluster on names that differ only in their last byte; fold the high ones in.
    let s = (h ^ (h >>> 15)) & mask;
    for (let slot = slots[s]!; slot !== 0; slot = slots[s]!) {
      if (hashes[s] === h && this.equalsPending(slot - 1, from, to)) return false;
      s = (s + 1) & mask;
    }
    this.count++;
    slots[s] = this.count;
    hashes[s] = h;
    return true;
  }

  private equalsPending(k: number, from: number, to: number): boolean {
    const a = this.starts[k]!;
    if (this.starts[k + 1]! - a !== to - from) return false;
    const arena = this.arena;
    for (let i = 0; i < to - from; i++) if (arena[a + i] !== arena[from + i]) return false;
    return true;
  }

  private grow(): void {
    const oldHashes = this.hashes;
    const oldSlots = this.slots;
    const size = oldSlots.length * 2;
    const mask = size - 1;
    this.hashes = new Int32Array(size);
    this.slots = new Int32Array(size);
    for (let o = 0; o < oldSlots.length; o++) {
      const slot = oldSlots[o]!;
      if (slot === 0) continue;
      const h = oldHashes[o]!;
      let s = (h ^ (h >>> 15)) & mask;
      while (this.slots[s] !== 0) s = (s + 1) & mask;
      this.slots[s] = slot;
      this.hashes[s] = h;
    }
  }

  private refuse(from: number, to: number, at: number): never {
    throw duplicate(this.what, this.arena.subarray(from, to), at);
  }
}

/** Slots for `expected` names: at most half full, and never sized past MAX_PRESIZE by a count from the file. */
function tableSize(expected: number): number {
  let size = MIN_SLOTS;
  while (size < Math.min(expected, MAX_PRESIZE) * 2) size *= 2;
  return size;
}

function duplicate(what: string, name: Uint8Array, at: number): RdbError {
  const text = Buffer.from(name).toString('latin1');
  const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return new RdbError('bad-value', at, `${what} at offset ${at} repeats ${JSON.stringify(shown)}: Redis refuses duplicates`);
}

function sameBytes(a: Buffer, b: Buffer): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Up to this many names, comparing each with those before it beats building a table. */
const SMALL = 16;

/** Throws at the first name that repeats; `at` is the offset reported (a compact encoding's own). */
export function refuseDuplicates(names: readonly Buffer[], at: number, what: string): void {
  if (names.length <= SMALL) {
    for (let i = 1; i < names.length; i++) {
      for (let j = 0; j < i; j++) if (sameBytes(names[i]!, names[j]!)) throw duplicate(what, names[i]!, at);
    }
    return;
  }
  shared.reset(what, names.length);
  for (const name of names) shared.add(name, at);
}

/** One table for every refuseDuplicates call (they never nest): a table per hash of 20 fields was a tenth of loading it. */
const shared = new UniqueNames('', 0);
