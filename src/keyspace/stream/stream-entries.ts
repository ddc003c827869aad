// A stream's live entries in ID order: chunked arrays, so appends, deletes and front trims stay cheap at millions.
import type { EntryId } from './stream-id.js';

/**
 * One entry. Its field/value pairs are packed into one latin1 string (one byte per character, so any
 * bytes round-trip): a string costs the GC far less than Buffer objects, which matters at millions.
 */
export class StreamEntry {
  private constructor(
    readonly id: EntryId,
    private readonly data: string,
    /** End offset of each field and value within `data`. */
    private readonly ends: readonly number[],
  ) {}

  /** Copies the pairs: command arguments are views into a reused read buffer. */
  static pack(id: EntryId, fields: readonly Buffer[]): StreamEntry {
    const ends = new Array<number>(fields.length); // exact size: push() would over-allocate
    let end = 0;
    for (let i = 0; i < fields.length; i++) {
      end += fields[i]!.length;
      ends[i] = end;
    }
    // One flat string (a `+=` chain would keep a rope of pieces alive).
    return new StreamEntry(id, Buffer.concat(fields, end).toString('latin1'), ends);
  }

  /** Field/value pairs, flattened: f1, v1, f2, v2, … */
  get fields(): Buffer[] {
    const out: Buffer[] = [];
    let start = 0;
    for (const end of this.ends) {
      out.push(Buffer.from(this.data.slice(start, end), 'latin1'));
      start = end;
    }
    return out;
  }
}

/** Entries per chunk: small enough that a splice inside one is cheap, large enough that chunks stay few. */
const CHUNK_SIZE = 512;

/** Like Redis's rax of listpacks, but holding only live entries (tombstones are not needed here). */
export class StreamEntries {
  private chunks: StreamEntry[][] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  first(): StreamEntry | undefined {
    return this.chunks[0]?.[0];
  }

  last(): StreamEntry | undefined {
    const tail = this.chunks[this.chunks.length - 1];
    return tail?.[tail.length - 1];
  }

  /** Appends an entry whose ID is greater than every ID held (the caller checks). */
  append(entry: StreamEntry): void {
    const tail = this.chunks[this.chunks.length - 1];
    if (tail === undefined || tail.length >= CHUNK_SIZE) this.chunks.push([entry]);
    else tail.push(entry);
    this.count++;
  }

  get(id: EntryId): StreamEntry | undefined {
    const at = this.locate(id);
    return at === undefined ? undefined : this.chunks[at.chunk]![at.index];
  }

  has(id: EntryId): boolean {
    return this.locate(id) !== undefined;
  }

  delete(id: EntryId): boolean {
    const at = this.locate(id);
    if (at === undefined) return false;
    const chunk = this.chunks[at.chunk]!;
    chunk.splice(at.index, 1);
    if (chunk.length === 0) this.chunks.splice(at.chunk, 1);
    this.count--;
    return true;
  }

  /** Removes up to `n` entries from the front; returns how many went. */
  removeFirst(n: number): number {
    let removed = 0;
    let whole = 0;
    while (whole < this.chunks.length && removed + this.chunks[whole]!.length <= n) {
      removed += this.chunks[whole]!.length;
      whole++;
    }
    this.chunks.splice(0, whole);
    const rest = n - removed;
    if (rest > 0 && this.chunks.length > 0) {
      this.chunks[0]!.splice(0, rest);
      removed += rest;
    }
    this.count -= removed;
    return removed;
  }

  /** How many entries have an ID below `id`. */
  countBelow(id: EntryId): number {
    let below = 0;
    for (const chunk of this.chunks) {
      if (chunk[chunk.length - 1]!.id < id) {
        below += chunk.length;
        continue;
      }
      let lo = 0;
      let hi = chunk.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (chunk[mid]!.id < id) lo = mid + 1;
        else hi = mid;
      }
      return below + lo;
    }
    return below;
  }

  /** Entries with `from <= id <= to`, in ID order. */
  *range(from: EntryId, to: EntryId): Generator<StreamEntry> {
    let c = this.chunkFor(from);
    if (c === -1) c = 0;
    for (; c < this.chunks.length; c++) {
      for (const entry of this.chunks[c]!) {
        if (entry.id < from) continue;
        if (entry.id > to) return;
        yield entry;
      }
    }
  }

  *[Symbol.iterator](): Generator<StreamEntry> {
    for (const chunk of this.chunks) yield* chunk;
  }

  /** Index of the last chunk whose first ID is <= id, or -1. */
  private chunkFor(id: EntryId): number {
    let lo = 0;
    let hi = this.chunks.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.chunks[mid]![0]!.id <= id) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  private locate(id: EntryId): { chunk: number; index: number } | undefined {
    const c = this.chunkFor(id);
    if (c === -1) return undefined;
    const chunk = this.chunks[c]!;
    let lo = 0;
    let hi = chunk.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const midId = chunk[mid]!.id;
      if (midId === id) return { chunk: c, index: mid };
      if (midId < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }
}
