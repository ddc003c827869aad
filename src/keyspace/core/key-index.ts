// An open-addressing hash table from key bytes to a value and a TTL: no string, Map entry or object per key.
import { hash32 } from '../../rdb/key-hash.js';
import { radixSort, type SortKeys } from './radix-order.js';
import type { ArgOut } from './types.js';

/*
 * The same idea as inspect's KeyTable (src/aof/key-table.ts), which is append-only and counts two numbers
 * per key; a database also deletes keys (back-shifting, no tombstones) and holds a JS value per key.
 */

/**
 * Each slot is a 32-byte record — hash, key length, and the key itself when it fits in 24 bytes — so a
 * look-up usually touches one cache line before reaching the value: a Map of latin1 strings costs a bucket,
 * an entry, a string and an entry object, each a cache miss on a big keyspace, plus a string made per look-up.
 */
const RECORD = 32;
const INLINE = 24;
const MIN_SLOTS = 16;
/** Linear probing stays short below this load. */
const MAX_LOAD = 0.7;
/** Records live in one Buffer, whose length Node caps at 4 GiB: 2^27 slots, ~94 million keys. */
const MAX_SLOTS = 2 ** 27;

/** The table's hash of a key: inspect's hash32, never 0 (0 marks a free slot). */
export function hashKey(key: Buffer): number {
  const h = hash32(key, 0, key.length) | 0;
  return h === 0 ? 1 : h;
}

/** A limit of this machine's keyspace, not of the data: the rewrite reports it with the command that hit it. */
export class KeyspaceLimitError extends RangeError {}

export class KeyIndex<V> {
  private records = Buffer.alloc(MIN_SLOTS * RECORD);
  private words = new Int32Array(this.records.buffer, this.records.byteOffset, MIN_SLOTS * (RECORD / 4));
  private mask = MIN_SLOTS - 1;
  /** Per slot: the value, its TTL (NaN: none) and, for keys past INLINE bytes, the key. */
  private values: (V | undefined)[] = new Array<V | undefined>(MIN_SLOTS);
  /** Allocated at the first TTL: many datasets have none, and a column of 2^21 slots is 16 MiB. */
  private ttls: Float64Array | null = null;
  private longKeys: (Buffer | undefined)[] | null = null;
  /** Allocated at first use: one more integer per slot for the owner (a database keeps a packed string's length there). */
  private extras: Int32Array | null = null;
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** The slot holding key, or -1. Slots move when keys are added or removed. */
  find(key: Buffer, hash = hashKey(key)): number {
    const words = this.words;
    const len = key.length;
    for (let i = hash & this.mask; ; i = (i + 1) & this.mask) {
      const h = words[i * 8]!;
      if (h === 0) return -1;
      if (h === hash && words[i * 8 + 1] === len && this.keyEquals(i, key)) return i;
    }
  }

  value(slot: number): V {
    return this.values[slot]!;
  }

  ttl(slot: number): number | null {
    if (this.ttls === null) return null;
    const t = this.ttls[slot]!;
    return Number.isNaN(t) ? null : t;
  }

  setValue(slot: number, value: V): void {
    this.values[slot] = value;
  }

  /** The slot's extra integer (0 until set). */
  extra(slot: number): number {
    return this.extras === null ? 0 : this.extras[slot]!;
  }

  setExtra(slot: number, n: number): void {
    (this.extras ??= new Int32Array(this.mask + 1))[slot] = n;
  }

  setTtl(slot: number, ms: number | null): void {
    if (this.ttls === null) {
      if (ms === null) return;
      this.ttls = new Float64Array(this.mask + 1).fill(NaN);
    }
    this.ttls[slot] = ms ?? NaN;
  }

  /**
   * Grows the table at once to hold `more` keys beyond those it has (a hint; never past MAX_SLOTS): a million
   * keys added one by one rehash the table seventeen times on the way.
   */
  reserve(more: number): void {
    let slots = this.mask + 1;
    const want = Math.min(this.count + more, MAX_SLOTS * MAX_LOAD);
    while (want > slots * MAX_LOAD && slots < MAX_SLOTS) slots *= 2;
    if (slots > this.mask + 1) this.resize(slots);
  }

  /** Adds a key that is not in the table (the caller has checked); returns its slot. */
  insert(key: Buffer, value: V, ttl: number | null): number {
    if (this.count + 1 > (this.mask + 1) * MAX_LOAD) this.resize((this.mask + 1) * 2);
    const hash = hashKey(key);
    let i = hash & this.mask;
    while (this.words[i * 8] !== 0) i = (i + 1) & this.mask;
    this.words[i * 8] = hash;
    this.words[i * 8 + 1] = key.length;
    // TypedArray set: for a few bytes, cheaper than Buffer copy and its argument checks.
    if (key.length <= INLINE) this.records.set(key, i * RECORD + 8);
    else (this.longKeys ??= new Array<Buffer | undefined>(this.mask + 1))[i] = Buffer.from(key);
    this.values[i] = value;
    if (ttl !== null || this.ttls !== null) this.setTtl(i, ttl);
    this.count++;
    return i;
  }

  /** Empties a slot, shifting back the records after it that probed past it (no tombstones). */
  remove(slot: number): void {
    let hole = slot;
    for (let j = (slot + 1) & this.mask; this.words[j * 8] !== 0; j = (j + 1) & this.mask) {
      const home = this.words[j * 8]! & this.mask;
      // j may fill the hole only if its home is not cyclically within (hole, j].
      const between = hole <= j ? home > hole && home <= j : home > hole || home <= j;
      if (between) continue;
      this.moveSlot(j, hole);
      hole = j;
    }
    this.words.fill(0, hole * 8, hole * 8 + 8);
    this.values[hole] = undefined;
    if (this.longKeys !== null) this.longKeys[hole] = undefined;
    this.count--;
  }

  /** Occupied slots, in table order. */
  *slots(): Generator<number> {
    for (let i = 0; i <= this.mask; i++) if (this.words[i * 8] !== 0) yield i;
  }

  /**
   * Occupied slots in bytewise order of their keys, valid until the table next changes. The keys are read
   * where they lie: no string or Buffer per key (a million latin1 ids took 2 s to make, sort and look up again).
   */
  slotsInKeyOrder(): Int32Array {
    const order = new Int32Array(this.count);
    let n = 0;
    for (let i = 0; i <= this.mask; i++) if (this.words[i * 8] !== 0) order[n++] = i;
    return radixSort(order, this.sortKeys);
  }

  /** radixSort's view of the keys, reading them where they lie. */
  private readonly sortKeys: SortKeys = {
    byteAt: (slot, depth) => {
      const len = this.words[slot * 8 + 1]!;
      if (depth >= len) return 0;
      return (len > INLINE ? this.longKeys![slot]![depth]! : this.records[slot * RECORD + 8 + depth]!) + 1;
    },
    firstDifference: (a, b, depth) => {
      const la = this.words[a * 8 + 1]!;
      const lb = this.words[b * 8 + 1]!;
      const ka = la > INLINE ? this.longKeys![a]! : this.records;
      const kb = lb > INLINE ? this.longKeys![b]! : this.records;
      const pa = la > INLINE ? 0 : a * RECORD + 8;
      const pb = lb > INLINE ? 0 : b * RECORD + 8;
      const n = Math.min(la, lb);
      for (let d = depth; d < n; d++) if (ka[pa + d] !== kb[pb + d]) return d;
      return la === lb ? -1 : Math.max(n, depth);
    },
    wideDigits: (slot, depth) => {
      const len = this.words[slot * 8 + 1]!;
      const bytes = len > INLINE ? this.longKeys![slot]! : this.records;
      const base = len > INLINE ? 0 : slot * RECORD + 8;
      let v = 0;
      for (let d = depth; d < depth + 4; d++) v = v * 257 + (d < len ? bytes[base + d]! + 1 : 0);
      return v;
    },
  };

  /** Hands the key at a slot to out where it lies: no view made. */
  writeKey(slot: number, out: ArgOut): void {
    const len = this.words[slot * 8 + 1]!;
    if (len > INLINE) out.argRange(this.longKeys![slot]!, 0, len);
    else out.argRange(this.records, slot * RECORD + 8, slot * RECORD + 8 + len);
  }

  /** The key at a slot compared with other[start, end) as Buffer#compare orders them, without a view of it. */
  compareKey(slot: number, other: Buffer, start: number, end: number): number {
    const len = this.words[slot * 8 + 1]!;
    if (len > INLINE) return this.longKeys![slot]!.compare(other, start, end);
    const at = slot * RECORD + 8;
    return this.records.compare(other, start, end, at, at + len);
  }

  /** The key at a slot, as a view valid until the table changes. */
  keyView(slot: number): Buffer {
    const len = this.words[slot * 8 + 1]!;
    return len > INLINE ? this.longKeys![slot]! : this.records.subarray(slot * RECORD + 8, slot * RECORD + 8 + len);
  }

  private keyEquals(slot: number, key: Buffer): boolean {
    const len = key.length;
    if (len > INLINE) return this.longKeys![slot]!.equals(key);
    const records = this.records;
    const at = slot * RECORD + 8;
    for (let k = 0; k < len; k++) if (records[at + k] !== key[k]) return false;
    return true;
  }

  private moveSlot(from: number, to: number): void {
    copyRecord(this.words, from, this.words, to);
    this.values[to] = this.values[from];
    if (this.ttls !== null) this.ttls[to] = this.ttls[from]!;
    if (this.longKeys !== null) this.longKeys[to] = this.longKeys[from];
    if (this.extras !== null) this.extras[to] = this.extras[from]!;
  }

  private resize(slots: number): void {
    if (slots > MAX_SLOTS) throw new KeyspaceLimitError(`a database of the scratch keyspace holds at most ${Math.floor(MAX_SLOTS * MAX_LOAD)} keys`);
    const old = {
      records: this.records,
      words: this.words,
      values: this.values,
      ttls: this.ttls,
      longKeys: this.longKeys,
      extras: this.extras,
      size: this.mask + 1,
    };
    this.records = Buffer.alloc(slots * RECORD);
    this.words = new Int32Array(this.records.buffer, this.records.byteOffset, slots * (RECORD / 4));
    this.mask = slots - 1;
    this.values = new Array<V | undefined>(slots);
    this.ttls = old.ttls === null ? null : new Float64Array(slots);
    this.longKeys = old.longKeys === null ? null : new Array<Buffer | undefined>(slots);
    this.extras = old.extras === null ? null : new Int32Array(slots);
    for (let s = 0; s < old.size; s++) {
      const hash = old.words[s * 8]!;
      if (hash === 0) continue;
      let i = hash & this.mask;
      while (this.words[i * 8] !== 0) i = (i + 1) & this.mask;
      copyRecord(old.words, s, this.words, i);
      this.values[i] = old.values[s];
      if (this.ttls !== null) this.ttls[i] = old.ttls![s]!;
      if (this.longKeys !== null) this.longKeys[i] = old.longKeys![s];
      if (this.extras !== null) this.extras[i] = old.extras![s]!;
    }
  }
}

/** One 32-byte record as its eight words: a Buffer copy's checks cost more than the copy (a million per resize). */
function copyRecord(from: Int32Array, fromSlot: number, to: Int32Array, toSlot: number): void {
  for (let k = 0, f = fromSlot * 8, t = toSlot * 8; k < 8; k++) to[t + k] = from[f + k]!;
}
