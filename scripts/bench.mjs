// `npm run bench`: aof against redis-check-aof / redis-check-rdb / redis-server, side by side in one run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { generateCacheAof, generateOverwriteAof } from './bench/generate.mjs';
import { haveCommand, makeRdb, redisLoadAndRewrite } from './bench/redis.mjs';

const DATA = 'bench-data';
const RUNS = Number(process.env.BENCH_RUNS ?? 2);
const CHECK_MB = Number(process.env.BENCH_SIZE_MB ?? 1100);
const REWRITE_MB = Number(process.env.BENCH_REWRITE_MB ?? 220);
const RDB_KEYS = Number(process.env.BENCH_RDB_KEYS ?? 6_000_000);
const only = new Set((process.env.BENCH_ONLY ?? 'check,rdb,rewrite').split(','));

/** Wall time (s) and peak RSS (KiB) of a command, best of RUNS, via GNU time. */
function measure(cmd, args) {
  let best = null;
  for (let i = 0; i < RUNS; i++) {
    const r = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const last = r.stderr.trim().split('\n').at(-1).split(' ');
    const sample = { seconds: Number(last[0]), rssKiB: Number(last[1]), status: r.status };
    if (!best || sample.seconds < best.seconds) best = sample;
  }
  return best;
}

function row(name, m, mb) {
  console.log(`  ${name.padEnd(28)} ${m.seconds.toFixed(2).padStart(7)} s ${(mb / m.seconds).toFixed(0).padStart(6)} MB/s   peak RSS ${(m.rssKiB / 1024).toFixed(0).padStart(5)} MiB   exit ${m.status}`);
}

function ensure(path, make) {
  if (!existsSync(path)) {
    console.log(`  generating ${path}…`);
    make(path);
  }
  return statSync(path).size / 1e6;
}

mkdirSync(DATA, { recursive: true });

if (only.has('check')) {
  const file = join(DATA, `cache-${CHECK_MB}m.aof`);
  console.log(`check and inspect: ${file}`);
  const mb = ensure(file, (p) => generateCacheAof(p, CHECK_MB));
  console.log(`  ${mb.toFixed(0)} MB`);
  const check = measure('bin/aof.js', ['check', '--json', file]);
  row('aof check', check, mb);
  const inspect = measure('bin/aof.js', ['inspect', '--json', file]);
  row('aof inspect', inspect, mb);
  if (haveCommand('redis-check-aof')) {
    const ref = measure('redis-check-aof', [file]);
    row('redis-check-aof', ref, mb);
    console.log(`  aof check: ${(ref.seconds / check.seconds).toFixed(2)}× redis-check-aof's throughput`);
    console.log(`  aof inspect: ${(inspect.seconds / check.seconds).toFixed(2)}× the time of aof check`);
  } else console.log('  redis-check-aof not installed: no side-by-side ratio (apt-get install redis-tools)');
}

if (only.has('rdb') && haveCommand('redis-server')) {
  const file = join(DATA, `populate-${RDB_KEYS}.rdb`);
  console.log(`RDB decode: ${file}`);
  if (!existsSync(file)) {
    console.log('  generating with redis-server DEBUG POPULATE…');
    await makeRdb(file, RDB_KEYS, 100);
  }
  const mb = statSync(file).size / 1e6;
  console.log(`  ${mb.toFixed(0)} MB`);
  const ours = measure('bin/aof.js', ['check', '--json', file]);
  row('aof check (RDB)', ours, mb);
  const ref = measure('redis-check-rdb', [file]);
  row('redis-check-rdb', ref, mb);
  console.log(`  aof check: ${(ref.seconds / ours.seconds).toFixed(2)}× redis-check-rdb's throughput`);
}

if (only.has('rewrite')) {
  const file = join(DATA, `overwrite-${REWRITE_MB}m.aof`);
  console.log(`rewrite: ${file}`);
  const mb = ensure(file, (p) => generateOverwriteAof(p, REWRITE_MB));
  console.log(`  ${mb.toFixed(0)} MB`);
  const out = join(DATA, 'rewritten.aof');
  const ours = measure('bin/aof.js', ['rewrite', '--force', '--json', file, out]);
  row('aof rewrite', ours, mb);
  console.log(`  output ${(statSync(out).size / 1e6).toFixed(1)} MB`);
  if (haveCommand('redis-server') && haveCommand('redis-cli')) {
    // Best of RUNS, as for aof: the two sides are measured the same way.
    let redis = null;
    for (let i = 0; i < RUNS; i++) {
      const sample = await redisLoadAndRewrite(file);
      if (!redis || sample.totalSeconds < redis.totalSeconds) redis = sample;
    }
    console.log(`  ${'redis-server load+BGREWRITEAOF'.padEnd(28)} ${redis.totalSeconds.toFixed(2).padStart(7)} s ${(mb / redis.totalSeconds).toFixed(0).padStart(6)} MB/s   used_memory_rss ${(redis.usedMemoryRss / 2 ** 20).toFixed(0).padStart(5)} MiB (load ${redis.loadSeconds.toFixed(2)} s)`);
    console.log(`  aof rewrite: ${(redis.totalSeconds / ours.seconds).toFixed(2)}× as fast as redis-server; peak RSS ${(ours.rssKiB * 1024 / redis.usedMemoryRss).toFixed(2)}× its used_memory_rss`);
  } else console.log('  redis-server not installed: no side-by-side ratio');
}
