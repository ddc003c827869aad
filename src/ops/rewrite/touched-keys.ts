// The keys an RDB-based AOF's RESP files name, read before the base: every other key of the base can go
// straight from the base to the rewrite's output.

import { keyPositions, leavesKeysAlone, readsUnnamedKeys } from '../../aof/command-keys.js';
import { loadedFiles, type AofLayout } from '../../aof/layout.js';
import { walkAof } from '../../aof/walk.js';
import { hashBytes, type KeyHash } from '../../rdb/key-hash.js';
import { KeyHashes } from './key-hashes.js';

/**
 * The (database, key) pairs an AOF's RESP files name, each database's keys held by their hashes (KeyHashes): a
 * key the files do not name is taken for named once in about 2^62, and is then loaded rather than streamed or
 * copied, which writes the same dataset.
 */
export class TouchedKeys {
  private readonly tables = new Map<number, KeyHashes>();
  private readonly hash: KeyHash = { h1: 0, h2: 0 };
  /** The highest database named, -1 when none is. */
  private highestDb = -1;

  /** Keys held, over all databases. */
  get size(): number {
    let n = 0;
    for (const t of this.tables.values()) n += t.size;
    return n;
  }

  add(db: number, key: Buffer): void {
    let table = this.tables.get(db);
    if (table === undefined) this.tables.set(db, (table = new KeyHashes()));
    if (db > this.highestDb) this.highestDb = db;
    const h = hashBytes(key, 0, key.length, this.hash);
    table.add(h.h1, h.h2);
  }

  /**
   * Whether the base's key goes straight to the output, so that every database is still selected once: in a
   * database below the highest one named, only when no key of it is named (else all its keys are loaded);
   * in the highest, when the key itself is not named (the keyspace's keys of that database follow it with no
   * SELECT between); above it, never (the keyspace writes them after, with their SELECT).
   */
  streams(db: number, key: Buffer): boolean {
    const last = this.highestDb;
    if (db < last) return !this.tables.has(db);
    return db === last ? !this.has(db, key) : last === -1;
  }

  has(db: number, key: Buffer): boolean {
    const table = this.tables.get(db);
    if (table === undefined) return false;
    const h = hashBytes(key, 0, key.length, this.hash);
    return table.has(h.h1, h.h2);
  }
}

/**
 * Whether a command may change keys other than the (database, key) pairs it names: a keyless one that does
 * not leave keys alone (FUNCTION too: the base's libraries are written before its keys, so later ones would
 * come too late), one that reaches unnamed keys, and MOVE and COPY … DB, which write another database.
 */
function reachesFurther(name: string, keyed: boolean): boolean {
  if (!keyed) return !leavesKeysAlone(name);
  return readsUnnamedKeys(name) || name === 'move' || name === 'copy';
}

/** Thrown from the walk's visitor to end the scan at the first command that makes it useless. */
class NotLocal extends Error {}

/**
 * The keys the RESP files after an RDB base name, per database; null when the first file loaded is not an
 * RDB, or when some command may touch keys it does not name (FLUSHALL, SWAPDB, MOVE, a script, an unknown
 * command): then the whole base must be loaded. A damaged file is read as far as it goes (the replay that
 * follows finds what is wrong); every key named up to there counts.
 */
export async function touchedKeys(layout: AofLayout): Promise<TouchedKeys | null> {
  const [base, ...rest] = loadedFiles(layout);
  if (base === undefined || !base.rdb || layout.kind === 'rdb-preamble') return null;
  const touched = new TouchedKeys();
  if (rest.every((f) => f.size === null || f.size === 0)) return touched;
  try {
    await walkAof(
      { ...layout, files: rest },
      {
        command(frame, at) {
          const positions = keyPositions(at.name, frame.args, frame.argc);
          if (reachesFurther(at.name, positions.length > 0)) throw new NotLocal();
          for (const p of positions) {
            const key = frame.args[p];
            if (key !== undefined) touched.add(at.db, key);
          }
        },
      },
      { reuseArgs: true },
    );
  } catch (e) {
    if (e instanceof NotLocal) return null;
    throw e;
  }
  return touched;
}
