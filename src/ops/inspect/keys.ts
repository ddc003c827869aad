// Per-key and per-prefix figures for inspect: hot keys, big writers, key prefixes, distinct keys per database.

import { KeyTally, type KeyTallyPart, type TallyEntry } from '../../aof/heavy-hitters.js';
import { hashBytes, type KeyHash } from '../../rdb/key-hash.js';
import type { KeyStat, PrefixStat } from './report.js';

export interface KeyFiguresOptions {
  /** Distinct keys (per database, and prefixes) counted exactly before sketches take over. */
  readonly exactKeys: number;
  readonly separator: Buffer;
  readonly depth: number;
}

/** Keys held back before their table look-ups run as one batch, and the bytes their copies may take. */
const STAGE_KEYS = 512;
const STAGE_BYTES = 1 << 16;

/** KeyFigures as plain data, to be posted from a worker thread: each database's tally, and the prefixes'. */
export interface KeyFiguresPart {
  readonly dbs: [number, KeyTallyPart][];
  readonly prefixes: KeyTallyPart;
}

export class KeyFigures {
  private readonly dbs = new Map<number, KeyTally>();
  private readonly prefixes: KeyTally;
  // Reused for every key: hashing allocates nothing.
  private readonly keyHash: KeyHash = { h1: 0, h2: 0 };
  private readonly prefixHash: KeyHash = { h1: 0, h2: 0 };
  // Keys wait here (copied: the walker's views die with their chunk) so that their slots can be read
  // ahead as a batch: a table of a million keys misses the cache on nearly every look-up, and misses
  // that are independent overlap, where one look-up after another waits for each in turn.
  private readonly stage = Buffer.allocUnsafe(STAGE_BYTES);
  private readonly stageEnd = new Int32Array(STAGE_KEYS);
  private readonly stageDb = new Int32Array(STAGE_KEYS);
  private readonly stageWeight = new Float64Array(STAGE_KEYS);
  /** Touches of the staged key: a key touched again right after itself is counted in place. */
  private readonly stageCount = new Float64Array(STAGE_KEYS);
  private readonly stageH1 = new Int32Array(STAGE_KEYS);
  private readonly stageH2 = new Int32Array(STAGE_KEYS);
  private staged = 0;
  private stageUsed = 0;
  /** The database whose tally was looked up last, and that tally. */
  private lastDbTallied = Number.NaN;
  private lastTally: KeyTally | null = null;
  /** The prefix of the last keys counted (its bytes, length: -1 for none) and their touches and bytes, not yet counted. */
  private readonly runPrefix = Buffer.alloc(64);
  private runPrefixLength = -1;
  private runPrefixTouches = 0;
  private runPrefixWeight = 0;
  /** Length and database of the last staged key (-1: none), for the run check. */
  private lastLength = -1;
  private lastDb = -1;
  /** What the read-ahead read; kept only so that the reads happen. */
  private warmth = 0;

  constructor(private readonly options: KeyFiguresOptions) {
    this.prefixes = new KeyTally(options.exactKeys);
  }

  /** One key touched by one command (a view: its bytes are copied now); bytes is this key's share of the frame. */
  add(db: number, key: Buffer, bytes: number): void {
    this.addRange(db, key, 0, key.length, bytes);
  }

  /** The same for the key source[start, end), read now: no view needed. */
  addRange(db: number, source: Buffer, start: number, end: number, bytes: number): void {
    const len = end - start;
    if (len === this.lastLength && db === this.lastDb && this.sameAsLast(source, start, len)) {
      // The same key again (LPUSH after LPUSH to one list): one more touch of the staged entry, no look-up.
      const last = this.staged - 1;
      this.stageCount[last]! += 1;
      this.stageWeight[last]! += bytes;
      return;
    }
    if (this.staged === STAGE_KEYS || this.stageUsed + len > STAGE_BYTES) this.flush();
    if (len > STAGE_BYTES) {
      this.count(db, source, start, end, hashBytes(source, start, end, this.keyHash), 1, bytes);
      return;
    }
    const stage = this.stage;
    let at = this.stageUsed;
    if (len <= 32) for (let i = start; i < end; i++) stage[at++] = source[i]!;
    else at += source.copy(stage, at, start, end);
    const n = this.staged++;
    this.stageUsed = at;
    this.stageEnd[n] = at;
    this.stageDb[n] = db;
    this.stageWeight[n] = bytes;
    this.stageCount[n] = 1;
    this.lastLength = len;
    this.lastDb = db;
  }

  /** Whether source[start, start + len) is the last staged key's bytes; from the end, where keys that share a prefix differ. */
  private sameAsLast(source: Buffer, start: number, len: number): boolean {
    const stage = this.stage;
    const from = this.stageUsed - len;
    for (let i = len - 1; i >= 0; i--) if (stage[from + i] !== source[start + i]) return false;
    return true;
  }

  /** Runs the staged keys' look-ups, in the order they were added. */
  private flush(): void {
    const n = this.staged;
    if (n === 0) return;
    const { stage, stageEnd, stageDb, stageH1, stageH2, keyHash } = this;
    let warmth = this.warmth;
    for (let i = 0, start = 0; i < n; start = stageEnd[i++]!) {
      hashBytes(stage, start, stageEnd[i]!, keyHash);
      stageH1[i] = keyHash.h1;
      stageH2[i] = keyHash.h2;
      warmth ^= this.tally(stageDb[i]!).warm(keyHash);
    }
    this.warmth = warmth;
    for (let i = 0, start = 0; i < n; start = stageEnd[i++]!) {
      keyHash.h1 = stageH1[i]! >>> 0;
      keyHash.h2 = stageH2[i]! >>> 0;
      this.count(stageDb[i]!, stage, start, stageEnd[i]!, keyHash, this.stageCount[i]!, this.stageWeight[i]!);
    }
    this.staged = 0;
    this.stageUsed = 0;
    this.lastLength = -1;
  }

  private tally(db: number): KeyTally {
    if (db === this.lastDbTallied) return this.lastTally!;
    let tally = this.dbs.get(db);
    if (tally === undefined) {
      tally = new KeyTally(this.options.exactKeys);
      this.dbs.set(db, tally);
    }
    this.lastDbTallied = db;
    this.lastTally = tally;
    return tally;
  }

  /** Counts what is still held back (staged keys, the prefix run): before any figure is read. */
  private settle(): void {
    this.flush();
    this.settlePrefixRun();
  }

  /** The key bytes[start..end) with hash h, touched `touches` times weighing `weight` in all, counted in its database's tally and its prefix's. */
  private count(db: number, bytes: Buffer, start: number, end: number, h: KeyHash, touches: number, weight: number): void {
    this.tally(db).add(bytes, start, end, h, weight, touches);
    const prefixEnd = this.prefixEnd(bytes, start, end);
    const len = prefixEnd - start;
    const run = this.runPrefix;
    if (len === this.runPrefixLength) {
      // Keys of one prefix come in runs (a writer's SETs of user:…): the run is counted once, when it ends.
      let i = 0;
      while (i < len && run[i] === bytes[start + i]) i++;
      if (i === len) {
        this.runPrefixTouches += touches;
        this.runPrefixWeight += weight;
        return;
      }
    }
    this.settlePrefixRun();
    if (len > run.length) {
      this.prefixes.add(bytes, start, prefixEnd, prefixEnd === end ? h : hashBytes(bytes, start, prefixEnd, this.prefixHash), weight, touches);
      return;
    }
    for (let i = 0; i < len; i++) run[i] = bytes[start + i]!;
    this.runPrefixLength = len;
    this.runPrefixTouches = touches;
    this.runPrefixWeight = weight;
  }

  private settlePrefixRun(): void {
    const len = this.runPrefixLength;
    if (len < 0) return;
    this.runPrefixLength = -1;
    const prefix = this.runPrefix;
    this.prefixes.add(prefix, 0, len, hashBytes(prefix, 0, len, this.prefixHash), this.runPrefixWeight, this.runPrefixTouches);
  }

  /** Where the key's prefix ends: just past its depth-th separator (or its last one, when it has fewer). */
  private prefixEnd(bytes: Buffer, start: number, keyEnd: number): number {
    const { separator, depth } = this.options;
    let end = start;
    if (separator.length === 1) {
      const sep = separator[0]!;
      let found = 0;
      for (let i = start; i < keyEnd && found < depth; i++) {
        if (bytes[i] === sep) {
          found++;
          end = i + 1;
        }
      }
      return end;
    }
    // Leftmost matches that do not overlap, as repeated indexOf finds them; bytes may run on past the key.
    const n = separator.length;
    if (n === 0) return start;
    let found = 0;
    for (let i = start; i + n <= keyEnd && found < depth;) {
      let j = 0;
      while (j < n && bytes[i + j] === separator[j]) j++;
      if (j < n) {
        i++;
        continue;
      }
      found++;
      i += n;
      end = i;
    }
    return end;
  }

  part(): KeyFiguresPart {
    this.settle();
    return { dbs: [...this.dbs].map(([db, t]) => [db, t.part()]), prefixes: this.prefixes.part() };
  }

  /** Counts what the figures of another part counted; its keys in database `inherited` count in `db`. */
  absorb(part: KeyFiguresPart, inherited: number, db: number): void {
    this.settle();
    for (const [from, tally] of part.dbs) this.tally(from === inherited ? db : from).absorb(tally);
    this.prefixes.absorb(part.prefixes);
  }

  distinct(db: number): { keys: number; approximate: boolean } {
    this.settle();
    const tally = this.dbs.get(db);
    return tally ? { keys: tally.distinct, approximate: !tally.isExact } : { keys: 0, approximate: false };
  }

  hotKeys(n: number): KeyStat[] {
    this.settle();
    return this.merge(
      n,
      (t) => t.topByCount(n),
      (e) => e.count,
    );
  }

  bigWriters(n: number): KeyStat[] {
    this.settle();
    return this.merge(
      n,
      (t) => t.topByBytes(n),
      (e) => e.bytes,
    );
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
    this.settle();
    const toStat = (e: TallyEntry): PrefixStat => ({ prefix: e.key, count: e.count, bytes: e.bytes, error: e.error });
    return { byCount: this.prefixes.topByCount(n).map(toStat), byBytes: this.prefixes.topByBytes(n).map(toStat) };
  }

  /** Names of the figures that are estimates. */
  approximate(): string[] {
    this.settle();
    const names: string[] = [];
    for (const [db, tally] of this.dbs) if (!tally.isExact) names.push(`databases.${db}.keys`);
    if (names.length > 0) names.push('hotKeys', 'bigWriters');
    if (!this.prefixes.isExact) names.push('prefixes');
    return names;
  }
}
