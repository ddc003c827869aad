// What a rewrite's output holds, tallied as it is written, and the one rule for which keys it leaves out.

export interface EmitCounts {
  /** Keys written per database and type. */
  keys: Record<string, Record<string, number>>;
  keysWithTtl: number;
  expiredDropped: number;
}

export interface ExpiryChoice {
  /** Leave out keys whose TTL has passed at nowMs (Redis keeps them: they expire lazily after loading). */
  readonly dropExpired: boolean;
  readonly nowMs: number;
}

/** True when a key with this TTL is left out of the output (--drop-expired). */
export function droppedAsExpired(expireAtMs: number | null, choice: ExpiryChoice): boolean {
  return choice.dropExpired && expireAtMs !== null && expireAtMs <= choice.nowMs;
}

/** Adds keys to EmitCounts one at a time, keeping the current database's tallies at hand (millions of keys). */
export class KeyTally {
  private db = -1;
  private perType: Record<string, number> = {};

  constructor(readonly counts: EmitCounts) {}

  add(db: number, type: string, withTtl: boolean): void {
    if (db !== this.db) {
      this.perType = this.counts.keys[String(db)] ??= {};
      this.db = db;
    }
    this.perType[type] = (this.perType[type] ?? 0) + 1;
    if (withTtl) this.counts.keysWithTtl++;
  }
}

/** The tallies of two parts of one output (an RDB base's keys written as read, then the keyspace's). */
export function mergeCounts(a: EmitCounts, b: EmitCounts): EmitCounts {
  const keys: EmitCounts['keys'] = {};
  for (const part of [a.keys, b.keys]) {
    for (const [db, perType] of Object.entries(part)) {
      const into = (keys[db] ??= {});
      for (const [type, n] of Object.entries(perType)) into[type] = (into[type] ?? 0) + n;
    }
  }
  return { keys, keysWithTtl: a.keysWithTtl + b.keysWithTtl, expiredDropped: a.expiredDropped + b.expiredDropped };
}

/**
 * Each database's tallies with their types in name order: the report reads the same however its keys were
 * counted (in key order on one thread, a shard's at a time, a streamed base's in file order).
 */
export function inTypeOrder(keys: EmitCounts['keys']): EmitCounts['keys'] {
  const ordered: EmitCounts['keys'] = {};
  for (const [db, perType] of Object.entries(keys)) {
    ordered[db] = Object.fromEntries(Object.entries(perType).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
  return ordered;
}
