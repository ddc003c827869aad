// Writes a file whole or not at all: a temp file beside it, checked writes, fsync, rename, directory fsync.

import { link, open, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { asFailureOf, errnoOf, IoFailure, throughLink, withPath } from './io-failure.js';
import { throughLinks } from './link-target.js';
import { syncDirectory } from './sync-directory.js';
import { trackTemp, untrackTemp } from './temp-files.js';
import { fileSink, type CheckedSink, type FileSink } from './file-sink.js';
import { closeChecked, closeQuietly } from './write-fully.js';

export interface AtomicWriteOptions {
  /** Mode of a new file (default 0644 less nothing; an existing target's mode and owner are kept). */
  readonly mode?: number;
  /** Replace an existing target (default true). With false an existing target is EEXIST and nothing is written. */
  readonly replace?: boolean;
}

/** A temp name beside `target`, unique to this process and moment, hidden like Redis's temp files. */
export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.aof-${process.pid}-${Date.now()}.tmp`);
}

/**
 * Writes `target` through `write`. A crash or an error at any moment leaves either the old file or the
 * complete new one, never a partial file; on error the temp file is removed and the error thrown. A file
 * replaced keeps its owner and mode (as Redis's manifest rewrite leaves them), so a fix run as root does
 * not lock the redis user out. A symlink is followed: the file it names is replaced and the link stays.
 */
export async function writeFileAtomically(named: string, write: (sink: CheckedSink) => Promise<void>, options: AtomicWriteOptions = {}): Promise<void> {
  const target = await throughLinks(named);
  try {
    await writeFileAt(target, write, options);
  } catch (e) {
    throw throughLink(e, named, target);
  }
}

async function writeFileAt(target: string, write: (sink: CheckedSink) => Promise<void>, options: AtomicWriteOptions): Promise<void> {
  const old = await stat(target).catch((e: unknown) => {
    if (errnoOf(e) === 'ENOENT') return null;
    throw new IoFailure(target, 'stat', errnoOf(e) ?? 'EIO');
  });
  if (old !== null && options.replace === false) throw new IoFailure(target, 'create', 'EEXIST', 'it already exists; choose another name or pass --force');
  const temp = tempPathFor(target);
  trackTemp(temp);
  let fh: FileHandle | null = null;
  let sink: FileSink | null = null;
  try {
    fh = await withPath(temp, 'create', () => open(temp, 'wx', 0o600));
    const handle = fh;
    sink = fileSink(handle, temp);
    await write(sink);
    await sink.sync();
    if (old !== null) {
      // chown first: it clears set-id bits, which the chmod after it restores.
      if (process.getuid?.() === 0) await withPath(temp, 'chown', () => handle.chown(old.uid, old.gid));
      await withPath(temp, 'chmod', () => handle.chmod(old.mode & 0o7777));
    } else {
      await withPath(temp, 'chmod', () => handle.chmod(options.mode ?? 0o644));
    }
    fh = null;
    await closeChecked(handle, temp);
    if (options.replace === false) {
      await publishWithoutReplacing(temp, target);
    } else {
      await withPath(target, 'rename onto', () => rename(temp, target));
    }
    untrackTemp(temp);
  } catch (e) {
    await sink?.settle();
    if (fh !== null) await closeQuietly(fh);
    await unlink(temp).catch(() => undefined);
    untrackTemp(temp);
    throw asFailureOf(e, temp, target);
  }
  await syncDirectory(dirname(target));
}

/** Gives the complete temp file its name unless one appeared meanwhile (link refuses; rename would clobber). */
async function publishWithoutReplacing(temp: string, target: string): Promise<void> {
  try {
    await link(temp, target);
    await unlink(temp);
  } catch (e) {
    const code = errnoOf(e);
    if (code === 'EEXIST') throw new IoFailure(target, 'create', code, 'it already exists; choose another name or pass --force');
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw new IoFailure(target, 'create', code ?? 'EIO');
    // A file system without hard links: rename, after one more look.
    if (
      await stat(target).then(
        () => true,
        () => false,
      )
    )
      throw new IoFailure(target, 'create', 'EEXIST', 'it already exists; choose another name or pass --force');
    await withPath(target, 'rename onto', () => rename(temp, target));
  }
}
