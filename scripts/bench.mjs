// `npm run bench`: aof against redis-check-aof / redis-check-rdb / redis-server, side by side in one run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { generateCacheAof, generateOverwriteAof } from './bench/generate.mjs';
import { haveCommand, makeRdb, redisLoadAndRewrite } from './bench/redis.mjs';
import { benchmarkLog, overwriteLog, rdbBasedCopy } from './bench/server-workloads.mjs';
import { writeFileSync } from 'node:fs';

const DATA = 'bench-data';
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CHECK_MB = Number(process.env.BENCH_SIZE_MB ?? 1100);
const REWRITE_MB = Number(process.env.BENCH_REWRITE_MB ?? 220);
const RDB_KEYS = Number(process.env.BENCH_RDB_KEYS ?? 6_000_000);
const OVERWRITE_MB = Number(process.env.BENCH_OVERWRITE_MB ?? 200);
const MIXED_MB = Number(process.env.BENCH_MIXED_MB ?? 1000);
const only = new Set((process.env.BENCH_ONLY ?? 'server').split(','));

/** The median of numbers (the middle one of an odd count). */
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** One whole-process run: wall seconds and peak RSS (KiB), via GNU time. */
function once(cmd, args) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const last = r.stderr.trim().split('\n').at(-1).split(' ');
  if (r.status !== 0 && r.status !== 1) console.log(`  ${cmd} ${args.join(' ')}: exit ${r.status}\n${r.stderr.slice(-400)}`);
  return { seconds: Number(last[0]), rssKiB: Number(last[1]) };
}

/** Wall time (s) and peak RSS (KiB) of a command: medians of RUNS runs. */
function measure(cmd, args) {
  const xs = Array.from({ length: RUNS }, () => once(cmd, args));
  return { seconds: median(xs.map((x) => x.seconds)), rssKiB: median(xs.map((x) => x.rssKiB)) };
}

function row(name, m, mb) {
  console.log(
    `  ${name.padEnd(28)} ${m.seconds.toFixed(2).padStart(7)} s ${(mb / m.seconds).toFixed(0).padStart(6)} MB/s   peak RSS ${(m.rssKiB / 1024).toFixed(0).padStart(5)} MiB   `,
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
    // The median of RUNS, as for aof: the two sides are measured the same way.
    const samples = [];
    for (let i = 0; i < RUNS; i++) samples.push(await redisLoadAndRewrite(file));
    const redis = samples.sort((x, y) => x.totalSeconds - y.totalSeconds)[(RUNS - 1) >> 1];
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

/**
 * Each side run in turn, RUNS times (A B C A B C …), so a drift of the machine's speed touches all alike;
 * medians of wall time and of peak RSS.
 */
async function inTurn(sides) {
  const samples = sides.map(() => []);
  for (let i = 0; i < RUNS; i++) for (const [k, side] of sides.entries()) samples[k].push(await side());
  return samples.map((xs) => ({ seconds: median(xs.map((x) => x.seconds)), rssKiB: median(xs.map((x) => x.rssKiB)) }));
}

/** Logs a real redis-server wrote; aof started both ways a user starts it, against the server's own tools, in one run. */
if (only.has('server') && haveCommand('redis-server') && haveCommand('redis-benchmark')) {
  console.log(`workloads written by redis-server (${RUNS} runs of each side in turn, medians):`);
  const over = join(DATA, `server-overwrite-${OVERWRITE_MB}m`);
  const mixed = join(DATA, `server-mixed-${MIXED_MB}m`);
  const overRdb = join(DATA, `server-overwrite-${OVERWRITE_MB}m-rdb-base`);
  const mixedRdb = join(DATA, `server-mixed-${MIXED_MB}m-rdb-base`);
  const sizes = {
    over: await ensureDir(over, (p) => overwriteLog(p, OVERWRITE_MB)),
    mixed: await ensureDir(mixed, (p) => benchmarkLog(p, MIXED_MB)),
    overRdb: await ensureDir(overRdb, () => rdbBasedCopy(over, overRdb)),
    mixedRdb: await ensureDir(mixedRdb, () => rdbBasedCopy(mixed, mixedRdb)),
  };
  const table = [['work', 'aof (installed bin)', 'aof (node bin/aof.js)', 'Redis', 'ratio (installed bin)', 'ratio (node bin/aof.js)']];
  const fmt = (m) => `${m.seconds.toFixed(2)} s, ${(m.rssKiB / 1024).toFixed(0)} MiB`;
  // The installed bin is bin/aof.js run through its shebang; the other is how the README starts it.
  const starts = [
    ['bin/aof.js', []],
    [process.execPath, ['bin/aof.js']],
  ];
  const ours = (args) =>
    starts.map(
      ([cmd, pre]) =>
        () =>
          once(cmd, [...pre, ...args]),
    );
  // A log of commands replays on two threads by default (each keeping half the keys); --threads 1 is the way to
  // less memory, measured too. An RDB base is written as Redis writes it with aof-use-rdb-preamble yes.
  const rdbBase = ['--format', 'multi-part', '--base', 'rdb'];
  for (const [name, input, extra = []] of [
    [`rewrite, ${sizes.over.toFixed(0)} MB overwrite-heavy log`, over],
    [`rewrite, ${sizes.over.toFixed(0)} MB overwrite-heavy log, --threads 1`, over, ['--threads', '1']],
    [`rewrite, ${sizes.mixed.toFixed(0)} MB mixed log (redis-benchmark)`, mixed],
    [`rewrite, ${sizes.mixed.toFixed(0)} MB mixed log, --threads 1`, mixed, ['--threads', '1']],
    [`rewrite, ${sizes.overRdb.toFixed(0)} MB RDB-based multi-part`, overRdb],
    [`rewrite, ${sizes.mixedRdb.toFixed(0)} MB RDB-based multi-part (the mixed log's dataset)`, mixedRdb],
    [`rewrite, ${sizes.over.toFixed(0)} MB overwrite-heavy log, to an RDB base`, over, rdbBase],
    [`rewrite, ${sizes.mixed.toFixed(0)} MB mixed log, to an RDB base`, mixed, rdbBase],
    [`rewrite, ${sizes.overRdb.toFixed(0)} MB RDB-based multi-part, to an RDB base`, overRdb, rdbBase],
    [`rewrite, ${sizes.mixedRdb.toFixed(0)} MB RDB-based multi-part (the mixed log's dataset), to an RDB base`, mixedRdb, rdbBase],
  ]) {
    console.log(`  ${name}…`);
    const preamble = extra === rdbBase;
    const redisSide = async () => {
      const r = await redisLoadAndRewrite(input, preamble);
      return { seconds: r.totalSeconds, rssKiB: r.peakRssBytes / 1024 };
    };
    const out = join(DATA, preamble ? 'bench-out-dir' : 'bench-out.aof');
    const [bin, node, redis] = await inTurn([...ours(['rewrite', '--force', '--json', ...extra, input, out]), redisSide]);
    const ratio = (m) => `${(redis.seconds / m.seconds).toFixed(2)}× its speed, ${(m.rssKiB / redis.rssKiB).toFixed(2)}× its memory`;
    table.push([name, fmt(bin), fmt(node), `load + BGREWRITEAOF${preamble ? ' (aof-use-rdb-preamble yes)' : ''} ${fmt(redis)}`, ratio(bin), ratio(node)]);
  }
  const manifest = join(mixed, 'appendonly.aof.manifest');
  console.log('  check and inspect…');
  // inspect in turn with check, so that its ratio to check's time is taken under the same conditions.
  const [checkBin, checkNode, inspectBin, inspectNode, refCheck] = await inTurn([
    ...ours(['check', '--json', mixed]),
    ...ours(['inspect', '--json', mixed]),
    () => once('redis-check-aof', [manifest]),
  ]);
  table.push([
    `inspect, ${sizes.mixed.toFixed(0)} MB mixed log`,
    fmt(inspectBin),
    fmt(inspectNode),
    `(aof check: the row below)`,
    `${(inspectBin.seconds / checkBin.seconds).toFixed(2)}× check's time`,
    `${(inspectNode.seconds / checkNode.seconds).toFixed(2)}× check's time`,
  ]);
  const faster = (m, ref) => `${(ref.seconds / m.seconds).toFixed(2)}× as fast`;
  table.push([
    `check, ${sizes.mixed.toFixed(0)} MB mixed log`,
    fmt(checkBin),
    fmt(checkNode),
    `redis-check-aof ${fmt(refCheck)}`,
    faster(checkBin, refCheck),
    faster(checkNode, refCheck),
  ]);
  for (const dir of [overRdb, mixedRdb]) {
    const base = readdirSync(dir).find((n) => n.endsWith('.base.rdb'));
    if (!base) continue;
    const rdb = join(dir, base);
    const [bin, node, ref] = await inTurn([...ours(['check', '--json', rdb]), () => once('redis-check-rdb', [rdb])]);
    table.push([
      `check, ${(statSync(rdb).size / 1e6).toFixed(0)} MB RDB base`,
      fmt(bin),
      fmt(node),
      `redis-check-rdb ${fmt(ref)}`,
      faster(bin, ref),
      faster(node, ref),
    ]);
  }
  const md = table.map((r, i) => `| ${r.join(' | ')} |${i === 0 ? `\n|${r.map(() => '---').join('|')}|` : ''}`).join('\n');
  console.log(md);
  writeFileSync(join(DATA, 'results.md'), `${md}\n`);
  console.log(`  (table written to ${join(DATA, 'results.md')})`);
}
