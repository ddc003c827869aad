// The values the RESP reader produces: command and annotation frames, and problems found in the bytes.

/** One command of the AOF: `*<argc>` followed by argc bulk strings. */
export interface CommandFrame {
  readonly type: 'command';
  /**
   * The first `keepArgs` arguments (all by default). They are views into the reader's input and are
   * valid only while the handler runs: copy (`Buffer.from(arg)`) anything you keep.
   */
  readonly args: Buffer[];
  /** The number of arguments the frame declared (args.length may be smaller when keepArgs limits it). */
  readonly argc: number;
  /** How many leading arguments were kept: args.length, but with `ranges` (below) args holds only the name. */
  readonly kept?: number;
  /**
   * With the reader's `ranges` option, for a command that lay whole in one chunk: that chunk. The kept
   * arguments after the name are then not in args (which holds the name alone, an array shared by
   * commands of that name: do not modify it) but at source[ranges[2i], ranges[2i + 1]) for argument i;
   * read them with commandArg. Null otherwise.
   */
  readonly source?: Buffer | null;
  /** The argument offsets into source (reused by the next command: read them during the call). */
  readonly ranges?: Int32Array | null;
  /** Absolute byte offset of the `*`. */
  readonly start: number;
  /** Absolute byte offset just past the frame's last byte. */
  readonly end: number;
  /** Protocol line of the `*` header (see RespReader for how lines are counted). */
  readonly line: number;
}

/** A `#...` line between commands, e.g. `#TS:1700000000`. */
export interface AnnotationFrame {
  readonly type: 'annotation';
  /** The line without the leading `#` and without its line ending; a view, valid during the call. */
  readonly text: Buffer;
  readonly start: number;
  readonly end: number;
  readonly line: number;
}

export type Frame = CommandFrame | AnnotationFrame;

/**
 * What kind of damage an error is, from redis-server's point of view: `truncated` is what the loader
 * treats as a short read (with aof-load-truncated yes it cuts there and starts); `corrupt` is what it
 * refuses to load whatever the configuration.
 */
export type ProblemKind = 'truncated' | 'corrupt';

export type RespErrorCode =
  | 'bad-prefix' // a line between commands starts with neither '*' nor '#'
  | 'bad-count' // `*0`, `*-1`, `*`, `*abc`: argc < 1, which redis-server rejects
  | 'bad-arg-prefix' // an argument header does not start with '$'
  | 'bad-length' // a negative or absurd bulk length (redis-server crashes on it)
  | 'bulk-beyond-eof' // a bulk length larger than the bytes left in the file
  | 'truncated'; // the input ends inside a frame

export type RespWarningCode =
  | 'count-not-canonical' // junk after the digits of `*<argc>`: redis-server ignores it, redis-check-aof rejects it
  | 'count-wrapped' // `*<n>` past INT_MAX: atoi keeps the low 32 bits (`*4294967298` loads as 2)
  | 'length-not-canonical' // same for `$<len>` (a non-numeric length is read as 0)
  | 'bulk-crlf-missing' // the two bytes after a bulk are not CRLF: redis-server skips them unchecked
  | 'annotation-unterminated'; // the input ends inside a `#` line

export interface RespError {
  readonly severity: 'error';
  readonly code: RespErrorCode;
  readonly kind: ProblemKind;
  /** Absolute offset where the bad bytes start. */
  readonly offset: number;
  readonly line: number;
  /** Absolute offset of the frame the problem is in: a fix that truncates cuts here (or earlier). */
  readonly frameStart: number;
  readonly message: string;
}

export interface RespWarning {
  readonly severity: 'warning';
  readonly code: RespWarningCode;
  readonly offset: number;
  readonly line: number;
  readonly frameStart: number;
  readonly message: string;
}

export type RespProblem = RespError | RespWarning;

/** Receives what the reader finds, in file order. After an error the reader stops. */
export interface FrameHandler {
  command(frame: CommandFrame): void;
  /**
   * Offered `count` commands that follow the last one handed to command(), each named with the same bytes,
   * with as many arguments, none of them kept (keepArgs said 0), all whole in the chunk; the last ends at
   * `end`. True takes them as they are: they are not handed over. False has each handed to command().
   */
  repeats?(count: number, end: number): boolean;
  annotation?(frame: AnnotationFrame): void;
  problem(problem: RespProblem): void;
}

/**
 * Argument i of a command (a view valid during the handler call) wherever the reader put it, or undefined
 * when it was not kept. A view allocates: hot paths with the `ranges` option read source and ranges instead.
 */
export function commandArg(frame: CommandFrame, i: number): Buffer | undefined {
  const { source, ranges } = frame;
  if (source == null || ranges == null || i === 0) return frame.args[i];
  return i < (frame.kept ?? frame.args.length) ? source.subarray(ranges[2 * i], ranges[2 * i + 1]) : undefined;
}

/** The kept arguments of a command as Buffers (views valid during the call), with the `ranges` option or without. */
export function commandArgs(frame: CommandFrame): Buffer[] {
  if (frame.source == null) return frame.args;
  return Array.from({ length: frame.kept ?? frame.args.length }, (_, i) => commandArg(frame, i)!);
}
