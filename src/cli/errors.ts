// The one error boundary of the CLI: every failure maps here to a message and an exit status, never process.exit.

import { IoFailure } from '../aof/io/io-failure.js';
import { FileChangedError } from '../aof/io/file-changed.js';
import { UnknownServerError } from '../aof/commands/servers.js';
import { UnreadablePathError } from '../aof/layout.js';
import { PeerStopped } from '../ops/rewrite/peer-stopped.js';
import { fitted } from './render/fit.js';

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

/** Yargs rejected the command line (it also stops yargs from running a handler anyway). */
export class UsageError extends Error {}

/** What to do about a failed write, by its errno: the step that helps, not a generic one. */
export function ioRemedy(e: IoFailure): string {
  switch (e.code) {
    case 'ENOSPC':
    case 'EDQUOT':
    case 'EFBIG':
      return 'Free some space (or raise the limit)';
    case 'EROFS':
      return 'The file system is mounted read-only: remount it read-write, or copy the files to a writable disk and work on the copy';
    case 'EACCES':
    case 'EPERM':
      return "Run aof as a user allowed to write there (the file's owner, or root)";
    case 'EIO':
      return 'The disk may be failing: copy what you can to another disk first, and work on the copy';
    default:
      return 'Fix the cause';
  }
}

/** What the user reads about a failure, and the exit status it earns. */
export function describeFailure(e: unknown): { message: string; exitCode: number } {
  if (e instanceof ExitError) return { message: e.message, exitCode: e.exitCode };
  if (e instanceof UnknownServerError) return { message: `${e.message}\nRun aof --help for usage.`, exitCode: EXIT.USAGE };
  if (e instanceof UsageError) return { message: `${e.message}\nRun aof --help for usage.`, exitCode: EXIT.USAGE };
  if (e instanceof IoFailure) return { message: `${e.message}. Nothing was left half-written. ${ioRemedy(e)}, then run it again.`, exitCode: EXIT.IO };
  if (e instanceof FileChangedError) return { message: e.message, exitCode: EXIT.INVALID };
  if (e instanceof PeerStopped) {
    return {
      message: `${e.message}. Nothing was left half-written. Run the rewrite again with --threads 1: one replay, which needs about a third less memory.`,
      exitCode: EXIT.INTERNAL,
    };
  }
  if (e instanceof UnreadablePathError) return { message: `${e.path}: ${e.reason}. Check the path and try again.`, exitCode: EXIT.USAGE };
  if (isIoError(e)) return { message: `${e.message}. Check the path and its permissions, then try again.`, exitCode: EXIT.USAGE };
  const detail = e instanceof Error ? (e.stack ?? e.message) : String(e);
  return { message: `internal error (a bug: please report it with this output):\n${detail}`, exitCode: EXIT.INTERNAL };
}

/** Writes what went wrong to stderr and returns the exit status for it. */
export function reportFailure(e: unknown): number {
  const { message, exitCode } = describeFailure(e);
  process.stderr.write(fitted(`aof: ${message}\n`, process.stderr));
  return exitCode;
}

/** Runs a command's action; sets process.exitCode from the status it returns or from what it threw. */
export async function runAction(action: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await action();
  } catch (e) {
    process.exitCode = reportFailure(e);
  }
}

function isIoError(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && 'syscall' in e;
}
