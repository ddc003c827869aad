// applyFix: cut in place at okUpTo after saving the tail; refusal of a changed file; a running writer's growth.
import { appendFileSync, chmodSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { checkAof } from '../../src/ops/check.js';
import { applyFix, type TruncatePlan } from '../../src/ops/fix.js';
import { AofBuilder, cut } from '../helpers/aof-builder.js';
import { tempDir, writeFiles } from '../helpers/tmp.js';

const dir = tempDir();
const NOW = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));

async function planFor(path: string): Promise<TruncatePlan> {
  const report = await checkAof(path);
  if (report.fix.action !== 'truncate') throw new Error(`expected a truncate plan, got ${report.fix.action}`);
  return report.fix;
}

describe('applyFix', () => {
  it('cuts at okUpTo in place, saves the cut bytes and keeps inode and mode; the undo restores the file', async () => {
    const full = new AofBuilder().command('SET', 'a', '1').command('SET', 'b', '2').build();
    const damaged = cut(full, full.length - 4);
    writeFiles(dir, { 'one.aof': damaged });
    const path = join(dir, 'one.aof');
    chmodSync(path, 0o640);
    const inode = statSync(path).ino;
    const outcome = await applyFix(await planFor(path), { now: NOW });
    const backup = join(dir, 'one.aof.cut-at-27.20260102T030405Z.tail');
    expect(outcome).toMatchObject({ file: path, target: path, from: damaged.length, to: 27, backup, grewBy: 0 });
    expect(readFileSync(path)).toEqual(full.subarray(0, 27));
    expect(readFileSync(backup)).toEqual(damaged.subarray(27));
    expect(statSync(path).ino).toBe(inode);
    expect(statSync(path).mode & 0o777).toBe(0o640);
    expect((await checkAof(path)).valid).toBe(true);
    execFileSync('sh', ['-c', outcome.undo!]);
    expect(readFileSync(path)).toEqual(damaged);
  });

  it('refuses when the file changed size since the check (a server still writing it)', async () => {
    const full = new AofBuilder().command('SET', 'a', '1').build();
    writeFiles(dir, { 'two.aof': cut(full, 10) });
    const path = join(dir, 'two.aof');
    const plan = await planFor(path);
    appendFileSync(path, 'more');
    await expect(applyFix(plan, { backupDir: null })).rejects.toThrow(/changed size/);
    expect(readFileSync(path).length).toBe(14);
  });

  it('with a running writer allowed, saves what it appended too and cuts at the same offset', async () => {
    const full = new AofBuilder().command('SET', 'a', '1').build();
    writeFiles(dir, { 'three.aof': cut(full, 10) });
    const path = join(dir, 'three.aof');
    const plan = await planFor(path);
    appendFileSync(path, 'more');
    const outcome = await applyFix(plan, { allowGrowth: true, now: NOW });
    expect(outcome).toMatchObject({ from: 14, to: 0, grewBy: 4 });
    expect(readFileSync(path).length).toBe(0);
    expect(readFileSync(outcome.backup!).toString('latin1')).toBe(cut(full, 10).toString('latin1') + 'more');
  });
});
