// State shared by the value encoders: the output, the target's profile and limits, reusable builders, the key being written.

import { RdbError } from '../problem.js';
import { UniqueNames } from '../unique.js';
import type { ChunkWriter } from './chunk-writer.js';
import type { EncodingLimits, RdbFormat } from './format.js';
import { ListpackBuilder } from './listpack-builder.js';
import { writeKeyExpiry, writeString } from './primitives.js';
import { ZiplistBuilder } from './ziplist-builder.js';

/** What listpacks and ziplists have in common for the encoders that fill them. */
export interface CompactBuilder {
  readonly bytes: number;
  readonly count: number;
  reset(): void;
  appendString(s: Uint8Array): void;
  finish(): Buffer;
}

const NO_KEY = Buffer.alloc(0);
/** Up to this many names, firstDuplicate compares pairs. */
const SMALL = 8;

export class EncodeContext {
  /** The key being written and its expiry; set by the writer before an encoder runs. */
  key: Buffer = NO_KEY;
  expireAtMs: number | null = null;
  readonly listpack = new ListpackBuilder();
  private readonly ziplist = new ZiplistBuilder();

  constructor(
    readonly out: ChunkWriter,
    readonly format: RdbFormat,
    readonly limits: EncodingLimits,
    readonly compress: boolean,
    /** Called when a value passed its checks, before its first byte (the writer selects the key's db there). */
    private readonly beforeKey: () => void,
    /** Search collections for repeated names (off when the caller's are unique by construction). */
    private readonly checkDuplicates: boolean,
  ) {}

  /** The first name that repeats among `names`, or null (always null, walking none, when duplicates are not checked). */
  duplicate(names: () => Iterable<Buffer>): Buffer | null {
    return this.checkDuplicates ? firstDuplicate(Array.from(names())) : null;
  }

  /** The builder of the target's compact encoding (ziplist for RDB 9, listpack after), reset. */
  compact(): CompactBuilder {
    const b = this.format.compact === 'ziplist' ? this.ziplist : this.listpack;
    b.reset();
    return b;
  }

  /** Writes what precedes a value (rdbSaveKeyValuePair): the expiry opcode, the type byte, the key. Encoders call it once their checks pass. */
  startKey(type: number): void {
    this.beforeKey();
    if (this.expireAtMs !== null) writeKeyExpiry(this.out, this.expireAtMs);
    this.out.u8(type);
    this.string(this.key);
  }

  /** One RDB string, compressed when the writer compresses (rdbSaveRawString). */
  string(s: Uint8Array): void {
    writeString(this.out, s, this.compress);
  }
}

/** The first name that repeats among `names`, or null; the server refuses such a collection on load. */
function firstDuplicate(names: readonly Buffer[]): Buffer | null {
  const n = names.length;
  // Few names: comparing each with those before it is cheaper than building a table.
  if (n <= SMALL) {
    for (let i = 1; i < n; i++) for (let j = 0; j < i; j++) if (names[i]!.equals(names[j]!)) return names[i]!;
    return null;
  }
  const unique = new UniqueNames('', n);
  let i = 0;
  try {
    for (; i < n; i++) unique.add(names[i]!, 0);
  } catch (err) {
    if (err instanceof RdbError) return names[i]!;
    throw err;
  }
  return null;
}
