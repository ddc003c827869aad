// Typed key lookup: the value when it has the wanted type, undefined when absent, WRONGTYPE otherwise.
import { WRONGTYPE } from './replies.js';
import type { DbView, ErrorReply, RedisValue, ValueType } from './types.js';

export function lookupTyped<T extends RedisValue>(db: DbView, key: Buffer, type: ValueType, guard: (v: RedisValue) => v is T): T | undefined | ErrorReply {
  const v = db.lookup(key);
  if (v === undefined) return undefined;
  return v.type === type && guard(v) ? v : WRONGTYPE;
}

/** Narrowing helper: true when a lookup result is the WRONGTYPE error rather than a value. */
export function isWrongType(v: RedisValue | ErrorReply | undefined): v is ErrorReply {
  return v !== undefined && 'error' in v;
}
