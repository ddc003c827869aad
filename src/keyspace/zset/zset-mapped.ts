// A large sorted set: members in a ByteMap whose entry numbers index a score column, ordered by (score, member) in sorted blocks (zslInsert's order).
import { ByteMap } from '../core/byte-map.js';
import { type ZEntries, type ZEntry } from './zset-entry.js';
import { OrderedEntries } from './zset-order.js';

/*
 * A Map of latin1 ids and an object per entry cost ~110 bytes beside the member and a string per look-up;
 * here an entry is its bytes, ~30 bytes of columns and 8 in the order, and look-ups compare bytes in place.
 */
export class MappedEntries implements ZEntries {
  private readonly members = new ByteMap(false, true);
  private scores = new Float64Array(16);
  private readonly order = new OrderedEntries(
    (e) => this.scores[e]!,
    (a, b) => this.members.compareKeys(a, b),
  );
  private bytes = 0;
  /** The flattened order, rebuilt on demand after a change: range commands over a large set walk it often. */
  private flat: ZEntry[] | null = null;

  get size(): number {
    return this.members.size;
  }

  get byteLength(): number {
    return this.bytes;
  }

  clone(): MappedEntries {
    const c = new MappedEntries();
    for (const [member, score] of this.ascending()) c.set(member, score);
    return c;
  }

  score(member: Buffer): number | undefined {
    const e = this.members.find(member);
    return e < 0 ? undefined : this.scores[e];
  }

  /** Inserts (true) or updates. */
  set(member: Buffer, score: number): boolean {
    this.flat = null;
    let e = this.members.find(member);
    if (e >= 0) {
      // Object.is: a -0 over a 0 changes nothing in the order but is kept, as Redis keeps it.
      if (Object.is(this.scores[e], score)) return false;
      this.order.remove(e);
      this.scores[e] = score;
      this.order.insert(e);
      return false;
    }
    e = this.members.insert(member);
    if (e >= this.scores.length) {
      const grown = new Float64Array(Math.max(e + 1, this.scores.length * 2));
      grown.set(this.scores);
      this.scores = grown;
    }
    this.scores[e] = score;
    this.order.insert(e);
    this.bytes += member.length;
    return true;
  }

  delete(member: Buffer): boolean {
    const e = this.members.find(member);
    if (e < 0) return false;
    this.drop(e);
    return true;
  }

  pop(max: boolean): [Buffer, number] {
    const e = max ? this.order.last() : this.order.first();
    const popped: [Buffer, number] = [Buffer.from(this.members.keyOf(e)), this.scores[e]!];
    this.drop(e);
    return popped;
  }

  *ascending(): Generator<[Buffer, number]> {
    for (const e of this.order.items()) yield [this.members.keyOf(e), this.scores[e]!];
  }

  *descending(): Generator<[Buffer, number]> {
    for (const e of this.order.itemsDescending()) yield [this.members.keyOf(e), this.scores[e]!];
  }

  sorted(): ZEntry[] {
    if (this.flat === null) {
      const flat: ZEntry[] = [];
      for (const e of this.order.items()) flat.push({ id: this.members.keyOf(e).toString('latin1'), score: this.scores[e]! });
      this.flat = flat;
    }
    return this.flat;
  }

  hasNegativeZero(): boolean {
    for (const e of this.order.items()) if (Object.is(this.scores[e], -0)) return true;
    return false;
  }

  clearNegativeZeros(): void {
    // -0 and 0 compare equal, so no entry moves.
    for (const e of this.order.items()) if (Object.is(this.scores[e], -0)) this.scores[e] = 0;
    this.flat = null;
  }

  /** Removes entry e from the order (while its score still places it) and then from the members. */
  private drop(e: number): void {
    this.flat = null;
    this.order.remove(e);
    this.bytes -= this.members.keyOf(e).length;
    this.members.delete(this.members.keyOf(e));
  }
}
