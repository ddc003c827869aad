// Batching of variadic rewrite commands: at most AOF_REWRITE_ITEMS_PER_CMD (64) items per command, as aof.c does.

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
  const head = Buffer.from(name, 'latin1');
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
