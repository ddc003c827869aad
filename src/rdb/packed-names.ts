// The duplicate search of a listpack set, hash or zset, fed in place while the listpack is checked (no Buffer per element).

import { DECIMAL_MAX, writeDecimal } from './length.js';
import type { ListpackNames } from './listpack.js';
import { RdbError } from './problem.js';
import { UniqueNames } from './unique.js';

/**
 * One search, reset per collection: rdbLoadObject's "Duplicate … detected" (deep sanitization, which
 * redis-check-rdb runs). The first repeat is kept and thrown by end(), after the listpack's own checks, as
 * when every element is decoded first.
 */
export class PackedNames implements ListpackNames {
  stride = 1;
  private readonly unique = new UniqueNames('');
  private readonly digits = new Uint8Array(DECIMAL_MAX);
  private repeated: Buffer | null = null;

  /** Starts a search of the names of one collection: every element (sets) or every other one (hashes, zsets). */
  begin(what: string, stride: number): this {
    this.unique.reset(what, 0);
    this.stride = stride;
    this.repeated = null;
    return this;
  }

  take(lp: Buffer, value: number | bigint | null, start: number, end: number): void {
    const unique = this.unique;
    if (value === null) unique.put(lp, start, end);
    else if (typeof value === 'number') unique.put(this.digits, 0, writeDecimal(this.digits, 0, value));
    else {
      const text = Buffer.from(value.toString(), 'latin1');
      unique.put(text, 0, text.length);
    }
    const again = unique.commitQuietly();
    this.repeated ??= again;
  }

  /** Throws for the first name that repeated (`at`: where the value starts, as decoding reports it). */
  end(at: number): void {
    if (this.repeated !== null) throw this.unique.repeats(this.repeated, at);
  }
}

/** An odd element count where names and values (or members and scores) alternate. */
export function oddElements(what: string, at: number): RdbError {
  return new RdbError('bad-value', at, `${what} at offset ${at} has an odd number of elements`);
}
