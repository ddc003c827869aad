// Hash-field TTLs (Redis 7.4 t_hash.c hexpireGenericCommand, hpersistCommand; Redis 8 HSETEX, HGETEX, HGETDEL), replayed as a loading server runs them.
//
// A loading server never deletes a field for a time already past (checkAlreadyExpired is false while
// loading): the TTL is set, as for keys, and the field goes when the server later finds it expired.
import { equalsIgnoreCase } from '../../resp/index.js';
import { withArity } from '../core/arity.js';
import type { CommandTable, CoreContext } from '../core/context.js';
import { parseRangeLong } from '../core/int-arg.js';
import { isWrongType, lookupTyped } from '../core/lookup.js';
import { parseLongLong } from '../core/numbers.js';
import { NOT_INTEGER, SYNTAX } from '../core/replies.js';
import type { ErrorReply, Reply } from '../core/types.js';
import { HashValue, isHashValue } from './hash-value.js';

/** HFE_MAX_ABS_TIME_MSEC (EB_EXPIRE_TIME_MAX): 2^48 - 1 ms. */
const MAX_ABS_MS = 2 ** 48 - 1;
const LONG_MAX = (1n << 63n) - 1n;

/** Replies per field: no such field, a condition not met, set; HPERSIST: no TTL, persisted. */
const NO_FIELD = -2;
const NOT_MET = 0;
const SET = 1;
const NO_TTL = -1;

type Condition = 'nx' | 'xx' | 'gt' | 'lt' | null;

const expireTimeError = (name: string): ErrorReply => ({ error: `ERR invalid expire time in '${name}' command` });

/** FIELDS numfields at args[at - 1], args[at]; the count must match the arguments left (`perField` each). */
function parseFields(args: Buffer[], at: number, perField: number, countMessage: string): number | ErrorReply {
  if (!equalsIgnoreCase(args[at - 1], 'fields')) return { error: 'ERR Mandatory argument FIELDS is missing or not at the right position' };
  const arg = args[at];
  if (arg === undefined) return SYNTAX;
  const n = parseRangeLong(arg, 1n, LONG_MAX, countMessage);
  if (typeof n !== 'number') return n;
  if (n * perField !== args.length - at - 1) return { error: 'ERR The `numfields` parameter must match the number of arguments' };
  return n;
}

/** hashTypeSetExpiryListpack's conditions: a field without TTL fails XX and GT, passes LT. */
function conditionMet(cond: Condition, previous: number | undefined, next: number): boolean {
  if (previous === undefined) return cond !== 'xx' && cond !== 'gt';
  if (cond === 'nx') return false;
  if (cond === 'gt') return next > previous;
  if (cond === 'lt') return next < previous;
  return true;
}

/** HEXPIRE, HPEXPIRE, HEXPIREAT, HPEXPIREAT key time [NX|XX|GT|LT] FIELDS n field… */
function hexpire(name: string, relative: boolean, seconds: boolean) {
  return (ctx: CoreContext, args: Buffer[]): Reply => {
    const h = lookupTyped(ctx.db, args[1]!, 'hash', isHashValue);
    if (isWrongType(h)) return h;
    const parsed = parseLongLong(args[2]!);
    if (parsed === null) return NOT_INTEGER;
    if (parsed < 0n) return { error: 'ERR invalid expire time, must be >= 0' };
    if (seconds && parsed > BigInt(Math.floor(MAX_ABS_MS / 1000))) return expireTimeError(name);
    const ms = Number(parsed) * (seconds ? 1000 : 1);
    const base = relative ? ctx.nowMs : 0;
    if (ms > MAX_ABS_MS - base) return expireTimeError(name);
    const expireAt = ms + base;
    let fieldsAt = 4;
    let cond: Condition = null;
    for (const c of ['nx', 'xx', 'gt', 'lt'] as const) {
      if (equalsIgnoreCase(args[3], c)) {
        cond = c;
        fieldsAt++;
      }
    }
    const n = parseFields(args, fieldsAt, 1, 'Parameter `numFields` should be greater than 0');
    if (typeof n !== 'number') return n;
    const fields = args.slice(fieldsAt + 1);
    if (h === undefined) return fields.map(() => NO_FIELD);
    return fields.map((field) => {
      if (h.get(field) === undefined) return NO_FIELD;
      if (!conditionMet(cond, h.fieldExpireAt(field), expireAt)) return NOT_MET;
      h.setFieldExpireAt(field, expireAt);
      return SET;
    });
  };
}

/** HPERSIST key FIELDS n field… */
function hpersist(ctx: CoreContext, args: Buffer[]): Reply {
  const h = lookupTyped(ctx.db, args[1]!, 'hash', isHashValue);
  if (isWrongType(h)) return h;
  const n = parseFields(args, 3, 1, 'Number of fields must be a positive integer');
  if (typeof n !== 'number') return n;
  return args.slice(4).map((field) => {
    if (h === undefined || h.get(field) === undefined) return NO_FIELD;
    if (h.fieldExpireAt(field) === undefined) return NO_TTL;
    h.setFieldExpireAt(field, null);
    return SET;
  });
}

type Expiry = { readonly kind: 'at'; readonly ms: number } | { readonly kind: 'keep' } | { readonly kind: 'persist' } | null;

/** EX s | PX ms | EXAT s | PXAT ms at args[i] (its value at i + 1): the absolute time, or an error. */
function parseTime(ctx: CoreContext, args: Buffer[], i: number, name: string): { ms: number } | ErrorReply | null {
  const units: Record<string, [boolean, boolean]> = { ex: [true, true], px: [true, false], exat: [false, true], pxat: [false, false] };
  for (const [token, [relative, seconds]] of Object.entries(units)) {
    if (!equalsIgnoreCase(args[i], token)) continue;
    const arg = args[i + 1];
    if (arg === undefined) return SYNTAX;
    const v = parseLongLong(arg);
    if (v === null) return NOT_INTEGER;
    if (v <= 0n || (seconds && v > BigInt(Math.floor(MAX_ABS_MS / 1000)))) return expireTimeError(name);
    const ms = Number(v) * (seconds ? 1000 : 1) + (relative ? ctx.nowMs : 0);
    return ms > MAX_ABS_MS ? expireTimeError(name) : { ms };
  }
  return null;
}

/** HSETEX key [FNX|FXX] [EX s|PX ms|EXAT s|PXAT ms|KEEPTTL] FIELDS n field value… (Redis 8.0). */
function hsetex(ctx: CoreContext, args: Buffer[]): Reply {
  let cond: 'fnx' | 'fxx' | null = null;
  let expiry: Expiry = null;
  let i = 2;
  while (i < args.length && !equalsIgnoreCase(args[i], 'fields')) {
    if ((equalsIgnoreCase(args[i], 'fnx') || equalsIgnoreCase(args[i], 'fxx')) && cond === null) {
      cond = equalsIgnoreCase(args[i], 'fnx') ? 'fnx' : 'fxx';
      i++;
    } else if (equalsIgnoreCase(args[i], 'keepttl') && expiry === null) {
      expiry = { kind: 'keep' };
      i++;
    } else {
      const t: { ms: number } | ErrorReply | null = expiry === null ? parseTime(ctx, args, i, 'hsetex') : null;
      if (t === null) return SYNTAX;
      if ('error' in t) return t;
      expiry = { kind: 'at', ms: t.ms };
      i += 2;
    }
  }
  const n = parseFields(args, i + 1, 2, 'invalid number of fields');
  if (typeof n !== 'number') return n;
  const found = lookupTyped(ctx.db, args[1]!, 'hash', isHashValue);
  if (isWrongType(found)) return found;
  const pairs: Array<[Buffer, Buffer]> = [];
  for (let j = i + 2; j < args.length; j += 2) pairs.push([args[j]!, args[j + 1]!]);
  const existing = pairs.filter(([f]) => found !== undefined && found.get(f) !== undefined).length;
  if ((cond === 'fnx' && existing > 0) || (cond === 'fxx' && existing < pairs.length)) return 0;
  let h = found;
  if (h === undefined) ctx.db.add(args[1]!, (h = new HashValue()));
  for (const [field, value] of pairs) {
    h.set(field, value, expiry?.kind === 'keep');
    if (expiry?.kind === 'at') h.setFieldExpireAt(field, expiry.ms);
  }
  return 1;
}

/** HGETEX key [EX s|PX ms|EXAT s|PXAT ms|PERSIST] FIELDS n field… (Redis 8.0; written to an AOF as HPEXPIREAT or HPERSIST). */
function hgetex(ctx: CoreContext, args: Buffer[]): Reply {
  let expiry: Expiry = null;
  let i = 2;
  if (equalsIgnoreCase(args[i], 'persist')) {
    expiry = { kind: 'persist' };
    i++;
  } else {
    const t = parseTime(ctx, args, i, 'hgetex');
    if (t !== null && 'error' in t) return t;
    if (t !== null) {
      expiry = { kind: 'at', ms: t.ms };
      i += 2;
    }
  }
  const n = parseFields(args, i + 1, 1, 'Number of fields must be a positive integer');
  if (typeof n !== 'number') return n;
  const h = lookupTyped(ctx.db, args[1]!, 'hash', isHashValue);
  if (isWrongType(h)) return h;
  return args.slice(i + 2).map((field) => {
    const value = h?.get(field);
    if (h === undefined || value === undefined) return null;
    const copy = Buffer.from(value);
    if (expiry?.kind === 'persist') h.setFieldExpireAt(field, null);
    else if (expiry?.kind === 'at') h.setFieldExpireAt(field, expiry.ms);
    return copy;
  });
}

/** HGETDEL key FIELDS n field… (Redis 8.0; written to an AOF as HDEL). */
function hgetdel(ctx: CoreContext, args: Buffer[]): Reply {
  const n = parseFields(args, 3, 1, 'Number of fields must be a positive integer');
  if (typeof n !== 'number') return n;
  const h = lookupTyped(ctx.db, args[1]!, 'hash', isHashValue);
  if (isWrongType(h)) return h;
  const values = args.slice(4).map((field) => {
    const value = h?.get(field);
    if (h === undefined || value === undefined) return null;
    const copy = Buffer.from(value);
    h.delete(field);
    return copy;
  });
  if (h !== undefined && h.size === 0) ctx.db.delete(args[1]!);
  return values;
}

export const hashTtlCommands: CommandTable = {
  hexpire: withArity(-6, hexpire('hexpire', true, true)),
  hpexpire: withArity(-6, hexpire('hpexpire', true, false)),
  hexpireat: withArity(-6, hexpire('hexpireat', false, true)),
  hpexpireat: withArity(-6, hexpire('hpexpireat', false, false)),
  hpersist: withArity(-5, hpersist),
  hsetex: withArity(-6, hsetex),
  hgetex: withArity(-5, hgetex),
  hgetdel: withArity(-5, hgetdel),
};
