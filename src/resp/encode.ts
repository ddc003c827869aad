// Encodes commands as RESP arrays of bulk strings, the form every AOF command takes: the one encoder every writer uses.

import { WriteQueue, type ByteSink } from './write-queue.js';

const STAR = 0x2a;
const DOLLAR = 0x24;
const CR = 0x0d;
const LF = 0x0a;

/** Bytes of `*n\r\n` or `$n\r\n`. */
function headerLength(n: number): number {
  let digits = 1;
  for (let v = n; v >= 10; v = Math.floor(v / 10)) digits++;
  return digits + 3;
}

/**
 * Writes `*n\r\n` or `$n\r\n` at `at` (room for it is the caller's business) and returns where it ends;
 * digit by digit, as a template string per argument cost a fifth of the rewrite's output time.
 */
function writeHeader(buf: Buffer, at: number, prefix: number, n: number): number {
  const end = at + headerLength(n);
  buf[at] = prefix;
  let i = end - 3;
  for (let v = n; ; v = Math.floor(v / 10)) {
    buf[i--] = 0x30 + (v % 10);
    if (v < 10) break;
  }
  buf[end - 2] = CR;
  buf[end - 1] = LF;
  return end;
}

/** The exact bytes Redis writes for a command: `*<argc>\r\n` then `$<len>\r\n<bytes>\r\n` per argument. */
export function encodeCommand(args: readonly Buffer[]): Buffer {
  let size = headerLength(args.length);
  for (const arg of args) size += headerLength(arg.length) + arg.length + 2;
  const out = Buffer.allocUnsafe(size);
  let at = writeHeader(out, 0, STAR, args.length);
  for (const arg of args) {
    at = writeHeader(out, at, DOLLAR, arg.length);
    at += arg.copy(out, at);
    out[at++] = CR;
    out[at++] = LF;
  }
  return out;
}

const BUFFER_SIZE = 1 << 20;
/** Up to this many bytes, an argument is copied in a loop rather than through Buffer#copy. */
const SMALL_COPY = 64;

/** Encodes commands into a large buffer that goes to a sink in chunks: the output side of rewrite. */
export class RespWriter {
  private buf: Buffer = Buffer.allocUnsafe(BUFFER_SIZE);
  private used = 0;
  /** Buffers whose writes have settled, to fill again (for a sink that releases its chunks). */
  private readonly spare: Buffer[] = [];
  private readonly writes: WriteQueue;
  /** Bytes and commands written so far. */
  bytes = 0;
  commands = 0;

  constructor(private readonly sink: ByteSink) {
    this.writes = new WriteQueue(sink);
  }

  /** Appends `*argc` and the bulk strings; await pace() between commands and flush() at the end. */
  command(args: readonly Buffer[]): void {
    this.begin(args.length);
    for (const arg of args) this.arg(arg);
  }

  /** Starts a command of argc arguments: the caller writes exactly that many next, with arg() or argRange(). */
  begin(argc: number): void {
    this.commands++;
    this.header(STAR, argc);
  }

  /** One bulk string of a command begun with begin(). */
  arg(bytes: Buffer): void {
    this.header(DOLLAR, bytes.length);
    this.raw(bytes);
    this.crlf();
  }

  /** One bulk string, source[start, end), read now: a caller holding bytes inside a larger buffer makes no view. */
  argRange(source: Buffer, start: number, end: number): void {
    const n = end - start;
    if (n > SMALL_COPY) {
      // arg() queues a value past half the buffer as it is, to be read at flush(): a range is copied first, since
      // its source may change after the call (an RDB reader's window moving on).
      this.arg(n > BUFFER_SIZE / 2 ? Buffer.from(source.subarray(start, end)) : source.subarray(start, end));
      return;
    }
    this.header(DOLLAR, n);
    if (this.used + n + 2 > BUFFER_SIZE) this.spill();
    // A few bytes: a loop costs less than copy()'s argument checks.
    const buf = this.buf;
    let at = this.used;
    for (let i = start; i < end; i++) buf[at++] = source[i]!;
    this.used = at;
    this.bytes += n;
    this.crlf();
  }

  private crlf(): void {
    if (this.used + 2 > BUFFER_SIZE) this.spill();
    this.buf[this.used++] = CR;
    this.buf[this.used++] = LF;
    this.bytes += 2;
  }

  /** Commands encoded elsewhere (by another thread's RespWriter), `commands` of them, copied in as they are. */
  encoded(bytes: Buffer, commands: number): void {
    this.commands += commands;
    this.raw(bytes);
  }

  /** Raw text such as a `#TS:` annotation line (filter and salvage keep them). */
  ascii(text: string): void {
    if (this.used + text.length > BUFFER_SIZE) this.spill();
    this.used += this.buf.write(text, this.used, 'latin1');
    this.bytes += text.length;
  }

  private header(prefix: number, n: number): void {
    if (this.used + 24 > BUFFER_SIZE) this.spill();
    const start = this.used;
    this.used = writeHeader(this.buf, start, prefix, n);
    this.bytes += this.used - start;
  }

  private raw(bytes: Buffer): void {
    if (bytes.length > BUFFER_SIZE / 2) {
      // Queued as it is, not copied: a 1 GB value must not cost another 1 GB. Callers keep it unchanged
      // until flush() (the rewrite's dataset does not change while it is written); bytes that may change
      // sooner (a reader's window) go through argRange(), which copies them.
      this.spill();
      this.writes.push(bytes);
    } else {
      const n = bytes.length;
      if (this.used + n > BUFFER_SIZE) this.spill();
      if (n <= SMALL_COPY) {
        // Keys and small values dominate: a loop costs less than copy()'s native call and argument checks.
        const buf = this.buf;
        let at = this.used;
        for (let i = 0; i < n; i++) buf[at++] = bytes[i]!;
      } else {
        bytes.copy(this.buf, this.used);
      }
      this.used += n;
    }
    this.bytes += bytes.length;
  }

  /**
   * What a producer awaits between commands: nothing while the buffer has room; once it is half full, the
   * buffer goes to the sink and the wait is for the writes queued before it. One write stays in flight while
   * the next buffer fills: awaiting every write left the thread idle for each write's own duration (1.5 ms a
   * megabyte into the page cache here). A failed write is thrown here or by flush().
   */
  pace(): Promise<void> | undefined {
    if (this.used <= BUFFER_SIZE / 2) return undefined;
    const before = this.writes.settled();
    this.spill();
    return before;
  }

  private spill(): void {
    if (this.used === 0) return;
    const whole = this.buf;
    const chunk = whole.subarray(0, this.used);
    this.used = 0;
    if (this.sink.releasesChunks !== true) {
      this.writes.push(Buffer.from(chunk));
      return;
    }
    this.buf = this.spare.pop() ?? Buffer.allocUnsafe(BUFFER_SIZE);
    this.writes.push(chunk, () => this.spare.push(whole));
  }

  async flush(): Promise<void> {
    this.spill();
    await this.writes.settled();
  }
}
