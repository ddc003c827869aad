// The server's verdict on one file, decided record by record as the walk reads it: what loads, where a cut goes.

import { commandArg, type AnnotationFrame, type CommandFrame, type RespProblem } from '../../resp/index.js';
import type { AofFile } from '../layout.js';
import type { AofProblem } from '../problem.js';
import type { RdbSectionResult } from '../rdb-section.js';
import type { CommandJudge } from './judge.js';
import { notAnAof } from './not-an-aof.js';
import { fromResp, multiUnterminated, notLastFile, transactionWarning, withRdbWipeNote, withSuspectNote } from './notes.js';
import { selectTarget } from './select.js';
import { TransactionTracker, type TransactionEvent } from './transactions.js';

/** `unknown`: neither RESP nor RDB (the not-an-aof verdict). */
export type FileFormat = 'resp' | 'rdb' | 'rdb+resp' | 'unknown';

export interface FileResult {
  readonly file: AofFile;
  readonly format: FileFormat | null;
  /** Offset up to which the file is sound: where a truncating fix would cut. Never inside MULTI…EXEC. */
  readonly okUpTo: number;
  /**
   * The end of the last command whose effect stands (outside a transaction, or the EXEC that ran it), or
   * where the RESP part starts: what a load with aof-load-truncated yes keeps of this file.
   */
  readonly appliedUpTo: number;
  /** The first error, or null. */
  readonly error: AofProblem | null;
  /**
   * The error is a short read (the file ends inside a command or a transaction): what aof-load-truncated
   * yes cuts, even where it is fatal because a later file follows (its kind is then `corrupt`).
   */
  readonly shortRead: boolean;
  /** In file order; the command judgement's past its cap are counted in a last `more-warnings`. */
  readonly warnings: AofProblem[];
  readonly commands: number;
  readonly annotations: number;
  readonly transactions: number;
  /** Complete commands past okUpTo that a cut rolls back with their unfinished transaction. */
  readonly transactionCommands: number;
  /** Where the RDB section ends (the RESP tail starts), for RDB files. */
  readonly rdbEnd: number | null;
  readonly rdbVersion: number | null;
  /** Keys in the RDB section, and whether its checksum matched ('disabled' when written without one). */
  readonly rdbKeys: number;
  readonly rdbChecksum: RdbSectionResult['checksum'] | null;
  readonly aux: Map<string, Buffer>;
}

/** Leading arguments the verdict reads of a command named `name`: SELECT's database, what the judgement needs. */
export function argsNeeded(name: string, judge: CommandJudge | null): number {
  if (name === 'select') return 2;
  return judge === null ? 0 : judge.argsNeeded(name);
}

/** Commands whose effect on the verdict goes beyond being counted: transactions and the database. */
export function movesTheVerdict(name: string): boolean {
  return name === 'multi' || name === 'exec' || name === 'select';
}

/**
 * Fed the file's records in order (an RDB section, then commands, annotations and problems), it keeps what
 * loadSingleAppendOnlyFile would do with them, and the database each command applies to.
 */
export class FileVerdict {
  /** The database the last command applied to: each file starts at 0 (a new loading client), SELECT moves it. */
  db = 0;
  /** True from a MULTI to its EXEC. */
  inMulti = false;
  /** What the last command did to the transaction state. */
  transaction: TransactionEvent = null;
  /**
   * Whether more of the last record, a command (same name, same argc), may be taken by plainCommands(): it
   * was judged fine without a word, it is no MULTI, EXEC or SELECT, and no warning was about its bytes.
   */
  repeatable = false;

  private readonly tx = new TransactionTracker();
  private readonly warnings: AofProblem[] = [];
  private error: AofProblem | null = null;
  private shortRead = false;
  private format: FileFormat | null;
  private rdb: RdbSectionResult | null = null;
  private okUpTo = 0;
  private appliedUpTo = 0;
  private commands = 0;
  private annotations = 0;
  /** Complete commands since okUpTo (those of an open transaction). */
  private sinceOk = 0;
  // The loader's own truncation point (valid_up_to, valid_before_multi in loadSingleAppendOnlyFile): the
  // end of the last command read, annotations not counted; 0 until a command of the RESP part is read.
  private serverValid = 0;
  private serverBeforeMulti = 0;
  // A command whose bulk lacks its CRLF was read with a length that is likely damaged (a zero-filled tail
  // after a crash looks just like that). When the error comes right after such commands, a fix cuts from the
  // first of them, where redis-check-aof cuts too, rather than keep a command read from garbage.
  private suspectFrom: number | null = null;
  private suspectFrame = -1;

  constructor(
    private readonly file: AofFile,
    private readonly isLast: boolean,
    private readonly judge: CommandJudge | null,
  ) {
    this.format = (file.size ?? 0) === 0 ? null : 'resp';
  }

  /** Leading arguments the verdict reads of a command: SELECT's database, what the judgement needs. */
  argsNeeded(name: string): number {
    return argsNeeded(name, this.judge);
  }

  /** The RDB part of an RDB file; false when it is damaged and the file ends there. */
  rdbSection(section: RdbSectionResult): boolean {
    this.rdb = section;
    if (section.problem !== null || section.end === null) {
      this.format = 'rdb';
      this.fail(section.problem);
      return false;
    }
    this.okUpTo = this.appliedUpTo = section.end;
    this.format = section.end < (this.file.size ?? 0) ? 'rdb+resp' : 'rdb';
    return true;
  }

  /** A complete command and its lower-case name; false when the server stops at it (the file's error). */
  command(frame: CommandFrame, name: string): boolean {
    this.repeatable = false;
    if (this.judge !== null) {
      const refused = this.judge.judge(frame, name);
      if (refused !== null) {
        this.fail(this.withSuspect(refused));
        this.okUpTo = this.cutBefore(frame.start);
        return false;
      }
    }
    this.commands++;
    if (name === 'multi') this.serverBeforeMulti = this.serverValid;
    this.serverValid = frame.end;
    const tx = this.tx;
    // A suspect command inside a transaction (its EXEC included) can only be cut with the whole
    // transaction: the cut goes back to its MULTI.
    const openBefore = tx.openedAt;
    const event = tx.observe(frame, name);
    if (event === 'nested-multi' || event === 'exec-without-multi') this.warnings.push(transactionWarning(event, this.file.path, frame, tx.openedAt));
    this.transaction = event;
    this.inMulti = tx.openedAt !== null;
    if (name === 'select') {
      const db = selectTarget(commandArg(frame, 1));
      if (db !== null) this.db = db;
    }
    if (this.suspectFrame !== frame.start) this.suspectFrom = null;
    else this.suspectFrom ??= openBefore ?? frame.start;
    if (tx.openedAt === null) {
      this.okUpTo = this.appliedUpTo = frame.end;
      this.sinceOk = 0;
    } else {
      this.sinceOk++;
    }
    this.repeatable = this.judge !== null && this.judge.passedLast && !movesTheVerdict(name) && this.suspectFrame !== frame.start;
    return true;
  }

  /**
   * `n` commands in a row, the last ending at `end`, that command() would take without a word: judged
   * fine, none a MULTI, EXEC or SELECT, none following a warning about its own bytes (a segment read on
   * another thread hands them over so). Leaves the state that n calls of command() leave.
   */
  plainCommands(n: number, end: number): void {
    this.commands += n;
    this.serverValid = end;
    this.transaction = null;
    this.suspectFrom = null;
    if (this.tx.openedAt === null) {
      this.okUpTo = this.appliedUpTo = end;
      this.sinceOk = 0;
    } else {
      this.sinceOk += n;
    }
  }

  /**
   * `count` whole transactions in a row, `commands` commands in all (their MULTIs and EXECs included), each
   * a MULTI and an EXEC alone on their lines with only commands plainCommands() would take between them, none
   * open before the first; the last EXEC ends at `end`. Leaves the state that feeding them one by one leaves
   * (a segment read apart folds them so), but for serverBeforeMulti: it is read only for a MULTI still open at
   * the end, and that one comes whole, after these.
   */
  plainTransactions(count: number, commands: number, end: number): void {
    this.repeatable = false;
    this.commands += commands;
    this.serverValid = end;
    this.tx.count += count;
    this.transaction = 'close';
    this.inMulti = false;
    this.suspectFrom = null;
    this.okUpTo = this.appliedUpTo = end;
    this.sinceOk = 0;
  }

  annotation(frame: AnnotationFrame): void {
    this.repeatable = false;
    this.annotations++;
    if (this.tx.openedAt === null) this.okUpTo = frame.end;
    this.suspectFrom = null;
  }

  /** A problem the RESP reader found; after an error it reads no further. */
  respProblem(p: RespProblem): void {
    this.repeatable = false;
    let problem = fromResp(p, this.file.path);
    if (p.severity === 'warning') {
      if (p.code === 'bulk-crlf-missing') this.suspectFrame = p.frameStart;
      this.warnings.push(problem);
      return;
    }
    if (this.serverValid === 0 && problem.kind === 'truncated' && this.file.rdb) problem = withRdbWipeNote(problem);
    const atOk = p.frameStart === this.okUpTo;
    this.fail(atOk ? this.withSuspect(problem) : problem);
    this.okUpTo = atOk ? this.cutBefore(p.frameStart) : this.tx.cutPoint(p.frameStart);
  }

  /** The verdict once the file is read (`line`: the reader's line count where it stopped). */
  finish(line: number): FileResult {
    const tx = this.tx;
    if (this.error === null && tx.openedAt !== null) {
      // loadSingleAppendOnlyFile at EOF inside MULTI: "Revert incomplete MULTI/EXEC transaction".
      const problem = multiUnterminated(this.file.path, tx.openedAt, line);
      this.fail(this.serverBeforeMulti === 0 && this.file.rdb ? withRdbWipeNote(problem) : problem);
      this.okUpTo = tx.openedAt;
    }
    const foreign = notAnAof(this.file, this.error);
    if (foreign !== null) {
      this.error = foreign;
      this.format = 'unknown';
    }
    const rdb = this.rdb;
    return {
      file: this.file,
      format: this.format,
      okUpTo: this.okUpTo,
      appliedUpTo: this.appliedUpTo,
      error: this.error,
      shortRead: this.shortRead,
      warnings: this.allWarnings(),
      commands: this.commands,
      annotations: this.annotations,
      transactions: tx.count,
      transactionCommands: this.error === null ? 0 : this.sinceOk,
      rdbEnd: rdb?.end ?? null,
      rdbVersion: rdb?.version ?? null,
      rdbKeys: rdb?.keys ?? 0,
      rdbChecksum: rdb?.checksum ?? null,
      aux: rdb?.aux ?? new Map<string, Buffer>(),
    };
  }

  /** The file's error: a cut tail of a file that is not the last one is fatal, not truncated. */
  private fail(p: AofProblem | null): void {
    this.shortRead = p?.kind === 'truncated';
    this.error = this.shortRead && !this.isLast ? notLastFile(p!) : p;
  }

  /** Where a cut goes for damage in the frame at frameStart: before its transaction, before suspect commands. */
  private cutBefore(frameStart: number): number {
    return Math.min(this.tx.cutPoint(frameStart), this.suspectFrom ?? frameStart);
  }

  private withSuspect(p: AofProblem): AofProblem {
    return this.suspectFrom === null || this.tx.openedAt !== null ? p : withSuspectNote(p, this.suspectFrom);
  }

  /** The reader's and the transaction warnings, the judgement's merged in by offset, then what was not kept. */
  private allWarnings(): AofProblem[] {
    const judge = this.judge;
    if (judge === null) return this.warnings;
    const all = [...this.warnings, ...judge.warnings].sort((a, b) => (a.offset ?? 0) - (b.offset ?? 0));
    if (judge.suppressed > 0) {
      all.push({
        severity: 'warning',
        code: 'more-warnings',
        file: this.file.path,
        offset: null,
        line: null,
        message: `${judge.suppressed} more command warnings like the above were not listed`,
      });
    }
    return all;
  }
}
