// `fix`: truncates the last file of an AOF at its last sound offset, with a backup and an atomic replace.

import { constants } from 'node:fs';
import { copyFile, link, open, stat, type FileHandle } from 'node:fs/promises';
import { replaceFile } from '../aof/atomic-file.js';
import type { FixPlan } from './check.js';

export interface FixOutcome {
  readonly file: string;
  readonly from: number;
  readonly to: number;
  /** Where the untouched original now lives, or null with --no-backup. */
  readonly backup: string | null;
}

/** `<file>.bak-<UTC time>` beside the file: sorts by time and never overwrites an earlier backup. */
export function defaultBackupPath(file: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${file}.bak-${stamp}`;
}

/**
 * Applies a truncate plan. The original inode is kept whole as the backup (a hard link where possible,
 * else a copy); the shortened file is written to a temp file, synced and renamed over the original, so a
 * crash at any point leaves either the old file or the new one.
 */
export async function applyTruncate(
  plan: Extract<FixPlan, { action: 'truncate' }>,
  backup: string | null,
): Promise<FixOutcome> {
  const { file, to } = plan;
  const before = await stat(file);
  if (before.size !== plan.from) {
    throw new Error(`${file} changed size since it was checked (${plan.from} → ${before.size} bytes): is a redis-server still writing it? Stop it and run the fix again.`);
  }
  if (backup !== null) await keepOriginal(file, backup);
  await replaceFile(file, (dst) => copyPrefix(file, dst, to), before.mode & 0o7777);
  return { file, from: plan.from, to, backup };
}

async function keepOriginal(file: string, backup: string): Promise<void> {
  try {
    await link(file, backup);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'ENOTSUP') throw e;
    // Another file system, or no hard links there: copy instead, never overwriting.
    await copyFile(file, backup, constants.COPYFILE_EXCL);
  }
}

async function copyPrefix(from: string, dst: FileHandle, length: number): Promise<void> {
  const src = await open(from, 'r');
  try {
    const buf = Buffer.allocUnsafe(Math.min(4 << 20, Math.max(length, 1)));
    let position = 0;
    while (position < length) {
      const { bytesRead } = await src.read(buf, 0, Math.min(buf.length, length - position), position);
      if (bytesRead === 0) throw new Error(`${from} ended at ${position} bytes while being copied`);
      await dst.write(buf, 0, bytesRead, position);
      position += bytesRead;
    }
  } finally {
    await src.close();
  }
}
