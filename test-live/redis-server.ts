// Live-suite helper: finds Redis binaries, runs redis-server on a unix socket over given AOF/RDB files, talks RESP, dumps datasets, runs redis-check-aof.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, delimiter, join } from 'node:path';

// ---------------------------------------------------------------------------
// Binaries

export interface RedisBinaries {
  server: string;
  /** How to run redis-check-aof: the binary, plus argv0 when it is redis-server in disguise. */
  checkAof: { file: string; argv0?: string };
  version: string;
  /** The server as aof's --server names it (`redis-7.0`, `valkey-8.0`): what loads a rewrite's output here. */
  serverSpec: string;
}

function findOnPath(name: string): string | undefined {
  const dirs = [process.env.REDIS_BIN_DIR, ...(process.env.PATH ?? '').split(delimiter)].filter((d): d is string => !!d);
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function locateRedis(): RedisBinaries | string {
  const server = findOnPath('redis-server');
  if (!server) return 'redis-server not found on PATH (or REDIS_BIN_DIR); install Redis 7 to run the live suite';
  const v = spawnSync(server, ['--version'], { encoding: 'utf8' });
  const version = /v=(\d+\.\d+\.\d+)/.exec(v.stdout ?? '')?.[1];
  if (!version) return `could not read the version of ${server}`;
  if (Number(version.split('.')[0]) < 7) return `redis-server ${version} is too old; the live suite needs Redis 7`;
  // redis-check-aof is redis-server dispatching on argv[0]; fall back to that when the link is missing.
  const checkAofPath = findOnPath('redis-check-aof');
  const flavour = /valkey/i.test(v.stdout ?? '') ? 'valkey' : 'redis';
  const serverSpec = `${flavour}-${version.split('.').slice(0, 2).join('.')}`;
  return { server, version, serverSpec, checkAof: checkAofPath ? { file: checkAofPath } : { file: server, argv0: 'redis-check-aof' } };
}

const located = locateRedis();
/** The binaries, or undefined when the live suite must be skipped. */
export const REDIS: RedisBinaries | undefined = typeof located === 'string' ? undefined : located;
/** Why the live suite is skipped (undefined when Redis is available). */
export const REDIS_MISSING: string | undefined = typeof located === 'string' ? located : undefined;

function requireRedis(): RedisBinaries {
  if (!REDIS) throw new Error(REDIS_MISSING);
  return REDIS;
}

// ---------------------------------------------------------------------------
// RESP2 client (binary safe; bulk replies are Buffers)

export type Reply = Buffer | string | number | bigint | null | ReplyError | Reply[];

export class ReplyError extends Error {}

const CRLF = Buffer.from('\r\n');

/** Parses one reply at `pos`: [reply, next] or undefined when more bytes are needed. */
function parseReply(buf: Buffer, pos: number): [Reply, number] | undefined {
  const eol = buf.indexOf(CRLF, pos);
  if (eol < 0) return undefined;
  const line = buf.toString('latin1', pos + 1, eol);
  const next = eol + 2;
  switch (buf[pos]) {
    case 0x2b: // +
      return [line, next];
    case 0x2d: // -
      return [new ReplyError(line), next];
    case 0x3a: {
      // :
      const n = BigInt(line);
      return [n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n, next];
    }
    case 0x24: {
      // $
      const len = Number(line);
      if (len < 0) return [null, next];
      if (buf.length < next + len + 2) return undefined;
      return [Buffer.from(buf.subarray(next, next + len)), next + len + 2];
    }
    case 0x2a: {
      // *
      const count = Number(line);
      if (count < 0) return [null, next];
      const items: Reply[] = [];
      let p = next;
      for (let i = 0; i < count; i++) {
        const r = parseReply(buf, p);
        if (!r) return undefined;
        items.push(r[0]);
        p = r[1];
      }
      return [items, p];
    }
    default:
      throw new Error(`unexpected RESP type byte 0x${buf[pos]!.toString(16)}`);
  }
}

export function encodeCommand(args: ReadonlyArray<Buffer | string | number>): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const a of args) {
    const b = Buffer.isBuffer(a) ? a : Buffer.from(String(a));
    parts.push(Buffer.from(`$${b.length}\r\n`), b, CRLF);
  }
  return Buffer.concat(parts);
}

export class RespClient {
  private buf: Buffer = Buffer.alloc(0);
  private readonly pending: { resolve: (r: Reply) => void; reject: (e: Error) => void }[] = [];

  static open(path: string): Promise<RespClient> {
    return new Promise((resolve, reject) => {
      const sock = connect(path);
      sock.once('connect', () => resolve(new RespClient(sock)));
      sock.once('error', reject);
    });
  }

  private constructor(private readonly sock: Socket) {
    sock.on('data', (chunk: Buffer) => {
      this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
      while (this.pending.length && this.buf.length) {
        const r = parseReply(this.buf, 0);
        if (!r) break;
        this.buf = this.buf.subarray(r[1]);
        this.pending.shift()!.resolve(r[0]);
      }
    });
    const fail = (err?: Error) => {
      for (const p of this.pending.splice(0)) p.reject(err ?? new Error('connection closed'));
    };
    sock.on('error', fail);
    sock.on('close', () => fail());
  }

  /** Sends a command; error replies resolve as ReplyError. */
  send(...args: (Buffer | string | number)[]): Promise<Reply> {
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.sock.write(encodeCommand(args));
    });
  }

  /** Sends a command and throws on an error reply. */
  async call(...args: (Buffer | string | number)[]): Promise<Reply> {
    const r = await this.send(...args);
    if (r instanceof ReplyError) throw new Error(`${args.slice(0, 2).join(' ')}: ${r.message}`);
    return r;
  }

  close(): void {
    this.sock.destroy();
  }
}

// ---------------------------------------------------------------------------
// Server lifecycle

/** What to put in the server's dir before it starts. */
export type ServerFiles =
  /** A single AOF file, loaded as appendonlydir/appendonly.aof via the manifest `file appendonly.aof seq 1 type b`. */
  | { aof: string }
  /** A directory that contains appendonlydir/ (copied whole). */
  | { aofDir: string }
  /** An RDB file, loaded as dump.rdb with appendonly no. */
  | { rdb: string }
  | Record<string, never>;

export interface RedisServer {
  /** True when the server reached "ready to accept connections" (data loaded). */
  loaded: boolean;
  /** Exit status when the server exited on its own (128+signal for a crash), else null. */
  exitCode: number | null;
  /** Everything it logged so far. */
  log(): string;
  dir: string;
  socket: string;
  pid: number;
  client(): Promise<RespClient>;
  /** Stops the server (SHUTDOWN NOSAVE, then SIGKILL of its PID) and removes its dir unless keepDir. */
  stop(opts?: { keepDir?: boolean }): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function placeFiles(dir: string, files: ServerFiles, config: Record<string, string>): Record<string, string> {
  if ('aof' in files) {
    const aofDir = join(dir, 'appendonlydir');
    mkdirSync(aofDir);
    cpSync(files.aof, join(aofDir, 'appendonly.aof'));
    writeFileSync(join(aofDir, 'appendonly.aof.manifest'), 'file appendonly.aof seq 1 type b\n');
    return { appendonly: 'yes', ...config };
  }
  if ('aofDir' in files) {
    cpSync(join(files.aofDir, 'appendonlydir'), join(dir, 'appendonlydir'), { recursive: true });
    return { appendonly: 'yes', ...config };
  }
  if ('rdb' in files) {
    cpSync(files.rdb, join(dir, 'dump.rdb'));
    return { appendonly: 'no', dbfilename: 'dump.rdb', ...config };
  }
  return config;
}

/**
 * Starts redis-server (or `binary`, another server build) in a fresh temp dir on a unix socket (no TCP)
 * and waits until it is loaded or has exited.
 */
export async function startRedis(files: ServerFiles = {}, config: Record<string, string> = {}, timeoutMs = 60_000, binary?: string): Promise<RedisServer> {
  const server = binary ?? requireRedis().server;
  const dir = mkdtempSync(join(tmpdir(), 'aof-live-'));
  const socket = join(dir, 'redis.sock');
  const merged = placeFiles(dir, files, config);
  const args = [
    '--port',
    '0',
    '--bind',
    '127.0.0.1',
    '--unixsocket',
    socket,
    '--unixsocketperm',
    '700',
    '--dir',
    dir,
    '--save',
    '',
    '--enable-debug-command',
    'local',
    '--daemonize',
    'no',
    '--logfile',
    '',
    '--appendfsync',
    'no',
  ];
  for (const [k, v] of Object.entries(merged)) args.push(`--${k}`, v);
  const child = spawn(server, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d: Buffer) => (log += d.toString('latin1')));
  child.stderr.on('data', (d: Buffer) => (log += d.toString('latin1')));
  let exit: number | null = null;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exit = code ?? 128 + (signal ? (({ SIGABRT: 6, SIGKILL: 9, SIGSEGV: 11, SIGTERM: 15 } as Record<string, number>)[signal] ?? 0) : 0);
      resolve();
    }),
  );
  const started = Date.now();
  let loaded = false;
  while (Date.now() - started < timeoutMs) {
    if (/ready to accept connections/i.test(log)) {
      loaded = true;
      break;
    }
    if (exit !== null) break;
    await sleep(20);
  }
  if (!loaded && exit === null) {
    child.kill('SIGKILL');
    await exited;
  }
  const pid = child.pid!;
  return {
    loaded,
    get exitCode() {
      return exit;
    },
    log: () => log,
    dir,
    socket,
    pid,
    client: () => RespClient.open(socket),
    async stop({ keepDir = false } = {}) {
      if (exit === null) {
        try {
          const c = await RespClient.open(socket);
          c.send('SHUTDOWN', 'NOSAVE').catch(() => undefined);
          const timer = setTimeout(() => exit === null && process.kill(pid, 'SIGKILL'), 10_000);
          await exited;
          clearTimeout(timer);
          c.close();
        } catch {
          if (exit === null) process.kill(pid, 'SIGKILL');
          await exited;
        }
      }
      if (!keepDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface LoadResult {
  loaded: boolean;
  exitCode: number | null;
  log: string;
  /** INFO keyspace as {db0: {keys, expires}} when loaded. */
  dbsize: Record<string, { keys: number; expires: number }> | null;
  /** Sizes of the files in appendonlydir after the server stopped (shows aof-load-truncated cuts). */
  sizesAfter: Record<string, number>;
}

/** Loads a single AOF file or a dir holding appendonlydir/ and reports the verdict, then stops the server. */
export async function loadAof(path: string, { truncated = false } = {}): Promise<LoadResult> {
  const files: ServerFiles = statSync(path).isDirectory() ? { aofDir: path } : { aof: path };
  const server = await startRedis(files, { 'aof-load-truncated': truncated ? 'yes' : 'no' });
  let dbsize: LoadResult['dbsize'] = null;
  if (server.loaded) {
    const c = await server.client();
    dbsize = await keyspace(c);
    c.close();
  }
  await server.stop({ keepDir: true });
  const sizesAfter: Record<string, number> = {};
  const aofDir = join(server.dir, 'appendonlydir');
  for (const name of safeReaddir(aofDir)) sizesAfter[name] = statSync(join(aofDir, name)).size;
  rmSync(server.dir, { recursive: true, force: true });
  return { loaded: server.loaded, exitCode: server.exitCode, log: server.log(), dbsize, sizesAfter };
}

function safeReaddir(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}

export async function keyspace(c: RespClient): Promise<Record<string, { keys: number; expires: number }>> {
  const info = String(await c.call('INFO', 'keyspace'));
  const out: Record<string, { keys: number; expires: number }> = {};
  for (const m of info.matchAll(/^(db\d+):keys=(\d+),expires=(\d+)/gm)) out[m[1]!] = { keys: Number(m[2]), expires: Number(m[3]) };
  return out;
}

// ---------------------------------------------------------------------------
// Comparable dataset dump

export interface KeyDump {
  db: number;
  /** Key name, base64. */
  key: string;
  type: string;
  /** DEBUG DIGEST-VALUE: a hash of the value independent of encoding. */
  digest: string;
  pexpiretime: number;
  /** Streams only: XINFO STREAM key FULL without time-of-observation fields and radix-tree internals. */
  stream?: unknown;
}

export interface DatasetDump {
  keys: KeyDump[];
  /** FUNCTION LIST WITHCODE, normalised to plain data. */
  functions: unknown;
}

/** Fields that depend on when or how the data was built, not on what it is. */
const UNSTABLE_STREAM_FIELDS = new Set(['seen-time', 'active-time', 'radix-tree-keys', 'radix-tree-nodes']);

/** RESP2 reply → JSON-friendly data: Buffers become latin1 text, big integers strings. */
function plain(r: Reply): unknown {
  if (Buffer.isBuffer(r)) return r.toString('latin1');
  if (typeof r === 'bigint') return r.toString();
  if (r instanceof ReplyError) return { error: r.message };
  return Array.isArray(r) ? r.map(plain) : r;
}

/** A flat [label, value, ...] reply as an object, values converted by `convert(label, value)`; unstable labels dropped. */
function labelled(r: Reply, convert: (label: string, value: Reply) => unknown = (_, v) => plain(v)): Record<string, unknown> {
  const items = r as Reply[];
  const o: Record<string, unknown> = {};
  for (let i = 0; i + 1 < items.length; i += 2) {
    const label = String(plain(items[i]!));
    if (!UNSTABLE_STREAM_FIELDS.has(label)) o[label] = convert(label, items[i + 1]!);
  }
  return o;
}

/** XINFO STREAM key FULL: entries as [id, [field, value...]], groups and consumers as objects. */
function normaliseStream(r: Reply): unknown {
  return labelled(r, (label, v) => {
    if (label === 'groups') {
      return (v as Reply[]).map((g) => labelled(g, (gl, gv) => (gl === 'consumers' ? (gv as Reply[]).map((c) => labelled(c)) : plain(gv))));
    }
    return plain(v);
  });
}

/** FUNCTION LIST WITHCODE sorted by library and function name (Redis lists them in dict order). */
function normaliseFunctions(r: Reply): unknown {
  const byName = (a: Record<string, unknown>, b: Record<string, unknown>, key: string) => String(a[key]).localeCompare(String(b[key]));
  return (r as Reply[])
    .map((lib) => labelled(lib, (label, v) => (label === 'functions' ? (v as Reply[]).map((f) => labelled(f)).sort((a, b) => byName(a, b, 'name')) : plain(v))))
    .sort((a, b) => byName(a, b, 'library_name'));
}

/** Dumps every key of every DB in a form two servers holding the same data agree on. */
export async function dumpDataset(c: RespClient): Promise<DatasetDump> {
  const dbs = Object.keys(await keyspace(c))
    .map((d) => Number(d.slice(2)))
    .sort((a, b) => a - b);
  const keys: KeyDump[] = [];
  for (const db of dbs) {
    await c.call('SELECT', db);
    const names = ((await c.call('KEYS', '*')) as Buffer[]).sort(Buffer.compare);
    for (const key of names) {
      const type = String(await c.call('TYPE', key));
      const digest = ((await c.call('DEBUG', 'DIGEST-VALUE', key)) as Buffer[])[0]!.toString('latin1');
      const pexpiretime = Number(await c.call('PEXPIRETIME', key));
      const entry: KeyDump = { db, key: key.toString('base64'), type, digest, pexpiretime };
      if (type === 'stream') entry.stream = normaliseStream(await c.call('XINFO', 'STREAM', key, 'FULL'));
      keys.push(entry);
    }
  }
  await c.call('SELECT', 0);
  return { keys, functions: normaliseFunctions(await c.call('FUNCTION', 'LIST', 'WITHCODE')) };
}

// ---------------------------------------------------------------------------
// redis-check-aof

export interface CheckAofResult {
  exit: number;
  stdout: string;
  okUpTo: number | null;
  okUpToLine: number | null;
}

/**
 * Runs redis-check-aof (no --fix) on a copy, because it opens files r+. A file is checked under its own
 * base name; a dir holding appendonlydir/ is checked through appendonlydir/appendonly.aof.manifest.
 */
export function runCheckAof(path: string): CheckAofResult {
  const bins = requireRedis();
  const dir = mkdtempSync(join(tmpdir(), 'aof-live-check-'));
  try {
    let arg: string;
    if (statSync(path).isDirectory()) {
      cpSync(join(path, 'appendonlydir'), join(dir, 'appendonlydir'), { recursive: true });
      arg = 'appendonlydir/appendonly.aof.manifest';
    } else {
      arg = basename(path);
      cpSync(path, join(dir, arg));
    }
    const r = spawnSync(bins.checkAof.file, [arg], {
      cwd: dir,
      input: '',
      timeout: 120_000,
      maxBuffer: 64 * 1024 * 1024,
      ...(bins.checkAof.argv0 ? { argv0: bins.checkAof.argv0 } : {}),
    });
    const stdout = r.stdout.toString('latin1');
    const summary = [...stdout.matchAll(/ok_up_to=(\d+),? ok_up_to_line=(\d+)/g)].at(-1);
    const exit = r.status ?? 128 + (r.signal === 'SIGSEGV' ? 11 : r.signal === 'SIGABRT' ? 6 : 0);
    return { exit, stdout, okUpTo: summary ? Number(summary[1]) : null, okUpToLine: summary ? Number(summary[2]) : null };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
