// Test helper: runs recorded command/reply pairs against a Keyspace and snapshots its data like the recorder read Redis.
import { expect } from 'vitest';
import { HashValue } from '../../src/keyspace/hash/hash-value.js';
import { Keyspace } from '../../src/keyspace/keyspace.js';
import { ListValue } from '../../src/keyspace/list/list-value.js';
import { formatG17 } from '../../src/keyspace/core/numbers.js';
import { SetValue } from '../../src/keyspace/set/set-value.js';
import { StringValue } from '../../src/keyspace/core/string-value.js';
import type { Reply } from '../../src/keyspace/core/types.js';
import { ZSetValue } from '../../src/keyspace/zset/zset-value.js';

/** A reply as recorded: "+OK", "-ERR …", a number, "123n" for integers beyond 2^53, a string, null or an array. */
export type Plain = null | number | string | Plain[];
export type Step = [string[], Plain];
/** "db:key" → [type, data, PEXPIRETIME]. */
export type Snapshot = Record<string, [string, Plain, number | string]>;

export function plain(reply: Reply): Plain {
  if (reply === null) return null;
  if (typeof reply === 'number' || typeof reply === 'bigint') {
    return Number.isSafeInteger(Number(reply)) ? Number(reply) : `${reply}n`;
  }
  if (Buffer.isBuffer(reply)) return reply.toString('latin1');
  if (Array.isArray(reply)) return reply.map(plain);
  if ('error' in reply) return `-${reply.error}`;
  return `+${reply.simple}`;
}

export function args(words: string[]): Buffer[] {
  return words.map((w) => Buffer.from(w, 'latin1'));
}

/** Runs every step, asserting each reply; returns the keyspace for further checks. */
export function runSteps(steps: Step[], ks = new Keyspace({ nowMs: 1_700_000_000_000 })): Keyspace {
  for (const [cmd, expected] of steps) {
    expect([cmd, plain(ks.execute(args(cmd)))]).toEqual([cmd, expected]);
  }
  return ks;
}

function data(value: unknown): [string, Plain] {
  if (value instanceof StringValue) return ['string', value.bytes.toString('latin1')];
  if (value instanceof ListValue) return ['list', value.toArray().map((b) => b.toString('latin1'))];
  if (value instanceof SetValue) return ['set', Array.from(value.members(), (m) => m.toString('latin1')).sort()];
  if (value instanceof ZSetValue) return ['zset', value.sorted().flatMap((e) => [e.id, formatG17(e.score)])];
  if (value instanceof HashValue) {
    const pairs = [...value.entries()].map(([f, v]) => [f.toString('latin1'), v.toString('latin1')] as const);
    return ['hash', pairs.sort(([a], [b]) => (a < b ? -1 : 1)).flat()];
  }
  return ['other', null];
}

export function snapshot(ks: Keyspace): Snapshot {
  const out: Snapshot = {};
  for (const db of ks.nonEmptyDbs()) {
    for (const rec of ks.keys(db)) {
      const [type, d] = data(rec.value);
      out[`${db}:${rec.key.toString('latin1')}`] = [type, d, rec.expireAtMs ?? -1];
    }
  }
  return out;
}
