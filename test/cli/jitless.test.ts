// Compiled aof without WebAssembly (node --jitless): the reader's state machine frames every command, with the same verdict.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flip, setsWithTransactions } from '../helpers/aof-builder.js';
import { tempDir, writeFiles } from '../helpers/tmp.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'aof.js');
const dir = tempDir();
const b = setsWithTransactions(3000, 500);
const bytes = b.build();
writeFiles(dir, { 'whole.aof': bytes, 'damaged.aof': flip(bytes, b.boundaries[2500]! + 9, 0x3f) });

function check(flags: string[], name: string): unknown {
  const r = spawnSync(process.execPath, [...flags, BIN, 'check', '--json', join(dir, name)], { encoding: 'utf8' });
  return { status: r.status, report: JSON.parse(r.stdout) as unknown };
}

describe('aof without WebAssembly', () => {
  it.each(['whole.aof', 'damaged.aof'])('checks %s as it does with it', (name) => {
    const jitless = check(['--jitless'], name);
    expect(jitless).toEqual(check([], name));
    expect(jitless).toMatchObject({ status: name === 'whole.aof' ? 0 : 1 });
  });
});
