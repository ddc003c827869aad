// A sorted set entry and Redis's order for it (zslInsert: by score, then member bytes).

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
