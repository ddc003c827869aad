// What a cut at okUpTo loses from one file: its bytes and the complete commands in them.

import { openFileBytes } from '../file-bytes.js';
import { resyncAfter, type ResyncOptions } from '../resync.js';
import type { FileResult } from './file-verdict.js';

export interface FileLoss {
  /** Bytes from okUpTo to the end of the file. */
  readonly bytes: number;
  /**
   * Complete commands among them: those of a transaction the cut rolls back, plus the sound commands found
   * after the damage by resynchronising on the records that follow it.
   */
  readonly commands: number;
  /** True when `commands` is an estimate (damage mid-file: where records start again is inferred). */
  readonly approximate: boolean;
}

/** True when the error lies inside the file's RDB section (which no cut may enter). */
export function insideRdbSection(r: FileResult): boolean {
  return r.file.rdb && r.error !== null && (r.rdbEnd === null || (r.error.offset ?? 0) < r.rdbEnd);
}

async function resyncIn(r: FileResult, from: number, options: ResyncOptions) {
  const source = openFileBytes(r.file);
  try {
    return await resyncAfter(source, from, options);
  } finally {
    source.close();
  }
}

/**
 * The loss a cut at okUpTo means, or null for a sound file (or one no fix touches); past mid-file damage the
 * sound commands are found by resynchronising.
 */
export async function lossOf(r: FileResult, options: ResyncOptions): Promise<FileLoss | null> {
  const e = r.error;
  if (e === null || e.kind === 'unsupported' || e.code === 'not-an-aof') return null;
  const size = r.file.size ?? 0;
  if (insideRdbSection(r)) return { bytes: size - r.okUpTo, commands: 0, approximate: true };
  const from = (e.offset ?? size) + 1;
  const after = e.code === 'multi-unterminated' || from >= size ? null : await resyncIn(r, from, options);
  const found = after?.commands ?? 0;
  return {
    bytes: size - r.okUpTo,
    commands: r.transactionCommands + found,
    approximate: found > 0 || (after !== null && !after.complete),
  };
}
