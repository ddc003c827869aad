// salvageAof: keeps what is sound before and after each damaged span, whole transactions only, databases right.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAof } from '../../src/ops/check.js';
import { salvageAof } from '../../src/ops/salvage/salvage.js';
import { RespReader } from '../../src/resp/index.js';
import { AofBuilder } from '../helpers/aof-builder.js';
import { tempDir } from '../helpers/tmp.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures');
const dir = tempDir();
let n = 0;
const fresh = (bytes: Buffer) => {
  const path = join(dir, `in${n++}.aof`);
  writeFileSync(path, bytes);
  return path;
};

/** The commands of a RESP file as text lines (`SET k v`), SELECTs included. */
function commandsOf(bytes: Buffer): string[] {
  const out: string[] = [];
  const r = new RespReader({
    command: (f) => out.push(f.args.map((a) => a.toString('latin1')).join(' ')),
    problem: (p) => {
      if (p.severity === 'error') throw new Error(p.message);
    },
  });
  r.feed(bytes);
  r.end();
  return out;
}

describe('salvageAof', () => {
  it('keeps every command outside three damaged spans (flipped header, zeroed block, inserted garbage)', async () => {
    const b = new AofBuilder();
    for (let i = 0; i < 300; i++) b.command('SET', `k${i}`, `v${i}`);
    const clean = b.build();
    const starts = b.boundaries;
    const damaged = Buffer.from(clean);
    damaged[starts[40]! + 1] = 0x78; // *3 → *x
    damaged.fill(0, starts[120]! + 3, starts[150]!); // zeros from inside command 120 to command 150
    const withGarbage = Buffer.concat([damaged.subarray(0, starts[250]! + 5), Buffer.from('\x00garbage*\r\n'), damaged.subarray(starts[250]! + 5)]);
    const out = join(dir, 'three.aof');
    const r = await salvageAof(fresh(withGarbage), out, { format: 'resp' });
    expect(r.written).toBe(true);
    const lost = new Set([40, ...Array.from({ length: 30 }, (_, i) => 120 + i), 250]);
    const expected = Array.from({ length: 300 }, (_, i) => i)
      .filter((i) => !lost.has(i))
      .map((i) => `SET k${i} v${i}`);
    expect(commandsOf(readFileSync(out)).filter((c) => !c.startsWith('SELECT'))).toEqual(expected);
    expect(r.skipped.filter((s) => s.kind === 'damaged')).toHaveLength(3);
    expect(r.keptCommands).toBe(300 - lost.size);
    expect((await checkAof(out)).valid).toBe(true);
  });

  it('drops a transaction the damage cut into, whole, and says so', async () => {
    const b = new AofBuilder()
      .command('SET', 'a', '1')
      .command('MULTI')
      .command('SET', 'b', '2')
      .command('SET', 'c', '3')
      .command('EXEC')
      .command('SET', 'd', '4')
      .command('SET', 'e', '5');
    const bytes = b.build();
    const damaged = Buffer.from(bytes);
    damaged[b.boundaries[3]! + 1] = 0x21; // SET c: *3 → *!
    const out = join(dir, 'tx.aof');
    const r = await salvageAof(fresh(damaged), out, { format: 'resp' });
    expect(commandsOf(readFileSync(out))).toEqual(['SET a 1', 'SET d 4', 'SET e 5']);
    expect(
      r.skipped
        .filter((s) => s.kind === 'transaction')
        .map((s) => s.commands)
        .sort(),
    ).toEqual([1, 2]);
  });

  it('keeps commands after damage in the database before it, and reports the assumption', async () => {
    const b = new AofBuilder().command('SELECT', '3').command('SET', 'a', '1').command('SET', 'lost', 'x').command('SET', 'b', '2').command('SET', 'c', '3');
    const damaged = Buffer.from(b.build());
    damaged[b.boundaries[2]!] = 0x00;
    const out = join(dir, 'db.aof');
    const r = await salvageAof(fresh(damaged), out, { format: 'resp' });
    expect(commandsOf(readFileSync(out))).toEqual(['SELECT 3', 'SET a 1', 'SET b 2', 'SET c 3']);
    expect(r.assumedDatabases).toEqual([{ file: expect.any(String), offset: b.boundaries[3], db: 3 }]);
  });

  it('copies a sound RDB preamble byte for byte, and salvages the RESP tail after it', async () => {
    const input = readFileSync(join(FIXTURES, 'preamble', 'all-types.aof'));
    const rdbEnd = (await checkAof(join(FIXTURES, 'preamble', 'all-types.aof'))).files[0]!.rdbEnd!;
    const tail = new AofBuilder().command('SET', 'x', '1').command('SET', 'y', '2').command('SET', 'z', '3').build();
    const damaged = Buffer.concat([input.subarray(0, rdbEnd), Buffer.from('junk'), tail]);
    const out = join(dir, 'pre.aof');
    const r = await salvageAof(fresh(damaged), out, { format: 'resp' });
    const written = readFileSync(out);
    expect(written.subarray(0, rdbEnd)).toEqual(input.subarray(0, rdbEnd));
    expect(r.keptCommands).toBe(3);
    expect((await checkAof(out)).valid).toBe(true);
  });

  it('rebuilds the keys read before damage in an RDB section as commands, and writes a multi-part dir', async () => {
    const input = readFileSync(join(FIXTURES, 'preamble', 'all-types.aof'));
    const rdbEnd = (await checkAof(join(FIXTURES, 'preamble', 'all-types.aof'))).files[0]!.rdbEnd!;
    const damaged = Buffer.from(input);
    damaged.fill(0xee, Math.floor(rdbEnd * 0.7), Math.floor(rdbEnd * 0.7) + 40);
    const out = join(dir, 'rdb-damaged');
    const r = await salvageAof(fresh(damaged), out, { format: 'multi-part' });
    expect(r.written).toBe(true);
    expect(r.keptRdbKeys).toBeGreaterThan(10);
    expect(r.skipped.some((s) => s.kind === 'rdb')).toBe(true);
    expect((await checkAof(out)).valid).toBe(true);
  });

  it('writes nothing when nothing reads as a command', async () => {
    const out = join(dir, 'none.aof');
    const r = await salvageAof(fresh(Buffer.alloc(5000, 0x41)), out, { format: 'resp' });
    expect(r).toMatchObject({ written: false, files: [] });
    expect(() => readFileSync(out)).toThrow();
  });
});
