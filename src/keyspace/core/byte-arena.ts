// Size-classed slots in shared slabs for small values: no ArrayBuffer, backing store and view object per value.

/**
 * Slot sizes, about 12–25% apart like jemalloc's small classes, so a value wastes little and an
 * overwrite of similar size reuses its slot. Larger values get a buffer of their own.
 */
const CLASSES = [8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 448, 512];
export const MAX_SLOT = CLASSES[CLASSES.length - 1]!;
const SLAB_BYTES = 64 * 1024;

/** Class index for a length in 1..MAX_SLOT (one table look-up per 8 bytes of length). */
const CLASS_OF = new Uint8Array(MAX_SLOT / 8 + 1);
for (let c = 0, n = 0; n <= MAX_SLOT / 8; n++) {
  while (CLASSES[c]! < n * 8) c++;
  CLASS_OF[n] = c;
}

/**
 * A slot is named by one number, slab index × SLAB_BYTES + offset, so a value holds no extra object.
 * Slabs are never returned to the system, as an allocator keeps its arenas: freed slots serve later values
 * of the same class. Callers must give a slot back exactly once and stop using it.
 */
export class ByteArena {
  private readonly slabs: Buffer[] = [];
  /** Per class: the slab being carved (its index) and how far, and the freed slots. */
  private readonly carving = CLASSES.map(() => -1);
  private readonly carved = CLASSES.map(() => 0);
  private readonly free: number[][] = CLASSES.map(() => []);

  /** The slot size a length in 1..MAX_SLOT is stored in. */
  static slotSize(length: number): number {
    return CLASSES[CLASS_OF[(length + 7) >>> 3]!]!;
  }

  /** A free slot of at least length (1..MAX_SLOT) bytes. */
  take(length: number): number {
    const c = CLASS_OF[(length + 7) >>> 3]!;
    const freed = this.free[c]!;
    if (freed.length > 0) return freed.pop()!;
    const size = CLASSES[c]!;
    let slab = this.carving[c]!;
    if (slab < 0 || this.carved[c]! + size > SLAB_BYTES) {
      // Unpooled: Node's pool hands out slices of 8 KiB slabs that one live slice keeps whole.
      slab = this.slabs.push(Buffer.allocUnsafeSlow(SLAB_BYTES)) - 1;
      this.carving[c] = slab;
      this.carved[c] = 0;
    }
    const handle = slab * SLAB_BYTES + this.carved[c]!;
    this.carved[c]! += size;
    return handle;
  }

  /** Gives back a slot taken for a length of this slot size. */
  give(handle: number, size: number): void {
    this.free[CLASS_OF[size >>> 3]!]!.push(handle);
  }

  slabOf(handle: number): Buffer {
    return this.slabs[Math.floor(handle / SLAB_BYTES)]!;
  }

  offsetOf(handle: number): number {
    return handle % SLAB_BYTES;
  }
}

/** The arena every keyspace of the process keeps small string values and list items in. */
export const sharedArena = new ByteArena();
