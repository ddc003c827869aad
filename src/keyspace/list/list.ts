// List commands (t_list.c); blocking forms act as their non-blocking form, and are no-ops where Redis would have blocked.
import { isWord, withArity } from '../core/arity.js';
import type { CommandTable, CoreContext } from '../core/context.js';
import { batched, oneEach, writeBatched } from '../core/emit-batches.js';
import { checkTimeout, parseLongArg, parsePositiveLong, parseRangeLong } from '../core/int-arg.js';
import { ListValue, isListValue } from './list-value.js';
import { isWrongType, lookupTyped } from '../core/lookup.js';
import { INDEX_OUT_OF_RANGE, NO_SUCH_KEY, OK, SYNTAX, wrongArity } from '../core/replies.js';
import type { CommandOut, ErrorReply, Reply } from '../core/types.js';

type End = 'left' | 'right';
const LONG_MAX = (1n << 63n) - 1n;

function lookupList(ctx: CoreContext, key: Buffer): ListValue | undefined | ErrorReply {
  return lookupTyped(ctx.db, key, 'list', isListValue);
}

function parseEnd(arg: Buffer): End | null {
  return isWord(arg, 'left') ? 'left' : isWord(arg, 'right') ? 'right' : null;
}

/** An emptied list is removed, as listElementsRemoved/lmove do. */
function dropIfEmpty(ctx: CoreContext, key: Buffer, list: ListValue): void {
  if (list.length === 0) ctx.db.delete(key);
}

function pop(list: ListValue, end: End): Buffer {
  return (end === 'left' ? list.popHead() : list.popTail())!;
}

function push(ctx: CoreContext, args: Buffer[], end: End, onlyIfExists: boolean): Reply {
  let list = lookupList(ctx, args[1]!);
  if (isWrongType(list)) return list;
  if (list === undefined) {
    if (onlyIfExists) return 0;
    list = new ListValue();
    ctx.db.add(args[1]!, list);
  }
  for (let i = 2; i < args.length; i++) {
    if (end === 'left') list.pushHead(args[i]!);
    else list.pushTail(args[i]!);
  }
  return list.length;
}

function linsert(ctx: CoreContext, args: Buffer[]): Reply {
  const after = isWord(args[2]!, 'after');
  if (!after && !isWord(args[2]!, 'before')) return SYNTAX;
  const list = lookupList(ctx, args[1]!);
  if (list === undefined || isWrongType(list)) return list ?? 0;
  const items = list.toArray();
  const at = items.findIndex((item) => item.equals(args[3]!));
  if (at < 0) return -1;
  items.splice(after ? at + 1 : at, 0, args[4]!);
  list.replace(items);
  return list.length;
}

function lset(ctx: CoreContext, args: Buffer[]): Reply {
  const list = lookupList(ctx, args[1]!);
  if (list === undefined) return NO_SUCH_KEY;
  if (isWrongType(list)) return list;
  const index = parseLongArg(args[2]!);
  if (typeof index !== 'number') return index;
  const i = index < 0 ? list.length + index : index;
  if (i < 0 || i >= list.length) return INDEX_OUT_OF_RANGE;
  list.set(i, args[3]!);
  return OK;
}

function lrem(ctx: CoreContext, args: Buffer[]): Reply {
  const count = parseLongArg(args[2]!);
  if (typeof count !== 'number') return count;
  const list = lookupList(ctx, args[1]!);
  if (list === undefined || isWrongType(list)) return list ?? 0;
  const items = list.toArray();
  const limit = count === 0 ? Infinity : Math.abs(count);
  const removeAt = new Set<number>();
  const order = count < 0 ? items.map((_, i) => items.length - 1 - i) : items.map((_, i) => i);
  for (const i of order) {
    if (removeAt.size >= limit) break;
    if (items[i]!.equals(args[3]!)) removeAt.add(i);
  }
  if (removeAt.size > 0) list.replace(items.filter((_, i) => !removeAt.has(i)));
  dropIfEmpty(ctx, args[1]!, list);
  return removeAt.size;
}

function ltrim(ctx: CoreContext, args: Buffer[]): Reply {
  const startArg = parseLongArg(args[2]!);
  if (typeof startArg !== 'number') return startArg;
  const endArg = parseLongArg(args[3]!);
  if (typeof endArg !== 'number') return endArg;
  const list = lookupList(ctx, args[1]!);
  if (list === undefined || isWrongType(list)) return list ?? OK;
  const len = list.length;
  let start = startArg < 0 ? len + startArg : startArg;
  let end = endArg < 0 ? len + endArg : endArg;
  if (start < 0) start = 0;
  let removeLeft: number;
  let removeRight: number;
  if (start > end || start >= len) {
    removeLeft = len;
    removeRight = 0;
  } else {
    if (end >= len) end = len - 1;
    removeLeft = start;
    removeRight = len - end - 1;
  }
  for (let i = 0; i < removeLeft; i++) list.dropHead();
  for (let i = 0; i < removeRight; i++) list.dropTail();
  dropIfEmpty(ctx, args[1]!, list);
  return OK;
}

/** popGenericCommand: LPOP/RPOP key [count]. */
function popCommand(ctx: CoreContext, args: Buffer[], end: End): Reply {
  if (args.length > 3) return wrongArity(end === 'left' ? 'lpop' : 'rpop');
  const hasCount = args.length === 3;
  let count = 0;
  if (hasCount) {
    const c = parsePositiveLong(args[2]!);
    if (typeof c !== 'number') return c;
    count = c;
  }
  const list = lookupList(ctx, args[1]!);
  if (list === undefined || isWrongType(list)) return list ?? null;
  if (hasCount && count === 0) return [];
  if (!hasCount) {
    const item = pop(list, end);
    dropIfEmpty(ctx, args[1]!, list);
    return item;
  }
  const out: Buffer[] = [];
  while (out.length < count && list.length > 0) out.push(pop(list, end));
  dropIfEmpty(ctx, args[1]!, list);
  return out;
}

/** lmoveGenericCommand. */
function lmove(ctx: CoreContext, src: Buffer, dst: Buffer, from: End, to: End): Reply {
  const source = lookupList(ctx, src);
  if (source === undefined || isWrongType(source)) return source ?? null;
  let target = lookupList(ctx, dst);
  if (isWrongType(target)) return target;
  const item = pop(source, from);
  if (target === undefined) {
    target = new ListValue();
    ctx.db.add(dst, target);
  }
  if (to === 'left') target.pushHead(item);
  else target.pushTail(item);
  dropIfEmpty(ctx, src, source);
  return item;
}

function lmoveCommand(ctx: CoreContext, args: Buffer[], timeoutAt: number | null): Reply {
  const from = parseEnd(args[3]!);
  if (from === null) return SYNTAX;
  const to = parseEnd(args[4]!);
  if (to === null) return SYNTAX;
  if (timeoutAt !== null) {
    const bad = checkTimeout(args[timeoutAt]!);
    if (bad !== null) return bad;
  }
  return lmove(ctx, args[1]!, args[2]!, from, to);
}

function rpoplpush(ctx: CoreContext, args: Buffer[], blocking: boolean): Reply {
  if (blocking) {
    const bad = checkTimeout(args[3]!);
    if (bad !== null) return bad;
  }
  return lmove(ctx, args[1]!, args[2]!, 'right', 'left');
}

/** blockingPopGenericCommand for BLPOP/BRPOP: the first non-empty list gives one element; otherwise nothing happens. */
function bpop(ctx: CoreContext, args: Buffer[], end: End): Reply {
  const bad = checkTimeout(args[args.length - 1]!);
  if (bad !== null) return bad;
  for (const key of args.slice(1, -1)) {
    const list = lookupList(ctx, key);
    if (isWrongType(list)) return list;
    if (list === undefined || list.length === 0) continue;
    const item = pop(list, end);
    dropIfEmpty(ctx, key, list);
    return [key, item];
  }
  return null;
}

/** lmpopGenericCommand: [timeout] numkeys key… LEFT|RIGHT [COUNT n]. */
function mpop(ctx: CoreContext, args: Buffer[], blocking: boolean): Reply {
  const numkeysAt = blocking ? 2 : 1;
  const numkeys = parseRangeLong(args[numkeysAt]!, 1n, LONG_MAX, 'numkeys should be greater than 0');
  if (typeof numkeys !== 'number') return numkeys;
  const whereAt = numkeysAt + numkeys + 1;
  if (whereAt >= args.length) return SYNTAX;
  const end = parseEnd(args[whereAt]!);
  if (end === null) return SYNTAX;
  let count = -1;
  for (let j = whereAt + 1; j < args.length; j++) {
    if (count === -1 && isWord(args[j]!, 'count') && j + 1 < args.length) {
      const c = parseRangeLong(args[++j]!, 1n, LONG_MAX, 'count should be greater than 0');
      if (typeof c !== 'number') return c;
      count = c;
    } else return SYNTAX;
  }
  if (count === -1) count = 1;
  if (blocking) {
    const bad = checkTimeout(args[1]!);
    if (bad !== null) return bad;
  }
  for (const key of args.slice(numkeysAt + 1, whereAt)) {
    const list = lookupList(ctx, key);
    if (isWrongType(list)) return list;
    if (list === undefined || list.length === 0) continue;
    const out: Buffer[] = [];
    while (out.length < count && list.length > 0) out.push(pop(list, end));
    dropIfEmpty(ctx, key, list);
    return [key, out];
  }
  return null;
}

export const listCommands: CommandTable = {
  lpush: withArity(-3, (ctx, args) => push(ctx, args, 'left', false)),
  rpush: withArity(-3, (ctx, args) => push(ctx, args, 'right', false)),
  lpushx: withArity(-3, (ctx, args) => push(ctx, args, 'left', true)),
  rpushx: withArity(-3, (ctx, args) => push(ctx, args, 'right', true)),
  linsert: withArity(5, linsert),
  lset: withArity(4, lset),
  lrem: withArity(4, lrem),
  ltrim: withArity(4, ltrim),
  lpop: withArity(-2, (ctx, args) => popCommand(ctx, args, 'left')),
  rpop: withArity(-2, (ctx, args) => popCommand(ctx, args, 'right')),
  rpoplpush: withArity(3, (ctx, args) => rpoplpush(ctx, args, false)),
  brpoplpush: withArity(4, (ctx, args) => rpoplpush(ctx, args, true)),
  lmove: withArity(5, (ctx, args) => lmoveCommand(ctx, args, null)),
  blmove: withArity(6, (ctx, args) => lmoveCommand(ctx, args, 5)),
  lmpop: withArity(-4, (ctx, args) => mpop(ctx, args, false)),
  blmpop: withArity(-5, (ctx, args) => mpop(ctx, args, true)),
  blpop: withArity(-3, (ctx, args) => bpop(ctx, args, 'left')),
  brpop: withArity(-3, (ctx, args) => bpop(ctx, args, 'right')),
};

/** rewriteListObject: RPUSH head to tail, 64 elements per command. */
export function rewriteList(key: Buffer, value: ListValue): Generator<Buffer[]> {
  return rpushBatches(key, value.items());
}

/** rewriteList for items given head to tail. */
export function rpushBatches(key: Buffer, items: Iterable<Buffer>): Generator<Buffer[]> {
  return batched('RPUSH', key, oneEach(items));
}

/** rpushBatches for items[start, end) of an array, written straight to `out`. */
export function writeRpushes(out: CommandOut, key: Buffer, items: readonly Buffer[], start = 0, end = items.length): void {
  writeBatched(out, 'RPUSH', key, end - start, 1, (i) => out.arg(items[start + i]!));
}
