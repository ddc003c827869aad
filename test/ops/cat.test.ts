// cat: filters, and --format resp sub-logs that are valid AOFs with keys in their databases and whole transactions.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catAof, CatOptionError, type CatCommand, type CatOptions } from '../../src/ops/cat/cat.js';
import { checkAof } from '../../src/ops/check.js';
import { encodeCommand, RespReader } from '../../src/resp/index.js';
import { AofBuilder } from '../helpers/aof-builder.js';
import { tempDir, writeFiles } from '../helpers/tmp.js';

const dir = tempDir();

const b = new AofBuilder()
  .annotation('TS:100')
  .command('SELECT', '0')
  .command('SET', 'user:1', 'a')
  .command('SET', 'order:1', 'b')
  .command('MULTI')
  .command('SET', 'user:2', 'c')
  .command('INCR', 'stats')
  .command('EXEC')
  .annotation('TS:200')
  .command('SELECT', '5')
  .command('MSET', 'x', '1', 'user:3', '2')
  .command('MULTI')
  .command('INCR', 'stats')
  .command('EXEC')
  .command('DEL', 'user:1', 'order:1')
  .annotation('TS:300')
  .command('SELECT', '0')
  .command('MULTI')
  .command('SET', 'user:9', 'lost');
const aof = b.build();
writeFiles(dir, { 'a.aof': aof });
const path = join(dir, 'a.aof');

interface Seen {
  line: string;
  offset: number | null;
  db: number;
  ts: number | null;
}

async function run(options: CatOptions): Promise<Seen[]> {
  const seen: Seen[] = [];
  await catAof(path, options, {
    command: (c: CatCommand) => seen.push({ line: c.args.map((a) => a.toString()).join(' '), offset: c.offset, db: c.db, ts: c.ts }),
  });
  return seen;
}

/** The sub-log as bytes, the way the CLI writes --format resp. */
async function subLog(options: CatOptions): Promise<Buffer> {
  const parts: Buffer[] = [];
  await catAof(
    path,
    { ...options, log: true },
    {
      command: (c) => parts.push(encodeCommand(c.args)),
      timestamp: (ts) => parts.push(Buffer.from(`#TS:${ts}\r\n`)),
    },
  );
  return Buffer.concat(parts);
}

function commandsIn(bytes: Buffer): string[] {
  const out: string[] = [];
  const reader = new RespReader({ command: (f) => out.push(f.args.map((a) => a.toString()).join(' ')), problem: () => {} });
  reader.feed(bytes);
  reader.end();
  return out;
}

describe('catAof filters', () => {
  it('prints every command with its offset, database and time when nothing is filtered', async () => {
    const seen = await run({});
    expect(seen).toHaveLength(16);
    expect(seen[1]).toEqual({ line: 'SET user:1 a', offset: b.boundaries[2], db: 0, ts: 100 });
    expect(seen.find((s) => s.line.startsWith('MSET'))).toMatchObject({ db: 5, ts: 200 });
  });

  it('selects by key pattern over every key of a multi-key command', async () => {
    expect((await run({ keys: [Buffer.from('user:*')] })).map((s) => s.line)).toEqual([
      'SET user:1 a',
      'SET user:2 c',
      'MSET x 1 user:3 2',
      'DEL user:1 order:1',
      'SET user:9 lost',
    ]);
    expect((await run({ keys: [Buffer.from('user:[^1]')] })).map((s) => s.line)).toHaveLength(3);
  });

  it('keeps FLUSHALL, FLUSHDB and SWAPDB under a key filter: they change every key', async () => {
    const wide = new AofBuilder()
      .command('SELECT', '0')
      .command('SET', 'user:1', 'a')
      .command('FLUSHDB')
      .command('SET', 'user:2', 'b')
      .command('SWAPDB', '0', '1')
      .command('FLUSHALL', 'ASYNC')
      .command('PUBLISH', 'user:1', 'm')
      .build();
    writeFiles(dir, { 'wide.aof': wide });
    const lines: string[] = [];
    await catAof(join(dir, 'wide.aof'), { keys: [Buffer.from('user:*')] }, { command: (c) => lines.push(c.args.join(' ')) });
    expect(lines).toEqual(['SET user:1 a', 'FLUSHDB', 'SET user:2 b', 'SWAPDB 0 1', 'FLUSHALL ASYNC']);
  });

  it('selects by database and command name', async () => {
    expect((await run({ db: [5] })).map((s) => s.line)).toEqual(['SELECT 5', 'MSET x 1 user:3 2', 'MULTI', 'INCR stats', 'EXEC', 'DEL user:1 order:1']);
    expect((await run({ commands: ['incr'] })).map((s) => s.db)).toEqual([0, 5]);
  });

  it('selects a window of offsets [from, to) or of #TS times', async () => {
    const from = b.boundaries[3]!; // SET order:1
    const to = b.boundaries[6]!; // INCR stats
    expect((await run({ from: { kind: 'offset', file: null, offset: from }, to: { kind: 'offset', file: null, offset: to } })).map((s) => s.line)).toEqual([
      'SET order:1 b',
      'MULTI',
      'SET user:2 c',
    ]);
    const t = await run({ from: { kind: 'time', ts: 200 }, to: { kind: 'time', ts: 200 } });
    expect(t.every((s) => s.ts === 200)).toBe(true);
    expect(t).toHaveLength(6);
  });

  it('refuses a bound naming a file the AOF does not load', async () => {
    await expect(run({ from: { kind: 'offset', file: 'other.aof', offset: 0 } })).rejects.toBeInstanceOf(CatOptionError);
  });
});

describe('catAof --format resp', () => {
  it('extracts a sub-log: SELECTs placed where needed, transactions whole, the unfinished one dropped', async () => {
    const bytes = await subLog({ keys: [Buffer.from('user:*')] });
    expect(commandsIn(bytes)).toEqual(['SELECT 0', 'SET user:1 a', 'MULTI', 'SET user:2 c', 'EXEC', 'SELECT 5', 'MSET x 1 user:3 2', 'DEL user:1 order:1']);
    expect(bytes.toString('latin1')).toContain('#TS:100\r\n');
    expect(bytes.toString('latin1')).toContain('#TS:200\r\n');
    writeFiles(dir, { 'sub.aof': bytes });
    const check = await checkAof(join(dir, 'sub.aof'));
    expect(check.valid).toBe(true);
  });

  it('keeps a transaction whole around a nested MULTI and drops a stray EXEC, as the loader runs them', async () => {
    // The loader queues the inner MULTI (EXEC then logs "MULTI calls can not be nested") and ignores the
    // second EXEC: one transaction of two SETs, then a SET outside any.
    const nested = new AofBuilder()
      .command('MULTI')
      .command('SET', 'a', '1')
      .command('MULTI')
      .command('SET', 'b', '2')
      .command('EXEC')
      .command('EXEC')
      .command('SET', 'c', '3')
      .build();
    writeFiles(dir, { 'nested.aof': nested });
    const parts: Buffer[] = [];
    await catAof(join(dir, 'nested.aof'), { log: true }, { command: (c) => parts.push(encodeCommand(c.args)) });
    expect(commandsIn(Buffer.concat(parts))).toEqual(['SELECT 0', 'MULTI', 'SET a 1', 'SET b 2', 'EXEC', 'SET c 3']);
  });

  it('drops a transaction none of whose commands is selected', async () => {
    const bytes = await subLog({ keys: [Buffer.from('order:*')] });
    expect(commandsIn(bytes)).toEqual(['SELECT 0', 'SET order:1 b', 'SELECT 5', 'DEL user:1 order:1']);
  });

  it('reproduces the loadable part of the AOF when nothing is filtered', async () => {
    const bytes = await subLog({});
    const original = commandsIn(aof).slice(0, -2); // the unfinished MULTI is rolled back by the loader
    const withoutSelects = (l: string[]) => l.filter((c) => !c.startsWith('SELECT'));
    expect(withoutSelects(commandsIn(bytes))).toEqual(withoutSelects(original));
  });
});

describe('catAof on an RDB preamble', () => {
  const preamble = join(import.meta.dirname, '..', '..', 'fixtures', 'preamble', 'all-types.aof');

  it('shows every key of the RDB section as the commands that rebuild it, TTLs and functions included', async () => {
    const rebuilt: CatCommand[] = [];
    const result = await catAof(preamble, {}, { command: (c) => void (c.fromRdb && rebuilt.push({ ...c, args: c.args.map((a) => Buffer.from(a)) })) });
    expect(result.unconverted).toEqual([]);
    const { inspectAof } = await import('../../src/ops/inspect/inspect.js');
    const file = (await inspectAof(preamble)).files[0]!;
    const rdb = file.rdb!;
    const keysPerDb: Record<string, number> = {};
    const seen = new Set<string>();
    for (const c of rebuilt) {
      if (c.keys.length === 0) continue;
      const id = `${c.db} ${c.args[c.keys[0]!]!.toString('latin1')}`;
      if (!seen.has(id)) keysPerDb[String(c.db)] = (keysPerDb[String(c.db)] ?? 0) + 1;
      seen.add(id);
    }
    const expected = Object.fromEntries(Object.entries(rdb.keys).map(([db, t]) => [db, Object.values(t).reduce((a, b) => a + (b ?? 0), 0)]));
    expect(keysPerDb).toEqual(expected);
    expect(rebuilt.filter((c) => c.name === 'pexpireat')).toHaveLength(rdb.keysWithExpiry);
    expect(rebuilt.filter((c) => c.name === 'function')).toHaveLength(1);
    expect(rebuilt.every((c) => c.ts === null && c.offset !== null && c.offset < file.rdbEnd!)).toBe(true);
  });

  it('filters rebuilt commands by key like any other, into a valid sub-log', async () => {
    const parts: Buffer[] = [];
    await catAof(preamble, { keys: [Buffer.from('ttl:*')], log: true }, { command: (c) => parts.push(encodeCommand(c.args)) });
    const lines = commandsIn(Buffer.concat(parts));
    expect(lines[0]).toBe('SELECT 0');
    expect(lines.filter((l) => l.startsWith('PEXPIREAT ttl:')).length).toBeGreaterThan(0);
    expect(lines.slice(1).every((l) => l.split(' ')[1]!.startsWith('ttl:'))).toBe(true);
  });
});
