// salvage's proof: a log the server wrote, damaged in three places in the middle (a flipped byte, a zeroed
// 4 KiB block, inserted garbage), salvaged; the server loading the output holds exactly what a server holds
// after running the log's commands minus those the damage touched (and the transactions they were in).

import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { salvageAof } from '../src/ops/salvage/salvage.js';
import { RespReader } from '../src/resp/index.js';
import { REDIS_MISSING, dumpDataset, startRedis } from './redis-server.js';
import { random, workload } from './workload.js';

const work = mkdtempSync(join(tmpdir(), 'aof-salvage-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Frame {
  start: number;
  end: number;
  args: Buffer[];
}

function frames(bytes: Buffer): Frame[] {
  const out: Frame[] = [];
  const r = new RespReader({ command: (f) => out.push({ start: f.start, end: f.end, args: f.args.map((a) => Buffer.from(a)) }), problem: () => undefined });
  r.feed(bytes);
  r.end();
  return out;
}

const name = (f: Frame) => f.args[0]!.toString('latin1').toLowerCase();

/** The frames a damage of [from, to) touches, grown to whole transactions. */
function lostFrames(all: Frame[], spans: Array<[number, number]>): Set<number> {
  const lost = new Set<number>();
  all.forEach((f, i) => {
    if (spans.some(([a, b]) => f.start < b && a < f.end)) lost.add(i);
  });
  let open: number | null = null;
  const groups: Array<[number, number]> = [];
  all.forEach((f, i) => {
    if (name(f) === 'multi') open = i;
    else if (name(f) === 'exec' && open !== null) {
      groups.push([open, i]);
      open = null;
    }
  });
  for (const [a, b] of groups) {
    let hit = false;
    for (let i = a; i <= b; i++) if (lost.has(i)) hit = true;
    if (hit) for (let i = a; i <= b; i++) lost.add(i);
  }
  return lost;
}

if (REDIS_MISSING) console.warn(`live suite skipped: ${REDIS_MISSING}`);

describe.skipIf(!!REDIS_MISSING)('salvage against redis-server', () => {
  it.each([11, 12, 13])('seed %i: three damaged spans; the output loads into the dataset of the commands outside them', async (seed) => {
    // 1. A log written by the server itself.
    const writer = await startRedis({}, { appendonly: 'yes', 'aof-use-rdb-preamble': 'no', appendfsync: 'always' });
    const c = await writer.client();
    await workload(c, random(seed), 3000);
    c.close();
    const dir = join(writer.dir, 'appendonlydir');
    const incr = readdirSync(dir).find((f) => f.endsWith('.incr.aof'))!;
    const log = readFileSync(join(dir, incr));
    await writer.stop();
    const all = frames(log);

    // 2. Three damages in the middle, each inside a command: a flipped count, zeros, garbage.
    const inside = (fraction: number) => {
      const f = all[Math.floor(all.length * fraction)]!;
      return f.start + Math.floor((f.end - f.start) / 2);
    };
    // The flip hits a count digit: a flip inside a value's bytes is silent corruption, which nothing can see.
    const p1 = all[Math.floor(all.length * 0.25)]!.start + 1;
    const [p2, p3] = [inside(0.5), inside(0.75)];
    const damaged = Buffer.from(log);
    damaged[p1] = damaged[p1]! ^ 0x5a;
    damaged.fill(0, p2, p2 + 4096);
    const garbage = Buffer.from('\x00\xffgarbage*9\r\n$1\r\n', 'latin1');
    const input = join(work, `damaged-${seed}.aof`);
    writeFileSync(input, Buffer.concat([damaged.subarray(0, p3), garbage, damaged.subarray(p3)]));
    const lost = lostFrames(all, [
      [p1, p1 + 1],
      [p2, p2 + 4096],
      [p3, p3 + 1],
    ]);

    // 3. Salvage, and load the output.
    const out = join(work, `salvaged-${seed}.aof`);
    const report = await salvageAof(input, out, { format: 'resp' });
    expect(report.written).toBe(true);
    expect(report.skipped.filter((s) => s.kind === 'damaged').length).toBeGreaterThanOrEqual(3);
    const salvaged = await startRedis({ aof: out }, { 'aof-load-truncated': 'no' });
    expect(salvaged.loaded, salvaged.log()).toBe(true);
    const sc = await salvaged.client();
    const got = await dumpDataset(sc);
    sc.close();
    await salvaged.stop();

    // 4. A server that ran the log's commands minus the lost ones.
    const expected = await startRedis({}, {});
    const ec = await expected.client();
    for (const [i, f] of all.entries()) if (!lost.has(i)) await ec.call(...(f.args as [Buffer, ...Buffer[]]));
    const want = await dumpDataset(ec);
    ec.close();
    await expected.stop();
    expect(got).toEqual(want);
    expect(report.keptCommands).toBe(all.length - lost.size);
  });
});
