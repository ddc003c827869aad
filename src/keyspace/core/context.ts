// What the keyspace's own command handlers see: the contract's context plus TTLs and the other databases.
import type { CommandHandler, DbView, KeyspaceContext, RedisValue, Reply } from './types.js';

/** A database as the built-in handlers use it: DbView plus expiry access. */
export interface KeyDb extends DbView {
  /** Absolute expiry in ms, or null when the key has no TTL (or does not exist). */
  expireAt(key: Buffer): number | null;
  /** Sets or clears the TTL of an existing key. */
  setExpireAt(key: Buffer, ms: number | null): void;
  /** Stores value at key, replacing any value and clearing its TTL (Redis's setKey without KEEPTTL). */
  set(key: Buffer, value: RedisValue, expireAtMs?: number | null): void;
  /** Whether key exists (without handing its value out, which would unpack a packed string). */
  has(key: Buffer): boolean;
  /** The bytes of the string at key, a view valid until the key changes; undefined: no key; null: another type. */
  peekString(key: Buffer): Buffer | undefined | null;
  /** Replaces any value at key with a copy of bytes as a string; the TTL is cleared unless keepTtl. */
  setString(key: Buffer, bytes: Buffer, keepTtl: boolean): void;
  /** Removes key and its TTL but keeps its value usable, which lives on under another key (RENAME, MOVE). */
  detach(key: Buffer): RedisValue | undefined;
  readonly size: number;
  clear(): void;
}

/** Operations that reach beyond the current database (SELECT, MOVE, COPY … DB, SWAPDB, FLUSHALL). */
export interface ServerOps {
  readonly dbCount: number;
  dbAt(index: number): KeyDb;
  swapDbs(a: number, b: number): void;
  select(index: number): void;
  flushAll(): void;
  /** Records that a command was replayed only approximately (said once per kind in the rewrite's report). */
  caveat(message: string): void;
}

export interface CoreContext extends KeyspaceContext {
  readonly db: KeyDb;
  readonly server: ServerOps;
}

/** Built-in handlers take the richer context; a contract CommandHandler is also one of these. */
export type CoreHandler = (ctx: CoreContext, args: Buffer[]) => Reply;

export type CommandTable = Record<string, CoreHandler | CommandHandler>;
