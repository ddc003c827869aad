// The words that start aof in the hints any layer writes (`aof check PATH`), set once to how the user started it.

let prefix = 'aof';

/** Set once by the CLI (and in each of its worker threads); library callers keep the default `aof`. */
export function setInvocation(words: string): void {
  prefix = words;
}

/** The words set by setInvocation, for a worker thread to be given the same. */
export function invocation(): string {
  return prefix;
}

/** A next-step hint: `aof fix PATH` as this user would type it (`node bin/aof.js fix PATH`, `npx aof fix PATH`). */
export function aofCommand(rest: string): string {
  return `${prefix} ${rest}`;
}
