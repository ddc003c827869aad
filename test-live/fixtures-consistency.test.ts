// Proves the live helper against the committed fixtures: a real redis-server/redis-check-aof agree with the sidecars.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REDIS_MISSING, dumpDataset, loadAof, runCheckAof, startRedis, type DatasetDump } from './redis-server.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
const respFixtures = readdirSync(join(FIXTURES, 'resp')).filter((n) => n.endsWith('.aof'));

if (REDIS_MISSING) console.warn(`live suite skipped: ${REDIS_MISSING}`);

describe.skipIf(!!REDIS_MISSING)('committed fixtures match a live Redis', () => {
  it.each(respFixtures)('resp/%s loads with the recorded dbsize and checks as recorded', async (name) => {
    const path = join(FIXTURES, 'resp', name);
    const expected = readJson(`${path}.expect.json`);
    const result = await loadAof(path);
    expect(result.loaded).toBe(expected.server.loads);
    expect(result.dbsize).toEqual(expected.server.dbsize);
    const check = runCheckAof(path);
    expect(check.exit).toBe(expected.checkAof.exit);
    expect(check.okUpTo).toBe(expected.checkAof.okUpTo);
    expect(check.okUpToLine).toBe(expected.checkAof.okUpToLine);
  });

  it('a cut file is refused strictly and truncated to ok_up_to with aof-load-truncated yes', async () => {
    const path = join(FIXTURES, 'spoiled/resp/cut-payload.aof');
    const expected = readJson(`${path}.expect.json`);
    const strict = await loadAof(path);
    expect(strict.loaded).toBe(false);
    expect(strict.log).toContain('Unexpected end of file reading the append only file');
    const lenient = await loadAof(path, { truncated: true });
    expect(lenient.loaded).toBe(true);
    expect(lenient.sizesAfter['appendonly.aof']).toBe(expected.checkAof.okUpTo);
    expect(lenient.dbsize).toEqual(expected.server.truncatedDbsize);
  });

  it('a multi-part fixture loads and checks through its manifest', async () => {
    const path = join(FIXTURES, 'multipart/rdb-base');
    const expected = readJson(`${path}.expect.json`);
    const result = await loadAof(path);
    expect(result.loaded).toBe(true);
    expect(result.dbsize).toEqual(expected.server.dbsize);
    expect(runCheckAof(path).exit).toBe(0);
  });

  it('an RDB fixture loads with the digests recorded in its key dump', async () => {
    const path = join(FIXTURES, 'rdb/all-encodings.rdb');
    const recorded = readJson(`${path}.keys.json`);
    const server = await startRedis({ rdb: path });
    try {
      expect(server.loaded).toBe(true);
      const c = await server.client();
      const dump = await dumpDataset(c);
      c.close();
      const digests = (keys: { db: number; key: string; digest: string }[]) => keys.map((k) => `${k.db}/${k.key}/${k.digest}`);
      expect(digests(dump.keys)).toEqual(digests(recorded.keys));
      expect(JSON.stringify(dump.functions)).toContain('fixturelib');
    } finally {
      await server.stop();
    }
  });

  it('the live incr file and its rewrite hold the same data (streams aside)', async () => {
    const dumps: DatasetDump[] = [];
    for (const name of ['all-types-incr.aof', 'all-types-rewritten.aof']) {
      const server = await startRedis({ aof: join(FIXTURES, 'resp', name) });
      try {
        expect(server.loaded).toBe(true);
        const c = await server.client();
        dumps.push(await dumpDataset(c));
        c.close();
      } finally {
        await server.stop();
      }
    }
    const plain = (d: DatasetDump) => d.keys.map((k) => (k.type === 'stream' ? `${k.db}/${k.key}/stream` : `${k.db}/${k.key}/${k.digest}/${k.pexpiretime}`));
    expect(plain(dumps[1]!)).toEqual(plain(dumps[0]!));
    expect(dumps[1]!.functions).toEqual(dumps[0]!.functions);
  });
});
