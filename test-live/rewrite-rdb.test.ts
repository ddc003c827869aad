// rewrite's RDB outputs: --base rdb (an AOF whose base is an RDB) and --format rdb (a dump.rdb) load into the
// same dataset as the input, and redis-check-rdb accepts every RDB written.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rewriteAof, type RewriteOptions } from '../src/ops/rewrite/rewrite.js';
import { REDIS, REDIS_MISSING, type ServerFiles } from './redis-server.js';
import { loadAndDump } from './rich-workload.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const work = mkdtempSync(join(tmpdir(), 'aof-rewrite-rdb-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const inputs = ['resp', 'preamble', 'multipart', 'rdb'].flatMap((dir) =>
  readdirSync(join(FIXTURES, dir))
    .filter((n) => !n.endsWith('.json'))
    .map((n) => `${dir}/${n}`),
);

function filesFor(path: string): ServerFiles {
  if (statSync(path).isDirectory()) return { aofDir: path };
  return path.endsWith('.rdb') ? { rdb: path } : { aof: path };
}

function checkRdb(path: string): { status: number | null; out: string } {
  const r = spawnSync('redis-check-rdb', [path], { encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

if (REDIS_MISSING) console.warn(`live suite skipped: ${REDIS_MISSING}`);

describe.skipIf(!!REDIS_MISSING)('rewrite --base rdb and --format rdb', () => {
  it.each(inputs)('%s', async (name) => {
    const input = join(FIXTURES, name);
    const stem = name.replace(/\W+/g, '-');
    const before = await loadAndDump(filesFor(input));
    // RDB 10 (Redis 7.0) in every form: the server here loads each of them.
    const rewrite = async (out: string, shape: Pick<RewriteOptions, 'format' | 'base'>) =>
      (await rewriteAof(input, out, { ...shape, rdbVersion: 10, dropExpired: false, nowMs: Date.now(), replace: true, server: REDIS!.serverSpec })).failure;
    // A dump.rdb.
    const dump = join(work, `${stem}.rdb`);
    expect(await rewrite(dump, { format: 'rdb' })).toBeNull();
    const checked = checkRdb(dump);
    expect(checked.status, checked.out).toBe(0);
    expect((await loadAndDump({ rdb: dump })).dump).toEqual(before.dump);
    // An AOF file whose base is an RDB preamble, and an appendonlydir with a .base.rdb.
    const single = join(work, `${stem}.aof`);
    expect(await rewrite(single, { format: 'resp', base: 'rdb' })).toBeNull();
    expect((await loadAndDump({ aof: single })).dump).toEqual(before.dump);
    const dir = join(work, `${stem}-dir`, 'appendonlydir');
    expect(await rewrite(dir, { format: 'multi-part', base: 'rdb' })).toBeNull();
    expect(readdirSync(dir)).toContain('appendonly.aof.1.base.rdb');
    expect((await loadAndDump({ aofDir: join(work, `${stem}-dir`) })).dump).toEqual(before.dump);
  });
});
