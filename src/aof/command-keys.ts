// Finds which arguments of a command are keys, from the Redis command table plus the commands it cannot describe.
//
// Positions are indexes into the whole argv (argv[0] is the command name), found without decoding values.
// The table (@ioredis/commands' commands.json, from Redis's COMMAND output) gives first/last/step for most
// commands. Commands flagged movablekeys compute their keys at run time in Redis (the *GetKeys functions in
// db.c), so they are handled here one by one; @ioredis/commands' getKeyIndexes does the same but reads
// Buffer arguments as absent for SORT ... STORE and MIGRATE ... KEYS, and needs its arguments as strings.

import { createRequire } from 'node:module';
import { equalsIgnoreCase, lowerName } from '../resp/index.js';
import { readCount } from './count-arg.js';
import { moduleKeyFinder } from './module-keys.js';
import { ownEntry } from './own-entry.js';

interface TableEntry {
  readonly keyStart: number;
  readonly keyStop: number;
  readonly step: number;
  readonly subcommands?: Record<string, TableEntry>;
}

const table = createRequire(import.meta.url)('@ioredis/commands/built/commands.json') as Record<string, TableEntry>;

export type KeyFinder = (argv: readonly Buffer[], argc: number) => readonly number[];

const NONE: readonly number[] = Object.freeze([]);

/** Keys from first to last (a negative last counts from the end, -1 being the last argument), every step. */
function range(first: number, last: number, step: number, argc: number): number[] {
  const stop = last >= 0 ? Math.min(last, argc - 1) : argc + last;
  const keys: number[] = [];
  for (let i = first; i <= stop; i += step) keys.push(i);
  return keys;
}

/** `numkeys key [key ...]` with the count at position at, optionally after fixed keys. */
function counted(at: number, fixed: number[] = [], stride = 1): KeyFinder {
  return (argv, argc) => {
    const n = readCount(argv[at]);
    const keys = [...fixed];
    for (let i = 0; i < n && at + 1 + i * stride < argc; i++) keys.push(at + 1 + i * stride);
    return keys;
  };
}

/** SORT key [BY pattern] [LIMIT offset count] [GET pattern ...] [ASC|DESC] [ALPHA] [STORE dest] (sortGetKeys). */
function sortKeys(argv: readonly Buffer[], argc: number): number[] {
  const keys = [1];
  for (let i = 2; i < argc; i++) {
    const arg = argv[i];
    if (equalsIgnoreCase(arg, 'limit')) i += 2;
    else if (equalsIgnoreCase(arg, 'get') || equalsIgnoreCase(arg, 'by')) i += 1;
    else if (equalsIgnoreCase(arg, 'store') && i + 1 < argc) keys.push(++i);
  }
  return keys;
}

/** MIGRATE host port key|"" db timeout [...] [KEYS key ...] (migrateGetKeys). */
function migrateKeys(argv: readonly Buffer[], argc: number): readonly number[] {
  if (argv[3]?.length === 0) {
    for (let i = 6; i < argc; i++) {
      if (equalsIgnoreCase(argv[i], 'keys')) return range(i + 1, -1, 1, argc);
    }
    return NONE;
  }
  return [3];
}

/** GEORADIUS[BYMEMBER] key … [STORE key] [STOREDIST key] (georadiusGetKeys). */
function georadiusKeys(argv: readonly Buffer[], argc: number): number[] {
  const keys = [1];
  for (let i = 5; i < argc - 1; i++) {
    if (equalsIgnoreCase(argv[i], 'store') || equalsIgnoreCase(argv[i], 'storedist')) keys.push(++i);
  }
  return keys;
}

/** XREAD / XREADGROUP … STREAMS key [key ...] id [id ...] (xreadGetKeys): the first half after STREAMS. */
function xreadKeys(argv: readonly Buffer[], argc: number): readonly number[] {
  for (let i = 1; i < argc; i++) {
    const arg = argv[i];
    if (equalsIgnoreCase(arg, 'block') || equalsIgnoreCase(arg, 'count')) i += 1;
    else if (equalsIgnoreCase(arg, 'group')) i += 2;
    else if (equalsIgnoreCase(arg, 'streams')) {
      const rest = argc - i - 1;
      if (rest === 0 || rest % 2 !== 0) return NONE;
      return range(i + 1, i + rest / 2, 1, argc);
    }
  }
  return NONE;
}

/** Commands whose keys the table cannot place (Redis's movablekeys commands). */
const SPECIAL: Record<string, KeyFinder> = {
  zunionstore: counted(2, [1]),
  zinterstore: counted(2, [1]),
  zdiffstore: counted(2, [1]),
  eval: counted(2),
  eval_ro: counted(2),
  evalsha: counted(2),
  evalsha_ro: counted(2),
  fcall: counted(2),
  fcall_ro: counted(2),
  blmpop: counted(2),
  bzmpop: counted(2),
  lmpop: counted(1),
  zmpop: counted(1),
  sintercard: counted(1),
  zintercard: counted(1),
  zunion: counted(1),
  zinter: counted(1),
  zdiff: counted(1),
  sdiffcard: counted(1),
  sunioncard: counted(1),
  msetex: counted(1, [], 2),
  sort: sortKeys,
  sort_ro: sortKeys,
  migrate: migrateKeys,
  georadius: georadiusKeys,
  georadiusbymember: georadiusKeys,
  xread: xreadKeys,
  xreadgroup: xreadKeys,
};

/**
 * Commands whose table entry places a key that Redis 7 flags NOT_KEY: sharded pub/sub channels, which
 * only pick a cluster slot (COMMAND GETKEYS returns none for them).
 */
const CHANNELS_NOT_KEYS = new Set(['spublish', 'ssubscribe', 'sunsubscribe']);

function fromEntry(entry: TableEntry): KeyFinder {
  if (entry.step <= 0 || entry.keyStart <= 0) return () => NONE;
  const { keyStart, keyStop, step } = entry;
  // keyStop counts from the end when negative (-1: the last argument), as in COMMAND's last_key.
  if (keyStop < 0) return (_argv, argc) => range(keyStart, keyStop, step, argc);
  // Fixed positions (SET, HSET, LMOVE, …: most commands) are one shared array, not one per command.
  const fixed: readonly number[] = Object.freeze(range(keyStart, keyStop, step, keyStop + 1));
  return (_argv, argc) => (argc > keyStop ? fixed : range(keyStart, keyStop, step, argc));
}

function containerFinder(subcommands: Record<string, TableEntry>): KeyFinder {
  const finders = new Map(Object.entries(subcommands).map(([sub, entry]) => [sub, fromEntry(entry)]));
  return (argv, argc) => {
    const sub = argv[1];
    const finder = sub === undefined || sub.length > 32 ? undefined : finders.get(lowerName(sub));
    return finder ? finder(argv, argc) : NONE;
  };
}

function neededFor(entry: TableEntry): number {
  if (entry.subcommands) return Math.max(2, ...Object.values(entry.subcommands).map(neededFor));
  if (entry.step <= 0 || entry.keyStart <= 0) return 1;
  return entry.keyStop > 0 ? entry.keyStop + 1 : Number.POSITIVE_INFINITY;
}

interface CommandKeys {
  readonly find: KeyFinder;
  /** Leading arguments find needs to see (Infinity: it may look at any of them). */
  readonly needed: number;
  /** False when find places keys from argc alone (the table's first/last/step), never reading argv. */
  readonly readsArgs: boolean;
}

const UNKNOWN: CommandKeys = { find: () => NONE, needed: 1, readsArgs: false };
const cache = new Map<string, CommandKeys>();

function lookup(name: string): CommandKeys {
  let found = cache.get(name);
  if (found) return found;
  const special = ownEntry(SPECIAL, name);
  const entry = ownEntry(table, name);
  const module = entry === undefined && name.includes('.') ? moduleKeyFinder(name) : null;
  if (special) found = { find: special, needed: Number.POSITIVE_INFINITY, readsArgs: true };
  else if (module) found = { find: module, needed: Number.POSITIVE_INFINITY, readsArgs: true };
  else if (!entry || CHANNELS_NOT_KEYS.has(name)) found = UNKNOWN;
  else if (entry.subcommands) found = { find: containerFinder(entry.subcommands), needed: neededFor(entry), readsArgs: true };
  else found = { find: fromEntry(entry), needed: neededFor(entry), readsArgs: false };
  cache.set(name, found);
  return found;
}

/**
 * Positions in argv of the key arguments of a command with lower-case name `name` and argc arguments.
 * Commands unknown to the table have none, but for the bundled modules' (module-keys.ts). argv must hold at least
 * argsNeededForKeys(name) arguments (or all of them). The array may be shared: do not modify it.
 */
export function keyPositions(name: string, argv: readonly Buffer[], argc: number): readonly number[] {
  return lookup(name).find(argv, argc);
}

/** keyPositions for one command, looked up once: for a caller that keeps it per command name. */
export function keyFinder(name: string): KeyFinder {
  return lookup(name).find;
}

/** How many leading arguments keyPositions must see for this command: what a reader should keep. */
export function argsNeededForKeys(name: string): number {
  return lookup(name).needed;
}

/** True when keyPositions for this command reads its arguments; false when argc alone places its keys. */
export function keyFinderReadsArgs(name: string): boolean {
  return lookup(name).readsArgs;
}

/** SORT's BY and GET patterns read any key; scripts and functions may touch keys they do not declare; MIGRATE. */
const READS_UNNAMED_KEYS = new Set(['sort', 'sort_ro', 'eval', 'evalsha', 'eval_ro', 'evalsha_ro', 'fcall', 'fcall_ro', 'migrate']);

/** Keyless commands that leave every key as it is (any other keyless command may change keys it does not name). */
const LEAVES_KEYS_ALONE = new Set(['select', 'multi', 'exec', 'discard', 'ping', 'echo', 'publish', 'spublish']);

/** True for a command that may read or write keys its key positions do not name. */
export function readsUnnamedKeys(name: string): boolean {
  return READS_UNNAMED_KEYS.has(name);
}

/** True for a command that names no key and changes none. */
export function leavesKeysAlone(name: string): boolean {
  return LEAVES_KEYS_ALONE.has(name);
}
