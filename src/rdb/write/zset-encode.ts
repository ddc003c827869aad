// Sorted sets as the server's SAVE writes them: a listpack (ziplist in RDB 9) of member/score when small, else ZSET_2.

import { RDB_TYPE_ZSET_2, RDB_TYPE_ZSET_LISTPACK, RDB_TYPE_ZSET_ZIPLIST } from '../constants.js';
import type { EncodeContext } from './encode-context.js';
import type { WriteZsetEntry } from './model.js';
import { writeBinaryDouble, writeLength } from './primitives.js';
import { reason, shown, type WriteReason } from './refusal.js';
import { scoreText } from './score-text.js';

/** Skiplist order: by score, then by member bytes (zslInsert, and the order zzlInsert keeps in a listpack). */
function byScore(a: WriteZsetEntry, b: WriteZsetEntry): number {
  return a.score < b.score ? -1 : a.score > b.score ? 1 : Buffer.compare(a.member, b.member);
}

/**
 * Within zset-max-listpack-entries/-value: a listpack in score order (the server never re-sorts one on
 * load) with scores as d2string text. Otherwise ZSET_2 from the greatest element down, as
 * rdbSaveObject walks the skiplist from its tail.
 */
export function encodeZset(entries: readonly WriteZsetEntry[], ctx: EncodeContext): WriteReason | null {
  const n = entries.length;
  if (n === 0) return reason('empty-collection', 'an empty sorted set (Redis never saves one and skips it on load); delete the key instead');
  for (const e of entries) {
    if (Number.isNaN(e.score)) return reason('bad-value', `member ${shown(e.member)} has a NaN score; Redis refuses the RDB ("Zset with NAN score detected")`);
  }
  const dup = ctx.duplicate(n, (i) => entries[i]!.member);
  if (dup !== null) return reason('bad-value', `sorted set member ${shown(dup)} appears twice; Redis refuses the RDB ("Duplicate zset fields detected")`);
  const { limits, format, out } = ctx;
  const sorted = entries.slice().sort(byScore);
  if (n <= limits.zsetMaxListpackEntries && entries.every((e) => e.member.length <= limits.zsetMaxListpackValue)) {
    const b = ctx.compact();
    for (const e of sorted) {
      b.appendString(e.member);
      b.appendString(scoreText(e.score, format.scoreStyle));
    }
    ctx.startKey(format.compact === 'ziplist' ? RDB_TYPE_ZSET_ZIPLIST : RDB_TYPE_ZSET_LISTPACK);
    ctx.string(b.finish());
    return null;
  }
  ctx.startKey(RDB_TYPE_ZSET_2);
  writeLength(out, n);
  for (let i = n - 1; i >= 0; i--) {
    ctx.string(sorted[i]!.member);
    writeBinaryDouble(out, sorted[i]!.score);
  }
  return null;
}
