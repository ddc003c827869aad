// An RDB's packed sets, hashes and sorted sets written as RESP straight from their listpack or intset: writeRdbValue's commands, with no Buffer per element.

import { walkIntset } from '../rdb/intset.js';
import { DECIMAL_MAX, writeDecimal } from '../rdb/length.js';
import { entryText, walkListpackNames, type ListpackNames } from '../rdb/listpack.js';
import { scoreText } from '../rdb/values.js';
import { Batches } from './core/emit-batches.js';
import type { CommandOut } from './core/types.js';
import { writeScoreArg } from './zset/zset.js';

/** Holds one integer's decimal text while it is written. */
const digits = Buffer.allocUnsafe(DECIMAL_MAX);

/** An integer element as its decimal text, with no Buffer of its own. */
function writeInteger(out: CommandOut, value: number | bigint): void {
  if (typeof value === 'number') out.argRange(digits, 0, writeDecimal(digits, 0, value));
  else out.arg(entryText(value));
}

/** A listpack element as an argument: a string where it lies, an integer as its decimal text. */
function writeElement(out: CommandOut, lp: Buffer, value: number | bigint | null, start: number, end: number): void {
  if (value === null) out.argRange(lp, start, end);
  else writeInteger(out, value);
}

/** A listpack score as zzlGetScore reads it: an integer encoding as a double, text through strtod. */
function scoreOf(lp: Buffer, value: number | bigint | null, start: number, end: number): number {
  return value === null ? scoreText(lp, start, end) : Number(value);
}

/** What a walk of a listpack does with its elements. */
const enum Walk {
  /** SADD's members or HMSET's fields and values, in listpack order: an item every `width` elements. */
  InOrder,
  /** A zset's scores (every other element, from the second) read into `scores`, -0 noticed. */
  Scores,
  /** ZADD's score/member pairs: each member waits for its score, which the command writes first. */
  ScoredMembers,
}

/** Scores of the zset listpack being written, read by a first walk. */
let scores = new Float64Array(256);

/**
 * Takes each element of a listpack walked to be written. One class for every walk: the walker's call to
 * take() then meets two shapes (this and the duplicate search), not one per walk.
 */
class ListpackOut implements ListpackNames {
  readonly stride = 1;
  private index = 0;
  negativeZero = false;
  private memberValue: number | bigint | null = null;
  private memberStart = 0;
  private memberEnd = 0;

  constructor(
    private readonly walk: Walk,
    private readonly out: CommandOut | null,
    private readonly batches: Batches | null,
    private readonly width: number,
  ) {}

  take(lp: Buffer, value: number | bigint | null, start: number, end: number): void {
    const i = this.index++;
    if (this.walk === Walk.InOrder) {
      if (i % this.width === 0) this.batches!.item();
      writeElement(this.out!, lp, value, start, end);
    } else if (i % 2 === 0) {
      this.memberValue = value;
      this.memberStart = start;
      this.memberEnd = end;
    } else if (this.walk === Walk.Scores) {
      const score = scoreOf(lp, value, start, end);
      if (Object.is(score, -0)) this.negativeZero = true;
      scores[i >> 1] = score;
    } else {
      this.batches!.item();
      writeScoreArg(this.out!, scores[i >> 1]!);
      writeElement(this.out!, lp, this.memberValue, this.memberStart, this.memberEnd);
    }
  }
}

/**
 * Writes the commands of a checked listpack set, hash or zset (`encoding` as RDB_TYPE_NAMES names it) of
 * `count` elements, as writeRdbValue writes its decoded value. False, with nothing written, for a zset with a
 * -0 score: its commands depend on the whole set (rdbValueCommands), so it must be decoded.
 */
export function writeListpackValue(out: CommandOut, key: Buffer, encoding: string, lp: Buffer, at: number, count: number): boolean {
  if (encoding === 'set-listpack' || encoding === 'hash-listpack') {
    const width = encoding === 'set-listpack' ? 1 : 2;
    const batches = new Batches(out, width === 1 ? 'SADD' : 'HMSET', key, count / width, width);
    walkListpackNames(lp, at, new ListpackOut(Walk.InOrder, out, batches, width));
    return true;
  }
  if (encoding !== 'zset-listpack') throw new Error(`writeListpackValue: ${encoding} is not a listpack set, hash or zset`);
  if (scores.length < count / 2) scores = new Float64Array(count);
  const reader = new ListpackOut(Walk.Scores, null, null, 2);
  walkListpackNames(lp, at, reader);
  if (reader.negativeZero) return false;
  walkListpackNames(lp, at, new ListpackOut(Walk.ScoredMembers, out, new Batches(out, 'ZADD', key, count / 2, 2), 2));
  return true;
}

/** Writes the SADD commands of a checked intset of `count` members, as writeRdbValue writes its decoded members. */
export function writeIntsetValue(out: CommandOut, key: Buffer, is: Buffer, at: number, count: number): void {
  const batches = new Batches(out, 'SADD', key, count, 1);
  walkIntset(is, at, (member) => {
    batches.item();
    writeInteger(out, member);
  });
}
