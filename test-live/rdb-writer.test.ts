// The RDB writer against live servers: a dataset built by commands, saved by the server, read by our reader and written
// back by our writer must pass redis-check-rdb, load, and hold the same values, encodings and DUMP bytes.
//
// Targets: the redis-server on PATH (7.0 → RDB 10), and builds in $AOF_SERVERS_DIR/<name>/ when that is set
// (redis-7.2.6 → 11, redis-7.4.1 → 12, valkey-7.2.7 and valkey-8.0.1 → 11). A missing binary skips its target.
import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFileSource, readRdb, type RdbRecord } from '../src/rdb/index.js';
import { fdConsumer, RdbWriter, type PlainNodes, type RdbWriteRefusal, type RdbWriteValue, type RdbWriteVersion } from '../src/rdb/write/index.js';
import { REDIS, type RedisServer, type RespClient, dumpDataset, keyspace, startRedis } from './redis-server.js';
import { BY_VALUE_ONLY, writerWorkload } from './rdb-writer-workload.js';

interface Target {
  readonly name: string;
  readonly server: string;
  readonly checkRdb: { file: string; argv0?: string };
  readonly version: RdbWriteVersion;
  readonly fieldTtl: boolean;
  readonly plainNodes?: PlainNodes;
}

/** RDB version a server writes, from its version (8.x and later write formats this writer does not target). */
function rdbVersionOf(server: string): RdbWriteVersion | null {
  const out = spawnSync(server, ['--version'], { encoding: 'utf8' }).stdout ?? '';
  const v = /v=(\d+)\.(\d+)\./.exec(out);
  if (!v) return null;
  const [major, minor] = [Number(v[1]), Number(v[2])];
  if (out.startsWith('Valkey') && major <= 8) return 11;
  if (major !== 7) return null;
  return minor === 0 ? 10 : minor === 2 ? 11 : minor === 4 ? 12 : null;
}

function target(name: string, server: string, prefix: string): Target | null {
  const version = rdbVersionOf(server);
  if (version === null) return null;
  const check = join(dirname(server), `${prefix}-check-rdb`);
  return {
    name,
    server,
    checkRdb: existsSync(check) ? { file: check } : { file: server, argv0: `${prefix}-check-rdb` },
    version,
    fieldTtl: version === 12,
    // Valkey 8.0 gives items past the node size a plain node although it writes RDB 11.
    ...(name.startsWith('valkey-8') ? { plainNodes: 'over-node-limit' as const } : {}),
  };
}

const TARGETS: Target[] = [];
if (REDIS) {
  const t = target(`redis ${REDIS.version}`, REDIS.server, 'redis');
  if (t) TARGETS.push(t);
}
const serversDir = process.env.AOF_SERVERS_DIR;
for (const name of ['redis-7.2.6', 'redis-7.4.1', 'valkey-7.2.7', 'valkey-8.0.1']) {
  const prefix = name.split('-')[0]!;
  const server = serversDir ? join(serversDir, name, `${prefix}-server`) : '';
  const t = server && existsSync(server) ? target(name, server, prefix) : null;
  if (t) TARGETS.push(t);
}

const work = mkdtempSync(join(tmpdir(), 'aof-rdb-writer-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

type KeyRecord = Extract<RdbRecord, { type: 'key' }>;

/** Every record of an RDB file (test-sized files only). */
function records(path: string): RdbRecord[] {
  const source = openFileSource(path);
  try {
    const out: RdbRecord[] = [];
    const it = readRdb(source);
    for (let r = it.next(); !r.done; r = it.next()) out.push(r.value);
    return out;
  } finally {
    source.close();
  }
}

/** Writes the functions and keys of `from` into `to` at `version` (RESIZEDB from the key counts); returns refusals. */
function rewrite(
  from: string,
  to: string,
  version: RdbWriteVersion,
  plainNodes: PlainNodes | undefined,
  change: (v: RdbWriteValue) => RdbWriteValue = (v) => v,
): RdbWriteRefusal[] {
  const all = records(from);
  const keys = all.filter((r): r is KeyRecord => r.type === 'key');
  const fd = openSync(to, 'w');
  const w = new RdbWriter(fdConsumer(fd), { version, reuseChunks: true, ...(plainNodes ? { plainNodes } : {}) });
  const refusals: RdbWriteRefusal[] = [];
  w.begin();
  for (const r of all) if (r.type === 'function') refusals.push(...[w.writeFunction(r.code)].filter((x) => x !== null));
  for (const db of [...new Set(keys.map((k) => k.db))]) {
    const inDb = keys.filter((k) => k.db === db);
    w.selectDb(db, { keys: inDb.length, expires: inDb.filter((k) => k.expireAtMs !== null).length });
    for (const k of inDb) {
      if (k.value.type === 'module') throw new Error('the workload has no module values');
      const refused = w.writeKey({ db, key: k.key, expireAtMs: k.expireAtMs, value: change(k.value) });
      if (refused) refusals.push(refused);
    }
  }
  w.end();
  closeSync(fd);
  return refusals;
}

function checkRdb(t: Target, path: string): { status: number | null; stdout: string } {
  const r = spawnSync(t.checkRdb.file, [path], { encoding: 'latin1', timeout: 120_000, ...(t.checkRdb.argv0 ? { argv0: t.checkRdb.argv0 } : {}) });
  return { status: r.status, stdout: r.stdout + r.stderr };
}

interface KeyState {
  encoding: string;
  dump: string;
  /** XINFO STREAM FULL with its times, or each field's HPEXPIRETIME (by field name). */
  extra: unknown;
}

/** Per `db:key`: OBJECT ENCODING, DUMP (uncompressed) and the stream/field-TTL details dumpDataset leaves out. */
async function keyStates(c: RespClient, fieldTtl: boolean): Promise<Record<string, KeyState>> {
  await c.call('CONFIG', 'SET', 'rdbcompression', 'no');
  const out: Record<string, KeyState> = {};
  for (const db of Object.keys(await keyspace(c)).map((d) => Number(d.slice(2)))) {
    await c.call('SELECT', db);
    for (const key of (await c.call('KEYS', '*')) as Buffer[]) {
      const type = String(await c.call('TYPE', key));
      let extra: unknown = null;
      if (type === 'stream') extra = await c.call('XINFO', 'STREAM', key, 'FULL');
      if (type === 'hash' && fieldTtl) {
        const fields = ((await c.call('HKEYS', key)) as Buffer[]).sort(Buffer.compare);
        const times = (await c.call('HPEXPIRETIME', key, 'FIELDS', fields.length, ...fields)) as number[];
        extra = fields.map((f, i) => `${f.toString('latin1')}=${times[i]}`);
      }
      const dump = ((await c.call('DUMP', key)) as Buffer).toString('base64');
      out[`${db}:${key.toString('latin1')}`] = { encoding: String(await c.call('OBJECT', 'ENCODING', key)), dump, extra };
    }
  }
  await c.call('SELECT', 0);
  return out;
}

if (TARGETS.length === 0) console.warn('RDB writer live tests skipped: no redis-server 7.0-7.4 on PATH or REDIS_BIN_DIR, and none in AOF_SERVERS_DIR');

describe.skipIf(TARGETS.length === 0)('the RDB writer against live servers', () => {
  it('has a server to run against', () => expect(TARGETS.length).toBeGreaterThan(0));
  describe.each(TARGETS)('$name', targetSuite);
});

function targetSuite(t: Target): void {
  const own = join(work, `${t.name}-own.rdb`.replace(/ /g, '-'));
  const ours = join(work, `${t.name}-ours.rdb`.replace(/ /g, '-'));
  let source: RedisServer;
  let expected: { dataset: unknown; keys: Record<string, KeyState> };
  const expectedStreams: Record<string, unknown> = {};
  let refusals: RdbWriteRefusal[];

  beforeAll(async () => {
    source = await startRedis({}, {}, 60_000, t.server);
    expect(source.loaded, source.log()).toBe(true);
    const c = await source.client();
    await writerWorkload(c, { fieldTtl: t.fieldTtl });
    await c.call('SAVE');
    copyFileSync(join(source.dir, 'dump.rdb'), own);
    refusals = rewrite(own, ours, t.version, t.plainNodes);
    // What the server's own save gives once reloaded.
    await c.call('DEBUG', 'RELOAD');
    expected = { dataset: await dumpDataset(c), keys: await keyStates(c, t.fieldTtl) };
    for (const name of Object.keys(expected.keys).filter((n) => expected.keys[n]!.encoding === 'stream')) {
      await c.call('SELECT', Number(name.split(':')[0]));
      expectedStreams[name] = await c.call('XRANGE', name.slice(name.indexOf(':') + 1), '-', '+');
    }
    await c.call('SELECT', 0);
    c.close();
  });
  afterAll(() => source?.stop());

  it('writes every key and function', () => {
    expect(refusals).toEqual([]);
  });

  it('redis-check-rdb accepts the file', () => {
    const r = checkRdb(t, ours);
    expect(r.stdout).toContain('RDB looks OK');
    expect(r.status).toBe(0);
  });

  // RDB 9 is what Redis 5 and 6 write; 7.0 loads it (and has no listpack lists or sets to tell layouts apart).
  it.runIf(t.version === 10)('an RDB 9 of the same data passes redis-check-rdb and loads with the same values and encodings', async () => {
    const v9 = join(work, 'v9.rdb');
    // RDB 9 cannot hold 7.0's stream metadata: the caller drops it, and the loader derives it again.
    const drop = (v: RdbWriteValue): RdbWriteValue =>
      v.type !== 'stream' ? v : { ...v, firstId: null, maxDeletedId: null, entriesAdded: null, groups: v.groups.map((g) => ({ ...g, entriesRead: null })) };
    expect(rewrite(own, v9, 9, undefined, drop)).toEqual([
      expect.objectContaining({ code: 'not-in-version', message: expect.stringContaining('functions need RDB 10') }),
    ]);
    expect(checkRdb(t, v9).stdout).toContain('RDB looks OK');
    const loaded = await startRedis({ rdb: v9 }, {}, 60_000, t.server);
    try {
      expect(loaded.loaded, loaded.log()).toBe(true);
      const c = await loaded.client();
      const dataset = await dumpDataset(c);
      const keys = await keyStates(c, false);
      for (const name of Object.keys(expectedStreams)) {
        const [db, key] = [Number(name.split(':')[0]), name.slice(name.indexOf(':') + 1)];
        await c.call('SELECT', db);
        expect({ name, entries: await c.call('XRANGE', key, '-', '+') }).toEqual({ name, entries: expectedStreams[name] });
      }
      c.close();
      const want = expected.dataset as typeof dataset;
      expect(dataset.keys.filter((k) => k.type !== 'stream')).toEqual(want.keys.filter((k) => k.type !== 'stream'));
      expect(Object.fromEntries(Object.entries(keys).map(([n, k]) => [n, k.encoding]))).toEqual(
        Object.fromEntries(Object.entries(expected.keys).map(([n, k]) => [n, k.encoding])),
      );
    } finally {
      await loaded.stop();
    }
  });

  it('the server loads it with the same values, encodings and serialized bytes', async () => {
    const loaded = await startRedis({ rdb: ours }, {}, 60_000, t.server);
    try {
      expect(loaded.loaded, loaded.log()).toBe(true);
      const c = await loaded.client();
      expect(await dumpDataset(c)).toEqual(expected.dataset);
      const keys = await keyStates(c, t.fieldTtl);
      c.close();
      const names = Object.keys(expected.keys).sort();
      expect(Object.keys(keys).sort()).toEqual(names);
      expect(names.length).toBeGreaterThan(60);
      for (const name of names) {
        const [want, got] = [expected.keys[name]!, keys[name]!];
        expect({ name, encoding: got.encoding, extra: got.extra }).toEqual({ name, encoding: want.encoding, extra: want.extra });
      }
      // Hashtables list their members in dict order, and tombstones are history: those compare by value above.
      const exact = names.filter((n) => expected.keys[n]!.encoding !== 'hashtable' && !n.includes(BY_VALUE_ONLY));
      expect(exact.length).toBeGreaterThan(50);
      for (const name of exact) expect({ name, dump: keys[name]!.dump }).toEqual({ name, dump: expected.keys[name]!.dump });
    } finally {
      await loaded.stop();
    }
  });
}
