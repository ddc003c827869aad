// Streaming reader of an AOF's RESP command stream: frames with exact offsets, parsed the way redis-server loads them.
//
// The structure a command must have is the one loadSingleAppendOnlyFile (aof.c, Redis 7) enforces, so a
// verdict built on this reader matches the server. Where redis-check-aof is stricter than the server (junk
// after a number, a bulk not followed by CRLF) the reader goes on as the server does and reports a warning.
//
// Lines are counted like redis-check-aof's ok_up_to_line: line 1 is the first protocol line, every header
// line and every bulk's trailing CRLF counts one, annotation lines count none.

import { quoteBytes } from './ascii.js';
import { parseCLong, toCInt } from './c-number.js';
import { frameScan } from './frame-scan.js';
import { ReusedArgs } from './reused-args.js';
import type { AnnotationFrame, CommandFrame, FrameHandler, ProblemKind, RespErrorCode, RespWarningCode } from './frame.js';

const STAR = 0x2a; // *
const DOLLAR = 0x24; // $
const HASH = 0x23; // #
const CR = 0x0d; // \r
const LF = 0x0a; // \n

/** The loader reads header and annotation lines with fgets() into a 1024-byte buffer: 1023 bytes at most. */
const LINE_MAX = 1023;
/**
 * The largest bulk the loader can allocate. It calls sdsnewlen(len) before reading, and an allocation
 * that fails aborts the server ("Out Of Memory allocating N bytes!"). Only address space is reserved, so
 * RAM does not matter: on x86-64 Linux, 7.0.15 cut an 80 TB length as a short read and crashed on 90 TB.
 */
const ALLOCATABLE_MAX = 85e12;
/** Numbers read digit by digit in a header line have at most 15 digits, so arithmetic on doubles stays exact. */
const FAST_DIGITS_MAX = 15;
/**
 * The loader reads a count with atoi() into an int: a count past INT_MAX keeps only its low 32 bits
 * (`*4294967298` is 2). The fast paths take counts up to here; larger ones go the slow way, through toCInt.
 */
const INT_MAX = 0x7fffffff;

const enumState = {
  LineStart: 0, // between commands: expect '*' or '#'
  ArgLine: 1, // expect an argument's '$' line
  GatherLine: 2, // a header or annotation line split across chunks, or not in canonical form
  BulkBody: 3,
  BulkCrlf: 4,
  Stopped: 5,
} as const;
type State = (typeof enumState)[keyof typeof enumState];
const { LineStart, ArgLine, GatherLine, BulkBody, BulkCrlf, Stopped } = enumState;

export interface RespReaderOptions {
  /** Absolute offset of the first byte fed (e.g. where an RDB preamble ends). Default 0. */
  offset?: number;
  /** Absolute size of the input when known: a bulk longer than what remains is reported at once. */
  size?: number;
  /** Line number of the first line fed. Default 1. */
  line?: number;
  /**
   * How many leading arguments of each command to hand over; the rest are only framed. Default all.
   * A function is asked with the bytes of a command's name (`source[start, end)`, valid only during the
   * call), so a consumer can keep none for most commands and more for the few it looks into. Its answer
   * must depend on the name alone: commands named with the same bytes as the one before them in a chunk
   * may take the answer given for it, without a call (so does sharedName's).
   */
  keepArgs?: number | KeepArgs;
  /**
   * A Buffer holding exactly the bytes `source[start, end)` of a command name, to hand over as args[0]
   * instead of a new view (names repeat: one shared Buffer per name spares a view per command), or
   * undefined for a view as usual. Consumers must not write into args[0].
   */
  sharedName?: SharedName;
  /**
   * Hand the kept arguments after the name of a command that lies whole in one chunk as offsets into it
   * (CommandFrame.source and ranges) instead of a view each: a view is an object, and one per key is most
   * of what a consumer that only hashes keys allocates. Default false.
   */
  ranges?: boolean;
  /**
   * Hand each kept argument of at most REUSED_MAX bytes, among a command's first REUSED_POSITIONS, of a
   * command that lies whole in one chunk in a Buffer the reader fills and hands over again for the next
   * command (one per argument position and length), not in a new view: a view is an object, and one per argument is most of what a replay
   * allocates. Such arguments are valid only during the handler's call: a consumer copies what it keeps.
   * Default false.
   */
  reuseArgs?: boolean;
}

export type KeepArgs = (source: Buffer, start: number, end: number) => number;
export type SharedName = (source: Buffer, start: number, end: number) => Buffer | undefined;

/** The args of a command whose arguments are all left out; frozen so no consumer can fill it. */
const NO_ARGS = Object.freeze([]) as unknown as Buffer[];

export class RespReader {
  private readonly handler: FrameHandler;
  private readonly size: number | undefined;
  private readonly keepArgs: number | KeepArgs;
  private readonly sharedName: SharedName | undefined;
  /** Argument offsets for the `ranges` option (two per argument, grown as needed), or null without it. */
  private ranges: Int32Array | null;
  /** With `ranges`, the args (the name alone) of the last command whose name was shared. */
  private nameArgs: Buffer[] = [];
  /** With reuseArgs: per argument position, per length, the Buffer handed over for it; else null. */
  private readonly reused: ReusedArgs | null;
  /** The fast path's scanner (null without WebAssembly), and how many chunks were fed: the scanner's copy is of one feed. */
  private readonly scanner = frameScan();
  private feeds = 0;
  /** keepArgs for the current command (at least 1 until its name is known). */
  private keep = 1;

  private state: State = LineStart;
  /** Absolute offset of byte 0 of the chunk being read; after feed() returns, of the next chunk. */
  private base: number;
  private line: number;

  private frameStart = 0;
  private frameLine = 0;
  private argc = 0;
  private args: Buffer[] = [];
  /** How many of args are copies the reader owns (the others are views into the current chunk). */
  private ownedArgs = 0;
  private argIndex = 0;
  /** Absolute offset of the header line, payload or trailer being read: where a problem is reported. */
  private elementStart = 0;

  private bulkRemaining = 0;
  private bulkLength = 0;
  private bulkKeep = false;
  /** Where a kept bulk that spans chunks is assembled: sized up front only when the length was checked. */
  private bulkTarget: Buffer | null = null;
  private bulkPieces: Buffer[] = [];
  private crlfSeen = 0;
  private crlfOk = true;

  private readonly lineBuf = Buffer.allocUnsafe(LINE_MAX);
  private lineLen = 0;
  private lineKind = 0; // STAR, DOLLAR or HASH

  constructor(handler: FrameHandler, options: RespReaderOptions = {}) {
    this.handler = handler;
    this.base = options.offset ?? 0;
    this.size = options.size;
    this.line = options.line ?? 1;
    this.keepArgs = options.keepArgs ?? Number.POSITIVE_INFINITY;
    this.sharedName = options.sharedName;
    this.ranges = options.ranges ? new Int32Array(64) : null;
    this.reused = options.reuseArgs ? new ReusedArgs() : null;
  }

  /** Absolute offset up to which input has been consumed. */
  get offset(): number {
    return this.base;
  }

  /** The protocol line reached (redis-check-aof's ok_up_to_line when reading stops). */
  get lineNumber(): number {
    return this.line;
  }

  /** True between frames: every byte fed so far belongs to a complete frame (and the reader has not stopped). */
  get betweenFrames(): boolean {
    return this.state === LineStart;
  }

  /** True once an error stopped the reader or end() was called. */
  get stopped(): boolean {
    return this.state === Stopped;
  }

  /** Stops reading: a consumer found the data unusable (e.g. a command the server cannot run). */
  stop(): void {
    this.state = Stopped;
  }

  /** Reads a chunk; returns false once the reader has stopped (an error, stop(), or end()). */
  feed(chunk: Buffer): boolean {
    this.feeds++;
    const end = chunk.length;
    let pos = 0;
    while (pos < end) {
      switch (this.state) {
        case LineStart:
          pos = this.readLineStart(chunk, pos);
          break;
        case ArgLine:
          pos = this.readArgLine(chunk, pos);
          break;
        case GatherLine:
          pos = this.gatherLine(chunk, pos);
          break;
        case BulkBody:
          pos = this.readBulkBody(chunk, pos);
          break;
        case BulkCrlf:
          pos = this.readBulkCrlf(chunk, pos);
          break;
        default:
          return false;
      }
    }
    if (this.state !== LineStart && this.state !== Stopped) this.detachArgs();
    this.base += end;
    return this.state !== Stopped;
  }

  /** A command continues in the next chunk: its arguments seen so far must not point into this one. */
  private detachArgs(): void {
    for (let i = this.ownedArgs; i < this.args.length; i++) this.args[i] = Buffer.from(this.args[i]!);
    this.ownedArgs = this.args.length;
  }

  /** Signals the end of input: a frame still open is reported as truncated. */
  end(): void {
    if (this.state === GatherLine) this.finishLine(false, true);
    if (this.state === LineStart) {
      this.state = Stopped;
      return;
    }
    if (this.state === Stopped) return;
    this.error('truncated', 'truncated', this.elementStart, this.describeTruncation());
  }

  private describeTruncation(): string {
    const where =
      this.state === BulkBody || this.state === BulkCrlf
        ? `argument ${this.argIndex + 1} of ${this.argc} (${this.bulkLength} bytes declared)`
        : `the header of argument ${this.argIndex + 1} of ${this.argc}`;
    return `the input ends inside ${where} of the command starting at offset ${this.frameStart}`;
  }

  /**
   * Fast path: the canonical commands that lie whole in this chunk from pos, framed by the WebAssembly scanner
   * several at a time. Returns where the next command starts, or -1 when the one at pos is not such a command
   * (split across chunks, a non-canonical header, a bad trailer): the state machine reads it, as the loader would.
   */
  private readFrames(chunk: Buffer, pos: number): number {
    const scanner = this.scanner;
    if (scanner === null) return -1;
    const found = scanner.scan(chunk, pos, this, this.feeds);
    if (found === 0) return -1;
    const scans = scanner.scans;
    const rec = scanner.records;
    const shift = scanner.shift;
    const keepArgs = this.keepArgs;
    let at = pos;
    let r = 0;
    // What keepArgs and sharedName said of the last name: a command named as the one before it reuses it.
    let keep = 0;
    // Commands up to this one were offered to repeats() already (declined: each goes to command()).
    let offeredUpTo = -1;
    let shared: Buffer | undefined;
    for (let f = 0; f < found; f++) {
      let argc = rec[r]!;
      const repeat = argc < 0;
      if (repeat) argc = -argc;
      const nameStart = rec[r + 1]! + shift;
      const nameEnd = rec[r + 2]! + shift;
      const end = rec[r + 2 * argc]! + shift + 2;
      if (!repeat) {
        keep = typeof keepArgs === 'number' ? keepArgs : keepArgs(chunk, nameStart, nameEnd);
        shared = keep > 0 ? this.sharedName?.(chunk, nameStart, nameEnd) : undefined;
      }
      let args = NO_ARGS;
      let kept = 0;
      let ranges = this.ranges;
      if (keep > 0) {
        kept = Math.min(argc, keep);
        if (ranges !== null) {
          // Only the name goes in args: one array per shared name, handed out again and again.
          if (shared === undefined) args = [chunk.subarray(nameStart, nameEnd)];
          else if (shared === this.nameArgs[0]) args = this.nameArgs;
          else args = this.nameArgs = [shared];
          if (ranges.length < 2 * kept) ranges = this.ranges = new Int32Array(2 * kept);
          for (let a = 1; a < kept; a++) {
            ranges[2 * a] = rec[r + 1 + 2 * a]! + shift;
            ranges[2 * a + 1] = rec[r + 2 + 2 * a]! + shift;
          }
        } else {
          // Sized at once: a push onto [] reserves room for 17 elements, most of a command's garbage.
          args = new Array<Buffer>(kept);
          args[0] = shared ?? chunk.subarray(nameStart, nameEnd);
          const reused = this.reused;
          for (let a = 1; a < kept; a++) {
            const from = rec[r + 1 + 2 * a]! + shift;
            const to = rec[r + 2 + 2 * a]! + shift;
            args[a] = reused !== null ? reused.arg(a, chunk, from, to) : chunk.subarray(from, to);
          }
        }
      }
      const frame: CommandFrame = {
        type: 'command',
        args,
        argc,
        start: this.base + at,
        end: this.base + end,
        line: this.line,
        kept,
        source: ranges === null ? null : chunk,
        ranges,
      };
      this.line += 1 + 2 * argc;
      r += 1 + 2 * argc;
      at = end;
      this.handler.command(frame);
      // The handler stopped the reading, or fed another reader (whose scan replaced the records).
      if (this.state === Stopped || scanner.scans !== scans) break;
      if (keep !== 0 || f < offeredUpTo || this.handler.repeats === undefined) continue;
      // The commands after it that repeat its name and argc (negated argc: see frame-scan.wat), offered at once.
      let n = 0;
      let next = r;
      while (f + n + 1 < found && rec[next] === -argc) {
        next += 1 + 2 * argc;
        n++;
      }
      if (n === 0) continue;
      offeredUpTo = f + n;
      const last = rec[next - 1]! + shift + 2;
      if (!this.handler.repeats(n, this.base + last)) continue;
      this.line += n * (1 + 2 * argc);
      f += n;
      r = next;
      at = last;
      if (this.stopped || scanner.scans !== scans) break;
    }
    return at;
  }

  private readLineStart(chunk: Buffer, pos: number): number {
    const c = chunk[pos]!;
    const abs = this.base + pos;
    if (c === STAR) {
      const next = this.readFrames(chunk, pos);
      if (next >= 0) return next;
      const end = chunk.length;
      const limit = Math.min(end, pos + 1 + FAST_DIGITS_MAX);
      let i = pos + 1;
      let n = 0;
      while (i < limit) {
        const d = chunk[i]! - 0x30;
        if (d < 0 || d > 9) break;
        n = n * 10 + d;
        i++;
      }
      if (i > pos + 1 && n > 0 && n <= INT_MAX && i + 1 < end && chunk[i] === CR && chunk[i + 1] === LF) {
        this.beginFrame(abs, n);
        this.line++;
        this.state = ArgLine;
        this.elementStart = this.base + i + 2;
        return i + 2;
      }
      return this.beginLine(STAR, chunk, pos);
    }
    if (c === HASH) return this.beginLine(HASH, chunk, pos);
    this.error('bad-prefix', 'corrupt', abs, `expected '*' (a command) or '#' (an annotation) but found ${describeByte(c)}`, abs);
    return chunk.length;
  }

  private readArgLine(chunk: Buffer, pos: number): number {
    const c = chunk[pos]!;
    const abs = this.base + pos;
    this.elementStart = abs;
    if (c !== DOLLAR) {
      this.error('bad-arg-prefix', 'corrupt', abs, `expected '$' (argument ${this.argIndex + 1} of ${this.argc}) but found ${describeByte(c)}`);
      return chunk.length;
    }
    const end = chunk.length;
    const limit = Math.min(end, pos + 1 + FAST_DIGITS_MAX);
    let i = pos + 1;
    let n = 0;
    while (i < limit) {
      const d = chunk[i]! - 0x30;
      if (d < 0 || d > 9) break;
      n = n * 10 + d;
      i++;
    }
    if (i > pos + 1 && i + 1 < end && chunk[i] === CR && chunk[i + 1] === LF) {
      this.line++;
      this.beginBulk(n, this.base + i + 2, abs);
      return i + 2;
    }
    return this.beginLine(DOLLAR, chunk, pos);
  }

  private beginLine(kind: number, chunk: Buffer, pos: number): number {
    this.lineKind = kind;
    this.lineLen = 0;
    this.elementStart = this.base + pos;
    this.state = GatherLine;
    return this.gatherLine(chunk, pos);
  }

  /** Collects a line like fgets(buf, 1024): up to and including LF, or 1023 bytes. */
  private gatherLine(chunk: Buffer, pos: number): number {
    const room = LINE_MAX - this.lineLen;
    const stop = Math.min(chunk.length, pos + room);
    let lf = chunk.indexOf(LF, pos);
    if (lf >= stop) lf = -1;
    const take = lf >= 0 ? lf + 1 : stop;
    chunk.copy(this.lineBuf, this.lineLen, pos, take);
    this.lineLen += take - pos;
    if (lf >= 0) this.finishLine(true, false);
    else if (this.lineLen === LINE_MAX) this.finishLine(false, false);
    return take;
  }

  private finishLine(hasLf: boolean, eof: boolean): void {
    const line = this.lineBuf;
    const len = this.lineLen;
    const start = this.elementStart;
    if (this.lineKind === HASH) {
      this.state = LineStart;
      const textEnd = hasLf ? (len >= 2 && line[len - 2] === CR ? len - 2 : len - 1) : len;
      const frame: AnnotationFrame = {
        type: 'annotation',
        text: line.subarray(1, textEnd),
        start,
        end: start + len,
        line: this.line,
      };
      if (!hasLf && eof) {
        this.warn(
          'annotation-unterminated',
          start,
          'the last annotation line has no line ending: redis-server accepts it, but a command appended later would be swallowed into it',
          start,
        );
        if (this.halted()) return;
      }
      this.handler.annotation?.(frame);
      return;
    }
    const parsed = parseCLong(line, 1, len);
    // A line cut short by the end of input is a truncation, not a malformed number: no warning for it.
    const canonical = eof || (parsed.end > 1 && parsed.end + 2 === len && line[len - 2] === CR && line[len - 1] === LF);
    if (this.lineKind === STAR) {
      if (len === 1 && eof) {
        // fgets() returned just "*": buf[1] is the terminator, the loader's readerr at EOF.
        this.beginFrame(start, 1);
        this.state = ArgLine;
        this.elementStart = start;
        return;
      }
      if (line[1] === 0 && eof) {
        // "*" then a NUL byte, cut by the end of input: the loader's readerr at EOF, a short read.
        this.error('truncated', 'truncated', start, `the input ends inside the command header starting at offset ${start}`, start);
        return;
      }
      const argc = toCInt(parsed.value);
      if (line[1] === 0 || argc < 1) {
        this.error(
          'bad-count',
          'corrupt',
          start,
          `the command count ${quoteBytes(line.subarray(0, len))} is not a number of at least 1: redis-server refuses to load it (redis-check-aof 7.0 accepts *0 and *-1; the server does not)`,
          start,
        );
        return;
      }
      this.beginFrame(start, argc);
      if (BigInt(argc) !== parsed.value) {
        this.warn(
          'count-wrapped',
          start,
          `the command count ${quoteBytes(line.subarray(0, len))} is past INT_MAX: redis-server's atoi keeps its low 32 bits and reads ${argc}, so this command loads only by that accident; redis-check-aof rejects it`,
          start,
        );
      } else if (!canonical) {
        this.warn(
          'count-not-canonical',
          start,
          `the command count ${quoteBytes(line.subarray(0, len))} is not '*<digits>\\r\\n': redis-server reads it as ${argc} and goes on; redis-check-aof rejects it`,
          start,
        );
      }
      if (this.halted()) return;
      if (!eof) this.line++; // a line cut by the end of input has no CRLF to count
      this.state = ArgLine;
      this.elementStart = start + len;
      return;
    }
    // An argument's '$' line; the '$' itself was checked when the line began.
    if (eof) {
      // The input ends inside the length line: whatever it says, the payload is missing.
      this.error('truncated', 'truncated', start, this.describeTruncation());
      return;
    }
    if (parsed.value < 0n || parsed.overflow) {
      if (canonical) this.line++; // redis-check-aof consumed the line before judging the number
      this.error(
        'bad-length',
        'corrupt',
        start,
        `the length ${quoteBytes(line.subarray(0, len))} of argument ${this.argIndex + 1} is ${parsed.value < 0n ? 'negative' : 'out of range'}: redis-server crashes on it (an assertion in sdsnewlen) and redis-check-aof rejects it`,
      );
      return;
    }
    if (!canonical) {
      this.warn(
        'length-not-canonical',
        start,
        `the length ${quoteBytes(line.subarray(0, len))} of argument ${this.argIndex + 1} is not '$<digits>\\r\\n': redis-server reads it as ${parsed.value} and goes on; redis-check-aof rejects it`,
      );
      if (this.halted()) return;
    }
    this.line++;
    this.beginBulk(Number(parsed.value), start + len, start, parsed.value);
  }

  private beginFrame(start: number, argc: number): void {
    this.frameStart = start;
    this.frameLine = this.line;
    this.argc = argc;
    this.argIndex = 0;
    this.args = [];
    this.ownedArgs = 0;
    this.keep = typeof this.keepArgs === 'number' ? this.keepArgs : 1;
  }

  /** declared: the length as written, for messages (a number past 2^53 prints rounded). */
  private beginBulk(length: number, payloadStart: number, headerStart: number, declared: bigint | number = length): void {
    this.elementStart = payloadStart;
    this.bulkLength = length;
    this.bulkRemaining = length;
    this.bulkKeep = this.argIndex < this.keep;
    if (length > ALLOCATABLE_MAX) {
      this.error(
        'bad-length',
        'corrupt',
        headerStart,
        `argument ${this.argIndex + 1} of ${this.argc} declares ${declared} bytes, more than can be allocated: redis-server aborts while loading ("Out Of Memory allocating"), with aof-load-truncated yes too`,
      );
      return;
    }
    if (this.size !== undefined && length + 2 > this.size - payloadStart) {
      this.error(
        'bulk-beyond-eof',
        'truncated',
        payloadStart,
        `argument ${this.argIndex + 1} of ${this.argc} declares ${length} bytes (+2 for its CRLF) but only ${Math.max(0, this.size - payloadStart)} bytes remain in the file`,
      );
      return;
    }
    this.bulkTarget = null;
    this.bulkPieces = [];
    this.crlfSeen = 0;
    this.crlfOk = true;
    this.state = length > 0 ? BulkBody : BulkCrlf;
    if (length === 0 && this.bulkKeep) this.args.push(Buffer.alloc(0));
  }

  private readBulkBody(chunk: Buffer, pos: number): number {
    const available = chunk.length - pos;
    const remaining = this.bulkRemaining;
    if (remaining <= available && remaining === this.bulkLength) {
      // The whole payload is in this chunk: hand over a view, no copy.
      if (this.bulkKeep) this.args.push(chunk.subarray(pos, pos + remaining));
      this.bulkRemaining = 0;
      this.state = BulkCrlf;
      this.elementStart = this.base + pos + remaining;
      return pos + remaining;
    }
    const take = Math.min(remaining, available);
    if (this.bulkKeep) this.keepPiece(chunk, pos, take);
    this.bulkRemaining -= take;
    if (this.bulkRemaining === 0) {
      if (this.bulkKeep) this.args.push(this.takeAssembled());
      this.state = BulkCrlf;
      this.elementStart = this.base + pos + take;
    }
    return pos + take;
  }

  private keepPiece(chunk: Buffer, pos: number, take: number): void {
    const done = this.bulkLength - this.bulkRemaining;
    if (this.size !== undefined) {
      // The length was checked against the bytes left in the file, so the buffer is safe to size now.
      this.bulkTarget ??= Buffer.allocUnsafe(this.bulkLength);
      chunk.copy(this.bulkTarget, done, pos, pos + take);
    } else {
      // Unknown input size: grow only with bytes actually received.
      this.bulkPieces.push(Buffer.from(chunk.subarray(pos, pos + take)));
    }
  }

  private takeAssembled(): Buffer {
    const value = this.bulkTarget ?? Buffer.concat(this.bulkPieces, this.bulkLength);
    this.bulkTarget = null;
    this.bulkPieces = [];
    return value;
  }

  private readBulkCrlf(chunk: Buffer, pos: number): number {
    const end = chunk.length;
    while (this.crlfSeen < 2 && pos < end) {
      const expected = this.crlfSeen === 0 ? CR : LF;
      if (chunk[pos] !== expected) this.crlfOk = false;
      this.crlfSeen++;
      pos++;
    }
    if (this.crlfSeen < 2) return pos;
    if (!this.crlfOk) {
      this.warn(
        'bulk-crlf-missing',
        this.elementStart,
        `the 2 bytes after argument ${this.argIndex + 1} of ${this.argc} (${this.bulkLength} bytes) are not CRLF: redis-server skips them unchecked, redis-check-aof rejects the file; the length may be wrong`,
      );
      if (this.halted()) return pos;
    }
    this.line++;
    this.argIndex++;
    if (this.argIndex === 1 && typeof this.keepArgs === 'function') {
      const name = this.args[0]!;
      this.keep = this.keepArgs(name, 0, name.length);
      if (this.keep === 0) this.args.pop();
    }
    if (this.argIndex < this.argc) {
      this.state = ArgLine;
      this.elementStart = this.base + pos;
      return pos;
    }
    const frame: CommandFrame = {
      type: 'command',
      args: this.args,
      argc: this.argc,
      start: this.frameStart,
      end: this.base + pos,
      line: this.frameLine,
      kept: this.args.length,
      source: null,
      ranges: null,
    };
    this.state = LineStart;
    this.handler.command(frame);
    return pos;
  }

  private error(code: RespErrorCode, kind: ProblemKind, offset: number, message: string, frameStart = this.frameStart): void {
    this.state = Stopped;
    this.handler.problem({ severity: 'error', code, kind, offset, line: this.line, frameStart, message });
  }

  /** True when the consumer called stop() from a warning: the reader must not go on with this frame. */
  private halted(): boolean {
    return this.state === Stopped;
  }

  private warn(code: RespWarningCode, offset: number, message: string, frameStart = this.frameStart): void {
    this.handler.problem({ severity: 'warning', code, offset, line: this.line, frameStart, message });
  }
}

function describeByte(c: number): string {
  if (c >= 0x20 && c < 0x7f) return `'${String.fromCharCode(c)}' (0x${c.toString(16).padStart(2, '0')})`;
  return `byte 0x${c.toString(16).padStart(2, '0')}`;
}
