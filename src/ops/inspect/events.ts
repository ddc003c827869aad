// Finds what someone needs before a point-in-time recovery: flushes, SWAPDBs, DEL bursts, the largest commands.

import type { CommandPlace, DangerousCommand, DeleteBurst, LargeCommand } from './report.js';

/** Flushes and SWAPDBs listed at most (all are counted): a file with millions is already explained. */
const DANGEROUS_KEPT = 1000;

/**
 * What each command means here; one look-up per command. `neutral` ones may sit inside a run of deletes
 * without ending it; anything absent ends a run.
 */
export type CommandRole = 'dangerous' | 'delete' | 'neutral' | undefined;

const ROLE = new Map<string, CommandRole>([
  ['flushall', 'dangerous'],
  ['flushdb', 'dangerous'],
  ['swapdb', 'dangerous'],
  ['del', 'delete'],
  ['unlink', 'delete'],
  ['select', 'neutral'],
  ['multi', 'neutral'],
  ['exec', 'neutral'],
]);

/** What a command (lower-case name) means to the danger tracker: undefined for one that ends a run of deletes. */
export function commandRole(name: string): CommandRole {
  return ROLE.get(name);
}

/** Keeps the n entries with the largest weight, cheaply rejecting the rest. */
class TopN<T> {
  private readonly items: { weight: number; item: T }[] = [];

  constructor(private readonly n: number) {}

  /** Would an entry of this weight be kept? Lets callers skip building it. */
  admits(weight: number): boolean {
    return this.n > 0 && (this.items.length < this.n || weight > this.items[this.items.length - 1]!.weight);
  }

  add(weight: number, item: T): void {
    if (!this.admits(weight)) return;
    let i = this.items.length;
    while (i > 0 && this.items[i - 1]!.weight < weight) i--;
    this.items.splice(i, 0, { weight, item });
    if (this.items.length > this.n) this.items.pop();
  }

  list(): T[] {
    return this.items.map((e) => e.item);
  }
}

export class DangerTracker {
  private readonly kept: DangerousCommand[] = [];
  private omitted = 0;
  private readonly bursts: TopN<DeleteBurst>;
  private run: { place: CommandPlace; end: number; commands: number; keys: number; lastTs: number | null } | null = null;

  constructor(top: number) {
    this.bursts = new TopN(top);
  }

  /**
   * Feeds every command in file order, with its role (commandRole, looked up once per name); args are views
   * and place a reused cursor: both are read now. args are read only for a dangerous command.
   */
  command(role: CommandRole, name: string, args: readonly Buffer[], argc: number, place: CommandPlace, end: number): void {
    if (role === undefined) {
      if (this.run !== null) this.closeRun();
      return;
    }
    if (role === 'delete') {
      const keys = argc - 1;
      if (this.run?.place.file === place.file) {
        this.run.end = end;
        this.run.commands++;
        this.run.keys += keys;
        this.run.lastTs = place.ts;
      } else {
        this.closeRun();
        this.run = { place: { ...place }, end, commands: 1, keys, lastTs: place.ts };
      }
      return;
    }
    if (role === 'neutral') return;
    this.closeRun();
    if (this.kept.length >= DANGEROUS_KEPT) {
      this.omitted++;
      return;
    }
    this.kept.push({ ...place, command: name.toUpperCase(), args: args.slice(1).map((a) => a.toString('latin1')) });
  }

  /** A file ended: a run never spans files. */
  fileEnd(): void {
    this.closeRun();
  }

  private closeRun(): void {
    const r = this.run;
    if (r === null) return;
    this.run = null;
    // Most runs are one DEL of one key: build the entry only when it makes the list.
    if (!this.bursts.admits(r.keys)) return;
    this.bursts.add(r.keys, { ...r.place, end: r.end, commands: r.commands, keys: r.keys, lastTs: r.lastTs });
  }

  result(): { commands: DangerousCommand[]; omitted: number; deleteBursts: DeleteBurst[] } {
    this.closeRun();
    return { commands: this.kept, omitted: this.omitted, deleteBursts: this.bursts.list() };
  }
}

export class LargestTracker {
  private readonly top: TopN<LargeCommand>;

  constructor(n: number) {
    this.top = new TopN(n);
  }

  /** Would a command of this size make the list? Cheap: callers find its key only when it would. */
  admits(size: number): boolean {
    return this.top.admits(size);
  }

  /** A command that may make the list; its key (a view) is copied if it does. */
  add(size: number, name: string, firstKey: Buffer | undefined, place: CommandPlace): void {
    if (!this.top.admits(size)) return;
    this.top.add(size, { ...place, size, command: name.toUpperCase(), key: firstKey ? Buffer.from(firstKey) : null });
  }

  result(): LargeCommand[] {
    return this.top.list();
  }
}
