// Walks the files of an AOF in the order redis-server loads them, handing frames and records to a visitor.

import { open, stat } from 'node:fs/promises';
import { FileChangedError } from './io/file-changed.js';
import type { AnnotationFrame, CommandFrame, RespProblem } from '../resp/index.js';
import { RespReader } from '../resp/index.js';
import type { RdbRecord } from '../rdb/types.js';
import { loadedFiles, type AofFile, type AofLayout } from './layout.js';
import type { AofProblem } from './problem.js';
import { NameBuffers, NameInterner } from './names.js';
import { readRdbSection } from './rdb-section.js';
import { TransactionTracker } from './transactions.js';

/** `unknown`: neither RESP nor RDB (check's not-an-aof verdict). */
export type FileFormat = 'resp' | 'rdb' | 'rdb+resp' | 'unknown';

/** Where the walk is; the object is reused, so read it during the call. */
export interface WalkPosition {
  file: AofFile;
  /** The database commands apply to: each file starts at 0 (a new loading client), SELECT changes it. */
  db: number;
  /** True between a MULTI and its EXEC. */
  inMulti: boolean;
  /** The current command's name, lower case (one interned string per distinct name). */
  name: string;
}

export interface FileResult {
  readonly file: AofFile;
  readonly format: FileFormat | null;
  /** Offset up to which the file is sound: where a truncating fix would cut. */
  readonly okUpTo: number;
  /** The first error, or null. */
  readonly error: AofProblem | null;
  readonly warnings: AofProblem[];
  readonly commands: number;
  readonly annotations: number;
  readonly transactions: number;
  /** Complete commands past okUpTo (those of a transaction a cut rolls back). */
  readonly droppedCommands: number;
  /** Where the RDB section ends (the RESP tail starts), for RDB files. */
  readonly rdbEnd: number | null;
  readonly rdbVersion: number | null;
  /** Keys in the RDB section, and whether its checksum matched ('disabled' when written without one). */
  readonly rdbKeys: number;
  readonly rdbChecksum: 'ok' | 'disabled' | 'mismatch' | 'absent' | null;
  readonly aux: Map<string, Buffer>;
}

export interface AofVisitor {
  fileStart?(file: AofFile): void;
  rdbRecord?(record: RdbRecord, at: WalkPosition): void;
  command?(frame: CommandFrame, at: WalkPosition): void;
  annotation?(frame: AnnotationFrame, at: WalkPosition): void;
  /** Errors and warnings, as found (a file's error also appears in its FileResult). */
  problem?(problem: AofProblem, at: WalkPosition): void;
  fileEnd?(result: FileResult): void;
}

export interface WalkOptions {
  /** Leading arguments of each command handed to the visitor (default all), or a choice by lower-case name. */
  keepArgs?: number | ((name: string) => number);
  /** Called as bytes are read, with totals over all loaded files. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Judges each complete command before the visitor sees it; an error it returns becomes the file's
   * error (the file is read no further), e.g. a command redis-server would crash on.
   */
  validate?: (frame: CommandFrame, at: WalkPosition) => AofProblem | null;
  /**
   * Awaited (when it returns a promise) after each chunk and each batch of RDB records: a consumer whose
   * output is slower than the input (a pipe) holds the walk here, so memory stays flat.
   */
  pause?: () => Promise<void> | undefined;
  /** Read only the RDB section of the first file (a caller deciding what to do with a base). */
  rdbOnly?: boolean;
  /** Stop after the first file with an error (default: go on, to report on every file). */
  stopAtError?: boolean;
  chunkSize?: number;
}

const DEFAULT_CHUNK = 1 << 20;

/** Reads every file the server would load; never throws for damaged data, only for I/O failures. */
export async function walkAof(layout: AofLayout, visitor: AofVisitor, options: WalkOptions = {}): Promise<FileResult[]> {
  const files = loadedFiles(layout).filter((f) => f.size !== null);
  const total = files.reduce((sum, f) => sum + (f.size ?? 0), 0);
  let before = 0;
  const results: FileResult[] = [];
  for (const file of options.rdbOnly ? files.slice(0, 1) : files) {
    const result = await walkFile(file, visitor, options, (done) => options.onProgress?.(before + done, total));
    const now = (await stat(file.path)).size;
    if (now !== file.size) throw new FileChangedError(file.path, file.size ?? 0, now, 'read');
    before += file.size ?? 0;
    results.push(result);
    visitor.fileEnd?.(result);
    if (result.error && options.stopAtError) break;
  }
  return results;
}

function toAofProblem(p: RespProblem, file: string): AofProblem {
  return {
    severity: p.severity,
    code: p.code,
    kind: p.severity === 'error' ? p.kind : undefined,
    file,
    offset: p.offset,
    line: p.line,
    message: p.message,
  };
}

/** SELECT's argument as the server accepts it: a plain decimal integer. */
function selectedDb(arg: Buffer | undefined): number | null {
  if (arg === undefined || arg.length === 0 || arg.length > 10) return null;
  let n = 0;
  for (let i = 0; i < arg.length; i++) {
    const d = arg[i]! - 0x30;
    if (d < 0 || d > 9) return null;
    n = n * 10 + d;
  }
  return n;
}

async function walkFile(
  file: AofFile,
  visitor: AofVisitor,
  options: WalkOptions,
  progress: (done: number) => void,
): Promise<FileResult> {
  const size = file.size ?? 0;
  const at: WalkPosition = { file, db: 0, inMulti: false, name: '' };
  const names = new NameInterner();
  // The name is interned once per command, when the reader asks how many arguments to keep.
  const userKeep = options.keepArgs ?? Number.POSITIVE_INFINITY;
  const nameBuffers = new NameBuffers();
  const sharedName = (source: Buffer, start: number, end: number): Buffer | undefined => nameBuffers.get(at.name, source, start, end);
  const keepArgs = (source: Buffer, start: number, end: number): number => {
    at.name = names.intern(source, start, end);
    const wanted = typeof userKeep === 'number' ? userKeep : userKeep(at.name);
    return at.name === 'select' ? Math.max(2, wanted) : wanted;
  };
  const warnings: AofProblem[] = [];
  const tx = new TransactionTracker();
  let error: AofProblem | null = null;
  let okUpTo = 0;
  let commands = 0;
  let annotations = 0;
  let sinceOk = 0;
  // The loader's own truncation point (valid_up_to, valid_before_multi in loadSingleAppendOnlyFile): the
  // end of the last command read, annotations not counted; 0 until a command of the RESP part is read.
  let serverValid = 0;
  let serverBeforeMulti = 0;
  // A command whose bulk lacks its CRLF was read with a length that is likely damaged (a zero-filled tail
  // after a crash looks just like that). When the error comes right after such commands, a fix cuts from the
  // first of them, where redis-check-aof cuts too, rather than keep a command read from garbage.
  let suspectFrom: number | null = null;
  let suspectFrame = -1;
  const cutBefore = (frameStart: number): number => Math.min(tx.cutPoint(frameStart), suspectFrom ?? frameStart);
  const withSuspectNote = (p: AofProblem): AofProblem =>
    suspectFrom === null || tx.openedAt !== null
      ? p
      : {
          ...p,
          message:
            `${p.message}. The command at offset ${suspectFrom} before it lacks the CRLF after an argument, so its ` +
            'length was likely damaged too: a fix cuts from there',
        };
  /** aof-load-truncated yes would cut an RDB file at 0 when no command of its tail came before the damage. */
  const withRdbWipeNote = (p: AofProblem, serverCut: number): AofProblem =>
    file.rdb && p.kind === 'truncated' && serverCut === 0
      ? {
          ...p,
          message:
            `${p.message}. Do not let redis-server repair this: with aof-load-truncated yes, 7.0 cuts the file at offset 0, ` +
            'deleting its RDB section too (it counts the sound part from the first command); aof fix cuts after the RDB section',
        }
      : p;
  visitor.fileStart?.(file);

  let respStart = 0;
  let format: FileFormat | null = size === 0 ? null : 'resp';
  let rdbEnd: number | null = null;
  let rdbVersion: number | null = null;
  let aux = new Map<string, Buffer>();
  let rdbKeys = 0;
  let rdbChecksum: FileResult['rdbChecksum'] = null;
  if (file.rdb) {
    const onRecord = (r: RdbRecord) => visitor.rdbRecord?.(r, at);
    // Without a visitor for the records (check), the reader validates every value without materialising it.
    const section = await readRdbSection(file.path, size, onRecord, progress, { keys: visitor.rdbRecord ? 'records' : 'count', pause: options.pause });
    rdbKeys = section.keys;
    rdbVersion = section.version;
    rdbChecksum = section.checksum;
    aux = section.aux;
    if (section.problem || section.end === null) {
      error = section.problem;
      if (error) visitor.problem?.(error, at);
      return {
        file,
        format: 'rdb',
        okUpTo: 0,
        error,
        warnings,
        commands,
        annotations,
        transactions: 0,
        droppedCommands: 0,
        rdbEnd,
        rdbVersion,
        rdbKeys,
        rdbChecksum,
        aux,
      };
    }
    rdbEnd = section.end;
    respStart = options.rdbOnly ? size : section.end;
    okUpTo = respStart;
    format = respStart < size ? 'rdb+resp' : 'rdb';
  }

  const reader = new RespReader(
    {
      command(frame) {
        const invalid = options.validate?.(frame, at);
        if (invalid) {
          error = withSuspectNote(invalid);
          okUpTo = cutBefore(frame.start);
          visitor.problem?.(invalid, at);
          reader.stop();
          return;
        }
        commands++;
        if (at.name === 'multi') serverBeforeMulti = serverValid;
        serverValid = frame.end;
        // A suspect command inside a transaction (its EXEC included) can only be cut with the whole
        // transaction: the cut goes back to its MULTI.
        const openBefore = tx.openedAt;
        const event = tx.observe(frame, at.name);
        if (event === 'nested-multi' || event === 'exec-without-multi') {
          const problem: AofProblem = {
            severity: 'warning',
            code: event === 'nested-multi' ? 'multi-nested' : 'exec-without-multi',
            file: file.path,
            offset: frame.start,
            line: frame.line,
            message:
              event === 'nested-multi'
                ? `MULTI inside the transaction opened at offset ${tx.openedAt}: redis-server loads it (logging "MULTI calls can not be nested"); redis-check-aof rejects the file`
                : 'EXEC without MULTI: redis-server loads it (logging "EXEC without MULTI"); redis-check-aof rejects the file',
          };
          warnings.push(problem);
          visitor.problem?.(problem, at);
        }
        at.inMulti = tx.openedAt !== null;
        visitor.command?.(frame, at);
        if (at.name === 'select') {
          const db = selectedDb(frame.args[1]);
          if (db !== null) at.db = db;
        }
        if (suspectFrame !== frame.start) suspectFrom = null;
        else suspectFrom ??= openBefore ?? frame.start;
        if (tx.openedAt === null) {
          okUpTo = frame.end;
          sinceOk = 0;
        } else {
          sinceOk++;
        }
      },
      annotation(frame) {
        annotations++;
        visitor.annotation?.(frame, at);
        if (tx.openedAt === null) okUpTo = frame.end;
        suspectFrom = null;
      },
      problem(p) {
        const problem = withRdbWipeNote(toAofProblem(p, file.path), serverValid);
        if (p.severity === 'error') {
          error = p.frameStart === okUpTo ? withSuspectNote(problem) : problem;
          okUpTo = p.frameStart === okUpTo ? cutBefore(p.frameStart) : tx.cutPoint(p.frameStart);
        } else {
          if (p.code === 'bulk-crlf-missing') suspectFrame = p.frameStart;
          warnings.push(problem);
        }
        visitor.problem?.(problem, at);
      },
    },
    { offset: respStart, size, keepArgs, sharedName },
  );

  if (respStart < size) {
    const fh = await open(file.path, 'r');
    try {
      // Two buffers: the next chunk is read while the reader parses the current one.
      const chunkSize = Math.min(options.chunkSize ?? DEFAULT_CHUNK, size - respStart);
      const buffers = [Buffer.allocUnsafe(chunkSize), Buffer.allocUnsafe(chunkSize)];
      let position = respStart;
      const readAt = (buf: Buffer, from: number) => fh.read(buf, 0, Math.min(buf.length, size - from), from);
      let next = readAt(buffers[0]!, position);
      for (let turn = 0; position < size && !reader.stopped; turn ^= 1) {
        const { bytesRead, buffer } = await next;
        if (bytesRead === 0) break; // the file shrank while being read: what is there ends here
        position += bytesRead;
        if (position < size) next = readAt(buffers[turn ^ 1]!, position);
        reader.feed(bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead));
        progress(position);
        const held = options.pause?.();
        if (held !== undefined) await held;
      }
      if (position < size) await next.catch(() => undefined);
    } finally {
      await fh.close();
    }
  }
  reader.end();
  if (error === null && tx.openedAt !== null) {
    error = withRdbWipeNote({
      severity: 'error',
      code: 'multi-unterminated',
      kind: 'truncated',
      file: file.path,
      offset: tx.openedAt,
      line: reader.lineNumber, // where reading stopped, as redis-check-aof reports it
      message: `the file ends inside the transaction opened by MULTI at offset ${tx.openedAt}: redis-server reverts it ("Revert incomplete MULTI/EXEC transaction") and treats the file as truncated`,
    }, serverBeforeMulti);
    okUpTo = tx.openedAt;
    visitor.problem?.(error, at);
  }
  return {
    file,
    format,
    okUpTo,
    error,
    warnings,
    commands,
    annotations,
    transactions: tx.count,
    droppedCommands: error === null ? 0 : sinceOk,
    rdbEnd,
    rdbVersion,
    rdbKeys,
    rdbChecksum,
    aux,
  };
}
