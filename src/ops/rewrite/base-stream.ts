// Writes the keys of an RDB base that no later command names straight to the rewrite's output, as they are read.

import { selectCommand } from '../../aof/verdict/index.js';
import { PEXPIREAT, rdbValueCommands, writeRdbValue, writeStringCommand } from '../../keyspace/emit.js';
import { functionLoadCommand } from '../../keyspace/functions/functions-commands.js';
import { AOF_REWRITE_ITEMS_PER_CMD } from '../../keyspace/core/emit-batches.js';
import { writeRpushes } from '../../keyspace/list/list.js';
import { writeIntsetValue, writeListpackValue } from '../../keyspace/packed-emit.js';
import type { RdbKeyClaim, RdbRecord, RdbValue } from '../../rdb/types.js';
import { HANDED_ENCODINGS, zsetFromListpack } from '../../rdb/values.js';
import type { RespWriter } from '../../resp/index.js';
import { droppedAsExpired, KeyTally, type EmitCounts, type ExpiryChoice } from './emit-counts.js';
import type { TouchedKeys } from './touched-keys.js';

type BaseRecord = Extract<RdbRecord, { type: 'key' | 'key-part' | 'function' }>;

/**
 * Takes the base's keys that nothing after the base names: the keyspace would only hold them to write them
 * out again, and their commands are the same whenever they are written. They never cost the keyspace
 * memory, an index entry or a place in the sort. What is written is what the keyspace would write for each
 * key (the same value classes and emitters), in the base's order rather than byte order.
 */
export class BaseStream {
  readonly counts: EmitCounts = { keys: {}, keysWithTtl: 0, expiredDropped: 0 };
  private readonly tally = new KeyTally(this.counts);
  /** The database the output's last SELECT chose, -1 before any. */
  private selected = -1;
  /** The key whose later parts (key-part records) follow this one's way: written, or left out as expired. */
  private current: { key: Buffer; db: number; written: boolean } | null = null;
  /** A TTL written after the key's last part (a large collection's parts come as separate records). */
  private pendingTtl: { key: Buffer; at: number } | null = null;
  /**
   * A list's items not yet written: a quicklist's parts end with its nodes, and RPUSH takes 64 items across
   * them, as the whole list's rewrite would.
   */
  private listCarry: Buffer[] = [];

  /** The key claimed last (claim.wants): written when its checked value is handed over. */
  private claimed: { db: number; key: Buffer; expireAtMs: number | null } | null = null;

  /**
   * Claims the base's packed sets, hashes and sorted sets that nothing names (readRdbClaiming): written from
   * their listpacks and intsets where they lie, never decoded into a Buffer per element.
   */
  readonly claim: RdbKeyClaim = {
    wants: (db, key, encoding, expireAtMs) => this.wants(db, key, encoding, expireAtMs),
    took: () => {
      this.claimed = null;
    },
    values: {
      listpack: (encoding, lp, at, count) => {
        const key = this.startClaimed();
        if (!writeListpackValue(this.writer, key, encoding, lp, at, count)) this.writeValue(key, zsetFromListpack(lp, at), false);
        this.endClaimed(encoding === 'set-listpack' ? 'set' : encoding === 'hash-listpack' ? 'hash' : 'zset');
      },
      intset: (is, at, count) => {
        writeIntsetValue(this.writer, this.startClaimed(), is, at, count);
        this.endClaimed('set');
      },
    },
  };

  constructor(
    private readonly touched: TouchedKeys,
    private readonly writer: RespWriter,
    private readonly choice: ExpiryChoice,
  ) {}

  /** What take() would write from the decoded record, the claim writes from the bytes: an untouched key, not dropped. */
  private wants(db: number, key: Buffer, encoding: string, expireAtMs: number | null): boolean {
    // An expired key takes the decoded way, which counts it.
    if (!HANDED_ENCODINGS.has(encoding) || !this.touched.streams(db, key) || droppedAsExpired(expireAtMs, this.choice)) return false;
    this.endKey();
    this.current = null;
    this.claimed = { db, key, expireAtMs };
    return true;
  }

  /** The key claimed last: its value is being handed over. */
  private claimedKey(): { db: number; key: Buffer; expireAtMs: number | null } {
    if (this.claimed === null) throw new Error('BaseStream: a value handed over for no claimed key');
    return this.claimed;
  }

  /** The claimed key, its database selected: its value is about to be written. */
  private startClaimed(): Buffer {
    const { db, key } = this.claimedKey();
    this.select(db);
    return key;
  }

  /** After a claimed key's value: its TTL and its place in the counts. */
  private endClaimed(type: 'set' | 'hash' | 'zset'): void {
    const { db, key, expireAtMs } = this.claimedKey();
    if (expireAtMs !== null) this.pendingTtl = { key, at: expireAtMs };
    this.endKey();
    this.tally.add(db, type, expireAtMs !== null);
  }

  private select(db: number): void {
    if (this.selected === db) return;
    this.writer.command(selectCommand(db));
    this.selected = db;
  }

  /**
   * Takes a record of the base: true when it was written (or left out as expired), false when the keyspace
   * must load the key. A library is written as it comes: an RDB lists them before its keys, so they lead the
   * output as in Redis's rewrite (the keyspace, which holds them too, does not write them again).
   */
  take(record: BaseRecord): boolean {
    if (record.type === 'function') {
      this.writer.command(functionLoadCommand(record.code));
      return true;
    }
    if (record.type === 'key-part') {
      const current = this.current;
      if (current?.db !== record.db || !current.key.equals(record.key)) return false;
      if (!current.written) return true;
      if (record.value.type === 'list') this.pushList(record.key, record.value.items);
      else this.writeValue(record.key, record.value, true);
      return true;
    }
    this.endKey();
    this.current = null;
    // A module's value goes to the keyspace, which refuses it with the message the rewrite gives.
    if (record.value.type === 'module' || !this.touched.streams(record.db, record.key)) return false;
    if (droppedAsExpired(record.expireAtMs, this.choice)) {
      this.counts.expiredDropped++;
      this.current = record.value.type === 'string' ? null : { key: record.key, db: record.db, written: false };
      return true;
    }
    this.select(record.db);
    if (record.value.type === 'string') {
      writeStringCommand(record.key, record.value.value, this.writer);
    } else if (record.value.type === 'list') {
      this.pushList(record.key, record.value.items);
    } else {
      this.writeValue(record.key, record.value, false);
    }
    // A string's key may be a view of the reader's window (rdbStringViews): the TTL, written later, keeps a copy.
    if (record.expireAtMs !== null) this.pendingTtl = { key: record.value.type === 'string' ? Buffer.from(record.key) : record.key, at: record.expireAtMs };
    this.tally.add(record.db, record.value.type, record.expireAtMs !== null);
    // Only collections come in parts: a string's key (perhaps a view) is not kept.
    this.current = record.value.type === 'string' ? null : { key: record.key, db: record.db, written: true };
    return true;
  }

  /** The database the output's last SELECT chose, -1 before any: the keyspace's keys go on from there. */
  get selectedDb(): number {
    return this.selected;
  }

  /** Ends the last key taken (its TTL); call when the base has been read. */
  finish(): void {
    this.endKey();
    this.current = null;
  }

  private writeValue(key: Buffer, value: RdbValue, laterPart: boolean): void {
    if (writeRdbValue(key, value, laterPart, this.writer)) return;
    for (const command of rdbValueCommands(key, value, laterPart)) this.writer.command(command);
  }

  /** Writes the list items of whole RPUSH commands, keeping the rest for the next part or the key's end. */
  private pushList(key: Buffer, items: Buffer[]): void {
    const carry = this.listCarry.length === 0 ? items : this.listCarry.concat(items);
    const whole = carry.length - (carry.length % AOF_REWRITE_ITEMS_PER_CMD);
    if (whole > 0) writeRpushes(this.writer, key, carry, 0, whole);
    this.listCarry = whole === carry.length ? [] : carry.slice(whole);
  }

  private endKey(): void {
    if (this.listCarry.length > 0 && this.current !== null) {
      writeRpushes(this.writer, this.current.key, this.listCarry);
      this.listCarry = [];
    }
    const ttl = this.pendingTtl;
    if (ttl === null) return;
    this.writer.command([PEXPIREAT, ttl.key, Buffer.from(String(ttl.at))]);
    this.pendingTtl = null;
  }
}
