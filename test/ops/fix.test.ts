// applyTruncate: the shortened file, the untouched backup, the kept mode, the refusal of a changed file.
import { readFileSync, statSync, chmodSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAof } from '../../src/ops/check.js';
import { applyTruncate, defaultBackupPath } from '../../src/ops/fix.js';
import { AofBuilder, cut } from '../helpers/aof-builder.js';
import { tempDir, writeFiles } from '../helpers/tmp.js';

const dir = tempDir();

describe('applyTruncate', () => {
  it('cuts at okUpTo, keeps the original whole as the backup and keeps the file mode', async () => {
    const full = new AofBuilder().command('SET', 'a', '1').command('SET', 'b', '2').build();
    const damaged = cut(full, full.length - 4);
    writeFiles(dir, { 'one.aof': damaged });
    const path = join(dir, 'one.aof');
    chmodSync(path, 0o640);
    const report = await checkAof(path);
    expect(report.fix.action).toBe('truncate');
    const backup = defaultBackupPath(path, new Date(Date.UTC(2026, 0, 2, 3, 4, 5)));
    expect(backup).toBe(`${path}.bak-20260102T030405Z`);
    const outcome = await applyTruncate(report.fix as Extract<typeof report.fix, { action: 'truncate' }>, backup);
    expect(outcome).toEqual({ file: path, from: damaged.length, to: 27, backup });
    expect(readFileSync(path)).toEqual(full.subarray(0, 27));
    expect(readFileSync(backup)).toEqual(damaged);
    expect(statSync(path).mode & 0o777).toBe(0o640);
    expect((await checkAof(path)).valid).toBe(true);
  });

  it('refuses when the file changed size since the check (a server still writing it)', async () => {
    const full = new AofBuilder().command('SET', 'a', '1').build();
    writeFiles(dir, { 'two.aof': cut(full, 10) });
    const path = join(dir, 'two.aof');
    const report = await checkAof(path);
    appendFileSync(path, 'more');
    await expect(applyTruncate(report.fix as Extract<typeof report.fix, { action: 'truncate' }>, null)).rejects.toThrow(/changed size/);
    expect(readFileSync(path).length).toBe(14);
  });
});
