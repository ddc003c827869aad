// `node bin/aof.js`, as the README starts it: exit status, output streams and signals are aof's own.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
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

  it.skipIf(!existsSync('/dev/full'))('exits 74 with a message, not a crash, when its output goes to a full disk', () => {
    const full = openSync('/dev/full', 'w');
    try {
      for (const args of [
        ['cat', join(dir, 'big.aof')],
        ['inspect', join(dir, 'big.aof'), '--json'],
        // Printed by yargs, which would exit at once, before the failed write is known.
        ['--help'],
        ['--version'],
      ]) {
        const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', stdio: ['ignore', full, 'pipe'] });
        expect(r.status).toBe(74);
        expect(r.stderr).toMatch(/^aof: cannot write to standard output: ENOSPC .*Free some space/);
        expect(r.stderr).not.toMatch(/node:|\bat /);
      }
    } finally {
      closeSync(full);
    }
  });

  it("runs from the bundle with yargs's translations beside it, as an unbundled yargs finds them", () => {
    const help = (locale: string) => spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8', env: { ...process.env, LC_ALL: locale } }).stdout;
    expect(help('fr_FR.UTF-8')).toMatch(/^Options :$/m);
    expect(help('C.UTF-8')).toMatch(/^Options:$/m);
  });

  it('builds no Intl.Segmenter and loads no emoji patterns until help needs them (about 40 ms of every run)', () => {
    const counting = [
      'const Made = Intl.Segmenter; let made = 0;',
      'Intl.Segmenter = class extends Made { constructor(...a) { super(...a); made++; } };',
      "process.on('exit', () => process.stderr.write(`segmenters ${made}\\n`));",
    ].join(' ');
    // COLUMNS: every line is measured as on a terminal; wide enough that none wraps whatever the checkout's path
    // (wrapping loads wrap-ansi, and its own string-width, when a line needs it).
    const run = (args: string[]) =>
      spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(counting)}`, BIN, ...args], {
        encoding: 'utf8',
        env: { ...process.env, COLUMNS: '400' },
      });
    const check = run(['check', join(import.meta.dirname, '..', '..', 'fixtures', 'resp', 'all-types-incr.aof')]);
    expect(check.stdout).toMatch(/✔/);
    expect(check.stderr).toMatch(/^segmenters 0$/m);
    const help = run(['--help']);
    expect(help.stdout).toMatch(/^ {2}aof check <paths\.\.> +Check /m);
    expect(help.stderr).toMatch(/^segmenters [1-9]/m);
    // What the CLI imports before it runs a command: string-width (its RGI_Emoji pattern) is not among it.
    const bundle = join(import.meta.dirname, '..', '..', 'dist', 'bundle');
    const seen = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(join(bundle, file), 'utf8');
      expect(text, file).not.toMatch(/RGI_Emoji/);
      for (const [, dep] of text.matchAll(/^import .*from "\.\/([^"]+)";$/gm)) visit(dep!);
    };
    visit('main.js');
    expect(seen.size).toBeGreaterThan(5);
  });

  it('rewrites on two threads with --threads 2 (the same bytes as --threads 1), and refuses another count', () => {
    const run = (threads: string, out: string) =>
      spawnSync(process.execPath, [BIN, 'rewrite', join(dir, 'big.aof'), join(dir, out), '--threads', threads], { encoding: 'utf8' });
    const two = run('2', 'two.aof');
    expect(two.status).toBe(0);
    expect(two.stdout).toMatch(/replayed on 2 threads/);
    const one = run('1', 'one.aof');
    expect(one.stdout).not.toMatch(/replayed on/);
    expect(readFileSync(join(dir, 'two.aof')).equals(readFileSync(join(dir, 'one.aof')))).toBe(true);
    const three = run('3', 'three.aof');
    expect(three.status).toBe(2);
    expect(three.stderr).toMatch(/--threads takes 1 or 2, not 3/);
  });

  it("never detaches an ArrayBuffer, whose first detach would make V8 drop every optimized typed-array function: not inspect's key table past its limit, not the scanner after an RDB", () => {
    // 50,000 keys against an exact limit of 1,000: the tally turns into a sketch and gives its table back.
    const traced = (args: string[]) => spawnSync(process.execPath, ['--trace-protector-invalidation', BIN, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const rdbBased = join(import.meta.dirname, '..', '..', 'fixtures', 'multipart', 'rdb-base', 'appendonlydir');
    for (const args of [
      ['inspect', join(dir, 'big.aof'), '--exact-keys', '1000', '--json'],
      ['check', rdbBased],
      ['rewrite', rdbBased, join(dir, 'from-rdb.aof'), '--force'],
    ]) {
      const r = traced(args);
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expect(r.stdout + r.stderr, args.join(' ')).not.toMatch(/Invalidating protector cell ArrayBufferDetaching/);
    }
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

  // A file of 64 MiB or more is split; its second thread is started before the CLI loads (start-ahead.ts).
  it.skipIf(availableParallelism() < 2)('checks a large file with a thread started ahead: the verdict of one pass', () => {
    const block = new AofBuilder();
    for (let i = 0; i < 10_000; i++) block.command('SET', `key:${i}`, 'v'.repeat(90));
    const bytes = block.build();
    const copies = Math.ceil((70 << 20) / bytes.length);
    writeFileSync(join(dir, 'large.aof'), Buffer.concat(new Array<Buffer>(copies).fill(bytes)));
    const r = spawnSync(process.execPath, [BIN, 'check', join(dir, 'large.aof'), '--json'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { valid: boolean; files: { commands: number }[] };
    expect(report.valid).toBe(true);
    expect(report.files[0]?.commands).toBe(copies * 10_000);
  });

  it('exits as soon as it is done when the thread started ahead is not used', () => {
    // 64 MiB of zeros: not an AOF, said from its first bytes; the thread waits for a job that never comes.
    writeFileSync(join(dir, 'zeros.aof'), Buffer.alloc(0));
    truncateSync(join(dir, 'zeros.aof'), 64 << 20);
    const r = spawnSync(process.execPath, [BIN, 'check', join(dir, 'zeros.aof')], { encoding: 'utf8', timeout: 20_000 });
    expect(r.signal).toBeNull();
    expect(r.status).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/zeros\.aof/);
  });
});
