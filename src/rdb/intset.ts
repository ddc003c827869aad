// Intset decoding (RDB_TYPE_SET_INTSET) with the checks of intsetValidateIntegrity (deep).

import { intText } from './length.js';
import { RdbError } from './problem.js';

/** The members of an intset as decimal text, in their stored (ascending) order. */
export function decodeIntset(is: Buffer, at: number): Buffer[] {
  const out: Buffer[] = [];
  walkIntset(is, at, (v) => out.push(typeof v === 'number' ? intText(v) : Buffer.from(v.toString(), 'latin1')));
  return out;
}

/** Hands each member of an intset to `visit` in stored order, after its checks; returns the member count. */
export function walkIntset(is: Buffer, at: number, visit: (member: number | bigint) => void): number {
  const fail = (pos: number, why: string): never => {
    throw new RdbError('bad-intset', at + pos, `intset at offset ${at}: ${why}`);
  };
  if (is.length < 8) fail(0, `too short (${is.length} bytes)`);
  const width = is.readUInt32LE(0);
  if (width !== 2 && width !== 4 && width !== 8) fail(0, `invalid encoding ${width}`);
  const count = is.readUInt32LE(4);
  if (8 + count * width !== is.length) fail(4, `${count} members of ${width} bytes do not fill ${is.length - 8} bytes`);
  if (count === 0) fail(4, 'empty intset');
  let prev: bigint | number | null = null;
  for (let i = 0; i < count; i++) {
    const p = 8 + i * width;
    const v: number | bigint = width === 2 ? is.readInt16LE(p) : width === 4 ? is.readInt32LE(p) : is.readBigInt64LE(p);
    if (prev !== null && v <= prev) fail(p, 'members are not strictly ascending');
    prev = v;
    visit(v);
  }
  return count;
}
