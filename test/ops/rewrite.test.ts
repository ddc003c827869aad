// rewriteAof without a server: determinism, what it drops like aof-load-truncated, what stops it, its outputs.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { KeyspaceLimitError } from '../../src/keyspace/core/key-index.js';
import { Keyspace } from '../../src/keyspace/keyspace.js';
import { checkAof } from '../../src/ops/check.js';
import { renderRewriteReport } from '../../src/cli/render/rewrite.js';
import { outputConflict, rewriteAof, type RewriteOptions } from '../../src/ops/rewrite/rewrite.js';
import { AofBuilder, cut } from '../helpers/aof-builder.js';
import { tempDir, writeFiles } from '../helpers/tmp.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures');
const dir = tempDir();
const options: RewriteOptions = { format: 'resp', dropExpired: false, nowMs: 1_800_000_000_000 };

describe('rewriteAof', () => {
  it('writes a valid, smaller AOF, byte-identical on every run', async () => {
    const input = join(FIXTURES, 'resp', 'all-types-incr.aof');
    const a = await rewriteAof(input, join(dir, 'a.aof'), options);
    const b = await rewriteAof(input, join(dir, 'b.aof'), options);
    expect(b.ok).toBe(true);
    expect(a.ok).toBe(true);
    expect(readFileSync(join(dir, 'a.aof'))).toEqual(readFileSync(join(dir, 'b.aof')));
    expect((await checkAof(join(dir, 'a.aof'))).valid).toBe(true);
    expect(a.outputBytes).toBe(readFileSync(join(dir, 'a.aof')).length);
    expect(a.outputCommands).toBeLessThan(a.inputCommands);
  });

  it('emits in Redis order: FUNCTION LOAD, then SELECT and each key, PEXPIREAT after its key', async () => {
    writeFiles(dir, {
      'order.aof': new AofBuilder()
        .command('SELECT', '1')
        .command('SET', 'b', '2', 'PXAT', '1900000000000')
        .command('SELECT', '0')
        .command('RPUSH', 'a', 'x', 'y')
        .command('FUNCTION', 'LOAD', "#!lua name=lib\nredis.register_function('f', function() return 1 end)")
        .build(),
    });
    const r = await rewriteAof(join(dir, 'order.aof'), join(dir, 'order.out'), options);
    expect(r.ok).toBe(true);
    const text = readFileSync(join(dir, 'order.out'), 'latin1');
    const names = [...text.matchAll(/\*\d+\r\n\$\d+\r\n([A-Z]+)\r\n/g)].map((m) => m[1]);
    expect(names).toEqual(['FUNCTION', 'SELECT', 'RPUSH', 'SELECT', 'SET', 'PEXPIREAT']);
    expect(r.keys).toEqual({ '0': { list: 1 }, '1': { string: 1 } });
    expect(renderRewriteReport(r)).toContain('1 key with a TTL (written as PEXPIREAT)');
    // In an RDB the TTL is the key's expiry field: no command is written.
    const rdb = await rewriteAof(join(dir, 'order.aof'), join(dir, 'order.rdb'), { ...options, format: 'rdb' });
    expect(renderRewriteReport(rdb)).toContain('1 key with a TTL (stored in the RDB)');
  });

  it('drops a cut tail and an unfinished MULTI of the last file, like aof-load-truncated yes', async () => {
    const full = new AofBuilder().command('SET', 'kept', '1').command('MULTI').command('SET', 'lost', '1').command('EXEC').build();
    writeFiles(dir, { 'cut.aof': cut(full, full.length - 3) });
    const r = await rewriteAof(join(dir, 'cut.aof'), join(dir, 'cut.out'), options);
    expect(r.ok).toBe(true);
    expect(r.dropped.map((p) => p.kind)).toEqual(['truncated']);
    // From the MULTI on: its queued SET never took effect.
    const multiAt = new AofBuilder().command('SET', 'kept', '1').build().length;
    expect(r.droppedFrom).toBe(multiAt);
    expect(r.keys).toEqual({ '0': { string: 1 } });
    expect(renderRewriteReport(r)).toContain(`warning: dropped ${join(dir, 'cut.aof')} from 0x${multiAt.toString(16)} (${multiAt}) to its end`);
  });

  it('says a cut file made by redis-server is dropped from where aof fix would cut it', async () => {
    const input = join(FIXTURES, 'spoiled', 'resp', 'cut-payload.aof');
    const r = await rewriteAof(input, join(dir, 'cut-payload.out'), options);
    expect(r.ok).toBe(true);
    expect(r.droppedFrom).toBe((await checkAof(input)).files[0]!.okUpTo);
    expect(r.dropped[0]!.offset).toBeGreaterThan(r.droppedFrom!);
    expect((await rewriteAof(join(FIXTURES, 'resp', 'all-types-incr.aof'), join(dir, 'whole.out'), options)).droppedFrom).toBeNull();
  });

  it('stops on damage the server would refuse, and writes nothing', async () => {
    writeFiles(dir, { 'bad.aof': Buffer.concat([new AofBuilder().command('SET', 'a', '1').build(), Buffer.from('garbage')]) });
    const r = await rewriteAof(join(dir, 'bad.aof'), join(dir, 'bad.out'), options);
    expect(r.ok).toBe(false);
    expect(r.failure).toMatchObject({ offset: 27 });
    expect(existsSync(join(dir, 'bad.out'))).toBe(false);
  });

  it('stops on a script written verbatim, saying why', async () => {
    writeFiles(dir, { 'eval.aof': new AofBuilder().command('EVAL', "redis.call('set','a','1')", '0').build() });
    const r = await rewriteAof(join(dir, 'eval.aof'), join(dir, 'eval.out'), options);
    expect(r.failure?.command).toBe('eval');
    expect(r.failure?.message).toContain('Lua');
  });

  it('stops with file, offset and what to do when a database outgrows the key table', async () => {
    // 94 million keys cannot be built in a test: the table's refusal is simulated at the third command.
    writeFiles(dir, { 'full.aof': new AofBuilder().command('SET', 'a', '1').command('SET', 'b', '2').command('SET', 'c', '3').build() });
    const real = Keyspace.prototype.execute;
    let n = 0;
    const spy = vi.spyOn(Keyspace.prototype, 'execute').mockImplementation(function (this: Keyspace, ...a) {
      if (++n === 3) throw new KeyspaceLimitError('a database of the scratch keyspace holds at most 93952409 keys');
      return real.apply(this, a);
    });
    try {
      const r = await rewriteAof(join(dir, 'full.aof'), join(dir, 'full.out'), options);
      expect(r.ok).toBe(false);
      expect(r.failure).toMatchObject({ file: join(dir, 'full.aof'), offset: 54, command: 'set' }); // two 27-byte SETs before it
      expect(r.failure!.message).toMatch(/holds at most 93952409 keys: rewrite this AOF with redis-server itself \(BGREWRITEAOF\)/);
      expect(existsSync(join(dir, 'full.out'))).toBe(false);
    } finally {
      spy.mockRestore();
    }
  });

  it('leaves out expired keys only with dropExpired', async () => {
    writeFiles(dir, { 'ttl.aof': new AofBuilder().command('SET', 'old', '1', 'PXAT', '1000').command('SET', 'new', '1').build() });
    const keep = await rewriteAof(join(dir, 'ttl.aof'), join(dir, 'ttl1.out'), options);
    expect(keep.keys).toEqual({ '0': { string: 2 } });
    const drop = await rewriteAof(join(dir, 'ttl.aof'), join(dir, 'ttl2.out'), { ...options, dropExpired: true });
    expect(drop.keys).toEqual({ '0': { string: 1 } });
    expect(drop.expiredDropped).toBe(1);
  });

  it('writes a multi-part directory whose manifest names a base and an empty incr', async () => {
    const out = join(dir, 'multi');
    const r = await rewriteAof(join(FIXTURES, 'rdb', 'all-encodings.rdb'), out, { ...options, format: 'multi-part' });
    expect(r.ok).toBe(true);
    expect(readdirSync(out).sort()).toEqual(['appendonly.aof.1.base.aof', 'appendonly.aof.1.incr.aof', 'appendonly.aof.manifest']);
    expect(readFileSync(join(out, 'appendonly.aof.manifest'), 'latin1')).toBe(
      'file appendonly.aof.1.base.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n',
    );
    expect((await checkAof(out)).valid).toBe(true);
  });

  it('loads an RDB base whose collections come in parts into the dataset the commands made', async () => {
    // 10,000 elements: hashtable and quicklist encodings in the base, handed over in parts by the replay's reader.
    const big = new AofBuilder();
    for (let i = 0; i < 10_000; i += 500) {
      const n = Array.from({ length: 500 }, (_, k) => String(i + k));
      big.command('RPUSH', 'list', ...n.map((x) => `item-${x}`));
      big.command('SADD', 'set', ...n.map((x) => `member-${x}`));
      big.command('ZADD', 'zset', ...n.flatMap((x) => [String(Number(x) % 977), `member-${x}`]));
      big.command('HSET', 'hash', ...n.flatMap((x) => [`field-${x}`, `value-${x}`]));
    }
    big.command('SET', 'small', 'x');
    writeFiles(dir, { 'big.aof': big.build() });
    const direct = await rewriteAof(join(dir, 'big.aof'), join(dir, 'big-direct.aof'), options);
    const based = await rewriteAof(join(dir, 'big.aof'), join(dir, 'big-based'), { ...options, format: 'multi-part', base: 'rdb' });
    expect(based.ok).toBe(true);
    // Every key loaded first: the output in byte order, as the direct rewrite's (rewrite-stream.test.ts covers the base written as read).
    const again = await rewriteAof(join(dir, 'big-based'), join(dir, 'big-again.aof'), { ...options, streamBase: false });
    expect(again.ok).toBe(true);
    expect(direct.keys).toEqual({ '0': { list: 1, set: 1, zset: 1, hash: 1, string: 1 } });
    expect(again.outputCommands).toBe(direct.outputCommands);
    // equals, not toEqual: a diff of two megabytes would take the test runner minutes to print.
    expect(readFileSync(join(dir, 'big-again.aof')).equals(readFileSync(join(dir, 'big-direct.aof')))).toBe(true);
  });
});

describe('outputConflict', () => {
  const mp = join(FIXTURES, 'multipart', 'rdb-base');
  it('refuses the input itself, one of its files, and a path inside its AOF directory', async () => {
    expect(await outputConflict(join(FIXTURES, 'resp', 'small.aof'), join(FIXTURES, 'resp', 'small.aof'))).toMatch(/is the input/);
    expect(await outputConflict(mp, join(mp, 'appendonlydir', 'appendonly.aof.2.incr.aof'))).toMatch(/is the input/);
    expect(await outputConflict(mp, join(mp, 'appendonlydir', 'compact.aof'))).toMatch(/inside the input's AOF directory/);
    expect(await outputConflict(join(mp, 'appendonlydir'), join(mp, 'appendonlydir', 'new', 'x.aof'))).toMatch(/inside/);
  });

  it('accepts an output beside a single-file input or elsewhere', async () => {
    expect(await outputConflict(join(FIXTURES, 'resp', 'small.aof'), join(dir, 'compact.aof'))).toBeNull();
    expect(await outputConflict(mp, join(mp, 'compact.aof'))).toBeNull();
  });
});
