// Every operation puts each command in the database redis-server runs it in: the walk's, from one SELECT parser.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catAof } from '../../src/ops/cat/cat.js';
import { checkAof } from '../../src/ops/check.js';
import { inspectAof } from '../../src/ops/inspect/inspect.js';
import { rewriteAof } from '../../src/ops/rewrite/rewrite.js';
import { AofBuilder } from '../helpers/aof-builder.js';
import { tempDir, writeFiles } from '../helpers/tmp.js';

const dir = tempDir();

/** SELECTs the server refuses (it stays in db 3), one with an extra argument, one inside MULTI. */
const b = new AofBuilder().command('SET', 'a0', '1').command('SELECT', '3').command('SET', 'a3', '1');
const REFUSED = ['16', '-1', '9999999999', '1x', ' 1', '01'];
for (const arg of REFUSED) b.command('SELECT', arg).command('SET', `in3-${arg}`, '1');
b.command('SELECT', '5', '6')
  .command('SET', 'b5', '1')
  .command('MULTI')
  .command('SELECT', '7')
  .command('SET', 'c7', '1')
  .command('EXEC')
  .command('SET', 'd7', '1')
  .command('SELECT', '15')
  .command('SET', 'e15', '1');
writeFiles(dir, { 'selects.aof': b.build() });
const path = join(dir, 'selects.aof');

const EXPECTED: Record<string, number> = { a0: 0, a3: 3, b5: 5, c7: 7, d7: 7, e15: 15 };
for (const arg of REFUSED) EXPECTED[`in3-${arg}`] = 3;
const keysPerDb = { '0': 1, '3': 1 + REFUSED.length, '5': 1, '7': 2, '15': 1 };

describe('the database of each command', () => {
  it('check: the file loads; SELECT with an extra argument only earns a warning', async () => {
    const r = await checkAof(path);
    expect(r.valid).toBe(true);
    expect(r.files[0]!.problems.map((p) => p.code)).toEqual(['command-arity']);
  });

  it('cat: each SET in its database, each SELECT in the one it selects (or the current one, refused)', async () => {
    const seen: Array<[string, string, number]> = [];
    await catAof(path, {}, { command: (c) => seen.push([c.name, c.args[1]?.toString('latin1') ?? '', c.db]) });
    for (const [name, arg, db] of seen) {
      if (name === 'set') expect([arg, db]).toEqual([arg, EXPECTED[arg]]);
    }
    const selects = seen.filter(([name]) => name === 'select').map(([, arg, db]) => [arg, db]);
    expect(selects).toEqual([['3', 3], ...REFUSED.map((a) => [a, 3]), ['5', 5], ['7', 7], ['15', 15]]);
  });

  it('cat --format resp: a sub-log of one database holds its keys only', async () => {
    const keys: string[] = [];
    await catAof(path, { db: [3], log: true }, { command: (c) => void (c.name === 'set' && keys.push(c.args[1]!.toString('latin1'))) });
    expect(keys).toEqual(['a3', ...REFUSED.map((a) => `in3-${a}`)]);
  });

  it('inspect: keys and commands per database, adding up to the totals', async () => {
    const r = await inspectAof(path);
    expect(Object.fromEntries(Object.entries(r.databases).map(([db, d]) => [db, d.keys]))).toEqual(keysPerDb);
    expect(Object.values(r.databases).reduce((n, d) => n + d.commands, 0)).toBe(r.totals.commands);
    expect(r.databases['3']!.commands).toBe(2 + 2 * REFUSED.length);
  });

  it('rewrite: the keys in their databases; the refused SELECTs counted as failed, as they failed in the server', async () => {
    const r = await rewriteAof(path, join(dir, 'selects.out'), { format: 'resp', dropExpired: false, nowMs: 0 });
    const perDb = Object.fromEntries(Object.entries(r.keys).map(([db, t]) => [db, t.string]));
    expect(perDb).toEqual(keysPerDb);
    expect(r.failedCommands).toBe(REFUSED.length);
  });

  it('every file starts in db 0, a new loading client, whatever the previous file selected', async () => {
    const d = join(dir, 'mp', 'appendonlydir');
    writeFiles(d, {
      'appendonly.aof.manifest': 'file appendonly.aof.1.base.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n',
      'appendonly.aof.1.base.aof': new AofBuilder().command('SELECT', '3').command('SET', 'base3', '1').build(),
      'appendonly.aof.1.incr.aof': new AofBuilder().command('SET', 'incr0', '1').command('SELECT', '2').command('SET', 'incr2', '1').build(),
    });
    const dbs: Record<string, number> = {};
    await catAof(d, {}, { command: (c) => void (c.name === 'set' && (dbs[c.args[1]!.toString()] = c.db)) });
    expect(dbs).toEqual({ base3: 3, incr0: 0, incr2: 2 });
    const r = await rewriteAof(d, join(dir, 'mp.out'), { format: 'resp', dropExpired: false, nowMs: 0 });
    expect(r.keys).toEqual({ '0': { string: 1 }, '2': { string: 1 }, '3': { string: 1 } });
    expect(Object.keys((await inspectAof(d)).databases)).toEqual(['0', '2', '3']);
  });
});
