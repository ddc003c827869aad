// The problems the AOF layer reports: RESP, RDB, manifest and transaction findings, tied to a file.

export type ProblemKind = 'truncated' | 'corrupt';

export interface AofProblem {
  readonly severity: 'error' | 'warning';
  readonly code: string;
  /** For errors: would redis-server's aof-load-truncated cut here (`truncated`) or refuse (`corrupt`)? */
  readonly kind?: ProblemKind;
  /** Path of the file the problem is in (the manifest for manifest problems). */
  readonly file: string;
  /** Absolute byte offset, or null where none applies (e.g. a missing file). */
  readonly offset: number | null;
  /** check-aof style protocol line for RESP problems; manifest line for manifest problems. */
  readonly line: number | null;
  readonly message: string;
}
