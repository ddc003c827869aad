// Writes a directory whole or not at all: files in a temp directory beside it, each synced, then one rename.

import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { asFailureOf, errnoOf, IoFailure, throughLink, withPath } from './io-failure.js';
import { throughLinks } from './link-target.js';
import { syncDirectory } from './sync-directory.js';
import { trackTemp, untrackTemp } from './temp-files.js';
import { fileSink, type CheckedSink } from './file-sink.js';
import { closeChecked, closeQuietly } from './write-fully.js';

/** Adds one file to the directory being built; every write is checked and the file synced before the next. */
export type AddFile = (name: string, write: (sink: CheckedSink) => Promise<void>) => Promise<void>;

/**
 * Builds `target` (e.g. an appendonlydir) in a temp directory beside it and renames it into place, so a
 * crash or an error leaves no partial directory. An existing target is replaced only with `replace`: it is
 * moved aside first and removed once the new one is in place, so one of the two is whole at any moment. A
 * symlink is followed: the directory it names is replaced and the link stays.
 */
export async function writeDirAtomically(
  named: string,
  build: (add: AddFile) => Promise<void>,
  options: { replace?: boolean; mode?: number } = {},
): Promise<void> {
  const target = await throughLinks(named);
  try {
    await writeDirAt(target, build, options);
  } catch (e) {
    throw throughLink(e, named, target);
  }
}

async function writeDirAt(target: string, build: (add: AddFile) => Promise<void>, options: { replace?: boolean; mode?: number }): Promise<void> {
  const parent = dirname(target);
  const exists = await stat(target).then(
    () => true,
    (e: unknown) => {
      if (errnoOf(e) === 'ENOENT') return false;
      throw e;
    },
  );
  if (exists && !options.replace) throw new IoFailure(target, 'create', 'EEXIST', 'it already exists; choose another name or pass --force');
  const stamp = `${process.pid}-${Date.now()}`;
  const temp = join(parent, `.${basename(target)}.aof-${stamp}.tmpdir`);
  await withPath(parent, 'create directory', () => mkdir(parent, { recursive: true }));
  trackTemp(temp);
  try {
    await withPath(temp, 'create directory', () => mkdir(temp, { mode: 0o755 }));
    await build(async (name, write) => {
      const path = join(temp, name);
      const fh = await withPath(path, 'create', () => open(path, 'wx', options.mode ?? 0o644));
      const sink = fileSink(fh, path);
      try {
        await write(sink);
        await sink.sync();
      } catch (e) {
        await sink.settle();
        await closeQuietly(fh);
        throw e;
      }
      await closeChecked(fh, path);
    });
    await syncDirectory(temp);
    if (exists) {
      // Two renames (a directory cannot be renamed over a non-empty one). From here an interruption must
      // remove neither: the old directory may sit aside, the new one under its temp name, both whole.
      const aside = join(parent, `.${basename(target)}.aof-${stamp}.old`);
      untrackTemp(temp);
      await withPath(target, 'move aside', () => rename(target, aside));
      await withPath(target, 'rename onto', () => rename(temp, target));
      await rm(aside, { recursive: true, force: true });
    } else {
      await withPath(target, 'rename onto', () => rename(temp, target));
      untrackTemp(temp);
    }
  } catch (e) {
    await rm(temp, { recursive: true, force: true }).catch(() => undefined);
    untrackTemp(temp);
    throw asFailureOf(e, temp, target);
  }
  await syncDirectory(parent);
}
