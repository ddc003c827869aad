// Hash commands (t_hash.c): HSET, HMSET, HSETNX, HDEL, HINCRBY, HINCRBYFLOAT (the last two keep a field's TTL).
import { withArity } from '../core/arity.js';
import type { CommandTable, CoreContext } from '../core/context.js';
import { batched, writeBatched } from '../core/emit-batches.js';
import { HashValue, isHashValue } from './hash-value.js';
import { addLongDouble, formatLongDoubleHuman, LD_ZERO, parseLongDouble } from '../core/long-double.js';
import { isWrongType, lookupTyped } from '../core/lookup.js';
import { LLONG_MAX, LLONG_MIN, parseLongLong } from '../core/numbers.js';
import { NOT_FLOAT, NOT_INTEGER, OK, OVERFLOW, wrongArity } from '../core/replies.js';
import type { CommandOut, ErrorReply, Reply } from '../core/types.js';

/** hashTypeLookupWriteOrCreate: an absent key gets an empty hash (a later emptied hash is removed by HDEL). */
function lookupOrCreate(ctx: CoreContext, key: Buffer): HashValue | ErrorReply {
  const h = lookupTyped(ctx.db, key, 'hash', isHashValue);
  if (h !== undefined) return h;
  const created = new HashValue();
  ctx.db.add(key, created);
  return created;
}

function hset(ctx: CoreContext, args: Buffer[], name: 'hset' | 'hmset'): Reply {
  if (args.length % 2 === 1) return wrongArity(name);
  const h = lookupOrCreate(ctx, args[1]!);
  if (isWrongType(h)) return h;
  let created = 0;
  for (let i = 2; i < args.length; i += 2) if (h.set(args[i]!, args[i + 1]!)) created++;
  return name === 'hset' ? created : OK;
}

function hsetnx(ctx: CoreContext, args: Buffer[]): Reply {
  const h = lookupOrCreate(ctx, args[1]!);
  if (isWrongType(h)) return h;
  if (h.get(args[2]!) !== undefined) return 0;
  h.set(args[2]!, args[3]!);
  return 1;
}

function hdel(ctx: CoreContext, args: Buffer[]): Reply {
  const h = lookupTyped(ctx.db, args[1]!, 'hash', isHashValue);
  if (h === undefined || isWrongType(h)) return h ?? 0;
  let deleted = 0;
  for (const field of args.slice(2)) {
    if (h.delete(field)) deleted++;
    if (h.size === 0) {
      ctx.db.delete(args[1]!);
      break;
    }
  }
  return deleted;
}

function hincrby(ctx: CoreContext, args: Buffer[]): Reply {
  const incr = parseLongLong(args[3]!);
  if (incr === null) return NOT_INTEGER;
  const h = lookupOrCreate(ctx, args[1]!);
  if (isWrongType(h)) return h;
  const cur = h.get(args[2]!);
  const value = cur === undefined ? 0n : parseLongLong(cur);
  if (value === null) return { error: 'ERR hash value is not an integer' };
  if ((incr < 0n && value < 0n && incr < LLONG_MIN - value) || (incr > 0n && value > 0n && incr > LLONG_MAX - value)) {
    return OVERFLOW;
  }
  const next = value + incr;
  h.set(args[2]!, Buffer.from(next.toString(), 'latin1'), true);
  return next;
}

/** hincrbyfloatCommand: long double arithmetic, stored in ld2string's human form. */
function hincrbyfloat(ctx: CoreContext, args: Buffer[]): Reply {
  const incr = parseLongDouble(args[3]!);
  if (incr === null) return NOT_FLOAT;
  if (typeof incr === 'string') return { error: 'ERR value is NaN or Infinity' };
  const h = lookupOrCreate(ctx, args[1]!);
  if (isWrongType(h)) return h;
  const cur = h.get(args[2]!);
  const value = cur === undefined ? LD_ZERO : parseLongDouble(cur);
  if (value === null) return { error: 'ERR hash value is not a float' };
  const sum = typeof value === 'string' ? null : addLongDouble(value, incr);
  if (sum === null) return { error: 'ERR increment would produce NaN or Infinity' };
  const text = Buffer.from(formatLongDoubleHuman(sum), 'latin1');
  h.set(args[2]!, text, true);
  return text;
}

export const hashCommands: CommandTable = {
  hset: withArity(-4, (ctx, args) => hset(ctx, args, 'hset')),
  hmset: withArity(-4, (ctx, args) => hset(ctx, args, 'hmset')),
  hsetnx: withArity(4, hsetnx),
  hdel: withArity(-3, hdel),
  hincrby: withArity(4, hincrby),
  hincrbyfloat: withArity(4, hincrbyfloat),
};

const HPEXPIREAT = Buffer.from('HPEXPIREAT');
const HMSET = Buffer.from('HMSET');
const FIELDS = Buffer.from('FIELDS');
const ONE = Buffer.from('1');

/** rewriteHash for fields without TTLs, given as [field, value] pairs. */
export function hmsetBatches(key: Buffer, pairs: Iterable<Buffer[]>): Generator<Buffer[]> {
  return batched('HMSET', key, pairs);
}

/** hmsetBatches for field/value entries in an array, written straight to `out`. */
export function writeHmsets(out: CommandOut, key: Buffer, entries: readonly { readonly field: Buffer; readonly value: Buffer }[]): void {
  writeBatched(out, 'HMSET', key, entries.length, 2, (i) => {
    const e = entries[i]!;
    out.arg(e.field);
    out.arg(e.value);
  });
}

/**
 * rewriteHashObject: HMSET with 64 field/value pairs per command, in insertion order; a hash with field TTLs
 * field by field, each HMSET followed by HPEXPIREAT … FIELDS 1 field when the field has a TTL (Redis 7.4).
 */
export function* rewriteHash(key: Buffer, value: HashValue): Generator<Buffer[]> {
  if (!value.hasFieldTtls) {
    yield* hmsetBatches(key, value.entries());
    return;
  }
  for (const [field, v] of value.entries()) {
    yield [HMSET, key, field, v];
    const at = value.fieldExpireAt(field);
    if (at !== undefined) yield [HPEXPIREAT, key, Buffer.from(String(at), 'latin1'), FIELDS, ONE, field];
  }
}
