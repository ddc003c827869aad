// SELECT as redis-server runs it while loading: check, cat, inspect and rewrite place every key where the server does.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { catAof } from '../src/ops/cat/cat.js';
import { checkAof } from '../src/ops/check.js';
import { inspectAof } from '../src/ops/inspect/inspect.js';
import { rewriteAof } from '../src/ops/rewrite/rewrite.js';
import { AofBuilder } from '../test/helpers/aof-builder.js';
import { tempDir, writeFiles } from '../test/helpers/tmp.js';
import { REDIS, REDIS_MISSING, startRedis, type ServerFiles } from './redis-server.js';

const work = mkdtempSync(join(tmpdir(), 'aof-select-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Where redis-server put each key after loading: key → database. */
async function serverDatabases(files: ServerFiles): Promise<{ loaded: boolean; dbs: Record<string, number> }> {
  const server = await startRedis(files, { 'aof-load-truncated': 'no' });
  try {
    if (!server.loaded) return { loaded: false, dbs: {} };
    const c = await server.client();
    const dbs: Record<string, number> = {};
    for (let db = 0; db < 16; db++) {
      await c.call('SELECT', db);
      for (const key of (await c.call('KEYS', '*')) as Buffer[]) dbs[key.toString('latin1')] = db;
    }
    c.close();
    return { loaded: true, dbs };
  } finally {
    await server.stop();
  }
}

/** SELECT's arguments the server accepts and refuses, each followed by a SET of a key of its own. */
const ARGS = ['3', '16', '-1', '9999999999', '1x', ' 1', '01', '+2', '-0', '', '15', '2147483648', '0'];
let keyNo = 0;
const set = (b: AofBuilder) => b.command('SET', `k${keyNo++}`, 'v');

function singleFile(): Buffer {
  const b = new AofBuilder();
  set(b);
  for (const arg of ARGS) set(b.command('SELECT', arg));
  set(b.command('SELECT', '5', '6')); // more arguments: the loader checks no arity
  // Inside MULTI the loader queues SELECT and runs it at EXEC, in order with the SETs around it.
  set(set(b.command('MULTI')).command('SELECT', '7'));
  set(b.command('SELECT', '99'));
  set(b.command('EXEC'));
  set(set(b.command('MULTI')).command('SELECT', '1x'));
  return set(b.command('EXEC')).build();
}

/** A base that ends in SELECT 3 and incr files that start without one: each file is a new client, in db 0. */
function multiPart(dir: string): void {
  const base = set(new AofBuilder().command('SELECT', '3'));
  const incr1 = set(set(set(new AofBuilder()).command('SELECT', '99')).command('SELECT', '2'));
  const incr2 = set(set(set(set(new AofBuilder()).command('MULTI').command('SELECT', '4')).command('EXEC')).command('SELECT', '01'));
  writeFiles(join(dir, 'appendonlydir'), {
    'appendonly.aof.manifest':
      'file appendonly.aof.1.base.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\nfile appendonly.aof.2.incr.aof seq 2 type i\n',
    'appendonly.aof.1.base.aof': base.build(),
    'appendonly.aof.1.incr.aof': incr1.build(),
    'appendonly.aof.2.incr.aof': incr2.build(),
  });
}

/** The database `cat` gives each SET's key. */
async function catDatabases(path: string): Promise<Record<string, number>> {
  const dbs: Record<string, number> = {};
  await catAof(path, {}, { command: (c) => void (c.name === 'set' && (dbs[c.args[1]!.toString('latin1')] = c.db)) });
  return dbs;
}

function keysPerDb(dbs: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const db of Object.values(dbs)) out[String(db)] = (out[String(db)] ?? 0) + 1;
  return out;
}

if (REDIS_MISSING) console.warn(`live suite skipped: ${REDIS_MISSING}`);

describe.skipIf(!!REDIS_MISSING)('SELECT: every operation agrees with redis-server 7 loading the AOF', () => {
  const dir = tempDir();
  const single = join(dir, 'selects.aof');
  writeFileSync(single, singleFile());
  const multi = join(dir, 'multi');
  multiPart(multi);
  const inputs: Array<[string, string, ServerFiles]> = [
    ['a single file of accepted and refused SELECTs', single, { aof: single }],
    ['a multi-part AOF whose files start without SELECT', multi, { aofDir: multi }],
  ];

  it.each(inputs)('%s', async (_name, path, files) => {
    const server = await serverDatabases(files);
    expect(server.loaded).toBe(true);
    // The workload's point: some keys outside db 0, some left in a database by a refused SELECT.
    expect(new Set(Object.values(server.dbs)).size).toBeGreaterThan(2);

    const check = await checkAof(path);
    expect(check.valid).toBe(true);

    expect(await catDatabases(path)).toEqual(server.dbs);

    const inspect = await inspectAof(path);
    expect(
      Object.fromEntries(
        Object.entries(inspect.databases)
          .filter(([, d]) => d.keys > 0)
          .map(([db, d]) => [db, d.keys]),
      ),
    ).toEqual(keysPerDb(server.dbs));
    expect(Object.values(inspect.databases).reduce((n, d) => n + d.commands, 0)).toBe(inspect.totals.commands);

    const out = join(work, `${path === single ? 'single' : 'multi'}.aof`);
    const report = await rewriteAof(path, out, { format: 'resp', dropExpired: false, nowMs: Date.now(), replace: true, server: REDIS!.serverSpec });
    expect(report.failure).toBeNull();
    expect((await serverDatabases({ aof: out })).dbs).toEqual(server.dbs);
  });

  it('SELECT without an argument: check refuses it, as the loader crashes on it', async () => {
    const path = join(dir, 'select-no-arg.aof');
    writeFileSync(path, set(new AofBuilder().command('SELECT')).build());
    const check = await checkAof(path);
    expect(check.files[0]!.problems[0]).toMatchObject({ code: 'command-arity', kind: 'corrupt' });
    expect((await serverDatabases({ aof: path })).loaded).toBe(false);
  });
});
