// planUntil/applyUntil: where a point-in-time cut lands, what it refuses, and the order its writes happen in.
import { cpSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAof } from '../../src/ops/check.js';
import { applyUntil, planUntil } from '../../src/ops/until.js';
import { AofBuilder } from '../helpers/aof-builder.js';
import { tempDir } from '../helpers/tmp.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures');
const dir = tempDir();

describe('planUntil', () => {
  const log = new AofBuilder()
    .annotation('TS:100')
    .command('SET', 'a', '1')
    .annotation('TS:101')
    .command('MULTI')
    .command('SET', 'b', '2')
    .annotation('TS:102')
    .command('SET', 'c', '3')
    .command('EXEC')
    .annotation('TS:103')
    .command('SET', 'd', '4');
  const path = join(dir, 'ts.aof');
  writeFileSync(path, log.build());

  it('cuts at the first annotation after the time, never inside a transaction', async () => {
    expect(await planUntil(path, { kind: 'time', ts: 100 })).toMatchObject({ action: 'cut', to: log.boundaries[2], droppedCommands: 5, lastKeptTs: 100 });
    // #TS:102 falls inside MULTI…EXEC: the cut goes back to the MULTI.
    expect(await planUntil(path, { kind: 'time', ts: 101 })).toMatchObject({ action: 'cut', to: log.boundaries[3] });
    expect(await planUntil(path, { kind: 'time', ts: 103 })).toMatchObject({ action: 'none' });
  });

  it('takes an offset only at a record boundary', async () => {
    expect(await planUntil(path, { kind: 'offset', file: null, offset: log.boundaries[8]! })).toMatchObject({ action: 'cut', droppedCommands: 1 });
    expect(await planUntil(path, { kind: 'offset', file: null, offset: log.boundaries[8]! + 1 })).toMatchObject({
      action: 'refused',
      reason: expect.stringContaining('not where a command'),
    });
  });

  it('refuses without annotations, and when the base is newer than the time', async () => {
    expect(await planUntil(join(FIXTURES, 'resp', 'small.aof'), { kind: 'time', ts: 1 })).toMatchObject({
      action: 'refused',
      reason: expect.stringContaining('no #TS annotations'),
    });
    expect(await planUntil(join(FIXTURES, 'multipart', 'timestamps'), { kind: 'time', ts: 1 })).toMatchObject({
      action: 'refused',
      reason: expect.stringContaining('base'),
    });
  });
});

describe('applyUntil on a multi-part AOF', () => {
  it('cuts the incr file, drops the later ones from the manifest and renames them aside', async () => {
    const root = join(dir, 'mp');
    cpSync(join(FIXTURES, 'multipart', 'timestamps'), root, { recursive: true });
    const aofDir = join(root, 'appendonlydir');
    // A second incr file after the first.
    writeFileSync(
      join(aofDir, 'appendonly.aof.3.incr.aof'),
      new AofBuilder().annotation('TS:1795313700').command('SELECT', '0').command('SET', 'late', '1').build(),
    );
    writeFileSync(
      join(aofDir, 'appendonly.aof.manifest'),
      readFileSync(join(aofDir, 'appendonly.aof.manifest'), 'latin1') + 'file appendonly.aof.3.incr.aof seq 3 type i\n',
    );
    const plan = await planUntil(root, { kind: 'time', ts: 1795313643 });
    if (plan.action !== 'cut') throw new Error(plan.reason);
    expect(plan.dropFiles.map((f) => f.name)).toEqual(['appendonly.aof.3.incr.aof']);
    const out = await applyUntil(plan, { now: new Date(Date.UTC(2026, 11, 5)) });
    expect(readFileSync(join(aofDir, 'appendonly.aof.manifest'), 'latin1')).not.toContain('seq 3');
    expect(existsSync(join(aofDir, 'appendonly.aof.3.incr.aof'))).toBe(false);
    expect(readdirSync(aofDir)).toContain('appendonly.aof.3.incr.aof.until-20261205T000000Z.dropped');
    expect(out.cut.to).toBe(760);
    expect((await checkAof(root)).valid).toBe(true);
  });
});
