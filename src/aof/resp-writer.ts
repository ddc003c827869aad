// Writes commands as RESP into a file through a large buffer: the output side of rewrite and extraction.

/** Where the bytes go: every write completes or throws (see aof/io's CheckedSink). */
export interface ByteSink {
  write(data: Uint8Array): Promise<void>;
}

const BUFFER_SIZE = 1 << 20;
const STAR = 0x2a;
const DOLLAR = 0x24;
const CR = 0x0d;
const LF = 0x0a;

export class RespWriter {
  private readonly buf = Buffer.allocUnsafe(BUFFER_SIZE);
  private used = 0;
  private pending: Promise<void> = Promise.resolve();
  /** Bytes and commands written so far. */
  bytes = 0;
  commands = 0;

  constructor(private readonly sink: ByteSink) {}

  /** Appends `*argc` and the bulk strings; call flush() (and await it) now and then, and at the end. */
  command(args: readonly Buffer[]): void {
    this.commands++;
    this.header(STAR, args.length);
    for (const arg of args) {
      this.header(DOLLAR, arg.length);
      this.raw(arg);
      if (this.used + 2 > BUFFER_SIZE) this.spill();
      this.buf[this.used++] = CR;
      this.buf[this.used++] = LF;
      this.bytes += 2;
    }
  }

  /** `*n` or `$n` and CRLF, written digit by digit: a template string per argument cost a fifth of the rewrite's output time. */
  private header(prefix: number, n: number): void {
    if (this.used + 24 > BUFFER_SIZE) this.spill();
    const buf = this.buf;
    const start = this.used;
    buf[start] = prefix;
    let digits = 1;
    for (let v = n; v >= 10; v = Math.floor(v / 10)) digits++;
    let at = start + digits;
    for (let v = n; ; v = Math.floor(v / 10)) {
      buf[at--] = 0x30 + (v % 10);
      if (v < 10) break;
    }
    at = start + digits + 1;
    buf[at++] = CR;
    buf[at++] = LF;
    this.used = at;
    this.bytes += at - start;
  }

  /** Raw text such as an annotation line. */
  ascii(text: string): void {
    if (this.used + text.length > BUFFER_SIZE) this.spill();
    this.used += this.buf.write(text, this.used, 'latin1');
    this.bytes += text.length;
  }

  private raw(bytes: Buffer): void {
    if (bytes.length > BUFFER_SIZE / 2) {
      // Queued as it is, not copied: a 1 GB value must not cost another 1 GB. Callers keep it unchanged
      // until flush() (the rewrite's dataset does not change while it is written).
      this.spill();
      this.queue(bytes);
    } else {
      if (this.used + bytes.length > BUFFER_SIZE) this.spill();
      bytes.copy(this.buf, this.used);
      this.used += bytes.length;
    }
    this.bytes += bytes.length;
  }

  /** True when enough is buffered that the caller should await flush(). */
  get full(): boolean {
    return this.used > BUFFER_SIZE / 2;
  }

  private spill(): void {
    if (this.used === 0) return;
    this.queue(Buffer.from(this.buf.subarray(0, this.used)));
    this.used = 0;
  }

  private queue(chunk: Buffer): void {
    this.pending = this.pending.then(() => this.sink.write(chunk));
  }

  async flush(): Promise<void> {
    this.spill();
    await this.pending;
  }
}
