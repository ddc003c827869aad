// Set commands (t_set.c): SADD, SREM, SMOVE, SPOP, SINTERSTORE, SUNIONSTORE, SDIFFSTORE.
import { withArity } from './arity.js';
import type { CommandTable, CoreContext } from './context.js';
import { emitBatched } from './emit-batches.js';
import { parsePositiveLong } from './int-arg.js';
import { isWrongType, lookupTyped } from './lookup.js';
import { irreproducible } from './replies.js';
import { SetValue, isSetValue } from './set-value.js';
import type { EmitCommand, ErrorReply, Reply } from './types.js';

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
  for (const m of args.slice(2)) if (set.add(m)) added++;
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
    const members = [...set.members].map((m) => Buffer.from(m, 'latin1'));
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
  let result: Set<string>;
  if (op === 'inter') {
    if (sets.some((s) => s === undefined)) result = new Set();
    else {
      const sorted = [...(sets as SetValue[])].sort((a, b) => a.size - b.size);
      result = new Set([...sorted[0]!.members].filter((m) => sorted.every((s) => s.members.has(m))));
    }
  } else if (op === 'union') {
    result = new Set();
    for (const s of sets) if (s !== undefined) for (const m of s.members) result.add(m);
  } else {
    result = new Set(sets[0]?.members ?? []);
    for (const s of sets.slice(1)) if (s !== undefined) for (const m of s.members) result.delete(m);
  }
  const dst = args[1]!;
  if (result.size === 0) ctx.db.delete(dst);
  else ctx.db.set(dst, new SetValue(result));
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
export function emitSet(key: Buffer, value: SetValue, emit: EmitCommand): void {
  emitBatched('SADD', key, [...value.members].map((m) => [Buffer.from(m, 'latin1')]), emit);
}
