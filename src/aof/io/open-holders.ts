// Which processes hold a file open (Linux /proc): a redis-server still writing the AOF about to be fixed.

import { readdir, readFile, stat } from 'node:fs/promises';

export interface OpenHolder {
  readonly pid: number;
  /** The process's command line, arguments joined by spaces (empty when unreadable). */
  readonly command: string;
}

/**
 * Processes other than this one with `path` open, found by comparing device and inode of every
 * /proc/PID/fd entry. Null where /proc is not available (not Linux): the caller cannot tell.
 * Processes of other users are visible only to root; that is what a fix run by root needs.
 */
export async function findOpenHolders(path: string): Promise<OpenHolder[] | null> {
  const want = await stat(path);
  let pids: string[];
  try {
    pids = (await readdir('/proc')).filter((n) => /^\d+$/.test(n) && Number(n) !== process.pid);
  } catch {
    return null;
  }
  const holders: OpenHolder[] = [];
  for (const pid of pids) {
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      const st = await stat(`/proc/${pid}/fd/${fd}`).catch(() => null);
      if (st !== null && st.ino === want.ino && st.dev === want.dev) {
        holders.push({ pid: Number(pid), command: await commandLine(pid) });
        break;
      }
    }
  }
  return holders;
}

async function commandLine(pid: string): Promise<string> {
  const raw = await readFile(`/proc/${pid}/cmdline`).catch(() => Buffer.alloc(0));
  return raw.toString('utf8').replace(/\0+$/, '').replace(/\0/g, ' ');
}
