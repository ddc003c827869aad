// stdout in blocks: a command that prints line by line (cat) writes 64 KiB at a time, not once per line.

/** Output goes out in blocks of this size, not one write per command. */
const FLUSH_AT = 1 << 16;

export class BufferedStdout {
  private parts: Buffer[] = [];
  private size = 0;

  push(bytes: Buffer | string): void {
    const b = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
    this.parts.push(b);
    this.size += b.length;
    if (this.size >= FLUSH_AT) this.flush();
  }

  flush(): void {
    if (this.size === 0) return;
    process.stdout.write(Buffer.concat(this.parts, this.size));
    this.parts = [];
    this.size = 0;
  }
}
