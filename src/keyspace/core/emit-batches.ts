// Batching of variadic rewrite commands: at most AOF_REWRITE_ITEMS_PER_CMD (64) items per command, as aof.c does.

import type { CommandOut } from './types.js';

export const AOF_REWRITE_ITEMS_PER_CMD = 64;

/** Each element as a one-argument item of batched (RPUSH, SADD). */
export function* oneEach(elements: Iterable<Buffer>): Generator<Buffer[]> {
  for (const e of elements) yield [e];
}

/**
 * `name key item…` commands; each item is one element (RPUSH, SADD) or a pair (ZADD, HMSET). A generator, so
 * a writer can wait for its output between commands: one key of millions of items is never held whole.
 */
export function* batched(name: string, key: Buffer, items: Iterable<Buffer[]>): Generator<Buffer[]> {
  const head = nameBuffer(name);
  let batch: Buffer[] = [head, key];
  let count = 0;
  for (const item of items) {
    batch.push(...item);
    if (++count === AOF_REWRITE_ITEMS_PER_CMD) {
      yield batch;
      batch = [head, key];
      count = 0;
    }
  }
  if (count > 0) yield batch;
}

/**
 * The commands batched(name, key, …) makes from `count` items of `width` arguments each, written straight to
 * `out`; writeItem(i) writes item i's arguments. For collections already decoded into arrays (an RDB base's,
 * written as it is read): no array per item or per command, no generator.
 */
export function writeBatched(out: CommandOut, name: string, key: Buffer, count: number, width: number, writeItem: (i: number) => void): void {
  const batches = new Batches(out, name, key, count, width);
  for (let i = 0; i < count; i++) {
    batches.item();
    writeItem(i);
  }
}

/**
 * writeBatched for items that come one by one (an RDB's listpack walked in place): item() before each item's
 * `width` arguments opens a command when one is due. The count must be known first: each command says its length.
 */
export class Batches {
  private readonly head: Buffer;
  /** Items not yet in a command, and those the open command still takes. */
  private left: number;
  private open = 0;

  constructor(
    private readonly out: CommandOut,
    name: string,
    private readonly key: Buffer,
    count: number,
    private readonly width: number,
  ) {
    this.head = nameBuffer(name);
    this.left = count;
  }

  item(): void {
    if (this.open === 0) {
      const n = Math.min(AOF_REWRITE_ITEMS_PER_CMD, this.left);
      if (n === 0) throw new Error('Batches: more items than counted');
      this.out.begin(2 + n * this.width);
      this.out.arg(this.head);
      this.out.arg(this.key);
      this.left -= n;
      this.open = n;
    }
    this.open--;
  }
}

/** One Buffer per command name: a base of 100 k small collections asked for one per key. Never written to. */
const NAMES = new Map<string, Buffer>();

function nameBuffer(name: string): Buffer {
  let b = NAMES.get(name);
  if (b === undefined) NAMES.set(name, (b = Buffer.from(name, 'latin1')));
  return b;
}
