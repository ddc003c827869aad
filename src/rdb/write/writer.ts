// The RDB writer: header and aux fields, functions, databases and keys, EOF and CRC-64, streamed out in chunks (rdbSaveRio).

import * as C from '../constants.js';
import { ChunkWriter, type ChunkConsumer, type ChunkWriterOptions } from './chunk-writer.js';
import { EncodeContext } from './encode-context.js';
import { DEFAULT_LIMITS, rdbFormat, type EncodingLimits, type PlainNodes, type RdbFormat, type RdbWriteVersion } from './format.js';
import { encodeHash } from './hash-encode.js';
import { encodeList } from './list-encode.js';
import type { RdbWriteKey, RdbWriteValue } from './model.js';
import { checkModulePayload, encodeModule } from './module-encode.js';
import { writeLength, writeLengthBig, writeKeyExpiry, writeString } from './primitives.js';
import { needsVersion, reason, shown, type RdbWriteRefusal, type WriteReason } from './refusal.js';
import { encodeSet } from './set-encode.js';
import { encodeStream } from './stream-encode.js';
import { encodeZset } from './zset-encode.js';

export interface RdbWriterOptions extends ChunkWriterOptions {
  readonly version: RdbWriteVersion;
  /** The target server's thresholds, where they differ from the defaults. */
  readonly limits?: Partial<EncodingLimits>;
  /** LZF-compress strings that shrink, as rdbcompression yes (default true). */
  readonly compression?: boolean;
  /** Write the CRC-64 (default true); false writes 0, which loaders take as "not computed". */
  readonly checksum?: boolean;
  /** Override when list items get plain nodes (see PlainNodes). */
  readonly plainNodes?: PlainNodes;
  /**
   * Search sets, sorted sets, hashes and stream groups for repeated names, which the server refuses on
   * load (default true). false for collections unique by construction (a keyspace, or the RDB reader,
   * which refuses duplicates itself): the search is several percent of the writing time.
   */
  readonly checkDuplicates?: boolean;
}

/** The aux fields rdbSaveInfoAuxFields writes first; each may be overridden. */
export interface RdbHeaderOptions {
  /** false: no default aux fields at all. */
  readonly defaultAux?: boolean;
  /** redis-ver (default: the version the target profile imitates). */
  readonly redisVer?: string;
  /** ctime in unix seconds (default: now). */
  readonly ctime?: number;
  /** used-mem in bytes (default 0: the writer is not a server). */
  readonly usedMem?: number;
  /** Mark the file as an AOF base: aof-base 1 (aof-preamble 1 in RDB 9). */
  readonly aofBase?: boolean;
}

export interface RdbWriteSummary {
  readonly bytes: number;
  readonly checksum: bigint;
  readonly keys: number;
}

type State = 'new' | 'open' | 'ended';

export class RdbWriter {
  readonly format: RdbFormat;
  private readonly out: ChunkWriter;
  private readonly ctx: EncodeContext;
  private readonly withChecksum: boolean;
  private state: State = 'new';
  private db = -1;
  /** The db of the key being written, selected once its value is known to be writable. */
  private keyDb = 0;
  private keys = 0;

  constructor(consumer: ChunkConsumer, options: RdbWriterOptions) {
    this.format = rdbFormat(options.version, options.plainNodes);
    this.out = new ChunkWriter(consumer, options);
    this.withChecksum = options.checksum ?? true;
    const limits = { ...DEFAULT_LIMITS, ...options.limits };
    const selectKeyDb = (): void => {
      if (this.keyDb !== this.db) this.selectDb(this.keyDb);
    };
    this.ctx = new EncodeContext(this.out, this.format, limits, options.compression ?? true, selectKeyDb, options.checkDuplicates ?? true);
  }

  /** Bytes written so far. */
  get offset(): number {
    return this.out.offset;
  }

  /** The signature and, unless turned off, redis-ver, redis-bits, ctime, used-mem and aof-base. */
  begin(header: RdbHeaderOptions = {}): void {
    this.expect('new', 'begin');
    this.state = 'open';
    this.out.bytes(this.format.magic);
    if (header.defaultAux === false) return;
    this.writeAux('redis-ver', header.redisVer ?? this.format.serverVersion);
    this.writeAux('redis-bits', '64');
    this.writeAux('ctime', String(header.ctime ?? Math.floor(Date.now() / 1000)));
    this.writeAux('used-mem', String(header.usedMem ?? 0));
    this.writeAux(this.format.baseAuxName, header.aofBase ? '1' : '0');
  }

  /**
   * Starts a writer of key records alone, all in database `db`: no signature, aux fields or SELECTDB. Its
   * bytes are part of another writer's output, which copies them in (beginCopy, copyBytes); flush() hands out
   * the last of them, and it never ends.
   */
  beginKeys(db: number): void {
    this.expect('new', 'beginKeys');
    this.state = 'open';
    this.db = db;
    this.keyDb = db;
  }

  /** Hands the bytes written so far to the consumer (a writer of key records alone: see beginKeys). */
  flush(): void {
    this.expect('open', 'flush');
    this.out.flush();
  }

  /** An AUX field (rdbSaveAuxField): both strings as rdbSaveRawString writes them. */
  writeAux(key: Buffer | string, value: Buffer | string): void {
    this.expect('open', 'writeAux');
    this.out.u8(C.RDB_OPCODE_AUX);
    writeString(this.out, typeof key === 'string' ? Buffer.from(key) : key, this.ctx.compress);
    writeString(this.out, typeof value === 'string' ? Buffer.from(value) : value, this.ctx.compress);
  }

  /** A function library's code (RDB_OPCODE_FUNCTION2, RDB 10+). The server writes them before the first database. */
  writeFunction(code: Buffer): RdbWriteRefusal | null {
    this.expect('open', 'writeFunction');
    if (!this.format.functions) return this.refusal(needsVersion('functions', this.format.version, 10, 'Redis 7.0'), null);
    this.out.u8(C.RDB_OPCODE_FUNCTION2);
    this.ctx.string(code);
    return null;
  }

  /** Module AUX data carried verbatim: `payload` is the 'when' field, the module's fields and their EOF. */
  writeModuleAux(moduleId: bigint, payload: Buffer): RdbWriteRefusal | null {
    this.expect('open', 'writeModuleAux');
    const bad = checkModulePayload(moduleId, payload, true);
    if (bad !== null) return this.refusal(bad, null);
    this.out.u8(C.RDB_OPCODE_MODULE_AUX);
    writeLengthBig(this.out, moduleId);
    this.out.bytes(payload);
    return null;
  }

  /** SELECTDB, and RESIZEDB when the db's key and expiry counts are known (the server always knows them). */
  selectDb(db: number, sizes?: { readonly keys: number; readonly expires: number }): void {
    this.expect('open', 'selectDb');
    if (!Number.isSafeInteger(db) || db < 0) throw new RangeError(`database number ${db} is not a non-negative integer`);
    this.out.u8(C.RDB_OPCODE_SELECTDB);
    writeLength(this.out, db);
    this.db = db;
    if (sizes === undefined) return;
    this.out.u8(C.RDB_OPCODE_RESIZEDB);
    writeLength(this.out, sizes.keys);
    writeLength(this.out, sizes.expires);
  }

  /**
   * One key (selecting its db first when it is not the current one). Returns null when written, or a
   * refusal when the target cannot hold the value or the server would refuse it; then nothing was written.
   */
  writeKey(k: RdbWriteKey): RdbWriteRefusal | null {
    this.expect('open', 'writeKey');
    if (k.expireAtMs !== null && !Number.isSafeInteger(k.expireAtMs)) {
      return this.refusal(reason('bad-value', `expiry ${k.expireAtMs} is not a whole number of milliseconds`), k);
    }
    this.keyDb = k.db;
    const ctx = this.ctx;
    ctx.key = k.key;
    ctx.expireAtMs = k.expireAtMs;
    const bad = this.encode(k.value);
    if (bad !== null) return this.refusal(bad, k);
    this.keys++;
    return null;
  }

  /**
   * Starts key records copied as they are (type byte, name, value) from an RDB whose value types the target
   * loads: selects `db` and writes the expiry when there is one (then the copy holds one key). Their bytes
   * follow through copyBytes; `keys` counts them in the summary.
   */
  beginCopy(db: number, expireAtMs: number | null, keys: number): void {
    this.expect('open', 'beginCopy');
    if (expireAtMs !== null && (keys !== 1 || !Number.isSafeInteger(expireAtMs))) {
      throw new RangeError(`a copied expiry needs one key and whole milliseconds, not ${keys} keys expiring at ${expireAtMs}`);
    }
    if (db !== this.db) this.selectDb(db);
    if (expireAtMs !== null) writeKeyExpiry(this.out, expireAtMs);
    this.keys += keys;
  }

  /** Bytes of the records begun by beginCopy, as read. */
  copyBytes(b: Uint8Array, start = 0, end = b.length): void {
    this.expect('open', 'copyBytes');
    this.out.bytes(b, start, end);
  }

  /** EOF and the checksum; hands out the last chunk. */
  end(): RdbWriteSummary {
    this.expect('open', 'end');
    this.state = 'ended';
    this.out.u8(C.RDB_OPCODE_EOF);
    const crc = this.withChecksum ? this.out.checksum() : 0n;
    const at = this.out.reserve(8);
    this.out.buffer.writeBigUInt64LE(crc, at);
    this.out.commit(8);
    this.out.flush();
    return { bytes: this.out.offset, checksum: crc, keys: this.keys };
  }

  private encode(v: RdbWriteValue): WriteReason | null {
    const ctx = this.ctx;
    switch (v.type) {
      case 'string':
        ctx.startKey(C.RDB_TYPE_STRING);
        ctx.string(v.value);
        return null;
      case 'list':
        return encodeList(v.items, ctx);
      case 'set':
        return encodeSet(v.members, ctx);
      case 'zset':
        return encodeZset(v.entries, ctx, v.descending);
      case 'hash':
        return encodeHash(v.entries, ctx);
      case 'stream':
        return encodeStream(v, ctx);
      case 'module':
        return encodeModule(v.moduleId, v.payload, ctx);
    }
  }

  private refusal(r: WriteReason, k: RdbWriteKey | null): RdbWriteRefusal {
    const subject = k === null ? '' : `key ${shown(k.key)} in db ${k.db}: `;
    return { code: r.code, db: k?.db ?? null, key: k?.key ?? null, offset: this.out.offset, message: subject + r.message };
  }

  private expect(state: State, call: string): void {
    if (this.state === state) return;
    const when = this.state === 'new' ? 'before begin()' : this.state === 'ended' ? 'after end()' : 'after begin()';
    throw new Error(`RdbWriter.${call}() called ${when}`);
  }
}
