// Benchmark workloads written by a real redis-server: a seeded random writer (overwrite-heavy) and redis-benchmark
// (mixed), each as the appendonlydir the server left, plus the same data after an RDB-preamble BGREWRITEAOF.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rng } from './generate.mjs';
import { startRedisIn } from './redis.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A redis-server in a fresh temp dir. */
function startServer(config) {
  return startRedisIn(mkdtempSync(join(tmpdir(), 'aof-bench-gen-')), config);
}

/** The log's size so far; automatic rewrites are off, so the files only grow (one may still vanish mid-scan). */
function aofBytes(dir) {
  const d = join(dir, 'appendonlydir');
  return readdirSync(d).reduce((n, f) => n + (statSync(join(d, f), { throwIfNoEntry: false })?.size ?? 0), 0);
}

const encode = (args) => Buffer.from(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`);

/**
 * 20k keys of each type (string, counter, hash, list, set, zset), rewritten over and over by a seeded writer,
 * pipelined on one connection, until the AOF holds sizeMb MB: a log whose rewrite is much smaller than it.
 */
export async function overwriteLog(out, sizeMb, seed = 1) {
  const server = await startServer({ appendonly: 'yes', 'aof-use-rdb-preamble': 'no', appendfsync: 'no', 'auto-aof-rewrite-percentage': '0' });
  const r = rng(seed);
  const sock = connect(server.socket);
  await new Promise((res) => sock.once('connect', res));
  let replies = 0;
  sock.on('data', (d) => {
    for (const c of d) if (c === 0x0a) replies++;
  });
  const K = 20000;
  let sent = 0;
  const target = sizeMb * 1e6;
  while (aofBytes(server.dir) < target) {
    const batch = [];
    for (let i = 0; i < 5000; i++) {
      const k = r() % K;
      switch (r() % 8) {
        case 0:
          batch.push(encode(['SET', `str:${k}`, `value-${r() % 1000000}-${'x'.repeat(r() % 40)}`]));
          break;
        case 1:
          batch.push(encode(['INCRBY', `num:${k}`, String(r() % 100)]));
          break;
        case 2:
          batch.push(encode(['HSET', `hash:${k}`, `f${r() % 20}`, String(r())]));
          break;
        case 3:
          batch.push(encode(['RPUSH', `list:${k}`, `item-${r() % 1000}`]));
          break;
        case 4:
          batch.push(encode(['LPOP', `list:${k}`]));
          break;
        case 5:
          batch.push(encode(['SADD', `set:${k}`, String(r() % 50)]));
          break;
        case 6:
          batch.push(encode(['ZADD', `zset:${k}`, String(r() % 1000), `m${r() % 30}`]));
          break;
        default:
          batch.push(encode(['SREM', `set:${k}`, String(r() % 50)]));
          break;
      }
    }
    sock.write(Buffer.concat(batch));
    sent += batch.length;
    while (replies < sent - 20000) await sleep(5);
  }
  // Replies are counted by their line ends (a bulk reply has two), so they only pace the writer; the end of the
  // input is what makes the server finish: it closes the connection once it has run every command before it.
  sock.end();
  await new Promise((res) => sock.once('close', res));
  await server.stop();
  cpSync(join(server.dir, 'appendonlydir'), out, { recursive: true });
  rmSync(server.dir, { recursive: true, force: true });
}

/** redis-benchmark's mixed write workload over 1.45M keys until the AOF holds sizeMb MB. */
export async function benchmarkLog(out, sizeMb) {
  const server = await startServer({ appendonly: 'yes', 'aof-use-rdb-preamble': 'no', appendfsync: 'no', 'auto-aof-rewrite-percentage': '0' });
  const target = sizeMb * 1e6;
  while (aofBytes(server.dir) < target) {
    spawnSync(
      'redis-benchmark',
      ['-s', server.socket, '-t', 'set,incr,lpush,rpush,sadd,hset,zadd,lpop,spop', '-r', '1450000', '-n', '400000', '-P', '32', '-d', '16', '-q'],
      { stdio: 'ignore' },
    );
  }
  await server.stop();
  cpSync(join(server.dir, 'appendonlydir'), out, { recursive: true });
  rmSync(server.dir, { recursive: true, force: true });
}

/** The same data as an appendonlydir with an RDB base: the server loads `from` and rewrites it with a preamble. */
export async function rdbBasedCopy(from, out) {
  const dir = mkdtempSync(join(tmpdir(), 'aof-bench-gen-'));
  cpSync(from, join(dir, 'appendonlydir'), { recursive: true });
  const server = await startRedisIn(dir, { appendonly: 'yes', 'aof-use-rdb-preamble': 'yes', appendfsync: 'no' });
  server.cli('BGREWRITEAOF');
  await sleep(100);
  while (/aof_rewrite_in_progress:1|aof_rewrite_scheduled:1/.test(server.cli('INFO', 'persistence'))) await sleep(50);
  await server.stop();
  cpSync(join(dir, 'appendonlydir'), out, { recursive: true });
  rmSync(dir, { recursive: true, force: true });
}
