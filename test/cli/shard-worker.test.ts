// Compiled aof (as installed) replays a sharded rewrite's second shard on a worker thread, and writes what one replay writes.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { AofLayout } from '../../src/aof/layout.js';
import type { RewriteOptions, RewriteReport } from '../../src/ops/rewrite/rewrite.js';
import type { replayInShards as ReplayInShards } from '../../src/ops/rewrite/shards.js';
import type { RespWriter as RespWriterClass } from '../../src/resp/index.js';
import { rdbRecordsButClock } from '../helpers/rdb-records.js';
import { AofBuilder } from '../helpers/aof-builder.js';
import { tempDir, writeFiles } from '../helpers/tmp.js';

const DIST = join(import.meta.dirname, '..', '..', 'dist');
const dir = tempDir();
const NOW = 1_800_000_000_000;

const { rewriteAof } = (await import(pathToFileURL(join(DIST, 'ops', 'rewrite', 'rewrite.js')).href)) as {
  rewriteAof(input: string, output: string, options: RewriteOptions): Promise<RewriteReport>;
};

const dist = async <T>(...path: string[]) => (await import(pathToFileURL(join(DIST, ...path)).href)) as T;
const { replayInShards, PEER_AHEAD_BYTES } = await dist<{ replayInShards: typeof ReplayInShards; PEER_AHEAD_BYTES: number }>('ops', 'rewrite', 'shards.js');
const { resolveAof } = await dist<{ resolveAof(path: string): Promise<AofLayout> }>('aof', 'layout.js');
const { RespWriter } = await dist<{ RespWriter: typeof RespWriterClass }>('resp', 'index.js');
const { startShardThreadAhead } = await dist<{ startShardThreadAhead(): void }>('ops', 'rewrite', 'shard-thread.js');
const { takeThreadAhead } = await dist<{ takeThreadAhead(script: URL): unknown }>('aof', 'thread-ahead.js');
const SHARD_SCRIPT = pathToFileURL(join(DIST, 'ops', 'rewrite', 'shard-worker.js'));
const { describeFailure } = await dist<{ describeFailure(e: unknown): { message: string; exitCode: number } }>('cli', 'errors.js');

/** 30,000 keys over three databases, lists popped and pushed, TTLs past and future, a FLUSHDB and a SWAPDB. */
function workload(): AofBuilder {
  const b = new AofBuilder();
  for (let i = 0; i < 30_000; i++) {
    if (i % 10_000 === 0) b.command('SELECT', String(i / 10_000));
    b.command('SET', `key:${i}`, 'v'.repeat(i % 70));
    b.command('RPUSH', `list:${i % 300}`, `item-${i}`);
    if (i % 3 === 0) b.command('LPOP', `list:${(i * 7) % 300}`);
    if (i % 11 === 0) b.command('PEXPIREAT', `key:${i}`, String(i % 2 === 0 ? NOW - 1 : NOW + 1000));
    if (i % 97 === 0)
      b.command('MULTI')
        .command('INCR', `n:${i % 5}`)
        .command('DEL', `key:${i - 1}`, `key:${i - 2}`)
        .command('EXEC');
    if (i === 15_000) b.command('SWAPDB', '0', '1');
  }
  b.command('SELECT', '2').command('FLUSHDB');
  return b;
}

/**
 * Keys in databases 0, 5 and 9 whose commands come to about 28 MB: more than the worker may encode ahead of the
 * merge (PEER_AHEAD_BYTES), so it waits for the merge to take its batches, database after database.
 */
function largeWorkload(): AofBuilder {
  const b = new AofBuilder();
  for (const db of [0, 5, 9]) {
    b.command('SELECT', String(db));
    for (let i = 0; i < 9_000; i++) b.command('SET', `big:${db}:${i}`, String(i % 10).repeat(1000));
  }
  return b;
}

describe('a sharded rewrite, compiled', () => {
  writeFiles(dir, {
    'in.aof': workload().build(),
    'large.aof': largeWorkload().build(),
    'cross.aof': workload().command('RENAME', 'key:1', 'key:2').command('RENAME', 'key:3', 'key:4').build(),
  });

  it.each([
    { format: 'resp' as const, dropExpired: false },
    { format: 'resp' as const, dropExpired: true },
    { format: 'rdb' as const, dropExpired: false },
    { format: 'rdb' as const, dropExpired: true },
  ])('writes what one replay writes ($format, --drop-expired $dropExpired)', async ({ format, dropExpired }) => {
    const options: RewriteOptions = { format, dropExpired, nowMs: NOW };
    const one = await rewriteAof(join(dir, 'in.aof'), join(dir, `one-${dropExpired}.${format}`), { ...options, shards: 'off' });
    const two = await rewriteAof(join(dir, 'in.aof'), join(dir, `two-${dropExpired}.${format}`), { ...options, shards: 'on' });
    expect(two.replayThreads).toBe(2);
    expect({ ...two, output: '', files: [], seconds: 0, replayThreads: 1 }).toEqual({ ...one, output: '', files: [], seconds: 0 });
    if (format === 'resp') expect(readFileSync(two.output).equals(readFileSync(one.output))).toBe(true);
    else {
      // The other shard's keys came as RDB records. All but the clock (the ctime aux field) and so the checksum is
      // the same: record for record, at the same offsets.
      expect(readFileSync(two.output).length).toBe(readFileSync(one.output).length);
      expect(rdbRecordsButClock(readFileSync(two.output))).toEqual(rdbRecordsButClock(readFileSync(one.output)));
    }
  });

  it('stops with the message one replay gives when the second thread holds a key the RDB version cannot', async () => {
    const b = workload();
    for (let i = 0; i < 40; i++) b.command('HSET', `h:${i}`, 'f', 'v', 'g', 'w').command('HPEXPIRE', `h:${i}`, '100000000', 'FIELDS', '1', 'f');
    writeFiles(dir, { 'ttl.aof': b.build() });
    const options: RewriteOptions = { format: 'rdb', rdbVersion: 10, dropExpired: false, nowMs: NOW };
    for (const shards of ['off', 'on'] as const) {
      const r = await rewriteAof(join(dir, 'ttl.aof'), join(dir, `ttl-${shards}.rdb`), { ...options, shards });
      expect(r.ok).toBe(false);
      expect(r.failure?.message).toMatch(/^key "h:\d+" in db 2: hash field TTLs need RDB 12 \(Redis 7\.4\) but the target is RDB 10.*Nothing was written/);
      expect(existsSync(join(dir, `ttl-${shards}.rdb`))).toBe(false);
    }
  });

  it('takes a second thread started ahead, gives it its job, and writes what one replay writes', async () => {
    const options: RewriteOptions = { format: 'resp', dropExpired: true, nowMs: NOW };
    const one = await rewriteAof(join(dir, 'in.aof'), join(dir, 'ahead-one.aof'), { ...options, shards: 'off' });
    startShardThreadAhead();
    const two = await rewriteAof(join(dir, 'in.aof'), join(dir, 'ahead-two.aof'), { ...options, shards: 'on' });
    // The rewrite took the thread waiting for it rather than starting one.
    expect(takeThreadAhead(SHARD_SCRIPT)).toBeNull();
    expect(two.replayThreads).toBe(2);
    expect(readFileSync(two.output).equals(readFileSync(one.output))).toBe(true);
  });

  it('hands over more than it may encode ahead, in the order of the databases', async () => {
    const options: RewriteOptions = { format: 'resp', dropExpired: false, nowMs: NOW };
    const one = await rewriteAof(join(dir, 'large.aof'), join(dir, 'large-one.aof'), { ...options, shards: 'off' });
    const two = await rewriteAof(join(dir, 'large.aof'), join(dir, 'large-two.aof'), { ...options, shards: 'on' });
    expect(two.replayThreads).toBe(2);
    expect(two.outputBytes).toBeGreaterThan(3 * PEER_AHEAD_BYTES);
    expect(readFileSync(two.output).equals(readFileSync(one.output))).toBe(true);
  });

  it('replays on one thread when a command names keys of both shards', async () => {
    const options: RewriteOptions = { format: 'resp', dropExpired: false, nowMs: NOW, shards: 'on' };
    const r = await rewriteAof(join(dir, 'cross.aof'), join(dir, 'cross-out.aof'), options);
    const one = await rewriteAof(join(dir, 'cross.aof'), join(dir, 'cross-one.aof'), { ...options, shards: 'off' });
    expect(r.ok).toBe(true);
    expect(r.replayThreads).toBe(1);
    expect(r.oneThreadBecause).toBe('RENAME names keys of both shards');
    expect(readFileSync(r.output).equals(readFileSync(one.output))).toBe(true);
  });

  it('says so at once, and the CLI names the way on, when the second thread ends before it has handed over its keys', async () => {
    const layout = await resolveAof(join(dir, 'large.aof'));
    const choice = { nowMs: NOW, dropExpired: false };
    const sharded = await replayInShards(layout, choice, { layout, server: undefined, ...choice });
    if ('refused' in sharded) throw new Error(`the large workload replays in shards: ${sharded.refused}`);
    // Ended as if killed: more of its keys are due than it sent ahead (PEER_AHEAD_BYTES), and none will come.
    await sharded.close();
    const merge = async () => {
      const writer = new RespWriter({ write: () => Promise.resolve() });
      for (const db of sharded.elsewhere.dbs) {
        const keys = sharded.elsewhere.keys(db);
        await keys.ready();
        while (!keys.done) await keys.write(writer);
      }
    };
    const stopped = await merge().then(
      () => null,
      (e: unknown) => e,
    );
    expect(String(stopped)).toMatch(/large\.aof: the rewrite's second thread stopped while its keys were being written \(exit 1\)/);
    const { message, exitCode } = describeFailure(stopped);
    expect(message).toMatch(/Nothing was left half-written\. Run the rewrite again with --threads 1/);
    expect(exitCode).toBe(70);
  });

  it('stops, as one replay does, when the file changed since it was listed (a server still appending)', async () => {
    const path = join(dir, 'growing.aof');
    writeFiles(dir, { 'growing.aof': workload().build() });
    const layout = await resolveAof(path);
    appendFileSync(path, new AofBuilder().command('SET', 'late:1', 'x').command('FLUSHALL').build());
    const choice = { nowMs: NOW, dropExpired: false };
    // Both threads read the listing this thread made; the walk finds the file longer than listed and says so.
    await expect(replayInShards(layout, choice, { layout, server: undefined, ...choice })).rejects.toThrow(/changed size while being read/);
  });
});
