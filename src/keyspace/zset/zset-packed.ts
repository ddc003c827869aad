// A small sorted set packed in (score, member) order: member bytes back to back in one private buffer, scores in a Float64Array.
import type { ZEntries, ZEntry } from './zset-entry.js';

/**
 * The most entries and member bytes a PackedEntries takes; ZSetValue moves a set to MappedEntries before it
 * would exceed them. Look-ups and moves are linear here, yet measured faster than a Map's up to this size
 * (and creating no string per look-up); 16-bit offsets bound the bytes.
 */
export const PACKED_MAX_ENTRIES = 512;
export const PACKED_MAX_BYTES = 0xffff;

/**
 * Per member this keeps its bytes, an 8-byte score, a 2-byte offset and a 1-byte hash: no string, Map entry or
 * object. A member is found by scanning the hashes (then comparing bytes) and kept in order by moving the
 * entries after it.
 */
export class PackedEntries implements ZEntries {
  private count = 0;
  /** The index find() last returned. */
  private hint = 0;
  /** scores[k], hashes[k] and bytes[offsets[k], offsets[k + 1]) describe the k-th entry in order. */
  private scores: Float64Array;
  private offsets: Uint16Array;
  private hashes: Uint8Array;
  private bytes: Buffer;

  constructor(capacity = 4, byteCapacity = 32) {
    [this.scores, this.offsets, this.hashes] = entryArrays(capacity);
    // allocUnsafeSlow: never a slice of Node's shared pool, which a long-lived value would pin.
    this.bytes = Buffer.allocUnsafeSlow(byteCapacity);
  }

  get size(): number {
    return this.count;
  }

  get byteLength(): number {
    return this.offsets[this.count]!;
  }

  /** True when a new member this long stays within the limits. */
  hasRoomFor(length: number): boolean {
    return this.count < PACKED_MAX_ENTRIES && this.byteLength + length <= PACKED_MAX_BYTES;
  }

  clone(): PackedEntries {
    const c = new PackedEntries(Math.max(this.count, 1), Math.max(this.byteLength, 1));
    c.count = this.count;
    c.scores.set(this.scores.subarray(0, this.count));
    c.offsets.set(this.offsets.subarray(0, this.count + 1));
    c.hashes.set(this.hashes.subarray(0, this.count));
    this.bytes.copy(c.bytes, 0, 0, this.byteLength);
    return c;
  }

  score(member: Buffer): number | undefined {
    const k = this.find(member, hashOf(member));
    return k < 0 ? undefined : this.scores[k];
  }

  /** A new member must fit (hasRoomFor); the member must not be a view of this set's bytes. */
  set(member: Buffer, score: number): boolean {
    const h = hashOf(member);
    const k = this.find(member, h);
    if (k < 0) {
      this.insertAt(this.lowerBound(score, member), member, score, h);
      return true;
    }
    const to = this.lowerBound(score, member);
    if (to < k) this.moveLeft(k, to, member, score);
    else if (to > k + 1) this.moveRight(k, to - 1, member, score);
    else this.scores[k] = score; // still between its neighbours
    return false;
  }

  delete(member: Buffer): boolean {
    const k = this.find(member, hashOf(member));
    if (k < 0) return false;
    this.removeAt(k);
    return true;
  }

  pop(max: boolean): [Buffer, number] {
    const k = max ? this.count - 1 : 0;
    const entry: [Buffer, number] = [Buffer.from(this.member(k)), this.scores[k]!];
    this.removeAt(k);
    return entry;
  }

  *ascending(): Generator<[Buffer, number]> {
    for (let k = 0; k < this.count; k++) yield [this.member(k), this.scores[k]!];
  }

  sorted(): ZEntry[] {
    const out: ZEntry[] = new Array(this.count);
    for (let k = 0; k < this.count; k++) {
      out[k] = { id: this.bytes.toString('latin1', this.offsets[k]!, this.offsets[k + 1]!), score: this.scores[k]! };
    }
    return out;
  }

  hasNegativeZero(): boolean {
    for (let k = 0; k < this.count; k++) if (Object.is(this.scores[k], -0)) return true;
    return false;
  }

  /** -0 and 0 compare equal, so the order stays as it is. */
  clearNegativeZeros(): void {
    for (let k = 0; k < this.count; k++) if (Object.is(this.scores[k], -0)) this.scores[k] = 0;
  }

  /** A view of the k-th member, valid until the set next changes. */
  private member(k: number): Buffer {
    return this.bytes.subarray(this.offsets[k]!, this.offsets[k + 1]!);
  }

  /** The member's index, or -1; the last one found is tried first, as ZADD looks a member up before it sets it. */
  private find(member: Buffer, h: number): number {
    if (this.hint < this.count && this.hashes[this.hint] === h && this.holds(this.hint, member)) return this.hint;
    const hashes = this.hashes;
    for (let k = 0; k < this.count; k++) {
      if (hashes[k] === h && this.holds(k, member)) return (this.hint = k);
    }
    return -1;
  }

  /** True when entry k's member is these bytes. */
  private holds(k: number, member: Buffer): boolean {
    const at = this.offsets[k]!;
    const len = member.length;
    if (this.offsets[k + 1]! - at !== len) return false;
    const bytes = this.bytes;
    let i = 0;
    while (i < len && bytes[at + i] === member[i]) i++;
    return i === len;
  }

  /** The sign of entry k minus (score, member): by score, then member bytes as sdscmp orders them. */
  private compareAt(k: number, score: number, member: Buffer): number {
    const s = this.scores[k]!;
    if (s < score) return -1;
    if (s > score) return 1;
    return this.bytes.compare(member, 0, member.length, this.offsets[k]!, this.offsets[k + 1]!);
  }

  /** The first index whose entry is not below (score, member). */
  private lowerBound(score: number, member: Buffer): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compareAt(mid, score, member) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private insertAt(k: number, member: Buffer, score: number, h: number): void {
    const n = this.count;
    const len = member.length;
    const end = this.offsets[n]!;
    // Growing by a quarter keeps the slack small; copying a small set again is cheap.
    if (n === this.scores.length) this.growEntries(n + (n >> 2) + 4);
    if (end + len > this.bytes.length) this.growBytes(end + len + (end >> 2) + 16);
    const { scores, offsets, hashes, bytes } = this;
    const at = offsets[k]!;
    bytes.copyWithin(at + len, at, end);
    bytes.set(member, at);
    scores.copyWithin(k + 1, k, n);
    hashes.copyWithin(k + 1, k, n);
    for (let i = n + 1; i > k; i--) offsets[i] = offsets[i - 1]! + len;
    scores[k] = score;
    hashes[k] = h;
    this.count = n + 1;
  }

  /** Moves entry k to index to < k with a new score: the entries in between shift up by one. */
  private moveLeft(k: number, to: number, member: Buffer, score: number): void {
    const { scores, offsets, hashes, bytes } = this;
    const len = member.length;
    const h = hashes[k]!;
    const at = offsets[to]!;
    bytes.copyWithin(at + len, at, offsets[k]!);
    bytes.set(member, at);
    scores.copyWithin(to + 1, to, k);
    hashes.copyWithin(to + 1, to, k);
    for (let i = k; i > to; i--) offsets[i] = offsets[i - 1]! + len;
    scores[to] = score;
    hashes[to] = h;
    this.hint = to;
  }

  /** Moves entry k to index to > k with a new score: the entries in between shift down by one. */
  private moveRight(k: number, to: number, member: Buffer, score: number): void {
    const { scores, offsets, hashes, bytes } = this;
    const len = member.length;
    const h = hashes[k]!;
    const end = offsets[to + 1]!;
    bytes.copyWithin(offsets[k]!, offsets[k + 1]!, end);
    bytes.set(member, end - len);
    scores.copyWithin(k, k + 1, to + 1);
    hashes.copyWithin(k, k + 1, to + 1);
    for (let i = k + 1; i <= to; i++) offsets[i] = offsets[i + 1]! - len;
    scores[to] = score;
    hashes[to] = h;
    this.hint = to;
  }

  private removeAt(k: number): void {
    const n = this.count;
    const { scores, offsets, hashes, bytes } = this;
    const at = offsets[k]!;
    const len = offsets[k + 1]! - at;
    bytes.copyWithin(at, at + len, offsets[n]!);
    scores.copyWithin(k, k + 1, n);
    hashes.copyWithin(k, k + 1, n);
    for (let i = k + 1; i < n; i++) offsets[i] = offsets[i + 1]! - len;
    this.count = n - 1;
  }

  private growEntries(capacity: number): void {
    const { scores, offsets, hashes, count } = this;
    [this.scores, this.offsets, this.hashes] = entryArrays(capacity);
    this.scores.set(scores.subarray(0, count));
    this.offsets.set(offsets.subarray(0, count + 1));
    this.hashes.set(hashes.subarray(0, count));
  }

  private growBytes(capacity: number): void {
    const bytes = Buffer.allocUnsafeSlow(capacity);
    this.bytes.copy(bytes, 0, 0, this.offsets[this.count]!);
    this.bytes = bytes;
  }
}

/** Scores, offsets (one more than entries) and hashes as views of one allocation: one backing store, not three. */
function entryArrays(capacity: number): [Float64Array, Uint16Array, Uint8Array] {
  const block = new ArrayBuffer(capacity * 11 + 2);
  return [new Float64Array(block, 0, capacity), new Uint16Array(block, capacity * 8, capacity + 1), new Uint8Array(block, capacity * 10 + 2, capacity)];
}

/** FNV-1a folded to a byte: a cheap filter before comparing member bytes. */
function hashOf(member: Buffer): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < member.length; i++) h = Math.imul(h ^ member[i]!, 0x01000193);
  return (h ^ (h >>> 8) ^ (h >>> 16) ^ (h >>> 24)) & 0xff;
}
