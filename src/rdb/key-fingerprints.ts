// Duplicate keys in one database of an RDB, found by a 64-bit fingerprint per key: the server panics on them.

import { RdbError } from './problem.js';

/** Fingerprints are spread over this many partitions by their top byte; each is sorted on its own. */
const PARTITIONS = 256;
const MIN_PARTITION = 64;
const EMPTY = new Uint32Array(0);

/**
 * rdbLoad adds every key with dbAddRDBLoad and panics when one exists already ("Duplicated key found in
 * RDB file", 7.0 to 8.x; the AOF preamble too). Keeping every key to compare would cost the RDB's key bytes
 * in memory, so each key leaves a 64-bit fingerprint (two independent 32-bit hashes): for 10 million keys
 * the odds of a false alarm are below one in a million.
 *
 * A hash table of fingerprints costs a cache miss per key (it more than doubled the time to check a
 * 3-million-key RDB). Instead they are appended to 256 partitions, sequential writes that stay in cache,
 * and each partition is sorted natively (as 64-bit integers, through a BigUint64Array view of the same
 * memory: no BigInt per key) when the database ends; equal neighbours are duplicates.
 */
export class KeyFingerprints {
  private readonly words: Uint32Array[] = [];
  private readonly counts = new Int32Array(PARTITIONS);
  /** Fingerprint of the key being read, set by put(), kept by commit(). */
  private pendingLo = 0;
  private pendingHi = 0;
  private keys = 0;

  constructor() {
    // Partitions are allocated on first use: most RDBs a test or a DUMP reads hold a handful of keys.
    for (let p = 0; p < PARTITIONS; p++) this.words.push(EMPTY);
  }

  /**
   * Makes room for `keys` more fingerprints at once (RESIZEDB's hint), sparing the partitions their
   * doublings; the caller bounds the hint by what the file can hold.
   */
  reserve(keys: number): void {
    const per = Math.ceil((keys * 1.15) / PARTITIONS) + 16;
    for (let p = 0; p < PARTITIONS; p++) {
      const w = this.words[p]!;
      const need = 2 * (this.counts[p]! + per);
      if (need <= w.length) continue;
      const bigger = new Uint32Array(need);
      bigger.set(w.subarray(0, 2 * this.counts[p]!));
      this.words[p] = bigger;
    }
  }

  /** Hashes bytes[start, end), the key just read; commit() once its value proved it is kept. */
  put(bytes: Uint8Array, start: number, end: number): void {
    let a = 0x811c9dc5;
    let b = 0x9e3779b9 ^ (end - start);
    for (let i = start; i < end; i++) {
      const c = bytes[i]!;
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b + c, 0x5bd1e995) ^ (b >>> 15);
    }
    this.pendingLo = (a ^ (a >>> 16)) >>> 0;
    this.pendingHi = (b ^ (b >>> 13)) >>> 0;
  }

  /** Keeps the pending key's fingerprint. */
  commit(): void {
    const p = this.pendingHi >>> 24;
    const n = this.counts[p]!;
    let w = this.words[p]!;
    if (2 * n + 2 > w.length) {
      const bigger = new Uint32Array(Math.max(2 * MIN_PARTITION, w.length * 2));
      bigger.set(w);
      this.words[p] = w = bigger;
    }
    // Little-endian 64-bit value hi:lo, so the BigUint64Array view sorts by the whole fingerprint.
    w[2 * n] = this.pendingLo;
    w[2 * n + 1] = this.pendingHi;
    this.counts[p] = n + 1;
    this.keys++;
  }

  /**
   * At the end of a database: throws if two of its keys share a fingerprint, then starts afresh for the
   * next one. `from` is where the database's keys start, named in the problem.
   */
  finish(db: number, from: number): void {
    if (this.keys > 1) {
      for (let p = 0; p < PARTITIONS; p++) {
        const n = this.counts[p]!;
        if (n < 2) continue;
        const w = this.words[p]!;
        new BigUint64Array(w.buffer, w.byteOffset, n).sort();
        for (let i = 1; i < n; i++) {
          if (w[2 * i] === w[2 * i - 2] && w[2 * i + 1] === w[2 * i - 1]) {
            throw new RdbError(
              'bad-value',
              from,
              `DB ${db} (its keys from offset ${from}) holds the same key twice: redis-server panics loading it ("Duplicated key found in RDB file")`,
            );
          }
        }
      }
    }
    this.counts.fill(0);
    this.keys = 0;
  }
}
