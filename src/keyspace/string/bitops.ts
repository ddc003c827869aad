// SETBIT and BITOP (bitops.c).
import { isWord, withArity } from '../core/arity.js';
import { getBit, parseBitOffset, setBit, stringForBits } from './bit-offset.js';
import type { CommandTable, CoreContext } from '../core/context.js';
import { parseLongLong } from '../core/numbers.js';
import { SYNTAX } from '../core/replies.js';
import { StringValue } from '../core/string-value.js';
import { lookupString } from './string.js';
import type { Reply } from '../core/types.js';

function setbit(ctx: CoreContext, args: Buffer[]): Reply {
  const offset = parseBitOffset(args[2]!, 0);
  if (typeof offset !== 'number') return offset;
  const on = parseLongLong(args[3]!);
  if (on === null || (on & ~1n) !== 0n) return { error: 'ERR bit is not an integer or out of range' };
  const s = stringForBits(ctx, args[1]!, offset);
  if ('error' in s) return s;
  const old = getBit(s.bytes, offset);
  setBit(s.bytes, offset, Number(on));
  return old;
}

/** BITOP's operations; DIFF, DIFF1, ANDOR and ONE came with Redis 8.2 (a file holding them was written by one). */
const OPERATIONS = ['and', 'or', 'xor', 'not', 'diff', 'diff1', 'andor', 'one'] as const;
type Operation = (typeof OPERATIONS)[number];

/** Operations that combine the first source with the OR of the others, so need two sources at least. */
const FIRST_AGAINST_REST = new Set<Operation>(['diff', 'diff1', 'andor']);

/**
 * One byte of the result from the bytes of every source at one offset (0 past a source's end). ONE keeps the
 * bits set in exactly one source: what two or more set is tracked apart and masked out.
 */
function combine(op: Operation, bytes: Uint8Array): number {
  const first = bytes[0]!;
  if (op === 'not') return ~first & 0xff;
  let acc = op === 'diff' || op === 'diff1' || op === 'andor' ? 0 : first;
  let many = 0;
  for (let i = 1; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (op === 'and') acc &= b;
    else if (op === 'xor') acc ^= b;
    else if (op === 'one') {
      many |= acc & b;
      acc |= b;
    } else acc |= b; // or; the OR of the rest for diff, diff1, andor
  }
  if (op === 'diff') return first & ~acc & 0xff;
  if (op === 'diff1') return ~first & acc & 0xff;
  if (op === 'andor') return first & acc;
  if (op === 'one') return acc & ~many & 0xff;
  return acc;
}

/** bitopCommand: missing sources count as empty (zero-padded); an empty result deletes the destination. */
function bitop(ctx: CoreContext, args: Buffer[]): Reply {
  const op = OPERATIONS.find((w) => isWord(args[1]!, w));
  if (op === undefined) return SYNTAX;
  if (op === 'not' && args.length !== 4) return { error: 'ERR BITOP NOT must be called with a single source key.' };
  if (FIRST_AGAINST_REST.has(op) && args.length < 5) {
    return { error: `ERR BITOP ${args[1]!.toString('latin1').toUpperCase()} must be called with at least two source keys.` };
  }
  const sources: Uint8Array[] = [];
  let len = 0;
  for (let i = 3; i < args.length; i++) {
    const s = lookupString(ctx, args[i]!);
    if (s !== undefined && 'error' in s) return s;
    // A copy, as before: bytes the store lends are not the caller's to keep across further look-ups.
    const bytes = s === undefined ? new Uint8Array(0) : Uint8Array.from(s.bytes);
    sources.push(bytes);
    if (bytes.length > len) len = bytes.length;
  }
  const dest = args[2]!;
  if (len === 0) {
    ctx.db.delete(dest);
    return 0;
  }
  const out = Buffer.alloc(len);
  const column = new Uint8Array(sources.length);
  for (let at = 0; at < len; at++) {
    for (let i = 0; i < sources.length; i++) column[i] = sources[i]![at] ?? 0;
    out[at] = combine(op, column);
  }
  ctx.db.set(dest, new StringValue(out));
  return len;
}

export const bitCommands: CommandTable = {
  setbit: withArity(4, setbit),
  bitop: withArity(-4, bitop),
};
