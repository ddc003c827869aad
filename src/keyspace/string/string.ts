// String commands (t_string.c): SET family, MSET, APPEND, SETRANGE, INCR family, GETSET/GETDEL/GETEX.
import { withArity } from '../core/arity.js';
import type { CommandTable, CoreContext } from '../core/context.js';
import { incrByFloat } from '../core/long-double.js';
import { isWrongType, lookupTyped } from '../core/lookup.js';
import { LLONG_MAX, LLONG_MIN, parseLongLong, parseShortLong } from '../core/numbers.js';
import { NOT_INTEGER, OK, STRING_TOO_LONG, SYNTAX, WRONGTYPE } from '../core/replies.js';
import { StringValue, isStringValue } from '../core/string-value.js';
import type { KeyCursor } from '../core/database.js';
import type { CommandOut, ErrorReply, Reply } from '../core/types.js';

/** proto-max-bulk-len's default; Redis skips this check for the AOF client, we keep it to bound memory. */
export const MAX_STRING_LENGTH = 512 * 1024 * 1024;

export function lookupString(ctx: CoreContext, key: Buffer): StringValue | undefined | ErrorReply {
  return lookupTyped(ctx.db, key, 'string', isStringValue);
}

interface ExtendedFlags {
  nx: boolean;
  xx: boolean;
  get: boolean;
  keepTtl: boolean;
  persist: boolean;
  /** Which of EX PX EXAT PXAT was given, and its argument. */
  unit: 'ex' | 'px' | 'exat' | 'pxat' | null;
  expire: Buffer | null;
  /** SET's compare-and-set conditions (Valkey 8.1, Redis 8.4): set only if the current value equals, or differs from, this. */
  ifeq: Buffer | null;
  ifne: Buffer | null;
}

const NO_FLAGS: Readonly<ExtendedFlags> = Object.freeze({
  nx: false,
  xx: false,
  get: false,
  keepTtl: false,
  persist: false,
  unit: null,
  expire: null,
  ifeq: null,
  ifne: null,
});

/** Which command's options parseExtended reads: SET's, MSETEX's (Redis 8.4, Valkey 9.1) or GETEX's. */
type OptionsOf = 'set' | 'msetex' | 'getex';

/**
 * parseExtendedStringArgumentsOrReply: the options from args[from] on (after GETEX's key, SET's value, MSETEX's
 * pairs), with their mutual exclusions.
 */
function parseExtended(args: Buffer[], of: OptionsOf, from: number): ExtendedFlags | ErrorReply {
  // The common case, no option: a shared answer, no object per command.
  if (args.length === from) return NO_FLAGS;
  const f: ExtendedFlags = { ...NO_FLAGS };
  const setting = of !== 'getex';
  for (let j = from; j < args.length; j++) {
    const opt = args[j]!.toString('latin1').toLowerCase();
    const hasNext = j + 1 < args.length;
    // NX, XX, IFEQ and IFNE are one choice: a second one is a syntax error.
    const conditionFree = !f.nx && !f.xx && f.ifeq === null && f.ifne === null;
    if (opt === 'nx' && setting && (f.nx || conditionFree)) f.nx = true;
    else if (opt === 'xx' && setting && (f.xx || conditionFree)) f.xx = true;
    else if (opt === 'ifeq' && of === 'set' && conditionFree && hasNext) f.ifeq = args[++j]!;
    else if (opt === 'ifne' && of === 'set' && conditionFree && hasNext) f.ifne = args[++j]!;
    else if (opt === 'get' && of === 'set') f.get = true;
    else if (opt === 'keepttl' && setting && !f.persist && f.unit === null) f.keepTtl = true;
    else if (opt === 'persist' && !setting && f.unit === null && !f.keepTtl) f.persist = true;
    else if ((opt === 'ex' || opt === 'px' || opt === 'exat' || opt === 'pxat') && !f.keepTtl && !f.persist && f.unit === null && hasNext) {
      f.unit = opt;
      f.expire = args[++j]!;
    } else return SYNTAX;
  }
  return f;
}

/** getExpireMillisecondsOrReply: the absolute expiry in ms; relative units resolve against ctx.nowMs. */
function expireMs(ctx: CoreContext, arg: Buffer, unit: 'ex' | 'px' | 'exat' | 'pxat', command: string): number | ErrorReply {
  const v = parseLongLong(arg);
  if (v === null) return NOT_INTEGER;
  const seconds = unit === 'ex' || unit === 'exat';
  const invalid = { error: `ERR invalid expire time in '${command}' command` };
  if (v <= 0n || (seconds && v > LLONG_MAX / 1000n)) return invalid;
  let ms = seconds ? v * 1000n : v;
  if (unit === 'ex' || unit === 'px') ms += BigInt(ctx.nowMs);
  if (ms <= 0n || ms > LLONG_MAX) return invalid;
  return Number(ms);
}

/** IFEQ v: the current value is v; IFNE v: it is not (SET and DELEX). */
function conditionHolds(current: Buffer, ifeq: Buffer | null, ifne: Buffer | null): boolean {
  return ifeq !== null ? current.equals(ifeq) : !current.equals(ifne!);
}

/**
 * DELEX key [IFEQ v | IFNE v] (Redis 8.4; Valkey 9.2 without a bare form): a bare DELEX is DEL of any type; with a
 * condition the key must hold a string (WRONGTYPE otherwise, as 8.4 documents). IFDEQ and IFDNE compare XXH3
 * digests, which this replay does not compute: a syntax error here, so such a file stops the rewrite by name.
 */
function delex(ctx: CoreContext, args: Buffer[]): Reply {
  const key = args[1]!;
  if (args.length === 2) return ctx.db.delete(key) ? 1 : 0;
  const opt = args[2]!.toString('latin1').toLowerCase();
  if (args.length !== 4 || (opt !== 'ifeq' && opt !== 'ifne')) return SYNTAX;
  const cur = ctx.db.peekString(key);
  if (cur === undefined) return 0;
  if (cur === null) return WRONGTYPE;
  if (!conditionHolds(cur, opt === 'ifeq' ? args[3]! : null, args[3]!)) return 0;
  ctx.db.delete(key);
  return 1;
}

/** setGenericCommand. */
function setGeneric(ctx: CoreContext, key: Buffer, value: Buffer, f: ExtendedFlags, command: string, okReply: Reply, abortReply: Reply): Reply {
  let ms: number | null = null;
  if (f.unit !== null) {
    const r = expireMs(ctx, f.expire!, f.unit, command);
    if (typeof r !== 'number') return r;
    ms = r;
  }
  let old: Reply = null;
  if (f.get) {
    const cur = ctx.db.peekString(key);
    if (cur === null) return WRONGTYPE;
    old = cur === undefined ? null : Buffer.from(cur);
  }
  const found = ctx.db.has(key);
  if ((f.nx && found) || ((f.xx || f.ifeq !== null) && !found)) return f.get ? old : abortReply;
  if (found && (f.ifeq !== null || f.ifne !== null)) {
    const cur = ctx.db.peekString(key);
    if (cur === null) return WRONGTYPE;
    if (!conditionHolds(cur!, f.ifeq, f.ifne)) return f.get ? old : abortReply;
  }
  ctx.db.setString(key, value, f.keepTtl);
  if (ms !== null) ctx.db.setExpireAt(key, ms);
  return f.get ? old : okReply;
}

function set(ctx: CoreContext, args: Buffer[]): Reply {
  const f = parseExtended(args, 'set', 3);
  if ('error' in f) return f;
  return setGeneric(ctx, args[1]!, args[2]!, f, 'set', OK, null);
}

function setnx(ctx: CoreContext, args: Buffer[]): Reply {
  return setGeneric(ctx, args[1]!, args[2]!, { ...NO_FLAGS, nx: true }, 'setnx', 1, 0);
}

function setex(ctx: CoreContext, args: Buffer[]): Reply {
  return setGeneric(ctx, args[1]!, args[3]!, { ...NO_FLAGS, unit: 'ex', expire: args[2]! }, 'setex', OK, null);
}

function psetex(ctx: CoreContext, args: Buffer[]): Reply {
  return setGeneric(ctx, args[1]!, args[3]!, { ...NO_FLAGS, unit: 'px', expire: args[2]! }, 'psetex', OK, null);
}

function getex(ctx: CoreContext, args: Buffer[]): Reply {
  const f = parseExtended(args, 'getex', 2);
  if ('error' in f) return f;
  const key = args[1]!;
  const cur = lookupString(ctx, key);
  if (cur === undefined || isWrongType(cur)) return cur ?? null;
  let ms: number | null = null;
  if (f.unit !== null) {
    const r = expireMs(ctx, f.expire!, f.unit, 'getex');
    if (typeof r !== 'number') return r;
    ms = r;
  }
  const reply = Buffer.from(cur.bytes);
  // checkAlreadyExpired is false while loading, so a past EXAT/PXAT sets the TTL instead of deleting.
  if (ms !== null) ctx.db.setExpireAt(key, ms);
  else if (f.persist) ctx.db.setExpireAt(key, null);
  return reply;
}

function getdel(ctx: CoreContext, args: Buffer[]): Reply {
  const cur = lookupString(ctx, args[1]!);
  if (cur === undefined || isWrongType(cur)) return cur ?? null;
  const reply = Buffer.from(cur.bytes);
  ctx.db.delete(args[1]!);
  return reply;
}

function getset(ctx: CoreContext, args: Buffer[]): Reply {
  const cur = ctx.db.peekString(args[1]!);
  if (cur === null) return WRONGTYPE;
  const reply = cur === undefined ? null : Buffer.from(cur);
  ctx.db.setString(args[1]!, args[2]!, false);
  return reply;
}

function msetGeneric(ctx: CoreContext, args: Buffer[], nx: boolean): Reply {
  if (args.length % 2 === 0) return { error: `ERR wrong number of arguments for '${nx ? 'msetnx' : 'mset'}' command` };
  if (nx) for (let j = 1; j < args.length; j += 2) if (ctx.db.has(args[j]!)) return 0;
  for (let j = 1; j < args.length; j += 2) ctx.db.setString(args[j]!, args[j + 1]!, false);
  return nx ? 1 : OK;
}

/**
 * MSETEX numkeys key value … [NX|XX] [EX|PX|EXAT|PXAT t | KEEPTTL] (Redis 8.4, Valkey 9.1, from their docs):
 * every pair or none (NX: none of the keys exists, XX: all do); without an expiry option the keys lose any TTL,
 * as with MSET.
 */
function msetex(ctx: CoreContext, args: Buffer[]): Reply {
  const n = parseLongLong(args[1]!);
  if (n === null) return NOT_INTEGER;
  if (n < 1n || n > BigInt((args.length - 2) >> 1)) return { error: 'ERR invalid numkeys value' };
  const end = 2 + 2 * Number(n);
  const f = parseExtended(args, 'msetex', end);
  if ('error' in f) return f;
  let ms: number | null = null;
  if (f.unit !== null) {
    const r = expireMs(ctx, f.expire!, f.unit, 'msetex');
    if (typeof r !== 'number') return r;
    ms = r;
  }
  for (let j = 2; j < end && (f.nx || f.xx); j += 2) if (ctx.db.has(args[j]!) === f.nx) return 0;
  for (let j = 2; j < end; j += 2) {
    ctx.db.setString(args[j]!, args[j + 1]!, f.keepTtl);
    if (ms !== null) ctx.db.setExpireAt(args[j]!, ms);
  }
  return 1;
}

function append(ctx: CoreContext, args: Buffer[]): Reply {
  const cur = lookupString(ctx, args[1]!);
  if (isWrongType(cur)) return cur;
  if (cur === undefined) {
    ctx.db.add(args[1]!, StringValue.copyOf(args[2]!));
    return args[2]!.length;
  }
  if (cur.length + args[2]!.length > MAX_STRING_LENGTH) return STRING_TOO_LONG;
  cur.append(args[2]!);
  return cur.length;
}

function setrange(ctx: CoreContext, args: Buffer[]): Reply {
  const offsetBig = parseLongLong(args[2]!);
  if (offsetBig === null) return NOT_INTEGER;
  if (offsetBig < 0n) return { error: 'ERR offset is out of range' };
  const value = args[3]!;
  const cur = lookupString(ctx, args[1]!);
  if (isWrongType(cur)) return cur;
  if (value.length === 0) return cur === undefined ? 0 : cur.length;
  if (offsetBig + BigInt(value.length) > BigInt(MAX_STRING_LENGTH)) return STRING_TOO_LONG;
  const offset = Number(offsetBig);
  if (cur === undefined) {
    const s = new StringValue(Buffer.alloc(0));
    s.writeAt(offset, value);
    ctx.db.add(args[1]!, s);
    return s.length;
  }
  cur.writeAt(offset, value);
  return cur.length;
}

/** Where a counter's new decimal text is written before it is copied into the value. */
const digits = Buffer.allocUnsafeSlow(24);

/** incrDecrCommand: the TTL survives (dbOverwrite), the result is stored as its decimal text. */
function incrDecr(ctx: CoreContext, key: Buffer, incr: bigint | number): Reply {
  const cur = ctx.db.peekString(key);
  if (cur === null) return WRONGTYPE;
  if (typeof incr === 'number') {
    // Both below 10^15 in magnitude: the sum is exact as a double, far from the 64-bit limits.
    const small = cur === undefined ? 0 : parseShortLong(cur);
    if (small !== null) {
      const next = small + incr;
      ctx.db.setString(key, digits.subarray(0, digits.write(String(next), 'latin1')), true);
      return next;
    }
    incr = BigInt(incr);
  }
  const value = cur === undefined ? 0n : parseLongLong(cur);
  if (value === null) return NOT_INTEGER;
  if ((incr < 0n && value < 0n && incr < LLONG_MIN - value) || (incr > 0n && value > 0n && incr > LLONG_MAX - value)) {
    return { error: 'ERR increment or decrement would overflow' };
  }
  const next = value + incr;
  ctx.db.setString(key, Buffer.from(next.toString(), 'latin1'), true);
  return next;
}

function incrby(ctx: CoreContext, args: Buffer[]): Reply {
  const incr = parseShortLong(args[2]!) ?? parseLongLong(args[2]!);
  return incr === null ? NOT_INTEGER : incrDecr(ctx, args[1]!, incr);
}

function decrby(ctx: CoreContext, args: Buffer[]): Reply {
  const incr = parseLongLong(args[2]!);
  if (incr === null) return NOT_INTEGER;
  if (incr === LLONG_MIN) return { error: 'ERR decrement would overflow' };
  return incrDecr(ctx, args[1]!, -incr);
}

function incrbyfloat(ctx: CoreContext, args: Buffer[]): Reply {
  const cur = ctx.db.peekString(args[1]!);
  if (cur === null) return WRONGTYPE;
  const result = incrByFloat(cur ?? null, args[2]!);
  if (!Buffer.isBuffer(result)) return result;
  ctx.db.setString(args[1]!, result, true);
  return result;
}

export const stringCommands: CommandTable = {
  set: withArity(-3, set),
  setnx: withArity(3, setnx),
  setex: withArity(4, setex),
  psetex: withArity(4, psetex),
  getex: withArity(-2, getex),
  getdel: withArity(2, getdel),
  getset: withArity(3, getset),
  mset: withArity(-3, (ctx, args) => msetGeneric(ctx, args, false)),
  msetnx: withArity(-3, (ctx, args) => msetGeneric(ctx, args, true)),
  msetex: withArity(-4, msetex),
  delex: withArity(-2, delex),
  append: withArity(3, append),
  setrange: withArity(4, setrange),
  incr: withArity(2, (ctx, args) => incrDecr(ctx, args[1]!, 1)),
  decr: withArity(2, (ctx, args) => incrDecr(ctx, args[1]!, -1)),
  incrby: withArity(3, incrby),
  decrby: withArity(3, decrby),
  incrbyfloat: withArity(3, incrbyfloat),
};

/** One Buffer for every key's SET: a new one per key cost an RDB-based rewrite of 2.35 M strings 0.4 s. */
const SET = Buffer.from('SET');

/** rewriteAppendOnlyFileRio for a string: one SET (the TTL follows as PEXPIREAT from the orchestrator). */
export function* rewriteString(key: Buffer, value: StringValue): Generator<Buffer[]> {
  yield [SET, key, value.bytes];
}

/**
 * rewriteString for a key and value held as Buffers, read during the call: an RDB base's strings come as views
 * of the reader's window, which moves on before a queued write would read them (arg() queues a large value
 * as it is; argRange() copies it first).
 */
export function writeStringCommand(key: Buffer, bytes: Buffer, out: CommandOut): void {
  out.begin(3);
  out.arg(SET);
  out.argRange(key, 0, key.length);
  out.argRange(bytes, 0, bytes.length);
}

/** rewriteString for the cursor's key when its value is a packed string, written from where the bytes lie. */
export function writePackedString(cursor: KeyCursor, out: CommandOut): void {
  out.begin(3);
  out.arg(SET);
  cursor.writeKey(out);
  cursor.writeString(out);
}
