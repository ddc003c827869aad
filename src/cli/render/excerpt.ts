// Reads the bytes around each problem's offset, so a human report can show what the damage looks like.

import { open } from 'node:fs/promises';
import { openMember, type PackedRef } from '../../aof/packed/archive.js';
import type { CheckReport } from '../../ops/check.js';

export interface Excerpt {
  readonly before: Buffer;
  readonly after: Buffer;
  /** The file ends within the bytes shown after the offset. */
  readonly endsHere: boolean;
}

/** Excerpts keyed by `${file}:${offset}`. */
export type Excerpts = Map<string, Excerpt>;

export const excerptKey = (file: string, offset: number) => `${file}:${offset}`;

/** Excerpts for the manifest-level problems and each file's errors (not its warnings). */
export async function loadExcerpts(report: CheckReport): Promise<Excerpts> {
  const excerpts: Excerpts = new Map();
  const problems = [...report.problems, ...report.files.flatMap((f) => f.problems.filter((p) => p.severity === 'error'))];
  for (const p of problems) {
    if (p.offset === null || p.file === report.manifestPath) continue;
    const file = report.files.find((f) => f.path === p.file);
    const ex = file?.packed ? packedExcerpt(file.packed, file.size ?? 0, p.offset) : await readExcerpt(p.file, p.offset);
    if (ex) excerpts.set(excerptKey(p.file, p.offset), ex);
  }
  return excerpts;
}

/** The excerpt of a file inside a packed backup, from its uncompressed bytes. */
function packedExcerpt(packed: PackedRef, size: number, offset: number, span = 24): Excerpt | null {
  const start = Math.max(0, offset - span);
  const source = openMember(packed, size);
  try {
    const bytes = Buffer.from(source.read(start, offset + span - start));
    const pivot = Math.min(offset - start, bytes.length);
    return { before: bytes.subarray(0, pivot), after: bytes.subarray(pivot), endsHere: bytes.length < offset + span - start };
  } catch {
    return null;
  } finally {
    source.close();
  }
}

async function readExcerpt(path: string, offset: number, span = 24): Promise<Excerpt | null> {
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
