// Proves a per-server fixture set against its own server: with REDIS_BIN_DIR at a build whose set is in fixtures/servers/, the live server and check tool agree with the sidecars.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REDIS, loadAof, runCheckAof } from './redis-server.js';

const SERVERS = join(import.meta.dirname, '..', 'fixtures', 'servers');
/** The set made by the server in use: redis-<version>, or redis-unstable for a 255.255.255 build. */
const setName = REDIS ? `redis-${REDIS.version === '255.255.255' ? 'unstable' : REDIS.version}` : '';
const SET = join(SERVERS, setName);
const present = !!REDIS && existsSync(join(SET, 'server.json'));
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

if (!present)
  console.warn(`servers consistency skipped: no fixtures/servers/${setName || '<none>'} for this redis-server (set REDIS_BIN_DIR to a build with a set)`);

describe.skipIf(!present)(`fixtures/servers/${setName} match its live server`, () => {
  const resp = present ? readdirSync(join(SET, 'resp')).filter((n) => n.endsWith('.aof')) : [];

  it.each(resp)('resp/%s loads with the recorded dbsize and checks as recorded', async (name) => {
    const path = join(SET, 'resp', name);
    const expected = readJson(`${path}.verdict.json`);
    const result = await loadAof(path);
    expect(result.loaded).toBe(expected.server.loads);
    expect(result.dbsize).toEqual(expected.server.dbsize);
    const check = runCheckAof(path);
    expect(check.exit).toBe(expected.checkAof.exit);
    expect(check.okUpTo).toBe(expected.checkAof.okUpTo);
  });

  it.each(['multipart/rdb-base', 'multipart/fresh-no-writes', 'upgrade/migrated', 'spoiled/multipart/last-incr-cut'])(
    '%s loads (strictly and with aof-load-truncated) as recorded',
    async (rel) => {
      const path = join(SET, rel);
      const expected = readJson(`${path}.verdict.json`);
      const strict = await loadAof(path);
      expect(strict.loaded).toBe(expected.server.loads);
      expect(strict.dbsize).toEqual(expected.server.dbsize);
      const lenient = await loadAof(path, { truncated: true });
      expect(lenient.loaded).toBe(expected.server.truncatedLoads);
      expect(runCheckAof(path).exit).toBe(expected.checkAof.exit);
    },
  );
});
