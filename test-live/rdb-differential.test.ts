// The RDB reader against RDB files a live redis-server 7.0 wrote in every encoding: check, rewrite and spoiled copies vs redis-check-rdb.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAof } from '../src/ops/check.js';
import { rewriteAof } from '../src/ops/rewrite/rewrite.js';
import { bufferSource, readRdb } from '../src/rdb/index.js';
import type { RdbSummary } from '../src/rdb/types.js';
import { REDIS, REDIS_MISSING, type RespClient, dumpDataset, startRedis } from './redis-server.js';
import { REFUSAL_CASES } from '../test/rdb/helpers/refusal-cases.js';
import { keyRecord, len, rdbFile, str, u8 } from '../test/rdb/helpers/rdb-builder.js';
import { random } from './workload.js';

const work = mkdtempSync(join(tmpdir(), 'aof-rdb-diff-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

type Rnd = () => number;

/** Integers at every boundary of the int8/16/32/64 string encodings and the listpack/intset widths. */
const INTEGERS = [
  0, 1, -1, 12, 13, 63, 64, 127, -128, 128, -129, 4095, -4096, 4096, 32767, -32768, 32768, -32769, 8388607, -8388608, 8388608,
  2147483647, -2147483648, 2147483648, -2147483649, 2 ** 53, -(2 ** 53),
].map(String).concat(['9223372036854775807', '-9223372036854775808']);

/** Strings that look numeric but are not stored as integers (leading zeros, signs, spaces, overflow). */
const NEAR_INTEGERS = ['007', '-0', '+1', ' 1', '1 ', '1e3', '9223372036854775808', '-9223372036854775809', '0x10', '3.14', ''];

async function config(c: RespClient, settings: Record<string, string | number>): Promise<void> {
  for (const [k, v] of Object.entries(settings)) await c.call('CONFIG', 'SET', k, String(v));
}

/** One key of each kind under thresholds `tag`, so every container Redis 7.0 has is written. */
async function collections(c: RespClient, rnd: Rnd, tag: string): Promise<void> {
  const pick = (k: number) => Math.floor(rnd() * k);
  const text = (n: number) => Array.from({ length: n }, () => String.fromCharCode(97 + pick(26))).join('');
  // Lists: compressible elements (quicklist nodes get LZF-compressed inside the compress depth), integers, big ones.
  for (let l = 0; l < 3; l++) {
    const items: string[] = [];
    const n = 5 + pick(300);
    for (let i = 0; i < n; i++) items.push(i % 3 === 0 ? INTEGERS[pick(INTEGERS.length)]! : `${'item-'.repeat(1 + pick(30))}${i}`);
    await c.call('RPUSH', `${tag}:list:${l}`, ...items);
  }
  await c.call('RPUSH', `${tag}:list:one`, 'x');
  // Sets: intsets of each width, negative members, then ones that outgrow the intset or hold text.
  await c.call('SADD', `${tag}:set:i16`, '1', '-2', '300', '-32768', '32767');
  await c.call('SADD', `${tag}:set:i32`, '1', '-2147483648', '2147483647', '70000');
  await c.call('SADD', `${tag}:set:i64`, '1', '-9223372036854775808', '9223372036854775807', '-5000000000');
  await c.call('SADD', `${tag}:set:ints`, ...Array.from({ length: 40 + pick(100) }, (_, i) => String(i * 37 - 500)));
  await c.call('SADD', `${tag}:set:text`, ...NEAR_INTEGERS.filter((s) => s !== ''), ...Array.from({ length: 20 }, (_, i) => `m${i}${text(pick(20))}`));
  // Hashes: small ones (listpack when the thresholds allow), long values, many fields.
  await c.call('HSET', `${tag}:hash:small`, 'a', '1', 'b', '-9223372036854775808', 'c', 'text', '', 'empty');
  await c.call('HSET', `${tag}:hash:long`, 'f', text(200), 'g', 'x'.repeat(5000));
  const fields: string[] = [];
  for (let i = 0; i < 50 + pick(200); i++) fields.push(`field:${i}`, i % 2 ? INTEGERS[pick(INTEGERS.length)]! : text(pick(30)));
  await c.call('HSET', `${tag}:hash:many`, ...fields);
  // Sorted sets: every score shape (infinities, negative zero, huge, tiny, integral).
  await c.call('ZADD', `${tag}:zset:small`, '1', 'a', '-inf', 'b', '+inf', 'c', '-0', 'd', '3.141592653589793', 'e', '1e300', 'f', '-1e-300', 'g');
  const members: string[] = [];
  for (let i = 0; i < 30 + pick(200); i++) members.push(String((rnd() - 0.5) * 10 ** pick(20)), `member:${i}:${text(pick(10))}`);
  await c.call('ZADD', `${tag}:zset:many`, ...members);
  await c.call('ZADD', `${tag}:zset:long`, '2', 'y'.repeat(3000), '4', INTEGERS.at(-1)!);
}

/** Streams with many nodes, deletions, XSETID metadata, consumer groups with and without PELs. */
async function streams(c: RespClient, rnd: Rnd): Promise<void> {
  const pick = (k: number) => Math.floor(rnd() * k);
  for (let i = 1; i <= 40; i++) {
    const args = i % 4 === 0 ? ['other', String(i), 'extra', 'x'.repeat(pick(100))] : ['field', String(i * 1000), 'name', `n${pick(1000)}`];
    await c.call('XADD', 'stream:big', `${1000 + i}-${i % 3}`, ...args);
  }
  await c.call('XDEL', 'stream:big', '1005-2', '1006-0', '1020-2', '1040-1');
  await c.call('XGROUP', 'CREATE', 'stream:big', 'g1', '0');
  await c.call('XGROUP', 'CREATE', 'stream:big', 'g2', '$', 'ENTRIESREAD', '3');
  await c.call('XGROUP', 'CREATE', 'stream:big', 'g3', '1010-1');
  await c.call('XREADGROUP', 'GROUP', 'g1', 'alice', 'COUNT', '7', 'STREAMS', 'stream:big', '>');
  await c.call('XREADGROUP', 'GROUP', 'g1', 'bob', 'COUNT', '5', 'STREAMS', 'stream:big', '>');
  await c.call('XACK', 'stream:big', 'g1', '1002-2', '1010-1');
  await c.call('XGROUP', 'CREATECONSUMER', 'stream:big', 'g1', 'carol');
  await c.call('XGROUP', 'CREATECONSUMER', 'stream:big', 'g2', 'idle');
  await c.call('XREADGROUP', 'GROUP', 'g3', 'dave', 'STREAMS', 'stream:big', '>');
  // Every entry deleted, a group left behind, and XSETID raising the counters.
  await c.call('XADD', 'stream:emptied', '5-1', 'a', '1');
  await c.call('XADD', 'stream:emptied', '6-1', 'a', '2');
  await c.call('XDEL', 'stream:emptied', '5-1', '6-1');
  await c.call('XGROUP', 'CREATE', 'stream:emptied', 'g', '0');
  await c.call('XSETID', 'stream:emptied', '9-9', 'ENTRIESADDED', '100', 'MAXDELETEDID', '8-8');
  for (let i = 0; i < 20; i++) await c.call('XADD', 'stream:trimmed', 'MAXLEN', '5', `${2000 + i}-0`, 'k', String(i));
  await c.call('XADD', 'stream:trimmed', 'MAXLEN', '5', '*', 'k', 'v');
  await c.call('XGROUP', 'CREATE', 'stream:nogroups', 'g', '0', 'MKSTREAM');
  await c.call('XGROUP', 'DESTROY', 'stream:nogroups', 'g');
}

/** Builds the whole dataset in `c`: every encoding of db 0, DEBUG POPULATE, 16 databases, TTLs, functions. */
async function buildDataset(c: RespClient, seed: number): Promise<void> {
  const rnd = random(seed);
  await c.call('DEBUG', 'QUICKLIST-PACKED-THRESHOLD', '65536');
  // Strings: integers of every width, near-integers, long compressible and incompressible text, binary.
  for (const [i, v] of [...INTEGERS, ...NEAR_INTEGERS].entries()) await c.call('SET', `str:${i}`, v);
  await c.call('SET', 'str:compressible', 'abc'.repeat(10_000));
  await c.call('SET', 'str:random', Buffer.from(Array.from({ length: 3000 }, () => Math.floor(rnd() * 256))));
  await c.call('SET', 'str:binary', Buffer.from([0, 13, 10, 255, 0x80, 0xc0]));
  await c.call('SET', 'str:huge', 'z'.repeat(200_000));
  // Collections under thresholds that are tiny, default and huge; lists under each node size and compress depth.
  const layouts: Array<[string, Record<string, string | number>]> = [
    ['tiny', { 'list-max-listpack-size': 1, 'list-compress-depth': 1, 'hash-max-listpack-entries': 1, 'hash-max-listpack-value': 4, 'zset-max-listpack-entries': 1, 'zset-max-listpack-value': 4, 'set-max-intset-entries': 4 }],
    ['five', { 'list-max-listpack-size': 5, 'list-compress-depth': 2, 'hash-max-listpack-entries': 128, 'hash-max-listpack-value': 64, 'zset-max-listpack-entries': 128, 'zset-max-listpack-value': 64, 'set-max-intset-entries': 512 }],
    ['huge', { 'list-max-listpack-size': -2, 'list-compress-depth': 0, 'hash-max-listpack-entries': 100_000, 'hash-max-listpack-value': 100_000, 'zset-max-listpack-entries': 100_000, 'zset-max-listpack-value': 100_000, 'set-max-intset-entries': 100_000 }],
    ['deep', { 'list-max-listpack-size': -1, 'list-compress-depth': 1 }],
  ];
  for (const [tag, settings] of layouts) {
    await config(c, settings);
    await collections(c, rnd, tag);
  }
  // PLAIN quicklist nodes: elements above the packed threshold, mixed with packed ones and compressed.
  await config(c, { 'list-max-listpack-size': -2, 'list-compress-depth': 1 });
  await c.call('RPUSH', 'list:plain', 'head', 'p'.repeat(70_000), 'mid', Buffer.from(Array.from({ length: 66_000 }, () => Math.floor(rnd() * 256))), 'q'.repeat(100_000), 'tail');
  await config(c, { 'stream-node-max-entries': 3 });
  await streams(c, rnd);
  // TTLs on every type; other databases, DEBUG POPULATE keys.
  const at = Date.now() + 3_600_000;
  for (const key of ['str:0', 'str:compressible', 'tiny:list:0', 'five:set:i16', 'huge:hash:small', 'tiny:zset:many', 'stream:big', 'list:plain']) {
    await c.call('PEXPIREAT', key, at + Math.floor(rnd() * 1e6));
  }
  for (let db = 1; db < 16; db++) {
    await c.call('SELECT', db);
    await c.call('SET', `db${db}`, String(db));
    if (db % 3 === 0) await c.call('HSET', `h${db}`, 'f', String(db));
    if (db === 4) await c.call('DEBUG', 'POPULATE', '2000', 'pop', '20');
    if (db === 5) await c.call('SET', 'ttl', 'v', 'PX', '5000000');
  }
  await c.call('SELECT', 0);
  await c.call('FUNCTION', 'LOAD', "#!lua name=lib1\nredis.register_function('f1', function(keys, args) return 1 end)");
  await c.call('FUNCTION', 'LOAD', "#!lua name=lib2\nlocal function g(k, a) return a[1] end\nredis.register_function{function_name='g', callback=g, flags={'no-writes'}}");
}

/** The variants of one dataset, each written by SAVE under different settings (rdbchecksum no needs a restart). */
const VARIANTS: Array<[string, Record<string, string>]> = [
  ['default', {}],
  ['no-compression', { rdbcompression: 'no' }],
  ['lfu', { 'maxmemory-policy': 'allkeys-lfu' }],
  ['lru', { 'maxmemory-policy': 'allkeys-lru' }],
];

/** redis-check-rdb's verdict on a file (redis-server dispatches on argv[0]). */
function checkRdb(path: string): boolean {
  const r = spawnSync(REDIS!.server, [path], { argv0: 'redis-check-rdb', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status === null) throw new Error(`redis-check-rdb died on ${path}: ${r.signal}`);
  return r.status === 0;
}

/** The same verdict, without blocking: fuzz cases run a few at a time. */
function checkRdbAsync(path: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const child = spawn(REDIS!.server, [path], { argv0: 'redis-check-rdb', stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', (code, signal) => (code === null ? reject(new Error(`redis-check-rdb died on ${path}: ${signal}`)) : resolve(code === 0)));
  });
}

type Spoil = { name: string; bytes: Buffer; flip: boolean };

/** Seeded cuts and single-byte changes anywhere in `source`. */
function spoils(source: Buffer, rnd: Rnd, count: number): Spoil[] {
  const out: Spoil[] = [];
  for (let i = 0; i < count; i++) {
    const p = Math.floor(rnd() * source.length);
    if (i % 3 === 0) {
      out.push({ name: `cut@${p}`, bytes: source.subarray(0, p), flip: false });
      continue;
    }
    const bytes = Buffer.from(source);
    // Half the changes flip one bit (length prefixes, continuation bits), half replace the byte.
    bytes[p] = i % 2 ? bytes[p]! ^ (1 << Math.floor(rnd() * 8)) : (bytes[p]! + 1 + Math.floor(rnd() * 255)) & 0xff;
    out.push({ name: `change@${p}:${source[p]}->${bytes[p]}`, bytes, flip: true });
  }
  return out;
}

interface Summary {
  summary: RdbSummary;
  /** Keys per "dbN:type". */
  keys: Record<string, number>;
  encodings: Set<string>;
  functions: number;
  /** Length of every element of the list `list:plain`. */
  plainList: number[];
}

function summarise(bytes: Buffer): Summary {
  const out: Omit<Summary, 'summary'> = { keys: {}, encodings: new Set(), functions: 0, plainList: [] };
  const gen = readRdb(bufferSource(bytes));
  for (;;) {
    const step = gen.next();
    if (step.done) return { summary: step.value, ...out };
    const r = step.value;
    if (r.type === 'function') out.functions++;
    if (r.type !== 'key') continue;
    const k = `db${r.db}:${r.value.type}`;
    out.keys[k] = (out.keys[k] ?? 0) + 1;
    out.encodings.add(r.value.encoding);
    if (r.value.type === 'list' && r.key.toString() === 'list:plain') out.plainList = r.value.items.map((b) => b.length);
  }
}

const dumpKeys = (keys: Record<string, number>) => Object.values(keys).reduce((a, b) => a + b, 0);

if (REDIS_MISSING) console.warn(`live suite skipped: ${REDIS_MISSING}`);

describe.skipIf(!!REDIS_MISSING)('the RDB reader on files redis-server 7.0 wrote', () => {
  const files = new Map<string, string>();

  beforeAll(async () => {
    const server = await startRedis();
    const c = await server.client();
    await buildDataset(c, 11);
    for (const [name, settings] of VARIANTS) {
      await config(c, { rdbcompression: 'yes', 'maxmemory-policy': 'noeviction', ...settings });
      await c.call('SAVE');
      const path = join(work, `${name}.rdb`);
      copyFileSync(join(server.dir, 'dump.rdb'), path);
      files.set(name, path);
    }
    c.close();
    await server.stop();
    const unsummed = await startRedis({ rdb: files.get('default')! }, { rdbchecksum: 'no' });
    const u = await unsummed.client();
    await u.call('SAVE');
    u.close();
    files.set('no-checksum', join(work, 'no-checksum.rdb'));
    copyFileSync(join(unsummed.dir, 'dump.rdb'), files.get('no-checksum')!);
    await unsummed.stop();
  });

  it('checks every variant valid, with the per-db/type key counts the server loads', async () => {
    for (const [name, path] of files) {
      const report = await checkAof(path);
      expect(report.valid, name).toBe(true);
      const { summary, keys, encodings, functions, plainList } = summarise(readFileSync(path));
      // The dataset really holds what it is meant to: every 7.0 encoding, the functions, the PLAIN-node elements.
      if (name !== 'no-checksum') {
        expect([...encodings].sort(), name).toEqual(['hash-hashtable', 'hash-listpack', 'quicklist-v2', 'set-hashtable', 'set-intset', 'stream-v2', 'string', 'zset-listpack', 'zset-v2']);
      }
      expect(functions, name).toBe(2);
      expect(plainList, name).toEqual([4, 70_000, 3, 66_000, 100_000, 4]);
      expect(summary.problem, name).toBeNull();
      expect(summary.checksum.status, name).toBe(name === 'no-checksum' ? 'disabled' : 'ok');
      expect(checkRdb(path), name).toBe(true);
      const server = await startRedis({ rdb: path });
      expect(server.loaded, name).toBe(true);
      const c = await server.client();
      const dump = await dumpDataset(c);
      c.close();
      await server.stop();
      const counts: Record<string, number> = {};
      for (const k of dump.keys) counts[`db${k.db}:${k.type}`] = (counts[`db${k.db}:${k.type}`] ?? 0) + 1;
      expect(keys, name).toEqual(counts);
    }
    // LFU and LRU saves put a FREQ (2 bytes) or IDLE (2+ bytes) opcode before every key.
    const keyCount = dumpKeys(summarise(readFileSync(files.get('default')!)).keys);
    const size = (name: string) => readFileSync(files.get(name)!).length;
    expect(size('lfu') - size('default')).toBe(2 * keyCount);
    expect(size('lru') - size('default')).toBeGreaterThanOrEqual(2 * keyCount);
  });

  it('rewrites each variant into an AOF that loads into the same dataset as the RDB', async () => {
    for (const [name, path] of files) {
      const out = join(work, `${name}.aof`);
      const report = await rewriteAof(path, out, { format: 'resp', dropExpired: false, nowMs: Date.now(), replace: true, server: REDIS!.serverSpec });
      expect(report.ok, `${name}: ${JSON.stringify(report.failure)}`).toBe(true);
      const fromRdb = await startRedis({ rdb: path });
      const fromAof = await startRedis({ aof: out });
      expect(fromAof.loaded, `${name}: ${fromAof.log()}`).toBe(true);
      const [a, b] = [await fromRdb.client(), await fromAof.client()];
      const [expected, actual] = [await dumpDataset(a), await dumpDataset(b)];
      a.close();
      b.close();
      await fromRdb.stop();
      await fromAof.stop();
      expect(actual, name).toEqual(expected);
    }
  });

  it('agrees with redis-check-rdb on hand-built duplicates and stream PEL ownership', () => {
    // Cases in RDB formats newer than 7.0's were checked with their server (see RefusalCase.since).
    const cases = REFUSAL_CASES.filter((c) => c.since === undefined);
    const verdicts = cases.map((c) => {
      const path = join(work, 'refusal.rdb');
      writeFileSync(path, c.bytes);
      return `${c.name}: ${checkRdb(path) ? 'accepted' : 'refused'}`;
    });
    expect(verdicts).toEqual(cases.map((c) => `${c.name}: ${c.refused ? 'refused' : 'accepted'}`));
  });

  it('refuses a key repeated in a database selected again, as the server panics on it where redis-check-rdb passes it', async () => {
    const selectDb = (db: number) => Buffer.concat([u8(0xfe), len(db)]);
    const bytes = rdbFile(10, [selectDb(0), keyRecord(0, 'k', str('a')), selectDb(3), keyRecord(0, 'x', str('b')), selectDb(0), keyRecord(0, 'k', str('c'))]);
    const path = join(work, 'reselected.rdb');
    writeFileSync(path, bytes);
    expect(checkRdb(path)).toBe(true);
    const server = await startRedis({ rdb: path });
    const log = server.log();
    await server.stop();
    expect(server.loaded).toBe(false);
    expect(log).toContain("RDB has duplicated key 'k' in DB 0");
    expect(summarise(bytes).summary.problem?.message).toContain('DB 0 holds the key "k" twice');
  });

  it('skips an empty collection as the server does, where redis-check-rdb refuses the file', async () => {
    // A string, then a zset of 0 members (what one changed length before it can make of the bytes that follow).
    const bytes = rdbFile(10, [u8(0xfe), len(0), keyRecord(0, 'kept', str('v')), keyRecord(5, 'empty', len(0))]);
    const path = join(work, 'empty-zset.rdb');
    writeFileSync(path, bytes);
    expect(checkRdb(path)).toBe(false);
    const server = await startRedis({ rdb: path });
    const c = await server.client();
    const size = await c.call('DBSIZE');
    c.close();
    const log = server.log();
    await server.stop();
    expect(log).toContain('skipping empty key');
    expect(size).toBe(1);
    const ours = summarise(bytes);
    expect(ours.summary.problem).toBeNull();
    expect(ours.summary.emptyKeysSkipped).toBe(1);
    expect(ours.keys).toEqual({ 'db0:string': 1 });
  });

  it('gives redis-check-rdb\'s verdict on 180 cut or changed copies, and catches every change under a checksum', async () => {
    const cases = [
      ...spoils(readFileSync(files.get('default')!), random(21), 60).map((c) => ({ ...c, file: 'default' })),
      ...spoils(readFileSync(files.get('no-checksum')!), random(22), 120).map((c) => ({ ...c, file: 'no-checksum' })),
    ];
    const disagreements: string[] = [];
    const uncaught: string[] = [];
    const badOffsets: string[] = [];
    const duplicates: { name: string; bytes: Buffer; message: string }[] = [];
    const emptyKeys: { name: string; bytes: Buffer }[] = [];
    const run = async (c: (typeof cases)[number], slot: number) => {
      const ours = summarise(c.bytes).summary.problem;
      if (ours !== null && !(ours.offset >= 0 && ours.offset <= c.bytes.length)) badOffsets.push(`${c.file} ${c.name}: ${ours.offset}`);
      if (c.flip && c.file === 'default' && ours === null) uncaught.push(`${c.file} ${c.name}`);
      const path = join(work, `spoil-${slot}.rdb`);
      writeFileSync(path, c.bytes);
      const theirs = await checkRdbAsync(path);
      // redis-check-rdb skips module fields of unknown opcodes (rdbLoadCheckModuleValue); a module would refuse them.
      if (theirs && ours?.code === 'bad-module') return;
      // redis-check-rdb does not look for a key written twice; the server panics on it, so the server is the judge there.
      if (theirs && ours?.message.includes('("Duplicated key found in RDB file")')) {
        duplicates.push({ name: `${c.file} ${c.name}`, bytes: c.bytes, message: ours.message });
        return;
      }
      // redis-check-rdb refuses a key whose collection reads as empty; the server skips it and loads the rest
      // ("rdbLoadObject skipping empty key"), as aof does: the server is the judge there too. A changed length
      // can make one (a string's length one more swallows the next key's type byte, and what follows reads as
      // a zset of 0 members).
      if (!theirs && ours === null) {
        emptyKeys.push({ name: `${c.file} ${c.name}`, bytes: c.bytes });
        return;
      }
      if (theirs !== (ours === null)) disagreements.push(`${c.file} ${c.name}: ours ${ours ? `${ours.code} (${ours.message})` : 'valid'}, redis-check-rdb ${theirs ? 'valid' : 'refused'}`);
    };
    const lanes = 3;
    await Promise.all(Array.from({ length: lanes }, async (_, slot) => {
      for (let i = slot; i < cases.length; i += lanes) await run(cases[i]!, slot);
    }));
    /** Whether redis-server loads the bytes, and whether its log says `note`. */
    const serverLoads = async (bytes: Buffer, note: string) => {
      const path = join(work, 'server-judges.rdb');
      writeFileSync(path, bytes);
      const server = await startRedis({ rdb: path });
      const log = server.log();
      await server.stop();
      return { loaded: server.loaded, said: log.includes(note), log };
    };
    for (const d of duplicates) {
      const r = await serverLoads(d.bytes, 'Duplicated key found in RDB file');
      if (r.loaded) disagreements.push(`${d.name}: ours duplicate key, but redis-server loaded it`);
      else if (r.said) {
        // The same key in the same database as the server's log names ("RDB has duplicated key '%s' in DB %d").
        const named = /DB (\d+) holds the key "([^"\\]*)" twice/.exec(d.message);
        if (named !== null && !r.log.includes(`RDB has duplicated key '${named[2]}' in DB ${named[1]}`)) {
          disagreements.push(`${d.name}: ours ${d.message}, the server's log names another key`);
        }
      } else {
        // A changed length can make bytes before the duplicate read as a module's value: a server without that
        // module stops there ("no matching module type"), one with it goes on to the duplicate. aof reads module
        // values (they need a module, not a repair) and so reaches the duplicate: both refuse the file.
        const moduleFirst = (await serverLoads(d.bytes, "module data I can't load")).said;
        const oursSawModule = Object.keys(summarise(d.bytes).keys).some((k) => k.endsWith(':module'));
        if (!moduleFirst || !oursSawModule) disagreements.push(`${d.name}: ours duplicate key, but redis-server refused it for another reason`);
      }
    }
    for (const e of emptyKeys) {
      const r = await serverLoads(e.bytes, 'skipping empty key');
      if (!r.loaded || !r.said) disagreements.push(`${e.name}: ours valid, redis-check-rdb refused, and redis-server did not load it skipping an empty key`);
    }
    expect(badOffsets).toEqual([]);
    expect(uncaught).toEqual([]);
    expect(disagreements).toEqual([]);
  });

  it('reads an RDB preamble of this dataset and then exactly the RESP tail after it', async () => {
    const server = await startRedis({ rdb: files.get('default')! }, { 'aof-use-rdb-preamble': 'yes' });
    const c = await server.client();
    await c.call('CONFIG', 'SET', 'appendonly', 'yes');
    while (!String(await c.call('INFO', 'persistence')).includes('aof_rewrite_in_progress:0\r\naof_rewrite_scheduled:0')) await c.call('PING');
    while (String(await c.call('INFO', 'persistence')).includes('aof_rewrites:0\r')) await c.call('PING');
    await c.call('SET', 'after', 'preamble');
    await c.call('XADD', 'stream:big', '*', 'tail', '1');
    await c.call('DEL', 'str:0');
    const expected = await dumpDataset(c);
    c.close();
    await server.stop({ keepDir: true });
    const dir = join(server.dir, 'appendonlydir');
    const names = readdirSync(dir);
    const base = readFileSync(join(dir, names.find((n) => n.endsWith('.base.rdb'))!));
    const tail = readFileSync(join(dir, names.find((n) => n.endsWith('.incr.aof'))!));
    rmSync(server.dir, { recursive: true, force: true });
    const path = join(work, 'preamble.aof');
    writeFileSync(path, Buffer.concat([base, tail]));
    const report = await checkAof(path);
    expect(report.valid).toBe(true);
    // The tail is SELECT 0 and the three writes.
    expect(report.files[0]).toMatchObject({ rdbEnd: base.length, rdbChecksum: 'ok', commands: 4, okUpTo: base.length + tail.length });
    const loaded = await startRedis({ aof: path });
    const l = await loaded.client();
    const actual = await dumpDataset(l);
    l.close();
    await loaded.stop();
    expect(actual).toEqual(expected);
  });
});
