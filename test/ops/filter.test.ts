// filterAof: cat's selection minus exclusions, as a loadable AOF; the RDB section copied when untouched.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAof } from '../../src/ops/check.js';
import { filterAof, FilterInputError } from '../../src/ops/filter.js';
import { RespReader } from '../../src/resp/index.js';
import { AofBuilder } from '../helpers/aof-builder.js';
import { tempDir } from '../helpers/tmp.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures');
const dir = tempDir();

function commandsOf(bytes: Buffer, from = 0): string[] {
  const out: string[] = [];
  const r = new RespReader({ command: (f) => out.push(f.args.map((a) => a.toString('latin1')).join(' ')), problem: () => undefined }, { offset: 0 });
  r.feed(bytes.subarray(from));
  r.end();
  return out;
}

describe('filterAof', () => {
  const log = new AofBuilder()
    .command('SELECT', '0')
    .command('SET', 'a', '1')
    .command('SET', 'tmp:1', 'x')
    .command('FLUSHALL')
    .command('MULTI')
    .command('SET', 'b', '2')
    .command('SET', 'tmp:2', 'y')
    .command('EXEC')
    .command('SELECT', '2')
    .command('SET', 'c', '3')
    .build();
  const input = join(dir, 'log.aof');
  writeFileSync(input, log);

  it('leaves out FLUSHALL, keeps the writes before and after it, databases and transactions right', async () => {
    const out = join(dir, 'undone.aof');
    const r = await filterAof(input, out, { format: 'resp', exclude: { commands: ['flushall'] } });
    expect(commandsOf(readFileSync(out))).toEqual(['SELECT 0', 'SET a 1', 'SET tmp:1 x', 'MULTI', 'SET b 2', 'SET tmp:2 y', 'EXEC', 'SELECT 2', 'SET c 3']);
    expect(r.excluded).toEqual({ command: 1, key: 0, db: 0 });
    expect(r.warnings[0]).toMatch(/FLUSHALL left out/);
    expect((await checkAof(out)).valid).toBe(true);
  });

  it('drops keys by pattern, keeping the rest of their transaction, and whole databases', async () => {
    const out = join(dir, 'nokeys.aof');
    const r = await filterAof(input, out, { format: 'resp', exclude: { keys: [Buffer.from('tmp:*')], dbs: [2] } });
    expect(commandsOf(readFileSync(out))).toEqual(['SELECT 0', 'SET a 1', 'FLUSHALL', 'MULTI', 'SET b 2', 'EXEC']);
    expect(r.excluded).toEqual({ command: 0, key: 2, db: 1 });
  });

  it('copies an RDB base byte for byte when it keeps all its keys, and rewrites it otherwise', async () => {
    const base = join(FIXTURES, 'preamble', 'all-types.aof');
    const rdbEnd = (await checkAof(base)).files[0]!.rdbEnd!;
    const copied = join(dir, 'copied');
    const a = await filterAof(base, copied, { format: 'multi-part', exclude: { commands: ['flushall'] } });
    expect(a.rdb).toBe('copied');
    expect(readFileSync(join(copied, 'appendonly.aof.1.base.rdb'))).toEqual(readFileSync(base).subarray(0, rdbEnd));
    expect((await checkAof(copied)).valid).toBe(true);
    const rewritten = join(dir, 'rewritten.aof');
    const b = await filterAof(base, rewritten, { format: 'resp', exclude: { keys: [Buffer.from('*')] } });
    expect(b.rdb).toBe('rewritten');
    expect((await checkAof(rewritten)).valid).toBe(true);
  });

  it('refuses a damaged input and points to salvage', async () => {
    const bad = join(dir, 'bad.aof');
    writeFileSync(bad, Buffer.concat([log.subarray(0, 23), Buffer.from('junk'), log.subarray(23)]));
    await expect(filterAof(bad, join(dir, 'never.aof'), { format: 'resp' })).rejects.toBeInstanceOf(FilterInputError);
  });
});
