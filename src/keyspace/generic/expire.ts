// Expiry commands (expire.c): EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT with NX/XX/GT/LT, and PERSIST.
import { withArity } from '../core/arity.js';
import type { CommandTable, CoreContext } from '../core/context.js';
import { LLONG_MAX, LLONG_MIN, parseLongLong, parseShortLong } from '../core/numbers.js';
import { NOT_INTEGER } from '../core/replies.js';
import type { ErrorReply, Reply } from '../core/types.js';

interface ExpireFlags {
  nx: boolean;
  xx: boolean;
  gt: boolean;
  lt: boolean;
}

/** parseExtendedExpireArgumentsOrReply. */
function parseFlags(args: Buffer[]): ExpireFlags | ErrorReply {
  const f: ExpireFlags = { nx: false, xx: false, gt: false, lt: false };
  for (const arg of args.slice(3)) {
    const opt = arg.toString('latin1').toLowerCase();
    if (opt === 'nx' || opt === 'xx' || opt === 'gt' || opt === 'lt') f[opt] = true;
    else return { error: `ERR Unsupported option ${arg.toString('latin1')}` };
  }
  if (f.nx && (f.xx || f.gt || f.lt)) return { error: 'ERR NX and XX, GT or LT options at the same time are not compatible' };
  if (f.gt && f.lt) return { error: 'ERR GT and LT options at the same time are not compatible' };
  return f;
}

/** The absolute expiry in ms; null when it overflows a long long (Redis's "invalid expire time"). */
function expireTime(ctx: CoreContext, arg: Buffer, relative: boolean, seconds: boolean): number | null | ErrorReply {
  const short = parseShortLong(arg);
  if (short !== null) {
    // Under 10^15 (10^18 in ms): no long long overflow; exact as long as the sum stays a safe integer.
    const ms = (seconds ? short * 1000 : short) + (relative ? ctx.nowMs : 0);
    if (Number.isSafeInteger(ms)) return ms;
  }
  const parsed = parseLongLong(arg);
  if (parsed === null) return NOT_INTEGER;
  let when = parsed;
  if (seconds) {
    if (when > LLONG_MAX / 1000n || when < LLONG_MIN / 1000n) return null;
    when *= 1000n;
  }
  const base = relative ? BigInt(ctx.nowMs) : 0n;
  if (when > LLONG_MAX - base) return null;
  return Number(when + base);
}

/**
 * expireGenericCommand. While loading, checkAlreadyExpired is false, so a time in the past sets
 * the TTL rather than deleting the key (the key is kept, as the loader keeps it).
 */
function expireGeneric(ctx: CoreContext, args: Buffer[], relative: boolean, seconds: boolean, name: string): Reply {
  const f = parseFlags(args);
  if ('error' in f) return f;
  const ms = expireTime(ctx, args[2]!, relative, seconds);
  if (typeof ms !== 'number') return ms === null ? { error: `ERR invalid expire time in '${name}' command` } : ms;
  const key = args[1]!;
  if (!ctx.db.has(key)) return 0;
  const current = ctx.db.expireAt(key);
  if (f.nx && current !== null) return 0;
  if (f.xx && current === null) return 0;
  if (f.gt && (current === null || ms <= current)) return 0;
  if (f.lt && current !== null && ms >= current) return 0;
  ctx.db.setExpireAt(key, ms);
  return 1;
}

function persist(ctx: CoreContext, args: Buffer[]): Reply {
  if (ctx.db.expireAt(args[1]!) === null) return 0;
  ctx.db.setExpireAt(args[1]!, null);
  return 1;
}

export const expireCommands: CommandTable = {
  expire: withArity(-3, (ctx, args) => expireGeneric(ctx, args, true, true, 'expire')),
  pexpire: withArity(-3, (ctx, args) => expireGeneric(ctx, args, true, false, 'pexpire')),
  expireat: withArity(-3, (ctx, args) => expireGeneric(ctx, args, false, true, 'expireat')),
  pexpireat: withArity(-3, (ctx, args) => expireGeneric(ctx, args, false, false, 'pexpireat')),
  persist: withArity(2, persist),
};
