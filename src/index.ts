// The aof library: check, fix, inspect, read and rewrite Redis append-only files, plus the RESP and RDB readers.

import type { CatBound, CatCommand, CatFilter, CatResult } from './ops/cat/cat.js';
import type { CheckOptions as CheckAofOptions, FixPlan as CheckFixPlan } from './ops/check.js';
import type { FilterOptions, FilterReport } from './ops/filter.js';
import type { FixOutcome as TruncateOutcome, TruncatePlan } from './ops/fix.js';
import type { SalvageOptions, SalvageReport } from './ops/salvage/salvage.js';
import type { InspectOptions as InspectAofOptions } from './ops/inspect/inspect.js';
import type { InspectReport as InspectAofReport } from './ops/inspect/report.js';
import type { RewriteOptions as RewriteAofOptions, RewriteReport as RewriteAofReport } from './ops/rewrite/rewrite.js';
import type { CheckResult } from './cli/render/check-json.js';

export { RespReader, type KeepArgs, type RespReaderOptions } from './resp/index.js';
export type { AnnotationFrame, CommandFrame, Frame, FrameHandler, RespError, RespProblem, RespWarning } from './resp/index.js';
export { bufferSource, openFileSource, readRdb, type ByteSource, type ReadRdbOptions, type RdbRecordIterator } from './rdb/index.js';
export type * from './rdb/types.js';
export { UnreadablePathError } from './aof/layout.js';
export type { AofProblem, ProblemKind } from './aof/problem.js';
export type { CheckResult, CheckedFileResult, FileProblemResult, ProblemResult } from './cli/render/check-json.js';
export type { TruncatePlan } from './ops/fix.js';
export type { SalvageOptions, SalvageReport, SkippedSpan } from './ops/salvage/salvage.js';
export type { FilterOptions, FilterReport } from './ops/filter.js';
export type { RdbWriteKey, RdbWriteValue, RdbWriterOptions, RdbHeaderOptions, RdbWriteRefusal } from './rdb/write/index.js';
export { RdbWriter } from './rdb/write/index.js';
export type * from './ops/inspect/report.js';

/** Options of check and planFix: `allowUnknownCommands` (module or renamed commands are warnings), `onProgress`. */
export type CheckOptions = CheckAofOptions;
/** What a truncating fix would do: `{ action: 'truncate', file, from, to, … }`, `{ action: 'none' }` or `{ action: 'refused', reason }`. */
export type FixPlan = CheckFixPlan;
/** What applyFix did: the file (and the symlink target cut), its size before and after, the saved tail and how to undo. */
export type FixOutcome = TruncateOutcome;
/** Options of inspect: list lengths (`top`), key prefix `separator` and `depth`, `exactKeys`, `split` (false: one pass on one core), `onProgress`. */
export type InspectOptions = InspectAofOptions;
/** What inspect found (the object `aof inspect --json` prints, with key bytes as Buffers). */
export type InspectReport = InspectAofReport;
/** What rewrite did: counts, sizes, keys per database and type, what was dropped, or why it failed. */
export type RewriteReport = RewriteAofReport;
/** Which commands readCommands yields: `db`, lower-case `commands`, key patterns `keys`, `from`/`to` bounds. */
export type CommandFilter = CatFilter;
/** A from/to bound of a CommandFilter: a byte offset (in one file, or any) or a #TS time in unix seconds. */
export type CommandBound = CatBound;
/** readCommands' return value: commands scanned and selected, where damage stopped it, RDB keys left out. */
export type ReadSummary = CatResult;

/**
 * Checks an AOF (a file, a manifest, an appendonlydir or a Redis data directory) the way redis-server loads
 * it. Damage is reported in the result, with offsets; it throws only for I/O, e.g. UnreadablePathError.
 * @returns the object `aof check --json` prints: the verdict, each file, its problems, the fix a truncation would make.
 */
export async function check(path: string, options: CheckOptions = {}): Promise<CheckResult> {
  const [{ checkAof }, { checkResult }] = await Promise.all([import('./ops/check.js'), import('./cli/render/check-json.js')]);
  return checkResult(await checkAof(path, options));
}

/**
 * What a truncating fix would do to an AOF: `truncate` (which file, from and to which size), `none`, or
 * `refused` with the reason a truncation cannot help. Changes nothing; pass a `truncate` plan to applyFix.
 */
export async function planFix(path: string, options: CheckOptions = {}): Promise<FixPlan> {
  const { checkAof } = await import('./ops/check.js');
  return (await checkAof(path, options)).fix;
}

export interface ApplyFixOptions {
  /** Directory for the saved tail: default beside the file; null saves nothing. */
  backupDir?: string | null;
}

/**
 * Applies a plan from planFix: saves the bytes it cuts to `<file>.cut-at-<offset>.<UTC time>.tail` (synced),
 * then truncates the file in place (same inode, owner and mode; a symlink's target). Throws, changing
 * nothing, if the file changed since it was planned (FileChangedError) or the backup cannot be written
 * (IoFailure). The outcome's `undo` is the command that puts the cut bytes back.
 */
export async function applyFix(plan: TruncatePlan, options: ApplyFixOptions = {}): Promise<FixOutcome> {
  const { applyFix: apply } = await import('./ops/fix.js');
  return apply(plan, { backupDir: options.backupDir });
}

/**
 * Recovers an AOF damaged in the middle into OUTPUT (a file, or an appendonlydir with format 'multi-part'):
 * every sound command before and after each damaged span, whole transactions only. INPUT is only read.
 */
export async function salvage(input: string, output: string, options: SalvageOptions = { format: 'resp' }): Promise<SalvageReport> {
  const { salvageAof } = await import('./ops/salvage/salvage.js');
  return salvageAof(input, output, options);
}

/** Writes a loadable AOF of the commands a filter selects, minus its exclusions (e.g. an accidental FLUSHALL). */
export async function filter(input: string, output: string, options: FilterOptions): Promise<FilterReport> {
  const { filterAof } = await import('./ops/filter.js');
  return filterAof(input, output, options);
}

/**
 * What an AOF holds, in one streaming pass with bounded memory: commands and bytes by name, database and
 * type, hot keys, key prefixes, a timeline from #TS annotations, dangerous commands and the largest ones.
 * A file of 256 MiB or more is read on two cores, its second half on a worker thread (the same exact figures).
 * Key bytes stay Buffers (`aof inspect --json` prints them as strings or base64).
 */
export async function inspect(path: string, options: InspectOptions = {}): Promise<InspectReport> {
  const { inspectAof } = await import('./ops/inspect/inspect.js');
  return inspectAof(path, options);
}

/** One command as readCommands yields it. */
export interface AofCommand extends Omit<CatCommand, 'args'> {
  /** The whole argv, name first, as bytes: copies, yours to keep. */
  readonly args: readonly Buffer[];
}

/** Thrown into the walk when the consumer stops early, so the file is read no further. */
const CONSUMER_STOPPED = new Error('readCommands: the consumer stopped');

/**
 * The commands of an AOF in load order, across all its files, as `aof cat` selects them: by database,
 * lower-case command name, key pattern (Redis glob) and a window of offsets or #TS times. Keys of an RDB
 * base or preamble come as the commands that rebuild them (`fromRdb`).
 * Damage ends the iteration: the generator's return value says where reading stopped (`stopped`).
 * The file is read at disk speed whatever the consumer's pace: a loop that awaits slow work for each
 * command lets the selected commands pile up in memory.
 */
export async function* readCommands(path: string, filter: CommandFilter = {}): AsyncGenerator<AofCommand, ReadSummary, undefined> {
  const { catAof } = await import('./ops/cat/cat.js');
  let queue: AofCommand[] = [];
  let stopped = false;
  let settled = false;
  let wake: (() => void) | null = null;
  const sink = {
    command(c: CatCommand) {
      if (stopped) throw CONSUMER_STOPPED;
      queue.push({ ...c, args: c.args.map((a) => Buffer.from(a)) });
      wake?.();
    },
  };
  const reading = catAof(path, filter, sink);
  const onSettled = () => ((settled = true), wake?.());
  reading.then(onSettled, onSettled);
  try {
    for (;;) {
      const batch = queue;
      queue = [];
      for (const c of batch) yield c;
      if (queue.length > 0) continue;
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- set by onSettled: TypeScript does not see a closure's writes
      if (settled) return await reading;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
  } finally {
    // Left early (break, or an exception in the loop): stop the walk and let it close its file.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- set by onSettled: TypeScript does not see a closure's writes
    if (!settled) {
      stopped = true;
      await reading.catch(() => undefined);
    }
  }
}

/** Options of rewrite; every one has a default. */
export interface RewriteOptions {
  /** `resp` (default): one AOF file; `multi-part`: an appendonlydir (manifest, base, empty incr); `rdb`: a dump.rdb. */
  format?: RewriteAofOptions['format'];
  /** The base as RESP commands (default) or as an RDB (aof-use-rdb-preamble yes). */
  base?: RewriteAofOptions['base'];
  /** RDB version written: 9, 10, 11 or 12 (default: the input's own, else 10). */
  rdbVersion?: RewriteAofOptions['rdbVersion'];
  /** Replace an existing OUTPUT (default false). */
  replace?: boolean;
  /** Leave out keys whose TTL has passed at nowMs (default false: Redis keeps them until they are read). */
  dropExpired?: boolean;
  /** The clock in unix ms for dropExpired and for relative TTLs of old AOFs (default: now). */
  nowMs?: number;
  /**
   * Replay threads: 2 keep about half the keys each (faster, about a third more memory), 1 one keyspace. Default: 2 for
   * a log of commands of 32 MiB or more when free memory is twice its size. The output is the same either way.
   */
  threads?: 1 | 2;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Compacts an AOF offline: replays it into a scratch keyspace as redis-server loads it, then writes the
 * minimal AOF that rebuilds the same dataset to `output`, atomically. When the input cannot be replayed
 * nothing is written and the report says why (`ok: false`, `failure`). The work runs on a worker thread, so the
 * caller's event loop goes on meanwhile.
 * @returns the object `aof rewrite --json` prints.
 */
export async function rewrite(input: string, output: string, options: RewriteOptions = {}): Promise<RewriteReport> {
  const [{ rewriteAof }, { rewriteOffThread }] = await Promise.all([import('./ops/rewrite/rewrite.js'), import('./ops/rewrite/in-worker.js')]);
  const full = {
    format: options.format ?? 'resp',
    base: options.base,
    rdbVersion: options.rdbVersion,
    replace: options.replace,
    dropExpired: options.dropExpired ?? false,
    nowMs: options.nowMs ?? Date.now(),
    shards: options.threads === undefined ? ('auto' as const) : options.threads === 1 ? ('off' as const) : ('on' as const),
    onProgress: options.onProgress,
  };
  return rewriteOffThread(input, output, full, () => rewriteAof(input, output, full));
}
