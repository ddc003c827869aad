// Rebuilds an RDB base's (or preamble's) keys and functions as the commands a rewrite writes (the same
// rdbValueCommands the rewrite streams a base through), so `cat` and `salvage` cover them.

import { functionLoadCommand, valueFromRdb } from '../../keyspace/index.js';
import { PEXPIREAT, rdbValueCommands } from '../../keyspace/emit.js';
import type { RdbRecord } from '../../rdb/types.js';

/**
 * Emits the commands that recreate one RDB record: per-type writes plus PEXPIREAT for a key, FUNCTION LOAD
 * for a library, nothing for aux fields and the like (a hash's field TTLs as HPEXPIREAT). Returns why a key has
 * no command form (a module type), else null.
 */
export function rdbRecordCommands(record: RdbRecord, emit: (args: Buffer[]) => void): string | null {
  if (record.type === 'function') {
    emit(functionLoadCommand(Buffer.from(record.code)));
    return null;
  }
  if (record.type !== 'key') return null;
  if (record.value.type === 'module') {
    // valueFromRdb holds the one message for a value the keyspace cannot hold.
    const refused = valueFromRdb(record.value);
    return 'error' in refused ? refused.error : null;
  }
  for (const command of rdbValueCommands(record.key, record.value, false)) emit(command);
  if (record.expireAtMs !== null) emit([PEXPIREAT, Buffer.from(record.key), Buffer.from(String(record.expireAtMs))]);
  return null;
}
