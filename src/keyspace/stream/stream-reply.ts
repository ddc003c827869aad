// Replies and argument helpers the stream commands share, with Redis's exact error texts.
import { equalsIgnoreCase } from '../../resp/index.js';
import type { ErrorReply, KeyspaceContext, Reply } from '../core/types.js';
import { parseLongLong } from './stream-number.js';
import { StreamValue } from './stream.js';

export const OK: Reply = { simple: 'OK' };
export const SYNTAX_ERROR: ErrorReply = { error: 'ERR syntax error' };
const WRONG_TYPE: ErrorReply = { error: 'WRONGTYPE Operation against a key holding the wrong kind of value' };
const NOT_AN_INTEGER: ErrorReply = { error: 'ERR value is not an integer or out of range' };

export function isError(reply: unknown): reply is ErrorReply {
  return typeof reply === 'object' && reply !== null && 'error' in reply;
}

export function errorReply(message: string): ErrorReply {
  return { error: `ERR ${message}` };
}

/** A `%s` argument in addReplyErrorFormat: read as a C string, with CR/LF turned into spaces. */
export function formatArg(arg: Buffer): string {
  const nul = arg.indexOf(0);
  return (nul === -1 ? arg : arg.subarray(0, nul)).toString('latin1').replace(/[\r\n]/g, ' ');
}

/** addReplyErrorArity: the command's full name in lower case (e.g. `xgroup|create`). */
export function arityError(fullName: string): ErrorReply {
  return errorReply(`wrong number of arguments for '${fullName}' command`);
}

/** addReplySubcommandSyntaxError. */
export function subcommandSyntaxError(args: readonly Buffer[]): ErrorReply {
  const command = args[0]!.toString('latin1').toUpperCase();
  return errorReply(`unknown subcommand or wrong number of arguments for '${formatArg(args[1]!).slice(0, 128)}'. Try ${command} HELP.`);
}

/** getLongLongFromObjectOrReply: the value, or the error reply (with a custom message when given). */
export function readLongLong(arg: Buffer, message?: string): bigint | ErrorReply {
  const value = parseLongLong(arg);
  if (value !== null) return value;
  return message === undefined ? NOT_AN_INTEGER : errorReply(message);
}

/** The stream at `key`: undefined if missing, WRONGTYPE if another type (checkType). */
export function lookupStream(ctx: KeyspaceContext, key: Buffer): StreamValue | undefined | ErrorReply {
  const value = ctx.db.lookup(key);
  if (value === undefined) return undefined;
  return value instanceof StreamValue ? value : WRONG_TYPE;
}

export function isOption(arg: Buffer | undefined, lowerName: string): boolean {
  return equalsIgnoreCase(arg, lowerName);
}
