// FUNCTION LOAD/DELETE/FLUSH/RESTORE handlers bound to a registry, and the FUNCTION LOADs a rewrite emits.
import { decodeFunctionDump } from '../../rdb/index.js';
import { ownEntry } from '../../aof/own-entry.js';
import { RDB_OPCODE_FUNCTION_PRE_GA } from '../../rdb/constants.js';
import { equalsIgnoreCase, lowerName } from '../../resp/index.js';
import type { CommandHandler, EmitCommand, ErrorReply, Reply } from '../core/types.js';
import { FunctionRegistry, type FunctionLibrary } from './functions.js';

const OK: Reply = { simple: 'OK' };
const FUNCTION = Buffer.from('FUNCTION');
const LOAD = Buffer.from('LOAD');

/** Subcommand arities from the 7.0 command table; the read-only ones never appear in an AOF. */
const ARITY: Record<string, number> = {
  load: -3,
  delete: 3,
  flush: -2,
  restore: -3,
  list: -2,
  dump: 2,
  stats: 2,
  kill: 2,
  help: 2,
};

function error(message: string): ErrorReply {
  // addReplyErrorSds/addReplyErrorFormat turn CR and LF into spaces.
  return { error: `ERR ${message.replace(/[\r\n]/g, ' ')}` };
}

function subcommandSyntaxError(args: readonly Buffer[]): ErrorReply {
  return error(`unknown subcommand or wrong number of arguments for '${args[1]!.toString('latin1').slice(0, 128)}'. Try FUNCTION HELP.`);
}

/** FUNCTION LOAD [REPLACE …] code: every argument before the code must be REPLACE. */
function load(registry: FunctionRegistry, args: readonly Buffer[]): Reply {
  let replace = false;
  let at = 2;
  for (; at < args.length - 1; at++) {
    if (!equalsIgnoreCase(args[at], 'replace')) return error(`Unknown option given: ${args[at]!.toString('latin1')}`);
    replace = true;
  }
  const loaded = registry.load(args[at]!, replace);
  return Buffer.isBuffer(loaded) ? Buffer.from(loaded) : error(loaded.message);
}

/** FUNCTION FLUSH [ASYNC|SYNC] */
function flush(registry: FunctionRegistry, args: readonly Buffer[]): Reply {
  if (args.length > 3) return subcommandSyntaxError(args);
  if (args.length === 3 && !equalsIgnoreCase(args[2], 'sync') && !equalsIgnoreCase(args[2], 'async')) {
    return error('FUNCTION FLUSH only supports SYNC|ASYNC option');
  }
  registry.flush();
  return OK;
}

/** The libraries of a FUNCTION DUMP payload, each checked as rdbFunctionLoad checks it (no duplicates inside). */
function librariesOfDump(payload: Buffer): FunctionLibrary[] | ErrorReply {
  const decoded = decodeFunctionDump(payload);
  if ('problem' in decoded) {
    const { code, offset } = decoded.problem;
    if (payload.length < 10 || code === 'unsupported-version' || code === 'bad-checksum') {
      return error('DUMP payload version or checksum are wrong');
    }
    if (code === 'bad-function' && payload[offset] === RDB_OPCODE_FUNCTION_PRE_GA) {
      // 7.0 still converts 7.0-rc libraries; we refuse them with 7.2's wording.
      return error('Pre-GA function format not supported');
    }
    return error(code === 'bad-function' ? 'given type is not a function' : 'Failed loading library payload');
  }
  const scratch = new FunctionRegistry();
  for (const code of decoded.libraries) {
    const loaded = scratch.load(code, false);
    if (!Buffer.isBuffer(loaded)) return error(loaded.message);
  }
  return scratch.libraries();
}

/** FUNCTION RESTORE payload [FLUSH|APPEND|REPLACE] */
function restore(registry: FunctionRegistry, args: readonly Buffer[]): Reply {
  if (args.length > 4) return subcommandSyntaxError(args);
  const policy = args.length === 4 ? lowerName(args[3]!) : 'append';
  if (policy !== 'append' && policy !== 'replace' && policy !== 'flush') {
    return error('Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.');
  }
  const libraries = librariesOfDump(args[2]!);
  if (!Array.isArray(libraries)) return libraries;
  if (policy === 'flush') registry.flush();
  const refused = registry.join(libraries, policy !== 'append');
  return refused === null ? OK : error(refused.message);
}

/**
 * The FUNCTION container command bound to `registry`; the keyspace registers the result under
 * `function` (e.g. `{ ...streamCommands, ...createFunctionCommands(registry) }`).
 */
export function createFunctionCommands(registry: FunctionRegistry): Record<string, CommandHandler> {
  const handler: CommandHandler = (_ctx, args) => {
    if (args.length < 2) return error("wrong number of arguments for 'function' command");
    const sub = lowerName(args[1]!);
    const arity = ownEntry(ARITY, sub);
    if (arity === undefined) {
      return error(`unknown subcommand '${args[1]!.toString('latin1').slice(0, 128)}'. Try FUNCTION HELP.`);
    }
    if (arity >= 0 ? args.length !== arity : args.length < -arity) {
      return error(`wrong number of arguments for 'function|${sub}' command`);
    }
    switch (sub) {
      case 'load':
        return load(registry, args);
      case 'delete':
        return registry.delete(args[2]!) ? OK : error('Library not found');
      case 'flush':
        return flush(registry, args);
      case 'restore':
        return restore(registry, args);
      default:
        return error(`aof: FUNCTION ${sub.toUpperCase()} is not a write command and is not replayed`);
    }
  };
  return { function: handler };
}

/** `FUNCTION LOAD <code>` per library, in byte order of the names (rewriteFunctions, which uses dict order). */
export function emitFunctions(registry: FunctionRegistry, emit: EmitCommand): void {
  for (const library of registry.libraries()) emit(functionLoadCommand(library.code));
}

/** The command a rewrite writes for one library. */
export function functionLoadCommand(code: Buffer): Buffer[] {
  return [FUNCTION, LOAD, code];
}
