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

/** bitopCommand: missing sources count as empty (zero-padded); an empty result deletes the destination. */
function bitop(ctx: CoreContext, args: Buffer[]): Reply {
  const op = ['and', 'or', 'xor', 'not'].find((w) => isWord(args[1]!, w));
  if (op === undefined) return SYNTAX;
  if (op === 'not' && args.length !== 4) return { error: 'ERR BITOP NOT must be called with a single source key.' };
  const sources: Buffer[] = [];
  for (const key of args.slice(3)) {
    const s = lookupString(ctx, key);
    if (s !== undefined && 'error' in s) return s;
    sources.push(s === undefined ? Buffer.alloc(0) : Buffer.from(s.bytes));
  }
  const len = Math.max(0, ...sources.map((s) => s.length));
  const dest = args[2]!;
  if (len === 0) {
    ctx.db.delete(dest);
    return 0;
  }
  const out = Buffer.alloc(len);
  for (let i = 0; i < len; i++) {
    let acc = sources[0]![i] ?? 0;
    if (op === 'not') acc = ~acc & 0xff;
    for (const s of sources.slice(1)) {
      const b = s[i] ?? 0;
      acc = op === 'and' ? acc & b : op === 'or' ? acc | b : acc ^ b;
    }
    out[i] = acc;
  }
  ctx.db.set(dest, new StringValue(out));
  return len;
}

export const bitCommands: CommandTable = {
  setbit: withArity(4, setbit),
  bitop: withArity(-4, bitop),
};
