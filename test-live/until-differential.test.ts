// Point-in-time recovery's proof: a multi-part AOF with timestamps and several incr files, written by the server;
// after `aof fix --until T` the server loads exactly the dataset fingerprinted at T while the log was written.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RespReader } from '../src/resp/index.js';
import { REDIS_MISSING, dumpDataset, startRedis, type RespClient } from './redis-server.js';
import { random, workload } from './workload.js';

const BIN = join(import.meta.dirname, '..', 'bin', 'aof.js');
const work = mkdtempSync(join(tmpdir(), 'aof-until-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Waits until the wall clock enters the next second, and returns the second that just ended. */
async function nextSecond(): Promise<number> {
  const now = Date.now();
  await sleep(1000 - (now % 1000) + 20);
  return Math.floor(now / 1000);
}

/** Splits an incr file into several at SELECT frames outside transactions (each new file starts in db 0, as a SELECT re-establishes). */
function splitIncr(dir: string, incr: string, parts: number): string[] {
  const bytes = readFileSync(join(dir, incr));
  const cuts: number[] = [];
  let open = false;
  const r = new RespReader({
    command(f) {
      const name = f.args[0]!.toString('latin1').toLowerCase();
      if (name === 'multi') open = true;
      if (name === 'exec') open = false;
      if (name === 'select' && !open) cuts.push(f.start);
    },
    problem: () => undefined,
  });
  r.feed(bytes);
  r.end();
  const chosen = [0, ...Array.from({ length: parts - 1 }, (_, i) => cuts[Math.floor(((i + 1) * cuts.length) / parts)]!), bytes.length];
  const m = /^(.*)\.(\d+)\.incr\.aof$/.exec(incr)!;
  const names: string[] = [];
  for (let i = 0; i < parts; i++) {
    const name = `${m[1]}.${Number(m[2]) + i}.incr.aof`;
    writeFileSync(join(dir, name), bytes.subarray(chosen[i]!, chosen[i + 1]!));
    names.push(name);
  }
  return names;
}

if (REDIS_MISSING) console.warn(`live suite skipped: ${REDIS_MISSING}`);

describe.skipIf(!!REDIS_MISSING)('fix --until against redis-server', () => {
  it('loads exactly the dataset recorded at T, across three incr files', async () => {
    const server = await startRedis({}, { appendonly: 'yes', 'aof-timestamp-enabled': 'yes', 'aof-use-rdb-preamble': 'yes', appendfsync: 'always' });
    const c: RespClient = await server.client();
    await workload(c, random(31), 300);
    await c.call('BGREWRITEAOF');
    for (let i = 0; i < 100 && String(await c.call('INFO', 'persistence')).includes('aof_rewrite_in_progress:1'); i++) await sleep(50);
    await workload(c, random(32), 300);
    await nextSecond();
    await workload(c, random(33), 300);
    // Everything so far carries #TS ≤ T; the fingerprint is the dataset at T.
    const t = await nextSecond();
    await c.call('SELECT', 0);
    const atT = await dumpDataset(c);
    await workload(c, random(34), 300);
    await nextSecond();
    await workload(c, random(35), 300);
    c.close();
    await server.stop({ keepDir: true });

    // Several incr files, as a server whose rewrites failed leaves them: the incr file split at SELECTs.
    const dir = join(server.dir, 'appendonlydir');
    const manifestName = readdirSync(dir).find((f) => f.endsWith('.manifest'))!;
    const incr = readdirSync(dir).find((f) => f.endsWith('.incr.aof'))!;
    const names = splitIncr(dir, incr, 3);
    const manifest = readFileSync(join(dir, manifestName), 'latin1')
      .split('\n')
      .filter((l) => l && !l.includes(' type i'))
      .join('\n');
    writeFileSync(join(dir, manifestName), `${manifest}\n${names.map((n) => `file ${n} seq ${/\.(\d+)\.incr/.exec(n)![1]} type i`).join('\n')}\n`);

    const r = spawnSync(process.execPath, [BIN, 'fix', dir, '--until', `@${t}`, '--yes'], { encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Dropped .*\.incr\.aof: kept as .*\.dropped/);
    const after = await startRedis({ aofDir: server.dir }, { 'aof-load-truncated': 'no' });
    expect(after.loaded, after.log()).toBe(true);
    const ac = await after.client();
    expect(await dumpDataset(ac)).toEqual(atT);
    ac.close();
    await after.stop();
    rmSync(server.dir, { recursive: true, force: true });
  });
});
