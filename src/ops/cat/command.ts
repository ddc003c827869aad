// What `cat` hands out: one selected command with where it was and the database it ran in, and its sink.

export interface CatCommand {
  readonly file: string;
  /** Offset of the command's `*` in its file; null for a SELECT written to place a sub-log's keys. */
  readonly offset: number | null;
  readonly db: number;
  /** Unix seconds of the last #TS before the command, or null. */
  readonly ts: number | null;
  /** Lower-case name. */
  readonly name: string;
  /** The whole argv; views valid only during the sink call (copy what you keep). */
  readonly args: readonly Buffer[];
  /** Positions of the key arguments in args. */
  readonly keys: readonly number[];
  /** True for a command rebuilt from an RDB record (at offset), not a frame on disk. */
  readonly fromRdb: boolean;
}

/** Receives the selected commands in file order, synchronously. */
export interface CatSink {
  command(command: CatCommand): void;
  /** A promise while the output is backed up (a slow pipe): the read waits for it. */
  pause?(): Promise<void> | undefined;
  /** Only with `log`: a `#TS:` annotation to write before the next command. */
  timestamp?(ts: number): void;
}
