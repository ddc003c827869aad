// The streaming RDB reader: walks opcodes and keys in file order and yields typed records (rdbLoadRioWithLoadingCtx).

import type { ByteSource } from './byte-source.js';
import * as C from './constants.js';
import { Cursor, type CursorOptions } from './cursor.js';
import { readHeader } from './header.js';
import { plainStringSpan, putString, readLength, readLengthBig, readString } from './length.js';
import { moduleNameById, skipModuleFields } from './module.js';
import { RdbError } from './problem.js';
import type { RdbKeyClaim, RdbKeysCounted, RdbProblem, RdbRecord, RdbSummary } from './types.js';
import { checkValue, isPartable, RDB_TYPE_NAMES, readValue, readValueInParts, valueTypeOf, visitValue } from './values.js';
import { KeyFingerprints } from './key-fingerprints.js';
import type { KeyHash } from './key-hash.js';
import { findDuplicateKey, keysOf } from './duplicate-key.js';
import { quoteBytes } from '../resp/ascii.js';

export interface ReadRdbOptions {
  /** Absolute offset of the "REDIS" signature (default 0). */
  readonly start?: number;
  /** Bytes held in memory at once for file sources (default 1 MiB). */
  readonly windowSize?: number;
  /**
   * Elements per part of a large list, set, sorted set or hash of the encodings whose length only the file
   * bounds (linked lists, quicklists, hashtables): its key record holds the first part and `key-part` records
   * the rest, so a reader that stores them as they come never holds millions of element Buffers at once.
   * Default: whole values.
   */
  readonly partSize?: number;
  /**
   * Hand a string key's name and value as views of the reader's window when both are stored plainly and lie
   * in it (no Buffer of their own, no copy): valid only until the next record is read. For a caller that
   * writes them out at once; other keys and records are as without it.
   */
  readonly stringViews?: boolean;
}

/** Bytes made readable ahead of a string key, so that its name and value can be views of one window. */
const VIEW_AHEAD = 4096;

/** The record generator, plus the offset it has reached (for progress bars). */
export type RdbRecordIterator = Generator<RdbRecord, RdbSummary, undefined> & { readonly offset: number };

/** checkRdb's generator: records other than keys, and a running key count now and then. */
export type RdbCheckIterator = Generator<Exclude<RdbRecord, { type: 'key' }> | RdbKeysCounted, RdbSummary, undefined> & {
  readonly offset: number;
  /** Keys read so far (all of them once the walk is done). */
  readonly keys: number;
};

/** readRdbClaiming's generator: readRdb's records but the claimed keys, and a running count of those now and then. */
export type RdbClaimingIterator = Generator<RdbRecord | RdbKeysCounted, RdbSummary, undefined> & { readonly offset: number };

/** Keys between two `keys-counted` records of checkRdb (each one lets a caller update progress). */
const KEYS_PER_COUNT = 2048;

/**
 * Reads the RDB at `options.start` of `source`, yielding records in file order and returning a summary.
 * Damage never throws: it ends the walk and is returned as `summary.problem`. Exceptions mean a bug or
 * an I/O error. Yielded Buffers are the caller's to keep but are read-only: elements of a compact
 * encoding are views of one copy of it, and small integers come from a shared table, so copy a Buffer
 * before mutating it.
 */
export function readRdb(source: ByteSource, options: ReadRdbOptions = {}): RdbRecordIterator {
  return start(source, options, false) as RdbRecordIterator;
}

/**
 * Reads the RDB as readRdb does, with the same checks, problems and summary, for a caller that only needs
 * to know it is sound: keys are counted (the iterator's `keys`) instead of yielded, and strings, lists and
 * hashtable-encoded collections are checked without materialising their elements.
 */
export function checkRdb(source: ByteSource, options: ReadRdbOptions = {}): RdbCheckIterator {
  return start(source, options, true) as RdbCheckIterator;
}

/**
 * Reads the RDB as readRdb does, with the same checks, problems and summary, but hands the keys `claim`
 * wants to it by place instead of yielding them, their values checked without being kept (a caller that
 * copies records as they lie in the file). `keys-counted` records count the claimed keys now and then.
 */
export function readRdbClaiming(source: ByteSource, claim: RdbKeyClaim, options: ReadRdbOptions = {}): RdbClaimingIterator {
  return start(source, options, false, claim) as RdbClaimingIterator;
}

function start(
  source: ByteSource,
  options: ReadRdbOptions,
  countKeys: boolean,
  claim: RdbKeyClaim | null = null,
  nameDuplicates = true,
): Generator<RdbRecord | RdbKeysCounted, RdbSummary, undefined> {
  const partSize = options.partSize;
  // A part of no elements would never move the reader on.
  if (partSize !== undefined && !(Number.isSafeInteger(partSize) && partSize >= 1))
    throw new RangeError(`partSize must be a positive integer, not ${partSize}`);
  const cursorOptions: CursorOptions = options.windowSize === undefined ? {} : { windowSize: options.windowSize };
  const cur = new Cursor(source, options.start ?? 0, cursorOptions);
  const state: WalkState = {
    version: null,
    emptyKeysSkipped: 0,
    keys: 0,
    partSize: partSize ?? null,
    stringViews: options.stringViews === true,
    claim,
    again: nameDuplicates ? () => start(source, { ...options, partSize: PART_AGAIN, stringViews: false }, false, null, false) : null,
  };
  const gen = walk(cur, state, countKeys);
  Object.defineProperty(gen, 'offset', { get: () => cur.offset });
  if (countKeys) Object.defineProperty(gen, 'keys', { get: () => state.keys });
  return gen;
}

interface WalkState {
  version: number | null;
  emptyKeysSkipped: number;
  keys: number;
  readonly partSize: number | null;
  readonly stringViews: boolean;
  readonly claim: RdbKeyClaim | null;
  /** The file's records read afresh, to name a key read twice; null in that second reading itself. */
  readonly again: (() => Iterable<RdbRecord | RdbKeysCounted>) | null;
}

function* walk(cur: Cursor, state: WalkState, countKeys: boolean): Generator<RdbRecord | RdbKeysCounted, RdbSummary, undefined> {
  try {
    return yield* walkRecords(cur, state, countKeys);
  } catch (err) {
    if (!(err instanceof RdbError)) throw err;
    return stopped(state, err.toProblem());
  }
}

function stopped(state: WalkState, problem: RdbProblem): RdbSummary {
  return { version: state.version, end: null, checksum: { status: 'absent' }, problem, emptyKeysSkipped: state.emptyKeysSkipped };
}

/** Elements per part when a database is read again to name a duplicate key: its values are not kept. */
const PART_AGAIN = 1024;

/**
 * At the end of a database's keys (the SELECTDB or EOF opcode at `to`): refuses them if two are one key, as
 * rdbLoad panics on the second. A shared fingerprint is checked by reading the database's keys again, which
 * names the key and its two offsets, and tells a duplicate from a collision of two keys' fingerprints. A
 * database selected again after another (`repeated`: no server writes that) is checked against all its keys.
 */
function endDatabase(cur: Cursor, keys: KeyFingerprints, state: WalkState, db: number, to: number, repeated: boolean): void {
  let shared = keys.finish();
  if (state.again === null || (shared.length === 0 && !repeated)) return;
  // Reading again may overwrite what the source lent this cursor.
  cur.release();
  if (repeated) shared = fingerprintsAgain(state.again() as Iterable<RdbRecord>, db, to);
  if (shared.length === 0) return;
  const dup = findDuplicateKey(state.again() as Iterable<RdbRecord>, db, to, shared);
  if (dup === null) return;
  throw new RdbError(
    'bad-value',
    dup.second,
    `DB ${db} holds the key ${quoteBytes(dup.key, 60)} twice, at offsets ${dup.first} and ${dup.second}: redis-server panics loading it ("Duplicated key found in RDB file")`,
  );
}

/** The shared fingerprints of every key of database `db` before `to`, in all its sections. */
function fingerprintsAgain(records: Iterable<RdbRecord>, db: number, to: number): KeyHash[] {
  const keys = new KeyFingerprints();
  for (const r of keysOf(records, db, to)) {
    keys.put(r.key, 0, r.key.length);
    keys.commit();
  }
  return keys.finish();
}

function* walkRecords(cur: Cursor, state: WalkState, countKeys: boolean): Generator<RdbRecord | RdbKeysCounted, RdbSummary, undefined> {
  const { version, dialect } = readHeader(cur);
  state.version = version;
  let db = 0;
  // Databases whose keys were read already: one selected again is checked against its earlier keys too.
  const databases = new Set<number>();
  let repeated = false;
  // Duplicate keys are looked for per database section, when it ends (the next SELECTDB or EOF).
  const keys = new KeyFingerprints();
  // Attributes set by opcodes before a key and reset after it (expiry; LRU/LFU hints are read and dropped).
  let expireAtMs: number | null = null;
  for (;;) {
    const offset = cur.offset;
    const type = cur.u8();
    switch (type) {
      case C.RDB_OPCODE_EXPIRETIME:
        expireAtMs = cur.i32le() * 1000;
        continue;
      case C.RDB_OPCODE_EXPIRETIME_MS:
        // Before RDB 9 this was host byte order (rdbLoadMillisecondTime); little-endian hosts are assumed.
        expireAtMs = cur.i64le();
        continue;
      case C.RDB_OPCODE_FREQ:
        cur.u8();
        continue;
      case C.RDB_OPCODE_IDLE:
        readLength(cur);
        continue;
      case C.RDB_OPCODE_SELECTDB:
        // Keys before any SELECTDB are db 0's; a file that selects db 0 first has none there.
        if (keys.size > 0) databases.add(db);
        endDatabase(cur, keys, state, db, offset, repeated);
        db = readLength(cur);
        repeated = databases.has(db);
        yield { type: 'select-db', db, offset };
        continue;
      case C.RDB_OPCODE_RESIZEDB: {
        const dbSize = readLength(cur);
        const expiresSize = readLength(cur);
        // A key record takes at least 3 bytes: a hint past what the file can hold is not believed.
        const keysHint = Math.min(dbSize, Math.floor(cur.remaining / 3));
        keys.reserve(keysHint);
        yield { type: 'resize-db', db, dbSize, expiresSize, keysHint, offset };
        continue;
      }
      case C.RDB_OPCODE_SLOT_INFO:
        // slot id, slot size, expires size: sizing hints for cluster mode only.
        readLength(cur);
        readLength(cur);
        readLength(cur);
        continue;
      case C.RDB_OPCODE_AUX: {
        const key = readString(cur);
        const value = readString(cur);
        yield { type: 'aux', key, value, offset };
        continue;
      }
      case C.RDB_OPCODE_MODULE_AUX: {
        const moduleId = readLengthBig(cur);
        const whenAt = cur.offset;
        const whenOpcode = readLength(cur);
        if (whenOpcode !== C.RDB_MODULE_OPCODE_UINT) {
          throw new RdbError('bad-module', whenAt, `module AUX data at offset ${offset}: bad 'when' opcode ${whenOpcode}`);
        }
        readLength(cur); // when: before or after the keyspace
        const moduleName = moduleNameById(moduleId);
        skipModuleFields(cur, moduleName);
        yield { type: 'module-aux', moduleId, moduleName, offset };
        continue;
      }
      case C.RDB_OPCODE_FUNCTION_PRE_GA: {
        // 7.0-rc1/rc2 layout; Redis 7.0.x rewrites it as a library with a shebang line (rdbFunctionLoad).
        const name = readString(cur);
        const engine = readString(cur);
        if (readLength(cur) !== 0) readString(cur, true); // optional description, dropped by Redis
        const body = readString(cur);
        const code = Buffer.concat([Buffer.from('#!'), engine, Buffer.from(' name='), name, Buffer.from('\n'), body]);
        yield { type: 'function', code, offset };
        continue;
      }
      case C.RDB_OPCODE_FUNCTION2:
        yield { type: 'function', code: readString(cur), offset };
        continue;
      case C.VALKEY_OPCODE_SLOT_IMPORT:
        // Only Valkey gives 243 this meaning (Redis 8.6 uses it for key metadata, in RDB 13, refused above).
        if (dialect !== 'valkey') break;
        skipSlotImport(cur);
        continue;
      case C.RDB_OPCODE_EOF:
        endDatabase(cur, keys, state, db, offset, repeated);
        return finish(cur, state, version);
      default:
        break;
    }
    const vtype = valueTypeOf(type, dialect, offset);
    if (countKeys) {
      putString(cur, keys);
      const kept = checkValue(cur, vtype);
      expireAtMs = null;
      if (!kept) {
        state.emptyKeysSkipped++;
        continue;
      }
      keys.commit();
      if (++state.keys % KEYS_PER_COUNT === 0) yield { type: 'keys-counted', keys: state.keys };
      continue;
    }
    // A claim asks for every key by name, so strings too come the usual way; one that takes values in place
    // (values given) wants only packed collections, never a string.
    if (state.stringViews && (state.claim === null || state.claim.values !== undefined) && vtype === C.RDB_TYPE_STRING) {
      cur.ensure(Math.min(VIEW_AHEAD, cur.remaining));
      const keySpan = plainStringSpan(cur, 0);
      if (keySpan > 0 && plainStringSpan(cur, keySpan) > 0) {
        // Both lie in the window now: neither read below refills it, so the first view stays valid.
        const key = readString(cur, true);
        keys.put(key, 0, key.length);
        const value = readString(cur, true);
        keys.commit();
        const keyExpiry = expireAtMs;
        expireAtMs = null;
        yield { type: 'key', db, key, value: { type: 'string', encoding: 'string', value }, expireAtMs: keyExpiry, offset, end: cur.offset };
        continue;
      }
    }
    const key = readString(cur);
    keys.put(key, 0, key.length);
    const keyExpiry = expireAtMs;
    expireAtMs = null;
    const claim = state.claim;
    if (claim?.wants(db, key, RDB_TYPE_NAMES[vtype] ?? String(vtype), keyExpiry) === true) {
      if (!(claim.values === undefined ? checkValue(cur, vtype) : visitValue(cur, vtype, claim.values))) {
        state.emptyKeysSkipped++;
        continue;
      }
      keys.commit();
      claim.took(offset, cur.offset);
      if (++state.keys % KEYS_PER_COUNT === 0) yield { type: 'keys-counted', keys: state.keys };
      continue;
    }
    if (state.partSize !== null && isPartable(vtype)) {
      let first = true;
      for (const part of readValueInParts(cur, vtype, state.partSize)) {
        if (first) keys.commit();
        yield first
          ? { type: 'key', db, key, value: part, expireAtMs: keyExpiry, offset, end: cur.offset }
          : { type: 'key-part', db, key, value: part, offset, end: cur.offset };
        first = false;
      }
      if (first) state.emptyKeysSkipped++;
      continue;
    }
    const value = readValue(cur, vtype);
    if (value === null) {
      state.emptyKeysSkipped++;
      continue;
    }
    keys.commit();
    yield { type: 'key', db, key, value, expireAtMs: keyExpiry, offset, end: cur.offset };
  }
}

/** Valkey's SLOT_IMPORT: a job name (40 hex characters) and its slot ranges, state of a migration in progress. */
function skipSlotImport(cur: Cursor): void {
  readString(cur);
  const at = cur.offset;
  const ranges = readLength(cur);
  cur.requireAvailable(ranges * 2, at, 'slot import ranges');
  for (let i = 0; i < ranges; i++) {
    readLength(cur);
    readLength(cur);
  }
}

/** After the EOF opcode: the 8-byte little-endian CRC-64 from RDB 5 on, verified unless it is zero. */
function finish(cur: Cursor, state: WalkState, version: number): RdbSummary {
  const base = { version, problem: null, emptyKeysSkipped: state.emptyKeysSkipped };
  if (version < 5) return { ...base, end: cur.offset, checksum: { status: 'absent' } };
  const computed = cur.checksum()!;
  const at = cur.offset;
  const stored = cur.view(8).readBigUInt64LE(0);
  const end = cur.offset;
  if (stored === 0n) return { ...base, end, checksum: { status: 'disabled', stored, computed } };
  if (stored === computed) return { ...base, end, checksum: { status: 'ok', stored, computed } };
  const problem: RdbProblem = {
    code: 'bad-checksum',
    offset: at,
    message: `RDB checksum mismatch at offset ${at}: stored 0x${stored.toString(16)}, computed 0x${computed.toString(16)}`,
  };
  return { ...base, end, checksum: { status: 'mismatch', stored, computed }, problem };
}
