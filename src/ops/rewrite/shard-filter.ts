// Which commands one of two replays sharing an AOF runs: each key belongs to one of them, by a hash of its name.

import { keyFinder, keyFinderReadsArgs, leavesKeysAlone, readsUnnamedKeys, type KeyFinder } from '../../aof/command-keys.js';
import { hash32 } from '../../rdb/key-hash.js';
import { ReusedArgs, type CommandFrame } from '../../resp/index.js';

/** The share of the keys the first replay keeps when both start together (see mainShare). */
export const EVEN = 0.5;

/** Thrown out of the replay at a command that a keyspace holding only some keys cannot run as the server did. */
export class NotShardable extends Error {}

/**
 * Keyless commands that change keys, but every key alike: each replay runs them on the keys it holds (FLUSHDB
 * and SWAPDB on a part of a database do to that part what they do to the whole). Those that leave keys alone
 * run on both too; any other keyless command may reach keys it does not name.
 */
const ALL_KEYS_ALIKE = new Set(['flushall', 'flushdb', 'swapdb', 'function', 'script']);

/** Commands that do to each of their keys what they would do to it alone: split between the replays by key. */
const PER_KEY_STRIDE = new Map<string, number>([
  ['del', 1],
  ['unlink', 1],
  ['mset', 2],
]);

/** Hashes below this go to the first replay: `share` of the 2^32 (the hash spreads keys evenly over them). */
function thresholdOf(share: number): number {
  return Math.floor(share * 2 ** 32);
}

/** The shard (0 or 1) of the key source[start, end) under a threshold. */
function shardOfRange(source: Buffer, start: number, end: number, threshold: number): number {
  return hash32(source, start, end) < threshold ? 0 : 1;
}

/** The shard (0 or 1) a key belongs to when the first keeps `share` of the keys. */
export function shardOf(key: Buffer, share = EVEN): number {
  return shardOfRange(key, 0, key.length, thresholdOf(share));
}

/** What the filter keeps per command name. */
interface Plan {
  readonly find: KeyFinder;
  /** The keys' positions follow from argc alone (and the command reaches no other key): found once per argc. */
  readonly byArgc: boolean;
  argc: number;
  positions: readonly number[];
}

const NO_ARGS: readonly Buffer[] = [];
const NO_POSITIONS: readonly number[] = [];

/** One replay's share of the commands: those whose keys are all its own, and every keyless one that is safe. */
export class ShardFilter {
  private readonly plans = new Map<string, Plan>();
  /** This shard's arguments of a split command, rebuilt per command. */
  private readonly split: Buffer[] = [];
  /** This shard's commands' short arguments, copied out of the chunk as the reader would (reuseArgs). */
  private readonly reused = new ReusedArgs();

  /** Hashes below it are the first replay's keys. */
  private readonly threshold: number;

  /** `share`: of the keys, what the first replay keeps (the same on both). */
  constructor(
    readonly index: number,
    share = EVEN,
  ) {
    this.threshold = thresholdOf(share);
  }

  /** The shard of the key at position p; a position past the arguments (a malformed command) goes back to one replay. */
  private shardAt(args: readonly Buffer[], p: number): number {
    const key = args[p];
    if (key === undefined) throw new NotShardable('a key position past the arguments');
    return shardOfRange(key, 0, key.length, this.threshold);
  }

  private plan(name: string): Plan {
    const known = this.plans.get(name);
    if (known !== undefined) return known;
    const plan: Plan = { find: keyFinder(name), byArgc: !keyFinderReadsArgs(name) && !readsUnnamedKeys(name), argc: -1, positions: NO_POSITIONS };
    this.plans.set(name, plan);
    return plan;
  }

  /**
   * argsFor of a frame read with argument ranges: a command with one key placed by argc alone is judged by
   * that key's bytes where they lie, so another shard's command costs no Buffer. The arguments returned are
   * views valid during the call.
   */
  frameArgs(frame: CommandFrame, name: string): Buffer[] | null {
    const { source, ranges } = frame;
    if (source == null || ranges == null) return this.argsFor(frame.args, name);
    const plan = this.plan(name);
    if (plan.byArgc) {
      if (plan.argc !== frame.argc) {
        plan.positions = plan.find(NO_ARGS, frame.argc);
        plan.argc = frame.argc;
      }
      const p = plan.positions[0];
      if (plan.positions.length === 1 && p !== undefined) {
        if (shardOfRange(source, ranges[2 * p] ?? 0, ranges[2 * p + 1] ?? 0, this.threshold) !== this.index) return null;
        return this.built(frame, source, ranges);
      }
    }
    return this.argsFor(this.built(frame, source, ranges), name);
  }

  /**
   * The arguments this replay runs for the command, or null when it is another replay's. Throws NotShardable when
   * the command reaches keys of both replays (or keys it does not name): the rewrite then replays unsharded.
   */
  argsFor(args: Buffer[], name: string): Buffer[] | null {
    const positions = this.plan(name).find(args, args.length);
    if (positions.length === 0) {
      if (leavesKeysAlone(name) || ALL_KEYS_ALIKE.has(name)) return args;
      throw new NotShardable(`${name.toUpperCase()} names no key but may change keys`);
    }
    if (readsUnnamedKeys(name)) throw new NotShardable(`${name.toUpperCase()} may reach keys it does not name`);
    const first = this.shardAt(args, positions[0] ?? 0);
    let mixed = false;
    for (let i = 1; i < positions.length && !mixed; i++) mixed = this.shardAt(args, positions[i] ?? 0) !== first;
    if (!mixed) return first === this.index ? args : null;
    const stride = PER_KEY_STRIDE.get(name);
    if (stride === undefined) throw new NotShardable(`${name.toUpperCase()} names keys of both shards`);
    return this.ownPart(args, positions, stride);
  }

  /** A frame's arguments as Buffers (its args hold the name alone with ranges), valid during the call. */
  private built(frame: CommandFrame, source: Buffer, ranges: Int32Array): Buffer[] {
    const n = frame.kept ?? frame.argc;
    // Sized at once, as the reader sizes its own: a push onto [] reserves room for 17.
    const args = new Array<Buffer>(n);
    for (let i = 0; i < n; i++)
      args[i] = i === 0 ? (frame.args[0] ?? source.subarray(0, 0)) : this.reused.arg(i, source, ranges[2 * i] ?? 0, ranges[2 * i + 1] ?? 0);
    return args;
  }

  /** A DEL or MSET of this replay's keys only (each key with the stride - 1 arguments after it). */
  private ownPart(args: Buffer[], positions: readonly number[], stride: number): Buffer[] | null {
    const own = this.split;
    own.length = 0;
    for (const p of positions) {
      if (this.shardAt(args, p) !== this.index) continue;
      // A malformed command (MSET without a key's value) fails as a whole, as the unsharded replay reports it.
      if (p + stride > args.length) throw new NotShardable(`${String(args[0])} has a key without its arguments`);
      own.push(...args.slice(p, p + stride));
    }
    return own.length > 0 ? [...args.slice(0, 1), ...own] : null;
  }
}
