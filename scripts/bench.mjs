// `npm run bench`: aof against redis-check-aof / redis-check-rdb / redis-server, side by side in one run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { generateCacheAof, generateOverwriteAof } from './bench/generate.mjs';
import { haveCommand, makeRdb, redisLoadAndRewrite } from './bench/redis.mjs';
import { benchmarkLog, overwriteLog, rdbBasedCopy } from './bench/server-workloads.mjs';
import { writeFileSync } from 'node:fs';

const DATA = 'bench-data';
const RUNS = Number(process.env.BENCH_RUNS ?? 2);
const CHECK_MB = Number(process.env.BENCH_SIZE_MB ?? 1100);
const REWRITE_MB = Number(process.env.BENCH_REWRITE_MB ?? 220);
const RDB_KEYS = Number(process.env.BENCH_RDB_KEYS ?? 6_000_000);
const OVERWRITE_MB = Number(process.env.BENCH_OVERWRITE_MB ?? 200);
const MIXED_MB = Number(process.env.BENCH_MIXED_MB ?? 1000);
const only = new Set((process.env.BENCH_ONLY ?? 'server').split(','));

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
  console.log(
    `  ${name.padEnd(28)} ${m.seconds.toFixed(2).padStart(7)} s ${(mb / m.seconds).toFixed(0).padStart(6)} MB/s   peak RSS ${(m.rssKiB / 1024).toFixed(0).padStart(5)} MiB   exit ${m.status}`,
  );
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
    console.log(
      `  ${'redis-server load+BGREWRITEAOF'.padEnd(28)} ${redis.totalSeconds.toFixed(2).padStart(7)} s ${(mb / redis.totalSeconds).toFixed(0).padStart(6)} MB/s   used_memory_rss ${(redis.usedMemoryRss / 2 ** 20).toFixed(0).padStart(5)} MiB (load ${redis.loadSeconds.toFixed(2)} s)`,
    );
    console.log(
      `  aof rewrite: ${(redis.totalSeconds / ours.seconds).toFixed(2)}× as fast as redis-server; peak RSS ${((ours.rssKiB * 1024) / redis.usedMemoryRss).toFixed(2)}× its used_memory_rss`,
    );
  } else console.log('  redis-server not installed: no side-by-side ratio');
}

/** A directory made by `make` once, kept in bench-data (delete it to regenerate). */
async function ensureDir(path, make) {
  if (!existsSync(path)) {
    console.log(`  generating ${path} with redis-server…`);
    await make(path);
  }
  return dirBytes(path) / 1e6;
}

function dirBytes(dir) {
  return spawnSync('du', ['-sb', dir], { encoding: 'utf8' }).stdout.split('\t')[0] * 1;
}

/** Logs a real redis-server wrote; aof started both ways a user starts it, against the server's own tools, in one run. */
if (only.has('server') && haveCommand('redis-server') && haveCommand('redis-benchmark')) {
  console.log('workloads written by redis-server:');
  const over = join(DATA, `server-overwrite-${OVERWRITE_MB}m`);
  const mixed = join(DATA, `server-mixed-${MIXED_MB}m`);
  const overRdb = join(DATA, `server-overwrite-${OVERWRITE_MB}m-rdb-base`);
  const sizes = {
    over: await ensureDir(over, (p) => overwriteLog(p, OVERWRITE_MB)),
    mixed: await ensureDir(mixed, (p) => benchmarkLog(p, MIXED_MB)),
    overRdb: await ensureDir(overRdb, () => rdbBasedCopy(over, overRdb)),
  };
  const table = [['work', 'aof (installed bin)', 'aof (node bin/aof.js)', 'Redis', 'ratio (installed bin)']];
  const fmt = (m) => `${m.seconds.toFixed(2)} s, ${(m.rssKiB / 1024).toFixed(0)} MiB`;
  const starts = [
    ['bin/aof.js', []],
    [process.execPath, ['bin/aof.js']],
  ];
  for (const [name, input, mb] of [
    [`rewrite, ${sizes.over.toFixed(0)} MB overwrite-heavy log`, over, sizes.over],
    [`rewrite, ${sizes.mixed.toFixed(0)} MB mixed log (redis-benchmark)`, mixed, sizes.mixed],
    [`rewrite, ${sizes.overRdb.toFixed(0)} MB RDB-based multi-part`, overRdb, sizes.overRdb],
  ]) {
    const ours = starts.map(([cmd, pre]) => measure(cmd, [...pre, 'rewrite', '--force', '--json', input, join(DATA, 'bench-out.aof')]));
    let redis = null;
    for (let i = 0; i < RUNS; i++) {
      const sample = await redisLoadAndRewrite(input);
      if (!redis || sample.totalSeconds < redis.totalSeconds) redis = sample;
    }
    const speed = redis.totalSeconds / ours[0].seconds;
    const memory = (ours[0].rssKiB * 1024) / redis.peakRssBytes;
    table.push([
      name,
      fmt(ours[0]),
      fmt(ours[1]),
      `load + BGREWRITEAOF ${redis.totalSeconds.toFixed(2)} s, ${(redis.peakRssBytes / 2 ** 20).toFixed(0)} MiB`,
      `${speed.toFixed(2)}× its speed, ${memory.toFixed(2)}× its memory`,
    ]);
    void mb;
  }
  const manifest = join(mixed, 'appendonly.aof.manifest');
  const check = starts.map(([cmd, pre]) => measure(cmd, [...pre, 'check', '--json', mixed]));
  const inspect = starts.map(([cmd, pre]) => measure(cmd, [...pre, 'inspect', '--json', mixed]));
  const refCheck = measure('redis-check-aof', [manifest]);
  table.push([
    `inspect, ${sizes.mixed.toFixed(0)} MB mixed log`,
    fmt(inspect[0]),
    fmt(inspect[1]),
    `(aof check ${check[0].seconds.toFixed(2)} s)`,
    `${(inspect[0].seconds / check[0].seconds).toFixed(2)}× check's time`,
  ]);
  table.push([
    `check, ${sizes.mixed.toFixed(0)} MB mixed log`,
    fmt(check[0]),
    fmt(check[1]),
    `redis-check-aof ${refCheck.seconds.toFixed(2)} s, ${(refCheck.rssKiB / 1024).toFixed(0)} MiB`,
    `${(refCheck.seconds / check[0].seconds).toFixed(2)}× faster`,
  ]);
  const base = readdirSync(overRdb).find((n) => n.endsWith('.base.rdb'));
  if (base) {
    const rdb = join(overRdb, base);
    const ours = starts.map(([cmd, pre]) => measure(cmd, [...pre, 'check', '--json', rdb]));
    const ref = measure('redis-check-rdb', [rdb]);
    table.push([
      `check, ${(statSync(rdb).size / 1e6).toFixed(0)} MB RDB base`,
      fmt(ours[0]),
      fmt(ours[1]),
      `redis-check-rdb ${ref.seconds.toFixed(2)} s, ${(ref.rssKiB / 1024).toFixed(0)} MiB`,
      `${(ref.seconds / ours[0].seconds).toFixed(2)}× faster`,
    ]);
  }
  const md = table.map((r, i) => `| ${r.join(' | ')} |${i === 0 ? `\n|${r.map(() => '---').join('|')}|` : ''}`).join('\n');
  console.log(md);
  writeFileSync(join(DATA, 'results.md'), `${md}\n`);
  console.log(`  (table written to ${join(DATA, 'results.md')})`);
}
