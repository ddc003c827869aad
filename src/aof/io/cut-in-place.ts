// Truncates a file in place (same inode, owner, mode, links), after saving the bytes it cuts to a backup.

import { open, realpath, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { IoFailure, withPath } from './io-failure.js';
import { syncDirectory } from './sync-directory.js';
import { trackTemp, untrackTemp } from './temp-files.js';
import { closeChecked, closeQuietly, syncFully, writeFully } from './write-fully.js';

/** The file is not as it was when checked: something (a redis-server?) is still writing it. */
export class FileChangedError extends Error {
  constructor(
    readonly path: string,
    readonly expectedSize: number,
    readonly actualSize: number,
  ) {
    super(
      `${path} changed size since it was checked (${expectedSize} → ${actualSize} bytes): is a redis-server still ` +
        `writing it? Stop it (or wait until it stops), then run the fix again. Nothing was changed.`,
    );
    this.name = 'FileChangedError';
  }
}

export interface CutRequest {
  /** The path as the user named it; a symlink is followed, and its target is what gets cut. */
  readonly file: string;
  /** Size at check time; the cut is refused if the file has another size now. */
  readonly expectedSize: number;
  /** The new length. */
  readonly to: number;
  /** Directory for the saved tail (default: beside the file), or null for no backup (--no-backup). */
  readonly backupDir: string | null | undefined;
  readonly now?: Date;
}

export interface CutOutcome {
  readonly file: string;
  /** The file actually cut (the symlink's target, resolved). */
  readonly target: string;
  readonly from: number;
  readonly to: number;
  /** The saved tail (bytes from..to of the original), or null without a backup. */
  readonly backup: string | null;
}

const COPY_CHUNK = 1 << 20;

/** `<file>.cut-at-<offset>.<UTC time>.tail`: which file, where the bytes go back, and when. */
export function tailBackupName(target: string, to: number, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${basename(target)}.cut-at-${to}.${stamp}.tail`;
}

/** The one command that writes a saved tail back where it came from, restoring the file byte for byte. */
export function restoreCommand(backup: string, target: string, to: number): string {
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  return `dd if=${q(backup)} of=${q(target)} bs=1M oflag=seek_bytes seek=${to} conv=notrunc,fsync status=none`;
}

/**
 * Saves bytes [to, size) to the backup, makes it durable (file and directory synced), then truncates the
 * original in place and syncs it. If anything fails before the truncation, the original is untouched and
 * the backup removed; a redis-server holding the file open keeps appending to the same (now fixed) inode.
 */
export async function cutInPlace(req: CutRequest): Promise<CutOutcome> {
  const target = await withPath(req.file, 'resolve', () => realpath(req.file));
  const fh = await withPath(target, 'open for writing', () => open(target, 'r+'));
  let backup: string | null = null;
  try {
    const st = await withPath(target, 'stat', () => fh.stat());
    if (!st.isFile()) throw new IoFailure(target, 'truncate', 'EINVAL', 'not a regular file');
    if (st.size !== req.expectedSize) throw new FileChangedError(req.file, req.expectedSize, st.size);
    if (req.to < 0 || req.to > st.size) throw new RangeError(`cut offset ${req.to} outside 0..${st.size}`);
    if (req.backupDir !== null) {
      const dir = req.backupDir ?? dirname(target);
      backup = join(dir, tailBackupName(target, req.to, req.now ?? new Date()));
      await saveTail(fh, target, req.to, st.size, backup, st.mode & 0o666);
      await syncDirectory(dir);
    }
    const again = await withPath(target, 'stat', () => fh.stat());
    if (again.size !== req.expectedSize) throw new FileChangedError(req.file, req.expectedSize, again.size);
    await withPath(target, 'truncate', () => fh.truncate(req.to));
    if (backup !== null) untrackTemp(backup);
  } catch (e) {
    await closeQuietly(fh);
    if (backup !== null) {
      await unlink(backup).catch(() => undefined);
      untrackTemp(backup);
    }
    throw e;
  }
  // The cut has happened; from here a failure keeps the backup, which is now the only copy of the tail.
  try {
    await syncFully(fh, target);
  } finally {
    await closeQuietly(fh);
  }
  return { file: req.file, target, from: req.expectedSize, to: req.to, backup };
}

async function saveTail(src: FileHandle, srcPath: string, from: number, to: number, backup: string, mode: number): Promise<void> {
  trackTemp(backup);
  const out = await withPath(backup, 'create backup', () => open(backup, 'wx', mode || 0o600));
  try {
    const buf = Buffer.allocUnsafe(Math.min(COPY_CHUNK, Math.max(1, to - from)));
    let at = from;
    while (at < to) {
      const { bytesRead } = await withPath(srcPath, 'read', () => src.read(buf, 0, Math.min(buf.length, to - at), at));
      if (bytesRead === 0) throw new FileChangedError(srcPath, to, at);
      await writeFully(out, backup, buf.subarray(0, bytesRead), at - from);
      at += bytesRead;
    }
    await syncFully(out, backup);
  } catch (e) {
    await closeQuietly(out);
    throw e;
  }
  await closeChecked(out, backup);
}
