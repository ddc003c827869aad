// Sorted sets as the server's SAVE writes them: a listpack (ziplist in RDB 9) of member/score when small, else ZSET_2.

import { RDB_TYPE_ZSET_2, RDB_TYPE_ZSET_LISTPACK, RDB_TYPE_ZSET_ZIPLIST } from '../constants.js';
import type { EncodeContext } from './encode-context.js';
import type { Sized, WriteZsetEntry } from './model.js';
import { writeBinaryDouble, writeLength } from './primitives.js';
import { reason, shown, type WriteReason } from './refusal.js';
import { scoreText } from './score-text.js';
import { everyOf, exactly, mapOf } from './sized.js';

/** Skiplist order: by score, then by member bytes (zslInsert, and the order zzlInsert keeps in a listpack). */
function byScore(a: WriteZsetEntry, b: WriteZsetEntry): number {
  return a.score < b.score ? -1 : a.score > b.score ? 1 : Buffer.compare(a.member, b.member);
}

/** An array's elements from the last to the first. */
function* backwards<T>(items: readonly T[]): Generator<T> {
  for (let i = items.length - 1; i >= 0; i--) yield items[i]!;
}

/**
 * Within zset-max-listpack-entries/-value: a listpack in score order (the server never re-sorts one on
 * load) with scores as d2string text. Otherwise ZSET_2 from the greatest element down, as
 * rdbSaveObject walks the skiplist from its tail. Entries already in order (`descending` given) are walked
 * as they are; others are sorted first.
 */
export function encodeZset(entries: Sized<WriteZsetEntry>, ctx: EncodeContext, descending?: Iterable<WriteZsetEntry>): WriteReason | null {
  const n = entries.length;
  if (n === 0) return reason('empty-collection', 'an empty sorted set (Redis never saves one and skips it on load); delete the key instead');
  for (const e of entries) {
    if (Number.isNaN(e.score)) return reason('bad-value', `member ${shown(e.member)} has a NaN score; Redis refuses the RDB ("Zset with NAN score detected")`);
  }
  const dup = ctx.duplicate(() => mapOf(entries, (e) => e.member));
  if (dup !== null) return reason('bad-value', `sorted set member ${shown(dup)} appears twice; Redis refuses the RDB ("Duplicate zset fields detected")`);
  const { limits, format, out } = ctx;
  const sorted = descending === undefined ? Array.from(entries).sort(byScore) : null;
  if (n <= limits.zsetMaxListpackEntries && everyOf(entries, (e) => e.member.length <= limits.zsetMaxListpackValue)) {
    const b = ctx.compact();
    for (const e of sorted ?? entries) {
      b.appendString(e.member);
      b.appendString(scoreText(e.score, format.scoreStyle));
    }
    ctx.startKey(format.compact === 'ziplist' ? RDB_TYPE_ZSET_ZIPLIST : RDB_TYPE_ZSET_LISTPACK);
    ctx.string(b.finish());
    return null;
  }
  ctx.startKey(RDB_TYPE_ZSET_2);
  writeLength(out, n);
  for (const e of exactly(sorted === null ? descending! : backwards(sorted), n)) {
    ctx.string(e.member);
    writeBinaryDouble(out, e.score);
  }
  return null;
}
