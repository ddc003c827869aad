// Walks the files of an AOF in the order redis-server loads them: frames → the verdict → a visitor.

import { stat } from 'node:fs/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { AnnotationFrame, CommandFrame } from '../resp/index.js';
import { RespReader } from '../resp/index.js';
import type { RdbKeyClaim, RdbRecord } from '../rdb/types.js';
import { DEFAULT_CHUNK, feedFile } from './feed-file.js';
import { openFileBytes } from './file-bytes.js';
import { PackingDamage } from './packed/unpack-stream.js';
import { FileChangedError } from './io/file-changed.js';
import { loadedFiles, type AofFile, type AofLayout } from './layout.js';
import { NameInterner } from './names.js';
import { readRdbSection } from './rdb-section.js';
import { FileVerdict, type FileResult } from './verdict/file-verdict.js';
import { CommandJudge, type JudgeOptions } from './verdict/judge.js';
import { findFrameStart } from './split/frame-start.js';
import { readSegmentAside } from './split/segment-aside.js';
import { replaySegment, type SegmentLog } from './split/segment-log.js';
import type { SegmentVisitorSource } from './split/segment-visitor.js';
import type { TransactionEvent } from './verdict/transactions.js';

/** Where the walk is, as the verdict places each command; the object is reused, so read it during the call. */
export interface WalkPosition {
  file: AofFile;
  /**
   * The database the command applies to: each file starts at 0 (a new loading client); a SELECT the server
   * accepts applies to the database it selects, one it refuses to the current one.
   */
  db: number;
  /** True from a MULTI to its EXEC. */
  inMulti: boolean;
  /** What the command did to the transaction state: opened or closed one, or a nested MULTI / stray EXEC. */
  transaction: TransactionEvent;
  /** The current command's name, lower case (one interned string per distinct name). */
  name: string;
}

export interface AofVisitor {
  fileStart?(file: AofFile): void;
  rdbRecord?(record: RdbRecord, at: WalkPosition): void;
  /** Each command the server would run (the one it stops at is not handed over). */
  command?(frame: CommandFrame, at: WalkPosition): void;
  annotation?(frame: AnnotationFrame, at: WalkPosition): void;
  /** The file's verdict, once it is read. */
  fileEnd?(result: FileResult): void;
}

export interface WalkOptions {
  /** Leading arguments of each command handed to the visitor (default all), or a choice by lower-case name. */
  keepArgs?: number | ((name: string) => number);
  /**
   * Hand a command's kept arguments after its name as offsets (CommandFrame.source and ranges) when it lies
   * whole in one chunk: see RespReaderOptions.ranges. Not with judge, which reads them as Buffers.
   */
  argRanges?: boolean;
  /**
   * Hand short arguments in Buffers reused for the next command (RespReaderOptions.reuseArgs): the visitor
   * copies what it keeps of them before its command() returns.
   */
  reuseArgs?: boolean;
  /** Called as bytes are read, with totals over all loaded files. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Judge each command as the loader does (unknown names, too few arguments): an error stops the file, as
   * it stops the server. Without it, every well-formed command is handed over.
   */
  judge?: JudgeOptions;
  /**
   * Awaited (when it returns a promise) after each chunk and each batch of RDB records: a consumer whose
   * output is slower than the input (a pipe) holds the walk here, so memory stays flat.
   */
  pause?: () => Promise<void> | undefined;
  /** Read only the RDB section of the first file (a caller deciding what to do with a base). */
  rdbOnly?: boolean;
  /** Hand large RDB collections over in parts of this many elements (readRdb's partSize); default whole. */
  rdbPartSize?: number;
  /** Hand an RDB's string keys as views valid only during rdbRecord (readRdb's stringViews). */
  rdbStringViews?: boolean;
  /** Keys of an RDB taken by their place in the file instead of through rdbRecord (readRdbClaiming). */
  rdbClaim?: RdbKeyClaim;
  /** Stop after the first file with an error (default: go on, to report on every file). */
  stopAtError?: boolean;
  chunkSize?: number;
  /**
   * Read a large file's commands on two cores (see readInTwo): with `judge` and a visitor that takes no
   * commands or annotations (a check), or with a segment visitor (SplitOptions.visitor) that reads the
   * second part as the visitor would; the verdict is the one a single pass gives.
   */
  split?: SplitOptions;
}

export interface SplitOptions {
  /** Files whose RESP part is smaller are read in one pass (a worker thread takes ~0.1 s to start). */
  readonly minBytes: number;
  /** Events the worker's log may hold (see SegmentRecorder); default about a million. */
  readonly maxEvents?: number;
  /** Where to look for the split point (default: the middle of the RESP part). */
  readonly near?: number;
  /** Takes the commands of the part read on the worker thread, for a visitor that takes commands. */
  readonly visitor?: SegmentVisitorPlan;
}

/** How the worker thread visits its part (see SegmentVisitor), and how its findings are taken back. */
export interface SegmentVisitorPlan extends SegmentVisitorSource {
  /** What the worker's visitor gathered, once this thread's reading ended where the part starts, in database `db`. */
  take(visited: unknown, db: number): void;
}

/** A million events of 40 bytes: the worker's log stays under 64 MiB however the file is made. */
const MAX_EVENTS = 1 << 20;

/** Reads every file the server would load; never throws for damaged data, only for I/O failures. */
export async function walkAof(layout: AofLayout, visitor: AofVisitor, options: WalkOptions = {}): Promise<FileResult[]> {
  const loaded = loadedFiles(layout);
  const last = loaded.at(-1);
  const files = loaded.filter((f) => f.size !== null);
  const total = files.reduce((sum, f) => sum + (f.size ?? 0), 0);
  let before = 0;
  const results: FileResult[] = [];
  for (const file of options.rdbOnly ? files.slice(0, 1) : files) {
    const judge = options.judge ? new CommandJudge(file.path, options.judge) : null;
    const verdict = new FileVerdict(file, file === last, judge);
    const result = await walkPacked(file, () => walkFile(file, verdict, visitor, options, (done) => options.onProgress?.(before + done, total))).catch(
      (e: unknown) => {
        throw isGone(e, file.path) ? new FileChangedError(file.path, file.size ?? 0, null, 'read') : e;
      },
    );
    const now = file.packed ? (file.size ?? 0) : await sizeNow(file.path);
    if (now !== file.size) throw new FileChangedError(file.path, file.size ?? 0, now, 'read');
    before += file.size ?? 0;
    results.push(result);
    visitor.fileEnd?.(result);
    if (result.error && options.stopAtError) break;
  }
  return results;
}

/** The file's size now, or null when it is gone. */
async function sizeNow(path: string): Promise<number | null> {
  try {
    return (await stat(path)).size;
  } catch (e) {
    if (isGone(e, path)) return null;
    throw e;
  }
}

/** Whether e says the file at path is not there (listed, then removed before or while it was read). */
function isGone(e: unknown, path: string): boolean {
  return e instanceof Error && 'code' in e && e.code === 'ENOENT' && 'path' in e && e.path === path;
}

/**
 * Runs the walk of one file; for a packed member, an archive that no longer reads as it did when it was listed
 * (replaced, or still being written) is reported as a file that changed while being read, not as a crash.
 */
async function walkPacked(file: AofFile, walk: () => Promise<FileResult>): Promise<FileResult> {
  const packed = file.packed;
  if (packed === undefined) return walk();
  const unchanged = async () => {
    const now = (await stat(packed.archive)).size;
    if (now !== packed.archiveSize) throw new FileChangedError(packed.archive, packed.archiveSize, now, 'read');
  };
  try {
    const result = await walk();
    await unchanged();
    return result;
  } catch (e) {
    await unchanged();
    if (!(e instanceof PackingDamage)) throw e;
    throw new Error(`${packed.archive} read differently the second time (${e.reason}): was it replaced while aof read it? Run the command again`);
  }
}

async function walkFile(file: AofFile, verdict: FileVerdict, visitor: AofVisitor, options: WalkOptions, progress: (done: number) => void): Promise<FileResult> {
  const size = file.size ?? 0;
  const at: WalkPosition = { file, db: 0, inMulti: false, transaction: null, name: '' };
  const names = new NameInterner();
  // The name is interned once per command, when the reader asks how many arguments to keep.
  const userKeep = options.keepArgs ?? Number.POSITIVE_INFINITY;
  const sharedName = (source: Buffer, start: number, end: number): Buffer | undefined => names.writtenName(source, start, end);
  const keepArgs = (source: Buffer, start: number, end: number): number => {
    const name = (at.name = names.intern(source, start, end));
    const wanted = typeof userKeep === 'number' ? userKeep : userKeep(name);
    return Math.max(wanted, verdict.argsNeeded(name));
  };
  visitor.fileStart?.(file);

  let respStart = 0;
  if (file.rdb) {
    const onRecord = (r: RdbRecord) => visitor.rdbRecord?.(r, at);
    // Without a visitor for the records (check), the reader validates every value without materialising it.
    const section = await readRdbSection(file, onRecord, progress, {
      keys: visitor.rdbRecord ? 'records' : 'count',
      pause: options.pause,
      partSize: options.rdbPartSize,
      stringViews: options.rdbStringViews,
      claim: options.rdbClaim,
    });
    if (!verdict.rdbSection(section)) return verdict.finish(0);
    // rdbOnly: the caller wants the section alone; the RESP after it is not read.
    respStart = options.rdbOnly ? size : (section.end ?? size);
  }

  const readerAt = (offset: number, line: number): RespReader => {
    const reader: RespReader = new RespReader(
      {
        command(frame) {
          if (!verdict.command(frame, at.name)) {
            reader.stop();
            return;
          }
          at.db = verdict.db;
          at.inMulti = verdict.inMulti;
          at.transaction = verdict.transaction;
          visitor.command?.(frame, at);
        },
        // Runs of one plain command are counted at once where no visitor takes commands (a check).
        repeats:
          visitor.command === undefined
            ? (count, end) => {
                if (!verdict.repeatable) return false;
                verdict.plainCommands(count, end);
                return true;
              }
            : undefined,
        annotation(frame) {
          verdict.annotation(frame);
          visitor.annotation?.(frame, at);
        },
        problem(p) {
          verdict.respProblem(p);
        },
      },
      { offset, line, size, keepArgs, sharedName, ranges: options.argRanges === true && options.judge === undefined, reuseArgs: options.reuseArgs === true },
    );
    return reader;
  };
  const split = options.split;
  // Split only where nothing but the verdict takes the commands, or a segment visitor takes the second part's.
  const splits = split?.visitor !== undefined || (options.judge !== undefined && !visitor.command && !visitor.annotation);
  if (split && splits && !file.packed && size - respStart >= split.minBytes) {
    const line = await readInTwo(file.path, respStart, size, { ...split, judge: options.judge ?? null }, verdict, readerAt, options, progress);
    if (line !== null) return verdict.finish(line);
  }
  const reader = readerAt(respStart, 1);
  if (respStart < size)
    await (file.packed ? feedPacked(file, respStart, size, reader, options, progress) : feedFile(file.path, respStart, size, reader, options, progress));
  reader.end();
  return verdict.finish(reader.lineNumber);
}

/**
 * Reads the commands of [from, size) on two cores: this thread up to a frame start near the middle, a worker
 * thread from there to the end. The worker's log is replayed into the verdict only once this thread's reading
 * ended exactly on that frame start (so the split is a frame boundary of the one-pass reading, and the worker
 * read what one pass would). Otherwise, or if the worker fails, this thread reads on as in one pass.
 * Returns the line the reading stopped at, or null when no split point was found (read it in one pass).
 */
async function readInTwo(
  path: string,
  from: number,
  size: number,
  split: SplitOptions & { judge: JudgeOptions | null },
  verdict: FileVerdict,
  readerAt: (offset: number, line: number) => RespReader,
  options: WalkOptions,
  progress: (done: number) => void,
): Promise<number | null> {
  const mid = await findFrameStart(path, Math.max(from, split.near ?? from + Math.floor((size - from) / 2)), size);
  if (mid === null) return null;
  let here = from;
  let there = 0;
  const plan = split.visitor;
  const job = {
    path,
    from: mid,
    size,
    judge: split.judge,
    maxEvents: split.maxEvents ?? MAX_EVENTS,
    visitor: plan && { module: plan.module, config: plan.config },
    ranges: options.argRanges === true,
  };
  const aside = readSegmentAside(job, (done) => {
    progress(here + (there = done));
  });
  let reader = readerAt(from, 1);
  let log: SegmentLog | null = null;
  try {
    await feedFile(path, from, mid, reader, options, (at) => {
      progress((here = at) + there);
    });
    if (!reader.stopped && reader.betweenFrames && reader.offset === mid) log = await aside.log;
  } finally {
    if (log === null) aside.cancel();
  }
  if (log === null) {
    if (!reader.stopped) await feedFile(path, mid, size, reader, options, progress);
    reader.end();
    return reader.lineNumber;
  }
  // The worker's visitor read what this thread would have read next, from the database this thread ends in.
  plan?.take(log.visited, verdict.db);
  const shift = reader.lineNumber - 1;
  if (!replaySegment(log, verdict, shift) || log.cutAt === null) return log.endLine + shift;
  // The log filled up: the rest is read here, from the frame boundary where the worker stopped.
  reader = readerAt(log.cutAt, log.endLine + shift);
  await feedFile(path, log.cutAt, size, reader, options, progress);
  reader.end();
  return reader.lineNumber;
}

/** Feeds a packed member's bytes from `from`, streamed out of its archive (synchronously, a chunk a turn). */
async function feedPacked(
  file: AofFile,
  from: number,
  size: number,
  reader: RespReader,
  options: WalkOptions,
  progress: (done: number) => void,
): Promise<void> {
  const source = openFileBytes(file);
  try {
    const chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
    for (let position = from; position < size && !reader.stopped;) {
      const chunk = source.read(position, chunkSize);
      if (chunk.length === 0) break;
      position += chunk.length;
      reader.feed(chunk);
      progress(position);
      const held = options.pause?.();
      await (held ?? nextTurn());
    }
  } finally {
    source.close();
  }
}
