// A large sorted set: a Map of latin1 member ids to scores, plus their (score, member) order in sorted blocks.
import { type ZEntries, type ZEntry } from './zset-entry.js';
import { OrderedEntries } from './zset-order.js';

export class MappedEntries implements ZEntries {
  private readonly scores = new Map<string, number>();
  private readonly order = new OrderedEntries();
  private bytes = 0;
  /** The flattened order, rebuilt on demand after a change: range commands over a large set walk it often. */
  private flat: ZEntry[] | null = null;

  get size(): number {
    return this.scores.size;
  }

  get byteLength(): number {
    return this.bytes;
  }

  clone(): MappedEntries {
    const c = new MappedEntries();
    for (const e of this.sorted()) c.add(e.id, e.score);
    return c;
  }

  score(member: Buffer): number | undefined {
    return this.scores.get(member.toString('latin1'));
  }

  set(member: Buffer, score: number): boolean {
    return this.add(member.toString('latin1'), score);
  }

  delete(member: Buffer): boolean {
    const id = member.toString('latin1');
    const old = this.scores.get(id);
    if (old === undefined) return false;
    this.scores.delete(id);
    this.order.remove({ id, score: old });
    this.bytes -= id.length;
    this.flat = null;
    return true;
  }

  pop(max: boolean): [Buffer, number] {
    const e = (max ? this.order.last() : this.order.first())!;
    this.scores.delete(e.id);
    this.order.remove(e);
    this.bytes -= e.id.length;
    this.flat = null;
    return [Buffer.from(e.id, 'latin1'), e.score];
  }

  forEach(fn: (member: Buffer, score: number) => void): void {
    for (const e of this.sorted()) fn(Buffer.from(e.id, 'latin1'), e.score);
  }

  sorted(): ZEntry[] {
    this.flat ??= this.order.toArray();
    return this.flat;
  }

  hasNegativeZero(): boolean {
    for (const score of this.scores.values()) if (Object.is(score, -0)) return true;
    return false;
  }

  clearNegativeZeros(): void {
    for (const [id, score] of this.scores) if (Object.is(score, -0)) this.add(id, 0);
  }

  /** Inserts (true) or updates by id; latin1 ids have one character per byte. */
  private add(id: string, score: number): boolean {
    const old = this.scores.get(id);
    if (old !== undefined) this.order.remove({ id, score: old });
    else this.bytes += id.length;
    this.scores.set(id, score);
    this.order.insert({ id, score });
    this.flat = null;
    return old === undefined;
  }
}
