// Sorted set entries (as numbers) in (score, member) order, kept in bounded sorted blocks so inserts and removals stay cheap at any size.

/** A block splits in two past this many entries; splicing within a block is a small memmove. */
const MAX_BLOCK = 1024;

/** Orders entry numbers by a comparison the owner supplies (it holds the scores and member bytes). */
export class OrderedEntries {
  /** Arrays of small integers: V8 keeps them unboxed, 8 bytes an entry. */
  private blocks: number[][] = [];

  constructor(private readonly compare: (a: number, b: number) => number) {}

  first(): number {
    return this.blocks.length === 0 ? -1 : this.blocks[0]![0]!;
  }

  last(): number {
    const b = this.blocks[this.blocks.length - 1];
    return b === undefined ? -1 : b[b.length - 1]!;
  }

  insert(e: number): void {
    if (this.blocks.length === 0) {
      this.blocks.push([e]);
      return;
    }
    const bi = this.blockFor(e);
    const block = this.blocks[bi]!;
    block.splice(this.lowerBound(block, e), 0, e);
    if (block.length > MAX_BLOCK) this.blocks.splice(bi, 1, block.slice(0, block.length >> 1), block.slice(block.length >> 1));
  }

  /** Removes entry e, which must be where its current score and member place it; false when absent. */
  remove(e: number): boolean {
    if (this.blocks.length === 0) return false;
    const bi = this.blockFor(e);
    const block = this.blocks[bi]!;
    const at = this.lowerBound(block, e);
    if (block[at] !== e) return false;
    block.splice(at, 1);
    if (block.length === 0) this.blocks.splice(bi, 1);
    return true;
  }

  /** The entries in order; the order must not change meanwhile. */
  *items(): Generator<number> {
    for (const block of this.blocks) yield* block;
  }

  /** The first block whose last entry is not less than e (or the last block). */
  private blockFor(e: number): number {
    let lo = 0;
    let hi = this.blocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const block = this.blocks[mid]!;
      if (this.compare(block[block.length - 1]!, e) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private lowerBound(block: number[], e: number): number {
    let lo = 0;
    let hi = block.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(block[mid]!, e) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
