// Rewrite emission for one key: the per-type commands of rewriteAppendOnlyFileRio (the TTL is the caller's PEXPIREAT).
import { emitHash } from './hash/hash.js';
import { isHashValue } from './hash/hash-value.js';
import { emitList } from './list/list.js';
import { isListValue } from './list/list-value.js';
import { emitSet } from './set/set.js';
import { isSetValue } from './set/set-value.js';
import { emitStream } from './stream/stream-emit.js';
import { StreamValue } from './stream/stream.js';
import { emitString } from './string/string.js';
import { isStringValue } from './string/string-value.js';
import type { EmitCommand, RedisValue } from './core/types.js';
import { emitZSet } from './zset/zset.js';
import { isZSetValue } from './zset/zset-value.js';

export function emitValue(key: Buffer, value: RedisValue, emit: EmitCommand): void {
  if (isStringValue(value)) emitString(key, value, emit);
  else if (isListValue(value)) emitList(key, value, emit);
  else if (isSetValue(value)) emitSet(key, value, emit);
  else if (isZSetValue(value)) emitZSet(key, value, emit);
  else if (isHashValue(value)) emitHash(key, value, emit);
  else if (value instanceof StreamValue) emitStream(key, value, emit);
  else throw new Error(`no emitter for value type ${value.type}`);
}
