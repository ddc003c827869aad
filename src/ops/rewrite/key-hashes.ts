// A set of keys held as their two 32-bit hashes alone, 8 bytes a key: a yes may, once in about 2^62, be a key never added.

/** Slots in use at most this share of the table, so linear probes stay short. */
const LOAD = 0.5;

/**
 * Keys by hash (hashBytes's h1 and h2), in one typed array: no key bytes, no object per key. For a caller to
 * whom a false yes costs only time (TouchedKeys: a key thought named is loaded rather than streamed).
 */
export class KeyHashes {
  /** Pairs [h1, h2 | 1]: a second word of 0 marks an empty slot. */
  private cells = new Int32Array(2 * 1024);
  private mask = 1023;
  /** Distinct pairs held. */
  size = 0;

  add(h1: number, h2: number): void {
    if (this.size + 1 > (this.mask + 1) * LOAD) this.grow();
    if (place(this.cells, this.mask, h1 | 0, h2 | 1)) this.size++;
  }

  has(h1: number, h2: number): boolean {
    const cells = this.cells;
    const a = h1 | 0;
    const b = h2 | 1;
    for (let slot = a & this.mask; ; slot = (slot + 1) & this.mask) {
      const second = cells[2 * slot + 1];
      if (second === 0) return false;
      if (second === b && cells[2 * slot] === a) return true;
    }
  }

  private grow(): void {
    const old = this.cells;
    const slots = (this.mask + 1) * 2;
    this.cells = new Int32Array(2 * slots);
    this.mask = slots - 1;
    for (let i = 0; i < old.length; i += 2) {
      const b = old[i + 1] ?? 0;
      if (b !== 0) place(this.cells, this.mask, old[i] ?? 0, b);
    }
  }
}

/** Puts the pair [a, b] (b odd) into the first free slot of its probe unless it is there; true when it was put. */
function place(cells: Int32Array, mask: number, a: number, b: number): boolean {
  for (let slot = a & mask; ; slot = (slot + 1) & mask) {
    const second = cells[2 * slot + 1];
    if (second === 0) {
      cells[2 * slot] = a;
      cells[2 * slot + 1] = b;
      return true;
    }
    if (second === b && cells[2 * slot] === a) return false;
  }
}
