// rewrite's proof: redis-server loading OUT holds exactly the dataset it holds loading IN.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rewriteAof } from '../src/ops/rewrite.js';
import { REDIS_MISSING, dumpDataset, startRedis, type DatasetDump, type ServerFiles } from './redis-server.js';
import { random, workload } from './workload.js';
import { AofBuilder } from '../test/helpers/aof-builder.js';
import { writeFileSync } from 'node:fs';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const work = mkdtempSync(join(tmpdir(), 'aof-rewrite-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function filesFor(path: string): ServerFiles {
  if (statSync(path).isDirectory()) return { aofDir: path };
  return path.endsWith('.rdb') ? { rdb: path } : { aof: path };
}

/** The dataset a server holds after loading files, and the size of its own RESP rewrite of it. */
async function loadAndDump(files: ServerFiles): Promise<{ dump: DatasetDump; ownRewriteBytes: number }> {
  const server = await startRedis(files, { 'aof-use-rdb-preamble': 'no', ...('rdb' in files ? {} : { appendonly: 'yes' }) });
  expect(server.loaded, server.log()).toBe(true);
  const c = await server.client();
  const dump = await dumpDataset(c);
  // Turning AOF on (RDB input) starts a rewrite by itself; otherwise ask for one.
  await c.call('CONFIG', 'SET', 'appendonly', 'yes');
  await c.send('BGREWRITEAOF');
  let ownRewriteBytes = 0;
  for (let i = 0; i < 200; i++) {
    const info = String(await c.call('INFO', 'persistence'));
    if (info.includes('aof_rewrite_in_progress:0') && !info.includes('aof_rewrite_scheduled:1') && info.includes('aof_rewrites:')) {
      const dir = join(server.dir, 'appendonlydir');
      const base = readdirSync(dir).filter((n) => n.includes('.base.')).sort().at(-1);
      if (base) {
        ownRewriteBytes = statSync(join(dir, base)).size;
        break;
      }
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  c.close();
  await server.stop();
  return { dump, ownRewriteBytes };
}

async function rewriteAndCompare(input: string, name: string, { sizeCheck = true } = {}): Promise<void> {
  const out = join(work, `${name.replace(/\W+/g, '-')}.aof`);
  const report = await rewriteAof(input, out, { format: 'resp', dropExpired: false, nowMs: Date.now() });
  expect(report.failure).toBeNull();
  const before = await loadAndDump(filesFor(input));
  const after = await loadAndDump({ aof: out });
  expect(after.dump).toEqual(before.dump);
  // Never larger than what redis-server's own BGREWRITEAOF (RESP base) writes for the same dataset.
  if (sizeCheck) expect(statSync(out).size).toBeLessThanOrEqual(before.ownRewriteBytes);
}

const unspoiled = ['resp', 'preamble', 'multipart', 'rdb'].flatMap((dir) =>
  readdirSync(join(FIXTURES, dir))
    .filter((n) => !n.endsWith('.json'))
    .map((n) => `${dir}/${n}`),
);

if (REDIS_MISSING) console.warn(`live suite skipped: ${REDIS_MISSING}`);

describe.skipIf(!!REDIS_MISSING)('rewrite reproduces the dataset', () => {
  it.each(unspoiled)('%s', async (name) => {
    await rewriteAndCompare(join(FIXTURES, name), name);
  });

  it.each([1, 2, 3])('a randomized workload (seed %i) through a live server', async (seed) => {
    const server = await startRedis({}, { appendonly: 'yes', 'aof-use-rdb-preamble': seed === 2 ? 'yes' : 'no' });
    const c = await server.client();
    await workload(c, random(100 + seed), 1500, true);
    if (seed === 2) {
      await c.call('BGREWRITEAOF');
      await new Promise((r) => setTimeout(r, 500));
      await workload(c, random(200 + seed), 500, true);
    }
    c.close();
    await server.stop({ keepDir: true });
    try {
      await rewriteAndCompare(server.dir, `workload-${seed}`);
    } finally {
      rmSync(server.dir, { recursive: true, force: true });
    }
  });

  it('a stream whose max-deleted ID lies above its last ID (XDEL of the top, then a lower XSETID)', async () => {
    const input = join(work, 'maxdel.aof');
    writeFileSync(
      input,
      new AofBuilder()
        .command('XADD', 's', '1-1', 'f', 'v')
        .command('XADD', 's', '2-1', 'f', 'v')
        .command('XDEL', 's', '2-1')
        .command('XSETID', 's', '1-1')
        .build(),
    );
    // Redis's own rewrite of this stream is smaller but fails to load back (XSETID refuses it): no size check.
    await rewriteAndCompare(input, 'maxdel', { sizeCheck: false });
  });

  it('writes a ready appendonlydir with --format multi-part', async () => {
    const out = join(work, 'multi', 'appendonlydir');
    const input = join(FIXTURES, 'multipart', 'rdb-base');
    const report = await rewriteAof(input, out, { format: 'multi-part', dropExpired: false, nowMs: Date.now() });
    expect(report.ok).toBe(true);
    const before = await loadAndDump({ aofDir: input });
    const after = await loadAndDump({ aofDir: join(work, 'multi') });
    expect(after.dump).toEqual(before.dump);
  });
});
