// Decodes one value of a given RDB type into an RdbValue (rdbLoadObject), or null for an empty key Redis skips.

import * as C from './constants.js';
import type { RdbDialect } from './header.js';
import type { Cursor } from './cursor.js';
import { decodeIntset, walkIntset } from './intset.js';
import { putString, readBlob, readCount, readLength, readLengthBig, readString, readTextDouble, skipString } from './length.js';
import { countListpack, decodeListpack, decodeListpackStrings, entryText, walkListpackNames, type ListpackEntry } from './listpack.js';
import { oddElements, PackedNames } from './packed-names.js';
import { moduleNameById, skipModuleFields } from './module.js';
import { RdbError } from './problem.js';
import { readStream } from './stream.js';
import type { PackedValueSink, RdbValue } from './types.js';
import { UniqueNames, refuseDuplicates } from './unique.js';
import { decodeZiplist } from './ziplist.js';
import { decodeZipmap } from './zipmap.js';

/** rdb_type_string[] of redis-check-rdb, so our encodings read the same as its output. */
export const RDB_TYPE_NAMES: Readonly<Record<number, string>> = {
  [C.RDB_TYPE_STRING]: 'string',
  [C.RDB_TYPE_LIST]: 'list-linked',
  [C.RDB_TYPE_SET]: 'set-hashtable',
  [C.RDB_TYPE_ZSET]: 'zset-v1',
  [C.RDB_TYPE_HASH]: 'hash-hashtable',
  [C.RDB_TYPE_ZSET_2]: 'zset-v2',
  [C.RDB_TYPE_MODULE_PRE_GA]: 'module-pre-release',
  [C.RDB_TYPE_MODULE_2]: 'module-value',
  [C.RDB_TYPE_HASH_ZIPMAP]: 'hash-zipmap',
  [C.RDB_TYPE_LIST_ZIPLIST]: 'list-ziplist',
  [C.RDB_TYPE_SET_INTSET]: 'set-intset',
  [C.RDB_TYPE_ZSET_ZIPLIST]: 'zset-ziplist',
  [C.RDB_TYPE_HASH_ZIPLIST]: 'hash-ziplist',
  [C.RDB_TYPE_LIST_QUICKLIST]: 'quicklist',
  [C.RDB_TYPE_STREAM_LISTPACKS]: 'stream',
  [C.RDB_TYPE_HASH_LISTPACK]: 'hash-listpack',
  [C.RDB_TYPE_ZSET_LISTPACK]: 'zset-listpack',
  [C.RDB_TYPE_LIST_QUICKLIST_2]: 'quicklist-v2',
  [C.RDB_TYPE_STREAM_LISTPACKS_2]: 'stream-v2',
  [C.RDB_TYPE_SET_LISTPACK]: 'set-listpack',
  [C.RDB_TYPE_STREAM_LISTPACKS_3]: 'stream-v3',
  [C.RDB_TYPE_HASH_METADATA_PRE_GA]: 'hash-hashtable-md-pre-release',
  [C.RDB_TYPE_HASH_LISTPACK_EX_PRE_GA]: 'hash-listpack-md-pre-release',
  [C.RDB_TYPE_HASH_METADATA]: 'hash-hashtable-md',
  [C.RDB_TYPE_HASH_LISTPACK_EX]: 'hash-listpack-md',
  [C.VALKEY_TYPE_HASH_2]: 'hash-hashtable-volatile (Valkey)',
};

/** True for the type bytes rdbIsObjectType accepts. */
export function isValueType(t: number): boolean {
  return (t >= 0 && t <= 7) || (t >= 9 && t <= 25);
}

/**
 * The value type a type byte names in this dialect. A Valkey file's 22 is its hash with per-field expiry;
 * 23–243 are foreign to Valkey 9.0 ("Can't handle foreign type or opcode"), as types past 25 are to Redis.
 */
export function valueTypeOf(type: number, dialect: RdbDialect, offset: number): number {
  if (dialect === 'valkey') {
    if (type === 22) return C.VALKEY_TYPE_HASH_2;
    if (type > 22) throw new RdbError('bad-type', offset, `value type ${type} at offset ${offset} is unknown to Valkey 9.0 (a newer Valkey's, or damage)`);
  }
  if (!isValueType(type)) throw new RdbError('bad-type', offset, `unknown value type or opcode ${type} (0x${type.toString(16)}) at offset ${offset}`);
  return type;
}

/** Largest field expiry Redis accepts (EB_EXPIRE_TIME_MAX, 2^48-1 ms). */
const EB_EXPIRE_TIME_MAX = 2 ** 48 - 1;

interface ZsetEntry {
  member: Buffer;
  score: number;
}
interface HashEntry {
  field: Buffer;
  value: Buffer;
  expireAtMs?: number;
}

/**
 * A score stored as text inside a ziplist/listpack, text[start, end): Redis reads it with strtod (zzlStrtod)
 * and never checks it on load, so "inf"/"-inf" are infinities, a numeric prefix counts, and garbage is 0.
 */
export function scoreText(text: Buffer, start = 0, end = text.length): number {
  const t = text.toString('latin1', start, end).trim().toLowerCase();
  const unsigned = t.startsWith('-') || t.startsWith('+') ? t.slice(1) : t;
  if (unsigned.startsWith('inf')) return t.startsWith('-') ? -Infinity : Infinity;
  if (unsigned.startsWith('nan')) return NaN;
  const v = parseFloat(t);
  return Number.isNaN(v) ? 0 : v;
}

/** A listpack score as zzlGetScore reads it: an integer encoding as a double, text through strtod. */
function listpackScore(e: ListpackEntry): number {
  return typeof e === 'number' ? e : typeof e === 'bigint' ? Number(e) : scoreText(e);
}

function pairs<T>(items: T[], at: number, what: string): [T, T][] {
  if (items.length % 2 !== 0) throw oddElements(what, at);
  const out = new Array<[T, T]>(items.length / 2);
  for (let i = 0; i < items.length; i += 2) out[i / 2] = [items[i]!, items[i + 1]!];
  return out;
}

/** A ziplist's or listpack's zset elements (members and scores alternating) as its value; null when empty. */
function packedZset(items: ListpackEntry[], at: number, encoding: string): RdbValue | null {
  const entries = pairs(items, at, 'zset').map(([member, score]) => ({ member: entryText(member), score: listpackScore(score) }));
  refuseDuplicates(
    entries.map((e) => e.member),
    at,
    'zset',
  );
  return entries.length === 0 ? null : { type: 'zset', encoding, entries };
}

/** A zset listpack handed to a PackedValueSink (checked, not empty), as readValue gives it. */
export function zsetFromListpack(lp: Buffer, at: number): RdbValue {
  const value = packedZset(decodeListpack(lp, at), at, RDB_TYPE_NAMES[C.RDB_TYPE_ZSET_LISTPACK]!);
  if (value === null) throw new Error('zsetFromListpack: a handed zset is never empty');
  return value;
}

/** Reads the value of RDB type `type` at the cursor. Returns null for an empty collection (Redis skips the key). */
export function readValue(cur: Cursor, type: number): RdbValue | null {
  const at = cur.offset;
  const encoding = RDB_TYPE_NAMES[type] ?? String(type);
  switch (type) {
    case C.RDB_TYPE_STRING:
      return { type: 'string', encoding, value: readString(cur) };

    case C.RDB_TYPE_LIST_ZIPLIST: {
      const items = readBlob(cur, decodeZiplist);
      return items.length === 0 ? null : { type: 'list', encoding, items };
    }

    case C.RDB_TYPE_LIST:
    case C.RDB_TYPE_LIST_QUICKLIST:
    case C.RDB_TYPE_LIST_QUICKLIST_2:
    case C.RDB_TYPE_SET:
    case C.RDB_TYPE_ZSET:
    case C.RDB_TYPE_ZSET_2:
    case C.RDB_TYPE_HASH:
      for (const whole of readValueInParts(cur, type, Infinity)) return whole;
      return null;

    case C.RDB_TYPE_SET_INTSET:
      return { type: 'set', encoding, members: readBlob(cur, decodeIntset) };

    case C.RDB_TYPE_SET_LISTPACK: {
      const members = readBlob(cur, decodeListpackStrings);
      refuseDuplicates(members, at, 'set listpack');
      return members.length === 0 ? null : { type: 'set', encoding, members };
    }

    case C.RDB_TYPE_ZSET_ZIPLIST:
    case C.RDB_TYPE_ZSET_LISTPACK: {
      // A listpack's integer scores are taken as numbers, never turned into text and parsed back.
      return packedZset(readBlob(cur, type === C.RDB_TYPE_ZSET_ZIPLIST ? decodeZiplist : decodeListpack), at, encoding);
    }

    case C.RDB_TYPE_HASH_ZIPMAP: {
      const entries = readBlob(cur, decodeZipmap);
      refuseDuplicates(
        entries.map((e) => e.field),
        at,
        'hash zipmap',
      );
      return { type: 'hash', encoding, entries };
    }

    case C.RDB_TYPE_HASH_ZIPLIST:
    case C.RDB_TYPE_HASH_LISTPACK: {
      const items = readBlob(cur, type === C.RDB_TYPE_HASH_ZIPLIST ? decodeZiplist : decodeListpackStrings);
      const entries = pairs(items, at, 'hash').map(([field, value]) => ({ field, value }));
      refuseDuplicates(
        entries.map((e) => e.field),
        at,
        'hash',
      );
      return entries.length === 0 ? null : { type: 'hash', encoding, entries };
    }

    case C.RDB_TYPE_HASH_METADATA:
    case C.RDB_TYPE_HASH_METADATA_PRE_GA:
      return readHashWithTtls(cur, type, encoding);

    case C.VALKEY_TYPE_HASH_2:
      return readValkeyHash2(cur, encoding);

    case C.RDB_TYPE_HASH_LISTPACK_EX:
    case C.RDB_TYPE_HASH_LISTPACK_EX_PRE_GA: {
      if (type === C.RDB_TYPE_HASH_LISTPACK_EX) cur.skip(8); // minimum field expiry, only a hint
      const blobAt = cur.offset;
      const lp = readBlob(cur, decodeListpack);
      if (lp.length % 3 !== 0) throw new RdbError('bad-value', blobAt, `hash listpack at offset ${blobAt} is not field/value/ttl triplets`);
      const entries: HashEntry[] = [];
      for (let i = 0; i < lp.length; i += 3) {
        const ttl = lp[i + 2]!;
        if (Buffer.isBuffer(ttl)) throw new RdbError('bad-value', blobAt, `hash listpack at offset ${blobAt}: TTL is not an integer`);
        const entry: HashEntry = { field: entryText(lp[i]!), value: entryText(lp[i + 1]!) };
        // HASH_LP_NO_TTL is 0; anything else is an absolute unix time in ms.
        if (Number(ttl) !== 0) entry.expireAtMs = Number(ttl);
        entries.push(entry);
      }
      refuseDuplicates(
        entries.map((e) => e.field),
        blobAt,
        'hash listpack',
      );
      return entries.length === 0 ? null : { type: 'hash', encoding, entries };
    }

    case C.RDB_TYPE_STREAM_LISTPACKS:
    case C.RDB_TYPE_STREAM_LISTPACKS_2:
    case C.RDB_TYPE_STREAM_LISTPACKS_3:
      return readStream(cur, {
        v2: type >= C.RDB_TYPE_STREAM_LISTPACKS_2,
        v3: type >= C.RDB_TYPE_STREAM_LISTPACKS_3,
        encoding,
      });

    case C.RDB_TYPE_MODULE_2: {
      const moduleId = readLengthBig(cur);
      const moduleName = moduleNameById(moduleId);
      skipModuleFields(cur, moduleName);
      return { type: 'module', encoding, moduleId, moduleName };
    }

    case C.RDB_TYPE_MODULE_PRE_GA:
      throw new RdbError('bad-module', at, `pre-release module value (type 6) at offset ${at}: its length cannot be known`);

    default:
      throw new RdbError('bad-type', at - 1, `unknown value type ${type} at offset ${at - 1}`);
  }
}

/** Types whose element count only the file bounds: readValueInParts reads them. */
export function isPartable(type: number): boolean {
  return (
    type === C.RDB_TYPE_LIST ||
    type === C.RDB_TYPE_LIST_QUICKLIST ||
    type === C.RDB_TYPE_LIST_QUICKLIST_2 ||
    type === C.RDB_TYPE_SET ||
    type === C.RDB_TYPE_ZSET ||
    type === C.RDB_TYPE_ZSET_2 ||
    type === C.RDB_TYPE_HASH
  );
}

/**
 * Reads a value of a partable type with readValue's reads and checks, yielding its elements in values of
 * `size` or more (a quicklist's part ends with a node) and a last one with the rest; nothing for an empty
 * collection (a key Redis skips). A duplicate is refused across parts. With size Infinity this is readValue.
 */
export function* readValueInParts(cur: Cursor, type: number, size: number): Generator<RdbValue, void, undefined> {
  const encoding = RDB_TYPE_NAMES[type]!;
  if (type === C.RDB_TYPE_LIST_QUICKLIST || type === C.RDB_TYPE_LIST_QUICKLIST_2) {
    for (const items of readQuicklist(cur, type, true, size)) yield { type: 'list', encoding, items };
    return;
  }
  const set = type === C.RDB_TYPE_SET;
  const list = type === C.RDB_TYPE_LIST;
  const hash = type === C.RDB_TYPE_HASH;
  const n = list ? readCount(cur, 'list element') : readCount(cur, set ? 'set member' : hash ? 'hash field' : 'zset member', set ? 1 : 2);
  const unique = list ? null : new UniqueNames(set ? 'set' : hash ? 'hash' : 'zset', n);
  for (let from = 0; from < n; from += size) {
    const count = Math.min(size, n - from);
    if (list || set) {
      const items = new Array<Buffer>(count);
      for (let i = 0; i < count; i++) {
        const itemAt = cur.offset;
        items[i] = readString(cur);
        unique?.add(items[i]!, itemAt);
      }
      yield list ? { type: 'list', encoding, items } : { type: 'set', encoding, members: items };
    } else if (hash) {
      const entries = new Array<HashEntry>(count);
      for (let i = 0; i < count; i++) {
        const fieldAt = cur.offset;
        entries[i] = { field: readString(cur), value: readString(cur) };
        unique!.add(entries[i]!.field, fieldAt);
      }
      yield { type: 'hash', encoding, entries };
    } else {
      const entries = new Array<ZsetEntry>(count);
      for (let i = 0; i < count; i++) {
        const memberAt = cur.offset;
        const member = readString(cur);
        unique!.add(member, memberAt);
        const scoreAt = cur.offset;
        const score = type === C.RDB_TYPE_ZSET_2 ? cur.f64le() : readTextDouble(cur);
        if (Number.isNaN(score)) throw new RdbError('bad-value', scoreAt, `zset with NaN score at offset ${scoreAt}`);
        entries[i] = { member, score };
      }
      yield { type: 'zset', encoding, entries };
    }
  }
}

/**
 * Consumes a value with every check readValue makes; false for an empty collection (a key Redis skips).
 * Strings and lists, which need no duplicate search, are checked without producing their elements;
 * other types are decoded and dropped, so their checks stay the ones readValue makes.
 */
export function checkValue(cur: Cursor, type: number): boolean {
  if (type === C.RDB_TYPE_STRING) {
    skipString(cur);
    return true;
  }
  if (type === C.RDB_TYPE_LIST_QUICKLIST || type === C.RDB_TYPE_LIST_QUICKLIST_2) {
    const nodes = readQuicklist(cur, type, false, Infinity);
    let step = nodes.next();
    while (!step.done) step = nodes.next();
    return step.value > 0;
  }
  if (type === C.RDB_TYPE_SET || type === C.RDB_TYPE_ZSET || type === C.RDB_TYPE_ZSET_2 || type === C.RDB_TYPE_HASH) {
    return checkHashtable(cur, type);
  }
  const listpack = LISTPACK_NAMES.get(type);
  if (listpack !== undefined) return checkListpackNames(cur, listpack[0], listpack[1])[2] > 0;
  return readValue(cur, type) !== null;
}

/** The encodings visitValue hands to a PackedValueSink (RDB_TYPE_NAMES). */
export const HANDED_ENCODINGS: ReadonlySet<string> = new Set(
  [C.RDB_TYPE_SET_LISTPACK, C.RDB_TYPE_HASH_LISTPACK, C.RDB_TYPE_ZSET_LISTPACK, C.RDB_TYPE_SET_INTSET].map((t) => RDB_TYPE_NAMES[t]!),
);

/** The listpack encodings handed over in place: what a report calls each, and its elements per name. */
const LISTPACK_NAMES: ReadonlyMap<number, readonly [string, number]> = new Map([
  [C.RDB_TYPE_SET_LISTPACK, ['set listpack', 1]],
  [C.RDB_TYPE_HASH_LISTPACK, ['hash', 2]],
  [C.RDB_TYPE_ZSET_LISTPACK, ['zset', 2]],
]);

/**
 * Consumes a value of a HANDED_ENCODINGS type with every check readValue makes, then hands it to `sink`
 * where it lies (nothing for an empty collection, which Redis skips); false for an empty one.
 */
export function visitValue(cur: Cursor, type: number, sink: PackedValueSink): boolean {
  const listpack = LISTPACK_NAMES.get(type);
  if (listpack !== undefined) {
    const [lp, at, n] = checkListpackNames(cur, listpack[0], listpack[1]);
    if (n > 0) sink.listpack(RDB_TYPE_NAMES[type]!, lp, at, n);
    return n > 0;
  }
  if (type !== C.RDB_TYPE_SET_INTSET) throw new Error(`visitValue: type ${type} is not handed over in place`);
  // An intset is never empty (walkIntset refuses one), and is checked whole before it is handed over.
  const [is, at, count] = readBlob(cur, (blob, blobAt) => [blob, blobAt, walkIntset(blob, blobAt, () => undefined)] as const, false);
  sink.intset(is, at, count);
  return true;
}

/** One duplicate search for every packed collection checked. */
const packedNames = new PackedNames();

/**
 * A listpack set, hash or zset as readValue checks it (the listpack's structure, then an odd count where
 * names and values alternate, then a repeated name), with its names searched in place. Returns the listpack,
 * its offset and element count; the listpack stays valid until the cursor's next read (a view of its window,
 * or bytes of its own). A zset's scores need no check: Redis reads them with strtod and never refuses one.
 */
function checkListpackNames(cur: Cursor, what: string, stride: number): readonly [Buffer, number, number] {
  const at = cur.offset;
  const names = packedNames.begin(what, stride);
  const checked = readBlob(cur, (lp, blobAt) => [lp, blobAt, walkListpackNames(lp, blobAt, names)] as const, false);
  if (checked[2] % stride !== 0) throw oddElements(what, at);
  names.end(at);
  return checked;
}

/** One duplicate search for every hashtable-encoded collection checked. */
const hashtableNames = new UniqueNames('');

/**
 * The hashtable encodings of sets, zsets and hashes as readValue reads them (same order of reads and
 * checks), with names only copied into the duplicate search and values skipped.
 */
function checkHashtable(cur: Cursor, type: number): boolean {
  const set = type === C.RDB_TYPE_SET;
  const hash = type === C.RDB_TYPE_HASH;
  const n = readCount(cur, set ? 'set member' : hash ? 'hash field' : 'zset member', set ? 1 : 2);
  const unique = hashtableNames;
  unique.reset(set ? 'set' : hash ? 'hash' : 'zset', n);
  for (let i = 0; i < n; i++) {
    const nameAt = cur.offset;
    putString(cur, unique);
    if (hash) {
      skipString(cur);
      unique.commit(nameAt);
    } else if (!set) {
      unique.commit(nameAt);
      const scoreAt = cur.offset;
      const score = type === C.RDB_TYPE_ZSET_2 ? cur.f64le() : readTextDouble(cur);
      if (Number.isNaN(score)) throw new RdbError('bad-value', scoreAt, `zset with NaN score at offset ${scoreAt}`);
    } else {
      unique.commit(nameAt);
    }
  }
  return n > 0;
}

/**
 * A quicklist's nodes (plain strings or packed ziplists/listpacks): when `keep`, yields their elements in
 * arrays of `size` or more (whole nodes) and a last one with the rest; returns how many there are.
 */
function* readQuicklist(cur: Cursor, type: number, keep: boolean, size: number): Generator<Buffer[], number, undefined> {
  const nodes = readCount(cur, 'quicklist node');
  let count = 0;
  let items: Buffer[] = [];
  for (let i = 0; i < nodes; i++) {
    if (items.length >= size) {
      yield items;
      items = [];
    }
    let container = C.QUICKLIST_NODE_CONTAINER_PACKED;
    if (type === C.RDB_TYPE_LIST_QUICKLIST_2) {
      const cAt = cur.offset;
      container = readLength(cur);
      if (container !== C.QUICKLIST_NODE_CONTAINER_PACKED && container !== C.QUICKLIST_NODE_CONTAINER_PLAIN) {
        throw new RdbError('bad-value', cAt, `quicklist node container ${container} at offset ${cAt} is neither plain (1) nor packed (2)`);
      }
    }
    const nodeAt = cur.offset;
    if (container === C.QUICKLIST_NODE_CONTAINER_PLAIN) {
      const item = readString(cur, !keep);
      if (item.length === 0) throw new RdbError('bad-value', nodeAt, `empty quicklist node at offset ${nodeAt}`);
      if (keep) items.push(item);
      count++;
      continue;
    }
    // Empty ziplists/listpacks inside a quicklist are skipped silently, as Redis does.
    count += readBlob(
      cur,
      (blob, blobAt) => {
        if (blob.length === 0) throw new RdbError('bad-value', nodeAt, `empty quicklist node at offset ${nodeAt}`);
        if (type === C.RDB_TYPE_LIST_QUICKLIST) {
          const node = decodeZiplist(blob, blobAt);
          if (keep) for (const item of node) items.push(item);
          return node.length;
        }
        if (!keep) return countListpack(blob, blobAt);
        const node = decodeListpackStrings(blob, blobAt);
        for (const item of node) items.push(item);
        return node.length;
      },
      keep,
    );
  }
  if (items.length > 0) yield items;
  return count;
}

/**
 * Valkey 9's RDB_TYPE_HASH_2: a count, then per field its name, value and an 8-byte little-endian expiry in
 * ms, -1 for none; rdbLoadObject refuses an expiry below -1.
 */
function readValkeyHash2(cur: Cursor, encoding: string): RdbValue | null {
  const n = readCount(cur, 'hash field', 10);
  const entries = new Array<HashEntry>(n);
  const unique = new UniqueNames('hash', n);
  for (let i = 0; i < n; i++) {
    const fieldAt = cur.offset;
    const entry: HashEntry = { field: readString(cur), value: readString(cur) };
    unique.add(entry.field, fieldAt);
    const expiryAt = cur.offset;
    const expiry = cur.i64le();
    if (expiry < -1 || expiry > EB_EXPIRE_TIME_MAX) throw new RdbError('bad-value', expiryAt, `invalid field expiry ${expiry} at offset ${expiryAt}`);
    if (expiry !== -1) entry.expireAtMs = expiry;
    entries[i] = entry;
  }
  return n === 0 ? null : { type: 'hash', encoding, entries };
}

/** RDB_TYPE_HASH_METADATA(_PRE_GA): per field a TTL (relative to a stored minimum, or absolute in the RC format). */
function readHashWithTtls(cur: Cursor, type: number, encoding: string): RdbValue | null {
  let minExpire = 0;
  if (type === C.RDB_TYPE_HASH_METADATA) minExpire = cur.i64le();
  const n = readCount(cur, 'hash field', 3);
  const entries = new Array<HashEntry>(n);
  const unique = new UniqueNames('hash', n);
  for (let i = 0; i < n; i++) {
    const ttlAt = cur.offset;
    const ttl = readLength(cur);
    // 0 means no TTL; otherwise ttl + minExpire - 1 (rdbLoadObject), absolute in the pre-GA format.
    const expireAt = ttl === 0 ? 0 : type === C.RDB_TYPE_HASH_METADATA ? ttl + minExpire - 1 : ttl;
    if (expireAt > EB_EXPIRE_TIME_MAX) throw new RdbError('bad-value', ttlAt, `invalid field expiry ${expireAt} at offset ${ttlAt}`);
    const fieldAt = cur.offset;
    const entry: HashEntry = { field: readString(cur), value: readString(cur) };
    unique.add(entry.field, fieldAt);
    if (expireAt !== 0) entry.expireAtMs = expireAt;
    entries[i] = entry;
  }
  return n === 0 ? null : { type: 'hash', encoding, entries };
}
