// `inspect`: one streaming pass over an AOF that says what it holds, what grows it and where the danger is.

import { commandDataType } from '../../aof/command-data-type.js';
import { argsNeededForKeys, keyFinder, keyFinderReadsArgs, type KeyFinder } from '../../aof/command-keys.js';
import { listingTo, resolveAof, type OnProgress } from '../../aof/layout.js';
import { parseTimestampAnnotation } from '../../aof/timestamp.js';
import type { FileResult } from '../../aof/verdict/index.js';
import { walkAof } from '../../aof/walk.js';
import type { RdbRecord } from '../../rdb/types.js';
import { commandArgs } from '../../resp/index.js';
import { commandRole, DangerTracker, LargestTracker, type CommandRole } from './events.js';
import { KeyFigures } from './keys.js';
import type { CountAndBytes, InspectedFile, InspectReport, RdbContents, TypeName } from './report.js';
import { TimeHistogram } from './time.js';
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
  onProgress?: OnProgress;
}

/** Commands whose arguments the report shows (the database numbers of SWAPDB, FLUSHALL's ASYNC). */
const SHOW_ARGS = new Set(['swapdb', 'flushall', 'flushdb']);

function add(s: CountAndBytes, bytes: number): void {
  s.count++;
  s.bytes += bytes;
}

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
    const aux: Record<string, string> = {};
    for (const [k, v] of result.aux) aux[k] = v.toString('latin1');
    return { version: result.rdbVersion, aux, keys: this.keys, keysWithExpiry: this.keysWithExpiry };
  }
}

export async function inspectAof(path: string, options: InspectOptions = {}): Promise<InspectReport> {
  const top = options.top ?? 10;
  const separator = options.separator ?? ':';
  const depth = options.depth ?? 1;
  const layout = await resolveAof(path, listingTo(options.onProgress));

  // Per command name, what the hot path needs, found with one look-up (names are interned strings).
  interface NameInfo {
    readonly name: string;
    readonly stats: CountAndBytes;
    readonly type: CountAndBytes;
    readonly keys: KeyFinder;
    readonly keep: number;
    /** Its key finder and trackers read no argument: keys are read from the frame's offsets, no views. */
    readonly rangesOnly: boolean;
    readonly role: CommandRole;
  }
  const names = new Map<string, NameInfo>();
  const types = new Map<TypeName, CountAndBytes>();
  const typeStats = (type: TypeName): CountAndBytes => {
    let s = types.get(type);
    if (s === undefined) types.set(type, (s = { count: 0, bytes: 0 }));
    return s;
  };
  const keyless = typeStats('keyless');
  const nameInfo = (name: string): NameInfo => {
    let info = names.get(name);
    if (info === undefined) {
      info = {
        name,
        stats: { count: 0, bytes: 0 },
        type: typeStats(commandDataType(name) ?? 'generic'),
        keys: keyFinder(name),
        keep: SHOW_ARGS.has(name) ? 3 : argsNeededForKeys(name),
        rangesOnly: !SHOW_ARGS.has(name) && !keyFinderReadsArgs(name),
        role: commandRole(name),
      };
      names.set(name, info);
    }
    return info;
  };
  // The walker asks how many arguments to keep just before it hands over the command: one look-up serves both.
  let lastInfo: NameInfo | null = null;
  const databases: (CountAndBytes | undefined)[] = [];
  const keys = new KeyFigures({
    exactKeys: options.exactKeys ?? DEFAULT_EXACT_KEYS,
    separator: Buffer.from(separator),
    depth,
  });
  const time = new TimeHistogram();
  const danger = new DangerTracker(top);
  const largest = new LargestTracker(top);
  let totalCommands = 0;
  let totalBytes = 0;
  let selects = 0;
  let ts: number | null = null;
  // One cursor object for the whole walk: trackers copy it only for what they keep.
  const place: { file: string; offset: number; db: number; ts: number | null } = { file: '', offset: 0, db: 0, ts: null };
  const rdb = new Map<string, RdbCollector>();
  const files: InspectedFile[] = [];

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
        const t = parseTimestampAnnotation(frame.text);
        if (t === null) return;
        ts = t;
        time.see(t);
      },
      command(frame, at) {
        const name = at.name;
        const bytes = frame.end - frame.start;
        totalCommands++;
        totalBytes += bytes;
        const info = lastInfo !== null && lastInfo.name === name ? lastInfo : nameInfo(name);
        add(info.stats, bytes);
        const db = at.db;
        if (name === 'select') selects++;
        add((databases[db] ??= { count: 0, bytes: 0 }), bytes);
        time.add(ts);
        place.file = at.file.path;
        place.offset = frame.start;
        place.db = db;
        place.ts = ts;

        // Most commands' keys are read straight from the chunk (source and ranges); the rest get views.
        const { source, ranges } = frame;
        const direct = info.rangesOnly && source != null && ranges != null;
        const args = direct ? frame.args : commandArgs(frame);
        const kept = direct ? (frame.kept ?? 0) : args.length;
        const positions = info.keys(args, frame.argc);
        const n = positions.length;
        add(n === 0 ? keyless : info.type, bytes);
        if (n > 0) {
          // A multi-key command's bytes are shared out, so per-key bytes add up to the file's.
          const share = Math.floor(bytes / n);
          for (let i = 0; i < n; i++) {
            const p = positions[i] ?? kept;
            if (p >= kept) continue;
            const weight = i === 0 ? bytes - share * (n - 1) : share;
            if (direct) keys.addRange(db, source, ranges[2 * p] ?? 0, ranges[2 * p + 1] ?? 0, weight);
            else {
              const key = args[p];
              if (key !== undefined) keys.add(db, key, weight);
            }
          }
        }
        danger.command(info.role, name, args, frame.argc, place, frame.end);
        if (largest.admits(bytes)) {
          const p = positions[0];
          const key = p === undefined || p >= kept ? undefined : direct ? source.subarray(ranges[2 * p], ranges[2 * p + 1]) : args[p];
          largest.add(bytes, name, key, place);
        }
      },
      fileEnd(result) {
        danger.fileEnd();
        files.push(toInspectedFile(result, rdb.get(result.file.path)));
      },
    },
    {
      // Commands come in runs of one name: the last one's info spares a map look-up.
      keepArgs: (name) => (lastInfo = lastInfo !== null && lastInfo.name === name ? lastInfo : nameInfo(name)).keep,
      argRanges: true,
      onProgress: options.onProgress,
    },
  );

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
      commands: totalCommands,
      bytes: totalBytes,
      transactions: files.reduce((n, f) => n + f.transactions, 0),
      annotations: files.reduce((n, f) => n + f.annotations, 0),
      selects,
      databases: databases.filter((d) => d !== undefined).length,
      filesBytes: files.reduce((n, f) => n + (f.size ?? 0), 0),
    },
    commands: commandRecord,
    databases: dbRecord,
    types: Object.fromEntries([...types].filter(([, t]) => t.count > 0).sort((a, b) => b[1].bytes - a[1].bytes)),
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
