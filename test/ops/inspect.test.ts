// inspect against a workload whose figures the test computes on its own from the commands it wrote.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectAof } from '../../src/ops/inspect/inspect.js';
import { encodeCommand } from '../../src/resp/index.js';
import { AofBuilder, cut } from '../helpers/aof-builder.js';
import { tempDir, writeFiles } from '../helpers/tmp.js';

const dir = tempDir();

type Step = { ts: number } | string[];

/** A small, fully known workload: two databases, a transaction, flushes, a DEL burst, a big value. */
function workload(): Step[] {
  const steps: Step[] = [{ ts: 1_700_000_000 }, ['SELECT', '0']];
  for (let i = 0; i < 30; i++) steps.push(['SET', `user:${i % 7}`, `v${i}`]);
  steps.push(['MULTI'], ['INCR', 'counter'], ['HSET', 'h:1', 'f', 'v'], ['EXEC']);
  steps.push({ ts: 1_700_000_005 }, ['SELECT', '3'], ['RPUSH', 'list:a', 'x', 'y'], ['MSET', 'k:1', 'a', 'k:2', 'b']);
  steps.push(['DEL', 'user:1', 'user:2'], ['UNLINK', 'user:3'], ['SELECT', '3'], ['DEL', 'user:4']);
  steps.push({ ts: 1_700_000_100 }, ['flushdb'], ['SWAPDB', '0', '3'], ['SET', 'blob', 'x'.repeat(5000)], ['FLUSHALL', 'ASYNC']);
  return steps;
}

function build(steps: Step[]): Buffer {
  const b = new AofBuilder();
  for (const s of steps) {
    if (Array.isArray(s)) b.command(...s);
    else b.annotation(`TS:${s.ts}`);
  }
  return b.build();
}

/** The reference: per upper-case name, count and encoded size, computed from the steps alone. */
function reference(steps: Step[]): Record<string, { count: number; bytes: number }> {
  const out: Record<string, { count: number; bytes: number }> = {};
  for (const s of steps) {
    if (!Array.isArray(s)) continue;
    const name = s[0]!.toUpperCase();
    const size = encodeCommand(s.map((a) => Buffer.from(a))).length;
    out[name] ??= { count: 0, bytes: 0 };
    out[name].count++;
    out[name].bytes += size;
  }
  return out;
}

describe('inspectAof', () => {
  const steps = workload();
  const bytes = build(steps);
  writeFiles(dir, { 'w.aof': bytes, 'cut.aof': cut(bytes, bytes.length - 10) });

  it('counts every frame per command, matching an independent count', async () => {
    const r = await inspectAof(join(dir, 'w.aof'));
    const ref = reference(steps);
    expect(r.commands).toEqual(ref);
    const commands = steps.filter(Array.isArray).length;
    expect(r.totals.commands).toBe(commands);
    expect(r.totals.bytes).toBe(Object.values(ref).reduce((n, c) => n + c.bytes, 0));
    expect(r.totals.annotations).toBe(3);
    expect(r.totals.transactions).toBe(1);
    expect(r.totals.selects).toBe(3);
    expect(r.damaged).toBe(false);
  });

  it('attributes commands and distinct keys to databases', async () => {
    const r = await inspectAof(join(dir, 'w.aof'));
    // db 0: SELECT 0, 30 SET, MULTI, INCR, HSET, EXEC = 35; db 3: the 11 commands from SELECT 3 on.
    expect(r.databases['0']).toMatchObject({ commands: 35, keys: 9, keysApproximate: false });
    // list:a, k:1, k:2, user:1..4, blob
    expect(r.databases['3']).toMatchObject({ commands: 11, keys: 8 });
    expect(Object.values(r.databases).reduce((n, d) => n + d.commands, 0)).toBe(r.totals.commands);
  });

  it('ranks hot keys and prefixes, and says nothing is approximate', async () => {
    const r = await inspectAof(join(dir, 'w.aof'), { top: 3 });
    // In db 0, user:n is written for i ≡ n (mod 7), i < 30: five times for n = 0, 1, four for the others.
    expect(r.hotKeys.map((k) => [k.db, k.key.toString(), k.count])).toEqual([
      [0, 'user:0', 5],
      [0, 'user:1', 5],
      [0, 'user:2', 4],
    ]);
    expect(r.bigWriters[0]).toMatchObject({ db: 3, count: 1 });
    expect(r.bigWriters[0]!.key.toString()).toBe('blob');
    expect(r.prefixes.byCount[0]!.prefix.toString()).toBe('user:');
    expect(r.prefixes.byCount[0]!.count).toBe(30 + 4);
    expect(r.approximate).toEqual([]);
  });

  it('splits a multi-key command’s bytes so per-key bytes add up', async () => {
    const r = await inspectAof(join(dir, 'w.aof'), { top: 100 });
    const keyed = Object.entries(r.types).filter(([t]) => t !== 'keyless');
    const keyedBytes = keyed.reduce((n, [, s]) => n + s!.bytes, 0);
    const perKey = r.hotKeys.reduce((n, k) => n + k.bytes, 0);
    expect(perKey).toBe(keyedBytes);
    expect(r.types.string!.count).toBe(30 + 1 + 1 + 1); // SET×30, INCR, MSET, SET blob
    expect(r.types.generic!.count).toBe(3); // DEL, UNLINK, DEL
  });

  it('lists flushes and SWAPDB with offset and time, and the largest DEL burst', async () => {
    const r = await inspectAof(join(dir, 'w.aof'));
    expect(r.dangerous.commands.map((d) => [d.command, d.args, d.ts, d.db])).toEqual([
      ['FLUSHDB', [], 1_700_000_100, 3],
      ['SWAPDB', ['0', '3'], 1_700_000_100, 3],
      ['FLUSHALL', ['ASYNC'], 1_700_000_100, 3],
    ]);
    const flushdb = r.dangerous.commands[0]!;
    expect(bytes.subarray(flushdb.offset, flushdb.offset + 16).toString()).toBe('*1\r\n$7\r\nflushdb\r');
    // DEL, UNLINK, SELECT, DEL: one burst of 3 commands and 4 keys.
    expect(r.dangerous.deleteBursts[0]).toMatchObject({ commands: 3, keys: 4, ts: 1_700_000_005 });
  });

  it('reports time span and histogram from #TS annotations', async () => {
    const r = await inspectAof(join(dir, 'w.aof'));
    expect(r.time).toMatchObject({ first: 1_700_000_000, last: 1_700_000_100, untimed: 0 });
    expect(r.time!.counts.reduce((a, b) => a + b, 0)).toBe(r.totals.commands);
  });

  it('lists the largest commands with their key', async () => {
    const r = await inspectAof(join(dir, 'w.aof'), { top: 1 });
    expect(r.largest).toHaveLength(1);
    expect(r.largest[0]).toMatchObject({ command: 'SET', db: 3, size: encodeCommand(['SET', 'blob', 'x'.repeat(5000)].map((s) => Buffer.from(s))).length });
    expect(r.largest[0]!.key!.toString()).toBe('blob');
  });

  it('inspects a damaged file up to the damage and says where it stopped', async () => {
    const r = await inspectAof(join(dir, 'cut.aof'));
    expect(r.damaged).toBe(true);
    expect(r.files[0]!.stoppedAt).toMatchObject({ code: 'truncated' });
    expect(r.totals.commands).toBe(steps.filter(Array.isArray).length - 1);
  });

  it("keeps an RDB's aux fields whatever their names, __proto__ too", async () => {
    const field = (k: string, v: string) => Buffer.concat([Buffer.from([0xfa, k.length]), Buffer.from(k), Buffer.from([v.length]), Buffer.from(v)]);
    // RDB 11 with three aux fields and no key; a zero checksum is not checked, as the server does.
    const rdb = Buffer.concat([
      Buffer.from('REDIS0011'),
      field('redis-ver', '7.0.15'),
      field('__proto__', 'x'),
      field('constructor', 'y'),
      Buffer.from([0xff]),
      Buffer.alloc(8),
    ]);
    writeFiles(dir, { 'aux.rdb': rdb });
    const r = await inspectAof(join(dir, 'aux.rdb'));
    expect(r.files[0]!.rdb?.aux).toEqual(
      Object.fromEntries([
        ['redis-ver', '7.0.15'],
        ['__proto__', 'x'],
        ['constructor', 'y'],
      ]),
    );
    expect(Object.keys(r.files[0]!.rdb?.aux ?? {})).toEqual(['redis-ver', '__proto__', 'constructor']);
  });

  it('switches to estimates past the exact-key limit and says so', async () => {
    const b = new AofBuilder();
    for (let i = 0; i < 3000; i++) b.command('SET', `k:${i}`, 'v');
    for (let i = 0; i < 50; i++) b.command('INCR', 'hot');
    writeFiles(dir, { 'many.aof': b.build() });
    const r = await inspectAof(join(dir, 'many.aof'), { exactKeys: 500, top: 1 });
    expect(r.approximate).toContain('databases.0.keys');
    expect(r.approximate).toContain('hotKeys');
    expect(r.databases['0']!.keysApproximate).toBe(true);
    expect(Math.abs(r.databases['0']!.keys - 3001) / 3001).toBeLessThan(0.05);
    expect(r.hotKeys[0]!.key.toString()).toBe('hot');
    expect(r.hotKeys[0]!.count - r.hotKeys[0]!.error).toBeLessThanOrEqual(50);
    expect(r.hotKeys[0]!.count).toBeGreaterThanOrEqual(50);
  });
});

describe('inspect past the exact-key limit', () => {
  it('keeps every exact count (totals, commands, databases, types) whatever the limit (property)', async () => {
    const fc = (await import('fast-check')).default;
    const commandArb = fc.oneof(
      fc
        .tuple(fc.constantFrom('SET', 'INCR', 'LPUSH', 'SADD', 'DEL', 'HSET'), fc.integer({ min: 0, max: 60 }))
        .map(([c, k]) => (c === 'INCR' || c === 'DEL' ? [c, `key:${k}`] : c === 'HSET' ? [c, `h:${k}`, 'f', 'v'] : [c, `key:${k}`, 'v'.repeat(k % 5)])),
      fc.integer({ min: 0, max: 3 }).map((db) => ['SELECT', String(db)]),
      fc.constant(['MSET', 'a', '1', 'b', '2']),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(commandArb, { minLength: 1, maxLength: 300 }), fc.integer({ min: 1, max: 20 }), async (commands, exactKeys) => {
        const b = new AofBuilder();
        for (const c of commands) b.command(...c);
        writeFiles(dir, { 'prop.aof': b.build() });
        const exact = await inspectAof(join(dir, 'prop.aof'));
        const sketched = await inspectAof(join(dir, 'prop.aof'), { exactKeys });
        expect(exact.approximate).toEqual([]);
        for (const field of ['totals', 'commands', 'types', 'files', 'time', 'dangerous', 'largest'] as const) expect(sketched[field]).toEqual(exact[field]);
        for (const [db, d] of Object.entries(exact.databases)) {
          const s = sketched.databases[db]!;
          expect({ commands: s.commands, bytes: s.bytes }).toEqual({ commands: d.commands, bytes: d.bytes });
          if (d.keys <= exactKeys) expect(s).toEqual(d);
          else expect(s.keysApproximate).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  });
});
