// Sorted set commands (t_zset.c): ZADD, ZINCRBY, ZREM, ZREMRANGEBY*, ZPOPMIN/MAX and their blocking forms.
import { isWord, withArity } from '../core/arity.js';
import type { CommandTable, CoreContext } from '../core/context.js';
import { batched, writeBatched } from '../core/emit-batches.js';
import { decimalText, writeDecimal } from '../../rdb/length.js';
import { checkTimeout, parseLongArg, parsePositiveLong, parseRangeLong } from '../core/int-arg.js';
import { isWrongType, lookupTyped } from '../core/lookup.js';
import { formatG17, formatShortest, parseDouble } from '../core/numbers.js';
import { LEX_LEVELS, NOT_FLOAT, SYNTAX } from '../core/replies.js';
import type { ArgOut, CommandOut, ErrorReply, Reply } from '../core/types.js';
import { inScoreRange, parseLexRange, parseScoreRange, rankRange, selectLexRange } from './zset-ranges.js';
import { ZSET_MAX_LISTPACK_ENTRIES, ZSET_MAX_LISTPACK_VALUE, ZSetValue, isZSetValue, type ZEntry } from './zset-value.js';

export function lookupZSet(ctx: CoreContext, key: Buffer): ZSetValue | undefined | ErrorReply {
  return lookupTyped(ctx.db, key, 'zset', isZSetValue);
}

const LONG_MAX = (1n << 63n) - 1n;
const NAN_ERROR = { error: 'ERR resulting score is not a number (NaN)' };

interface ZaddFlags {
  nx: boolean;
  xx: boolean;
  gt: boolean;
  lt: boolean;
  ch: boolean;
  incr: boolean;
}

const NO_OPTIONS: Readonly<ZaddFlags> = Object.freeze({ nx: false, xx: false, gt: false, lt: false, ch: false, incr: false });
const INCR_ONLY: Readonly<ZaddFlags> = Object.freeze({ ...NO_OPTIONS, incr: true });

/** The lower-cased argument when it may be a ZADD option word; scores, the usual case, start with no letter but "inf". */
function optionWord(arg: Buffer): string | null {
  const c = arg.length > 0 && arg.length <= 4 ? arg[0]! | 0x20 : 0;
  return c >= 0x61 && c <= 0x7a ? arg.toString('latin1').toLowerCase() : null;
}

/** zaddGenericCommand; also the target of GEOADD (whose scores are already numbers). */
export function zaddGeneric(ctx: CoreContext, args: Buffer[], incrOnly: boolean): Reply {
  // The common case, no option: a shared answer, no object per command.
  let f: ZaddFlags = incrOnly ? INCR_ONLY : NO_OPTIONS;
  let at = 2;
  if (optionWord(args[2]!) !== null) {
    f = { ...f };
    for (; at < args.length; at++) {
      const opt = optionWord(args[at]!);
      if (opt === 'nx' || opt === 'xx' || opt === 'gt' || opt === 'lt' || opt === 'ch' || opt === 'incr') f[opt] = true;
      else break;
    }
  }
  const rest = args.length - at;
  if (rest % 2 !== 0 || rest === 0) return SYNTAX;
  if (f.nx && f.xx) return { error: 'ERR XX and NX options at the same time are not compatible' };
  if ((f.gt && f.nx) || (f.lt && f.nx) || (f.gt && f.lt)) {
    return { error: 'ERR GT, LT, and/or NX options at the same time are not compatible' };
  }
  if (f.incr && rest > 2) return { error: 'ERR INCR option supports a single increment-element pair' };
  const scores: number[] = [];
  for (let j = at; j < args.length; j += 2) {
    const s = parseDouble(args[j]!);
    if (s === null) return NOT_FLOAT;
    scores.push(s);
  }
  const key = args[1]!;
  let z = lookupZSet(ctx, key);
  if (isWrongType(z)) return z;
  let added = 0;
  let updated = 0;
  let processed = 0;
  let lastScore = 0;
  if (z === undefined) {
    if (f.xx) return f.incr ? null : 0;
    // zaddGenericCommand picks the encoding from the first member alone.
    z = new ZSetValue(args[at + 1]!.length > ZSET_MAX_LISTPACK_VALUE);
    ctx.db.add(key, z);
  }
  for (let i = 0; i < scores.length; i++) {
    const member = args[at + 1 + i * 2]!;
    let score = scores[i]!;
    const cur = z.score(member);
    if (cur !== undefined) {
      if (f.nx) continue;
      if (f.incr) {
        score += cur;
        if (Number.isNaN(score)) return NAN_ERROR;
      }
      if ((f.lt && score >= cur) || (f.gt && score <= cur)) continue;
      lastScore = score;
      processed++;
      if (score !== cur) {
        z.set(member, score);
        updated++;
      }
    } else if (!f.xx) {
      z.set(member, score);
      lastScore = score;
      added++;
      processed++;
    }
  }
  if (f.incr) return processed > 0 ? Buffer.from(formatG17(lastScore), 'latin1') : null;
  return f.ch ? added + updated : added;
}

function zrem(ctx: CoreContext, args: Buffer[]): Reply {
  const z = lookupZSet(ctx, args[1]!);
  if (z === undefined || isWrongType(z)) return z ?? 0;
  let removed = 0;
  for (const m of args.slice(2)) {
    if (z.delete(m)) removed++;
    if (z.size === 0) {
      ctx.db.delete(args[1]!);
      break;
    }
  }
  return removed;
}

/** zremrangeGenericCommand: the range is parsed before the key is looked up. */
function zremrange(ctx: CoreContext, args: Buffer[], kind: 'rank' | 'score' | 'lex'): Reply {
  let select: (z: ZSetValue) => ZEntry[] | null;
  if (kind === 'rank') {
    const start = parseLongArg(args[2]!);
    if (typeof start !== 'number') return start;
    const end = parseLongArg(args[3]!);
    if (typeof end !== 'number') return end;
    select = (z) => {
      const r = rankRange(start, end, z.size);
      return r === null ? [] : z.sorted().slice(r[0], r[1] + 1);
    };
  } else if (kind === 'score') {
    const range = parseScoreRange(args[2]!, args[3]!);
    if (range === null) return { error: 'ERR min or max is not a float' };
    select = (z) => z.sorted().filter((e) => inScoreRange(range, e.score));
  } else {
    const range = parseLexRange(args[2]!, args[3]!);
    if (range === null) return { error: 'ERR min or max not valid string range item' };
    select = (z) => selectLexRange(z.sorted(), range, false, 0, -1, z.skiplist);
  }
  const z = lookupZSet(ctx, args[1]!);
  if (z === undefined || isWrongType(z)) return z ?? 0;
  const selected = select(z);
  if (selected === null) return LEX_LEVELS;
  const doomed = [...selected];
  for (const e of doomed) z.delete(e.id);
  if (z.size === 0) ctx.db.delete(args[1]!);
  return doomed.length;
}

/** Pops up to count entries from the low (min) or high end; the emptied key is removed. */
function popEntries(ctx: CoreContext, key: Buffer, z: ZSetValue, count: number, max: boolean): Reply[] {
  const out: Reply[] = [];
  for (let i = 0; i < count && z.size > 0; i++) {
    const [member, score] = z.pop(max);
    out.push(member, Buffer.from(formatG17(score), 'latin1'));
  }
  if (z.size === 0) ctx.db.delete(key);
  return out;
}

/** zpopMinMaxCommand. */
function zpop(ctx: CoreContext, args: Buffer[], max: boolean): Reply {
  if (args.length > 3) return SYNTAX;
  let count = 1;
  if (args.length === 3) {
    const c = parsePositiveLong(args[2]!);
    if (typeof c !== 'number') return c;
    count = c;
  }
  const z = lookupZSet(ctx, args[1]!);
  if (z === undefined || isWrongType(z)) return z ?? [];
  return popEntries(ctx, args[1]!, z, count, max);
}

/** blockingGenericZpopCommand: pops one entry from the first non-empty key; where Redis would block, nothing happens. */
function bzpop(ctx: CoreContext, args: Buffer[], max: boolean): Reply {
  const bad = checkTimeout(args[args.length - 1]!);
  if (bad !== null) return bad;
  for (const key of args.slice(1, -1)) {
    const z = lookupZSet(ctx, key);
    if (isWrongType(z)) return z;
    if (z === undefined) continue;
    return [key, ...popEntries(ctx, key, z, 1, max)];
  }
  return null;
}

/** zmpopGenericCommand: [timeout] numkeys key… MIN|MAX [COUNT n]. */
function zmpop(ctx: CoreContext, args: Buffer[], blocking: boolean): Reply {
  const numkeysAt = blocking ? 2 : 1;
  const numkeys = parseRangeLong(args[numkeysAt]!, 1n, LONG_MAX, 'numkeys should be greater than 0');
  if (typeof numkeys !== 'number') return numkeys;
  const whereAt = numkeysAt + numkeys + 1;
  if (whereAt >= args.length) return SYNTAX;
  const max = isWord(args[whereAt]!, 'max');
  if (!max && !isWord(args[whereAt]!, 'min')) return SYNTAX;
  let count = -1;
  for (let j = whereAt + 1; j < args.length; j++) {
    if (count === -1 && isWord(args[j]!, 'count') && j + 1 < args.length) {
      const c = parseRangeLong(args[++j]!, 1n, LONG_MAX, 'count should be greater than 0');
      if (typeof c !== 'number') return c;
      count = c;
    } else return SYNTAX;
  }
  if (blocking) {
    const bad = checkTimeout(args[1]!);
    if (bad !== null) return bad;
  }
  for (const key of args.slice(numkeysAt + 1, whereAt)) {
    const z = lookupZSet(ctx, key);
    if (isWrongType(z)) return z;
    if (z === undefined) continue;
    const flat = popEntries(ctx, key, z, count === -1 ? 1 : count, max);
    const pairs: Reply[] = [];
    for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i]!, flat[i + 1]!]);
    return [key, pairs];
  }
  return null;
}

export const zsetCommands: CommandTable = {
  zadd: withArity(-4, (ctx, args) => zaddGeneric(ctx, args, false)),
  zincrby: withArity(4, (ctx, args) => zaddGeneric(ctx, args, true)),
  zrem: withArity(-3, zrem),
  zremrangebyrank: withArity(4, (ctx, args) => zremrange(ctx, args, 'rank')),
  zremrangebyscore: withArity(4, (ctx, args) => zremrange(ctx, args, 'score')),
  zremrangebylex: withArity(4, (ctx, args) => zremrange(ctx, args, 'lex')),
  zpopmin: withArity(-2, (ctx, args) => zpop(ctx, args, false)),
  zpopmax: withArity(-2, (ctx, args) => zpop(ctx, args, true)),
  bzpopmin: withArity(-3, (ctx, args) => bzpop(ctx, args, false)),
  bzpopmax: withArity(-3, (ctx, args) => bzpop(ctx, args, true)),
  zmpop: withArity(-4, (ctx, args) => zmpop(ctx, args, false)),
  bzmpop: withArity(-5, (ctx, args) => zmpop(ctx, args, true)),
};

/** A score as a rewrite's ZADD writes it (formatShortest); an integer's digits are written without a string. */
function scoreArg(score: number): Buffer {
  // -0 passes isSafeInteger, but its text is not its digits.
  return Number.isSafeInteger(score) && !Object.is(score, -0) ? decimalText(score) : Buffer.from(formatShortest(score), 'latin1');
}

/** Holds one score's text while it is written: scoreArg with no Buffer of its own (the longest is 24 bytes). */
const scoreScratch = Buffer.allocUnsafe(32);

/** scoreArg's bytes as an argument of `out`. */
export function writeScoreArg(out: ArgOut, score: number): void {
  const n =
    Number.isSafeInteger(score) && !Object.is(score, -0) ? writeDecimal(scoreScratch, 0, score) : scoreScratch.write(formatShortest(score), 0, 'latin1');
  out.argRange(scoreScratch, 0, n);
}

/** Each entry as ZADD's score and member arguments, the score in its shortest round-trip form. */
function* scoredMembers(entries: Iterable<[Buffer, number]>): Generator<Buffer[]> {
  for (const [member, score] of entries) yield [scoreArg(score), member];
}

/**
 * ZADD commands for [member, score] entries in the order given, -0 written as it is: for a sorted set without
 * -0, or one the loading server already holds as a skiplist (which never turns back into a listpack).
 */
export function zaddBatches(key: Buffer, entries: Iterable<[Buffer, number]>): Generator<Buffer[]> {
  return batched('ZADD', key, scoredMembers(entries));
}

/** zaddBatches for member/score entries in an array, written straight to `out`. */
export function writeZadds(out: CommandOut, key: Buffer, entries: readonly { readonly member: Buffer; readonly score: number }[]): void {
  writeBatched(out, 'ZADD', key, entries.length, 2, (i) => {
    const e = entries[i]!;
    writeScoreArg(out, e.score);
    out.arg(e.member);
  });
}

/** rewriteSortedSetObject: ZADD with 64 score/member pairs per command, ascending, shortest round-trip scores. */
export function* rewriteZSet(key: Buffer, value: ZSetValue): Generator<Buffer[]> {
  if (!value.hasNegativeZero) {
    // The members are views of the value's bytes: emit consumes each command before anything changes the value.
    // One entry at a time: copying a set of a million first took 150 MiB at the end of a rewrite.
    yield* zaddBatches(key, value.ascending());
    return;
  }
  const entries = value.sorted();
  const pairs = (list: ZEntry[]) => list.map((e): Buffer[] => [scoreArg(e.score), Buffer.from(e.id, 'latin1')]);
  // A -0 score survives loading only when the ZADD that adds it finds a skiplist (a listpack stores 0), and
  // Redis's own rewrite loses it. A first member too long for a listpack makes one from the start.
  const long = entries.find((e) => e.id.length > ZSET_MAX_LISTPACK_VALUE);
  if (long) {
    yield* batched('ZADD', key, pairs([long, ...entries.filter((e) => e !== long)]));
    return;
  }
  // Enough other members convert the listpack on their own before the -0 ones arrive.
  const zeros = entries.filter((e) => Object.is(e.score, -0));
  const others = entries.filter((e) => !Object.is(e.score, -0));
  if (others.length >= ZSET_MAX_LISTPACK_ENTRIES) {
    yield* batched('ZADD', key, pairs([...others, ...zeros]));
    return;
  }
  // Otherwise a placeholder member too long for a listpack forces the skiplist, and goes once the rest is in.
  let placeholder = 'x'.repeat(ZSET_MAX_LISTPACK_VALUE + 1);
  while (value.score(placeholder) !== undefined) placeholder += 'x';
  const member = Buffer.from(placeholder, 'latin1');
  yield [Buffer.from('ZADD'), key, Buffer.from('0'), member];
  yield* batched('ZADD', key, pairs(entries));
  yield [Buffer.from('ZREM'), key, member];
}
