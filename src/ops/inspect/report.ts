// The shape of an `inspect` report: what an AOF holds, what grows it, when things happened, where the danger is.

import type { DataType } from '../../aof/command-data-type.js';
import type { AofFile, AofKind } from '../../aof/layout.js';
import type { FileFormat } from '../../aof/verdict/index.js';

/** Where a command is: its file, the offset of its `*`, the database it ran in and the last #TS before it. */
export interface CommandPlace {
  readonly file: string;
  readonly offset: number;
  readonly db: number;
  /** Unix seconds from the last `#TS:` annotation before the command, or null when none came before it. */
  readonly ts: number | null;
}

export interface RdbContents {
  readonly version: number | null;
  /** Aux fields as written (redis-ver, ctime, used-mem, aof-base, …), bytes read as latin1. */
  readonly aux: Record<string, string>;
  /** db → type → keys. */
  readonly keys: Record<string, Partial<Record<DataType | 'module', number>>>;
  readonly keysWithExpiry: number;
}

export interface InspectedFile {
  readonly path: string;
  readonly name: string;
  readonly role: AofFile['role'];
  readonly format: FileFormat | null;
  readonly size: number | null;
  /** False for history files (the server never loads them) and missing files. */
  readonly read: boolean;
  readonly commands: number;
  readonly annotations: number;
  readonly transactions: number;
  /** Where the file's RDB section ends, when it has one. */
  readonly rdbEnd: number | null;
  readonly rdb: RdbContents | null;
  /** Null when the file was read to its end; otherwise where the reading stopped, and why. */
  readonly stoppedAt: { readonly offset: number | null; readonly code: string; readonly message: string } | null;
}

export interface CountAndBytes {
  count: number;
  /** Frame sizes on disk, `*` to the last CRLF. */
  bytes: number;
}

export interface DatabaseStats {
  readonly commands: number;
  readonly bytes: number;
  /** Distinct keys touched by commands in this database. */
  readonly keys: number;
  readonly keysApproximate: boolean;
}

export interface KeyStat {
  readonly db: number;
  readonly key: Buffer;
  readonly count: number;
  readonly bytes: number;
  /** 0 when exact; otherwise the ranked figure may be overstated by up to this much. */
  readonly error: number;
  /** True when the figure not ranked on (bytes for hot keys, count for big writers) is a lower bound. */
  readonly approximate: boolean;
}

export interface PrefixStat {
  /** The key bytes up to and including the last separator counted (empty: keys without a separator). */
  readonly prefix: Buffer;
  readonly count: number;
  readonly bytes: number;
  readonly error: number;
}

export interface DangerousCommand extends CommandPlace {
  /** Upper-case: FLUSHALL, FLUSHDB or SWAPDB. */
  readonly command: string;
  /** The arguments after the name (ASYNC/SYNC, or SWAPDB's two databases), as latin1 text. */
  readonly args: string[];
}

/** A run of DEL/UNLINK with nothing but SELECT, MULTI, EXEC and annotations between them. */
export interface DeleteBurst extends CommandPlace {
  /** Offset just past the last command of the run. */
  readonly end: number;
  readonly commands: number;
  readonly keys: number;
  readonly lastTs: number | null;
}

export interface LargeCommand extends CommandPlace {
  readonly size: number;
  readonly command: string;
  /** The first key, or null for a keyless command. */
  readonly key: Buffer | null;
}

export interface TimeStats {
  readonly first: number;
  readonly last: number;
  /** Commands counted per bucket of `width` seconds, buckets starting at `start + i * width`. */
  readonly start: number;
  readonly width: number;
  readonly counts: number[];
  /** Commands before the first #TS annotation of the AOF. */
  readonly untimed: number;
}

export type TypeName = DataType | 'generic' | 'keyless';

export interface InspectReport {
  readonly path: string;
  readonly kind: AofKind;
  readonly manifestPath: string | null;
  readonly files: InspectedFile[];
  /** True when some file could not be read to its end (or the manifest is broken): figures stop there. */
  readonly damaged: boolean;
  /** Manifest problems (a missing file, a bad line), as messages. */
  readonly problems: string[];
  readonly totals: {
    readonly commands: number;
    /** Sum of command frame sizes (annotations and RDB sections not included). */
    readonly bytes: number;
    readonly transactions: number;
    readonly annotations: number;
    readonly selects: number;
    readonly databases: number;
    readonly filesBytes: number;
  };
  /** Upper-case command name → count and bytes; every frame counts (SELECT, MULTI and EXEC included). */
  readonly commands: Record<string, CountAndBytes>;
  readonly databases: Record<string, DatabaseStats>;
  readonly types: Partial<Record<TypeName, CountAndBytes>>;
  readonly hotKeys: KeyStat[];
  readonly bigWriters: KeyStat[];
  readonly prefixes: { readonly separator: string; readonly depth: number; readonly byCount: PrefixStat[]; readonly byBytes: PrefixStat[] };
  readonly time: TimeStats | null;
  readonly dangerous: { readonly commands: DangerousCommand[]; readonly omitted: number; readonly deleteBursts: DeleteBurst[] };
  readonly largest: LargeCommand[];
  /** Which figures are estimates (e.g. `databases.0.keys`, `hotKeys`): empty when all are exact. */
  readonly approximate: string[];
}
