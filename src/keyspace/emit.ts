// Rewrite emission for one key: the per-type commands of rewriteAppendOnlyFileRio (the TTL is the caller's PEXPIREAT).
import { rewriteHash } from './hash/hash.js';
import { isHashValue } from './hash/hash-value.js';
import { rewriteList } from './list/list.js';
import { isListValue } from './list/list-value.js';
import { rewriteSet } from './set/set.js';
import { isSetValue } from './set/set-value.js';
import { rewriteStream } from './stream/stream-emit.js';
import { StreamValue } from './stream/stream.js';
import { rewriteString, writePackedString } from './string/string.js';
import { isStringValue } from './core/string-value.js';
import type { KeyCursor } from './core/database.js';
import type { CommandOut, EmitCommand, RedisValue } from './core/types.js';
import { rewriteZSet } from './zset/zset.js';
import { isZSetValue } from './zset/zset-value.js';

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

/** valueCommands for a synchronous consumer (cat's lines, a test). */
export function emitValue(key: Buffer, value: RedisValue, emit: EmitCommand): void {
  for (const command of valueCommands(key, value)) emit(command);
}

/**
 * Writes the commands for the cursor's key straight to out when its value is a packed string, and says so;
 * false: the caller takes cursor.record() through valueCommands.
 */
export function writePacked(cursor: KeyCursor, out: CommandOut): boolean {
  if (!cursor.packedString) return false;
  writePackedString(cursor, out);
  return true;
}
