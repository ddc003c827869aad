// Per-key and per-prefix figures for inspect: hot keys, big writers, key prefixes, distinct keys per database.

import { KeyTally, type TallyEntry } from '../aof/heavy-hitters.js';
import { hashBytes, type KeyHash } from '../aof/key-table.js';
import type { KeyStat, PrefixStat } from './inspect-report.js';

export interface KeyFiguresOptions {
  /** Distinct keys (per database, and prefixes) counted exactly before sketches take over. */
  readonly exactKeys: number;
  readonly separator: Buffer;
  readonly depth: number;
}

export class KeyFigures {
  private readonly dbs = new Map<number, KeyTally>();
  private readonly prefixes: KeyTally;
  // Reused for every key: hashing allocates nothing.
  private readonly keyHash: KeyHash = { h1: 0, h2: 0 };
  private readonly prefixHash: KeyHash = { h1: 0, h2: 0 };

  constructor(private readonly options: KeyFiguresOptions) {
    this.prefixes = new KeyTally(options.exactKeys);
  }

  /** One key touched by one command (a view, read now); bytes is this key's share of the frame. */
  add(db: number, key: Buffer, bytes: number): void {
    let tally = this.dbs.get(db);
    if (tally === undefined) {
      tally = new KeyTally(this.options.exactKeys);
      this.dbs.set(db, tally);
    }
    const h = hashBytes(key, 0, key.length, this.keyHash);
    tally.add(key, 0, key.length, h, bytes);
    const end = this.prefixEnd(key);
    this.prefixes.add(key, 0, end, end === key.length ? h : hashBytes(key, 0, end, this.prefixHash), bytes);
  }

  /** Where the key's prefix ends: just past its depth-th separator (or its last one, when it has fewer). */
  private prefixEnd(key: Buffer): number {
    const { separator, depth } = this.options;
    let end = 0;
    if (separator.length === 1) {
      const sep = separator[0]!;
      let found = 0;
      for (let i = 0; i < key.length && found < depth; i++) {
        if (key[i] === sep) {
          found++;
          end = i + 1;
        }
      }
      return end;
    }
    for (let found = 0; found < depth; found++) {
      const at = key.indexOf(separator, end);
      if (at < 0) break;
      end = at + separator.length;
    }
    return end;
  }

  distinct(db: number): { keys: number; approximate: boolean } {
    const tally = this.dbs.get(db);
    return tally ? { keys: tally.distinct, approximate: !tally.isExact } : { keys: 0, approximate: false };
  }

  hotKeys(n: number): KeyStat[] {
    return this.merge(n, (t) => t.topByCount(n), (e) => e.count);
  }

  bigWriters(n: number): KeyStat[] {
    return this.merge(n, (t) => t.topByBytes(n), (e) => e.bytes);
  }

  private merge(n: number, top: (t: KeyTally) => TallyEntry[], weight: (e: { count: number; bytes: number }) => number): KeyStat[] {
    const all: KeyStat[] = [];
    for (const [db, tally] of this.dbs) {
      for (const e of top(tally)) {
        all.push({ db, key: e.key, count: e.count, bytes: e.bytes, error: e.error, approximate: e.otherIsLowerBound });
      }
    }
    return all.sort((a, b) => weight(b) - weight(a) || a.db - b.db || Buffer.compare(a.key, b.key)).slice(0, n);
  }

  topPrefixes(n: number): { byCount: PrefixStat[]; byBytes: PrefixStat[] } {
    const toStat = (e: TallyEntry): PrefixStat => ({ prefix: e.key, count: e.count, bytes: e.bytes, error: e.error });
    return { byCount: this.prefixes.topByCount(n).map(toStat), byBytes: this.prefixes.topByBytes(n).map(toStat) };
  }

  /** Names of the figures that are estimates. */
  approximate(): string[] {
    const names: string[] = [];
    for (const [db, tally] of this.dbs) if (!tally.isExact) names.push(`databases.${db}.keys`);
    if (names.length > 0) names.push('hotKeys', 'bigWriters');
    if (!this.prefixes.isExact) names.push('prefixes');
    return names;
  }
}
