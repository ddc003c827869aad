// An insertion-ordered map from byte strings to byte values (or a set, without values) in typed arrays and two buffers.
import { hash32 } from '../../rdb/key-hash.js';
import { KeyspaceLimitError } from './key-index.js';

/*
 * A Map of latin1 ids costs ~110 bytes per entry beside the data (a string, a Map entry, the value's slot
 * numbers) and a string made per look-up; Redis's dict costs ~50. Here an entry is its bytes plus ~28:
 * entries are numbered in insertion order with their key (and value) as offsets into two buffers, and an
 * open-addressing index of entry numbers finds them. A delete marks the entry dead and removes it from the
 * index; dead entries and bytes are squeezed out when there are as many as live ones, keeping the order.
 */

/** Index slots stay at most this full, so probes are short. */
const MAX_LOAD = 0.7;
const MIN_ENTRIES = 8;
const MIN_BYTES = 64;
/** Offsets are 32-bit and a Buffer holds at most 4 GiB. */
const MAX_BYTES = 2 ** 32 - 1;
const DEAD = -1;
const EMPTY = Buffer.alloc(0);

export class ByteMap {
  private keys: Buffer = EMPTY;
  private keysUsed = 0;
  private deadKeyBytes = 0;
  private values: Buffer = EMPTY;
  private valuesUsed = 0;
  private deadValueBytes = 0;
  /** Per entry number: the key's offset, its length (DEAD once deleted), its hash; the value's offset and length. */
  private keyAt = new Uint32Array(MIN_ENTRIES);
  private keyLen = new Int32Array(MIN_ENTRIES);
  private hashes = new Int32Array(MIN_ENTRIES);
  private valueAt: Uint32Array | null;
  private valueLen: Uint32Array | null;
  /** Entries made so far (live and dead); the next one's number. */
  private top = 0;
  private live = 0;
  /** Open addressing: entry number + 1, 0 for a free slot. */
  private index = new Int32Array(16);
  private mask = 15;

  /** Numbers of deleted entries for new ones, when order does not matter (reuse). */
  private readonly freeEntries: number[] = [];

  /**
   * withValues false: a set of keys, with no value columns. reuse: entry numbers stay the same while their key
   * lives and a deleted one serves a later key, so a caller may index its own columns by them; there is then no
   * insertion order.
   */
  constructor(
    private readonly withValues: boolean,
    private readonly reuse = false,
  ) {
    this.valueAt = withValues ? new Uint32Array(MIN_ENTRIES) : null;
    this.valueLen = withValues ? new Uint32Array(MIN_ENTRIES) : null;
  }

  get size(): number {
    return this.live;
  }

  has(key: Buffer): boolean {
    return this.entryOf(key, hashOf(key)) >= 0;
  }

  /** The value, as a view valid until the map next changes. */
  get(key: Buffer): Buffer | undefined {
    const e = this.entryOf(key, hashOf(key));
    return e < 0 ? undefined : this.valueOf(e);
  }

  /** Adds key (with a copy of value) or overwrites its value in place in the order; true when the key is new. */
  set(key: Buffer, value: Buffer = EMPTY): boolean {
    const hash = hashOf(key);
    const e = this.entryOf(key, hash);
    if (e >= 0) {
      if (this.withValues) this.storeValue(e, value);
      return false;
    }
    this.append(key, hash, value);
    return true;
  }

  delete(key: Buffer): boolean {
    return this.remove(key) >= 0;
  }

  /** The entry number of key, or -1. */
  find(key: Buffer): number {
    return this.entryOf(key, hashOf(key));
  }

  /** Adds a key the map does not hold (the caller has checked); its entry number. */
  insert(key: Buffer, value: Buffer = EMPTY): number {
    return this.append(key, hashOf(key), value);
  }

  /** Removes key; the entry number it had, or -1. */
  remove(key: Buffer): number {
    const slot = this.slotOf(key, hashOf(key));
    if (slot < 0) return -1;
    const e = this.index[slot]! - 1;
    this.unindex(slot);
    this.deadKeyBytes += this.keyLen[e]!;
    this.keyLen[e] = DEAD;
    if (this.withValues) {
      this.deadValueBytes += this.valueLen![e]!;
      this.valueLen![e] = 0;
    }
    if (this.reuse) this.freeEntries.push(e);
    this.live--;
    return e;
  }

  /** An entry's key, as a view valid until the map next changes. */
  keyOf(e: number): Buffer {
    return this.keys.subarray(this.keyAt[e]!, this.keyAt[e]! + this.keyLen[e]!);
  }

  /** Bytewise order of two entries' keys (sdscmp's). */
  compareKeys(a: number, b: number): number {
    const keys = this.keys;
    const la = this.keyLen[a]!;
    const lb = this.keyLen[b]!;
    const n = Math.min(la, lb);
    for (let i = 0, pa = this.keyAt[a]!, pb = this.keyAt[b]!; i < n; i++) {
      const d = keys[pa + i]! - keys[pb + i]!;
      if (d !== 0) return d;
    }
    return la - lb;
  }

  /** Keys as fresh copies, values as views valid until the map next changes, in insertion order. */
  *entries(): Generator<[Buffer, Buffer]> {
    for (let e = 0; e < this.top; e++) {
      const len = this.keyLen[e]!;
      if (len === DEAD) continue;
      yield [Buffer.from(this.keys.subarray(this.keyAt[e]!, this.keyAt[e]! + len)), this.valueOf(e)];
    }
  }

  /** Keys as fresh copies, in insertion order. */
  *keysInOrder(): Generator<Buffer> {
    for (const [key] of this.entries()) yield key;
  }

  dup(): ByteMap {
    const d = new ByteMap(this.withValues, this.reuse);
    for (const e of this.freeEntries) d.freeEntries.push(e);
    d.keys = copyOf(this.keys, this.keysUsed);
    d.keysUsed = this.keysUsed;
    d.deadKeyBytes = this.deadKeyBytes;
    d.values = copyOf(this.values, this.valuesUsed);
    d.valuesUsed = this.valuesUsed;
    d.deadValueBytes = this.deadValueBytes;
    d.keyAt = this.keyAt.slice();
    d.keyLen = this.keyLen.slice();
    d.hashes = this.hashes.slice();
    d.valueAt = this.valueAt?.slice() ?? null;
    d.valueLen = this.valueLen?.slice() ?? null;
    d.top = this.top;
    d.live = this.live;
    d.index = this.index.slice();
    d.mask = this.mask;
    return d;
  }

  private valueOf(e: number): Buffer {
    if (!this.withValues) return EMPTY;
    const at = this.valueAt![e]!;
    return this.values.subarray(at, at + this.valueLen![e]!);
  }

  private entryOf(key: Buffer, hash: number): number {
    const slot = this.slotOf(key, hash);
    return slot < 0 ? -1 : this.index[slot]! - 1;
  }

  /** The index slot naming key's entry, or -1. */
  private slotOf(key: Buffer, hash: number): number {
    const index = this.index;
    const len = key.length;
    for (let i = hash & this.mask; ; i = (i + 1) & this.mask) {
      const e = index[i]! - 1;
      if (e < 0) return -1;
      if (this.hashes[e] === hash && this.keyLen[e] === len && this.keyEquals(this.keyAt[e]!, key)) return i;
    }
  }

  private keyEquals(at: number, key: Buffer): boolean {
    const keys = this.keys;
    // Keys often share a prefix (element:1, element:2): comparing from the end rejects them sooner.
    for (let i = key.length - 1; i >= 0; i--) if (keys[at + i] !== key[i]) return false;
    return true;
  }

  private append(key: Buffer, hash: number, value: Buffer): number {
    if (this.live + 1 > (this.mask + 1) * MAX_LOAD) this.reindex((this.mask + 1) * 2);
    // Before the new entry is counted: compaction walks the live entries below top.
    this.reserveKeyBytes(key.length);
    let e = this.freeEntries.pop() ?? -1;
    if (e < 0) {
      if (this.top === this.keyLen.length) this.makeRoomForEntry();
      e = this.top++;
    }
    this.keys.set(key, this.keysUsed);
    this.keyAt[e] = this.keysUsed;
    this.keyLen[e] = key.length;
    this.keysUsed += key.length;
    this.hashes[e] = hash;
    if (this.withValues) {
      // The columns past top may hold a squeezed-out entry's numbers.
      this.valueAt![e] = this.valuesUsed;
      this.valueLen![e] = 0;
      this.storeValue(e, value);
    }
    this.live++;
    this.place(e, hash);
    return e;
  }

  /** Writes value over the entry's old one when it fits, else at the end of the values buffer. */
  private storeValue(e: number, value: Buffer): void {
    const old = this.valueLen![e]!;
    if (value.length > old) {
      this.deadValueBytes += old;
      this.valueLen![e] = 0;
      this.reserveValueBytes(value.length);
      this.valueAt![e] = this.valuesUsed;
      this.valuesUsed += value.length;
    } else this.deadValueBytes += old - value.length;
    this.values.set(value, this.valueAt![e]!);
    this.valueLen![e] = value.length;
  }

  private place(e: number, hash: number): void {
    let i = hash & this.mask;
    while (this.index[i] !== 0) i = (i + 1) & this.mask;
    this.index[i] = e + 1;
  }

  /** Empties an index slot, shifting back the slots after it that probed past it (no tombstones). */
  private unindex(slot: number): void {
    const index = this.index;
    const mask = this.mask;
    let hole = slot;
    for (let j = (slot + 1) & mask; index[j] !== 0; j = (j + 1) & mask) {
      const home = this.hashes[index[j]! - 1]! & mask;
      // j may fill the hole only if its home is not cyclically within (hole, j].
      const between = hole <= j ? home > hole && home <= j : home > hole || home <= j;
      if (between) continue;
      index[hole] = index[j]!;
      hole = j;
    }
    index[hole] = 0;
  }

  private reindex(slots: number): void {
    this.index = new Int32Array(slots);
    this.mask = slots - 1;
    for (let e = 0; e < this.top; e++) if (this.keyLen[e] !== DEAD) this.place(e, this.hashes[e]!);
  }

  /** The entry columns are full: squeeze out dead entries when they are half, else double the columns. */
  private makeRoomForEntry(): void {
    // Never under reuse, whose numbers must stay (nor is it needed: deleted numbers are taken first).
    if (!this.reuse && this.live <= this.top >> 1 && this.top >= MIN_ENTRIES) {
      this.squeezeEntries();
      return;
    }
    const n = this.keyLen.length * 2;
    this.keyAt = grown(this.keyAt, new Uint32Array(n));
    this.keyLen = grown(this.keyLen, new Int32Array(n));
    this.hashes = grown(this.hashes, new Int32Array(n));
    if (this.withValues) {
      this.valueAt = grown(this.valueAt!, new Uint32Array(n));
      this.valueLen = grown(this.valueLen!, new Uint32Array(n));
    }
  }

  /** Renumbers the live entries 0..live-1 in their order (their bytes stay where they are) and rebuilds the index. */
  private squeezeEntries(): void {
    let to = 0;
    for (let e = 0; e < this.top; e++) {
      if (this.keyLen[e] === DEAD) continue;
      this.keyAt[to] = this.keyAt[e]!;
      this.keyLen[to] = this.keyLen[e]!;
      this.hashes[to] = this.hashes[e]!;
      if (this.withValues) {
        this.valueAt![to] = this.valueAt![e]!;
        this.valueLen![to] = this.valueLen![e]!;
      }
      to++;
    }
    this.top = to;
    this.reindex(this.mask + 1);
  }

  private reserveKeyBytes(extra: number): void {
    if (this.keysUsed + extra <= this.keys.length) return;
    const live = this.keysUsed - this.deadKeyBytes;
    this.keys = this.compacted(this.keys, live + extra, this.keyAt, (e) => this.keyLen[e]!);
    this.keysUsed = live;
    this.deadKeyBytes = 0;
  }

  private reserveValueBytes(extra: number): void {
    if (this.valuesUsed + extra <= this.values.length) return;
    const live = this.valuesUsed - this.deadValueBytes;
    this.values = this.compacted(this.values, live + extra, this.valueAt!, (e) => this.valueLen![e]!);
    this.valuesUsed = live;
    this.deadValueBytes = 0;
  }

  /**
   * The live entries' bytes of from, moved to the front of a new buffer with room for need bytes (at is
   * updated). Entries whose bytes follow each other move in one copy: a million-field hash growing by
   * appends is one run, where a copy per entry cost half a second per growth.
   */
  private compacted(from: Buffer, need: number, at: Uint32Array, lengthOf: (e: number) => number): Buffer {
    const next = Buffer.allocUnsafeSlow(capacityFor(need));
    let to = 0;
    // The run of source bytes [runFrom, runTo) waiting to be copied to runDest.
    let runFrom = 0;
    let runTo = 0;
    let runDest = 0;
    for (let e = 0; e < this.top; e++) {
      if (this.keyLen[e] === DEAD) continue;
      const start = at[e]!;
      const len = lengthOf(e);
      if (start !== runTo) {
        if (runTo > runFrom) from.copy(next, runDest, runFrom, runTo);
        runFrom = start;
        runDest = to;
      }
      runTo = start + len;
      at[e] = to;
      to += len;
    }
    if (runTo > runFrom) from.copy(next, runDest, runFrom, runTo);
    return next;
  }
}

function hashOf(key: Buffer): number {
  return hash32(key, 0, key.length) | 0;
}

/** A buffer for need live bytes: 1.5× the need, so appends are amortised O(1) with at most a third of slack. */
function capacityFor(need: number): number {
  if (need > MAX_BYTES) throw new KeyspaceLimitError(`a hash, set or sorted set of the scratch keyspace holds at most ${MAX_BYTES} bytes of members or values`);
  return Math.min(MAX_BYTES, Math.max(MIN_BYTES, need + (need >> 1)));
}

function grown<T extends Uint32Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

function copyOf(bytes: Buffer, used: number): Buffer {
  if (used === 0) return EMPTY;
  const c = Buffer.allocUnsafeSlow(used);
  bytes.copy(c, 0, 0, used);
  return c;
}
