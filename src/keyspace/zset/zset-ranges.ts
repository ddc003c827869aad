// Score, lex and rank ranges over a sorted set's ordered view (t_zset.c zslParseRange, zslParseLexRange).
import { parseStrtod } from '../core/numbers.js';
import type { ZEntry } from './zset-value.js';

export interface ScoreRange {
  readonly min: number;
  readonly max: number;
  readonly minex: boolean;
  readonly maxex: boolean;
}

type LexBound = { readonly kind: 'min' } | { readonly kind: 'max' } | { readonly kind: 'value'; readonly id: string; readonly ex: boolean };

export interface LexRange {
  readonly min: LexBound;
  readonly max: LexBound;
}

function parseScoreBound(arg: Buffer): { value: number; ex: boolean } | null {
  const s = arg.toString('latin1');
  const ex = s.startsWith('(');
  const value = parseStrtod(ex ? s.slice(1) : s);
  return value === null ? null : { value, ex };
}

/** zslParseRange: "(" makes a bound exclusive; the rest is strtod's, NaN refused. */
export function parseScoreRange(minArg: Buffer, maxArg: Buffer): ScoreRange | null {
  const min = parseScoreBound(minArg);
  const max = parseScoreBound(maxArg);
  if (min === null || max === null) return null;
  return { min: min.value, max: max.value, minex: min.ex, maxex: max.ex };
}

function parseLexBound(arg: Buffer): LexBound | null {
  if (arg.length === 1 && arg[0] === 0x2b) return { kind: 'max' };
  if (arg.length === 1 && arg[0] === 0x2d) return { kind: 'min' };
  if (arg[0] === 0x28 || arg[0] === 0x5b) return { kind: 'value', id: arg.subarray(1).toString('latin1'), ex: arg[0] === 0x28 };
  return null;
}

/** zslParseLexRange: "+", "-", or "(" / "[" followed by the member. */
export function parseLexRange(minArg: Buffer, maxArg: Buffer): LexRange | null {
  const min = parseLexBound(minArg);
  const max = parseLexBound(maxArg);
  return min === null || max === null ? null : { min, max };
}

export function inScoreRange(r: ScoreRange, score: number): boolean {
  return (r.minex ? score > r.min : score >= r.min) && (r.maxex ? score < r.max : score <= r.max);
}

function aboveLexMin(r: LexRange, id: string): boolean {
  return r.min.kind === 'min' || (r.min.kind === 'value' && (r.min.ex ? id > r.min.id : id >= r.min.id));
}

function belowLexMax(r: LexRange, id: string): boolean {
  return r.max.kind === 'max' || (r.max.kind === 'value' && (r.max.ex ? id < r.max.id : id <= r.max.id));
}

function inLexRange(r: LexRange, id: string): boolean {
  return aboveLexMin(r, id) && belowLexMax(r, id);
}

/**
 * The entries a lex range takes as a listpack walk takes them (zzlFirstInLexRange / zzlLastInLexRange, then
 * genericZrangebylexCommand or zzlDeleteRangeByLex): members under different scores are not in lex order, so
 * Redis starts at the first member >= min (last <= max under REV), skips offset entries unchecked and then
 * takes members while they stay <= max (>= min): a run, not a filter. Nothing when the tail is below min or
 * the head above max (zzlIsInLexRange). A skiplist finds the start by descending its random levels instead:
 * that lands on the same member only when the members below min (above max under REV) are all at one end;
 * otherwise the result depends on the levels and null says so.
 */
export function selectLexRange(order: ZEntry[], r: LexRange, reverse: boolean, offset: number, limit: number, skiplist: boolean): ZEntry[] | null {
  const n = order.length;
  if (n === 0 || offset < 0 || !aboveLexMin(r, order[n - 1]!.id) || !belowLexMax(r, order[0]!.id)) return [];
  const step = reverse ? -1 : 1;
  const started = (id: string) => (reverse ? belowLexMax(r, id) : aboveLexMin(r, id));
  let k = reverse ? n - 1 : 0;
  while (k >= 0 && k < n && !started(order[k]!.id)) k += step;
  if (skiplist && !reverse) {
    for (let j = k + 1; j < n; j++) if (!aboveLexMin(r, order[j]!.id)) return null;
  } else if (skiplist) {
    for (let j = 0; j < k; j++) if (!belowLexMax(r, order[j]!.id)) return null;
  }
  if (k < 0 || k >= n || !inLexRange(r, order[k]!.id)) return [];
  k += step * offset;
  const out: ZEntry[] = [];
  for (; k >= 0 && k < n && (limit < 0 || out.length < limit); k += step) {
    const e = order[k]!;
    if (reverse ? !aboveLexMin(r, e.id) : !belowLexMax(r, e.id)) break;
    out.push(e);
  }
  return out;
}

/** Rank range as ZRANGE/ZREMRANGEBYRANK normalise it: [start, end] clamped, or null when empty. */
export function rankRange(start: number, end: number, len: number): [number, number] | null {
  if (start < 0) start += len;
  if (end < 0) end += len;
  if (start < 0) start = 0;
  if (start > end || start >= len) return null;
  if (end >= len) end = len - 1;
  return [start, end];
}

/** Entries matching a predicate, in ascending or descending order, after skipping offset, at most limit (< 0: all). */
export function selectRange(order: ZEntry[], matches: (e: ZEntry) => boolean, reverse: boolean, offset: number, limit: number): ZEntry[] {
  if (offset < 0) return [];
  const out: ZEntry[] = [];
  let skipped = 0;
  const n = order.length;
  for (let k = 0; k < n; k++) {
    const e = order[reverse ? n - 1 - k : k]!;
    if (!matches(e)) {
      if (out.length > 0 || skipped > 0) break; // ranges are contiguous in the order
      continue;
    }
    if (skipped < offset) {
      skipped++;
      continue;
    }
    if (limit >= 0 && out.length >= limit) break;
    out.push(e);
  }
  return out;
}
