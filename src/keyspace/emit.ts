// Rewrite emission for one key: the per-type commands of rewriteAppendOnlyFileRio (the TTL is the caller's PEXPIREAT).
import { emitHash } from './hash.js';
import { isHashValue } from './hash-value.js';
import { emitList } from './list.js';
import { isListValue } from './list-value.js';
import { emitSet } from './set.js';
import { isSetValue } from './set-value.js';
import { emitStream } from './stream-emit.js';
import { StreamValue } from './stream.js';
import { emitString } from './string.js';
import { isStringValue } from './string-value.js';
import type { EmitCommand, RedisValue } from './types.js';
import { emitZSet } from './zset.js';
import { isZSetValue } from './zset-value.js';

export function emitValue(key: Buffer, value: RedisValue, emit: EmitCommand): void {
  if (isStringValue(value)) emitString(key, value, emit);
  else if (isListValue(value)) emitList(key, value, emit);
  else if (isSetValue(value)) emitSet(key, value, emit);
  else if (isZSetValue(value)) emitZSet(key, value, emit);
  else if (isHashValue(value)) emitHash(key, value, emit);
  else if (value instanceof StreamValue) emitStream(key, value, emit);
  else throw new Error(`no emitter for value type ${value.type}`);
}
