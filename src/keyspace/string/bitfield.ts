// BITFIELD (bitops.c bitfieldGeneric): GET, SET, INCRBY with OVERFLOW WRAP/SAT/FAIL, i1..i64 and u1..u63.
import { isWord, withArity } from '../core/arity.js';
import { parseBitOffset, stringForBits } from './bit-offset.js';
import type { CommandTable, CoreContext } from '../core/context.js';
import { parseLongLong } from '../core/numbers.js';
import { NOT_INTEGER, SYNTAX } from '../core/replies.js';
import { lookupString } from './string.js';
import type { Reply } from '../core/types.js';

type Overflow = 'wrap' | 'sat' | 'fail';

interface FieldOp {
  readonly kind: 'get' | 'set' | 'incrby';
  readonly signed: boolean;
  readonly bits: number;
  readonly offset: number;
  readonly value: bigint;
  readonly overflow: Overflow;
}

const BAD_TYPE = { error: 'ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.' };

/** getBitfieldTypeFromArgument. */
function parseType(arg: Buffer): { signed: boolean; bits: number } | null {
  const signed = arg[0] === 0x69; // i
  if (!signed && arg[0] !== 0x75) return null; // u
  const bits = parseLongLong(arg.subarray(1));
  if (bits === null || bits < 1n || (signed && bits > 64n) || (!signed && bits > 63n)) return null;
  return { signed, bits: Number(bits) };
}

function readField(bytes: Buffer, offset: number, bits: number, signed: boolean): bigint {
  let v = 0n;
  for (let i = 0; i < bits; i++) {
    const at = offset + i;
    const byte = at >>> 3;
    const bit = byte < bytes.length ? (bytes[byte]! >> (7 - (at & 7))) & 1 : 0;
    v = (v << 1n) | BigInt(bit);
  }
  return signed ? BigInt.asIntN(bits, v) : v;
}

function writeField(bytes: Buffer, offset: number, bits: number, value: bigint): void {
  const u = BigInt.asUintN(bits, value);
  for (let i = 0; i < bits; i++) {
    const at = offset + i;
    const on = (u >> BigInt(bits - 1 - i)) & 1n;
    const mask = 1 << (7 - (at & 7));
    bytes[at >>> 3] = on ? bytes[at >>> 3]! | mask : bytes[at >>> 3]! & ~mask;
  }
}

/** checkSignedBitfieldOverflow / checkUnsignedBitfieldOverflow on the exact sum: the stored value, or null for FAIL. */
function settle(exact: bigint, bits: number, signed: boolean, overflow: Overflow): bigint | null {
  const max = signed ? (1n << BigInt(bits - 1)) - 1n : (1n << BigInt(bits)) - 1n;
  const min = signed ? -max - 1n : 0n;
  if (exact >= min && exact <= max) return exact;
  if (overflow === 'fail') return null;
  if (overflow === 'sat') return exact > max ? max : min;
  return signed ? BigInt.asIntN(bits, exact) : BigInt.asUintN(bits, exact);
}

function parseOps(args: Buffer[]): FieldOp[] | Reply {
  const ops: FieldOp[] = [];
  let overflow: Overflow = 'wrap';
  for (let j = 2; j < args.length; j++) {
    const rem = args.length - j - 1;
    const sub = args[j]!;
    let kind: FieldOp['kind'];
    if (isWord(sub, 'get') && rem >= 2) kind = 'get';
    else if (isWord(sub, 'set') && rem >= 3) kind = 'set';
    else if (isWord(sub, 'incrby') && rem >= 3) kind = 'incrby';
    else if (isWord(sub, 'overflow') && rem >= 1) {
      const w = args[++j]!.toString('latin1').toLowerCase();
      if (w !== 'wrap' && w !== 'sat' && w !== 'fail') return { error: 'ERR Invalid OVERFLOW type specified' };
      overflow = w;
      continue;
    } else return SYNTAX;
    const type = parseType(args[j + 1]!);
    if (type === null) return BAD_TYPE;
    const offset = parseBitOffset(args[j + 2]!, type.bits);
    if (typeof offset !== 'number') return offset;
    let value = 0n;
    if (kind !== 'get') {
      const v = parseLongLong(args[j + 3]!);
      if (v === null) return NOT_INTEGER;
      value = v;
    }
    ops.push({ kind, ...type, offset, value, overflow });
    j += kind === 'get' ? 2 : 3;
  }
  return ops;
}

function bitfield(ctx: CoreContext, args: Buffer[]): Reply {
  const ops = parseOps(args);
  if (!Array.isArray(ops)) return ops;
  const fieldOps = ops as FieldOp[];
  const writes = fieldOps.filter((op) => op.kind !== 'get');
  let bytes: Buffer;
  if (writes.length === 0) {
    const cur = lookupString(ctx, args[1]!);
    if (cur !== undefined && 'error' in cur) return cur;
    bytes = cur === undefined ? Buffer.alloc(0) : cur.bytes;
  } else {
    const highest = Math.max(...writes.map((op) => op.offset + op.bits - 1));
    const s = stringForBits(ctx, args[1]!, highest);
    if ('error' in s) return s;
    bytes = s.bytes;
  }
  return fieldOps.map((op): Reply => {
    const old = readField(bytes, op.offset, op.bits, op.signed);
    if (op.kind === 'get') return old;
    // SET takes the 64-bit argument as the type does: unsigned fields see it as uint64 (-1 → 2^64-1).
    const exact = op.kind === 'incrby' ? old + op.value : op.signed ? op.value : BigInt.asUintN(64, op.value);
    const stored = settle(exact, op.bits, op.signed, op.overflow);
    if (stored === null) return null;
    writeField(bytes, op.offset, op.bits, stored);
    return op.kind === 'incrby' ? stored : old;
  });
}

export const bitfieldCommands: CommandTable = {
  bitfield: withArity(-2, bitfield),
};
