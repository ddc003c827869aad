// One error boundary for every command: maps failures to messages and exit codes, never process.exit.

import { IoFailure } from '../aof/io/io-failure.js';
import { FileChangedError } from '../aof/io/file-changed.js';
import { UnreadablePathError } from '../aof/layout.js';

/** Exit statuses, as listed in `aof --help`. */
export const EXIT = {
  OK: 0,
  INVALID: 1,
  USAGE: 2,
  /** Written by a server newer than aof knows: neither valid nor damaged as far as aof can tell. */
  UNSUPPORTED: 3,
  INTERNAL: 70,
  /** A write or sync failed (disk full, read-only, I/O error); what was being changed is as it was. */
  IO: 74,
} as const;

/** A failure whose message is meant for the user as is. */
export class ExitError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** Runs a command action; sets process.exitCode from its result or from what it threw. */
export async function runAction(action: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await action();
  } catch (e) {
    if (e instanceof ExitError) {
      process.stderr.write(`aof: ${e.message}\n`);
      process.exitCode = e.exitCode;
    } else if (e instanceof IoFailure) {
      process.stderr.write(`aof: ${e.message}. Nothing was left half-written; free space or fix the cause, then run it again.\n`);
      process.exitCode = EXIT.IO;
    } else if (e instanceof FileChangedError) {
      process.stderr.write(`aof: ${e.message}\n`);
      process.exitCode = EXIT.INVALID;
    } else if (e instanceof UnreadablePathError) {
      process.stderr.write(`aof: ${e.path}: ${e.reason}. Check the path and try again.\n`);
      process.exitCode = EXIT.USAGE;
    } else if (isIoError(e)) {
      process.stderr.write(`aof: ${e.message}. Check the path and its permissions, then try again.\n`);
      process.exitCode = EXIT.USAGE;
    } else {
      const detail = e instanceof Error ? (e.stack ?? e.message) : String(e);
      process.stderr.write(`aof: internal error (a bug: please report it with this output):\n${detail}\n`);
      process.exitCode = EXIT.INTERNAL;
    }
  }
}

function isIoError(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && 'syscall' in e;
}
