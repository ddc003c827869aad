// What the verdict needs of a segment of a file's commands read apart (on another core), recorded to be replayed in order.

import { commandArgs, type CommandFrame, type RespProblem } from '../../resp/index.js';
import { movesTheVerdict, type FileVerdict } from '../verdict/file-verdict.js';
import type { CommandJudge } from '../verdict/judge.js';

// Event kinds; each event takes SLOTS numbers of the log: its kind and four values.
const RUN = 0; // plain commands in a row: count, end of the last
const COMMAND = 1; // one command replayed whole: start, end, line, argc (name and kept args in `extras`)
const ANNOTATION = 2; // start, end, line
const PROBLEM = 3; // a problem the reader reported (in `extras`)
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
 * count is one event, so a log stays small however many commands the segment holds. A log of more than
 * `maxEvents` events (a transaction per command, say) stops the reading: the rest is read in order.
 */
export class SegmentRecorder {
  private events = new Float64Array(SLOTS * 1024);
  private count = 0;
  private readonly extras: (LoggedCommand | RespProblem)[] = [];
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
    const n = this.count;
    const judge = this.judge;
    if (frame.start !== this.problemFrame && !movesTheVerdict(name) && (judge === null || judge.plain(frame, name))) {
      const e = this.events;
      if (n > 0 && e[(n - 1) * SLOTS] === RUN) {
        const at = (n - 1) * SLOTS;
        e[at + 1]!++;
        e[at + 2] = frame.end;
        return true;
      }
      this.push(RUN, 1, frame.end, 0, 0);
    } else {
      this.push(COMMAND, frame.start, frame.end, frame.line, frame.argc);
      this.extras.push({ name, args: commandArgs(frame).map((a) => Buffer.from(a)) });
      // The server's refusal ends the file here, as it will when the command is replayed.
      if (judge !== null && judge.judge(frame, name) !== null) return false;
    }
    if (this.count < this.maxEvents) return true;
    this.cutAt = frame.end;
    return false;
  }

  /** True once the log is full: the command just recorded was the last, the rest is read in order (see cutAt). */
  get filled(): boolean {
    return this.cutAt !== null;
  }

  /** `count` more of the last command (same name, same argc): one more run when it was plain (see FrameHandler.repeats). */
  repeats(count: number, end: number): boolean {
    const n = this.count;
    const at = (n - 1) * SLOTS;
    if (n === 0 || this.events[at] !== RUN) return false;
    this.events[at + 1]! += count;
    this.events[at + 2] = end;
    return true;
  }

  annotation(start: number, end: number, line: number): void {
    this.push(ANNOTATION, start, end, line, 0);
  }

  problem(p: RespProblem): void {
    this.push(PROBLEM, 0, 0, 0, 0);
    this.extras.push(p);
    this.problemFrame = p.frameStart;
  }

  /** The log, once the reader stopped at line `endLine`. */
  finish(endLine: number): SegmentLog {
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
