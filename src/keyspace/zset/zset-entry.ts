// A sorted set entry, Redis's order for it (zslInsert: by score, then member bytes), and what each representation offers.

export interface ZEntry {
  readonly id: string; // member bytes as latin1
  readonly score: number;
}

/** Latin1 strings compare bytewise, as sdscmp compares members. */
export function compareEntries(a: ZEntry, b: ZEntry): number {
  if (a.score < b.score) return -1;
  if (a.score > b.score) return 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** A sorted set's members and scores as one representation keeps them; ZSetValue applies Redis's rules on top. */
export interface ZEntries {
  readonly size: number;
  /** Total member bytes. */
  readonly byteLength: number;
  clone(): ZEntries;
  score(member: Buffer): number | undefined;
  /** Inserts (true) or updates; the member's bytes are copied. */
  set(member: Buffer, score: number): boolean;
  delete(member: Buffer): boolean;
  /** Removes and returns the lowest (or highest) entry, its member a fresh Buffer; the set is not empty. */
  pop(max: boolean): [Buffer, number];
  /** Ascending, one entry at a time (a set of millions is never copied whole); a member may be a view valid until the set next changes. */
  ascending(): Generator<[Buffer, number]>;
  /** The same from the greatest down (an RDB's ZSET_2 order). */
  descending(): Generator<[Buffer, number]>;
  /** Ascending. */
  sorted(): ZEntry[];
  hasNegativeZero(): boolean;
  /** Replaces every -0 score by 0. */
  clearNegativeZeros(): void;
}
