// Writes handed to a sink one after another behind the caller's back, the first failure kept for the caller to throw.

/** Where written bytes go: every write completes or throws (see aof/io's CheckedSink). */
export interface ByteSink {
  write(data: Uint8Array): Promise<void>;
  /**
   * True when the sink is done with `data` once its write settles (a file): a writer may then fill the same
   * buffers again instead of copying each one out. Fresh memory costs page faults on every megabyte.
   */
  readonly releasesChunks?: boolean;
}

/**
 * A chain of writes to one sink. A failed write is kept, never left as a rejection nobody awaits (which would
 * end the process with the temp file still there), and nothing queued after it is written.
 */
export class WriteQueue {
  private pending: Promise<void> = Promise.resolve();
  private failure: Error | null = null;

  constructor(private readonly sink: ByteSink) {}

  /** Queues the write of `chunk` after those before it; `after` runs once it is written. */
  push(chunk: Uint8Array, after?: () => void): void {
    this.pending = this.pending.then(async () => {
      if (this.failure !== null) return;
      try {
        await this.sink.write(chunk);
        after?.();
      } catch (e) {
        // A sink throws Errors (IoFailure); anything else is wrapped so it can be thrown as one.
        this.failure = e instanceof Error ? e : new Error(String(e));
      }
    });
  }

  /** Settles once every write queued before this call has (later ones may still run); throws the first failure. */
  async settled(): Promise<void> {
    await this.pending;
    if (this.failure !== null) throw this.failure;
  }
}
