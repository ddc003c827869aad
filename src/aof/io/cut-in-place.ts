// Truncates a file in place (same inode, owner, mode, links), after saving the bytes it cuts to a backup.

import { open, realpath, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { FileChangedError } from './file-changed.js';
import { IoFailure, withPath } from './io-failure.js';
import { syncDirectory } from './sync-directory.js';
import { trackTemp, untrackTemp } from './temp-files.js';
import { closeChecked, closeQuietly, syncFully, writeFully } from './write-fully.js';

export interface CutRequest {
  /** The path as the user named it; a symlink is followed, and its target is what gets cut. */
  readonly file: string;
  /** Size at check time; the cut is refused if the file has another size now. */
  readonly expectedSize: number;
  /** The new length. */
  readonly to: number;
  /** Directory for the saved tail (default: beside the file), or null for no backup (--no-backup). */
  readonly backupDir: string | null | undefined;
  /**
   * Accept a file that grew since the check (a running server appending): what lies past `to`, the new
   * bytes included, is saved and cut. A file that shrank is always refused.
   */
  readonly allowGrowth?: boolean;
  readonly now?: Date;
}

export interface CutOutcome {
  readonly file: string;
  /** The file actually cut (the symlink's target, resolved). */
  readonly target: string;
  /** The size the file had when cut (more than expectedSize when it grew and that was allowed). */
  readonly from: number;
  readonly to: number;
  /** The saved tail (bytes from..to of the original), or null without a backup. */
  readonly backup: string | null;
}

const COPY_CHUNK = 1 << 20;

/** `<file>.cut-at-<offset>.<UTC time>.tail`: which file, where the bytes go back, and when. */
export function tailBackupName(target: string, to: number, now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${basename(target)}.cut-at-${to}.${stamp}.tail`;
}

/** The one command that writes a saved tail back where it came from, restoring the file byte for byte. */
export function restoreCommand(backup: string, target: string, to: number): string {
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  return `dd if=${q(backup)} of=${q(target)} bs=1M oflag=seek_bytes seek=${to} conv=notrunc,fsync status=none`;
}

/** A cut whose tail is saved and durable, the original not yet touched: commit() truncates, abort() undoes. */
export interface PreparedCut {
  readonly target: string;
  readonly backup: string | null;
  /** Truncates in place (refusing if the file changed since the backup) and syncs. */
  commit(): Promise<CutOutcome>;
  /** Removes the backup and leaves the file as it was. */
  abort(): Promise<void>;
}

/**
 * Saves bytes [to, size) to the backup, makes it durable (file and directory synced), then truncates the
 * original in place and syncs it. If anything fails before the truncation, the original is untouched and
 * the backup removed; a redis-server holding the file open keeps appending to the same (now fixed) inode.
 */
export async function cutInPlace(req: CutRequest): Promise<CutOutcome> {
  return (await prepareCut(req)).commit();
}

/** The first half of cutInPlace: the tail saved and synced; nothing changed yet (the file stays open). */
export async function prepareCut(req: CutRequest): Promise<PreparedCut> {
  const target = await withPath(req.file, 'resolve', () => realpath(req.file));
  const fh = await withPath(target, 'open for writing', () => open(target, 'r+'));
  let backup: string | null = null;
  let out: FileHandle | null = null;
  let size = req.expectedSize;
  const sizeOk = (n: number) => n === req.expectedSize || (req.allowGrowth === true && n > req.expectedSize);
  const undo = async () => {
    await closeQuietly(fh);
    if (out !== null) await closeQuietly(out);
    if (backup !== null) {
      await unlink(backup).catch(() => undefined);
      untrackTemp(backup);
    }
  };
  try {
    const st = await withPath(target, 'stat', () => fh.stat());
    if (!st.isFile()) throw new IoFailure(target, 'truncate', 'EINVAL', 'not a regular file');
    if (!sizeOk(st.size)) throw new FileChangedError(req.file, req.expectedSize, st.size);
    if (req.to < 0 || req.to > st.size) throw new RangeError(`cut offset ${req.to} outside 0..${st.size}`);
    size = st.size;
    if (req.backupDir !== null) {
      const dir = req.backupDir ?? dirname(target);
      backup = join(dir, tailBackupName(target, req.to, req.now ?? new Date()));
      trackTemp(backup);
      const handle = await withPath(backup, 'create backup', () => open(backup!, 'wx', st.mode & 0o666 || 0o600));
      out = handle;
      // Copy, make durable, look again: a running server may have appended meanwhile (only when allowed).
      let copied = req.to;
      for (;;) {
        await copyRange(fh, target, copied, size, handle, backup, req.to);
        copied = size;
        await syncFully(handle, backup);
        await syncDirectory(dir);
        const now = (await withPath(target, 'stat', () => fh.stat())).size;
        if (now === size) break;
        if (!sizeOk(now) || now < size) throw new FileChangedError(req.file, size, now);
        size = now;
      }
    }
  } catch (e) {
    await undo();
    throw e;
  }
  return {
    target,
    backup,
    abort: undo,
    commit: async () => {
      try {
        const now = (await withPath(target, 'stat', () => fh.stat())).size;
        if (now !== size && !(backup === null && sizeOk(now))) throw new FileChangedError(req.file, size, now);
        size = now;
        await withPath(target, 'truncate', () => fh.truncate(req.to));
        if (backup !== null) untrackTemp(backup);
      } catch (e) {
        await undo();
        throw e;
      }
      // The cut has happened; from here a failure keeps the backup, which is now the only copy of the tail.
      try {
        await syncFully(fh, target);
        if (out !== null && backup !== null) await closeChecked(out, backup);
      } finally {
        await closeQuietly(fh);
      }
      return { file: req.file, target, from: size, to: req.to, backup };
    },
  };
}

/** Copies src[from, to) to dst at offset (from - base), every write checked. */
async function copyRange(src: FileHandle, srcPath: string, from: number, to: number, dst: FileHandle, dstPath: string, base: number): Promise<void> {
  const buf = Buffer.allocUnsafe(Math.min(COPY_CHUNK, Math.max(1, to - from)));
  let at = from;
  while (at < to) {
    const { bytesRead } = await withPath(srcPath, 'read', () => src.read(buf, 0, Math.min(buf.length, to - at), at));
    if (bytesRead === 0) throw new FileChangedError(srcPath, to, at);
    await writeFully(dst, dstPath, buf.subarray(0, bytesRead), at - base);
    at += bytesRead;
  }
}
