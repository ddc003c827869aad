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
  const head = nameBuffer(name);
  for (let first = 0; first < count; first += AOF_REWRITE_ITEMS_PER_CMD) {
    const end = Math.min(count, first + AOF_REWRITE_ITEMS_PER_CMD);
    out.begin(2 + (end - first) * width);
    out.arg(head);
    out.arg(key);
    for (let i = first; i < end; i++) writeItem(i);
  }
}

/** One Buffer per command name: a base of 100 k small collections asked for one per key. Never written to. */
const NAMES = new Map<string, Buffer>();

function nameBuffer(name: string): Buffer {
  let b = NAMES.get(name);
  if (b === undefined) NAMES.set(name, (b = Buffer.from(name, 'latin1')));
  return b;
}
