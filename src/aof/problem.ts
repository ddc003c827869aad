// The problems the AOF layer reports: RESP, RDB, manifest and transaction findings, tied to a file.

/**
 * How the server sees an error: `truncated` is a short read (aof-load-truncated yes cuts there and starts),
 * `corrupt` is refused whatever the configuration, `unsupported` is a format aof cannot read (a newer or
 * foreign server wrote it): never called damaged, never cut.
 */
export type ProblemKind = 'truncated' | 'corrupt' | 'unsupported';

export interface AofProblem {
  readonly severity: 'error' | 'warning';
  readonly code: string;
  /** For errors: would redis-server's aof-load-truncated cut here (`truncated`), refuse (`corrupt`), or can aof not tell (`unsupported`)? */
  readonly kind?: ProblemKind;
  /** Path of the file the problem is in (the manifest for manifest problems). */
  readonly file: string;
  /** Absolute byte offset, or null where none applies (e.g. a missing file). */
  readonly offset: number | null;
  /** check-aof style protocol line for RESP problems; manifest line for manifest problems. */
  readonly line: number | null;
  readonly message: string;
}
