// Batching of variadic rewrite commands: at most AOF_REWRITE_ITEMS_PER_CMD (64) items per command, as aof.c does.
import type { EmitCommand } from './types.js';

export const AOF_REWRITE_ITEMS_PER_CMD = 64;

/** Emits `name key item…` commands; each item is one element (RPUSH, SADD) or a pair (ZADD, HMSET). */
export function emitBatched(name: string, key: Buffer, items: Iterable<Buffer[]>, emit: EmitCommand): void {
  const head = Buffer.from(name, 'latin1');
  let batch: Buffer[] = [head, key];
  let count = 0;
  for (const item of items) {
    batch.push(...item);
    if (++count === AOF_REWRITE_ITEMS_PER_CMD) {
      emit(batch);
      batch = [head, key];
      count = 0;
    }
  }
  if (count > 0) emit(batch);
}
