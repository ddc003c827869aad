// Estimates how many distinct strings were seen, in 16 KiB, once there are too many to keep (HyperLogLog).
//
// Flajolet et al. 2007 with 2^14 one-byte registers (standard error 1.04/sqrt(16384) ≈ 0.8%) and linear
// counting while many registers are still empty. Two independent 32-bit hashes give the register index and
// the rank, so estimates stay sound far beyond 2^32 / 2^14 items per register.

const P = 14;
const M = 1 << P;
const ALPHA = 0.7213 / (1 + 1.079 / M);

/** FNV-1a over the string's char codes, finished with murmur3's fmix32 so every bit depends on every byte. */
function hash32(s: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class HyperLogLog {
  private readonly registers = new Uint8Array(M);

  add(s: string): void {
    const index = hash32(s, 0x811c9dc5) & (M - 1);
    const rank = Math.clz32(hash32(s, 0x5bd1e995)) + 1;
    if (rank > this.registers[index]!) this.registers[index] = rank;
  }

  estimate(): number {
    let sum = 0;
    let zeros = 0;
    for (const r of this.registers) {
      sum += 2 ** -r;
      if (r === 0) zeros++;
    }
    const raw = (ALPHA * M * M) / sum;
    if (raw <= 2.5 * M && zeros > 0) return Math.round(M * Math.log(M / zeros));
    return Math.round(raw);
  }
}
