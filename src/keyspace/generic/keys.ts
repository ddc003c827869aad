// Generic key commands (db.c): DEL, UNLINK, RENAME, RENAMENX, MOVE, COPY.
import { isWord, withArity } from '../core/arity.js';
import { dupStream } from '../stream/stream-dup.js';
import { StreamValue } from '../stream/stream.js';
import type { CommandTable, CoreContext } from '../core/context.js';
import { parseIntArg } from '../core/int-arg.js';
import { DB_INDEX_OUT_OF_RANGE, NO_SUCH_KEY, OK, SYNTAX } from '../core/replies.js';
import type { RedisValue, Reply } from '../core/types.js';

/** Every value class but the stream can deep-copy itself (COPY); streams go through dupStream. */
export interface DuplicableValue extends RedisValue {
  dup(): RedisValue;
}

function isDuplicable(v: RedisValue): v is DuplicableValue {
  return typeof (v as Partial<DuplicableValue>).dup === 'function';
}

const SAME_OBJECT = { error: 'ERR source and destination objects are the same' };

function del(ctx: CoreContext, args: Buffer[]): Reply {
  let n = 0;
  for (const key of args.slice(1)) if (ctx.db.delete(key)) n++;
  return n;
}

/** renameGenericCommand: the value and its TTL move; the same key is a no-op once it exists. */
function rename(ctx: CoreContext, args: Buffer[], nx: boolean): Reply {
  const [, from, to] = args as [Buffer, Buffer, Buffer];
  const value = ctx.db.lookup(from);
  if (value === undefined) return NO_SUCH_KEY;
  if (from.equals(to)) return nx ? 0 : OK;
  const ttl = ctx.db.expireAt(from);
  if (nx && ctx.db.has(to)) return 0;
  ctx.db.detach(from);
  ctx.db.set(to, value, ttl);
  return nx ? 1 : OK;
}

function move(ctx: CoreContext, args: Buffer[]): Reply {
  const key = args[1]!;
  const dbid = parseIntArg(args[2]!);
  if (typeof dbid !== 'number') return dbid;
  if (dbid < 0 || dbid >= ctx.server.dbCount) return DB_INDEX_OUT_OF_RANGE;
  if (dbid === ctx.db.index) return SAME_OBJECT;
  const value = ctx.db.lookup(key);
  if (value === undefined) return 0;
  const dst = ctx.server.dbAt(dbid);
  if (dst.has(key)) return 0;
  const ttl = ctx.db.expireAt(key);
  ctx.db.detach(key);
  dst.set(key, value, ttl);
  return 1;
}

function copy(ctx: CoreContext, args: Buffer[]): Reply {
  const [, key, newKey] = args as [Buffer, Buffer, Buffer];
  let replace = false;
  let dst = ctx.db;
  for (let j = 3; j < args.length; j++) {
    if (isWord(args[j]!, 'replace')) replace = true;
    else if (isWord(args[j]!, 'db') && j + 1 < args.length) {
      const dbid = parseIntArg(args[++j]!);
      if (typeof dbid !== 'number') return dbid;
      if (dbid < 0 || dbid >= ctx.server.dbCount) return DB_INDEX_OUT_OF_RANGE;
      dst = ctx.server.dbAt(dbid);
    } else return SYNTAX;
  }
  if (dst === ctx.db && key.equals(newKey)) return SAME_OBJECT;
  const value = ctx.db.lookup(key);
  if (value === undefined) return 0;
  if (!replace && dst.has(newKey)) return 0;
  let dup: RedisValue;
  if (value instanceof StreamValue) dup = dupStream(value, ctx.nowMs);
  else if (isDuplicable(value)) dup = value.dup();
  else return { error: 'ERR unknown type object' };
  dst.set(newKey, dup, ctx.db.expireAt(key));
  return 1;
}

export const keyCommands: CommandTable = {
  del: withArity(-2, del),
  unlink: withArity(-2, del),
  rename: withArity(3, (ctx, args) => rename(ctx, args, false)),
  renamenx: withArity(3, (ctx, args) => rename(ctx, args, true)),
  move: withArity(3, move),
  copy: withArity(-3, copy),
};
