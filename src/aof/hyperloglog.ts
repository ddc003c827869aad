// Estimates how many distinct strings were seen, in 16 KiB, once there are too many to keep (HyperLogLog).
//
// Flajolet et al. 2007 with 2^14 one-byte registers (standard error 1.04/sqrt(16384) ≈ 0.8%) and linear
// counting while many registers are still empty. Two independent 32-bit hashes give the register index and
// the rank, so the rank has a full 32 bits behind it.

import type { KeyHash } from '../rdb/key-hash.js';

const P = 14;
const M = 1 << P;
const ALPHA = 0.7213 / (1 + 1.079 / M);

export class HyperLogLog {
  private readonly registers = new Uint8Array(M);

  /** Counts an item by its two independent 32-bit hashes (see hashBytes). */
  add(h: KeyHash): void {
    const index = h.h2 & (M - 1);
    const rank = Math.clz32(h.h1) + 1;
    if (rank > this.registers[index]!) this.registers[index] = rank;
  }

  /** The registers, as plain data another thread can post (see absorb). */
  part(): Uint8Array {
    return this.registers;
  }

  /** Counts every item another estimator counted (its registers, from part()): the estimate of the union. */
  absorb(registers: Uint8Array): void {
    const own = this.registers;
    for (let i = 0; i < M; i++) if (registers[i]! > own[i]!) own[i] = registers[i]!;
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
