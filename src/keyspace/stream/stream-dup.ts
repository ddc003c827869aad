// COPY of a stream (streamDup): rebuilt by replaying the stream's own rewrite commands into a new value.

import { streamCommands } from './stream-commands.js';
import { rewriteStream } from './stream-emit.js';
import { StreamValue } from './stream.js';
import type { DbView, RedisValue } from '../core/types.js';

/**
 * The rewrite keeps every field XINFO STREAM FULL shows except consumers' seen/active time, which a
 * copy gets from the clock — as a consumer created by the replayed XCLAIM would in Redis.
 */
export function dupStream(source: StreamValue, nowMs: number): StreamValue {
  let copy: RedisValue | undefined;
  const db: DbView = {
    index: 0,
    lookup: () => copy,
    add: (_key, value) => {
      copy = value;
    },
    delete: () => {
      const had = copy !== undefined;
      copy = undefined;
      return had;
    },
  };
  for (const args of rewriteStream(Buffer.from('copy'), source)) {
    const handler = streamCommands[args[0]!.toString('latin1').toLowerCase()];
    // Emitted buffers may be views into the source: the handlers copy what they keep.
    handler!({ db, nowMs }, args);
  }
  if (!(copy instanceof StreamValue)) throw new Error('stream copy produced no stream');
  return copy;
}
