// Sorted set commands that store a computed result: ZUNIONSTORE, ZINTERSTORE, ZDIFFSTORE, ZRANGESTORE.
import { isWord, withArity } from '../core/arity.js';
import type { CommandTable, CoreContext } from '../core/context.js';
import { parseLongArg } from '../core/int-arg.js';
import { parseDouble } from '../core/numbers.js';
import { LEX_LEVELS, SYNTAX, WRONGTYPE } from '../core/replies.js';
import { isSetValue, type SetValue } from '../set/set-value.js';
import type { Reply } from '../core/types.js';
import { inScoreRange, parseLexRange, parseScoreRange, rankRange, selectLexRange, selectRange } from './zset-ranges.js';
import { ZSET_MAX_LISTPACK_ENTRIES, ZSetValue, isZSetValue, type ZEntry } from './zset-value.js';
import { lookupZSet } from './zset.js';

type Aggregate = 'sum' | 'min' | 'max';

interface Source {
  readonly value: ZSetValue | SetValue | undefined;
  weight: number;
}

function sourceSize(s: Source): number {
  return s.value?.size ?? 0;
}

/** A member's score in a source: sets count as score 1 (zuiFind). */
function scoreIn(s: Source, id: string): number | undefined {
  if (s.value === undefined) return undefined;
  if (isZSetValue(s.value)) return s.value.score(id);
  return s.value.has(Buffer.from(id, 'latin1')) ? 1 : undefined;
}

function* membersOf(s: Source): Generator<[string, number]> {
  if (s.value === undefined) return;
  if (isZSetValue(s.value)) for (const e of s.value.sorted()) yield [e.id, e.score];
  else for (const m of s.value.members()) yield [m.toString('latin1'), 1];
}

/** weight · score, where inf · 0 (NaN) counts as 0 as in zunionInterDiffGenericCommand. */
function weighted(weight: number, score: number): number {
  const v = weight * score;
  return Number.isNaN(v) ? 0 : v;
}

/** zunionInterAggregate. */
function aggregate(how: Aggregate, acc: number, v: number): number {
  if (how === 'min') return v < acc ? v : acc;
  if (how === 'max') return v > acc ? v : acc;
  const sum = acc + v;
  return Number.isNaN(sum) ? 0 : sum;
}

function storeResult(ctx: CoreContext, dst: Buffer, result: ZSetValue): Reply {
  if (result.size === 0) ctx.db.delete(dst);
  else ctx.db.set(dst, result);
  return result.size;
}

/** zunionInterDiffGenericCommand with a destination key. */
function setOperation(ctx: CoreContext, args: Buffer[], op: 'union' | 'inter' | 'diff'): Reply {
  const name = `z${op}store`;
  const setnum = parseLongArg(args[2]!);
  if (typeof setnum !== 'number') return setnum;
  if (setnum < 1) return { error: `ERR at least 1 input key is needed for '${name}' command` };
  if (setnum > args.length - 3) return SYNTAX;
  const sources: Source[] = [];
  for (const key of args.slice(3, 3 + setnum)) {
    const v = ctx.db.lookup(key);
    if (v !== undefined && !isZSetValue(v) && !isSetValue(v)) return WRONGTYPE;
    sources.push({ value: v as ZSetValue | SetValue | undefined, weight: 1 });
  }
  let how: Aggregate = 'sum';
  for (let j = 3 + setnum; j < args.length;) {
    const remaining = args.length - j;
    if (op !== 'diff' && remaining >= setnum + 1 && isWord(args[j]!, 'weights')) {
      j++;
      for (const s of sources) {
        const w = parseDouble(args[j++]!);
        if (w === null) return { error: 'ERR weight value is not a float' };
        s.weight = w;
      }
    } else if (op !== 'diff' && remaining >= 2 && isWord(args[j]!, 'aggregate')) {
      const a = args[j + 1]!.toString('latin1').toLowerCase();
      if (a !== 'sum' && a !== 'min' && a !== 'max') return SYNTAX;
      how = a;
      j += 2;
    } else return SYNTAX;
  }
  // Redis orders union/inter inputs by cardinality (a stable qsort in glibc): it fixes the summation order.
  const ordered = op === 'diff' ? sources : [...sources].sort((a, b) => sourceSize(a) - sourceSize(b));
  // Built as a skiplist; zsetConvertToListpackIfNeeded runs before the store.
  const result = new ZSetValue(true);
  if (op === 'inter') {
    const [first, ...others] = ordered;
    for (const [id, score] of membersOf(first!)) {
      let acc = weighted(first!.weight, score);
      let everywhere = true;
      for (const s of others) {
        const other = scoreIn(s, id);
        if (other === undefined) {
          everywhere = false;
          break;
        }
        acc = aggregate(how, acc, weighted(s.weight, other));
      }
      if (everywhere) result.set(id, acc);
    }
  } else if (op === 'union') {
    const acc = new Map<string, number>();
    for (const s of ordered) {
      for (const [id, score] of membersOf(s)) {
        const v = weighted(s.weight, score);
        const cur = acc.get(id);
        acc.set(id, cur === undefined ? v : aggregate(how, cur, v));
      }
    }
    for (const [id, score] of acc) result.set(id, score);
  } else {
    const [first, ...others] = ordered;
    for (const [id, score] of membersOf(first!)) {
      if (others.every((s) => scoreIn(s, id) === undefined)) result.set(id, score);
    }
  }
  result.listpackIfFits();
  return storeResult(ctx, args[1]!, result);
}

/** zrangeGenericCommand with a destination (ZRANGESTORE dst src min max [BYSCORE|BYLEX] [REV] [LIMIT o c]). */
function zrangestore(ctx: CoreContext, args: Buffer[]): Reply {
  let by: 'rank' | 'score' | 'lex' = 'rank';
  let rev = false;
  let offset = 0;
  let limit = -1;
  for (let j = 5; j < args.length; j++) {
    const left = args.length - j - 1;
    if (isWord(args[j]!, 'limit') && left >= 2) {
      const o = parseLongArg(args[j + 1]!);
      if (typeof o !== 'number') return o;
      const l = parseLongArg(args[j + 2]!);
      if (typeof l !== 'number') return l;
      offset = o;
      limit = l;
      j += 2;
    } else if (!rev && isWord(args[j]!, 'rev')) rev = true;
    else if (by === 'rank' && isWord(args[j]!, 'bylex')) by = 'lex';
    else if (by === 'rank' && isWord(args[j]!, 'byscore')) by = 'score';
    else return SYNTAX;
  }
  if (limit !== -1 && by === 'rank') {
    return { error: 'ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX' };
  }
  // With REV, score and lex ranges are given max first.
  const [minArg, maxArg] = rev && by !== 'rank' ? [args[4]!, args[3]!] : [args[3]!, args[4]!];
  let pick: (order: ZEntry[], skiplist: boolean) => ZEntry[] | null;
  if (by === 'rank') {
    const start = parseLongArg(minArg);
    if (typeof start !== 'number') return start;
    const end = parseLongArg(maxArg);
    if (typeof end !== 'number') return end;
    pick = (order) => {
      const r = rankRange(start, end, order.length);
      if (r === null) return [];
      return rev ? order.slice(order.length - 1 - r[1], order.length - r[0]).reverse() : order.slice(r[0], r[1] + 1);
    };
  } else if (by === 'score') {
    const range = parseScoreRange(minArg, maxArg);
    if (range === null) return { error: 'ERR min or max is not a float' };
    pick = (order) => selectRange(order, (e) => inScoreRange(range, e.score), rev, offset, limit);
  } else {
    const range = parseLexRange(minArg, maxArg);
    if (range === null) return { error: 'ERR min or max not valid string range item' };
    pick = (order, skiplist) => selectLexRange(order, range, rev, offset, limit, skiplist);
  }
  const src = lookupZSet(ctx, args[2]!);
  if (src !== undefined && 'error' in src) return src;
  const picked = src === undefined ? [] : pick(src.sorted(), src.skiplist);
  if (picked === null) return LEX_LEVELS;
  // zrangeResultBeginStore: a skiplist only when a rank range says up front it exceeds the listpack.
  const result = new ZSetValue(by === 'rank' && picked.length > ZSET_MAX_LISTPACK_ENTRIES);
  for (const e of picked) result.set(e.id, e.score);
  return storeResult(ctx, args[1]!, result);
}

export const zsetStoreCommands: CommandTable = {
  zunionstore: withArity(-4, (ctx, args) => setOperation(ctx, args, 'union')),
  zinterstore: withArity(-4, (ctx, args) => setOperation(ctx, args, 'inter')),
  zdiffstore: withArity(-4, (ctx, args) => setOperation(ctx, args, 'diff')),
  zrangestore: withArity(-5, zrangestore),
};
