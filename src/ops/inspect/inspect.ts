// `inspect`: one streaming pass over an AOF that says what it holds, what grows it and where the danger is.

import { availableParallelism } from 'node:os';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listingTo, resolveAof, type OnProgress } from '../../aof/layout.js';
import type { FileResult } from '../../aof/verdict/index.js';
import { INSPECT_SPLIT_BYTES } from '../../aof/split/segment-thread.js';
import { walkAof, type SplitOptions } from '../../aof/walk.js';
import type { RdbRecord } from '../../rdb/types.js';
import type { InspectedFile, InspectReport, RdbContents } from './report.js';
import { InspectTally, type TallyOptions, type TallyPart } from './tally.js';
import { DEFAULT_EXACT_KEYS } from './defaults.js';

export interface InspectOptions {
  /** Length of the hot key, big writer, prefix, burst and largest-command lists (default 10). */
  top?: number;
  /** Key prefix separator (default `:`). */
  separator?: string;
  /** Separators a prefix spans (default 1: `user:` for `user:42:name`). */
  depth?: number;
  /**
   * Distinct keys per database (and key prefixes) counted exactly before estimates take over (default
   * 150,000: a 16 MiB table each, the most memory inspect keeps).
   */
  exactKeys?: number;
  /**
   * Read a large file on two cores, the second half's figures counted on a worker thread and added in order
   * (exact figures are the same): the default splits files of 256 MiB and more where there are two cores.
   */
  split?: Omit<SplitOptions, 'visitor'> | false;
  onProgress?: OnProgress;
}

/** Smaller files are read in one pass (see INSPECT_SPLIT_BYTES). */
const SPLIT_DEFAULT = { minBytes: INSPECT_SPLIT_BYTES };

/** The module the worker thread makes its visitor from: this one's sibling, compiled or not, as this one is. */
const SEGMENT_MODULE = new URL(`./segment${extname(fileURLToPath(import.meta.url))}`, import.meta.url).href;

class RdbCollector {
  readonly keys: Record<string, Partial<Record<string, number>>> = {};
  keysWithExpiry = 0;

  record(r: RdbRecord): void {
    if (r.type !== 'key') return;
    const perDb = (this.keys[String(r.db)] ??= {});
    perDb[r.value.type] = (perDb[r.value.type] ?? 0) + 1;
    if (r.expireAtMs !== null) this.keysWithExpiry++;
  }

  contents(result: FileResult): RdbContents {
    // Own properties whatever the names: an aux field named __proto__ assigned with [] would set no field at all.
    const aux: Record<string, string> = Object.fromEntries([...result.aux].map(([k, v]) => [k, v.toString('latin1')]));
    return { version: result.rdbVersion, aux, keys: this.keys, keysWithExpiry: this.keysWithExpiry };
  }
}

export async function inspectAof(path: string, options: InspectOptions = {}): Promise<InspectReport> {
  const top = options.top ?? 10;
  const separator = options.separator ?? ':';
  const depth = options.depth ?? 1;
  const layout = await resolveAof(path, listingTo(options.onProgress));
  const config: TallyOptions = { top, separator, depth, exactKeys: options.exactKeys ?? DEFAULT_EXACT_KEYS };
  const tally = new InspectTally(config);
  const rdb = new Map<string, RdbCollector>();
  const files: InspectedFile[] = [];
  const split = options.split === false ? undefined : (options.split ?? (availableParallelism() > 1 ? SPLIT_DEFAULT : undefined));

  await walkAof(
    layout,
    {
      fileStart(file) {
        if (file.rdb) rdb.set(file.path, new RdbCollector());
      },
      rdbRecord(record, at) {
        rdb.get(at.file.path)?.record(record);
      },
      annotation(frame) {
        tally.annotation(frame.text);
      },
      command(frame, at) {
        tally.command(frame, at.name, at.db, at.file.path);
      },
      fileEnd(result) {
        tally.danger.fileEnd();
        files.push(toInspectedFile(result, rdb.get(result.file.path)));
      },
    },
    {
      keepArgs: (name) => tally.keepArgs(name),
      argRanges: true,
      onProgress: options.onProgress,
      split: split && {
        ...split,
        visitor: {
          module: SEGMENT_MODULE,
          config,
          take: (visited, db) => {
            tally.absorb(visited as TallyPart, db);
          },
        },
      },
    },
  );

  const { names, keys, time, danger, largest, databases } = tally;
  const dbRecord: InspectReport['databases'] = {};
  databases.forEach((s, db) => {
    if (s === undefined) return;
    const d = keys.distinct(db);
    dbRecord[String(db)] = { commands: s.count, bytes: s.bytes, keys: d.keys, keysApproximate: d.approximate };
  });
  const commandRecord: InspectReport['commands'] = {};
  // A name the walker asked about whose command then did not arrive whole (a damaged tail) was never run.
  for (const [name, { stats }] of [...names]
    .filter(([, info]) => info.stats.count > 0)
    .sort((a, b) => b[1].stats.count - a[1].stats.count || (a[0] < b[0] ? -1 : 1))) {
    commandRecord[name.toUpperCase()] = stats;
  }
  // Files the server does not load (history) or cannot (missing) are listed, unread.
  for (const file of layout.files) {
    if (files.some((f) => f.path === file.path)) continue;
    files.push({
      path: file.path,
      name: file.name,
      role: file.role,
      format: null,
      size: file.size,
      read: false,
      commands: 0,
      annotations: 0,
      transactions: 0,
      rdbEnd: null,
      rdb: null,
      stoppedAt: null,
    });
  }
  const problems = layout.problems.filter((p) => p.severity === 'error').map((p) => `${p.file}: ${p.message}`);
  return {
    path: layout.path,
    kind: layout.kind,
    manifestPath: layout.manifestPath,
    files,
    damaged: problems.length > 0 || files.some((f) => f.stoppedAt !== null),
    problems,
    totals: {
      commands: tally.commands,
      bytes: tally.bytes,
      transactions: files.reduce((n, f) => n + f.transactions, 0),
      annotations: files.reduce((n, f) => n + f.annotations, 0),
      selects: tally.selects,
      databases: databases.filter((d) => d !== undefined).length,
      filesBytes: files.reduce((n, f) => n + (f.size ?? 0), 0),
    },
    commands: commandRecord,
    databases: dbRecord,
    types: Object.fromEntries([...tally.types].filter(([, t]) => t.count > 0).sort((a, b) => b[1].bytes - a[1].bytes)),
    hotKeys: keys.hotKeys(top),
    bigWriters: keys.bigWriters(top),
    prefixes: { separator, depth, ...keys.topPrefixes(top) },
    time: time.result(),
    dangerous: danger.result(),
    largest: largest.result(),
    approximate: keys.approximate(),
  };
}

function toInspectedFile(r: FileResult, rdb: RdbCollector | undefined): InspectedFile {
  return {
    path: r.file.path,
    name: r.file.name,
    role: r.file.role,
    format: r.format,
    size: r.file.size,
    read: true,
    commands: r.commands,
    annotations: r.annotations,
    transactions: r.transactions,
    rdbEnd: r.rdbEnd,
    rdb: rdb ? rdb.contents(r) : null,
    stoppedAt: r.error ? { offset: r.error.offset, code: r.error.code, message: r.error.message } : null,
  };
}
