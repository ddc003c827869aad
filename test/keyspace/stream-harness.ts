// Runs recorded redis-server 7.0.15 sessions against the stream handlers and renders state as XINFO STREAM FULL shows it.
import { streamCommands } from '../../src/keyspace/stream/stream-commands.js';
import { formatId } from '../../src/keyspace/stream/stream-id.js';
import { INVALID_ENTRIES_READ, compareIds } from '../../src/keyspace/stream/stream-group.js';
import { StreamValue } from '../../src/keyspace/stream/stream.js';
import type { DbView, KeyspaceContext, RedisValue, Reply } from '../../src/keyspace/core/types.js';

/** A recorded command and Redis's reply, in JSON form (bulk strings as latin1 text). */
export type Recorded = readonly [readonly string[], unknown];

export class FakeDb implements DbView {
  readonly index = 0;
  readonly values = new Map<string, RedisValue>();
  lookup(key: Buffer): RedisValue | undefined {
    return this.values.get(key.toString('latin1'));
  }
  add(key: Buffer, value: RedisValue): void {
    this.values.set(key.toString('latin1'), value);
  }
  delete(key: Buffer): boolean {
    return this.values.delete(key.toString('latin1'));
  }
  stream(key: string): StreamValue {
    const value = this.values.get(key);
    if (!(value instanceof StreamValue)) throw new Error(`no stream at ${key}`);
    return value;
  }
}

/** A reply as the recorder printed it. */
export function toJson(reply: Reply): unknown {
  if (Buffer.isBuffer(reply)) return reply.toString('latin1');
  if (typeof reply === 'bigint') return Number(reply);
  if (Array.isArray(reply)) return reply.map(toJson);
  return reply;
}

/** XINFO STREAM key FULL without what a rewrite cannot keep (radix-tree-keys/nodes, seen-time). */
export function xinfoFull(stream: StreamValue): unknown[] {
  const num = (n: bigint): number => Number(n);
  return [
    'length',
    stream.length,
    'last-generated-id',
    formatId(stream.lastId),
    'max-deleted-entry-id',
    formatId(stream.maxDeletedId),
    'entries-added',
    num(stream.entriesAdded),
    'recorded-first-entry-id',
    formatId(stream.firstId),
    'entries',
    [...stream.entries].map((e) => [formatId(e.id), e.fields.map((f) => f.toString('latin1'))]),
    'groups',
    stream.groups().map((g) => {
      const lag = stream.lag(g);
      return [
        'name',
        g.name.toString('latin1'),
        'last-delivered-id',
        formatId(g.lastId),
        'entries-read',
        g.entriesRead === INVALID_ENTRIES_READ ? null : num(g.entriesRead),
        'lag',
        lag === null ? null : num(lag),
        'pel-count',
        g.pending.size,
        'pending',
        [...g.pending.keys()].sort(compareIds).map((id) => {
          const p = g.pending.get(id)!;
          return [formatId(id), p.consumer.name.toString('latin1'), num(p.deliveryTimeMs), num(p.deliveryCount)];
        }),
        'consumers',
        g.consumers().map((c) => [
          'name',
          c.name.toString('latin1'),
          'pel-count',
          c.pending.size,
          'pending',
          [...c.pending.keys()].sort(compareIds).map((id) => {
            const p = c.pending.get(id)!;
            return [formatId(id), num(p.deliveryTimeMs), num(p.deliveryCount)];
          }),
        ]),
      ];
    }),
  ];
}

/** Drops the fields xinfoFull leaves out from a reply recorded from Redis. */
export function stripXinfo(recorded: unknown): unknown {
  if (!Array.isArray(recorded)) return recorded;
  const out: unknown[] = [];
  for (let i = 0; i < recorded.length; i++) {
    const item: unknown = recorded[i];
    if (item === 'radix-tree-keys' || item === 'radix-tree-nodes' || item === 'seen-time') {
      i++;
      continue;
    }
    out.push(stripXinfo(item));
  }
  return out;
}

/** Replays a session: stream commands go to the handlers; FLUSHALL, EXISTS, XLEN, SET and XINFO are emulated here. */
export function replay(session: readonly Recorded[], nowMs: number): { db: FakeDb; results: Array<[unknown, unknown]> } {
  let db = new FakeDb();
  const results: Array<[unknown, unknown]> = [];
  for (const [argv, expected] of session) {
    const args = argv.map((a) => Buffer.from(a, 'latin1'));
    const name = argv[0]!.toLowerCase();
    const ctx: KeyspaceContext = { db, nowMs };
    let actual: unknown;
    if (name === 'flushall') {
      db = new FakeDb();
      actual = { simple: 'OK' };
    } else if (name === 'exists') {
      actual = db.lookup(args[1]!) === undefined ? 0 : 1;
    } else if (name === 'xlen') {
      actual = db.stream(argv[1]!).length;
    } else if (name === 'set') {
      db.add(args[1]!, { type: 'string' });
      actual = { simple: 'OK' };
    } else if (name === 'xinfo') {
      actual = xinfoFull(db.stream(argv[2]!));
      results.push([actual, stripXinfo(expected)]);
      continue;
    } else {
      actual = toJson(streamCommands[name]!(ctx, args));
    }
    results.push([actual, expected]);
  }
  return { db, results };
}
