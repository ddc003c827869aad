// `npm run bench`: generates a deterministic ≥1 GB AOF and times aof against redis-check-aof side by side.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, writeSync, closeSync, statSync, renameSync } from 'node:fs';
import { join } from 'node:path';

const DATA = 'bench-data';
const SIZE_MB = Number(process.env.BENCH_SIZE_MB ?? 1100);
const RUNS = Number(process.env.BENCH_RUNS ?? 2);

/** xorshift32: the same file on every machine. */
function rng(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

function encode(args) {
  let s = `*${args.length}\r\n`;
  for (const a of args) s += `$${Buffer.byteLength(a, 'latin1')}\r\n${a}\r\n`;
  return s;
}

/** A workload shaped like a busy cache: mostly SETs of short values, some collections, transactions. */
function generate(path, sizeMb) {
  const next = rng(42);
  const target = sizeMb * 1024 * 1024;
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w');
  const letters = 'abcdefghijklmnopqrstuvwxyz0123456789';
  // Values start with 'v': redis-check-aof 7.0 takes any line starting with "file" for a manifest line.
  const value = (n) => {
    let s = 'v';
    for (let i = 0; i < n; i++) s += letters[next() % 36];
    return s;
  };
  let written = 0;
  let ts = 1_700_000_000;
  let parts = [encode(['SELECT', '0'])];
  let pending = 0;
  for (let i = 0; written < target; i++) {
    const r = next() % 100;
    const key = `user:${next() % 200_000}`;
    let cmd;
    if (r < 55) cmd = encode(['SET', key, value(8 + (next() % 120))]);
    else if (r < 65) cmd = encode(['HSET', `h:${key}`, `f${next() % 20}`, value(10 + (next() % 40))]);
    else if (r < 73) cmd = encode(['RPUSH', `l:${key}`, value(20), value(20)]);
    else if (r < 80) cmd = encode(['ZADD', `z:${next() % 1000}`, String(next() % 100000), key]);
    else if (r < 86) cmd = encode(['INCRBY', `c:${next() % 5000}`, String(next() % 10)]);
    else if (r < 90) cmd = encode(['PEXPIREAT', key, String(1_800_000_000_000 + (next() % 1e9))]);
    else if (r < 93) cmd = encode(['DEL', key]);
    else if (r < 96) cmd = encode(['MULTI']) + encode(['INCR', `c:${next() % 50}`]) + encode(['SET', key, value(30)]) + encode(['EXEC']);
    else if (r < 97) cmd = encode(['SET', `blob:${next() % 1000}`, value(2000 + (next() % 6000))]);
    else cmd = encode(['SADD', `s:${next() % 3000}`, String(next() % 100000)]);
    if (i % 20000 === 0) cmd = `#TS:${ts++}\r\n` + cmd;
    parts.push(cmd);
    pending += cmd.length;
    if (pending > 8 << 20) {
      const b = Buffer.from(parts.join(''), 'latin1');
      writeSync(fd, b);
      written += b.length;
      parts = [];
      pending = 0;
    }
  }
  if (parts.length) writeSync(fd, Buffer.from(parts.join(''), 'latin1'));
  closeSync(fd);
  renameSync(tmp, path);
}

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

function have(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

mkdirSync(DATA, { recursive: true });
const file = join(DATA, `bench-${SIZE_MB}m.aof`);
if (!existsSync(file)) {
  console.log(`generating ${file} (${SIZE_MB} MiB, deterministic)…`);
  generate(file, SIZE_MB);
}
const mb = statSync(file).size / 1e6;
console.log(`file: ${file}, ${mb.toFixed(0)} MB`);
const rows = [];
const aof = measure('node', ['bin/aof.js', 'check', '--json', file]);
rows.push(['aof check', aof]);
if (existsSync('dist/cli/inspect.js')) rows.push(['aof inspect', measure('node', ['bin/aof.js', 'inspect', '--json', file])]);
if (have('redis-check-aof')) rows.push(['redis-check-aof', measure('redis-check-aof', [file])]);
for (const [name, m] of rows) {
  console.log(`${name.padEnd(16)} ${m.seconds.toFixed(2).padStart(7)} s  ${(mb / m.seconds).toFixed(0).padStart(5)} MB/s  peak RSS ${(m.rssKiB / 1024).toFixed(0)} MiB  exit ${m.status}`);
}
const ref = rows.find(([n]) => n === 'redis-check-aof');
if (ref) {
  for (const [name, m] of rows.filter(([n]) => n !== 'redis-check-aof')) {
    console.log(`${name} throughput = ${(ref[1].seconds / m.seconds).toFixed(2)}× redis-check-aof`);
  }
} else {
  console.log('redis-check-aof not installed: no side-by-side ratio (apt-get install redis-tools)');
}
