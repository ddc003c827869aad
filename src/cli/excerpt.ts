// Reads the bytes around an offset, so a report can show what the damage looks like.

import { open } from 'node:fs/promises';

export interface Excerpt {
  readonly before: Buffer;
  readonly after: Buffer;
  /** The file ends within the bytes shown after the offset. */
  readonly endsHere: boolean;
}

export async function readExcerpt(path: string, offset: number, span = 24): Promise<Excerpt | null> {
  try {
    const fh = await open(path, 'r');
    try {
      const start = Math.max(0, offset - span);
      const buf = Buffer.alloc(offset - start + span);
      const { bytesRead } = await fh.read(buf, 0, buf.length, start);
      const pivot = Math.min(offset - start, bytesRead);
      return {
        before: buf.subarray(0, pivot),
        after: buf.subarray(pivot, bytesRead),
        endsHere: bytesRead < buf.length,
      };
    } finally {
      await fh.close();
    }
  } catch {
    return null;
  }
}
