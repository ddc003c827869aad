// `fix`: truncates the last file of an AOF in place at its last sound offset, after saving what it cuts.

import { realpath } from 'node:fs/promises';
import { cutInPlace, restoreCommand, type CutOutcome } from '../aof/io/cut-in-place.js';
import { findOpenHolders, type OpenHolder } from '../aof/io/open-holders.js';
import type { FixPlan } from './check.js';

export type TruncatePlan = Extract<FixPlan, { action: 'truncate' }>;

export interface FixOptions {
  /** Directory for the saved tail (default: beside the file), or null to save nothing (--no-backup). */
  readonly backupDir?: string | null;
  /**
   * A redis-server has the file open and keeps appending: the file may grow between the check and the
   * cut; everything past the cut offset, what it appended meanwhile included, goes to the backup.
   */
  readonly allowGrowth?: boolean;
  readonly now?: Date;
}

export interface FixOutcome extends CutOutcome {
  /** Bytes the file grew by between the check and the cut (a running server's appends), all saved. */
  readonly grewBy: number;
  /** The command that writes the saved tail back, restoring the file byte for byte; null without a backup. */
  readonly undo: string | null;
}

/**
 * Cuts the plan's file at plan.to in place (same inode, owner, mode and hard links; a symlink's target), as
 * redis-check-aof does, so no free space is needed beyond the saved tail and a server holding the file open
 * goes on appending to the fixed file. Throws FileChangedError (someone wrote it since the check) or
 * IoFailure (the backup could not be made durable: nothing changed).
 */
export async function applyFix(plan: TruncatePlan, options: FixOptions = {}): Promise<FixOutcome> {
  const out = await cutInPlace({
    file: plan.file,
    expectedSize: plan.from,
    to: plan.to,
    backupDir: options.backupDir,
    allowGrowth: options.allowGrowth ?? false,
    now: options.now,
  });
  return {
    ...out,
    grewBy: out.from - plan.from,
    undo: out.backup === null ? null : restoreCommand(out.backup, out.target, out.to),
  };
}

/** Processes that hold the plan's file open (a redis-server still running), or null where that cannot be known. */
export async function findWriters(file: string): Promise<OpenHolder[] | null> {
  return findOpenHolders(await realpath(file));
}
