// The one place where every module's command table is merged into the keyspace's dispatch table.
import { bitfieldCommands } from './bitfield.js';
import { bitCommands } from './bitops.js';
import type { CommandTable, CoreHandler } from './context.js';
import { dbCommands } from './dbs.js';
import { expireCommands } from './expire.js';
import { createFunctionCommands } from './functions-commands.js';
import type { FunctionRegistry } from './functions.js';
import { geoSearchCommands } from './geo-search.js';
import { geoCommands } from './geo.js';
import { hashCommands } from './hash.js';
import { hllCommands } from './hyperloglog.js';
import { keyCommands } from './keys.js';
import { listCommands } from './list.js';
import { restoreCommands } from './restore.js';
import { setCommands } from './set.js';
import { sortCommands } from './sort.js';
import { streamCommands } from './stream-commands.js';
import { stringCommands } from './string.js';
import { zsetStoreCommands } from './zset-store.js';
import { zsetCommands } from './zset.js';

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
