// What each target RDB version holds and how its server lays values out; one profile per version, so a new one fits.

import * as C from '../constants.js';
import type { ScoreStyle } from './score-text.js';

export type RdbWriteVersion = 9 | 10 | 11 | 12;
export const RDB_WRITE_VERSIONS: readonly RdbWriteVersion[] = [9, 10, 11, 12];

/** The server's encoding thresholds (redis.conf names); defaults are those of Redis 6.2 to 7.4. */
export interface EncodingLimits {
  readonly hashMaxListpackEntries: number;
  readonly hashMaxListpackValue: number;
  readonly zsetMaxListpackEntries: number;
  readonly zsetMaxListpackValue: number;
  readonly setMaxIntsetEntries: number;
  /** RDB 11+ only (7.2 added listpack sets). */
  readonly setMaxListpackEntries: number;
  readonly setMaxListpackValue: number;
  /** list-max-listpack-size: negative for a size class (-2: 8 KB nodes), positive for a count. */
  readonly listMaxListpackSize: number;
  readonly streamNodeMaxEntries: number;
  readonly streamNodeMaxBytes: number;
}

export const DEFAULT_LIMITS: EncodingLimits = {
  hashMaxListpackEntries: 512,
  hashMaxListpackValue: 64,
  zsetMaxListpackEntries: 128,
  zsetMaxListpackValue: 64,
  setMaxIntsetEntries: 512,
  setMaxListpackEntries: 128,
  setMaxListpackValue: 64,
  listMaxListpackSize: -2,
  streamNodeMaxEntries: 100,
  streamNodeMaxBytes: 4096,
};

/**
 * Which list items get a plain quicklist node of their own: from 1 GB (7.0, 7.2, Valkey 7.2), or
 * past the node size limit (7.4, and Valkey 8.0 although it writes RDB 11).
 */
export type PlainNodes = 'over-1gb' | 'over-node-limit';

export interface RdbFormat {
  readonly version: RdbWriteVersion;
  /** The 9-byte signature. */
  readonly magic: Buffer;
  /** Server the defaults imitate, for the redis-ver aux field. */
  readonly serverVersion: string;
  /** Small hashes, zsets and list nodes: ziplists (RDB 9) or listpacks. */
  readonly compact: 'ziplist' | 'listpack';
  readonly listType: number;
  /** 7.2+: a list starts as a listpack and becomes a quicklist only when it outgrows one node. */
  readonly listpackLists: boolean;
  readonly plainNodes: PlainNodes;
  readonly setListpack: boolean;
  readonly streamType: number;
  /** STREAM_LISTPACKS_2+: first id, max deleted id, entries added, group entries-read. */
  readonly streamMeta: boolean;
  /** STREAM_LISTPACKS_3: consumer active time. */
  readonly consumerActiveTime: boolean;
  readonly hashFieldTtl: boolean;
  readonly functions: boolean;
  /** The aux field that marks an AOF base: "aof-preamble" before 7.0, "aof-base" after. */
  readonly baseAuxName: string;
  readonly scoreStyle: ScoreStyle;
}

function redisMagic(version: number): Buffer {
  return Buffer.from(`REDIS${String(version).padStart(4, '0')}`, 'latin1');
}

const PROFILES: Record<RdbWriteVersion, RdbFormat> = {
  9: {
    version: 9,
    magic: redisMagic(9),
    serverVersion: '6.2.16',
    compact: 'ziplist',
    listType: C.RDB_TYPE_LIST_QUICKLIST,
    listpackLists: false,
    plainNodes: 'over-1gb',
    setListpack: false,
    streamType: C.RDB_TYPE_STREAM_LISTPACKS,
    streamMeta: false,
    consumerActiveTime: false,
    hashFieldTtl: false,
    functions: false,
    baseAuxName: 'aof-preamble',
    scoreStyle: 'printf',
  },
  10: {
    version: 10,
    magic: redisMagic(10),
    serverVersion: '7.0.15',
    compact: 'listpack',
    listType: C.RDB_TYPE_LIST_QUICKLIST_2,
    listpackLists: false,
    plainNodes: 'over-1gb',
    setListpack: false,
    streamType: C.RDB_TYPE_STREAM_LISTPACKS_2,
    streamMeta: true,
    consumerActiveTime: false,
    hashFieldTtl: false,
    functions: true,
    baseAuxName: 'aof-base',
    scoreStyle: 'printf',
  },
  11: {
    version: 11,
    magic: redisMagic(11),
    serverVersion: '7.2.6',
    compact: 'listpack',
    listType: C.RDB_TYPE_LIST_QUICKLIST_2,
    listpackLists: true,
    plainNodes: 'over-1gb',
    setListpack: true,
    streamType: C.RDB_TYPE_STREAM_LISTPACKS_3,
    streamMeta: true,
    consumerActiveTime: true,
    hashFieldTtl: false,
    functions: true,
    baseAuxName: 'aof-base',
    scoreStyle: 'fpconv',
  },
  12: {
    version: 12,
    magic: redisMagic(12),
    serverVersion: '7.4.1',
    compact: 'listpack',
    listType: C.RDB_TYPE_LIST_QUICKLIST_2,
    listpackLists: true,
    plainNodes: 'over-node-limit',
    setListpack: true,
    streamType: C.RDB_TYPE_STREAM_LISTPACKS_3,
    streamMeta: true,
    consumerActiveTime: true,
    hashFieldTtl: true,
    functions: true,
    baseAuxName: 'aof-base',
    scoreStyle: 'fpconv',
  },
};

/** The profile of `version`, with `plainNodes` overridden when given (Valkey 8.0 writes RDB 11 the 7.4 way). */
export function rdbFormat(version: RdbWriteVersion, plainNodes?: PlainNodes): RdbFormat {
  const profile = PROFILES[version];
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- a JavaScript caller can pass any number
  if (profile === undefined) throw new RangeError(`RDB version ${String(version)} cannot be written; choose one of ${RDB_WRITE_VERSIONS.join(', ')}`);
  return plainNodes === undefined ? profile : { ...profile, plainNodes };
}
