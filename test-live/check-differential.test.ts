// check and fix against the real thing: files a live redis-server just wrote, spoiled at random (seeded).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAof } from '../src/ops/check.js';
import { applyFix } from '../src/ops/fix.js';
import { REDIS, REDIS_MISSING, loadAof, startRedis } from './redis-server.js';
import { random, workload } from './workload.js';

const work = mkdtempSync(join(tmpdir(), 'aof-diff-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

type Spoil = { name: string; bytes: Buffer; cutOnly: boolean };

function spoils(source: Buffer, rnd: () => number, count: number, from = 0): Spoil[] {
  const out: Spoil[] = [];
  const at = () => from + Math.floor(rnd() * (source.length - from));
  for (let i = 0; i < count; i++) {
    const p = at();
    switch (i % 5) {
      case 0:
      case 1:
        out.push({ name: `cut@${p}`, bytes: source.subarray(0, p), cutOnly: true });
        break;
      case 2: {
        const b = Buffer.from(source);
        b[p] = Math.floor(rnd() * 256);
        out.push({ name: `flip@${p}`, bytes: b, cutOnly: false });
        break;
      }
      case 3:
        out.push({ name: `zeros@${p}`, bytes: Buffer.concat([source.subarray(0, p), Buffer.alloc(64)]), cutOnly: false });
        break;
      default:
        out.push({ name: `insert@${p}`, bytes: Buffer.concat([source.subarray(0, p), Buffer.from('garbage\r\n'), source.subarray(p)]), cutOnly: false });
    }
  }
  return out;
}

/** redis-check-aof --fix on a copy, answering "y"; returns the bytes it leaves. */
function checkAofFix(bytes: Buffer, name: string): Buffer {
  const dir = mkdtempSync(join(work, 'fix-'));
  writeFileSync(join(dir, name), bytes);
  spawnSync(REDIS!.checkAof.file, ['--fix', name], {
    cwd: dir,
    input: 'y\n',
    ...(REDIS!.checkAof.argv0 ? { argv0: REDIS!.checkAof.argv0 } : {}),
  });
  return readFileSync(join(dir, name));
}

async function ourFix(bytes: Buffer, name: string): Promise<Buffer> {
  const dir = mkdtempSync(join(work, 'ours-'));
  const path = join(dir, name);
  writeFileSync(path, bytes);
  const report = await checkAof(path);
  if (report.fix.action === 'truncate') await applyFix(report.fix, { backupDir: null });
  return readFileSync(path);
}

if (REDIS_MISSING) console.warn(`live suite skipped: ${REDIS_MISSING}`);

describe.skipIf(!!REDIS_MISSING)('check and fix agree with redis-server on spoiled live files', () => {
  let resp: Buffer;
  let preamble: Buffer;
  let rdbEnd = 0;

  beforeAll(async () => {
    const server = await startRedis({}, { appendonly: 'yes', 'aof-use-rdb-preamble': 'no', 'aof-timestamp-enabled': 'yes' });
    const c = await server.client();
    await workload(c, random(1), 400);
    // A second file kind: an RDB preamble (the base after a rewrite) followed by a RESP tail.
    await c.call('CONFIG', 'SET', 'aof-use-rdb-preamble', 'yes');
    await c.call('BGREWRITEAOF');
    for (let i = 0; i < 100; i++) {
      const info = String(await c.call('INFO', 'persistence'));
      if (info.includes('aof_rewrite_in_progress:0') && !info.includes('aof_rewrite_scheduled:1')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await workload(c, random(2), 150);
    c.close();
    await server.stop({ keepDir: true });
    const dir = join(server.dir, 'appendonlydir');
    const names = readdirSync(dir);
    const incrs = names.filter((n) => n.endsWith('.incr.aof')).sort();
    resp = readFileSync(join(dir, incrs[0]!));
    const base = readFileSync(
      join(
        dir,
        names.find((n) => n.endsWith('.base.rdb'))!,
      ),
    );
    rdbEnd = base.length;
    preamble = Buffer.concat([base, readFileSync(join(dir, incrs.at(-1)!))]);
    cpSync(dir, join(work, 'appendonlydir'), { recursive: true });
    rmSync(server.dir, { recursive: true, force: true });
  });

  it('calls the files the server wrote valid', async () => {
    writeFileSync(join(work, 'resp.aof'), resp);
    writeFileSync(join(work, 'preamble.aof'), preamble);
    expect((await checkAof(join(work, 'resp.aof'))).valid).toBe(true);
    expect((await checkAof(join(work, 'preamble.aof'))).valid).toBe(true);
    expect((await checkAof(join(work, 'appendonlydir'))).valid).toBe(true);
  });

  it("gives the server's verdict on 150 spoiled RESP files and 80 spoiled preamble files", async () => {
    const cases = [
      ...spoils(resp, random(3), 150).map((s) => ({ ...s, name: `resp ${s.name}` })),
      ...spoils(preamble, random(4), 50, rdbEnd - 40).map((s) => ({ ...s, name: `preamble ${s.name}` })),
      ...spoils(preamble, random(6), 30).map((s) => ({ ...s, name: `preamble anywhere ${s.name}` })),
    ];
    const disagreements: string[] = [];
    for (const s of cases) {
      const path = join(work, 'case.aof');
      writeFileSync(path, s.bytes);
      const ours = await checkAof(path);
      const server = await loadAof(path);
      if (ours.valid !== server.loaded) {
        const problem = ours.files[0]?.problems[0];
        disagreements.push(`${s.name}: aof valid=${ours.valid} (${problem?.code}), server loaded=${server.loaded}`);
      }
    }
    expect(disagreements).toEqual([]);
  });

  it('fixes cut files byte-identically to redis-check-aof --fix, and the server loads the result', async () => {
    const cuts = spoils(resp, random(5), 60).filter((s) => s.cutOnly);
    for (const s of cuts) {
      const ours = await ourFix(s.bytes, 'appendonly.aof');
      expect(ours.equals(checkAofFix(s.bytes, 'appendonly.aof')), s.name).toBe(true);
      const path = join(work, 'fixed.aof');
      writeFileSync(path, ours);
      expect((await loadAof(path)).loaded, s.name).toBe(true);
    }
  });
});
