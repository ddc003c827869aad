// rewrite on the fixtures of Redis 7.2, 7.4, unstable and Valkey 7.2, 8.0: its output, replayed, holds what that server loaded from the input (the .keys.json sidecars), hash-field TTLs included.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isHashValue } from '../../src/keyspace/hash/hash-value.js';
import { toRdbWriteValue } from '../../src/keyspace/rdb-value.js';
import { StreamValue } from '../../src/keyspace/stream/stream.js';
import type { Keyspace } from '../../src/keyspace/keyspace.js';
import { replayAof } from '../../src/ops/rewrite/replay.js';
import { rewriteAof } from '../../src/ops/rewrite/rewrite.js';
import { tempDir } from '../helpers/tmp.js';
import type { SidecarKey } from '../helpers/sidecar.js';

const SERVERS = join(import.meta.dirname, '../../fixtures/servers');
const b64 = (b: Buffer) => b.toString('base64');
/** ZSCORE's text: `inf`/`-inf` for the infinities. */
const score = (text: string) => (/^[+]?inf$/i.test(text) ? Infinity : /^-inf$/i.test(text) ? -Infinity : Number(text));
const byKey = <T extends { field?: string; member?: string }>(xs: T[]) => [...xs].sort((a, b) => ((a.field ?? a.member)! < (b.field ?? b.member)! ? -1 : 1));

/** A key as the sidecar shows it: base64, sets and hashes sorted, field TTLs where the server lists them. */
function sidecarOf(k: SidecarKey, withFieldTtls: boolean): unknown {
  const base = { type: k.type, pexpiretime: k.pexpiretime };
  switch (k.type) {
    case 'string':
      return { ...base, value: k.value };
    case 'list':
      return { ...base, elements: k.elements };
    case 'set':
      return { ...base, members: [...(k.members as string[])].sort() };
    case 'zset':
      return { ...base, members: byKey((k.members as Array<{ member: string; score: string }>).map((m) => ({ member: m.member, score: score(m.score) }))) };
    case 'hash':
      return {
        ...base,
        fields: byKey(k.fields!.map((f) => ({ field: f.field, value: f.value, ...(withFieldTtls ? { pexpiretime: f.pexpiretime ?? -1 } : {}) }))),
      };
    default:
      return { ...base, length: k.xinfo?.length, lastId: k.xinfo?.['last-generated-id'] };
  }
}

/** The same shape from the keyspace a replay built. */
function keyspaceKeys(keyspace: Keyspace, withFieldTtls: boolean): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (let db = 0; db < 16; db++) {
    for (const { key, value, expireAtMs } of keyspace.keys(db)) {
      const base = { type: value.type, pexpiretime: expireAtMs ?? -1 };
      let shape: unknown;
      if (value instanceof StreamValue) shape = { ...base, length: value.length, lastId: `${value.lastId >> 64n}-${value.lastId & ((1n << 64n) - 1n)}` };
      else {
        const v = toRdbWriteValue(value);
        if (v.type === 'string') shape = { ...base, value: b64(v.value) };
        else if (v.type === 'list') shape = { ...base, elements: Array.from(v.items, b64) };
        else if (v.type === 'set') shape = { ...base, members: Array.from(v.members, b64).sort() };
        else if (v.type === 'zset') shape = { ...base, members: byKey(Array.from(v.entries, (e) => ({ member: b64(e.member), score: e.score }))) };
        else if (v.type === 'hash' && isHashValue(value)) {
          const ttl = (f: Buffer) => (withFieldTtls ? { pexpiretime: value.fieldExpireAt(f) ?? -1 } : {});
          shape = { ...base, fields: byKey(Array.from(v.entries, (e) => ({ field: b64(e.field), value: b64(e.value), ...ttl(e.field) }))) };
        }
      }
      out.set(`${db}:${b64(key)}`, shape);
    }
  }
  return out;
}

/** Every input with a sidecar in one server's set. */
function inputs(set: string): string[] {
  const found: string[] = [];
  for (const kind of ['resp', 'preamble', 'multipart', 'rdb']) {
    const dir = join(SERVERS, set, kind);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) if (name.endsWith('.keys.json')) found.push(`${kind}/${name.slice(0, -'.keys.json'.length)}`);
  }
  return found.sort();
}

const SETS: Array<[string, string]> = [
  ['redis-7.2.6', 'redis-7.2'],
  ['redis-7.4.1', 'redis-7.4'],
  ['redis-unstable', 'redis-unstable'],
  ['valkey-7.2.7', 'valkey-7.2'],
  ['valkey-8.0.1', 'valkey-8.0'],
];

const work = tempDir();

describe.each(SETS)('rewrite on %s fixtures', (set, server) => {
  const withFieldTtls = set === 'redis-7.4.1' || set === 'redis-unstable';
  it.each(inputs(set))('%s: the output replays into the dataset the server loaded', async (input) => {
    const sidecar = JSON.parse(readFileSync(join(SERVERS, set, `${input}.keys.json`), 'utf8')) as { keys: SidecarKey[] };
    const expected = Object.fromEntries(sidecar.keys.map((k) => [`${k.db}:${k.key}`, sidecarOf(k, withFieldTtls)]));
    // As RESP, and as a dump.rdb of the newest RDB version that server loads (field TTLs in RDB 12's types).
    for (const format of ['resp', 'rdb'] as const) {
      const out = join(work, `${set}-${input.replace(/\//g, '_')}.${format === 'rdb' ? 'rdb' : 'aof'}`);
      const report = await rewriteAof(join(SERVERS, set, input), out, { format, dropExpired: false, nowMs: Date.now(), replace: true, server });
      expect(report.failure, JSON.stringify(report.failure)).toBeNull();
      const replay = await replayAof(out, { nowMs: Date.now(), server });
      expect(replay.failure).toBeNull();
      expect(Object.fromEntries(keyspaceKeys(replay.keyspace, withFieldTtls)), format).toEqual(expected);
    }
  });
});
