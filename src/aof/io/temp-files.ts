// The files a command is still writing, removed if it is interrupted (SIGINT, SIGTERM) or fails.

import { rmSync } from 'node:fs';

const pending = new Set<string>();

/** Registers a file or directory that must not survive an interruption (a temp file, a backup not yet needed). */
export function trackTemp(path: string): void {
  pending.add(path);
}

/** The file is complete or already removed: an interruption from now on leaves it alone. */
export function untrackTemp(path: string): void {
  pending.delete(path);
}

/** Removes every registered file; synchronous, so a signal handler can call it before the process ends. */
export function removeTrackedTempsSync(): string[] {
  const removed: string[] = [];
  for (const path of pending) {
    try {
      rmSync(path, { recursive: true, force: true });
      removed.push(path);
    } catch {
      // Already gone, or its directory is unreachable: nothing more can be done in a signal handler.
    }
  }
  pending.clear();
  return removed;
}
