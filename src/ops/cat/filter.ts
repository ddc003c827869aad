// Decides whether `cat` selects a command: database, name, key pattern, and a window of offsets or time.

import { matchKeyPattern } from '../../aof/glob.js';
import type { CatCommand } from './command.js';

/**
 * A window edge: a byte offset (in the named file, or in every file when file is null) or a unix time in
 * seconds compared with the last #TS before each command.
 */
export type CatBound = { readonly kind: 'offset'; readonly file: string | null; readonly offset: number } | { readonly kind: 'time'; readonly ts: number };

export interface CatFilter {
  /** Databases to keep (a SELECT belongs to the database it selects). */
  db?: number[];
  /** Lower-case command names to keep. */
  commands?: string[];
  /**
   * Redis glob patterns: a command is kept when one of its keys matches one of them, and so are
   * FLUSHALL, FLUSHDB and SWAPDB, which change every key.
   */
  keys?: Buffer[];
  /** Keep commands starting at or after this offset, or whose time is at or after this time. */
  from?: CatBound;
  /** Keep commands starting before this offset, or whose time is at or before this time. */
  to?: CatBound;
  /** What to leave out of what the rest selects (filter's surgery: undo a FLUSHALL, drop a key's history). */
  exclude?: CatExclusions;
}

/** Commands left out by name, by a key matching a pattern, or by database. */
export interface CatExclusions {
  /** Lower-case command names. */
  readonly commands?: string[];
  /** Redis glob patterns: a command with any key matching one is left out. */
  readonly keys?: Buffer[];
  readonly dbs?: number[];
}

export type ExclusionReason = 'command' | 'key' | 'db';

/** Why the exclusions leave a command out, or null when they keep it. */
export function excludedBy(exclude: CatExclusions | undefined, c: CatCommand): ExclusionReason | null {
  if (exclude === undefined) return null;
  if (exclude.commands?.includes(c.name)) return 'command';
  if (exclude.dbs?.includes(c.db)) return 'db';
  const patterns = exclude.keys;
  if (patterns) {
    for (const k of c.keys) {
      const key = c.args[k];
      if (key !== undefined && patterns.some((p) => matchKeyPattern(p, key))) return 'key';
    }
  }
  return null;
}

/** -1, 0 or 1 as the command at (fileIndex, offset) is before, at or after the offset bound. */
function compare(bound: { file: string | null; offset: number }, fileIndex: number, boundIndex: number, offset: number): number {
  if (bound.file !== null && fileIndex !== boundIndex) return fileIndex < boundIndex ? -1 : 1;
  return Math.sign(offset - bound.offset);
}

function afterFrom(from: CatBound, c: CatCommand, fileIndex: number, boundIndex: number): boolean {
  // A command before any #TS has no known time: it is older than every timestamp.
  if (from.kind === 'time') return c.ts !== null && c.ts >= from.ts;
  return compare(from, fileIndex, boundIndex, c.offset ?? 0) >= 0;
}

function beforeTo(to: CatBound, c: CatCommand, fileIndex: number, boundIndex: number): boolean {
  if (to.kind === 'time') return c.ts === null || c.ts <= to.ts;
  return compare(to, fileIndex, boundIndex, c.offset ?? 0) < 0;
}

/**
 * Commands that change every key of a database (or of all of them) without naming one. A key filter keeps
 * them, so a sub-log replays to the same values for its keys (a key FLUSHDB deleted stays deleted).
 */
const KEYSPACE_WIDE = new Set(['flushall', 'flushdb', 'swapdb']);

/**
 * True if the filter keeps the command. fileIndex is the command's file in load order; fileIndexOf maps
 * the file names bounds may carry to the same order.
 */
export function selectsCommand(filter: CatFilter, c: CatCommand, fileIndex: number, fileIndexOf: (name: string) => number): boolean {
  if (filter.db && !filter.db.includes(c.db)) return false;
  if (filter.commands && !filter.commands.includes(c.name)) return false;
  const { from, to } = filter;
  if (from && !afterFrom(from, c, fileIndex, from.kind === 'offset' && from.file !== null ? fileIndexOf(from.file) : -1)) return false;
  if (to && !beforeTo(to, c, fileIndex, to.kind === 'offset' && to.file !== null ? fileIndexOf(to.file) : -1)) return false;
  const patterns = filter.keys;
  if (patterns && !KEYSPACE_WIDE.has(c.name)) {
    let hit = false;
    for (const k of c.keys) {
      const key = c.args[k];
      if (key !== undefined && patterns.some((p) => matchKeyPattern(p, key))) {
        hit = true;
        break;
      }
    }
    if (!hit) return false;
  }
  return true;
}
