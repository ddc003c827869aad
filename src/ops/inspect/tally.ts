// What inspect counts command by command, on one thread; a part read on another thread is absorbed in order.

import { commandDataType } from '../../aof/command-data-type.js';
import { argsNeededForKeys, keyFinder, keyFinderReadsArgs, type KeyFinder } from '../../aof/command-keys.js';
import { INHERITED_DB } from '../../aof/split/segment-visitor.js';
import { parseTimestampAnnotation } from '../../aof/timestamp.js';
import { commandArgs, type CommandFrame } from '../../resp/index.js';
import { commandRole, DangerTracker, LargestTracker, type CommandRole, type DangerPart, type Inheritance } from './events.js';
import { KeyFigures, type KeyFiguresPart } from './keys.js';
import type { CountAndBytes, LargeCommand, TypeName } from './report.js';
import { INHERITED_TS, TimeHistogram, type TimePart } from './time.js';

export interface TallyOptions {
  readonly top: number;
  readonly separator: string;
  readonly depth: number;
  readonly exactKeys: number;
}

/** Commands whose arguments the report shows (the database numbers of SWAPDB, FLUSHALL's ASYNC). */
const SHOW_ARGS = new Set(['swapdb', 'flushall', 'flushdb']);

/** Per command name, what the hot path needs, found with one look-up (names are interned strings). */
interface NameInfo {
  readonly name: string;
  readonly stats: CountAndBytes;
  readonly type: CountAndBytes;
  readonly keys: KeyFinder;
  readonly keep: number;
  /** Its key finder and trackers read no argument: keys are read from the frame's offsets, no views. */
  readonly rangesOnly: boolean;
  readonly role: CommandRole;
}

/** A tally of a part of a file read on another thread, as plain data (see InspectTally.part). */
export interface TallyPart {
  readonly names: [string, number, number][];
  readonly types: [TypeName, number, number][];
  readonly databases: [number, number, number][];
  readonly commands: number;
  readonly bytes: number;
  readonly selects: number;
  /** The time of the last #TS read, or INHERITED_TS when the part had none. */
  readonly ts: number;
  readonly keys: KeyFiguresPart;
  readonly time: TimePart;
  readonly danger: DangerPart;
  readonly largest: LargeCommand[];
}

function add(s: CountAndBytes, bytes: number): void {
  s.count++;
  s.bytes += bytes;
}

export class InspectTally {
  readonly names = new Map<string, NameInfo>();
  readonly types = new Map<TypeName, CountAndBytes>();
  /** Per database (INHERITED_DB, for a part read apart, in `inherited`). */
  readonly databases: (CountAndBytes | undefined)[] = [];
  private readonly inherited: CountAndBytes = { count: 0, bytes: 0 };
  readonly keys: KeyFigures;
  readonly time = new TimeHistogram();
  readonly danger: DangerTracker;
  readonly largest: LargestTracker;
  commands = 0;
  bytes = 0;
  selects = 0;
  /** The time of the last #TS annotation (null before any; INHERITED_TS in a part read apart, before its first). */
  private ts: number | null;
  private readonly keyless: CountAndBytes;
  // The walker asks how many arguments to keep just before it hands over the command: one look-up serves both.
  private lastInfo: NameInfo | null = null;
  // One cursor object for the whole walk: trackers copy it only for what they keep.
  private readonly place: { file: string; offset: number; db: number; ts: number | null } = { file: '', offset: 0, db: 0, ts: null };

  /** `partOfFile`: this tally reads a part of a file that does not start it, on another thread. */
  constructor(options: TallyOptions, partOfFile = false) {
    this.keys = new KeyFigures({ exactKeys: options.exactKeys, separator: Buffer.from(options.separator), depth: options.depth });
    this.danger = new DangerTracker(options.top, partOfFile);
    this.largest = new LargestTracker(options.top);
    this.ts = partOfFile ? INHERITED_TS : null;
    this.keyless = this.typeStats('keyless');
  }

  /** Leading arguments to keep of a command named `name` (the walker asks just before handing it over). */
  keepArgs(name: string): number {
    const last = this.lastInfo;
    return (this.lastInfo = last !== null && last.name === name ? last : this.nameInfo(name)).keep;
  }

  annotation(text: Buffer): void {
    const t = parseTimestampAnnotation(text);
    if (t === null) return;
    this.ts = t;
    this.time.see(t);
  }

  /** A command the server runs, in database `db` (INHERITED_DB: the one a part read apart starts in), of file `file`. */
  command(frame: CommandFrame, name: string, db: number, file: string): void {
    const bytes = frame.end - frame.start;
    this.commands++;
    this.bytes += bytes;
    const last = this.lastInfo;
    const info = last !== null && last.name === name ? last : this.nameInfo(name);
    add(info.stats, bytes);
    if (name === 'select') this.selects++;
    add(db === INHERITED_DB ? this.inherited : (this.databases[db] ??= { count: 0, bytes: 0 }), bytes);
    const ts = this.ts;
    this.time.add(ts);
    const place = this.place;
    place.file = file;
    place.offset = frame.start;
    place.db = db;
    place.ts = ts;

    // Most commands' keys are read straight from the chunk (source and ranges); the rest get views.
    const { source, ranges } = frame;
    const direct = info.rangesOnly && source != null && ranges != null;
    const args = direct ? frame.args : commandArgs(frame);
    const kept = direct ? (frame.kept ?? 0) : args.length;
    const positions = info.keys(args, frame.argc);
    const n = positions.length;
    add(n === 0 ? this.keyless : info.type, bytes);
    if (n > 0) {
      // A multi-key command's bytes are shared out, so per-key bytes add up to the file's.
      const share = Math.floor(bytes / n);
      for (let i = 0; i < n; i++) {
        const p = positions[i] ?? kept;
        if (p >= kept) continue;
        const weight = i === 0 ? bytes - share * (n - 1) : share;
        if (direct) this.keys.addRange(db, source, ranges[2 * p] ?? 0, ranges[2 * p + 1] ?? 0, weight);
        else {
          const key = args[p];
          if (key !== undefined) this.keys.add(db, key, weight);
        }
      }
    }
    this.danger.command(info.role, name, args, frame.argc, place, frame.end);
    if (this.largest.admits(bytes)) {
      const p = positions[0];
      const key = p === undefined || p >= kept ? undefined : direct ? source.subarray(ranges[2 * p], ranges[2 * p + 1]) : args[p];
      this.largest.add(bytes, name, key, place);
    }
  }

  /** What this tally of a part read apart counted, as plain data for the tally of the part before it. */
  part(): TallyPart {
    const counts = <K>(m: Iterable<[K, CountAndBytes]>): [K, number, number][] => [...m].map(([k, s]) => [k, s.count, s.bytes]);
    const databases: [number, CountAndBytes][] = [];
    this.databases.forEach((s, db) => s !== undefined && databases.push([db, s]));
    if (this.inherited.count > 0) databases.push([INHERITED_DB, this.inherited]);
    return {
      names: counts([...this.names].map(([name, info]) => [name, info.stats])),
      types: counts(this.types),
      databases: counts(databases),
      commands: this.commands,
      bytes: this.bytes,
      selects: this.selects,
      ts: this.ts ?? INHERITED_TS,
      keys: this.keys.part(),
      time: this.time.part(),
      danger: this.danger.part(),
      largest: this.largest.result(),
    };
  }

  /**
   * Counts the part that follows what this tally read, as one tally reading both in order would have; `db`
   * is the database the part starts in (where this tally's reading ended).
   */
  absorb(part: TallyPart, db: number): void {
    const ts = this.ts;
    const inherit: Inheritance = {
      place: (p) => ({ ...p, db: p.db === INHERITED_DB ? db : p.db, ts: p.ts === INHERITED_TS ? ts : p.ts }),
      ts: (t) => (t === INHERITED_TS ? ts : t),
    };
    const sum = (s: CountAndBytes, count: number, bytes: number) => {
      s.count += count;
      s.bytes += bytes;
    };
    for (const [name, count, bytes] of part.names) sum(this.nameInfo(name).stats, count, bytes);
    for (const [type, count, bytes] of part.types) sum(this.typeStats(type), count, bytes);
    for (const [d, count, bytes] of part.databases) sum((this.databases[d === INHERITED_DB ? db : d] ??= { count: 0, bytes: 0 }), count, bytes);
    this.commands += part.commands;
    this.bytes += part.bytes;
    this.selects += part.selects;
    this.keys.absorb(part.keys, INHERITED_DB, db);
    this.time.absorb(part.time, ts);
    this.danger.absorb(part.danger, inherit);
    this.largest.absorb(part.largest, inherit);
    if (part.ts !== INHERITED_TS) this.ts = part.ts;
  }

  private typeStats(type: TypeName): CountAndBytes {
    let s = this.types.get(type);
    if (s === undefined) this.types.set(type, (s = { count: 0, bytes: 0 }));
    return s;
  }

  private nameInfo(name: string): NameInfo {
    let info = this.names.get(name);
    if (info === undefined) {
      info = {
        name,
        stats: { count: 0, bytes: 0 },
        type: this.typeStats(commandDataType(name) ?? 'generic'),
        keys: keyFinder(name),
        keep: SHOW_ARGS.has(name) ? 3 : argsNeededForKeys(name),
        rangesOnly: !SHOW_ARGS.has(name) && !keyFinderReadsArgs(name),
        role: commandRole(name),
      };
      this.names.set(name, info);
    }
    return info;
  }
}
