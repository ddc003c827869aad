// Replies and error texts shared by the command modules, worded exactly as Redis 7.0 words them.
import type { ErrorReply, Reply, SimpleReply } from './types.js';

export const OK: SimpleReply = { simple: 'OK' };
export const QUEUED: SimpleReply = { simple: 'QUEUED' };

export const WRONGTYPE: ErrorReply = { error: 'WRONGTYPE Operation against a key holding the wrong kind of value' };
export const SYNTAX: ErrorReply = { error: 'ERR syntax error' };
export const NOT_INTEGER: ErrorReply = { error: 'ERR value is not an integer or out of range' };
export const NOT_FLOAT: ErrorReply = { error: 'ERR value is not a valid float' };
export const OVERFLOW: ErrorReply = { error: 'ERR increment or decrement would overflow' };
export const NO_SUCH_KEY: ErrorReply = { error: 'ERR no such key' };
export const INDEX_OUT_OF_RANGE: ErrorReply = { error: 'ERR index out of range' };
export const DB_INDEX_OUT_OF_RANGE: ErrorReply = { error: 'ERR DB index is out of range' };
export const STRING_TOO_LONG: ErrorReply = { error: 'ERR string exceeds maximum allowed size (proto-max-bulk-len)' };

export function wrongArity(name: string): ErrorReply {
  return { error: `ERR wrong number of arguments for '${name}' command` };
}

export function isError(reply: Reply): reply is ErrorReply {
  return reply !== null && typeof reply === 'object' && !Array.isArray(reply) && !Buffer.isBuffer(reply) && 'error' in reply;
}

/** Marks an ErrorReply for a command the keyspace cannot replay faithfully (e.g. a random SPOP). */
export interface IrreproducibleReply extends ErrorReply {
  readonly irreproducible: true;
}

export function isIrreproducible(reply: Reply): reply is IrreproducibleReply {
  return isError(reply) && 'irreproducible' in reply;
}

export function irreproducible(message: string): IrreproducibleReply {
  return { error: `ERR ${message}`, irreproducible: true };
}

/** A lex range over a skiplist whose members are out of lex order: where it starts depends on random levels. */
export const LEX_LEVELS = irreproducible(
  'a lex range over a skiplist-encoded sorted set whose members are not in lex order: where Redis starts depends on its skiplist random levels, so the result cannot be reproduced',
);
