// Before the CLI loads: starts the second thread of a check, fix or inspect that is about to split a large file.

import { readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { CHECK_SPLIT_BYTES, INSPECT_SPLIT_BYTES, startWorkerAhead } from '../aof/split/segment-thread.js';

/** The commands that split a large file, and from what size (a fix checks the file first). */
const SPLIT_FROM = new Map([
  ['check', CHECK_SPLIT_BYTES],
  ['fix', CHECK_SPLIT_BYTES],
  ['inspect', INSPECT_SPLIT_BYTES],
]);

/** Arguments after which the command does not split one file: help, several files checked side by side, a cut by time. */
const NO_SPLIT = /^(-h|--help|--version|-r|--recursive|--until(-offset)?(=.*)?)$/;

/** The size of the largest file at `path`: the file, or one in the directory or in its appendonlydir; 0 if unreadable. */
function largestFile(path: string): number {
  try {
    const s = statSync(path, { throwIfNoEntry: false });
    if (s === undefined) return 0;
    if (!s.isDirectory()) return s.size;
    let largest = 0;
    for (const dir of [path, join(path, 'appendonlydir')]) {
      if (statSync(dir, { throwIfNoEntry: false })?.isDirectory() !== true) continue;
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isFile()) largest = Math.max(largest, statSync(join(dir, entry.name)).size);
      }
    }
    return largest;
  } catch {
    // Only a guess: the command itself reads the path, and says what is wrong with it.
    return 0;
  }
}

/**
 * Whether the command line looks like one that will split a file: a check, fix or inspect of a single path that
 * holds a file of at least that command's split size, on two cores or more. Arguments are not parsed here (that is
 * yargs's, later): any that names an existing path counts, so a wrong guess only starts a thread that goes unused,
 * or leaves one to start later.
 */
export function splitsAhead(argv: readonly string[]): boolean {
  const [command, ...rest] = argv;
  const from = command === undefined ? undefined : SPLIT_FROM.get(command);
  if (from === undefined || availableParallelism() < 2 || rest.some((a) => NO_SPLIT.test(a))) return false;
  const sizes = rest.filter((a) => !a.startsWith('-')).map(largestFile);
  const paths = sizes.filter((n) => n > 0);
  // Several files are checked side by side (--jobs), each in one pass.
  if (command === 'check' && paths.length > 1) return false;
  return paths.some((n) => n >= from);
}

/** Starts the split's worker thread now if the command line looks like it will need one (see splitsAhead). */
export function startAhead(argv: readonly string[]): void {
  if (splitsAhead(argv)) startWorkerAhead();
}
