// Public surface of the scratch keyspace: replay commands, iterate keys, emit a rewrite, load RDB values.
export { Keyspace, isUnknownCommand, type KeyRecord, type KeyspaceOptions, type UnknownCommandReply } from './keyspace.js';
export { emitValue } from './emit.js';
export { loadRdbValue, valueFromRdb } from './rdb-load.js';
export { isIrreproducible, isError, type IrreproducibleReply } from './core/replies.js';
export { emitFunctions, functionLoadCommand } from './functions/functions-commands.js';
export type * from './core/types.js';
