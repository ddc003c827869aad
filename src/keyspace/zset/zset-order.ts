// Sorted set entries in (score, member) order, kept in bounded sorted blocks so inserts and removals stay cheap at any size.
import { compareEntries, type ZEntry } from './zset-entry.js';

/** A block splits in two past this many entries; splicing within a block is a small memmove. */
const MAX_BLOCK = 1024;

export class OrderedEntries {
  private blocks: ZEntry[][] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  first(): ZEntry | undefined {
    return this.blocks[0]?.[0];
  }

  last(): ZEntry | undefined {
    const b = this.blocks[this.blocks.length - 1];
    return b?.[b.length - 1];
  }

  insert(e: ZEntry): void {
    this.count++;
    if (this.blocks.length === 0) {
      this.blocks.push([e]);
      return;
    }
    const bi = this.blockFor(e);
    const block = this.blocks[bi]!;
    block.splice(lowerBound(block, e), 0, e);
    if (block.length > MAX_BLOCK) this.blocks.splice(bi, 1, block.slice(0, block.length >> 1), block.slice(block.length >> 1));
  }

  /** Removes the entry equal to e (same member and score); false when absent. */
  remove(e: ZEntry): boolean {
    if (this.blocks.length === 0) return false;
    const bi = this.blockFor(e);
    const block = this.blocks[bi]!;
    const at = lowerBound(block, e);
    if (at >= block.length || compareEntries(block[at]!, e) !== 0) return false;
    block.splice(at, 1);
    if (block.length === 0) this.blocks.splice(bi, 1);
    this.count--;
    return true;
  }

  toArray(): ZEntry[] {
    return this.blocks.flat();
  }

  /** The first block whose last entry is not less than e (or the last block). */
  private blockFor(e: ZEntry): number {
    let lo = 0;
    let hi = this.blocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const block = this.blocks[mid]!;
      if (compareEntries(block[block.length - 1]!, e) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function lowerBound(block: ZEntry[], e: ZEntry): number {
  let lo = 0;
  let hi = block.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareEntries(block[mid]!, e) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
