// Duplicate member/field detection: Redis refuses a set, zset or hash that names the same element twice.

import { RdbError } from './problem.js';

/**
 * Remembers names seen in one collection and throws `bad-value` at the second occurrence, as rdbLoadObject
 * does ("Duplicate set members detected", "Duplicate zset fields detected", "Duplicate hash fields
 * detected", and the listpack/ziplist/zipmap dup searches of deep sanitization, which redis-check-rdb runs).
 */
export class UniqueNames {
  /** Names by an FNV-1a hash of their bytes: no string per name, which made this a hot spot on big collections. */
  private readonly seen = new Map<number, Buffer | Buffer[]>();

  constructor(private readonly what: string) {}

  add(name: Buffer, at: number): void {
    let h = 0x811c9dc5;
    for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name[i]!, 0x01000193);
    const prev = this.seen.get(h);
    if (prev === undefined) {
      this.seen.set(h, name);
    } else if (Array.isArray(prev)) {
      for (const other of prev) if (other.equals(name)) this.refuse(name, at);
      prev.push(name);
    } else {
      if (prev.equals(name)) this.refuse(name, at);
      this.seen.set(h, [prev, name]);
    }
  }

  private refuse(name: Buffer, at: number): never {
    const text = name.toString('latin1');
    const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
    throw new RdbError('bad-value', at, `${this.what} at offset ${at} repeats ${JSON.stringify(shown)}: Redis refuses duplicates`);
  }
}

/** Throws at the first name that repeats; `at` is the offset reported (a compact encoding's own). */
export function refuseDuplicates(names: Iterable<Buffer>, at: number, what: string): void {
  const unique = new UniqueNames(what);
  for (const name of names) unique.add(name, at);
}
