// Duplicate keys in one database of an RDB, found by a 64-bit fingerprint per key: the server panics on them.

import { hashBytes, type KeyHash } from './key-hash.js';

/** Fingerprints are spread over this many partitions by their top byte; each is sorted on its own. */
const PARTITIONS = 256;
const MIN_PARTITION = 64;
const EMPTY = new Uint32Array(0);
/**
 * Shared fingerprints handed over per database: the server names the key whose second record comes first, so
 * every duplicated key is a candidate; past this many the file is broken enough that any of them will do.
 */
const SHARED_KEPT = 256;

/**
 * rdbLoad adds every key with dbAddRDBLoad and panics when one exists already ("Duplicated key found in
 * RDB file", 7.0 to 8.x; the AOF preamble too). Keeping every key to compare would cost the RDB's key bytes
 * in memory, so each key leaves a 64-bit fingerprint (hashBytes's two 32-bit hashes). Two equal ones are
 * checked by reading the database again (duplicate-key.ts), which names the key as the server's log does and
 * tells a duplicate from a collision (for 10 million keys, odds below one in a million).
 *
 * A hash table of fingerprints costs a cache miss per key (it more than doubled the time to check a
 * 3-million-key RDB). Instead they are appended to 256 partitions, sequential writes that stay in cache,
 * and each partition is sorted natively (as 64-bit integers, through a BigUint64Array view of the same
 * memory: no BigInt per key) when the database ends; equal neighbours are candidates.
 */
export class KeyFingerprints {
  private readonly words: Uint32Array[] = [];
  private readonly counts = new Int32Array(PARTITIONS);
  /** Fingerprint of the key being read, set by put(), kept by commit(). */
  private readonly pending: KeyHash = { h1: 0, h2: 0 };
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
    hashBytes(bytes, start, end, this.pending);
  }

  /** Keys kept since the last finish(). */
  get size(): number {
    return this.keys;
  }

  /** Keeps the pending key's fingerprint. */
  commit(): void {
    const { h1: lo, h2: hi } = this.pending;
    const p = hi >>> 24;
    const n = this.counts[p]!;
    let w = this.words[p]!;
    if (2 * n + 2 > w.length) {
      const bigger = new Uint32Array(Math.max(2 * MIN_PARTITION, w.length * 2));
      bigger.set(w);
      this.words[p] = w = bigger;
    }
    // Little-endian 64-bit value hi:lo, so the BigUint64Array view sorts by the whole fingerprint.
    w[2 * n] = lo;
    w[2 * n + 1] = hi;
    this.counts[p] = n + 1;
    this.keys++;
  }

  /**
   * At the end of a database: the fingerprints two of its keys share (at most SHARED_KEPT; none, mostly), and
   * a fresh start for the next one.
   */
  finish(): KeyHash[] {
    const shared: KeyHash[] = [];
    if (this.keys > 1) {
      for (let p = 0; p < PARTITIONS && shared.length < SHARED_KEPT; p++) {
        const n = this.counts[p]!;
        if (n < 2) continue;
        const w = this.words[p]!;
        new BigUint64Array(w.buffer, w.byteOffset, n).sort();
        for (let i = 1; i < n && shared.length < SHARED_KEPT; i++) {
          const lo = w[2 * i]!;
          const hi = w[2 * i + 1]!;
          if (lo === w[2 * i - 2] && hi === w[2 * i - 1] && (i < 2 || lo !== w[2 * i - 4] || hi !== w[2 * i - 3])) shared.push({ h1: lo, h2: hi });
        }
      }
    }
    this.counts.fill(0);
    this.keys = 0;
    return shared;
  }
}
