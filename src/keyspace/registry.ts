// The one place where every module's command table is merged into the keyspace's dispatch table.
import { bitfieldCommands } from './string/bitfield.js';
import { bitCommands } from './string/bitops.js';
import type { CommandTable, CoreHandler } from './core/context.js';
import { dbCommands } from './generic/dbs.js';
import { expireCommands } from './generic/expire.js';
import { createFunctionCommands } from './functions/functions-commands.js';
import type { FunctionRegistry } from './functions/functions.js';
import { geoSearchCommands } from './geo/geo-search.js';
import { geoCommands } from './geo/geo.js';
import { hashCommands } from './hash/hash.js';
import { hashTtlCommands } from './hash/hash-ttl.js';
import { hllCommands } from './hyperloglog/hyperloglog.js';
import { keyCommands } from './generic/keys.js';
import { listCommands } from './list/list.js';
import { restoreCommands } from './restore.js';
import { setCommands } from './set/set.js';
import { sortCommands } from './generic/sort.js';
import { streamCommands } from './stream/stream-commands.js';
import { stringCommands } from './string/string.js';
import { zsetStoreCommands } from './zset/zset-store.js';
import { zsetCommands } from './zset/zset.js';

/** Tables merged in order; stream and FUNCTION commands come from their own modules. */
const TABLES: CommandTable[] = [
  dbCommands,
  keyCommands,
  expireCommands,
  stringCommands,
  bitCommands,
  bitfieldCommands,
  hllCommands,
  listCommands,
  hashCommands,
  hashTtlCommands,
  setCommands,
  sortCommands,
  zsetCommands,
  zsetStoreCommands,
  geoCommands,
  geoSearchCommands,
  restoreCommands,
  streamCommands,
];

/** Lower-case command name → handler; FUNCTION is bound to the keyspace's library registry. */
export function commandTable(functions: FunctionRegistry): Map<string, CoreHandler> {
  const table = new Map<string, CoreHandler>();
  for (const t of [...TABLES, createFunctionCommands(functions)]) for (const [name, handler] of Object.entries(t)) table.set(name.toLowerCase(), handler);
  return table;
}
