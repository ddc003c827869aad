// Rewrite emission for one key: the per-type commands of rewriteAppendOnlyFileRio (the TTL is the caller's PEXPIREAT).
import type { RdbValue } from '../rdb/types.js';
import { hmsetBatches, rewriteHash, writeHmsets } from './hash/hash.js';
import { isHashValue } from './hash/hash-value.js';
import { rewriteList, rpushBatches, writeRpushes } from './list/list.js';
import { isListValue } from './list/list-value.js';
import { rewriteSet, saddBatches, writeSadds } from './set/set.js';
import { isSetValue } from './set/set-value.js';
import { rewriteStream } from './stream/stream-emit.js';
import { StreamValue } from './stream/stream.js';
import { rewriteString, writePackedString } from './string/string.js';
import { isStringValue } from './core/string-value.js';
import type { KeyCursor } from './core/database.js';
import type { CommandOut, EmitCommand, RedisValue } from './core/types.js';
import { rewriteZSet, writeZadds, zaddBatches } from './zset/zset.js';
import { partValue, valueFromRdb } from './rdb-load.js';
import { isZSetValue } from './zset/zset-value.js';

/** The name of the command that follows a key's commands when it has a TTL, with the absolute time in ms. */
export const PEXPIREAT = Buffer.from('PEXPIREAT');

/**
 * The commands that rebuild one key, one at a time: a writer awaits its output between them, so a key of
 * millions of items is never held serialized in memory. Each argv holds views of the value: consume it first.
 */
export function valueCommands(key: Buffer, value: RedisValue): Generator<Buffer[]> {
  if (isStringValue(value)) return rewriteString(key, value);
  if (isListValue(value)) return rewriteList(key, value);
  if (isSetValue(value)) return rewriteSet(key, value);
  if (isZSetValue(value)) return rewriteZSet(key, value);
  if (isHashValue(value)) return rewriteHash(key, value);
  if (value instanceof StreamValue) return rewriteStream(key, value);
  throw new Error(`no emitter for value type ${value.type}`);
}

/**
 * The commands that rebuild an RDB value as the keyspace would write it, straight from the decoded elements
 * in file order, with no value built where the order is all that differs: a set, a hash without field TTLs,
 * a list, a sorted set without -0. A later part of a large collection (readRdb's partSize, `laterPart`) adds
 * to the key its earlier parts made: the loading server holds that key in its large encoding by then (a part
 * follows thousands of elements, and no encoding turns back while loading), so even -0 goes as it is.
 */
export function rdbValueCommands(key: Buffer, v: RdbValue, laterPart: boolean): Generator<Buffer[]> {
  if (writtenAsDecoded(v, laterPart)) {
    switch (v.type) {
      case 'set':
        return saddBatches(key, v.members);
      case 'list':
        return rpushBatches(key, v.items);
      case 'zset':
        return zaddBatches(
          key,
          v.entries.map((e): [Buffer, number] => [e.member, e.score]),
        );
      case 'hash':
        return hmsetBatches(
          key,
          v.entries.map((e) => [e.field, e.value]),
        );
      default:
        break;
    }
  }
  if (laterPart) return valueCommands(key, partValue(v));
  const value = valueFromRdb(v);
  if ('error' in value) throw new Error(`no commands for an RDB ${value.error}`);
  return valueCommands(key, value);
}

/**
 * rdbValueCommands written straight to `out` when the value's commands come from its decoded elements (no
 * array per element or per command); false when they do not, and nothing was written.
 */
export function writeRdbValue(key: Buffer, v: RdbValue, laterPart: boolean, out: CommandOut): boolean {
  if (!writtenAsDecoded(v, laterPart)) return false;
  switch (v.type) {
    case 'set':
      writeSadds(out, key, v.members);
      return true;
    case 'list':
      writeRpushes(out, key, v.items);
      return true;
    case 'zset':
      writeZadds(out, key, v.entries);
      return true;
    case 'hash':
      writeHmsets(out, key, v.entries);
      return true;
    default:
      return false;
  }
}

/** Whether an RDB value's commands are its decoded elements in file order (see rdbValueCommands). */
function writtenAsDecoded(v: RdbValue, laterPart: boolean): boolean {
  switch (v.type) {
    case 'set':
    case 'list':
      return true;
    case 'zset':
      return laterPart || !v.entries.some((e) => Object.is(e.score, -0));
    case 'hash':
      return v.entries.every((e) => e.expireAtMs === undefined);
    default:
      return false;
  }
}

/** valueCommands for a synchronous consumer (cat's lines, a test). */
export function emitValue(key: Buffer, value: RedisValue, emit: EmitCommand): void {
  for (const command of valueCommands(key, value)) emit(command);
}

/** For a string read as Buffers (an RDB base's, written as it is read). */
export { writeStringCommand } from './string/string.js';

/**
 * Writes the commands for the cursor's key straight to out when its value is a packed string, and says so;
 * false: the caller takes cursor.record() through valueCommands.
 */
export function writePacked(cursor: KeyCursor, out: CommandOut): boolean {
  if (!cursor.packedString) return false;
  writePackedString(cursor, out);
  return true;
}
