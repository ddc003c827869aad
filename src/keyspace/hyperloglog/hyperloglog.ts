// PFADD, PFMERGE and PFCOUNT (hyperloglog.c), byte-identical to Redis 7.0 (7.2 differs only in allocation, not bytes).
import { withArity } from '../core/arity.js';
import type { CommandTable, CoreContext } from '../core/context.js';
import {
  HLL_DENSE,
  HLL_REGISTERS,
  createHll,
  denseGet,
  denseSet,
  estimate,
  invalidateCache,
  isValidHll,
  patLen,
  sparseSet,
  sparseToDense,
  walkSparse,
} from './hll-encoding.js';
import { OK } from '../core/replies.js';
import { StringValue } from '../core/string-value.js';
import { lookupString } from '../string/string.js';
import type { ErrorReply, Reply } from '../core/types.js';

const NOT_HLL: ErrorReply = { error: 'WRONGTYPE Key is not a valid HyperLogLog string value.' };
const CORRUPT: ErrorReply = { error: 'INVALIDOBJ Corrupted HLL object detected' };

/** The HLL string at key: undefined when absent, an error when it is not a valid HLL. */
function lookupHll(ctx: CoreContext, key: Buffer): StringValue | undefined | ErrorReply {
  const s = lookupString(ctx, key);
  if (s === undefined || 'error' in s) return s;
  return isValidHll(s.bytes) ? s : NOT_HLL;
}

/** hllMerge: raises max[] to the registers of one HLL; false when a sparse HLL is corrupt. */
function mergeInto(max: Uint8Array, b: Buffer): boolean {
  if (b[4] === HLL_DENSE) {
    for (let i = 0; i < HLL_REGISTERS; i++) {
      const v = denseGet(b, i);
      if (v > max[i]!) max[i] = v;
    }
    return true;
  }
  return walkSparse(b, (first, len, value) => {
    for (let i = first; i < first + len; i++) if (value > max[i]!) max[i] = value;
  });
}

/** pfaddCommand. A new key counts as updated; any update marks the cached cardinality stale. */
function pfadd(ctx: CoreContext, args: Buffer[]): Reply {
  const key = args[1]!;
  let s = lookupHll(ctx, key);
  if (s !== undefined && 'error' in s) return s;
  let updated = 0;
  if (s === undefined) {
    s = new StringValue(createHll());
    ctx.db.add(key, s);
    updated++;
  }
  let bytes: Buffer = Buffer.from(s.bytes);
  for (const ele of args.slice(2)) {
    const { index, count } = patLen(ele);
    if (bytes[4] === HLL_DENSE) {
      if (denseSet(bytes, index, count)) updated++;
      continue;
    }
    const r = sparseSet(bytes, index, count);
    if (r.status === 'invalid') {
      s.assign(bytes);
      return CORRUPT;
    }
    if (r.status === 'updated') {
      bytes = r.bytes;
      updated++;
    }
  }
  if (updated > 0) invalidateCache(bytes);
  s.assign(bytes);
  return updated > 0 ? 1 : 0;
}

/** pfmergeCommand: the destination (also a source) is created sparse; it turns dense when any source is dense. */
function pfmerge(ctx: CoreContext, args: Buffer[]): Reply {
  const max = new Uint8Array(HLL_REGISTERS);
  let useDense = false;
  for (const key of args.slice(1)) {
    const s = lookupHll(ctx, key);
    if (s === undefined) continue;
    if ('error' in s) return s;
    if (s.bytes[4] === HLL_DENSE) useDense = true;
    if (!mergeInto(max, s.bytes)) return CORRUPT;
  }
  let dest = lookupString(ctx, args[1]!) as StringValue | undefined;
  if (dest === undefined) {
    dest = new StringValue(createHll());
    ctx.db.add(args[1]!, dest);
  }
  let bytes: Buffer | null = Buffer.from(dest.bytes);
  if (useDense) {
    bytes = sparseToDense(bytes);
    if (bytes === null) return CORRUPT;
  }
  for (let i = 0; i < HLL_REGISTERS; i++) {
    if (max[i] === 0) continue;
    if (bytes[4] === HLL_DENSE) denseSet(bytes, i, max[i]!);
    else {
      const r = sparseSet(bytes, i, max[i]!);
      if (r.status === 'updated') bytes = r.bytes;
    }
  }
  invalidateCache(bytes);
  dest.assign(bytes);
  return OK;
}

function histogramOf(b: Buffer): number[] | null {
  const h = new Array<number>(64).fill(0);
  if (b[4] === HLL_DENSE) {
    for (let i = 0; i < HLL_REGISTERS; i++) h[denseGet(b, i)]!++;
    return h;
  }
  return walkSparse(b, (_first, len, value) => {
    h[value]! += len;
  })
    ? h
    : null;
}

/** pfcountCommand: with one key the cardinality is cached in the header (a write Redis propagates). */
function pfcount(ctx: CoreContext, args: Buffer[]): Reply {
  if (args.length > 2) {
    const max = new Uint8Array(HLL_REGISTERS);
    for (const key of args.slice(1)) {
      const s = lookupHll(ctx, key);
      if (s === undefined) continue;
      if ('error' in s) return s;
      if (!mergeInto(max, s.bytes)) return CORRUPT;
    }
    const h = new Array<number>(64).fill(0);
    for (const v of max) h[v]!++;
    return estimate(h);
  }
  const s = lookupHll(ctx, args[1]!);
  if (s === undefined || 'error' in s) return s ?? 0;
  const b = s.bytes;
  if ((b[15]! & 0x80) === 0) return Number(b.readBigUInt64LE(8));
  const h = histogramOf(b);
  if (h === null) return CORRUPT;
  const card = estimate(h);
  b.writeBigUInt64LE(BigInt(card), 8);
  return card;
}

export const hllCommands: CommandTable = {
  pfadd: withArity(-2, pfadd),
  pfmerge: withArity(-2, pfmerge),
  pfcount: withArity(-2, pfcount),
};
