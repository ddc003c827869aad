// `node bin/aof.js`, as the README starts it: exit status, output streams and signals are aof's own.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AofBuilder } from '../helpers/aof-builder.js';
import { tempDir, writeFiles } from '../helpers/tmp.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'aof.js');
const dir = tempDir();
const big = new AofBuilder();
for (let i = 0; i < 50_000; i++) big.command('SET', `key:${i}`, 'x'.repeat(100));
writeFiles(dir, { 'big.aof': big.build() });

describe('node bin/aof.js', () => {
  it("exits with aof's status and writes both output streams", () => {
    const r = spawnSync(process.execPath, [BIN, 'rewrite', join(dir, 'missing.aof'), join(dir, 'out.aof')], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/missing\.aof/);
    const v = spawnSync(process.execPath, [BIN, '--version'], { encoding: 'utf8' });
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('stops cleanly with 143 on a SIGTERM', async () => {
    // cat's output goes to a pipe nobody reads: aof blocks mid-file until the signal comes.
    const child = spawn(process.execPath, [BIN, 'cat', join(dir, 'big.aof')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(stderr).toMatch(/interrupted by SIGTERM/);
    expect(code).toBe(143);
  });
});
