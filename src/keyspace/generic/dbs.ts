// Database-level commands (db.c): SELECT, SWAPDB, FLUSHDB, FLUSHALL.
import { isWord, withArity } from '../core/arity.js';
import type { CommandTable, CoreContext } from '../core/context.js';
import { parseIntArg } from '../core/int-arg.js';
import { DB_INDEX_OUT_OF_RANGE, OK, SYNTAX } from '../core/replies.js';
import type { Reply } from '../core/types.js';

function select(ctx: CoreContext, args: Buffer[]): Reply {
  const id = parseIntArg(args[1]!);
  if (typeof id !== 'number') return id;
  if (id < 0 || id >= ctx.server.dbCount) return DB_INDEX_OUT_OF_RANGE;
  ctx.server.select(id);
  return OK;
}

function swapdb(ctx: CoreContext, args: Buffer[]): Reply {
  const a = parseIntArg(args[1]!, 'invalid first DB index');
  if (typeof a !== 'number') return a;
  const b = parseIntArg(args[2]!, 'invalid second DB index');
  if (typeof b !== 'number') return b;
  const n = ctx.server.dbCount;
  if (a < 0 || a >= n || b < 0 || b >= n) return DB_INDEX_OUT_OF_RANGE;
  if (a !== b) ctx.server.swapDbs(a, b);
  return OK;
}

/** getFlushCommandFlags: only a lone SYNC or ASYNC is accepted; both flush at once here. */
function flushFlagsOk(args: Buffer[]): boolean {
  return args.length === 1 || (args.length === 2 && (isWord(args[1]!, 'sync') || isWord(args[1]!, 'async')));
}

export const dbCommands: CommandTable = {
  select: withArity(2, select),
  swapdb: withArity(3, swapdb),
  flushdb: withArity(-1, (ctx, args) => {
    if (!flushFlagsOk(args)) return SYNTAX;
    ctx.db.clear();
    return OK;
  }),
  flushall: withArity(-1, (ctx, args) => {
    if (!flushFlagsOk(args)) return SYNTAX;
    ctx.server.flushAll();
    return OK;
  }),
};
