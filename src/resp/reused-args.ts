// Buffers filled again for each command's short arguments: a view per argument is most of what a replay allocates.

/** Arguments up to this long are copied into reused Buffers; longer ones are views as usual. */
export const REUSED_MAX = 64;
/**
 * Argument positions that get reused Buffers; later ones are views as usual. A client may send a DEL of a
 * million keys, and reused Buffers are kept for their holder's life: this bounds them at 130 KiB.
 */
export const REUSED_POSITIONS = 64;
/** Bytes of one position's Buffers, one of each length 0..REUSED_MAX laid end to end. */
const REUSED_SLAB = ((REUSED_MAX + 1) * REUSED_MAX) / 2;

/** One Buffer per argument position and length, handed out again for the next command: valid until then. */
export class ReusedArgs {
  private readonly byPosition: Buffer[][] = [];

  /** Argument a as chunk[start, end): a reused Buffer filled with those bytes when short enough, else a view. */
  arg(a: number, chunk: Buffer, start: number, end: number): Buffer {
    const n = end - start;
    if (n > REUSED_MAX || a >= REUSED_POSITIONS) return chunk.subarray(start, end);
    let byLength = this.byPosition[a];
    if (byLength === undefined) {
      // One slab per position, its Buffers views of it: not an ArrayBuffer per length.
      const slab = Buffer.allocUnsafeSlow(REUSED_SLAB);
      byLength = this.byPosition[a] = Array.from({ length: REUSED_MAX + 1 }, (_, k) => slab.subarray((k * (k - 1)) / 2, (k * (k + 1)) / 2));
    }
    const b = byLength[n]!;
    for (let k = 0; k < n; k++) b[k] = chunk[start + k]!;
    return b;
  }
}
