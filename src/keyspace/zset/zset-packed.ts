// A small sorted set packed in (score, member) order in one private buffer: hashes, offsets, scores and member bytes.
import type { ZEntries, ZEntry } from './zset-entry.js';

/**
 * The most entries and member bytes a PackedEntries takes; ZSetValue moves a set to MappedEntries before it
 * would exceed them. Look-ups and moves are linear here, yet measured faster than a Map's up to this size
 * (and creating no string per look-up); 16-bit offsets bound the bytes.
 */
export const PACKED_MAX_ENTRIES = 512;
export const PACKED_MAX_BYTES = 0xffff;

/**
 * Scores go between the buffer and numbers through these, eight byte moves each: a Float64Array or DataView
 * of its own per set would be one more object, and one more cache miss, on every command.
 */
const SCORE = new Float64Array(1);
const SCORE_BYTES = new Uint8Array(SCORE.buffer);

/**
 * Per member this keeps a 1-byte hash, a 2-byte offset, an 8-byte score and its bytes: no string, Map entry or
 * object. All of it lies in one buffer, in four sections sized by the entry capacity (cap) —
 * hashes[cap] | offsets[cap + 1] (u16) | scores[cap] (f64) | member bytes — because a sorted set is
 * met cold: with the sections in three typed arrays and a Buffer, a ZADD touched twice the cache lines a
 * packed hash's HSET does, and took four times as long. A member is found by scanning the hashes (then
 * comparing bytes) and kept in order by moving the entries after it.
 */
export class PackedEntries implements ZEntries {
  private count = 0;
  /** The index find() last returned. */
  private hint = 0;
  private data: Buffer;
  private cap: number;
  private scoresAt: number;
  private bytesAt: number;

  constructor(capacity = 4, byteCapacity = 32) {
    this.cap = capacity;
    this.scoresAt = scoresStart(capacity);
    this.bytesAt = this.scoresAt + 8 * capacity;
    // allocUnsafeSlow: never a slice of Node's shared pool, which a long-lived value would pin.
    this.data = Buffer.allocUnsafeSlow(this.bytesAt + byteCapacity);
    this.setOffset(0, 0);
  }

  get size(): number {
    return this.count;
  }

  get byteLength(): number {
    return this.offset(this.count);
  }

  /** True when a new member this long stays within the limits. */
  hasRoomFor(length: number): boolean {
    return this.count < PACKED_MAX_ENTRIES && this.byteLength + length <= PACKED_MAX_BYTES;
  }

  clone(): PackedEntries {
    const used = this.byteLength;
    const c = new PackedEntries(this.cap, Math.max(used, 1));
    c.count = this.count;
    this.data.copy(c.data, 0, 0, this.bytesAt + used);
    return c;
  }

  score(member: Buffer): number | undefined {
    const k = this.find(member, hashOf(member));
    return k < 0 ? undefined : this.scoreAt(k);
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
    else this.setScore(k, score); // still between its neighbours
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
    const entry: [Buffer, number] = [Buffer.from(this.member(k)), this.scoreAt(k)];
    this.removeAt(k);
    return entry;
  }

  *ascending(): Generator<[Buffer, number]> {
    for (let k = 0; k < this.count; k++) yield [this.member(k), this.scoreAt(k)];
  }

  *descending(): Generator<[Buffer, number]> {
    for (let k = this.count - 1; k >= 0; k--) yield [this.member(k), this.scoreAt(k)];
  }

  sorted(): ZEntry[] {
    const out: ZEntry[] = new Array(this.count);
    for (let k = 0; k < this.count; k++) {
      out[k] = { id: this.data.toString('latin1', this.bytesAt + this.offset(k), this.bytesAt + this.offset(k + 1)), score: this.scoreAt(k) };
    }
    return out;
  }

  hasNegativeZero(): boolean {
    for (let k = 0; k < this.count; k++) if (Object.is(this.scoreAt(k), -0)) return true;
    return false;
  }

  /** -0 and 0 compare equal, so the order stays as it is. */
  clearNegativeZeros(): void {
    for (let k = 0; k < this.count; k++) if (Object.is(this.scoreAt(k), -0)) this.setScore(k, 0);
  }

  /** Where entry k's member bytes start, from the start of the member section (k up to count). */
  private offset(k: number): number {
    const at = this.cap + 2 * k;
    return this.data[at]! | (this.data[at + 1]! << 8);
  }

  private setOffset(k: number, value: number): void {
    const at = this.cap + 2 * k;
    this.data[at] = value;
    this.data[at + 1] = value >>> 8;
  }

  private scoreAt(k: number): number {
    const d = this.data;
    const at = this.scoresAt + 8 * k;
    for (let i = 0; i < 8; i++) SCORE_BYTES[i] = d[at + i]!;
    return SCORE[0]!;
  }

  private setScore(k: number, score: number): void {
    const d = this.data;
    const at = this.scoresAt + 8 * k;
    SCORE[0] = score;
    for (let i = 0; i < 8; i++) d[at + i] = SCORE_BYTES[i]!;
  }

  /** A view of the k-th member, valid until the set next changes. */
  private member(k: number): Buffer {
    return this.data.subarray(this.bytesAt + this.offset(k), this.bytesAt + this.offset(k + 1));
  }

  /** The member's index, or -1; the last one found is tried first, as ZADD looks a member up before it sets it. */
  private find(member: Buffer, h: number): number {
    const d = this.data;
    if (this.hint < this.count && d[this.hint] === h && this.holds(this.hint, member)) return this.hint;
    for (let k = 0; k < this.count; k++) {
      if (d[k] === h && this.holds(k, member)) return (this.hint = k);
    }
    return -1;
  }

  /** True when entry k's member is these bytes. */
  private holds(k: number, member: Buffer): boolean {
    const start = this.offset(k);
    const len = member.length;
    if (this.offset(k + 1) - start !== len) return false;
    const d = this.data;
    const at = this.bytesAt + start;
    let i = 0;
    while (i < len && d[at + i] === member[i]) i++;
    return i === len;
  }

  /** The sign of entry k minus (score, member): by score, then member bytes as sdscmp orders them. */
  private compareAt(k: number, score: number, member: Buffer): number {
    const s = this.scoreAt(k);
    if (s < score) return -1;
    if (s > score) return 1;
    return this.data.compare(member, 0, member.length, this.bytesAt + this.offset(k), this.bytesAt + this.offset(k + 1));
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
    const end = this.offset(n);
    // Growing by a quarter keeps the slack small; copying a small set again is cheap.
    const byteCap = this.data.length - this.bytesAt;
    if (n === this.cap || end + len > byteCap) {
      this.resize(n === this.cap ? n + (n >> 2) + 4 : this.cap, end + len > byteCap ? end + len + (end >> 2) + 16 : byteCap);
    }
    const { data: d, bytesAt, scoresAt } = this;
    const at = bytesAt + this.offset(k);
    d.copyWithin(at + len, at, bytesAt + end);
    d.set(member, at);
    d.copyWithin(scoresAt + 8 * (k + 1), scoresAt + 8 * k, scoresAt + 8 * n);
    d.copyWithin(k + 1, k, n);
    for (let i = n + 1; i > k; i--) this.setOffset(i, this.offset(i - 1) + len);
    this.setScore(k, score);
    d[k] = h;
    this.count = n + 1;
  }

  /** Moves entry k to index to < k with a new score: the entries in between shift up by one. */
  private moveLeft(k: number, to: number, member: Buffer, score: number): void {
    const { data: d, bytesAt, scoresAt } = this;
    const len = member.length;
    const h = d[k]!;
    const at = bytesAt + this.offset(to);
    d.copyWithin(at + len, at, bytesAt + this.offset(k));
    d.set(member, at);
    d.copyWithin(scoresAt + 8 * (to + 1), scoresAt + 8 * to, scoresAt + 8 * k);
    d.copyWithin(to + 1, to, k);
    for (let i = k; i > to; i--) this.setOffset(i, this.offset(i - 1) + len);
    this.setScore(to, score);
    d[to] = h;
    this.hint = to;
  }

  /** Moves entry k to index to > k with a new score: the entries in between shift down by one. */
  private moveRight(k: number, to: number, member: Buffer, score: number): void {
    const { data: d, bytesAt, scoresAt } = this;
    const len = member.length;
    const h = d[k]!;
    const end = bytesAt + this.offset(to + 1);
    d.copyWithin(bytesAt + this.offset(k), bytesAt + this.offset(k + 1), end);
    d.set(member, end - len);
    d.copyWithin(scoresAt + 8 * k, scoresAt + 8 * (k + 1), scoresAt + 8 * (to + 1));
    d.copyWithin(k, k + 1, to + 1);
    for (let i = k + 1; i <= to; i++) this.setOffset(i, this.offset(i + 1) - len);
    this.setScore(to, score);
    d[to] = h;
    this.hint = to;
  }

  private removeAt(k: number): void {
    const n = this.count;
    const { data: d, bytesAt, scoresAt } = this;
    const at = this.offset(k);
    const len = this.offset(k + 1) - at;
    d.copyWithin(bytesAt + at, bytesAt + at + len, bytesAt + this.offset(n));
    d.copyWithin(scoresAt + 8 * k, scoresAt + 8 * (k + 1), scoresAt + 8 * n);
    d.copyWithin(k, k + 1, n);
    for (let i = k + 1; i < n; i++) this.setOffset(i, this.offset(i + 1) - len);
    this.count = n - 1;
  }

  /** A new buffer for `entries` entries and `bytes` member bytes, each section copied to its new place. */
  private resize(entries: number, bytes: number): void {
    const { data: old, cap, scoresAt, bytesAt, count } = this;
    const used = this.offset(count);
    const nextScores = scoresStart(entries);
    const nextBytes = nextScores + 8 * entries;
    const d = Buffer.allocUnsafeSlow(nextBytes + bytes);
    old.copy(d, 0, 0, count);
    old.copy(d, entries, cap, cap + 2 * (count + 1));
    old.copy(d, nextScores, scoresAt, scoresAt + 8 * count);
    old.copy(d, nextBytes, bytesAt, bytesAt + used);
    this.data = d;
    this.cap = entries;
    this.scoresAt = nextScores;
    this.bytesAt = nextBytes;
  }
}

/** Where the scores start for a capacity: after the hashes and the offsets. */
function scoresStart(capacity: number): number {
  return 3 * capacity + 2;
}

/** FNV-1a folded to a byte: a cheap filter before comparing member bytes. */
function hashOf(member: Buffer): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < member.length; i++) h = Math.imul(h ^ member[i]!, 0x01000193);
  return (h ^ (h >>> 8) ^ (h >>> 16) ^ (h >>> 24)) & 0xff;
}
