// Commands judged by the per-version tables: any version by default, one with --server; modules' commands; version behaviour in replay.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyCommand, commandTarget } from '../../src/aof/command-table.js';
import { bundleTables, findServer, serverTables, UnknownServerError } from '../../src/aof/commands/servers.js';
import { behaviourOf } from '../../src/keyspace/core/behaviour.js';
import { Keyspace } from '../../src/keyspace/keyspace.js';
import { catAof } from '../../src/ops/cat/cat.js';
import { checkAof } from '../../src/ops/check.js';
import { inspectAof } from '../../src/ops/inspect/inspect.js';
import { rewriteAof } from '../../src/ops/rewrite/rewrite.js';
import { AofBuilder, cut } from '../helpers/aof-builder.js';
import { tempDir, writeFiles } from '../helpers/tmp.js';

const b = (s: string) => Buffer.from(s);
const classify = (line: string, server?: string) => {
  const args = line.split(' ');
  return classifyCommand(b(args[0]!), args[1] === undefined ? undefined : b(args[1]), args.length, commandTarget(server));
};

describe('the server tables', () => {
  it('are all loaded, Redis then Valkey, oldest first', () => {
    const ids = serverTables().map((t) => t.id);
    expect(ids[0]).toBe('redis-7.0.15');
    expect(ids).toContain('valkey-9.0.2');
    expect(ids.indexOf('redis-8.2.0')).toBeLessThan(ids.indexOf('redis-8.10.0'));
  });

  it('are bundled for dist as the loader reads them from the data files', () => {
    const dir = new URL('../../src/aof/commands/data/', import.meta.url);
    const names = readdirSync(dir).filter((n) => n.endsWith('.json'));
    const bundled = JSON.parse(bundleTables(new Map(names.map((n) => [n, readFileSync(new URL(n, dir), 'utf8')])))) as { id: string }[];
    const fromFiles = serverTables().map(({ label: _label, ...t }) => t);
    expect(bundled.sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual([...fromFiles].sort((a, b) => (a.id < b.id ? -1 : 1)));
    // Only what the loader reads: a data file also records flags, key specs and arguments.
    expect(JSON.stringify(bundled).length).toBeLessThan(names.reduce((n, name) => n + readFileSync(new URL(name, dir)).length, 0) / 4);
  });

  it('--server takes a dotted prefix and means the newest release under it', () => {
    expect(findServer('redis-7.0').id).toBe('redis-7.0.15');
    expect(findServer('redis-8').id).toBe('redis-8.10.0');
    expect(findServer('redis-8.2').id).toBe('redis-8.2.0');
    expect(findServer('Valkey-8.0').id).toBe('valkey-8.0.1');
    expect(findServer('redis').id).toBe('redis-8.10.0');
    expect(() => findServer('redis-8.1')).toThrow(UnknownServerError);
    expect(() => findServer('keydb-6')).toThrow(UnknownServerError);
  });
});

describe('a command, by the tables', () => {
  it('is known when any version has it, by default', () => {
    expect(classify('HSETEX h FIELDS 1 f v').status).toBe('ok');
    expect(classify('SET k v').status).toBe('ok');
    expect(classify('NOSUCH a').status).toBe('unknown');
  });

  it("is another server's when the one named lacks it", () => {
    const v = classify('HSETEX h FIELDS 1 f v', 'redis-7.0');
    expect(v.status).toBe('elsewhere');
    expect(v.status === 'elsewhere' && v.servers[0]).toBe('Redis 8.0.0');
    expect(classify('HSETEX h FIELDS 1 f v', 'redis-8.0').status).toBe('ok');
    expect(classify('HEXPIRE h 10 FIELDS 1 f', 'redis-7.2').status).toBe('elsewhere');
    expect(classify('HEXPIRE h 10 FIELDS 1 f', 'redis-7.4').status).toBe('ok');
  });

  it("is a module's when no table has a dotted name", () => {
    expect(classify('JSON.SET j $ {}').status).toBe('module');
    expect(classify('TS.ADD t 1 2', 'redis-7.0').status).toBe('module');
    // Vector sets are loaded by default in Redis 8: known, not a module's.
    expect(classify('VADD v VALUES 1 1 e').status).toBe('ok');
  });

  it('takes the arity of any version that has the command, and only short for all is short', () => {
    expect(classify('SET k')).toMatchObject({ status: 'arity', short: true });
    expect(classify('GET k extra')).toMatchObject({ status: 'arity', short: false });
  });
});

describe('check with modules and newer commands', () => {
  const dir = tempDir();
  const modules = new AofBuilder().command('SET', 'a', '1');
  for (let i = 0; i < 30; i++) modules.command('JSON.SET', `j${i}`, '$', '{}').command('TS.ADD', 't', String(i), '1');
  modules.command('SET', 'b', '2');
  const newer = new AofBuilder().command('SET', 'a', '1').command('HSETEX', 'h', 'FIELDS', '1', 'f', 'v').command('SET', 'b', '2').build();
  writeFiles(dir, { 'modules.aof': modules.build(), 'newer.aof': newer, 'newer-cut.aof': cut(newer, newer.length - 3) });

  it("calls a file with modules' commands valid, telling once per command which module it needs", async () => {
    const r = await checkAof(join(dir, 'modules.aof'));
    expect(r.status).toBe('valid');
    expect(r.files[0]!.commands).toBe(62);
    expect(r.files[0]!.problems.map((p) => `${p.code} ${p.offset}`)).toEqual(['command-module 27', 'command-module 68']);
    expect(r.fix.action).toBe('none');
    expect(r.commandsJudgedBy).toBe('any version aof knows (Redis 7.0.15 – 8.10.0, Valkey 7.2.7 – 9.1.0-rc2)');
  });

  it("calls a command of a newer server valid by default, and that server's own with --server", async () => {
    expect((await checkAof(join(dir, 'newer.aof'))).status).toBe('valid');
    const r = await checkAof(join(dir, 'newer.aof'), { server: 'redis-7.0' });
    expect(r.status).toBe('unsupported');
    expect(r.commandsJudgedBy).toBe('Redis 7.0.15');
    expect(r.files[0]!.problems[0]).toMatchObject({ code: 'command-newer', kind: 'unsupported', offset: 27 });
    expect(r.fix).toMatchObject({ action: 'refused', reason: expect.stringMatching(/from offset 27, a command the --server named lacks .*not damage/) });
    expect((await checkAof(join(dir, 'newer.aof'), { server: 'redis-8.4' })).status).toBe('valid');
  });

  it('counts the commands after damage whatever server they are of', async () => {
    const damaged = Buffer.concat([b('*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\nGE'), modules.build()]);
    writeFiles(dir, { 'damaged.aof': damaged });
    const r = await checkAof(join(dir, 'damaged.aof'));
    expect(r.status).toBe('invalid');
    // The damaged frame swallows the first SET; every JSON.SET and TS.ADD after it is counted.
    expect(r.files[0]!.loss!.commands).toBeGreaterThanOrEqual(61);
  });
});

describe("names that are Object.prototype's properties", () => {
  const dir = tempDir();
  // A table kept as a plain object once answered `constructor` with Object's own: a known command of arity
  // undefined under --server, and a crash in inspect and cat --key.
  const names = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];
  const file = new AofBuilder().command('SET', 'a', '1');
  for (const n of names) file.command(n, 'a').command('FUNCTION', n, 'a').command('XGROUP', n, 'a').command('OBJECT', n, 'a');
  writeFiles(dir, { 'proto.aof': file.build() });
  const path = join(dir, 'proto.aof');

  it('are unknown commands and subcommands to check, under any server and under one', async () => {
    for (const server of [undefined, 'redis-7.0', 'valkey-8.0']) {
      const r = await checkAof(path, { server });
      expect(r.status).toBe('invalid');
      expect(r.files[0]!.problems[0]).toMatchObject({ code: 'command-unknown', offset: 27 });
      expect(r.files[0]!.problems[0]!.message).toContain("'constructor' is not a Redis command");
    }
    const allowed = await checkAof(path, { allowUnknownCommands: true });
    expect(allowed.status).toBe('valid');
    expect(allowed.files[0]!.problems.filter((p) => p.code === 'command-unknown')).toHaveLength(names.length * 4);
  });

  it('name no key for inspect and cat, and stop a rewrite by name', async () => {
    const report = await inspectAof(path);
    expect(report.totals.commands).toBe(1 + names.length * 4);
    expect(report.hotKeys.map((k) => k.key.toString())).toEqual(['a']);
    const keyed: string[] = [];
    await catAof(path, { keys: [b('a')] }, { command: (c) => keyed.push(c.name) });
    // cat reads what the server loads: up to the first unknown command.
    expect(keyed).toEqual(['set']);
    const r = await rewriteAof(path, join(dir, 'proto.out'), { format: 'resp', dropExpired: false, nowMs: 0 });
    expect(r.failure?.message).toMatch(/^CONSTRUCTOR is not replayed/);
  });

  it('are unknown subcommands and units to the keyspace', () => {
    const k = new Keyspace();
    const run = (...args: string[]) => k.execute(args.map(b));
    k.execute(['GEOADD', 'g', '13.36', '38.11', 'm'].map(b));
    for (const n of names) {
      expect(run('FUNCTION', n)).toEqual({ error: `ERR unknown subcommand '${n}'. Try FUNCTION HELP.` });
      expect(run('XGROUP', n, 's', 'g')).toEqual({ error: `ERR unknown subcommand '${n}'. Try XGROUP HELP.` });
      expect(run('GEOSEARCHSTORE', 'd', 'g', 'FROMMEMBER', 'm', 'BYRADIUS', '1', n)).toEqual({
        error: 'ERR unsupported unit provided. please use M, KM, FT, MI',
      });
    }
  });
});

describe('replay where versions differ', () => {
  // Redis 7.0's own rewrite writes an XCLAIM for a PEL entry whose stream entry was deleted.
  const claim = new AofBuilder()
    .command('XADD', 's', '1-1', 'f', 'v')
    .command('XGROUP', 'CREATE', 's', 'g', '0')
    .command('XCLAIM', 's', 'g', 'alice', '0', '1-0', 'JUSTID', 'FORCE')
    .build();
  const dir = tempDir();
  writeFiles(dir, { 'claim.aof': claim });

  const consumersAfter = async (server: string | undefined) => {
    const out = join(dir, `out-${server ?? 'any'}.aof`);
    const r = await rewriteAof(join(dir, 'claim.aof'), out, { format: 'resp', dropExpired: false, nowMs: 0, replace: true, server });
    expect(r.failure).toBeNull();
    return { text: readFileSync(out, 'latin1'), caveats: r.caveats.map((c) => c.message) };
  };

  it('a claim of nothing creates the consumer as 7.2+ does, not as 7.0 does', async () => {
    expect((await consumersAfter('redis-7.2')).text).toContain('alice');
    expect((await consumersAfter('valkey-8.0')).text).toContain('alice');
    expect((await consumersAfter('redis-7.0')).text).not.toContain('alice');
  });

  it('unknown, behaves as 7.2+ and says so', async () => {
    const r = await consumersAfter(undefined);
    expect(r.text).toContain('alice');
    expect(r.caveats.join()).toMatch(/--server redis-7\.0/);
  });

  it('the behaviour of each version', () => {
    expect(behaviourOf('redis', '7.0.15').claimCreatesConsumer).toBe(false);
    expect(behaviourOf('redis', '7.2.0').claimCreatesConsumer).toBe(true);
    expect(behaviourOf('redis', '10.0.0').claimCreatesConsumer).toBe(true);
    expect(behaviourOf('valkey', '7.2.4').claimCreatesConsumer).toBe(true);
    expect(new Keyspace().execute([b('SET'), b('k'), b('v')], 'set')).toBeTruthy();
  });

  it('refuses a command whose arguments the replay does not take, rather than drop its effect', async () => {
    // IFDEQ compares an XXH3 digest, which the replay does not compute.
    writeFiles(dir, { 'ifdeq.aof': new AofBuilder().command('SET', 'k', 'v').command('SET', 'k', 'w', 'IFDEQ', '5c1a').build() });
    const r = await rewriteAof(join(dir, 'ifdeq.aof'), join(dir, 'ifdeq-out.aof'), { format: 'resp', dropExpired: false, nowMs: 0, replace: true });
    expect(r.failure).toMatchObject({ command: 'set', offset: 27 });
    expect(r.failure!.message).toMatch(/takes arguments this replay does not/);
  });

  it("replays Valkey 8.1's SET IFEQ (propagated as given) and Redis 8.2's BITOP DIFF into the dataset they made", async () => {
    const input = new AofBuilder()
      .command('SET', 'k', 'v')
      .command('SET', 'k', 'w', 'IFEQ', 'v')
      .command('SET', 'k', 'x', 'IFEQ', 'v')
      .command('SET', 'a', '\x0f')
      .command('SET', 'b', '\x03')
      .command('BITOP', 'DIFF', 'c', 'a', 'b')
      .build();
    writeFiles(dir, { 'newer.aof': input });
    const r = await rewriteAof(join(dir, 'newer.aof'), join(dir, 'newer-out.aof'), { format: 'resp', dropExpired: false, nowMs: 0, replace: true });
    expect(r.failure).toBeNull();
    const out = readFileSync(join(dir, 'newer-out.aof'), 'latin1');
    expect(out).toContain('$1\r\nk\r\n$1\r\nw\r\n');
    expect(out).toContain('$1\r\nc\r\n$1\r\n\x0c\r\n');
  });

  it("refuses a module's command by name", async () => {
    writeFiles(dir, { 'json.aof': new AofBuilder().command('JSON.SET', 'j', '$', '{}').build() });
    const r = await rewriteAof(join(dir, 'json.aof'), join(dir, 'json-out.aof'), { format: 'resp', dropExpired: false, nowMs: 0, replace: true });
    expect(r.failure!.message).toMatch(/JSON\.SET is a module's command/);
  });
});
