// Deterministic benchmark inputs: a cache-like AOF, an overwrite-heavy AOF, and an RDB made by redis-server.
import { closeSync, openSync, renameSync, writeSync } from 'node:fs';

/** xorshift32: the same files on every machine. */
export function rng(seed) {
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

/** Streams commands from `next(i)` into path until it holds sizeMb MiB. */
function writeAof(path, sizeMb, next) {
  const target = sizeMb * 1024 * 1024;
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w');
  let written = 0;
  let parts = [];
  let pending = 0;
  for (let i = 0; written + pending < target; i++) {
    const cmd = next(i);
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

function valueMaker(next) {
  const letters = 'abcdefghijklmnopqrstuvwxyz0123456789';
  // Values start with 'v': redis-check-aof 7.0 takes any line starting with "file" for a manifest line.
  return (n) => {
    let s = 'v';
    for (let i = 0; i < n; i++) s += letters[next() % 36];
    return s;
  };
}

/** A busy cache: mostly SETs of short values, some collections, transactions, #TS annotations. */
export function generateCacheAof(path, sizeMb) {
  const next = rng(42);
  const value = valueMaker(next);
  let ts = 1_700_000_000;
  writeAof(path, sizeMb, (i) => {
    const r = next() % 100;
    const key = `user:${next() % 200_000}`;
    let cmd;
    if (i === 0) cmd = encode(['SELECT', '0']);
    else if (r < 55) cmd = encode(['SET', key, value(8 + (next() % 120))]);
    else if (r < 65) cmd = encode(['HSET', `h:${key}`, `f${next() % 20}`, value(10 + (next() % 40))]);
    else if (r < 73) cmd = encode(['RPUSH', `l:${key}`, value(20), value(20)]);
    else if (r < 80) cmd = encode(['ZADD', `z:${next() % 1000}`, String(next() % 100000), key]);
    else if (r < 86) cmd = encode(['INCRBY', `c:${next() % 5000}`, String(next() % 10)]);
    else if (r < 90) cmd = encode(['PEXPIREAT', key, String(1_800_000_000_000 + (next() % 1e9))]);
    else if (r < 93) cmd = encode(['DEL', key]);
    else if (r < 96) cmd = encode(['MULTI']) + encode(['INCR', `c:${next() % 50}`]) + encode(['SET', key, value(30)]) + encode(['EXEC']);
    else if (r < 97) cmd = encode(['SET', `blob:${next() % 1000}`, value(2000 + (next() % 6000))]);
    else cmd = encode(['SADD', `s:${next() % 3000}`, String(next() % 100000)]);
    return i % 20000 === 0 ? `#TS:${ts++}\r\n${cmd}` : cmd;
  });
}

/** Overwrite-heavy: the same 50,000 keys written again and again, so a rewrite shrinks it a lot. */
export function generateOverwriteAof(path, sizeMb) {
  const next = rng(7);
  const value = valueMaker(next);
  writeAof(path, sizeMb, (i) => {
    const r = next() % 100;
    const n = next() % 50_000;
    if (i === 0) return encode(['SELECT', '0']);
    if (r < 50) return encode(['SET', `key:${n}`, value(16 + (next() % 100))]);
    if (r < 65) return encode(['HSET', `hash:${n % 5000}`, `field:${next() % 50}`, value(12)]);
    if (r < 75) return encode(['INCRBY', `counter:${n % 10000}`, String(next() % 100)]);
    if (r < 85) return encode(['ZADD', `zset:${n % 1000}`, String(next() % 100000), `member:${next() % 200}`]);
    if (r < 92) return encode(['SADD', `set:${n % 2000}`, `m${next() % 100}`]);
    if (r < 97) return encode(['RPUSH', `list:${n % 2000}`, value(10)]) + encode(['LTRIM', `list:${n % 2000}`, '-20', '-1']);
    return encode(['PEXPIREAT', `key:${n}`, String(1_900_000_000_000 + (next() % 1e9))]);
  });
}
