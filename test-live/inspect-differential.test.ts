// inspect and cat against the real thing: multi-part AOFs a live redis-server wrote, counted by a separate parser.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyPositions } from '../src/aof/command-keys.js';
import { matchKeyPattern } from '../src/aof/glob.js';
import { catAof } from '../src/ops/cat/cat.js';
import { checkAof } from '../src/ops/check.js';
import { inspectAof } from '../src/ops/inspect/inspect.js';
import { encodeCommand } from '../src/resp/index.js';
import { REDIS_MISSING, ReplyError, dumpDataset, runCheckAof, startRedis, type RespClient, type Reply } from './redis-server.js';
import { random, workload } from './workload.js';

const work = mkdtempSync(join(tmpdir(), 'aof-inspect-diff-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// ---------------------------------------------------------------------------
// A deliberately simple reference reader: split RESP files into frames, nothing else.

interface RefFrame {
  file: string;
  offset: number;
  size: number;
  args: Buffer[];
}

interface RefFile {
  name: string;
  frames: RefFrame[];
  annotations: number;
}

/** Reads a RESP file the plain way: `#…\n` lines and `*N` arrays of `$len` bulks, trusting the server's bytes. */
function splitFrames(name: string, bytes: Buffer): RefFile {
  const frames: RefFrame[] = [];
  let annotations = 0;
  let pos = 0;
  const line = (): string => {
    const nl = bytes.indexOf(0x0a, pos);
    const text = bytes.toString('latin1', pos, nl - 1);
    pos = nl + 1;
    return text;
  };
  while (pos < bytes.length) {
    const start = pos;
    const head = line();
    if (head.startsWith('#')) {
      annotations++;
      continue;
    }
    if (!head.startsWith('*')) throw new Error(`${name}: no frame at ${start}`);
    const args: Buffer[] = [];
    for (let n = Number(head.slice(1)); n > 0; n--) {
      const len = Number(line().slice(1));
      args.push(bytes.subarray(pos, pos + len));
      pos += len + 2;
    }
    frames.push({ file: name, offset: start, size: pos - start, args });
  }
  return { name, frames, annotations };
}

// ---------------------------------------------------------------------------
// What the server writes: every data type, several databases, transactions, scripts, a rewrite midway.

const LIBRARY = [
  '#!lua name=difflib',
  "redis.register_function('fset', function(keys, args) return redis.call('SET', keys[1], args[1]) end)",
  "redis.register_function('fpush', function(keys, args) redis.call('RPUSH', keys[1], args[1]); return redis.call('RPUSH', keys[2], args[1]) end)",
].join('\n');

/** Writes beyond the shared workload: multi-key commands, scripts, stream groups, geo, bitmaps, danger. */
async function extras(c: RespClient, rnd: () => number, n: number): Promise<void> {
  const pick = (k: number) => Math.floor(rnd() * k);
  for (let i = 0; i < n; i++) {
    const a = pick(10);
    const b = pick(10);
    switch (pick(26)) {
      case 0: await c.send('MSET', `k:${a}`, `m${i}`, `k:${b}`, `n${i}`); break;
      case 1: await c.send('MSETNX', `k:${a}x`, `${i}`, `k:${b}y`, `${i}`); break;
      case 2: await c.send('ZUNIONSTORE', `z:${a}`, 2, `z:${b}`, `z:${pick(10)}`, 'WEIGHTS', 1, 2); break;
      case 3: await c.send('ZINTERSTORE', `z:${a}`, 2, `z:${b}`, `z:${pick(10)}`); break;
      case 4: await c.send('SUNIONSTORE', `s:${a}`, `s:${b}`, `s:${pick(10)}`); break;
      case 5: await c.send('SMOVE', `s:${a}`, `s:${b}`, `${pick(1000)}`); break;
      case 6: await c.send('RENAME', `h:${a}`, `h:${b}`); break;
      case 7: await c.send('COPY', `l:${a}`, `l:${b}`, 'REPLACE'); break;
      case 8: await c.send('EVAL', "redis.call('SET', KEYS[1], ARGV[1]); return redis.call('INCR', KEYS[2])", 2, `k:${a}`, `n:${b}`, `ev${i}`); break;
      case 9: await c.send('FCALL', 'fset', 1, `k:${a}`, `fc${i}`); break;
      case 10: await c.send('FCALL', 'fpush', 2, `l:${a}`, `l:${b}`, `fp${i}`); break;
      case 11: await c.send('LMPOP', 2, `l:${a}`, `l:${b}`, 'RIGHT', 'COUNT', 2); break;
      case 12: await c.send('ZMPOP', 1, `z:${a}`, 'MAX'); break;
      case 13: await c.send('SETBIT', `bm:${a % 3}`, pick(200), 1); break;
      case 14: await c.send('BITOP', 'OR', `bm:${a % 3}`, `bm:${b % 3}`, `bm:${pick(3)}`); break;
      case 15: await c.send('PFMERGE', `hll:${a % 3}`, `hll:${b % 3}`); break;
      case 16: await c.send('GEOADD', `g:${a % 2}`, (pick(3600) / 10 - 180).toFixed(4), (pick(1700) / 10 - 85).toFixed(4), `p${pick(30)}`); break;
      case 17: await c.send('GEORADIUS', `g:${a % 2}`, 0, 0, 20000, 'km', 'STORE', `g:${b % 2}`); break;
      case 18: await c.send('SORT', `s:${a}`, 'ALPHA', 'LIMIT', 0, 5, 'STORE', `s:sorted${b}`); break;
      case 19: {
        await c.send('XGROUP', 'CREATE', `x:${a % 3}`, 'grp', '0', 'MKSTREAM');
        await c.send('XREADGROUP', 'GROUP', 'grp', `c${b % 2}`, 'COUNT', 2, 'STREAMS', `x:${a % 3}`, '>');
        break;
      }
      case 20: await c.send('XAUTOCLAIM', `x:${a % 3}`, 'grp', 'c9', 0, '0-0', 'COUNT', 1); break;
      case 21: await c.send('SETEX', `k:${a}`, 3000 + pick(100), `sx${i}`); break;
      case 22: await c.send('HDEL', `h:${a}`, `f${pick(20)}`, `f${pick(20)}`); break;
      case 23: await c.send('UNLINK', `k:${a}`, `k:${b}`, `k:${pick(10)}`); break;
      case 24: await c.send('GETDEL', `k:${a}`); break;
      default: await c.send('APPEND', `k:${a}`, `ap${i}`); break;
    }
  }
}

/** Keyspace-wide writes, kept out of the databases the shared workload uses so sub-logs stay comparable. */
async function danger(c: RespClient): Promise<void> {
  await c.call('SELECT', 5);
  await c.call('SET', 'tmp:1', 'a');
  await c.call('SWAPDB', 5, 6);
  await c.call('SELECT', 7);
  await c.call('MSET', 'tmp:2', 'b', 'tmp:3', 'c');
  await c.call('FLUSHDB');
  await c.call('SELECT', 0);
}

async function waitRewrite(c: RespClient): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const info = String(await c.call('INFO', 'persistence'));
    if (info.includes('aof_rewrite_in_progress:0') && !info.includes('aof_rewrite_scheduled:1')) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('BGREWRITEAOF did not finish');
}

interface Written {
  /** A dir holding appendonlydir/. */
  dir: string;
  /** Keys per db and type when the rewrite forked: what the base holds. */
  base: Record<string, Record<string, number>>;
  baseExpires: number;
}

async function typesNow(c: RespClient): Promise<{ base: Written['base']; expires: number }> {
  const base: Written['base'] = {};
  let expires = 0;
  for (let db = 0; db < 16; db++) {
    await c.call('SELECT', db);
    for (const key of (await c.call('KEYS', '*')) as Buffer[]) {
      const type = String(await c.call('TYPE', key));
      const perDb = (base[String(db)] ??= {});
      perDb[type] = (perDb[type] ?? 0) + 1;
      if (Number(await c.call('PTTL', key)) >= 0) expires++;
    }
  }
  await c.call('SELECT', 0);
  return { base, expires };
}

async function writeAof(preamble: boolean, seed: number): Promise<Written> {
  const server = await startRedis({}, { appendonly: 'yes', 'aof-use-rdb-preamble': preamble ? 'yes' : 'no', 'aof-timestamp-enabled': 'yes' });
  const c = await server.client();
  const rnd = random(seed);
  await c.call('FUNCTION', 'LOAD', LIBRARY);
  await workload(c, rnd, 250, true);
  await extras(c, rnd, 150);
  await c.call('SELECT', 0);
  // The rewrite forks now; nothing is written until it is done, so the base holds exactly this.
  const { base, expires } = await typesNow(c);
  await c.call('BGREWRITEAOF');
  await waitRewrite(c);
  await workload(c, rnd, 250, true);
  await extras(c, rnd, 150);
  await danger(c);
  await c.call('MULTI');
  await c.call('SELECT', 2);
  await c.call('SET', 'k:tx2', 'in-db-2');
  await c.call('DEL', 'k:1', 'k:2', 'k:3', 'k:4');
  await c.call('EXEC');
  c.close();
  await server.stop({ keepDir: true });
  const dir = join(work, `server-${preamble ? 'preamble' : 'resp'}`);
  cpSync(join(server.dir, 'appendonlydir'), join(dir, 'appendonlydir'), { recursive: true });
  rmSync(server.dir, { recursive: true, force: true });
  return { dir, base, baseExpires: expires };
}

// ---------------------------------------------------------------------------
// Reference figures from the simple reader, with keys as the server names them.

const argKey = (b: Buffer) => b.toString('latin1');

/** COMMAND GETKEYS for an argv: the keys as the server finds them, [] for a command with none. */
async function serverKeys(c: RespClient, args: readonly Buffer[]): Promise<string[]> {
  // 7.0's COMMAND GETKEYS wants an argument after the name; a command without any has no keys either.
  if (args.length === 1) return [];
  const r: Reply = await c.send('COMMAND', 'GETKEYS', ...args);
  if (r instanceof ReplyError) {
    if (/no key arguments|Invalid arguments/i.test(r.message)) return [];
    throw new Error(`COMMAND GETKEYS ${args.map(argKey).join(' ').slice(0, 100)}: ${r.message}`);
  }
  return (r as Buffer[]).map(argKey);
}

function ourKeys(args: readonly Buffer[]): string[] {
  const name = args[0]!.toString('latin1').toLowerCase();
  return keyPositions(name, args, args.length).map((i) => argKey(args[i]!));
}

interface Reference {
  commands: number;
  bytes: number;
  selects: number;
  transactions: number;
  annotations: number;
  perCommand: Record<string, { count: number; bytes: number }>;
  perDb: Record<string, { commands: number; keys: number }>;
  files: Record<string, { commands: number; annotations: number; transactions: number }>;
}

async function reference(c: RespClient, files: RefFile[]): Promise<Reference> {
  const ref: Reference = { commands: 0, bytes: 0, selects: 0, transactions: 0, annotations: 0, perCommand: {}, perDb: {}, files: {} };
  const keysPerDb = new Map<number, Set<string>>();
  for (const file of files) {
    let db = 0;
    let inMulti = false;
    let transactions = 0;
    ref.annotations += file.annotations;
    for (const f of file.frames) {
      const name = argKey(f.args[0]!).toUpperCase();
      ref.commands++;
      ref.bytes += f.size;
      const pc = (ref.perCommand[name] ??= { count: 0, bytes: 0 });
      pc.count++;
      pc.bytes += f.size;
      if (name === 'SELECT') {
        ref.selects++;
        db = Number(argKey(f.args[1]!));
      } else if (name === 'MULTI') inMulti = true;
      else if (name === 'EXEC' && inMulti) {
        inMulti = false;
        transactions++;
      }
      (ref.perDb[String(db)] ??= { commands: 0, keys: 0 }).commands++;
      const keys = keysPerDb.get(db) ?? new Set<string>();
      keysPerDb.set(db, keys);
      for (const k of await serverKeys(c, f.args)) keys.add(k);
    }
    ref.transactions += transactions;
    ref.files[file.name] = { commands: file.frames.length, annotations: file.annotations, transactions };
  }
  for (const [db, keys] of keysPerDb) ref.perDb[String(db)]!.keys = keys.size;
  return ref;
}

function respFiles(dir: string): RefFile[] {
  const aofDir = join(dir, 'appendonlydir');
  const manifest = readFileSync(join(aofDir, 'appendonly.aof.manifest'), 'latin1');
  const names = [...manifest.matchAll(/^file (\S+) seq (\d+) type ([bi])$/gm)]
    .sort((x, y) => (x[3] === y[3] ? Number(x[2]) - Number(y[2]) : x[3] === 'b' ? -1 : 1))
    .map((m) => m[1]!);
  return names.filter((n) => n.endsWith('.aof')).map((n) => splitFrames(n, readFileSync(join(aofDir, n))));
}

// ---------------------------------------------------------------------------

if (REDIS_MISSING) console.warn(`live suite skipped: ${REDIS_MISSING}`);

describe.skipIf(!!REDIS_MISSING)('inspect and cat agree with redis-server on files it wrote', () => {
  let plain: Written;
  let preamble: Written;
  let tool: Awaited<ReturnType<typeof startRedis>>;
  let c: RespClient;

  beforeAll(async () => {
    [plain, preamble] = await Promise.all([writeAof(false, 11), writeAof(true, 12)]);
    if (process.env.AOF_KEEP_LIVE) {
      for (const w of [plain, preamble]) cpSync(w.dir, join(process.env.AOF_KEEP_LIVE, w.dir.split('/').at(-1)!), { recursive: true });
    }
    // A server with no persistence, for COMMAND GETKEYS and KEYS.
    tool = await startRedis({}, { appendonly: 'no' });
    c = await tool.client();
  });
  afterAll(async () => {
    c?.close();
    await tool?.stop();
  });

  for (const variant of ['plain', 'preamble'] as const) {
    it(`counts ${variant === 'plain' ? 'a RESP base' : 'an RDB base'} and its incr files as the simple reader does`, async () => {
      const w = variant === 'plain' ? plain : preamble;
      const files = respFiles(w.dir);
      // The rewrite leaves a base and a new incr; without a preamble the base is RESP too.
      expect(files.length).toBe(variant === 'plain' ? 2 : 1);
      const ref = await reference(c, files);
      const report = await inspectAof(w.dir);
      expect(report.damaged).toBe(false);
      expect(report.kind).toBe('multi-part');
      expect(report.totals).toMatchObject({
        commands: ref.commands,
        bytes: ref.bytes,
        selects: ref.selects,
        transactions: ref.transactions,
        annotations: ref.annotations,
        databases: Object.keys(ref.perDb).length,
      });
      expect(report.commands).toEqual(ref.perCommand);
      const perDb = Object.fromEntries(Object.entries(report.databases).map(([db, d]) => [db, { commands: d.commands, keys: d.keys }]));
      expect(perDb).toEqual(ref.perDb);
      for (const f of report.files.filter((x) => x.format !== 'rdb')) expect(f, f.name).toMatchObject(ref.files[f.name]!);
      // The check, redis-check-aof and the reference agree on where the file ends.
      expect((await checkAof(w.dir)).valid).toBe(true);
      expect(runCheckAof(w.dir).exit).toBe(0);
      // The FLUSHDB and SWAPDB the test sent, with the database they ran in.
      expect(report.dangerous.commands.map((d) => [d.command, d.db])).toEqual([['SWAPDB', 5], ['FLUSHDB', 7]]);
      if (variant === 'preamble') {
        const base = report.files.find((f) => f.role === 'base')!;
        expect(base.format).toBe('rdb');
        expect(base.rdb!.keys).toEqual(w.base);
        expect(base.rdb!.keysWithExpiry).toBe(w.baseExpires);
        expect(base.rdb!.aux['redis-ver']).toBe('7.0.15');
      }
    });
  }

  it('inspects a damaged incr file up to the damage: cut anywhere, or garbage at a frame boundary', async () => {
    const files = respFiles(plain.dir);
    const [base, incr] = files as [RefFile, RefFile];
    const bytes = readFileSync(join(plain.dir, 'appendonlydir', incr.name));
    const rnd = random(31);
    for (let i = 0; i < 6; i++) {
      const cut = i % 2 === 0;
      const frame = incr.frames[1 + Math.floor(rnd() * (incr.frames.length - 1))]!;
      const p = cut ? frame.offset + Math.floor(rnd() * frame.size) : frame.offset;
      const dir = join(work, 'damaged');
      rmSync(dir, { recursive: true, force: true });
      cpSync(plain.dir, dir, { recursive: true });
      const spoiled = cut ? bytes.subarray(0, p) : Buffer.concat([bytes.subarray(0, p), Buffer.from('garbage\r\n'), bytes.subarray(p)]);
      writeFileSync(join(dir, 'appendonlydir', incr.name), spoiled);
      const report = await inspectAof(dir);
      const before = incr.frames.filter((f) => f.offset + f.size <= p);
      const damaged = report.files.find((f) => f.name === incr.name)!;
      const what = `${cut ? 'cut' : 'garbage'} at ${p}`;
      expect(report.damaged, what).toBe(true);
      expect(damaged.commands, what).toBe(before.length);
      expect(report.totals.commands, what).toBe(base.frames.length + before.length);
      expect(report.totals.bytes, what).toBe([...base.frames, ...before].reduce((n, f) => n + f.size, 0));
      // It stops where the damage is: at the garbage, or within the cut frame, no later than the cut.
      const stop = damaged.stoppedAt!.offset!;
      if (cut) expect([stop >= frame.offset, stop <= p], what).toEqual([true, true]);
      else expect(stop, what).toBe(p);
      const theirs = runCheckAof(dir);
      expect(theirs.exit, what).not.toBe(0);
      expect(theirs.okUpTo!, what).toBeLessThanOrEqual(p);
    }
  });

  it('finds the keys COMMAND GETKEYS finds, for every command in the files and for tricky key specs', async () => {
    const seen = new Map<string, Buffer[]>();
    for (const w of [plain, preamble]) for (const f of respFiles(w.dir)) for (const fr of f.frames) seen.set(fr.args.map(argKey).join(' '), fr.args);
    const tricky: string[][] = [
      ['ZUNIONSTORE', 'd', '2', 'a', 'b', 'WEIGHTS', '1', '2'],
      ['ZINTERSTORE', 'd', '3', 'a', 'b', 'c', 'AGGREGATE', 'MAX'],
      ['ZDIFFSTORE', 'd', '1', 'a'],
      ['LMPOP', '2', 'a', 'b', 'LEFT', 'COUNT', '3'],
      ['ZMPOP', '3', 'a', 'b', 'c', 'MIN'],
      ['BLMPOP', '0', '2', 'a', 'b', 'RIGHT'],
      ['BZMPOP', '1.5', '1', 'a', 'MAX', 'COUNT', '2'],
      ['XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', '1', 'BLOCK', '0', 'NOACK', 'STREAMS', 'a', 'b', '>', '>'],
      ['XREAD', 'COUNT', '2', 'STREAMS', 'streams', 'a', '0', '0'],
      ['XCLAIM', 'a', 'g', 'c', '0', '1-1', '2-2', 'FORCE', 'JUSTID'],
      ['XAUTOCLAIM', 'a', 'g', 'c', '0', '0-0'],
      ['MIGRATE', 'h', '1', 'a', '0', '100'],
      ['MIGRATE', 'h', '1', '', '0', '100', 'COPY', 'AUTH', 'pw', 'KEYS', 'a', 'b'],
      ['MIGRATE', 'h', '1', '', '0', '100', 'AUTH2', 'user', 'pw', 'KEYS', 'a'],
      ['SORT', 'a', 'BY', 'w_*', 'GET', '#', 'GET', 'o_*', 'LIMIT', '0', '5', 'STORE', 'd'],
      ['SORT', 'a', 'STORE', 'd', 'ALPHA'],
      ['SORT_RO', 'a', 'ALPHA'],
      ['GEORADIUS', 'a', '0', '0', '10', 'km', 'STORE', 'd'],
      ['GEORADIUS', 'a', '0', '0', '10', 'km', 'WITHDIST', 'STOREDIST', 'd'],
      ['GEORADIUSBYMEMBER', 'a', 'm', '10', 'km', 'COUNT', '3', 'STORE', 'd'],
      ['GEOSEARCHSTORE', 'd', 'a', 'FROMMEMBER', 'm', 'BYRADIUS', '1', 'km'],
      ['EVAL', 'return 1', '2', 'a', 'b', 'x'],
      ['EVAL', 'return 1', '0', 'x'],
      ['EVALSHA', 'e0e1f9fabfc9d4800c877a703b823ac0578ff8db', '1', 'a'],
      ['EVAL_RO', 'return 1', '1', 'a'],
      ['FCALL', 'f', '2', 'a', 'b', 'x'],
      ['FCALL_RO', 'f', '1', 'a'],
      ['OBJECT', 'ENCODING', 'a'],
      ['OBJECT', 'FREQ', 'a'],
      ['MEMORY', 'USAGE', 'a', 'SAMPLES', '5'],
      ['BITOP', 'AND', 'd', 'a', 'b', 'c'],
      ['BITOP', 'NOT', 'd', 'a'],
      ['MSETNX', 'a', '1', 'b', '2'],
      ['MSET', 'a', '1', 'b', '2', 'c', '3'],
      ['COPY', 'a', 'b', 'DB', '3', 'REPLACE'],
      ['LMOVE', 'a', 'b', 'LEFT', 'RIGHT'],
      ['BLMOVE', 'a', 'b', 'LEFT', 'RIGHT', '0'],
      ['RPOPLPUSH', 'a', 'b'],
      ['SMOVE', 'a', 'b', 'm'],
      ['RENAME', 'a', 'b'],
      ['RENAMENX', 'a', 'b'],
      ['PFMERGE', 'd', 'a', 'b'],
      ['PFCOUNT', 'a', 'b'],
      ['SINTERCARD', '2', 'a', 'b', 'LIMIT', '3'],
      ['ZINTERCARD', '2', 'a', 'b'],
      ['ZUNION', '2', 'a', 'b', 'WITHSCORES'],
      ['ZDIFF', '2', 'a', 'b'],
      ['ZRANGESTORE', 'd', 'a', '0', '-1'],
      ['SINTERSTORE', 'd', 'a', 'b'],
      ['SDIFFSTORE', 'd', 'a', 'b', 'c'],
      ['DEL', 'a', 'b', 'c'],
      ['UNLINK', 'a'],
      ['EXISTS', 'a', 'b'],
      ['TOUCH', 'a', 'b'],
      ['WATCH', 'a', 'b'],
      ['BLPOP', 'a', 'b', '0'],
      ['BZPOPMIN', 'a', 'b', '0'],
      ['MGET', 'a', 'b'],
      ['SUNION', 'a', 'b'],
      ['XADD', 'a', 'MAXLEN', '~', '10', '*', 'f', 'v'],
      ['XGROUP', 'CREATE', 'a', 'g', '$', 'MKSTREAM'],
      ['XGROUP', 'CREATECONSUMER', 'a', 'g', 'c'],
      ['XINFO', 'STREAM', 'a', 'FULL'],
      ['XSETID', 'a', '5-0'],
      ['SETRANGE', 'a', '0', 'x'],
      ['RESTORE', 'a', '0', 'payload', 'REPLACE'],
      ['PEXPIREAT', 'a', '1'],
      ['GETEX', 'a', 'PERSIST'],
      ['LCS', 'a', 'b'],
      ['SPUBLISH', 'ch', 'msg'],
      ['SSUBSCRIBE', 'ch', 'ch2'],
      ['SUNSUBSCRIBE', 'ch'],
      ['HSET', 'a', 'f', 'v', 'g', 'w'],
      ['SET', 'a', 'v', 'GET', 'KEEPTTL'],
      ['MOVE', 'a', '2'],
      ['SWAPDB', '0', '1'],
      ['FLUSHALL', 'ASYNC'],
      ['PUBLISH', 'ch', 'msg'],
      ['FUNCTION', 'DELETE', 'lib'],
      ['SCRIPT', 'FLUSH'],
      ['MULTI'],
      ['EXEC'],
      ['SELECT', '3'],
    ];
    for (const t of tricky) seen.set(t.join(' '), t.map((a) => Buffer.from(a)));
    const differences: string[] = [];
    const names = new Set<string>();
    for (const [text, args] of seen) {
      names.add(argKey(args[0]!).toUpperCase());
      const theirs = await serverKeys(c, args);
      const ours = ourKeys(args);
      if (JSON.stringify(ours) !== JSON.stringify(theirs)) differences.push(`${text.slice(0, 120)}: ours ${JSON.stringify(ours)}, server ${JSON.stringify(theirs)}`);
    }
    expect(differences).toEqual([]);
    expect(names.size).toBeGreaterThan(60);
  });

  it('matches Redis globs as KEYS does, on random patterns over a keyspace it filled', async () => {
    const rnd = random(21);
    const alphabet = ['a', 'b', 'c', 'A', '-', '^', ']', '[', '\\', '*', '?', 'z', '\x7f', '\xe9', '0'];
    const word = (max: number) => Array.from({ length: Math.floor(rnd() * max) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
    const keys = new Set<string>(['', 'a', 'abc', '\\', '[', ']', '-']);
    while (keys.size < 400) keys.add(word(6));
    await c.call('SELECT', 9);
    await c.call('FLUSHDB');
    for (const k of keys) await c.call('SET', Buffer.from(k, 'latin1'), '1');
    const pieces = ['*', '?', '[', ']', '^', '\\', '-', 'a', 'b', 'c', 'A', 'z', '[a-c]', '[^a]', '[c-a]', '[\\]]', '[a-', '[^', '\\*', '\\[', '[[]', '[]]', '[a\\-z]', '[\xe9-\x7f]', '[-a]', '[a-]'];
    const keyList = [...keys].map((k) => Buffer.from(k, 'latin1'));
    const differences: string[] = [];
    for (let i = 0; i < 500; i++) {
      const pattern = Buffer.from(Array.from({ length: 1 + Math.floor(rnd() * 5) }, () => pieces[Math.floor(rnd() * pieces.length)]).join(''), 'latin1');
      const theirs = ((await c.call('KEYS', pattern)) as Buffer[]).map(argKey).sort();
      const ours = keyList.filter((k) => matchKeyPattern(pattern, k)).map(argKey).sort();
      if (JSON.stringify(ours) !== JSON.stringify(theirs)) differences.push(`${JSON.stringify(argKey(pattern))}: ours ${ours.length}, server ${theirs.length}`);
    }
    await c.call('FLUSHDB');
    await c.call('SELECT', 0);
    expect(differences).toEqual([]);
  });

  for (const variant of ['plain', 'preamble'] as const) {
    it(`writes sub-logs of ${variant === 'plain' ? 'a RESP base' : 'an RDB base'} (cat --format resp --key) that load into the matching keys of the full load`, async () => {
      const w = variant === 'plain' ? plain : preamble;
      const full = await startRedis({ aofDir: w.dir });
      expect(full.loaded).toBe(true);
      const fc = await full.client();
      const everything = (await dumpDataset(fc)).keys;
      fc.close();
      await full.stop();
      // Families whose writes only ever read keys of the same family (see `extras`), and the whole keyspace.
      // A multi-key command (MSET k:1 … k:7 …) also writes keys outside the pattern: only matching keys compare.
      const patterns = ['k:1*', 'l:*', 'z:?', 'h:*', 's:*', 'x:*', '[bg]*:*', 'tmp:*', '*'];
      for (const pattern of patterns) {
        const glob = Buffer.from(pattern);
        const parts: Buffer[] = [];
        const result = await catAof(w.dir, { keys: [glob], log: true }, {
          command: (cmd) => parts.push(encodeCommand(cmd.args)),
          timestamp: (ts) => parts.push(Buffer.from(`#TS:${ts}\r\n`)),
        });
        expect(result.stopped).toEqual([]);
        expect(result.unconverted).toEqual([]);
        const path = join(work, 'sub.aof');
        writeFileSync(path, Buffer.concat(parts));
        expect((await checkAof(path)).valid, pattern).toBe(true);
        expect(runCheckAof(path).exit, pattern).toBe(0);
        const sub = await startRedis({ aof: path });
        expect(sub.loaded, pattern).toBe(true);
        const sc = await sub.client();
        const got = (await dumpDataset(sc)).keys.filter((k) => matchKeyPattern(glob, Buffer.from(k.key, 'base64')));
        sc.close();
        await sub.stop();
        const want = everything.filter((k) => matchKeyPattern(glob, Buffer.from(k.key, 'base64')));
        if (pattern !== 'tmp:*') expect(want.length, pattern).toBeGreaterThan(0);
        expect(got, pattern).toEqual(want);
      }
    });
  }
});
