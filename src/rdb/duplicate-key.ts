// Names the key a database of an RDB holds twice, once its fingerprints said so: its keys are read again.

import { hashBytes, type KeyHash } from './key-hash.js';
import type { RdbRecord } from './types.js';

export interface DuplicateKey {
  readonly key: Buffer;
  /** Where the key's two records start. */
  readonly first: number;
  readonly second: number;
}

/**
 * The first key of database `db` before offset `to` (its keys read again from the start of the file) whose
 * bytes equal an earlier one's, among the keys whose fingerprint is one of `shared`: the key rdbLoad panics on.
 * Null when the keys that share a fingerprint all differ: a collision, not a duplicate, and the file is sound.
 */
export function findDuplicateKey(records: Iterable<RdbRecord>, db: number, to: number, shared: readonly KeyHash[]): DuplicateKey | null {
  const print: KeyHash = { h1: 0, h2: 0 };
  const candidates = new Set(shared.map((f) => `${f.h1}:${f.h2}`));
  const seen = new Map<string, { key: Buffer; offset: number }[]>();
  for (const r of keysOf(records, db, to)) {
    hashBytes(r.key, 0, r.key.length, print);
    const id = `${print.h1}:${print.h2}`;
    if (!candidates.has(id)) continue;
    const earlier = seen.get(id) ?? [];
    const same = earlier.find((s) => s.key.equals(r.key));
    if (same !== undefined) return { key: r.key, first: same.offset, second: r.offset };
    earlier.push({ key: r.key, offset: r.offset });
    seen.set(id, earlier);
  }
  return null;
}

/** The key records of database `db` that start before offset `to`, in file order. */
export function* keysOf(records: Iterable<RdbRecord>, db: number, to: number): Generator<Extract<RdbRecord, { type: 'key' }>> {
  for (const r of records) {
    if (r.offset >= to) return;
    if (r.type === 'key' && r.db === db) yield r;
  }
}
