// What the verdict needs of a segment of a file's commands read apart (on another core), recorded to be replayed in order.

import { commandArgs, type CommandFrame, type RespProblem } from '../../resp/index.js';
import { movesTheVerdict, type FileVerdict } from '../verdict/file-verdict.js';
import type { CommandJudge } from '../verdict/judge.js';

// Event kinds; each event takes SLOTS numbers of the log: its kind and four values.
const RUN = 0; // plain commands in a row: count, end of the last
const COMMAND = 1; // one command replayed whole: start, end, line, argc (name and kept args in `extras`)
const ANNOTATION = 2; // start, end, line
const PROBLEM = 3; // a problem the reader reported (in `extras`)
const TRANSACTIONS = 4; // whole transactions in a row (MULTI, plain commands, EXEC): count, commands, end of the last
const SLOTS = 5;

/** A command the verdict must see itself, with the arguments it reads (copies). */
export interface LoggedCommand {
  readonly name: string;
  readonly args: Buffer[];
}

/** A segment's events, as plain data a worker thread can post (the numbers' buffer is transferred). */
export interface SegmentLog {
  /** Offset of the segment's first byte: the `*` of a command. */
  readonly from: number;
  readonly events: Float64Array;
  readonly count: number;
  /** The LoggedCommand or RespProblem of each COMMAND and PROBLEM event, in order. */
  readonly extras: (LoggedCommand | RespProblem)[];
  /**
   * Null when the segment was read to the end of the file (or to the error the file stops at); else the
   * log filled up, and reading must go on from this offset, a frame boundary, at line `endLine`.
   */
  readonly cutAt: number | null;
  /** The reader's line where it stopped, counted from 1 at `from`. */
  readonly endLine: number;
  /** What the segment's visitor gathered (SegmentJob.visitor), when it had one. */
  readonly visited?: unknown;
}

/**
 * Takes what a reader of the segment finds and keeps it compactly: a run of commands the verdict would only
 * count is one event, and so is a run of whole transactions of such commands, so a log stays small however
 * many commands the segment holds. A log of more than `maxEvents` events (a SELECT per command, say) stops
 * the reading: the rest is read in order.
 */
export class SegmentRecorder {
  private events = new Float64Array(SLOTS * 1024);
  private count = 0;
  private readonly extras: (LoggedCommand | RespProblem)[] = [];
  /**
   * Whether a transaction is open, once the segment tells: after a MULTI one is (it opened one or nested in
   * one), after an EXEC none is, whatever came before the segment; null until then. A MULTI while none is
   * open starts a transaction that may be folded into a TRANSACTIONS event (an AOF of scripts holds one per
   * command).
   */
  private inTransaction: boolean | null = null;
  /** A MULTI being folded (where it is, its arguments) and the plain commands after it, or null. */
  private open: { start: number; end: number; line: number; name: string; args: Buffer[]; plain: number; lastEnd: number } | null = null;
  /** The last command recorded was plain: a run of its repeats may be counted with it. */
  private lastPlain = false;
  /** The frame the last problem was in: a command there is replayed whole (the verdict may suspect it). */
  private problemFrame = -1;
  private cutAt: number | null = null;

  constructor(
    private readonly from: number,
    private readonly judge: CommandJudge | null,
    private readonly maxEvents: number,
  ) {}

  /** A complete command and its lower-case name; false when reading must stop (the file's error, or a full log). */
  command(frame: CommandFrame, name: string): boolean {
    const judge = this.judge;
    const plain = frame.start !== this.problemFrame && !movesTheVerdict(name) && (judge === null || judge.plain(frame, name));
    this.lastPlain = plain;
    const open = this.open;
    if (open !== null) {
      if (plain) {
        open.plain++;
        open.lastEnd = frame.end;
        return true;
      }
      if (name === 'exec' && this.bare(frame, name)) {
        this.closeTransaction(open, frame.end);
        return this.room(frame);
      }
      // Anything else in a transaction: it is logged as it came, command by command.
      this.unfold();
    } else if (name === 'multi' && this.inTransaction === false && this.bare(frame, name)) {
      const args = commandArgs(frame).map((a) => Buffer.from(a));
      this.open = { start: frame.start, end: frame.end, line: frame.line, name, args, plain: 0, lastEnd: frame.end };
      return true;
    }
    if (plain) {
      this.run(1, frame.end);
    } else {
      this.push(COMMAND, frame.start, frame.end, frame.line, frame.argc);
      this.extras.push({ name, args: commandArgs(frame).map((a) => Buffer.from(a)) });
      // The server's refusal ends the file here, as it will when the command is replayed.
      if (judge !== null && judge.judge(frame, name) !== null) return false;
      if (name === 'multi' || name === 'exec') this.inTransaction = name === 'multi';
    }
    return this.room(frame);
  }

  /** True while the log has room; else the reading stops after `frame`, to go on in order from there. */
  private room(frame: CommandFrame): boolean {
    if (this.count < this.maxEvents) return true;
    this.cutAt = frame.end;
    return false;
  }

  /** A MULTI or EXEC as it is in every transaction of a script's AOF: alone on its line, judged fine, no warning on it. */
  private bare(frame: CommandFrame, name: string): boolean {
    if (frame.argc !== 1 || frame.start === this.problemFrame) return false;
    // No judge (an inspect): every well-formed command runs.
    return (this.judge?.judge(frame, name) ?? null) === null;
  }

  /** `n` plain commands, the last ending at `end`: one more RUN event, or the last one longer. */
  private run(n: number, end: number): void {
    const last = (this.count - 1) * SLOTS;
    if (this.count > 0 && this.events[last] === RUN) {
      this.events[last + 1]! += n;
      this.events[last + 2] = end;
    } else this.push(RUN, n, end, 0, 0);
  }

  /** The transaction `open` ends with an EXEC ending at `end`: one more in the TRANSACTIONS event, or a new one. */
  private closeTransaction(open: NonNullable<SegmentRecorder['open']>, end: number): void {
    this.open = null;
    this.inTransaction = false;
    const e = this.events;
    const last = (this.count - 1) * SLOTS;
    const commands = open.plain + 2;
    if (this.count > 0 && e[last] === TRANSACTIONS) {
      e[last + 1]!++;
      e[last + 2]! += commands;
      e[last + 3] = end;
    } else this.push(TRANSACTIONS, 1, commands, end, 0);
  }

  /** The MULTI being folded, and the plain commands after it, logged as they came (something else followed). */
  private unfold(): void {
    const open = this.open;
    if (open === null) return;
    this.open = null;
    this.inTransaction = true;
    this.push(COMMAND, open.start, open.end, open.line, 1);
    this.extras.push({ name: open.name, args: open.args });
    if (open.plain > 0) this.run(open.plain, open.lastEnd);
  }

  /** True once the log is full: the command just recorded was the last, the rest is read in order (see cutAt). */
  get filled(): boolean {
    return this.cutAt !== null;
  }

  /** `count` more of the last command (same name, same argc): one more run when it was plain (see FrameHandler.repeats). */
  repeats(count: number, end: number): boolean {
    if (!this.lastPlain) return false;
    const open = this.open;
    if (open !== null) {
      open.plain += count;
      open.lastEnd = end;
    } else this.run(count, end);
    return true;
  }

  annotation(start: number, end: number, line: number): void {
    this.unfold();
    this.push(ANNOTATION, start, end, line, 0);
  }

  problem(p: RespProblem): void {
    this.unfold();
    this.push(PROBLEM, 0, 0, 0, 0);
    this.extras.push(p);
    this.problemFrame = p.frameStart;
  }

  /** The log, once the reader stopped at line `endLine`. */
  finish(endLine: number): SegmentLog {
    // A transaction still open where the reading stopped: the verdict must see its MULTI.
    this.unfold();
    return { from: this.from, events: this.events.subarray(0, this.count * SLOTS), count: this.count, extras: this.extras, cutAt: this.cutAt, endLine };
  }

  private push(kind: number, a: number, b: number, c: number, d: number): void {
    let e = this.events;
    const at = this.count * SLOTS;
    if (at + SLOTS > e.length) {
      e = new Float64Array(e.length * 2);
      e.set(this.events);
      this.events = e;
    }
    e[at] = kind;
    e[at + 1] = a;
    e[at + 2] = b;
    e[at + 3] = c;
    e[at + 4] = d;
    this.count++;
  }
}

const NO_TEXT = Buffer.alloc(0);

/**
 * Feeds a segment's events to the file's verdict, in order, as if its reader had read them; line numbers
 * move by `lineShift` (the line the segment starts at, less one). False when the verdict stopped the file.
 */
export function replaySegment(log: SegmentLog, verdict: FileVerdict, lineShift: number): boolean {
  const e = log.events;
  let extra = 0;
  for (let i = 0; i < log.count; i++) {
    const at = i * SLOTS;
    const kind = e[at]!;
    if (kind === RUN) {
      verdict.plainCommands(e[at + 1]!, e[at + 2]!);
    } else if (kind === COMMAND) {
      const { name, args } = log.extras[extra++] as LoggedCommand;
      const frame: CommandFrame = { type: 'command', args, argc: e[at + 4]!, start: e[at + 1]!, end: e[at + 2]!, line: e[at + 3]! + lineShift };
      if (!verdict.command(frame, name)) return false;
    } else if (kind === TRANSACTIONS) {
      verdict.plainTransactions(e[at + 1]!, e[at + 2]!, e[at + 3]!);
    } else if (kind === ANNOTATION) {
      verdict.annotation({ type: 'annotation', text: NO_TEXT, start: e[at + 1]!, end: e[at + 2]!, line: e[at + 3]! + lineShift });
    } else {
      const p = log.extras[extra++] as RespProblem;
      verdict.respProblem({ ...p, line: p.line + lineShift });
      if (p.severity === 'error') return false;
    }
  }
  return true;
}
