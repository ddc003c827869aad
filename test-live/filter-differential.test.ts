// filter's proof: writes, an accidental FLUSHALL, more writes, in a log the server wrote; `filter --drop-command
// flushall` loads into the dataset of every command but the FLUSHALL: the same directory with that one frame cut out.

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { filterAof } from '../src/ops/filter.js';
import { RespReader } from '../src/resp/index.js';
import { REDIS_MISSING, dumpDataset, startRedis } from './redis-server.js';
import { random, workload } from './workload.js';

const work = mkdtempSync(join(tmpdir(), 'aof-filter-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

if (REDIS_MISSING) console.warn(`live suite skipped: ${REDIS_MISSING}`);

describe.skipIf(!!REDIS_MISSING)('filter --drop-command flushall against redis-server', () => {
  it.each([['resp'], ['rdb']])('undoes a FLUSHALL in a multi-part AOF with a %s base', async (base) => {
    const writer = await startRedis({}, { appendonly: 'yes', 'aof-use-rdb-preamble': base === 'rdb' ? 'yes' : 'no', appendfsync: 'always' });
    const c = await writer.client();
    await workload(c, random(21), 800);
    await c.call('BGREWRITEAOF');
    for (let i = 0; i < 100 && String(await c.call('INFO', 'persistence')).includes('aof_rewrite_in_progress:1'); i++)
      await new Promise((r) => setTimeout(r, 50));
    await workload(c, random(22), 400);
    await c.call('FLUSHALL');
    await workload(c, random(23), 400);
    c.close();
    await writer.stop({ keepDir: true });
    const out = join(work, `out-${base}.aof`);
    const report = await filterAof(writer.dir, out, { format: 'resp', exclude: { commands: ['flushall'] } });
    expect(report.excluded.command).toBe(1);

    // Expected: every command of the AOF but the FLUSHALL, run by a server from an empty start.
    const loaded = await startRedis({ aof: out }, { 'aof-load-truncated': 'no' });
    expect(loaded.loaded, loaded.log()).toBe(true);
    const lc = await loaded.client();
    const got = await dumpDataset(lc);
    lc.close();
    await loaded.stop();

    // Expected: the same appendonlydir with the FLUSHALL frame spliced out of its incr file by hand.
    const dir = join(writer.dir, 'appendonlydir');
    const incr = readdirSync(dir).find((f) => f.endsWith('.incr.aof'))!;
    const bytes = readFileSync(join(dir, incr));
    let frame: { start: number; end: number } | null = null;
    const reader = new RespReader({
      command: (f) => {
        if (f.args[0]!.toString('latin1').toLowerCase() === 'flushall') frame = { start: f.start, end: f.end };
      },
      problem: () => undefined,
    });
    reader.feed(bytes);
    reader.end();
    const cut = frame as { start: number; end: number } | null;
    if (cut === null) throw new Error('no FLUSHALL in the incr file');
    writeFileSync(join(dir, incr), Buffer.concat([bytes.subarray(0, cut.start), bytes.subarray(cut.end)]));
    const expected = await startRedis({ aofDir: writer.dir }, { 'aof-load-truncated': 'no' });
    expect(expected.loaded, expected.log()).toBe(true);
    const ec = await expected.client();
    const want = await dumpDataset(ec);
    ec.close();
    await expected.stop();
    rmSync(writer.dir, { recursive: true, force: true });
    expect(got).toEqual(want);
  });
});
