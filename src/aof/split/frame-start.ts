// Finds where a command probably starts past a given offset, to split a file's reading there (verified later).

import { open } from 'node:fs/promises';

const WINDOW = 1 << 20;
const CR = 0x0d;
const LF = 0x0a;

/** Digits from i: the index just past them, or -1 when there are none or more than 15. */
function digitsEnd(b: Buffer, i: number): number {
  let j = i;
  while (j < b.length && b[j]! >= 0x30 && b[j]! <= 0x39) j++;
  return j === i || j - i > 15 ? -1 : j;
}

/**
 * The offset of the first `*<count>\r\n$<len>\r\n` at a line start in [near, to), read from a window of
 * 1 MiB, or null. Bytes inside a value can look like this too: the caller uses the offset only once a
 * reading of the file from its start has ended on it exactly, which proves a frame starts there.
 */
export async function findFrameStart(path: string, near: number, to: number): Promise<number | null> {
  // A place asked for past the part (SplitOptions.near beyond a small file): no frame starts there.
  if (near >= to) return null;
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(Math.min(WINDOW, to - near));
    const { bytesRead } = await fh.read(buf, 0, buf.length, near);
    const b = buf.subarray(0, bytesRead);
    for (let i = b.indexOf('\r\n*'); i >= 0; i = b.indexOf('\r\n*', i + 1)) {
      const count = digitsEnd(b, i + 3);
      if (count < 0 || b[i + 3] === 0x30 || b[count] !== CR || b[count + 1] !== LF || b[count + 2] !== 0x24) continue;
      const len = digitsEnd(b, count + 3);
      if (len >= 0 && b[len] === CR && b[len + 1] === LF) return near + i + 2;
    }
    return null;
  } finally {
    await fh.close();
  }
}
