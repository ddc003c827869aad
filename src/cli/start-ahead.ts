// Before the CLI loads: starts the second thread of a command about to read a large file on two cores.

import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { CHECK_SPLIT_BYTES, INSPECT_SPLIT_BYTES, startSegmentThreadAhead } from '../aof/split/segment-thread.js';
import { freeForUs, roomToShard, SHARD_MIN_BYTES, startShardThreadAhead } from '../ops/rewrite/shard-thread.js';

/** The commands that split a large file, and from what size (a fix checks the file first). */
const SPLIT_FROM = new Map([
  ['check', CHECK_SPLIT_BYTES],
  ['fix', CHECK_SPLIT_BYTES],
  ['inspect', INSPECT_SPLIT_BYTES],
]);

/** Arguments after which the command does not split one file: several files checked side by side, a cut by time. */
const NO_SPLIT = /^(-r|--recursive|--until(-offset)?(=.*)?)$/;

/** The files at `path`: the file, or those in the directory and in its appendonlydir (not its manifest); none if unreadable. */
function filesAt(path: string): string[] {
  try {
    const s = statSync(path, { throwIfNoEntry: false });
    if (s === undefined) return [];
    if (!s.isDirectory()) return [path];
    const files: string[] = [];
    for (const dir of [path, join(path, 'appendonlydir')]) {
      if (statSync(dir, { throwIfNoEntry: false })?.isDirectory() !== true) continue;
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isFile() && !entry.name.endsWith('.manifest')) files.push(join(dir, entry.name));
      }
    }
    return files;
  } catch {
    // Only a guess: the command itself reads the path, and says what is wrong with it.
    return [];
  }
}

/** The file's size; 0 if it is gone. */
function sizeOf(file: string): number {
  return statSync(file, { throwIfNoEntry: false })?.size ?? 0;
}

/** Whether the file starts as RESP does (a command or an annotation): not an RDB, not an archive. An empty one does too. */
function startsAsResp(file: string): boolean {
  const head = Buffer.alloc(1);
  const fd = openSync(file, 'r');
  try {
    return readSync(fd, head, 0, 1, 0) === 0 || head[0] === 0x2a || head[0] === 0x23;
  } finally {
    closeSync(fd);
  }
}

/** The value of --name (as `--name v` or `--name=v`), if given. */
function optionValue(args: readonly string[], name: string): string | undefined {
  for (const [i, a] of args.entries()) {
    if (a === `--${name}`) return args[i + 1];
    if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
  }
  return undefined;
}

/**
 * Whether a check, fix or inspect will split a file: one path holding a file of at least that command's split
 * size (see CHECK_SPLIT_BYTES).
 */
function splits(command: string, rest: readonly string[]): boolean {
  const from = SPLIT_FROM.get(command);
  if (from === undefined || rest.some((a) => NO_SPLIT.test(a))) return false;
  const paths = rest
    .filter((a) => !a.startsWith('-'))
    .map(filesAt)
    .filter((f) => f.length > 0);
  // Several files are checked side by side (--jobs), each in one pass.
  if (command === 'check' && paths.length > 1) return false;
  return paths.some((files) => files.some((f) => sizeOf(f) >= from));
}

/**
 * Whether a rewrite will shard its replay, as worthSharding decides: its input (the first path that exists) a log
 * of commands alone (no RDB, no archive) of SHARD_MIN_BYTES or more, room for two keyspaces, two threads not
 * refused. Whatever it writes: an RDB output is merged from both shards as a RESP one is.
 */
function shards(rest: readonly string[]): boolean {
  if (optionValue(rest, 'threads') === '1') return false;
  const files = rest
    .filter((a) => !a.startsWith('-'))
    .map(filesAt)
    .find((f) => f.length > 0);
  if (files === undefined) return false;
  const bytes = files.reduce((n, f) => n + sizeOf(f), 0);
  return bytes >= SHARD_MIN_BYTES && roomToShard(bytes, freeForUs()) && files.every(startsAsResp);
}

/**
 * The second thread the command line will use, on two cores or more: a segment reader (a split check, fix or
 * inspect) or a shard (a rewrite), else null. Arguments are not parsed here (that is yargs's, later): any that
 * names an existing path counts, so a wrong guess only starts a thread that goes unused (it ends with the
 * process), or leaves one to start later.
 */
export function threadAheadFor(argv: readonly string[]): 'segment' | 'shard' | null {
  const [command, ...rest] = argv;
  // Help and the version print and end: no thread would be used.
  if (command === undefined || availableParallelism() < 2 || rest.some((a) => a === '--help' || a === '-h' || a === '--version')) return null;
  try {
    if (command === 'rewrite') return shards(rest) ? 'shard' : null;
    return splits(command, rest) ? 'segment' : null;
  } catch {
    // A file that vanished or cannot be read between the look and the read: the command will say so.
    return null;
  }
}

/** Starts the thread threadAheadFor names, now, while the CLI's modules load. */
export function startAhead(argv: readonly string[]): void {
  const thread = threadAheadFor(argv);
  if (thread === 'segment') startSegmentThreadAhead();
  else if (thread === 'shard') startShardThreadAhead();
}
