// A sorted set: member → score, plus the (score, member) order that range and pop commands walk.
import { compareEntries, type ZEntries, type ZEntry } from './zset-entry.js';
import { MappedEntries } from './zset-mapped.js';
import { PACKED_MAX_BYTES, PACKED_MAX_ENTRIES, PackedEntries } from './zset-packed.js';
import type { RedisValue } from '../core/types.js';

export { compareEntries, type ZEntry };

/** zset-max-listpack-entries and zset-max-listpack-value (redis.conf defaults). */
export const ZSET_MAX_LISTPACK_ENTRIES = 128;
export const ZSET_MAX_LISTPACK_VALUE = 64;

/** A member as bytes, or as the latin1 string of its bytes. */
export type Member = Buffer | string;

function bytesOf(member: Member): Buffer {
  return typeof member === 'string' ? Buffer.from(member, 'latin1') : member;
}

export class ZSetValue implements RedisValue {
  readonly type = 'zset' as const;
  /**
   * Small sets are packed; one that outgrows PackedEntries moves to MappedEntries, and back once it has
   * shrunk to half the limits, so that a size around a limit does not convert back and forth.
   */
  private entries: ZEntries = new PackedEntries();

  /**
   * The encoding matters for one observable thing: a listpack stores a score that double2ll takes for an
   * integer as an integer, so -0 becomes 0 (zzlInsertAt); a skiplist keeps -0. Redis never turns a skiplist
   * back into a listpack except when it builds a new value (ZUNIONSTORE…, RDB load). It is independent of
   * the representation kept here.
   */
  constructor(public skiplist = false) {}

  get size(): number {
    return this.entries.size;
  }

  dup(): ZSetValue {
    const z = new ZSetValue(this.skiplist);
    z.entries = this.entries.clone();
    return z;
  }

  /** True when some score is -0, which only a skiplist holds. */
  get hasNegativeZero(): boolean {
    return this.entries.hasNegativeZero();
  }

  /** zsetConvertToListpackIfNeeded: a freshly built value small enough goes back to a listpack (-0 → 0). */
  listpackIfFits(): void {
    if (!this.skiplist || this.size > ZSET_MAX_LISTPACK_ENTRIES) return;
    for (const [member] of this.entries.ascending()) if (member.length > ZSET_MAX_LISTPACK_VALUE) return;
    this.skiplist = false;
    this.entries.clearNegativeZeros();
  }

  score(member: Member): number | undefined {
    return this.entries.score(bytesOf(member));
  }

  /** zsetAdd's insert or update; a new member that does not fit the listpack converts it first. */
  set(member: Member, score: number): void {
    const m = bytesOf(member);
    if (this.entries instanceof PackedEntries && !this.entries.hasRoomFor(m.length) && this.entries.score(m) === undefined) {
      this.entries = this.convert(new MappedEntries());
    }
    const added = this.entries.set(m, !this.skiplist && score === 0 ? 0 : score);
    if (added && !this.skiplist && (this.size > ZSET_MAX_LISTPACK_ENTRIES || m.length > ZSET_MAX_LISTPACK_VALUE)) {
      this.skiplist = true;
      // The conversion comes before the insert, so the skiplist keeps the -0 that a listpack would not.
      if (Object.is(score, -0)) this.entries.set(m, score);
    }
  }

  delete(member: Member): boolean {
    if (!this.entries.delete(bytesOf(member))) return false;
    this.removed();
    return true;
  }

  /** Removes the lowest (min) or highest entry, for ZPOPMIN/ZPOPMAX; the set is not empty. */
  pop(max: boolean): [Buffer, number] {
    const entry = this.entries.pop(max);
    this.removed();
    return entry;
  }

  /** Entries in ascending (score, member) order, one at a time; a member is a view valid until the set next changes. */
  ascending(): Generator<[Buffer, number]> {
    return this.entries.ascending();
  }

  /** The same from the greatest down. */
  descending(): Generator<[Buffer, number]> {
    return this.entries.descending();
  }

  /** Entries in ascending (score, member) order; callers must not keep it across mutations. */
  sorted(): ZEntry[] {
    return this.entries.sorted();
  }

  private removed(): void {
    if (this.entries instanceof MappedEntries && this.size <= PACKED_MAX_ENTRIES / 2 && this.entries.byteLength <= PACKED_MAX_BYTES / 2) {
      this.entries = this.convert(new PackedEntries());
    }
  }

  private convert<T extends ZEntries>(to: T): T {
    for (const [member, score] of this.entries.ascending()) to.set(member, score);
    return to;
  }
}

export function isZSetValue(v: RedisValue): v is ZSetValue {
  return v instanceof ZSetValue;
}
