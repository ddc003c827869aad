// Sets as the server's SAVE writes them: intset (all integers), listpack (RDB 11+, small), else a hashtable.

import { RDB_TYPE_SET, RDB_TYPE_SET_INTSET, RDB_TYPE_SET_LISTPACK } from '../constants.js';
import type { EncodeContext } from './encode-context.js';
import type { Sized } from './model.js';
import { parseInt64 } from './int64-text.js';
import { encodeIntset } from './intset-encode.js';
import { writeLength } from './primitives.js';
import { reason, shown, type WriteReason } from './refusal.js';
import { everyOf, exactly } from './sized.js';

/**
 * The encoding a set of these members has once loaded (rdbLoadObject converts a hashtable set it reads
 * the same way): an intset when every member is an integer and there are at most set-max-intset-entries,
 * a listpack (7.2+) within set-max-listpack-entries/-value, else a hashtable. Before RDB 11 a small set
 * of strings is written as a hashtable, which holds the same members.
 */
export function encodeSet(members: Sized<Buffer>, ctx: EncodeContext): WriteReason | null {
  const n = members.length;
  if (n === 0) return reason('empty-collection', 'an empty set (Redis never saves one and skips it on load); delete the key instead');
  const dup = ctx.duplicate(() => members);
  if (dup !== null) return reason('bad-value', `set member ${shown(dup)} appears twice; Redis refuses the RDB ("Duplicate set members detected")`);
  const { limits, out } = ctx;
  if (n <= limits.setMaxIntsetEntries) {
    const ints: (number | bigint)[] = [];
    for (const m of members) {
      const v = parseInt64(m);
      if (v === null) break;
      ints.push(v);
    }
    if (ints.length === n) {
      ctx.startKey(RDB_TYPE_SET_INTSET);
      ctx.string(encodeIntset(ints));
      return null;
    }
  }
  if (ctx.format.setListpack && n <= limits.setMaxListpackEntries && everyOf(members, (m) => m.length <= limits.setMaxListpackValue)) {
    const lp = ctx.listpack;
    lp.reset();
    for (const m of members) lp.appendString(m);
    ctx.startKey(RDB_TYPE_SET_LISTPACK);
    ctx.string(lp.finish());
    return null;
  }
  ctx.startKey(RDB_TYPE_SET);
  writeLength(out, n);
  for (const m of exactly(members, n)) ctx.string(m);
  return null;
}
