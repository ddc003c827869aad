// Values the writer will not write, as values: a code, what was refused, where the output stood, and what to do.

import type { RdbWriteVersion } from './format.js';

export type RdbWriteProblemCode =
  | 'not-in-version' // the target RDB version cannot hold this (hash-field TTLs before 12, functions before 10…)
  | 'bad-value' // the server would refuse or misread it (duplicate members, NaN score, unordered stream IDs…)
  | 'empty-collection'; // Redis never saves an empty list, set, zset or hash, and skips one on load

/** Why an encoder refused a value (the writer adds which key it was). */
export interface WriteReason {
  readonly code: RdbWriteProblemCode;
  readonly message: string;
}

export interface RdbWriteRefusal {
  readonly code: RdbWriteProblemCode;
  /** The refused key's db and name, or null for a function or aux field. */
  readonly db: number | null;
  readonly key: Buffer | null;
  /** Output offset where the refused record would have started; nothing of it was written. */
  readonly offset: number;
  readonly message: string;
}

export function reason(code: RdbWriteProblemCode, message: string): WriteReason {
  return { code, message };
}

/** A refusal for a target that cannot hold `what`, naming the version that can. */
export function needsVersion(what: string, version: RdbWriteVersion, from: number, server: string): WriteReason {
  return reason('not-in-version', `${what} need RDB ${from} (${server}) but the target is RDB ${version}; write RDB ${from} or later`);
}

/** A short printable form of a name for messages (latin1, cut at 40 characters). */
export function shown(name: Uint8Array): string {
  const text = Buffer.from(name.buffer, name.byteOffset, name.length).toString('latin1');
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}
