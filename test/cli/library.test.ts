// The library (src/index.ts): the same answers as the CLI's JSON, readCommands as `aof cat` selects, fixes.
import { copyFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catCommand } from '../../src/cli/commands/cat.js';
import { checkCommand } from '../../src/cli/commands/check.js';
import { applyFix, check, planFix, readCommands, type AofCommand } from '../../src/index.js';
import { AofBuilder } from '../helpers/aof-builder.js';
import { tempDir, writeFiles } from '../helpers/tmp.js';
import { runCommand } from './inspect-cli.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures');
const CUT = join(FIXTURES, 'spoiled', 'resp', 'cut-payload.aof');
const MULTIPART = join(FIXTURES, 'multipart', 'rdb-base', 'appendonlydir');
const dir = tempDir();

describe.skipIf(!existsSync(FIXTURES))('the library', () => {
  it('check() returns the object aof check --json prints', async () => {
    for (const path of [CUT, MULTIPART]) {
      const cli = await runCommand(checkCommand, ['check', '--json', path]);
      expect(await check(path)).toEqual(JSON.parse(cli.stdout));
    }
  });

  it('readCommands() yields what aof cat --format json prints, RDB keys included, with Buffers to keep', async () => {
    const filter = { db: [0], commands: ['set', 'rpush', 'hset', 'sadd', 'zadd'] };
    const cli = await runCommand(catCommand, ['cat', MULTIPART, '--format', 'json', '--db', '0', '--command', filter.commands.join(',')]);
    const expected = cli.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const commands: AofCommand[] = [];
    for await (const c of readCommands(MULTIPART, filter)) commands.push(c);
    expect(commands.some((c) => c.fromRdb)).toBe(true);
    expect(commands.some((c) => !c.fromRdb)).toBe(true);
    // Kept past the walk, the args still hold their own bytes (copies, not views of reused chunks).
    const shaped = commands.map((c) => ({
      file: c.file,
      offset: c.offset,
      db: c.db,
      ts: c.ts,
      command: c.name.toUpperCase(),
      args: c.args.slice(1).map((a) => a.toString('utf8')),
      keys: c.keys,
      ...(c.fromRdb ? { fromRdb: true } : {}),
    }));
    expect(shaped).toEqual(expected);
  });

  it('readCommands() returns where damage stopped it, and stops reading when the loop breaks', async () => {
    const all = readCommands(CUT);
    let step = await all.next();
    let n = 0;
    for (; !step.done; step = await all.next()) n++;
    expect(n).toBeGreaterThan(1);
    expect(step.value.stopped).toEqual([expect.objectContaining({ file: CUT, offset: 243 })]);
    const early = readCommands(CUT);
    for await (const c of early) {
      expect(c.offset).toBe(0);
      break;
    }
    expect(await early.next()).toEqual({ done: true, value: undefined });
  });

  it('readCommands() on a file of many chunks: a loop that breaks ends the walk, nothing left pending', async () => {
    const big = new AofBuilder();
    for (let i = 0; i < 40_000; i++) big.command('SET', `key:${i}`, 'v'.repeat(64));
    writeFiles(dir, { 'big.aof': big.build() });
    const early = readCommands(join(dir, 'big.aof'));
    const names: string[] = [];
    for await (const c of early) {
      names.push(c.name);
      if (names.length === 3) break;
    }
    expect(names).toEqual(['set', 'set', 'set']);
    expect(await early.next()).toEqual({ done: true, value: undefined });
    let all = 0;
    for await (const c of readCommands(join(dir, 'big.aof'), { commands: ['set'] })) all += c.args.length === 3 ? 1 : 0;
    expect(all).toBe(40_000);
  });

  it('planFix() and applyFix() cut the file in place where aof fix would, saving the cut bytes', async () => {
    const path = join(dir, 'cut.aof');
    copyFileSync(CUT, path);
    const plan = await planFix(path);
    expect(plan).toMatchObject({ action: 'truncate', file: path, from: 244, to: 225 });
    if (plan.action !== 'truncate') return;
    const outcome = await applyFix(plan);
    expect(outcome).toMatchObject({ file: path, from: 244, to: 225 });
    expect(outcome.backup).toMatch(/cut\.aof\.cut-at-225\.\d{8}T\d{6}Z\.tail$/);
    expect(readFileSync(outcome.backup!)).toEqual(readFileSync(CUT).subarray(225));
    expect(outcome.undo).toContain('seek=225');
    expect(statSync(path).size).toBe(225);
    expect((await check(path)).valid).toBe(true);
    await expect(applyFix(plan, { backupDir: null })).rejects.toThrow(/changed size since it was checked/);
  });
});

describe('the built library', () => {
  const dist = join(import.meta.dirname, '..', '..', 'dist', 'index.js');

  it('rewrite() runs on a worker thread: the same output as in this thread, progress forwarded, errors as the same classes', async () => {
    // `npm test` builds first; the compiled module is what starts the worker (from the sources it runs here).
    const built = (await import(dist)) as typeof import('../../src/index.js');
    const { rewrite } = await import('../../src/index.js');
    const here = join(dir, 'here.aof');
    const there = join(dir, 'there.aof');
    await rewrite(MULTIPART, here, { nowMs: 0 });
    const seen: number[] = [];
    const report = await built.rewrite(MULTIPART, there, { nowMs: 0, onProgress: (done) => seen.push(done) });
    expect(report.ok).toBe(true);
    expect(readFileSync(there).equals(readFileSync(here))).toBe(true);
    expect(seen.length).toBeGreaterThan(0);
    await expect(built.rewrite(join(dir, 'no-such.aof'), join(dir, 'x.aof'))).rejects.toBeInstanceOf(built.UnreadablePathError);
    // An I/O failure keeps its errno and path, as it has in this thread (a caller tells ENOSPC by e.code).
    type Failure = { name: string; code: string; path: string };
    const failure = (p: Promise<unknown>) =>
      p.then(
        () => ({ name: 'none', code: '', path: '' }) as Failure,
        (e: unknown) => e as Failure,
      );
    const here2 = await failure(rewrite(MULTIPART, join(CUT, 'x.aof')));
    const there2 = await failure(built.rewrite(MULTIPART, join(CUT, 'x.aof')));
    expect([there2.name, there2.code, there2.path]).toEqual([here2.name, here2.code, here2.path]);
    expect(there2.code).toBe('ENOTDIR');
  });
});
