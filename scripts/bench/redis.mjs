// Starts, drives and stops a benchmark redis-server on a unix socket in a temp dir (stopped by its PID).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function haveCommand(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

function cli(socket, ...args) {
  return spawnSync('redis-cli', ['-s', socket, ...args], { encoding: 'utf8' }).stdout.trim();
}

function infoField(socket, section, field) {
  const m = new RegExp(`^${field}:(.*)$`, 'm').exec(cli(socket, 'INFO', section));
  return m ? m[1].trim() : null;
}

/**
 * A redis-server on `dir` (loading what it holds) on a unix socket, returned once it accepts connections;
 * stop() shuts it down, kill() ends it by its PID, both wait for the exit.
 */
export async function startRedisIn(dir, config = {}) {
  const socket = join(dir, 'redis.sock');
  const log = join(dir, 'log');
  const args = [
    '--port',
    '0',
    '--unixsocket',
    socket,
    '--dir',
    dir,
    '--save',
    '',
    '--logfile',
    log,
    ...Object.entries(config).flatMap(([k, v]) => [`--${k}`, v]),
  ];
  const child = spawn('redis-server', args, { stdio: 'ignore' });
  while (!/ready to accept connections/i.test(readFileSafe(log))) {
    if (child.exitCode !== null) throw new Error(`redis-server exited: ${readFileSafe(log).slice(-500)}`);
    await sleep(20);
  }
  const exited = () => new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
  return {
    dir,
    socket,
    pid: child.pid,
    cli: (...args) => cli(socket, ...args),
    async stop() {
      cli(socket, 'SHUTDOWN', 'NOSAVE');
      await exited();
    },
    async kill() {
      child.kill('SIGKILL');
      await exited();
    },
  };
}

/**
 * Starts redis-server over an AOF (a single file, placed as appendonlydir/appendonly.aof, or an appendonlydir)
 * and times load + BGREWRITEAOF; peak RSS is the process's own high-water mark (VmHWM).
 */
export async function redisLoadAndRewrite(aofPath, preamble = false) {
  const dir = mkdtempSync(join(tmpdir(), 'aof-bench-'));
  if (statSync(aofPath).isDirectory()) cpSync(aofPath, join(dir, 'appendonlydir'), { recursive: true });
  else {
    mkdirSync(join(dir, 'appendonlydir'));
    cpSync(aofPath, join(dir, 'appendonlydir', 'appendonly.aof'));
    writeFileSync(join(dir, 'appendonlydir', 'appendonly.aof.manifest'), 'file appendonly.aof seq 1 type b\n');
  }
  const started = process.hrtime.bigint();
  const server = await startRedisIn(dir, { appendonly: 'yes', 'aof-use-rdb-preamble': preamble ? 'yes' : 'no' }).catch((e) => {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  });
  const { socket } = server;
  try {
    const loaded = process.hrtime.bigint();
    const rssAfterLoad = Number(infoField(socket, 'memory', 'used_memory_rss'));
    cli(socket, 'BGREWRITEAOF');
    await sleep(20);
    while (infoField(socket, 'persistence', 'aof_rewrite_in_progress') !== '0' || infoField(socket, 'persistence', 'aof_rewrite_scheduled') !== '0') {
      await sleep(20);
    }
    const rewritten = process.hrtime.bigint();
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSafe(`/proc/${server.pid}/status`));
    const base = readdirSync(join(dir, 'appendonlydir'))
      .filter((n) => n.includes('.base.'))
      .sort()
      .at(-1);
    return {
      loadSeconds: Number(loaded - started) / 1e9,
      totalSeconds: Number(rewritten - started) / 1e9,
      usedMemoryRss: rssAfterLoad,
      peakRssBytes: hwm ? Number(hwm[1]) * 1024 : rssAfterLoad,
      baseBytes: base ? statSync(join(dir, 'appendonlydir', base)).size : 0,
    };
  } finally {
    await server.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Starts redis-server in a temp dir (holding `rdb` as dump.rdb when given), runs `use(cli, dir)`, then kills it. */
async function withServer(rdb, use) {
  const dir = mkdtempSync(join(tmpdir(), 'aof-bench-rdb-'));
  if (rdb) cpSync(rdb, join(dir, 'dump.rdb'));
  const server = await startRedisIn(dir, { 'enable-debug-command': 'local' }).catch((e) => {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  });
  try {
    return await use(server.cli, dir);
  } finally {
    await server.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Makes an RDB of about `keys` keys with redis-server's DEBUG POPULATE and SAVE. */
export async function makeRdb(path, keys, valueSize) {
  await withServer(null, (redis, dir) => {
    redis('DEBUG', 'POPULATE', String(keys), 'key', String(valueSize));
    redis('SAVE');
    cpSync(join(dir, 'dump.rdb'), path);
  });
}

/** Loads `rdb` into redis-server and times its SAVE of the same data: seconds and the size it wrote. */
export async function redisSaveTime(rdb) {
  return withServer(rdb, (redis, dir) => {
    const started = process.hrtime.bigint();
    redis('SAVE');
    return { seconds: Number(process.hrtime.bigint() - started) / 1e9, bytes: statSync(join(dir, 'dump.rdb')).size };
  });
}

function readFileSafe(p) {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return '';
  }
}
