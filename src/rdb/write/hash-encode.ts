// Hashes as the server's SAVE writes them: listpack (ziplist in RDB 9) when small, else a hashtable; 7.4 field TTLs.

import * as C from '../constants.js';
import type { EncodeContext } from './encode-context.js';
import type { Sized, WriteHashEntry } from './model.js';
import { writeLength, writeMillis } from './primitives.js';
import { needsVersion, reason, shown, type WriteReason } from './refusal.js';
import { everyOf, exactly, mapOf } from './sized.js';

/** EB_EXPIRE_TIME_MAX: the largest field expiry the server accepts (2^48-1 ms). */
const FIELD_EXPIRE_MAX = 2 ** 48 - 1;

/** Listpack-ex order: fields with a TTL by expiry (stable), then the rest (listpackExAddNew; checked on load). */
function byExpiry(a: WriteHashEntry, b: WriteHashEntry): number {
  const x = a.expireAtMs ?? Infinity;
  const y = b.expireAtMs ?? Infinity;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The smallest field expiry, or null when no field has one; refuses an expiry the server would not load. */
function minExpiry(entries: Iterable<WriteHashEntry>): number | WriteReason | null {
  let min: number | null = null;
  for (const e of entries) {
    const t = e.expireAtMs;
    if (t === undefined) continue;
    if (!Number.isInteger(t) || t < 1 || t > FIELD_EXPIRE_MAX) {
      return reason('bad-value', `field ${shown(e.field)} expires at ${t}, outside 1 to 2^48-1 ms; Redis refuses the RDB`);
    }
    if (min === null || t < min) min = t;
  }
  return min;
}

/**
 * Within hash-max-listpack-entries/-value (every field and value): HASH_LISTPACK, or with field TTLs
 * HASH_LISTPACK_EX (minimum expiry, then field/value/expiry triplets). Otherwise HASH, or
 * HASH_METADATA (minimum expiry, then per field its TTL relative to it, plus one; 0 for none).
 */
export function encodeHash(entries: Sized<WriteHashEntry>, ctx: EncodeContext): WriteReason | null {
  const n = entries.length;
  if (n === 0) return reason('empty-collection', 'an empty hash (Redis never saves one and skips it on load); delete the key instead');
  const dup = ctx.duplicate(() => mapOf(entries, (e) => e.field));
  if (dup !== null) return reason('bad-value', `hash field ${shown(dup)} appears twice; Redis refuses the RDB ("Duplicate hash fields detected")`);
  const min = minExpiry(entries);
  if (typeof min === 'object' && min !== null) return min;
  const { format, limits, out } = ctx;
  if (min !== null && !format.hashFieldTtl) return needsVersion('hash field TTLs', format.version, 12, 'Redis 7.4');
  const max = limits.hashMaxListpackValue;
  const small = n <= limits.hashMaxListpackEntries && everyOf(entries, (e) => e.field.length <= max && e.value.length <= max);
  if (small && min === null) {
    const b = ctx.compact();
    for (const e of entries) {
      b.appendString(e.field);
      b.appendString(e.value);
    }
    ctx.startKey(format.compact === 'ziplist' ? C.RDB_TYPE_HASH_ZIPLIST : C.RDB_TYPE_HASH_LISTPACK);
    ctx.string(b.finish());
    return null;
  }
  if (small) {
    const lp = ctx.listpack;
    lp.reset();
    for (const e of Array.from(entries).sort(byExpiry)) {
      lp.appendString(e.field);
      lp.appendString(e.value);
      lp.appendInteger(e.expireAtMs ?? 0);
    }
    ctx.startKey(C.RDB_TYPE_HASH_LISTPACK_EX);
    writeMillis(out, min!);
    ctx.string(lp.finish());
    return null;
  }
  ctx.startKey(min === null ? C.RDB_TYPE_HASH : C.RDB_TYPE_HASH_METADATA);
  if (min !== null) writeMillis(out, min);
  writeLength(out, n);
  for (const e of exactly(entries, n)) {
    if (min !== null) writeLength(out, e.expireAtMs === undefined ? 0 : e.expireAtMs - min + 1);
    ctx.string(e.field);
    ctx.string(e.value);
  }
  return null;
}
