// An RDB base's keys written as they are read: the same dataset, the same number of commands, as loading them first.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveAof } from '../../src/aof/layout.js';
import { rewriteAof, type RewriteOptions, type RewriteReport } from '../../src/ops/rewrite/rewrite.js';
import { touchedKeys, TouchedKeys } from '../../src/ops/rewrite/touched-keys.js';
import { CopiedBase } from '../../src/ops/rewrite/rdb-copy.js';
import { bufferSource, readRdb } from '../../src/rdb/index.js';
import { RdbWriter, type RdbWriteVersion } from '../../src/rdb/write/index.js';
import { AofBuilder } from '../helpers/aof-builder.js';
import { tempDir, writeFiles } from '../helpers/tmp.js';

const dir = tempDir();
const NOW = 1_800_000_000_000;
const options: RewriteOptions = { format: 'resp', dropExpired: false, nowMs: NOW };
let runs = 0;

/** An appendonlydir holding `base`'s dataset as an RDB base, and `incr` as its incr file. */
async function rdbBased(base: AofBuilder, incr: Buffer, rdbVersion?: RdbWriteVersion): Promise<string> {
  const n = runs++;
  writeFiles(dir, { [`base-${n}.aof`]: base.build() });
  const out = join(dir, `based-${n}`);
  const made = await rewriteAof(join(dir, `base-${n}.aof`), out, { ...options, format: 'multi-part', base: 'rdb', ...(rdbVersion && { rdbVersion }) });
  expect(made.ok).toBe(true);
  writeFileSync(join(out, 'appendonly.aof.1.incr.aof'), incr);
  return out;
}

/** Rewrites `input` with its base's keys written as read, and with every key loaded first; and both outputs once more. */
async function bothWays(input: string, extra: Partial<RewriteOptions> = {}) {
  const n = runs++;
  const streamed = await rewriteAof(input, join(dir, `s-${n}.aof`), { ...options, ...extra });
  const loaded = await rewriteAof(input, join(dir, `l-${n}.aof`), { ...options, ...extra, streamBase: false });
  // A RESP output rewritten again lists its keys in byte order: the two datasets, in one form.
  const again = async (r: RewriteReport, name: string) => {
    if (!r.ok) return null;
    expect((await rewriteAof(r.output, join(dir, name), options)).ok).toBe(true);
    return readFileSync(join(dir, name));
  };
  return { streamed, loaded, streamedBytes: await again(streamed, `s2-${n}.aof`), loadedBytes: await again(loaded, `l2-${n}.aof`) };
}

function expectSameOutcome(r: Awaited<ReturnType<typeof bothWays>>): void {
  expect(r.streamed.ok).toBe(r.loaded.ok);
  expect(r.streamed.failure?.message).toBe(r.loaded.failure?.message);
  // Each database selected once, as in Redis's own rewrite: exactly as many commands.
  expect(r.streamed.outputCommands).toBe(r.loaded.outputCommands);
  expect(r.streamed.keys).toEqual(r.loaded.keys);
  expect(r.streamed.keysWithTtl).toBe(r.loaded.keysWithTtl);
  expect(r.streamed.expiredDropped).toBe(r.loaded.expiredDropped);
  // equals, not toEqual: a diff of large outputs takes the runner minutes to print.
  expect(r.streamedBytes === null ? r.loadedBytes === null : r.loadedBytes !== null && r.streamedBytes.equals(r.loadedBytes)).toBe(true);
}

const key = fc.constantFrom('k0', 'k1', 'k2', 'k3', 'k4', 'k5');
const db = fc.constantFrom('0', '1', '2');
const word = fc.constantFrom('a', 'b', 'c', '10', '-3', 'long-'.repeat(20));
const when = fc.constantFrom(String(NOW - 5000), String(NOW + 5000));
const baseCommand = fc.oneof(
  fc.tuple(fc.constant('SELECT'), db),
  fc.tuple(fc.constant('SET'), key, word),
  fc.tuple(fc.constant('RPUSH'), key, word, word),
  fc.tuple(fc.constant('SADD'), key, word, word),
  fc.tuple(fc.constant('ZADD'), key, fc.constantFrom('1', '-0', '2.5'), word),
  fc.tuple(fc.constant('HSET'), key, word, word),
  fc.tuple(fc.constant('PEXPIREAT'), key, when),
);
const incrCommand = fc.oneof(
  { weight: 12, arbitrary: baseCommand },
  { weight: 3, arbitrary: fc.tuple(fc.constant('DEL'), key) },
  { weight: 2, arbitrary: fc.tuple(fc.constant('RENAME'), key, key) },
  { weight: 2, arbitrary: fc.tuple(fc.constant('PERSIST'), key) },
  { weight: 2, arbitrary: fc.tuple(fc.constant('LPOP'), key) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('MULTI', 'EXEC', 'FLUSHDB')) },
  { weight: 1, arbitrary: fc.tuple(fc.constant('SWAPDB'), db, db) },
  { weight: 1, arbitrary: fc.tuple(fc.constant('MOVE'), key, db) },
);

const build = (commands: string[][]) => commands.reduce((b, c) => b.command(...c), new AofBuilder());

describe('rewrite of an RDB-based AOF, its base written as read', () => {
  it('makes the dataset and the number of commands that loading every key first makes', async () => {
    let streamedSome = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(baseCommand, { minLength: 1, maxLength: 40 }),
        fc.array(incrCommand, { maxLength: 12 }),
        fc.boolean(),
        async (base, incr, dropExpired) => {
          const input = await rdbBased(build(base), build(incr).build());
          const touched = await touchedKeys(await resolveAof(input));
          if (touched !== null && touched.size === 0) streamedSome++;
          expectSameOutcome(await bothWays(input, { dropExpired }));
        },
      ),
      { numRuns: 120, endOnFailure: true },
    );
    // Mean 15 of 120 (sd 4 over eight seeds): at least one, so a random seed cannot trip it.
    expect(streamedSome).toBeGreaterThan(0);
  });

  it('writes large collections part by part in as many commands, the TTL after the last part', async () => {
    const base = new AofBuilder();
    for (let i = 0; i < 10_000; i += 500) {
      const n = Array.from({ length: 500 }, (_, k) => String(i + k));
      base.command('RPUSH', 'list', ...n.map((x) => `item-${x}`.repeat(1 + (Number(x) % 7))));
      base.command('SADD', 'set', ...n.map((x) => `member-${x}`));
      // -0 in a late part: the server holds the set as a skiplist by then, which keeps it.
      base.command('ZADD', 'zset', ...n.flatMap((x) => [x === '9000' ? '-0' : String(Number(x) % 977), `member-${x}`]));
      base.command('HSET', 'hash', ...n.flatMap((x) => [`field-${x}`, `value-${x}`]));
    }
    base.command('PEXPIREAT', 'list', String(NOW + 60_000));
    base.command('SET', 'touched', 'x');
    const input = await rdbBased(base, new AofBuilder().command('APPEND', 'touched', 'y').build());
    const r = await bothWays(input);
    expectSameOutcome(r);
    expect(r.streamed.keys).toEqual({ '0': { list: 1, set: 1, zset: 1, hash: 1, string: 1 } });
    const text = readFileSync(r.streamed.output, 'latin1');
    const names = [...text.matchAll(/\*\d+\r\n\$\d+\r\n([A-Z]+)\r\n/g)].map((m) => m[1]);
    expect(names.lastIndexOf('RPUSH')).toBe(names.indexOf('PEXPIREAT') - 1);
    // The keyspace's key goes on in the database the base's keys left selected.
    expect(names.filter((n) => n === 'SELECT')).toHaveLength(1);
    expect(names.filter((n) => n === 'RPUSH')).toHaveLength(Math.ceil(10_000 / 64));
    expect(text).toContain('$2\r\n-0\r\n$11\r\nmember-9000\r\n');
  });

  it('writes the libraries of the base first, before its keys, as the server rewrites them', async () => {
    const lib = "#!lua name=lib\nredis.register_function('f', function() return 1 end)";
    const base = new AofBuilder().command('FUNCTION', 'LOAD', lib).command('SET', 'a', '1').command('SET', 'b', '2');
    const r = await bothWays(await rdbBased(base, new AofBuilder().command('SET', 'b', '3').build()));
    expectSameOutcome(r);
    expect(r.streamed.functions).toBe(1);
    const names = [...readFileSync(r.streamed.output, 'latin1').matchAll(/\*\d+\r\n\$\d+\r\n([A-Z]+)\r\n/g)].map((m) => m[1]);
    expect(names).toEqual(['FUNCTION', 'SELECT', 'SET', 'SET']);
  });

  it('keeps no view of the window the base is read through: neither the keyspace nor a TTL written later', async () => {
    // The named key is read first, then megabytes more: the reader's window moves on many times after it.
    // Bytes LZF cannot shrink: the base stores them plainly, as the reader hands them as views.
    let block = 0;
    const noise = (n: number) =>
      Buffer.concat(Array.from({ length: Math.ceil(n / 32) }, () => createHash('sha256').update(String(block++)).digest())).subarray(0, n);
    const named = noise(10_000);
    const base = new AofBuilder().command('SET', 'a-named', named).command('SET', 'a-short', 'named');
    // Streamed keys with TTLs too: a TTL is written after its key's record, once the next one is read.
    for (let i = 0; i < 300; i++) base.command('SET', `k${String(i).padStart(4, '0')}`, noise(10_000), 'PXAT', String(NOW + i));
    const incr = new AofBuilder().command('EXPIRE', 'a-named', '100000').command('EXPIRE', 'a-short', '100000').build();
    const r = await bothWays(await rdbBased(base, incr));
    expectSameOutcome(r);
    expect(r.streamed.keysWithTtl).toBe(302);
    expect(readFileSync(r.streamed.output).includes(Buffer.concat([Buffer.from('$10000\r\n'), named, Buffer.from('\r\n')]))).toBe(true);
  });

  it('keeps the -0 score of a sorted set held as a skiplist, whatever order the base lists its members in', async () => {
    // A long member makes the skiplist; written in the base's order, a short member first would make a listpack (0).
    const long = 'm'.repeat(100);
    for (const scores of [
      ['-1', '5'],
      ['1', '-5'],
      ['7', '8'],
    ]) {
      const base = new AofBuilder().command('ZADD', 'z', scores[0]!, long).command('ZADD', 'z', '-0', 'a').command('ZADD', 'z', scores[1]!, 'b');
      const r = await bothWays(await rdbBased(base, Buffer.alloc(0)));
      expectSameOutcome(r);
      expect(r.loadedBytes?.includes('$2\r\n-0\r\n$1\r\na\r\n')).toBe(true);
    }
  });

  it('loads every key first when the base holds commands after its RDB section (an upgraded preamble AOF)', async () => {
    const n = runs++;
    writeFiles(dir, { [`tail-src-${n}.aof`]: new AofBuilder().command('SET', 'a', '1').command('SET', 'b', '2').command('RPUSH', 'l', 'x').build() });
    const preamble = join(dir, `tail-pre-${n}.aof`);
    expect((await rewriteAof(join(dir, `tail-src-${n}.aof`), preamble, { ...options, base: 'rdb' })).ok).toBe(true);
    // Redis 7 keeps a 6.x appendonly.aof (RDB preamble, then commands) as the base of its first manifest.
    const tail = new AofBuilder().command('SET', 'a', 'changed').command('RPUSH', 'l', 'y').build();
    writeFiles(dir, {
      [`tail-dir-${n}/appendonly.aof`]: Buffer.concat([readFileSync(preamble), tail]),
      [`tail-dir-${n}/appendonly.aof.1.incr.aof`]: new AofBuilder().command('SET', 'b', '3').build(),
      [`tail-dir-${n}/appendonly.aof.manifest`]: 'file appendonly.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n',
    });
    const r = await bothWays(join(dir, `tail-dir-${n}`));
    expectSameOutcome(r);
    const text = r.streamedBytes?.toString('latin1') ?? '';
    expect([text.includes('$7\r\nchanged'), text.includes('$1\r\nx\r\n$1\r\ny'), text.includes('$1\r\nb\r\n$1\r\n3')]).toEqual([true, true, true]);
  });

  it('writes nothing when the replay fails once the output is open, and leaves no temp file', async () => {
    const input = await rdbBased(new AofBuilder().command('SET', 'a', '1'), new AofBuilder().command('SET', 'b', '1', 'NOSUCHOPTION').build());
    expect(await touchedKeys(await resolveAof(input))).not.toBeNull();
    const before = readdirSync(dir).sort();
    for (const format of ['resp', 'multi-part'] as const) {
      const r = await rewriteAof(input, join(dir, `failed-${format}`), { ...options, format });
      expect(r.ok).toBe(false);
      expect(r.failure?.message).toMatch(/syntax error/);
    }
    expect(readdirSync(dir).sort()).toEqual(before);
  });
});

describe('rewrite of an RDB-based AOF into an RDB, its base copied as it lies', () => {
  /** Both ways, and each output's dataset as the RESP rewrite of every key loaded first (keys in byte order). */
  async function rdbBothWays(input: string, extra: Partial<RewriteOptions>) {
    const n = runs++;
    const out = (name: string) => join(dir, extra.format === 'rdb' ? `${name}.rdb` : name);
    const copied = await rewriteAof(input, out(`cs-${n}`), { ...options, ...extra });
    const loaded = await rewriteAof(input, out(`cl-${n}`), { ...options, ...extra, streamBase: false });
    const again = async (r: RewriteReport, name: string) => {
      if (!r.ok) return null;
      expect((await rewriteAof(r.output, join(dir, name), { ...options, streamBase: false })).ok).toBe(true);
      return readFileSync(join(dir, name));
    };
    return { streamed: copied, loaded, streamedBytes: await again(copied, `cs2-${n}.aof`), loadedBytes: await again(loaded, `cl2-${n}.aof`) };
  }

  /** Each key of an RDB file and its encoding. */
  function encodings(path: string): Record<string, string> {
    const found: Record<string, string> = {};
    for (const r of readRdb(bufferSource(readFileSync(path)))) if (r.type === 'key') found[`${r.db}:${r.key.toString('latin1')}`] = r.value.encoding;
    return found;
  }

  it('makes the dataset, key counts and TTL counts that loading every key first makes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(baseCommand, { minLength: 1, maxLength: 40 }),
        fc.array(incrCommand, { maxLength: 12 }),
        fc.boolean(),
        fc.constantFrom<Partial<RewriteOptions>>({ format: 'rdb' }, { format: 'multi-part', base: 'rdb' }, { format: 'resp', base: 'rdb' }),
        async (base, incr, dropExpired, shape) => {
          expectSameOutcome(await rdbBothWays(await rdbBased(build(base), build(incr).build()), { ...shape, dropExpired }));
        },
      ),
      { numRuns: 80, endOnFailure: true },
    );
  });

  it('copies the keys no command names in their own encoding, and loads and encodes again those named', async () => {
    // An RDB 9 base holds small hashes as ziplists; RDB 10 loaders still read them.
    const base = new AofBuilder()
      .command('HSET', 'kept', 'f', 'v')
      .command('PEXPIREAT', 'kept', String(NOW + 5000))
      .command('HSET', 'named', 'f', 'v')
      .command('SELECT', '1')
      .command('HSET', 'other', 'f', 'v');
    const input = await rdbBased(base, new AofBuilder().command('HSET', 'named', 'g', 'w').build(), 9);
    const r = await rdbBothWays(input, { format: 'rdb', rdbVersion: 10 });
    expectSameOutcome(r);
    expect(encodings(r.streamed.output)).toEqual({ '0:kept': 'hash-ziplist', '0:named': 'hash-listpack', '1:other': 'hash-ziplist' });
    expect(encodings(r.loaded.output)).toEqual({ '0:kept': 'hash-listpack', '0:named': 'hash-listpack', '1:other': 'hash-listpack' });
    // Each database's RESIZEDB counts its copied keys and the keyspace's, as the server's SAVE counts them.
    const sizes = [...readRdb(bufferSource(readFileSync(r.streamed.output)))].flatMap((x) => (x.type === 'resize-db' ? [[x.db, x.dbSize, x.expiresSize]] : []));
    expect(sizes).toEqual([
      [0, 2, 1],
      [1, 1, 0],
    ]);
  });

  it('encodes again what the output version cannot hold: a listpack set of RDB 11 in an RDB 10', async () => {
    const input = await rdbBased(new AofBuilder().command('SADD', 's', 'a', 'b').command('SET', 'x', '1'), Buffer.alloc(0), 11);
    expect(encodings(join(input, 'appendonly.aof.1.base.rdb'))['0:s']).toBe('set-listpack');
    const r = await rdbBothWays(input, { format: 'rdb', rdbVersion: 10 });
    expectSameOutcome(r);
    expect(encodings(r.streamed.output)).toEqual({ '0:s': 'set-hashtable', '0:x': 'string' });
  });

  it('copies nothing from a base that was replaced or cut after the replay read it', async () => {
    const input = await rdbBased(new AofBuilder().command('SET', 'a', '1'), Buffer.alloc(0));
    const basePath = join(input, 'appendonly.aof.1.base.rdb');
    const layout = await resolveAof(input);
    const original = readFileSync(basePath);
    const open = () => CopiedBase.open(layout, new TouchedKeys(), 10, options)!;
    const replaced = open();
    writeFileSync(join(dir, 'replacement.rdb'), original);
    renameSync(join(dir, 'replacement.rdb'), basePath);
    expect(() => replaced.verify()).toThrow(/was removed while being read .*Stop it/);
    replaced.close();
    const cut = open();
    truncateSync(basePath, 20);
    expect(() => cut.verify()).toThrow(new RegExp(`changed size while being read \\(${original.length} → 20 bytes\\)`));
    cut.close();
    // Cut once the copy has begun: the bytes a key's record needs are no longer there.
    writeFileSync(basePath, original);
    const late = open();
    expect(late.wants(0, Buffer.from('a'), 'string', null)).toBe(true);
    late.took(original.length - 30, original.length - 20);
    truncateSync(basePath, 40);
    const writer = new RdbWriter(() => undefined, { version: 10 });
    writer.begin();
    await expect(late.write(0, writer, () => undefined)).rejects.toThrow(/changed size while being read .*→ 40 bytes/);
    late.close();
  });
});

describe('touchedKeys', () => {
  const incrOf = async (...commands: string[][]) =>
    touchedKeys(await resolveAof(await rdbBased(new AofBuilder().command('SET', 'a', '1'), build(commands).build())));

  it('names the keys of each database the RESP files name', async () => {
    const t = await incrOf(['SET', 'x', '1'], ['MSET', 'y', '1', 'z', '2'], ['SELECT', '2'], ['MULTI'], ['RENAME', 'p', 'q'], ['EXEC']);
    expect(t).not.toBeNull();
    const has = (d: number, k: string) => t!.has(d, Buffer.from(k));
    expect([has(0, 'x'), has(0, 'y'), has(0, 'z'), has(2, 'p'), has(2, 'q')]).toEqual([true, true, true, true, true]);
    expect([has(0, 'p'), has(2, 'x'), has(0, 'a')]).toEqual([false, false, false]);
  });

  it('streams a key unless its database must be written by the keyspace alone or it is named', async () => {
    const t = await incrOf(['SELECT', '1'], ['SET', 'x', '1'], ['SELECT', '3'], ['SET', 'y', '1']);
    const streams = (d: number, k: string) => t!.streams(d, Buffer.from(k));
    // Below the highest database named: only databases with no key named; in it: keys not named; above: none.
    expect([streams(0, 'x'), streams(1, 'x'), streams(1, 'z'), streams(2, 'z'), streams(3, 'y'), streams(3, 'z'), streams(4, 'z')]).toEqual([
      true,
      false,
      false,
      true,
      false,
      true,
      false,
    ]);
    expect((await incrOf())!.streams(9, Buffer.from('x'))).toBe(true);
  });

  it('gives up on commands that reach keys they do not name', async () => {
    for (const c of [
      ['FLUSHALL'],
      ['FLUSHDB'],
      ['SWAPDB', '0', '1'],
      ['MOVE', 'a', '1'],
      ['COPY', 'a', 'b', 'DB', '1'],
      ['SORT', 'l', 'BY', 'w_*', 'STORE', 'd'],
      ['EVAL', 'return 1', '0'],
      ['FCALL', 'f', '0'],
      ['FUNCTION', 'FLUSH'],
      ['NOSUCHCOMMAND', 'a'],
    ]) {
      expect(await incrOf(['SET', 'x', '1'], c)).toBeNull();
    }
  });

  it('is null for an AOF whose first file is not an RDB', async () => {
    writeFiles(dir, { 'plain.aof': new AofBuilder().command('SET', 'a', '1').build() });
    expect(await touchedKeys(await resolveAof(join(dir, 'plain.aof')))).toBeNull();
  });
});

describe('TouchedKeys', () => {
  it('holds what was added, per database, as a set of strings would', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(3), fc.uint8Array({ maxLength: 40 })), { maxLength: 3000 }),
        fc.array(fc.tuple(fc.nat(3), fc.uint8Array({ maxLength: 40 })), { maxLength: 200 }),
        (adds, probes) => {
          const set = new TouchedKeys();
          const model = new Set<string>();
          for (const [d, k] of adds) {
            set.add(d, Buffer.from(k));
            model.add(`${d}:${Buffer.from(k).toString('hex')}`);
          }
          expect(set.size).toBe(model.size);
          for (const [d, k] of [...adds, ...probes]) expect(set.has(d, Buffer.from(k))).toBe(model.has(`${d}:${Buffer.from(k).toString('hex')}`));
        },
      ),
      { numRuns: 50, endOnFailure: true },
    );
  });
});
