// RESTORE (cluster.c restoreCommand): a DUMP payload decoded by the RDB reader; IDLETIME and FREQ are validated, then ignored.
import { decodeDumpPayload } from '../rdb/index.js';
import { isWord, withArity } from './core/arity.js';
import type { CommandTable, CoreContext } from './core/context.js';
import { parseLongLong } from './core/numbers.js';
import { NOT_INTEGER, OK, SYNTAX } from './core/replies.js';
import { valueFromRdb } from './rdb-load.js';
import type { Reply } from './core/types.js';

function restore(ctx: CoreContext, args: Buffer[]): Reply {
  let replace = false;
  let absttl = false;
  let idle = false;
  let freq = false;
  for (let j = 4; j < args.length; j++) {
    const more = args.length - j - 1;
    if (isWord(args[j]!, 'replace')) replace = true;
    else if (isWord(args[j]!, 'absttl')) absttl = true;
    else if (isWord(args[j]!, 'idletime') && more >= 1 && !freq) {
      const v = parseLongLong(args[++j]!);
      if (v === null) return NOT_INTEGER;
      if (v < 0n) return { error: 'ERR Invalid IDLETIME value, must be >= 0' };
      idle = true;
    } else if (isWord(args[j]!, 'freq') && more >= 1 && !idle) {
      const v = parseLongLong(args[++j]!);
      if (v === null) return NOT_INTEGER;
      if (v < 0n || v > 255n) return { error: 'ERR Invalid FREQ value, must be >= 0 and <= 255' };
      freq = true;
    } else return SYNTAX;
  }
  const key = args[1]!;
  if (!replace && ctx.db.lookup(key) !== undefined) return { error: 'BUSYKEY Target key name already exists.' };
  const ttlArg = parseLongLong(args[2]!);
  if (ttlArg === null) return NOT_INTEGER;
  if (ttlArg < 0n) return { error: 'ERR Invalid TTL value, must be >= 0' };
  const decoded = decodeDumpPayload(args[3]!);
  if ('problem' in decoded) {
    const footer = decoded.problem.code === 'bad-checksum' || decoded.problem.code === 'unsupported-version' || decoded.problem.code === 'truncated';
    return { error: footer ? 'ERR DUMP payload version or checksum are wrong' : 'ERR Bad data format' };
  }
  const value = valueFromRdb(decoded.value);
  if ('error' in value) return value;
  // A relative TTL resolves against the replay clock; a past one is kept, as checkAlreadyExpired is false while loading.
  const ttl = ttlArg === 0n ? null : Number(absttl ? ttlArg : ttlArg + BigInt(ctx.nowMs));
  ctx.db.set(key, value, ttl);
  return OK;
}

export const restoreCommands: CommandTable = {
  restore: withArity(-4, restore),
  // Cluster resharding's variant: same arguments, same effect.
  'restore-asking': withArity(-4, restore),
};
