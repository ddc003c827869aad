// SORT (sort.c sortCommandGeneric): with STORE it writes a list, and Redis propagates it verbatim to the AOF.
import type { CommandTable, CoreContext, KeyDb } from '../core/context.js';
import { isHashValue } from '../hash/hash-value.js';
import { parseLongArg } from '../core/int-arg.js';
import { isWord, withArity } from '../core/arity.js';
import { ListValue, isListValue } from '../list/list-value.js';
import { parseDouble } from '../core/numbers.js';
import { SYNTAX, WRONGTYPE } from '../core/replies.js';
import { isSetValue } from '../set/set-value.js';
import { isStringValue } from '../core/string-value.js';
import type { ErrorReply, Reply } from '../core/types.js';
import { isZSetValue } from '../zset/zset-value.js';

interface SortOptions {
  desc: boolean;
  alpha: boolean;
  limitStart: number;
  limitCount: number;
  by: Buffer | null;
  /** BY without '*': keep the native order (a set with STORE is still sorted, for determinism). */
  dontSort: boolean;
  store: Buffer | null;
  gets: Buffer[];
}

interface Item {
  readonly element: Buffer;
  score: number;
  /** The BY value compared under ALPHA; null when BY found no value. */
  cmp: Buffer | null;
}

const STAR = 0x2a;
const ARROW = Buffer.from('->');

function parseOptions(args: Buffer[]): SortOptions | ErrorReply {
  const o: SortOptions = { desc: false, alpha: false, limitStart: 0, limitCount: -1, by: null, dontSort: false, store: null, gets: [] };
  for (let j = 2; j < args.length; j++) {
    const left = args.length - j - 1;
    const a = args[j]!;
    if (isWord(a, 'asc')) o.desc = false;
    else if (isWord(a, 'desc')) o.desc = true;
    else if (isWord(a, 'alpha')) o.alpha = true;
    else if (isWord(a, 'limit') && left >= 2) {
      const start = parseLongArg(args[j + 1]!);
      if (typeof start !== 'number') return start;
      const count = parseLongArg(args[j + 2]!);
      if (typeof count !== 'number') return count;
      o.limitStart = start;
      o.limitCount = count;
      j += 2;
    } else if (isWord(a, 'store') && left >= 1) o.store = args[++j]!;
    else if (isWord(a, 'by') && left >= 1) {
      o.by = args[++j]!;
      o.dontSort = !o.by.includes(STAR);
    } else if (isWord(a, 'get') && left >= 1) o.gets.push(args[++j]!);
    else return SYNTAX;
  }
  return o;
}

/** lookupKeyByPattern: '#' is the element itself; the first '*' takes the element; "->field" reads a hash field. */
function lookupByPattern(db: KeyDb, pattern: Buffer, element: Buffer): Buffer | null {
  if (pattern.length === 1 && pattern[0] === 0x23) return element;
  const star = pattern.indexOf(STAR);
  if (star < 0) return null;
  const arrow = pattern.indexOf(ARROW, star + 1);
  const hasField = arrow >= 0 && arrow + 2 < pattern.length;
  const key = Buffer.concat([pattern.subarray(0, star), element, pattern.subarray(star + 1, hasField ? arrow : pattern.length)]);
  const value = db.lookup(key);
  if (value === undefined) return null;
  if (hasField) {
    // A copy: the hash's view changes with the hash, and SORT … STORE keeps what it returns.
    const field = isHashValue(value) ? value.get(pattern.subarray(arrow + 2)) : undefined;
    return field === undefined ? null : Buffer.from(field);
  }
  return isStringValue(value) ? Buffer.from(value.bytes) : null;
}

/** strtod over the whole value (leading space allowed); null for junk, NaN or ERANGE. */
function sortScore(value: Buffer): number | null {
  return parseDouble(Buffer.from(value.toString('latin1').replace(/^[ \t\n\v\f\r]+/, ''), 'latin1'));
}

/** sortCompare with sort_store set: byte order everywhere (no strcoll), numeric ties broken by the element. */
function comparator(o: SortOptions): (a: Item, b: Item) => number {
  const cmp = (a: Item, b: Item): number => {
    if (!o.alpha) return a.score > b.score ? 1 : a.score < b.score ? -1 : Buffer.compare(a.element, b.element);
    if (o.by === null) return Buffer.compare(a.element, b.element);
    if (a.cmp === null || b.cmp === null) return a.cmp === b.cmp ? 0 : a.cmp === null ? -1 : 1;
    return Buffer.compare(a.cmp, b.cmp);
  };
  return o.desc ? (a, b) => -cmp(a, b) : cmp;
}

function sort(ctx: CoreContext, args: Buffer[]): Reply {
  const o = parseOptions(args);
  if ('error' in o) return o;
  const value = ctx.db.lookup(args[1]!);
  if (value !== undefined && !isSetValue(value) && !isListValue(value) && !isZSetValue(value)) return WRONGTYPE;
  let elements: Buffer[] = [];
  if (value !== undefined && isListValue(value)) elements = value.toArray();
  else if (value !== undefined && isZSetValue(value)) elements = value.sorted().map((e) => Buffer.from(e.id, 'latin1'));
  else if (value !== undefined && isSetValue(value)) elements = Array.from(value.members(), (m) => Buffer.from(m));
  if (o.dontSort && value !== undefined && isSetValue(value) && o.store !== null) {
    o.dontSort = false;
    o.alpha = true;
    o.by = null;
  }
  const n = elements.length;
  let start = Math.min(Math.max(o.limitStart, 0), n);
  const count = Math.min(Math.max(o.limitCount, -1), n);
  let end = count < 0 ? n - 1 : start + count - 1;
  if (start >= n) {
    start = n - 1;
    end = n - 2;
  }
  if (end >= n) end = n - 1;
  let chosen: Buffer[];
  if (o.dontSort) {
    // Lists and sorted sets keep their native order, read from the far end under DESC.
    chosen = (o.desc ? [...elements].reverse() : elements).slice(start, end + 1);
  } else {
    const items: Item[] = elements.map((element) => ({ element, score: 0, cmp: null }));
    for (const item of items) {
      const by = o.by === null ? item.element : lookupByPattern(ctx.db, o.by, item.element);
      if (by === null) continue;
      if (o.alpha) {
        if (o.by !== null) item.cmp = by;
      } else {
        const score = sortScore(by);
        if (score === null) return { error: "ERR One or more scores can't be converted into double" };
        item.score = score;
      }
    }
    chosen = items
      .sort(comparator(o))
      .slice(start, end + 1)
      .map((i) => i.element);
  }
  const output: (Buffer | null)[] = o.gets.length === 0 ? chosen : chosen.flatMap((e) => o.gets.map((g) => lookupByPattern(ctx.db, g, e)));
  if (o.store === null) return output;
  if (output.length > 0) ctx.db.set(o.store, ListValue.of(output.map((b) => b ?? Buffer.alloc(0))));
  else ctx.db.delete(o.store);
  return output.length;
}

export const sortCommands: CommandTable = {
  sort: withArity(-2, sort),
};
