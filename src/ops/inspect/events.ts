// Finds what someone needs before a point-in-time recovery: flushes, SWAPDBs, DEL bursts, the largest commands.

import type { CommandPlace, DangerousCommand, DeleteBurst, LargeCommand } from './report.js';

/**
 * What a part read on another thread could not know: the database and time it inherits from the part
 * before it (INHERITED_DB, INHERITED_TS in its places), made known when the parts are put together.
 */
export interface Inheritance {
  /** A place of the part as it is: its inherited database and time replaced. */
  place<T extends CommandPlace>(p: T): T;
  ts(ts: number | null): number | null;
}

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

interface Run {
  place: CommandPlace;
  end: number;
  commands: number;
  keys: number;
  lastTs: number | null;
}

/** A DangerTracker's findings in a part of a file read on another thread, as plain data. */
export interface DangerPart {
  readonly kept: DangerousCommand[];
  readonly omitted: number;
  /** The deletes the part starts with (neutral commands aside): they continue a run open before the part. */
  readonly head: Run | null;
  /** True when a command of the part ended whatever run was open before it. */
  readonly ended: boolean;
  /** Runs that began and ended within the part, as its top list holds them. */
  readonly bursts: DeleteBurst[];
  /** The run still open at the part's end, other than the head. */
  readonly tail: Run | null;
}

export class DangerTracker {
  private readonly kept: DangerousCommand[] = [];
  private omitted = 0;
  private readonly bursts: TopN<DeleteBurst>;
  private run: Run | null = null;
  /** A command ended the run open before this tracker's first command (one of a part: see part()). */
  private ended = false;
  /** The open run is the one this part starts with, kept out of the top list (it may continue an earlier run). */
  private runIsHead = false;
  private head: Run | null = null;

  /** `partOfFile`: the tracker reads a part of a file that does not start the file (on another thread). */
  constructor(
    top: number,
    private readonly partOfFile = false,
  ) {
    this.bursts = new TopN(top);
  }

  /**
   * Feeds every command in file order, with its role (commandRole, looked up once per name); args are views
   * and place a reused cursor: both are read now. args are read only for a dangerous command.
   */
  command(role: CommandRole, name: string, args: readonly Buffer[], argc: number, place: CommandPlace, end: number): void {
    if (role === undefined) {
      this.ended = true;
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
        this.runIsHead = this.partOfFile && !this.ended;
      }
      return;
    }
    if (role === 'neutral') return;
    this.ended = true;
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
    if (this.runIsHead) {
      this.runIsHead = false;
      this.head = r;
      return;
    }
    // Most runs are one DEL of one key: build the entry only when it makes the list.
    if (!this.bursts.admits(r.keys)) return;
    this.bursts.add(r.keys, { ...r.place, end: r.end, commands: r.commands, keys: r.keys, lastTs: r.lastTs });
  }

  /** What this tracker of a part found (see the constructor), to be absorbed by the tracker of the part before. */
  part(): DangerPart {
    const open = this.run;
    return {
      kept: this.kept,
      omitted: this.omitted,
      head: this.runIsHead ? open : this.head,
      ended: this.ended,
      bursts: this.bursts.list(),
      tail: this.runIsHead ? null : open,
    };
  }

  /** Takes the findings of the part that follows what this tracker read, as one tracker reading both would have. */
  absorb(part: DangerPart, inherit: Inheritance): void {
    const fix = (r: Run): Run => ({ ...r, place: inherit.place(r.place), lastTs: inherit.ts(r.lastTs) });
    if (part.head !== null) {
      const head = fix(part.head);
      const r = this.run;
      if (r !== null && r.place.file === head.place.file) {
        r.end = head.end;
        r.commands += head.commands;
        r.keys += head.keys;
        r.lastTs = head.lastTs;
      } else {
        this.closeRun();
        this.run = head;
      }
    }
    if (part.ended) this.closeRun();
    for (const c of part.kept) {
      if (this.kept.length < DANGEROUS_KEPT) this.kept.push(inherit.place(c));
      else this.omitted++;
    }
    this.omitted += part.omitted;
    for (const b of part.bursts) this.bursts.add(b.keys, { ...inherit.place(b), lastTs: inherit.ts(b.lastTs) });
    if (part.tail !== null) this.run = fix(part.tail);
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

  /** Takes the list of the part after what this tracker read (keys come as byte arrays from another thread). */
  absorb(part: LargeCommand[], inherit: Inheritance): void {
    for (const c of part) {
      if (!this.top.admits(c.size)) continue;
      this.top.add(c.size, { ...inherit.place(c), key: c.key === null ? null : Buffer.from(c.key) });
    }
  }
}
