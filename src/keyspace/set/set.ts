// Set commands (t_set.c): SADD, SREM, SMOVE, SPOP, SINTERSTORE, SUNIONSTORE, SDIFFSTORE.
import { withArity } from '../core/arity.js';
import type { CommandTable, CoreContext } from '../core/context.js';
import { batched, oneEach, writeBatched } from '../core/emit-batches.js';
import { parsePositiveLong } from '../core/int-arg.js';
import { isWrongType, lookupTyped } from '../core/lookup.js';
import { irreproducible } from '../core/replies.js';
import { SetValue, isSetValue } from './set-value.js';
import type { CommandOut, ErrorReply, Reply } from '../core/types.js';

function lookupSet(ctx: CoreContext, key: Buffer): SetValue | undefined | ErrorReply {
  return lookupTyped(ctx.db, key, 'set', isSetValue);
}

function sadd(ctx: CoreContext, args: Buffer[]): Reply {
  let set = lookupSet(ctx, args[1]!);
  if (isWrongType(set)) return set;
  if (set === undefined) {
    set = new SetValue();
    ctx.db.add(args[1]!, set);
  }
  let added = 0;
  for (let i = 2; i < args.length; i++) if (set.add(args[i]!)) added++;
  return added;
}

function srem(ctx: CoreContext, args: Buffer[]): Reply {
  const set = lookupSet(ctx, args[1]!);
  if (set === undefined || isWrongType(set)) return set ?? 0;
  let removed = 0;
  for (const m of args.slice(2)) {
    if (set.delete(m)) removed++;
    if (set.size === 0) {
      ctx.db.delete(args[1]!);
      break;
    }
  }
  return removed;
}

function smove(ctx: CoreContext, args: Buffer[]): Reply {
  const [, src, dst, member] = args as [Buffer, Buffer, Buffer, Buffer];
  const source = lookupSet(ctx, src);
  let target = lookupSet(ctx, dst);
  // smoveCommand: a missing source answers 0 before any type check.
  if (source === undefined) return 0;
  if (isWrongType(source)) return source;
  if (isWrongType(target)) return target;
  if (source === target) return source.has(member) ? 1 : 0;
  if (!source.delete(member)) return 0;
  if (source.size === 0) ctx.db.delete(src);
  if (target === undefined) {
    target = new SetValue();
    ctx.db.add(dst, target);
  }
  target.add(member);
  return 1;
}

/**
 * SPOP picks at random; Redis 3.2+ logs the effect (SREM/DEL), so a verbatim SPOP comes from an old
 * file. Only outcomes that do not depend on the random choice are replayed.
 */
function spop(ctx: CoreContext, args: Buffer[]): Reply {
  if (args.length > 3) return { error: 'ERR syntax error' };
  let count = 1;
  if (args.length === 3) {
    const c = parsePositiveLong(args[2]!);
    if (typeof c !== 'number') return c;
    count = c;
  }
  const set = lookupSet(ctx, args[1]!);
  if (set === undefined || isWrongType(set)) return set ?? (args.length === 3 ? [] : null);
  if (count === 0) return [];
  if (count >= set.size) {
    const members = [...set.members()];
    ctx.db.delete(args[1]!);
    return args.length === 3 ? members : members[0]!;
  }
  return irreproducible('SPOP removes random members: the result cannot be reproduced');
}

/** sinterGenericCommand / sunionDiffGenericCommand with a destination: an empty result deletes it. */
function store(ctx: CoreContext, args: Buffer[], op: 'inter' | 'union' | 'diff'): Reply {
  const sets: (SetValue | undefined)[] = [];
  for (const key of args.slice(2)) {
    const s = lookupSet(ctx, key);
    if (isWrongType(s)) return s;
    sets.push(s);
  }
  // Results keep the order of the members they come from: the first set's (the smallest's for SINTER).
  const result = new SetValue();
  if (op === 'inter') {
    if (!sets.some((s) => s === undefined)) {
      const [smallest, ...others] = [...(sets as SetValue[])].sort((a, b) => a.size - b.size);
      for (const m of smallest!.members()) if (others.every((s) => s.has(m))) result.add(m);
    }
  } else if (op === 'union') {
    for (const s of sets) if (s !== undefined) for (const m of s.members()) result.add(m);
  } else if (sets[0] !== undefined) {
    const others = sets.slice(1).filter((s): s is SetValue => s !== undefined);
    for (const m of sets[0].members()) if (!others.some((s) => s.has(m))) result.add(m);
  }
  const dst = args[1]!;
  if (result.size === 0) ctx.db.delete(dst);
  else ctx.db.set(dst, result);
  return result.size;
}

export const setCommands: CommandTable = {
  sadd: withArity(-3, sadd),
  srem: withArity(-3, srem),
  smove: withArity(4, smove),
  spop: withArity(-2, spop),
  sinterstore: withArity(-3, (ctx, args) => store(ctx, args, 'inter')),
  sunionstore: withArity(-3, (ctx, args) => store(ctx, args, 'union')),
  sdiffstore: withArity(-3, (ctx, args) => store(ctx, args, 'diff')),
};

/** rewriteSetObject: SADD with 64 members per command. */
export function rewriteSet(key: Buffer, value: SetValue): Generator<Buffer[]> {
  return saddBatches(key, value.members());
}

/** rewriteSet for members given one by one. */
export function saddBatches(key: Buffer, members: Iterable<Buffer>): Generator<Buffer[]> {
  return batched('SADD', key, oneEach(members));
}

/** saddBatches for members in an array, written straight to `out`. */
export function writeSadds(out: CommandOut, key: Buffer, members: readonly Buffer[]): void {
  writeBatched(out, 'SADD', key, members.length, 1, (i) => out.arg(members[i]!));
}
