// Converts values decoded from an RDB (preamble or DUMP payload) into the keyspace's value classes.
import type { RdbValue } from '../rdb/types.js';
import { HashValue, isHashValue } from './hash/hash-value.js';
import { isListValue, ListValue } from './list/list-value.js';
import { isSetValue, SetValue } from './set/set-value.js';
import { streamFromRdb } from './stream/stream-rdb.js';
import { StringValue } from './core/string-value.js';
import type { ErrorReply, RedisValue } from './core/types.js';
import { isZSetValue, ZSET_MAX_LISTPACK_ENTRIES, ZSetValue } from './zset/zset-value.js';

/** Buffers this large never come from Node's shared allocation pool (it serves fewer than 4 KiB). */
const TAKE_AS_IS = 8192;

/** The value class for an RDB value, or an error for what the keyspace cannot hold (modules). */
export function valueFromRdb(v: RdbValue): RedisValue | ErrorReply {
  switch (v.type) {
    case 'string':
      // The reader hands over a Buffer of its own; a large one is taken as it is (a 1 GB string must not
      // cost 2 GB). Smaller ones may be slices of Node's shared pool and are copied.
      return v.value.length >= TAKE_AS_IS ? new StringValue(v.value) : StringValue.copyOf(v.value);
    case 'list':
      return ListValue.of(v.items);
    case 'set':
    case 'hash': {
      const value = v.type === 'set' ? new SetValue() : new HashValue();
      addRdbPart(value, v);
      return value;
    }
    case 'zset': {
      // Scores go in as stored; then the encoding rdbLoadObject leaves: a listpack blob stays one unless too
      // long, a skiplist type becomes a listpack when it fits (losing -0 as zsetConvert does).
      const z = new ZSetValue(true);
      addRdbPart(z, v);
      if (/listpack|ziplist/.test(v.encoding)) z.skiplist = z.size > ZSET_MAX_LISTPACK_ENTRIES;
      else z.listpackIfFits();
      return z;
    }
    case 'stream':
      return streamFromRdb(v);
    case 'module':
      return { error: `ERR module data type '${v.moduleName}' is not supported` };
  }
}

/**
 * Adds the elements of an RDB value to a value of its type, in file order: valueFromRdb fills new values with
 * it, and a reader handing a key over in parts (readRdb's partSize) adds each later part to what the first
 * made. Only collections larger than any packed encoding should come in parts (partSize over 128), so the
 * encoding chosen for the first part is the one the whole value gets.
 */
export function addRdbPart(target: RedisValue, v: RdbValue): void {
  if (v.type === 'list' && isListValue(target)) for (const item of v.items) target.pushTail(item);
  else if (v.type === 'set' && isSetValue(target)) for (const m of v.members) target.add(m);
  else if (v.type === 'zset' && isZSetValue(target)) for (const e of v.entries) target.set(e.member, e.score);
  else if (v.type === 'hash' && isHashValue(target)) {
    for (const e of v.entries) {
      target.set(e.field, e.value); // set copies both
      if (e.expireAtMs !== undefined) target.setFieldExpireAt(e.field, e.expireAtMs);
    }
  } else throw new Error(`an RDB ${v.type} part cannot extend a ${target.type}`);
}

/**
 * A value of the part's type holding only the elements of one later part of a large RDB collection, to be
 * written out on its own; the encoding is the large one the whole value has (a part never becomes a listpack).
 */
export function partValue(v: RdbValue): RedisValue {
  const target =
    v.type === 'list'
      ? new ListValue()
      : v.type === 'set'
        ? new SetValue()
        : v.type === 'zset'
          ? new ZSetValue(true)
          : v.type === 'hash'
            ? new HashValue()
            : null;
  if (target === null) throw new Error(`an RDB ${v.type} does not come in parts`);
  addRdbPart(target, v);
  return target;
}

/** Where loadRdbValue puts a key: the Keyspace (named by shape, so this file does not import it). */
export interface ValueStore {
  store(db: number, key: Buffer, value: RedisValue, expireAtMs: number | null): void;
  /** A string, kept packed by the database when small (no object per key). */
  storeString(db: number, key: Buffer, bytes: Buffer, expireAtMs: number | null): void;
}

/** Stores one RDB key into database db (replacing any value), keeping its absolute TTL; an error when unsupported. */
export function loadRdbValue(keyspace: ValueStore, db: number, key: Buffer, value: RdbValue, expireAtMs: number | null): ErrorReply | null {
  if (value.type === 'string' && value.value.length < TAKE_AS_IS) {
    keyspace.storeString(db, key, value.value, expireAtMs);
    return null;
  }
  const v = valueFromRdb(value);
  if ('error' in v) return v;
  keyspace.store(db, key, v, expireAtMs);
  return null;
}
