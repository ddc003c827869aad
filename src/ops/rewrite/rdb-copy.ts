// An RDB base's keys that no later command names, copied byte for byte into a rewrite's RDB output: never held in the keyspace, never encoded again.

import { closeSync, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { FileChangedError } from '../../aof/io/file-changed.js';
import { loadedFiles, type AofLayout } from '../../aof/layout.js';
import type { RdbKeyClaim } from '../../rdb/types.js';
import type { RdbWriter, RdbWriteVersion } from '../../rdb/write/index.js';
import { droppedAsExpired, KeyTally, type EmitCounts, type ExpiryChoice } from './emit-counts.js';
import type { TouchedKeys } from './touched-keys.js';

/**
 * The value encodings copied as they are (redis-check-rdb's names, as the reader gives them), each with the
 * first RDB version whose loader knows it (rdb.h's RDB_TYPE_*) and the key's type. Left out, so loaded and
 * encoded again: module values (the keyspace refuses them with the rewrite's message), hashes with field
 * TTLs (whether a field stays depends on the clock and on --drop-expired) and Valkey's hash of its own.
 */
const COPYABLE: ReadonlyMap<string, readonly [number, string]> = new Map([
  ['string', [1, 'string']],
  ['list-linked', [1, 'list']],
  ['list-ziplist', [1, 'list']],
  ['quicklist', [7, 'list']],
  ['quicklist-v2', [10, 'list']],
  ['set-hashtable', [1, 'set']],
  ['set-intset', [1, 'set']],
  ['set-listpack', [11, 'set']],
  ['zset-v1', [1, 'zset']],
  ['zset-ziplist', [1, 'zset']],
  ['zset-v2', [8, 'zset']],
  ['zset-listpack', [10, 'zset']],
  ['hash-hashtable', [1, 'hash']],
  ['hash-zipmap', [1, 'hash']],
  ['hash-ziplist', [1, 'hash']],
  ['hash-listpack', [10, 'hash']],
  ['stream', [9, 'stream']],
  ['stream-v2', [10, 'stream']],
  ['stream-v3', [11, 'stream']],
]);

/** Bytes read from the base at a time while copying. */
const COPY_CHUNK = 1 << 20;
/** Numbers per run in a database's table: start, end, keys, expiry (NaN for none). */
const RUN = 4;

/** One database's copied keys: runs of adjacent records in the base, each with the expiry of its single key, if any. */
class DbRuns {
  runs = new Float64Array(RUN * 64);
  count = 0;
  keys = 0;
  expires = 0;

  add(start: number, end: number, expireAtMs: number | null): void {
    this.keys++;
    if (expireAtMs !== null) this.expires++;
    const last = (this.count - 1) * RUN;
    // Records that follow each other with no expiry between them are one run: copied together.
    if (expireAtMs === null && this.count > 0 && this.runs[last + 1] === start && Number.isNaN(this.runs[last + 3])) {
      this.runs[last + 1] = end;
      this.runs[last + 2] = (this.runs[last + 2] ?? 0) + 1;
      return;
    }
    if ((this.count + 1) * RUN > this.runs.length) {
      const grown = new Float64Array(this.runs.length * 2);
      grown.set(this.runs);
      this.runs = grown;
    }
    const at = this.count++ * RUN;
    const r = this.runs;
    r[at] = start;
    r[at + 1] = end;
    r[at + 2] = 1;
    r[at + 3] = expireAtMs ?? NaN;
  }
}

/**
 * Claims the base's keys that no later command names (TouchedKeys) and whose encoding the output's RDB
 * version loads, remembering where they lie (the reader checks their values without keeping them); once the
 * replay is done, copies them from the base into the output, each database's before the keyspace's. The
 * base is held open from the start, and must still be the file the replay read when the copy begins (a
 * server's rewrite replaces it).
 */
export class CopiedBase implements RdbKeyClaim {
  readonly counts: EmitCounts = { keys: {}, keysWithTtl: 0, expiredDropped: 0 };
  private readonly tally = new KeyTally(this.counts);
  private readonly perDb = new Map<number, DbRuns>();
  /** The key wanted last, until the reader says where it lies (fields, not an object: millions of keys). */
  private wantedDb = 0;
  private wantedType = '';
  private wantedExpiry: number | null = null;
  private fd: number | null;
  private readonly opened: Stats;
  /** The base's bytes [windowStart, windowEnd), read for the copy. */
  private readonly window = Buffer.allocUnsafe(COPY_CHUNK);
  private windowStart = 0;
  private windowEnd = 0;

  private constructor(
    private readonly path: string,
    listedSize: number,
    private readonly touched: TouchedKeys,
    private readonly version: RdbWriteVersion,
    private readonly choice: ExpiryChoice,
  ) {
    try {
      this.fd = openSync(path, 'r');
    } catch (e) {
      // Listed a moment ago: a server's rewrite replaced it since.
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new FileChangedError(path, listedSize, null, 'read');
      throw e;
    }
    this.opened = fstatSync(this.fd);
  }

  /** A copier for the layout's RDB base, or null when it has none to copy from (a packed backup's is streamed once). */
  static open(layout: AofLayout, touched: TouchedKeys, version: RdbWriteVersion, choice: ExpiryChoice): CopiedBase | null {
    const base = loadedFiles(layout)[0];
    if (base === undefined || !base.rdb || base.packed !== undefined) return null;
    return new CopiedBase(base.path, base.size ?? 0, touched, version, choice);
  }

  wants(db: number, key: Buffer, encoding: string, expireAtMs: number | null): boolean {
    const copyable = COPYABLE.get(encoding);
    if (copyable === undefined || copyable[0] > this.version || this.touched.has(db, key)) return false;
    this.wantedDb = db;
    this.wantedType = copyable[1];
    this.wantedExpiry = expireAtMs;
    return true;
  }

  took(offset: number, end: number): void {
    const db = this.wantedDb;
    const expireAtMs = this.wantedExpiry;
    if (droppedAsExpired(expireAtMs, this.choice)) {
      this.counts.expiredDropped++;
      return;
    }
    let runs = this.perDb.get(db);
    if (runs === undefined) this.perDb.set(db, (runs = new DbRuns()));
    runs.add(offset, end, expireAtMs);
    this.tally.add(db, this.wantedType, expireAtMs !== null);
  }

  /** The databases with keys to copy. */
  dbs(): number[] {
    return [...this.perDb.keys()];
  }

  /** How many keys of `db` are copied, and how many of them have a TTL (for RESIZEDB). */
  sizes(db: number): { readonly keys: number; readonly expires: number } {
    const runs = this.perDb.get(db);
    return { keys: runs?.keys ?? 0, expires: runs?.expires ?? 0 };
  }

  /** Throws FileChangedError when the base at its path is no longer the file held open (removed, replaced or resized). */
  verify(): void {
    const now = statSync(this.path, { throwIfNoEntry: false });
    const size = this.opened.size;
    if (now?.ino !== this.opened.ino || now.dev !== this.opened.dev) throw new FileChangedError(this.path, size, null, 'read');
    if (now.size !== size) throw new FileChangedError(this.path, size, now.size, 'read');
  }

  /** Copies `db`'s keys into the writer, awaiting `drain` (when it returns a promise) between runs. */
  async write(db: number, writer: RdbWriter, drain: () => Promise<void> | undefined): Promise<void> {
    const runs = this.perDb.get(db);
    if (runs === undefined) return;
    const r = runs.runs;
    for (let i = 0; i < runs.count * RUN; i += RUN) {
      // Typed arrays read as number | undefined: every index below lies inside the count.
      const expiry = r[i + 3] ?? NaN;
      writer.beginCopy(db, Number.isNaN(expiry) ? null : expiry, r[i + 2] ?? 0);
      this.copy(r[i] ?? 0, r[i + 1] ?? 0, writer);
      const waiting = drain();
      if (waiting !== undefined) await waiting;
    }
  }

  /** Copies the base's bytes [start, end) into the writer through the window (runs come in file order: few reads). */
  private copy(start: number, end: number, writer: RdbWriter): void {
    for (let at = start; at < end;) {
      if (at < this.windowStart || at >= this.windowEnd) this.fill(at);
      const upTo = Math.min(end, this.windowEnd);
      writer.copyBytes(this.window, at - this.windowStart, upTo - this.windowStart);
      at = upTo;
    }
  }

  private fill(at: number): void {
    if (this.fd === null) throw new Error('CopiedBase.write() after close()');
    const n = readSync(this.fd, this.window, 0, COPY_CHUNK, at);
    // The replay read these bytes: none now means the file was cut since.
    if (n === 0) throw new FileChangedError(this.path, this.opened.size, fstatSync(this.fd).size, 'read');
    this.windowStart = at;
    this.windowEnd = at + n;
  }

  close(): void {
    if (this.fd === null) return;
    closeSync(this.fd);
    this.fd = null;
  }
}
